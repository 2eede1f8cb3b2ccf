// Where the DuckDB load's CPU goes, split by step: the INSERT … SELECT FROM read_ndjson of each
// journal segment (JSON parsing, casts, load-time defaults, the WAL write), and the checkpoints that
// compress the rows into the database file. Same events and table as bench/ingest (the bench
// stream's 12 columns plus the standard columns a workspace table gets, with their load-time
// defaults), through the engine's own load statement. CPU time of the whole process per row is
// reported: robust to a busy machine, unlike wall time.
//
//   npx tsx bench/storage/load-costs.ts [--rows 491520] [--segment 40960] [--threads 1]
//        [--memory-limit 256MB] [--checkpoint-every 0|ROWS] [--set name=value ...]
//
// --checkpoint-every 0: DuckDB checkpoints by itself (checkpoint_threshold from --set, default
// 256MB as the engine); ROWS: automatic checkpoints off, an explicit CHECKPOINT after every ROWS rows.
// --align tail|split: automatic checkpoints off; the engine's checkpoints at row-group ends
// (--row-group rows), with segments of --segment rows that do not divide the row group:
//   tail   the engine before the split: CHECKPOINT after the segment that crosses a row-group end,
//          so each checkpoint lands that segment's tail past the end;
//   split  the engine now (src/storage/duckdb/row-group-split.ts): the crossing segment's rows up
//          to the end in one transaction (LIMIT, with a note row), CHECKPOINT, then the rest (OFFSET).
// --tail ROWS: with --align, segments end ROWS rows past each row-group end (like the engine's, which
// end with the call that crosses it) and between ends hold --segment rows at most.
// --format array: segment files as the journal writes them (a JSON array, read_json format 'array');
// ndjson (default, as the earlier figures).
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadStatement } from '../../src/storage/duckdb/load-sql.js';
import { DUCKDB_TYPE } from '../../src/storage/duckdb/types.js';
import { physicalColumns, standardColumnDefaults } from '../../src/workspace/standard-columns.js';
import type { TableInfo } from '../../src/storage/engine.js';
import { BENCH_COLUMNS, BENCH_TABLE, benchEvent, rng } from '../ingest/events.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '491520' },
    segment: { type: 'string', default: '40960' },
    threads: { type: 'string', default: '1' },
    'memory-limit': { type: 'string', default: '256MB' },
    'checkpoint-every': { type: 'string', default: '0' },
    set: { type: 'string', multiple: true },
    // What the standard _ItemId costs: as a workspace stores it (a uuid default in a string column),
    // as a guid column, or absent.
    'item-id': { type: 'string', default: 'string' },
    // Advance a loaded-through mark in each load's transaction, as the engine's loader does.
    mark: { type: 'boolean', default: false },
    align: { type: 'string', default: 'none' },
    'row-group': { type: 'string', default: '122880' },
    tail: { type: 'string', default: '0' },
    format: { type: 'string', default: 'ndjson' },
  },
});
const ALIGN = String(args.align);
if (!['none', 'tail', 'split'].includes(ALIGN)) throw new Error('--align is none, tail or split');
const ROW_GROUP = Number(args['row-group']);
const TAIL = Number(args.tail);
const FORMAT = args.format === 'array' ? 'array' : 'ndjson';
const segmentText = (rows: string[]): string => (FORMAT === 'array' ? `[${rows.join(',\n')}]` : rows.join('\n') + '\n');
const ROWS = Number(args.rows);
const SEGMENT = Number(args.segment);
const CHECKPOINT_EVERY = Number(args['checkpoint-every']);

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

const root = await mkdtemp(join(tmpdir(), 'vigil-bench-loadcosts-'));
try {
  const r = rng(7);
  const lines: string[] = [];
  for (let i = 0; i < SEGMENT; i++) lines.push(JSON.stringify(benchEvent(i, r)));
  const file = join(root, `segment.${FORMAT === 'array' ? 'json' : 'ndjson'}`);
  await writeFile(file, segmentText(lines));
  const columns = BENCH_COLUMNS.map((c) => ({ name: c.name, type: c.type }));
  const table: TableInfo = {
    name: BENCH_TABLE,
    columns: physicalColumns({ columns }),
    options: { defaults: standardColumnDefaults({ name: BENCH_TABLE, columns }, { id: '2a4f8c1e-7d3b-4e59-9c61-0f5e3b2d1a77', subscriptionId: '00000000-0000-0000-0000-000000000000' }) },
  };
  if (args['item-id'] === 'guid') table.columns = table.columns.map((c) => (c.name === '_ItemId' ? { ...c, type: 'guid' } : c));
  if (args['item-id'] === 'none') {
    table.columns = table.columns.filter((c) => c.name !== '_ItemId');
    delete table.options.defaults!['_ItemId'];
  }
  const dbPath = join(root, 'vigil.duckdb');
  const config: Record<string, string> = {
    threads: String(args.threads),
    memory_limit: String(args['memory-limit']),
    checkpoint_threshold: CHECKPOINT_EVERY > 0 || ALIGN !== 'none' ? '100GB' : '256MB',
  };
  for (const kv of args.set ?? []) config[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  const inst = await DuckDBInstance.create(dbPath, config);
  const conn = await inst.connect();
  await conn.run(`CREATE TABLE main."${BENCH_TABLE}" (${table.columns.map((c) => `"${c.name}" ${DUCKDB_TYPE[c.type]}`).join(', ')})`);
  const sql = loadStatement(table, file, { format: FORMAT });
  await conn.run(`CREATE TABLE mark AS SELECT 0::BIGINT AS loaded_through`);
  let loadCpu = 0;
  let checkpointCpu = 0;
  let loadWall = 0;
  let checkpointWall = 0;
  let sinceCheckpoint = 0;
  let peakRss = 0;
  // DuckDB's own accounting sampled from a second connection while loads and checkpoints run.
  const probe = await inst.connect();
  const peakByTag: Record<string, number> = {};
  let peakTotalMB = 0;
  let probing = false;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (probing) return;
    probing = true;
    void probe
      .runAndReadAll(`SELECT tag, memory_usage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0`)
      .then((r) => {
        let total = 0;
        for (const [tag, n] of r.getRows()) {
          peakByTag[String(tag)] = Math.max(peakByTag[String(tag)] ?? 0, Math.round(Number(n) / 1048576));
          total += Number(n);
        }
        peakTotalMB = Math.max(peakTotalMB, Math.round(total / 1048576));
      })
      .finally(() => (probing = false));
  }, 50);
  let maxInMemoryMB = 0;
  const checkpoint = async () => {
    // What DuckDB holds just before a checkpoint: the rows loaded since the last one, uncompressed.
    const held = (await conn.runAndReadAll(`SELECT sum(memory_usage_bytes + temporary_storage_bytes) FROM duckdb_memory()`)).getRows();
    maxInMemoryMB = Math.max(maxInMemoryMB, Math.round(Number(held[0]![0]) / 1048576));
    const c = cpuMs();
    const w = performance.now();
    await conn.run('CHECKPOINT');
    checkpointCpu += cpuMs() - c;
    checkpointWall += performance.now() - w;
    sinceCheckpoint = 0;
  };
  await conn.run(`CREATE TABLE partial (seq BIGINT, table_name VARCHAR, rows BIGINT)`);
  const load = async (statement: string, note: string | null) => {
    const c = cpuMs();
    const w = performance.now();
    await conn.run('BEGIN TRANSACTION');
    await conn.run(statement);
    if (note) await conn.run(note);
    if (args.mark) await conn.run(`UPDATE mark SET loaded_through = loaded_through + 1`);
    await conn.run('COMMIT');
    // With automatic checkpoints on, a COMMIT that crosses the threshold checkpoints inside it:
    // that part is counted as load here.
    loadCpu += cpuMs() - c;
    loadWall += performance.now() - w;
  };
  let splits = 0;
  // Segment sizes: --segment each, or with --tail, cut so that each crossing segment ends TAIL rows
  // past the row-group end (and the next ones start from there).
  const sizes: number[] = [];
  for (let at = 0; at < ROWS; ) {
    let n = SEGMENT;
    if (TAIL > 0) {
      const nextEnd = (Math.floor(at / ROW_GROUP) + 1) * ROW_GROUP;
      if (at + n >= nextEnd) n = Math.min(n, nextEnd + TAIL - at);
    }
    sizes.push(n);
    at += n;
  }
  let loaded = 0;
  for (const size of sizes) {
    const source = size === SEGMENT ? file : join(root, `segment-${size}.${FORMAT === 'array' ? 'json' : 'ndjson'}`);
    if (source !== file) await writeFile(source, segmentText(lines.slice(0, size)));
    const end = Math.floor((loaded + size) / ROW_GROUP) * ROW_GROUP;
    const crosses = ALIGN !== 'none' && end > loaded;
    if (crosses && ALIGN === 'split' && end < loaded + size) {
      const k = end - loaded;
      await load(loadStatement(table, source, { format: FORMAT, limit: k }), `INSERT INTO partial VALUES (${loaded}, 'T', ${k})`);
      await checkpoint();
      await load(loadStatement(table, source, { format: FORMAT, offset: k }), `DELETE FROM partial WHERE seq <= ${loaded}`);
      splits++;
    } else {
      await load(source === file ? sql : loadStatement(table, source, { format: FORMAT }), null);
      if (crosses) await checkpoint();
    }
    loaded += size;
    sinceCheckpoint += size;
    if (CHECKPOINT_EVERY > 0 && sinceCheckpoint >= CHECKPOINT_EVERY) await checkpoint();
  }
  const memory = (await conn.runAndReadAll(`SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0 OR temporary_storage_bytes > 0`)).getRows();
  await checkpoint();
  clearInterval(sampler);
  const rows = loaded;
  probe.closeSync();
  conn.closeSync();
  inst.closeSync();
  const bytes = (await stat(dbPath)).size;
  console.log(JSON.stringify({ config, segment: SEGMENT, rows, checkpointEvery: CHECKPOINT_EVERY, align: ALIGN, tail: TAIL, format: FORMAT, splits }));
  console.log(
    `load: ${(loadCpu * 1000 / rows).toFixed(2)} CPU µs/row (${Math.round(rows / (loadWall / 1000)).toLocaleString('en-US')} rows/s wall)   ` +
      `checkpoints: ${(checkpointCpu * 1000 / rows).toFixed(2)} CPU µs/row (${Math.round(checkpointWall)} ms wall)   ` +
      `total ${((loadCpu + checkpointCpu) * 1000 / rows).toFixed(2)} µs/row   file ${(bytes / rows * 1e6 / 1048576).toFixed(1)} MB per 1 M rows   peak RSS ${Math.round(peakRss / 1048576)} MB`,
  );
  console.log(`DuckDB's accounting before a checkpoint: at most ${maxInMemoryMB} MB; sampled peak ${peakTotalMB} MB in all, by tag (MB): ${JSON.stringify(peakByTag)}`);
  console.log(`DuckDB memory before the last checkpoint: ${memory.map(([t, m, tmp]) => `${t} ${Math.round(Number(m) / 1048576)} MB${Number(tmp) ? ` (+${Math.round(Number(tmp) / 1048576)} MB temp)` : ''}`).join(', ')}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
