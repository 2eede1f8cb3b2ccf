// Storage benchmark: the raw load rate of ~500-byte events through `append` + the background load,
// and, in the same run, the rate at which DuckDB alone bulk-loads the same events (the baseline the
// end-to-end ingest benchmark compares against).
//
//   npx tsx bench/storage/run.ts [--events 1000000] [--clients 4] [--rate 80000] [--seconds 20]
//                                [--phases alone,closed,open] [--memory-limit 256MB] [--checkpoint 256MB]
//                                [--load-interval 250] [--set duckdb_option=value ...]
//
// Phases:
//   alone   one NDJSON file of all events, one INSERT … SELECT FROM read_ndjson (no journal)
//   closed  `clients` callers append 1 MB batches back to back until `events` are acknowledged,
//           then flush: acknowledged and loaded rates, ack latency, load lag, RSS, size on disk
//   open    batches offered at `rate` events/s for `seconds` whatever the acks do: ack latency and
//           load lag at the target rate
import { mkdtemp, rm, stat, writeFile, open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEngine, type StorageEngine } from '../../src/storage/engine.js';
import { loadStatement } from '../../src/storage/duckdb/load-sql.js';
import { EVENT_COLUMNS, SYSTEM_COLUMNS, TABLE_OPTIONS, makeBatches, type Batch } from './events.js';

const TABLE = 'BenchEvents_CL';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '4' },
    rate: { type: 'string', default: '80000' },
    seconds: { type: 'string', default: '20' },
    phases: { type: 'string', default: 'alone,closed,open' },
    'memory-limit': { type: 'string' },
    checkpoint: { type: 'string' },
    set: { type: 'string', multiple: true },
    'load-interval': { type: 'string' },
    dir: { type: 'string' },
  },
});
const EVENTS = Number(args.events);
const CLIENTS = Number(args.clients);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const PHASES = new Set(String(args.phases).split(','));
const MEMORY_LIMIT = args['memory-limit'];
const CHECKPOINT = args.checkpoint;
// --set name=value: any further DuckDB option.
const SETTINGS = Object.fromEntries((args.set ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const LOAD_INTERVAL = args['load-interval'] !== undefined ? Number(args['load-interval']) : undefined;

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);

async function dbBytes(dir: string): Promise<number> {
  let n = 0;
  for (const f of ['vigil.duckdb', 'vigil.duckdb.wal']) n += await stat(join(dir, f)).then((s) => s.size, () => 0);
  return n;
}

async function newEngine(dir: string): Promise<StorageEngine> {
  const engine = await openEngine({
    dataDir: dir,
    ...(MEMORY_LIMIT ? { memoryLimit: MEMORY_LIMIT } : {}),
    ...(CHECKPOINT ? { checkpointThreshold: CHECKPOINT } : {}),
    duckdbSettings: SETTINGS,
    ...(LOAD_INTERVAL !== undefined ? { loadIntervalMs: LOAD_INTERVAL } : {}),
  });
  await engine.createTable(TABLE, [...EVENT_COLUMNS, ...SYSTEM_COLUMNS], TABLE_OPTIONS);
  return engine;
}

/** Samples RSS and load lag while a phase runs. */
function sampler(engine: StorageEngine) {
  let maxRss = 0;
  let maxLag = 0;
  let maxPending = 0;
  const tick = () => {
    maxRss = Math.max(maxRss, process.memoryUsage.rss());
    const s = engine.stats();
    maxLag = Math.max(maxLag, s.load.lagMs);
    maxPending = Math.max(maxPending, s.journal.pendingRows);
  };
  const timer = setInterval(tick, 50);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return { maxRss, maxLag, maxPending };
    },
  };
}

async function phaseAlone(batches: Batch[], root: string) {
  const dir = join(root, 'alone');
  const file = join(root, 'events.ndjson');
  const fh = await openFile(file, 'w');
  let rows = 0;
  for (let i = 0; rows < EVENTS; i++) {
    const b = batches[i % batches.length]!;
    await fh.write(b.data);
    rows += b.rows;
  }
  await fh.close();
  const engine = await newEngine(dir);
  const table = (await engine.getTable(TABLE))!;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await engine.query(loadStatement(table, file, { format: 'ndjson' }), undefined, { timeoutMs: 0 });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  await engine.query('CHECKPOINT');
  const bytes = await dbBytes(dir);
  await engine.close();
  await rm(file);
  return { rows, ms, rate: rows / (ms / 1000), cpuUsPerRow: (cpu.user + cpu.system) / rows, bytesPerMillion: (bytes / rows) * 1e6 };
}

async function phaseClosed(batches: Batch[], root: string) {
  const dir = join(root, 'closed');
  const engine = await newEngine(dir);
  const lat: number[] = [];
  let appended = 0;
  let next = 0;
  const s = sampler(engine);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (appended < EVENTS) {
        const b = batches[next++ % batches.length]!;
        appended += b.rows;
        const t = performance.now();
        await engine.append([{ table: TABLE, ndjson: b.data, rows: b.rows }]);
        lat.push(performance.now() - t);
      }
    }),
  );
  const tAcked = performance.now() - t0;
  await engine.flush();
  const tLoaded = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const sampled = s.stop();
  const st = engine.stats();
  const count = Number((await engine.query(`SELECT count(*) FROM ${TABLE}`)).rows[0]![0]);
  await engine.query('CHECKPOINT');
  const bytes = await dbBytes(dir);
  await engine.close();
  lat.sort((a, b) => a - b);
  return {
    rows: appended,
    count,
    ackRate: appended / (tAcked / 1000),
    loadedRate: appended / (tLoaded / 1000),
    cpuUsPerRow: (cpu.user + cpu.system) / appended,
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    max: lat[lat.length - 1]!,
    commits: st.journal.commits,
    calls: st.journal.appendCalls,
    cycles: st.load.cycles,
    ...sampled,
    bytesPerMillion: (bytes / appended) * 1e6,
  };
}

async function phaseOpen(batches: Batch[], root: string) {
  const dir = join(root, 'open');
  const engine = await newEngine(dir);
  const perBatch = batches[0]!.rows;
  const intervalMs = (perBatch / RATE) * 1000;
  const total = Math.floor((RATE * SECONDS) / perBatch);
  const lat: number[] = [];
  const inflight: Promise<void>[] = [];
  const s = sampler(engine);
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const b = batches[i % batches.length]!;
    const t = performance.now();
    inflight.push(engine.append([{ table: TABLE, ndjson: b.data, rows: b.rows }]).then(() => void lat.push(performance.now() - t)));
  }
  await Promise.all(inflight);
  const tAcked = performance.now() - t0;
  await engine.flush();
  const sampled = s.stop();
  const st = engine.stats();
  await engine.close();
  lat.sort((a, b) => a - b);
  const rows = total * perBatch;
  return {
    offered: RATE,
    rows,
    ackRate: rows / (tAcked / 1000),
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    max: lat[lat.length - 1]!,
    cycles: st.load.cycles,
    commits: st.journal.commits,
    ...sampled,
  };
}

const root = args.dir ?? (await mkdtemp(join(tmpdir(), 'vigil-bench-storage-')));
try {
  const tGen = performance.now();
  const batches = makeBatches(24);
  const avgBytes = batches.reduce((n, b) => n + b.data.length, 0) / batches.reduce((n, b) => n + b.rows, 0);
  console.log(`events: ${f0(EVENTS)} × ~${f0(avgBytes)} bytes NDJSON, batches of ${batches[0]!.rows} (${f1(batches[0]!.data.length / 1048576)} MB), generated in ${f0(performance.now() - tGen)} ms`);
  const results: Record<string, unknown> = {};
  if (PHASES.has('alone')) {
    const r = await phaseAlone(batches, root);
    results['alone'] = r;
    console.log(
      `engine alone (one read_ndjson bulk load): ${f0(r.rate)} rows/s (${f0(r.rows)} rows in ${f0(r.ms)} ms), ` +
        `${f1(r.cpuUsPerRow)} CPU µs/row, ${f1(r.bytesPerMillion / 1048576)} MB on disk per 1M rows`,
    );
  }
  if (PHASES.has('closed')) {
    const r = await phaseClosed(batches, root);
    results['closed'] = r;
    console.log(
      `append+load, ${CLIENTS} clients back to back: acked ${f0(r.ackRate)} ev/s, durable+loaded ${f0(r.loadedRate)} ev/s ` +
        `(${f1(r.cpuUsPerRow)} CPU µs/row); ` +
        `ack p50 ${f1(r.p50)} ms p99 ${f1(r.p99)} ms max ${f1(r.max)} ms; ${r.calls} calls in ${r.commits} group commits; ` +
        `${r.cycles} load cycles, max lag ${f0(r.maxLag)} ms, max pending ${f0(r.maxPending)} rows; peak RSS ${f0(r.maxRss / 1048576)} MB; ` +
        `${f1(r.bytesPerMillion / 1048576)} MB on disk per 1M rows; rows in table ${f0(r.count)}`,
    );
  }
  if (PHASES.has('open')) {
    const r = await phaseOpen(batches, root);
    results['open'] = r;
    console.log(
      `append+load offered ${f0(r.offered)} ev/s for ${SECONDS} s: acked ${f0(r.ackRate)} ev/s; ack p50 ${f1(r.p50)} ms p99 ${f1(r.p99)} ms max ${f1(r.max)} ms; ` +
        `${r.cycles} load cycles, max lag ${f0(r.maxLag)} ms, max pending ${f0(r.maxPending)} rows; peak RSS ${f0(r.maxRss / 1048576)} MB`,
    );
  }
  await writeFile(join(root, 'results.json'), JSON.stringify(results, null, 2)).catch(() => undefined);
  console.log(JSON.stringify(results));
} finally {
  if (!args.dir) await rm(root, { recursive: true, force: true });
}
