// How the size of each load and DuckDB's checkpoint/optimistic-write settings change the bulk-load
// rate and the size on disk (the row-group trap of spec/performance-notes.md). Loads the same events
// as run.ts, `--rows` per configuration, in loads of each size, each load one transaction like the
// engine's loader (INSERT … SELECT FROM read_ndjson of one file).
//
//   npx tsx bench/storage/load-sizes.ts [--rows 600000] [--sizes 20000,61440,122880,131072,245760]
//                                       [--configs default,ckpt256,nooptimistic]
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadStatement } from '../../src/storage/duckdb/load-sql.js';
import { DUCKDB_TYPE } from '../../src/storage/duckdb/types.js';
import { EVENT_COLUMNS, SYSTEM_COLUMNS, TABLE_OPTIONS, makeBatches } from './events.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '600000' },
    sizes: { type: 'string', default: '20000,61440,122880,131072,245760' },
    configs: { type: 'string', default: 'default,ckpt256,nooptimistic' },
    rounds: { type: 'string', default: '1' },
  },
});
const ROWS = Number(args.rows);
const SIZES = String(args.sizes).split(',').map(Number);
const CONFIGS: Record<string, string[]> = {
  default: [],
  ckpt256: [`SET checkpoint_threshold = '256MB'`],
  nooptimistic: [`SET enable_optimistic_write = false`],
  noorder: [`SET preserve_insertion_order = false`],
  ckpt64: [`SET checkpoint_threshold = '64MB'`],
  ckpt128: [`SET checkpoint_threshold = '128MB'`],
  ckpt256noopt: [`SET checkpoint_threshold = '256MB'`, `SET enable_optimistic_write = false`],
  ckpt64noopt: [`SET checkpoint_threshold = '64MB'`, `SET enable_optimistic_write = false`],
  // The engine's defaults, and variations on them.
  vigil: [`SET checkpoint_threshold = '256MB'`, `SET memory_limit = '256MB'`],
  vigil1t: [`SET checkpoint_threshold = '256MB'`, `SET memory_limit = '256MB'`, `SET threads = 1`],
  v1t128: [`SET checkpoint_threshold = '128MB'`, `SET memory_limit = '256MB'`, `SET threads = 1`],
  v1t64: [`SET checkpoint_threshold = '64MB'`, `SET memory_limit = '256MB'`, `SET threads = 1`],
  v1t256m192: [`SET checkpoint_threshold = '256MB'`, `SET memory_limit = '192MB'`, `SET threads = 1`],
  vigilnoorder: [`SET checkpoint_threshold = '256MB'`, `SET memory_limit = '256MB'`, `SET preserve_insertion_order = false`],
};

const root = await mkdtemp(join(tmpdir(), 'vigil-bench-loadsizes-'));
try {
  // One pool of distinct lines, cut into files of each size.
  const lines: Buffer[] = [];
  for (const b of makeBatches(Math.ceil(Math.max(...SIZES) / 2050) + 1)) {
    let start = 0;
    for (let i = 0; i < b.data.length; i++) {
      if (b.data[i] === 0x0a) {
        lines.push(b.data.subarray(start, i + 1));
        start = i + 1;
      }
    }
  }
  const table = { name: 'BenchEvents_CL', columns: [...EVENT_COLUMNS, ...SYSTEM_COLUMNS], options: TABLE_OPTIONS };
  const ddl = `CREATE TABLE main."BenchEvents_CL" (${table.columns.map((c) => `"${c.name}" ${DUCKDB_TYPE[c.type]}`).join(', ')})`;
  // CPU time (all threads of this process) per row is robust to a busy machine; wall rates are not.
  console.log('config        load rows   loads   rows/s   CPU µs/row   MB per 1M rows   peak RSS MB');
  // Rounds interleave the configurations, so that a noisy neighbour hits them alike.
  for (let round = 0; round < Number(args.rounds); round++)
  for (const size of SIZES) {
    for (const config of String(args.configs).split(',')) {
      const file = join(root, `load-${size}.ndjson`);
      await writeFile(file, Buffer.concat(lines.slice(0, size)));
      const dbPath = join(root, `${config}-${size}.duckdb`);
      const inst = await DuckDBInstance.create(dbPath);
      const conn = await inst.connect();
      for (const s of CONFIGS[config]!) await conn.run(s);
      await conn.run(ddl);
      const loads = Math.ceil(ROWS / size);
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < loads; i++) {
        await conn.run('BEGIN TRANSACTION');
        await conn.run(loadStatement(table, file, { format: 'ndjson' }));
        await conn.run('COMMIT');
      }
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      clearInterval(sampler);
      await conn.run('CHECKPOINT');
      conn.closeSync();
      inst.closeSync();
      const bytes = (await stat(dbPath)).size + (await stat(`${dbPath}.wal`).then((s) => s.size, () => 0));
      const rows = loads * size;
      console.log(
        `${config.padEnd(13)} ${String(size).padStart(9)} ${String(loads).padStart(7)} ${Math.round(rows / (ms / 1000)).toLocaleString('en-US').padStart(8)}   ${((cpu.user + cpu.system) / rows).toFixed(2).padStart(10)}   ${((bytes / rows) * 1e6 / 1048576).toFixed(1).padStart(6)}   ${String(Math.round(peak / 1048576)).padStart(10)}`,
      );
      await rm(dbPath, { force: true });
      await rm(`${dbPath}.wal`, { force: true });
      await rm(file, { force: true });
    }
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
