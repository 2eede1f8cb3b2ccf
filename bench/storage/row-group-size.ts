// What DuckDB's row-group size does to the cost of loading and checkpointing the bench rows, and to
// the length of each checkpoint (during which DuckDB holds every load, hence the ack p99 and the load
// lag of bench/ingest). DuckDB's main database has 122,880-row groups; an attached database takes
// `ROW_GROUP_SIZE n` (the engine attaches with 30,720 and loads one whole row group per transaction
// while rows arrive fast). Loads of 30,720 rows, an explicit CHECKPOINT after each row group, one
// DuckDB thread, CPU of the process.
//
//   npx tsx bench/storage/row-group-size.ts [ROW_GROUP_SIZE ...]   (default: 122880 61440 30720)
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadStatement } from '../../src/storage/duckdb/load-sql.js';
import { DUCKDB_TYPE } from '../../src/storage/duckdb/types.js';
import { physicalColumns, standardColumnDefaults } from '../../src/workspace/standard-columns.js';
import type { TableInfo } from '../../src/storage/engine.js';
import { BENCH_COLUMNS, BENCH_TABLE, benchEvent, rng } from '../ingest/events.js';
const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [122_880, 61_440, 30_720];
const SEG = 30_720;
const ROWS = 491_520;
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const root = await mkdtemp(join(tmpdir(), 'vigil-bench-rgsize-'));
try {
const r = rng(7); const lines: string[] = [];
for (let i = 0; i < SEG; i++) lines.push(JSON.stringify(benchEvent(i, r)));
const file = join(root, 's.ndjson'); await writeFile(file, lines.join('\n') + '\n');
const columns = BENCH_COLUMNS.map((c) => ({ name: c.name, type: c.type }));
const table: TableInfo = { name: BENCH_TABLE, columns: physicalColumns({ columns }), options: { defaults: standardColumnDefaults({ name: BENCH_TABLE, columns }, { id: '2a4f8c1e-7d3b-4e59-9c61-0f5e3b2d1a77', subscriptionId: '00000000-0000-0000-0000-000000000000' }) } };
for (const RG of SIZES) {
const dbPath = join(root, `v${RG}.duckdb`);
const inst = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '128MB', checkpoint_threshold: '100GB' });
const c = await inst.connect();
await c.run(`ATTACH '${dbPath}' AS v (ROW_GROUP_SIZE ${RG})`);
await c.run('USE v');
await c.run(`CREATE TABLE main."${BENCH_TABLE}" (${table.columns.map((x) => `"${x.name}" ${DUCKDB_TYPE[x.type]}`).join(', ')})`);
const sql = loadStatement(table, file, { format: 'ndjson' }).replace('INSERT INTO main.', 'INSERT INTO v.main.');
let loadCpu = 0, ckCpu = 0, ckWallMax = 0, ckWall = 0, since = 0, n = 0;
for (let loaded = 0; loaded < ROWS; loaded += SEG) {
  const t = cpu(); await c.run(sql); loadCpu += cpu() - t; since += SEG;
  if (since >= RG) { const t2 = cpu(), w = performance.now(); await c.run('CHECKPOINT v'); const dw = performance.now() - w; ckCpu += cpu() - t2; ckWall += dw; ckWallMax = Math.max(ckWallMax, dw); since = 0; n++; }
}
const rg = await c.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('${BENCH_TABLE}')`);
c.closeSync(); inst.closeSync();
const mb = (await stat(dbPath)).size / ROWS * 1e6 / 1048576;
console.log(`ROW_GROUP_SIZE ${RG}: load ${(loadCpu * 1000 / ROWS).toFixed(2)} + checkpoints ${(ckCpu * 1000 / ROWS).toFixed(2)} = ${((loadCpu + ckCpu) * 1000 / ROWS).toFixed(2)} CPU µs/row; ${n} checkpoints of ${(ckWall / n).toFixed(0)} ms wall on average (max ${ckWallMax.toFixed(0)}); ${rg.getRows()[0]![0]} row groups; file ${mb.toFixed(1)} MB per 1 M rows`);
}
} finally {
  await rm(root, { recursive: true, force: true });
}
