// Where the engine's automatic checkpoints land, and what they cost: the storage engine (journal,
// loader, checkpoints: its defaults) appending bench/ingest's events — ~1 MB calls of ~1,967 rows —
// from several callers until `--rows` are acknowledged, then flushing. Reported: for each checkpoint,
// how many rows of the table lay past the last row-group end when it ran (read with count(*) on the
// writer connection just before it: 0 is a checkpoint exactly at the end); the peak of DuckDB's own
// accounting (duckdb_memory(), sampled every 50 ms) and of RSS; CPU µs per row of the whole process.
//
//   npx tsx bench/storage/engine-checkpoints.ts [--rows 1000000] [--callers 8]
//
// The checkpoints are observed by wrapping DuckDBConnection.run (the engine is not changed).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBConnection } from '@duckdb/node-api';
import { openEngine, type AppendBatch } from '../../src/storage/engine.js';
import { physicalColumns, standardColumnDefaults } from '../../src/workspace/standard-columns.js';
import { BENCH_COLUMNS, BENCH_TABLE, benchBatch, rng } from '../ingest/events.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    callers: { type: 'string', default: '8' },
  },
});
const ROWS = Number(args.rows);
const ROW_GROUP = 122_880;

const tails: number[] = [];
let checkpointCpuUs = 0;
let checkpointWallMs = 0;
const run = DuckDBConnection.prototype.run;
DuckDBConnection.prototype.run = async function (this: DuckDBConnection, ...a: Parameters<typeof run>) {
  if (a[0] !== 'CHECKPOINT') return run.apply(this, a);
  const r = await this.runAndReadAll(`SELECT count(*) FROM main."${BENCH_TABLE}"`);
  tails.push(Number(r.getRows()[0]![0]) % ROW_GROUP);
  // The whole process's CPU while the checkpoint runs: DuckDB's checkpoint, plus whatever the
  // appenders and the journal do meanwhile (the loader waits for it).
  const c = process.cpuUsage();
  const w = performance.now();
  try {
    return await run.apply(this, a);
  } finally {
    const d = process.cpuUsage(c);
    checkpointCpuUs += d.user + d.system;
    checkpointWallMs += performance.now() - w;
  }
} as typeof run;

const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-ckpt-'));
try {
  const engine = await openEngine({ dataDir });
  const columns = BENCH_COLUMNS.map((c) => ({ name: c.name, type: c.type }));
  await engine.createTable(
    BENCH_TABLE,
    physicalColumns({ columns }),
    { defaults: standardColumnDefaults({ name: BENCH_TABLE, columns }, { id: '2a4f8c1e-7d3b-4e59-9c61-0f5e3b2d1a77', subscriptionId: '00000000-0000-0000-0000-000000000000' }) },
  );
  const r = rng(42);
  const batches: AppendBatch[] = [];
  for (let i = 0; i < 24; i++) {
    const b = benchBatch(i * 10_000, 1_000_000, r);
    batches.push({ table: BENCH_TABLE, ndjson: Buffer.from(b.events.map((e) => JSON.stringify(e)).join('\n') + '\n'), rows: b.events.length });
  }
  let peakRss = 0;
  let peakDuckMB = 0;
  let peakInMemoryTableMB = 0;
  let sampling = false;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (sampling) return;
    sampling = true;
    void engine
      .query(`SELECT sum(memory_usage_bytes), sum(memory_usage_bytes) FILTER (WHERE tag = 'IN_MEMORY_TABLE') FROM duckdb_memory()`)
      .then((q) => {
        const [all, inMemory] = q.rows[0] as [unknown, unknown];
        peakDuckMB = Math.max(peakDuckMB, Math.round(Number(all) / 1048576));
        peakInMemoryTableMB = Math.max(peakInMemoryTableMB, Math.round(Number(inMemory ?? 0) / 1048576));
      })
      .catch(() => undefined)
      .finally(() => (sampling = false));
  }, 50);
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Number(args.callers) }, async () => {
      while (rows < ROWS) {
        const b = batches[next++ % batches.length]!;
        rows += b.rows;
        await engine.append([b]);
      }
    }),
  );
  await engine.flush();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const stats = engine.stats();
  await engine.close();
  console.log(
    `${rows.toLocaleString('en-US')} rows: ${((cpu.user + cpu.system) / rows).toFixed(2)} CPU µs/row; ` +
      `peak DuckDB ${peakDuckMB} MB (IN_MEMORY_TABLE ${peakInMemoryTableMB} MB), peak RSS ${Math.round(peakRss / 1048576)} MB; ` +
      `${stats.load.segments} segments, ${stats.load.checkpoints} checkpoints: ${(checkpointCpuUs / rows).toFixed(2)} CPU µs/row ` +
      `(${Math.round(checkpointWallMs)} ms wall)`,
  );
  console.log(`rows past the row-group end at each checkpoint: ${tails.join(', ')}`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
