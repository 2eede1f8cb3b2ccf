// Ingest benchmark (foundation issue §8): sustained Logs Ingestion over HTTPS on this machine, the
// client in its own process (client.ts), then — in the same run — the storage engine alone loading
// the same events, so the ratio of the two says what the HTTP/parse/encode path costs.
//
//   npm run bench:ingest -- [--duration 60] [--concurrency 8] [--engine-duration 20] [--phases http,engine] [--keep]
//
// Prints events/s acknowledged (durable) and queryable, MB/s, p50/p99 ack latency, peak RSS, the
// load lag (how long acknowledged rows waited to become queryable), where the server's time went,
// and the engine-alone rate.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { openEngine, StorageError, type AppendBatch, type StorageEngine, type TableInfo } from '../../src/storage/engine.js';
import { startServer } from '../../src/surfaces/server.js';
import { resolveServerConfig } from '../../src/surfaces/config.js';
import { physicalColumns, standardColumnDefaults } from '../../src/workspace/standard-columns.js';
import { BENCH_COLUMNS, BENCH_STREAM, BENCH_TABLE, benchBatch, benchDcrBody, benchTableBody, rng } from './events.js';
import type { ClientConfig, ClientResult } from './client.js';
import { fetchToken } from './token.js';

interface Args {
  duration: number;
  concurrency: number;
  engineDuration: number;
  keep: boolean;
  /** Which phases run: `http` (the server end to end) and/or `engine` (the storage engine alone). */
  phases: string[];
  /** Write a timeline (each request's send time and latency, the engine's load counters every 100 ms) to this file. */
  trace?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { duration: 60, concurrency: 8, engineDuration: 20, keep: false, phases: ['http', 'engine'] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): number => Number(argv[++i]);
    if (k === '--duration') a.duration = v();
    else if (k === '--concurrency') a.concurrency = v();
    else if (k === '--engine-duration') a.engineDuration = v();
    else if (k === '--keep') a.keep = true;
    else if (k === '--phases') a.phases = String(argv[++i]).split(',');
    else if (k === '--trace') a.trace = String(argv[++i]);
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

function moduleCommand(name: string): string[] {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? ['--import', 'tsx', join(here, '..', `${name}.ts`)] : [join(here, '..', `${name}.js`)];
}

function runClient(cfg: ClientConfig): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, moduleCommand('client'), { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ClientResult) : reject(new Error(`client exited with ${code}`))));
    child.stdin.end(JSON.stringify(cfg));
  });
}

const mb = (bytes: number): number => bytes / (1024 * 1024);
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function httpPhase(args: Args, dataDir: string) {
  // Azure's per-DCR data cap (2 GiB a minute, ~70 k of these events a second) is lifted, as
  // `vigil serve --dcr-data-per-minute 0` would: the benchmark measures what the server can take.
  const server = await startServer(resolveServerConfig({ dataDir, port: 0 }, {}), { logger: pino({ level: 'silent' }), ingestion: { requestsPerMinute: 0, bytesPerMinute: 0 } });
  try {
    const ws = server.ctx.workspace;
    await ws.putTable(BENCH_TABLE, benchTableBody());
    const { dcr } = await ws.putDcr('bench-dcr', benchDcrBody(ws.workspaceResourceId));
    const app = await ws.createApp({ displayName: 'bench' });
    const { secretText } = await ws.addSecret(app.appId);
    await ws.assignRole({ principalId: app.servicePrincipalId, role: 'Monitoring Metrics Publisher', scope: ws.dcrResourceId(dcr.name) });
    const tokenRes = await fetchToken(server.url, server.info.tenantId, app.appId, secretText, server.caPem!);

    // Samplers: RSS of this (the server's) process — what it is made of at its peak: V8's heap and
    // Buffers vs the rest (DuckDB, malloc) — and how long acknowledged rows wait to be loaded.
    const memory = memorySampler(server.ctx.engine);
    let maxLagMs = 0;
    const lags: number[] = [];
    const timeline: unknown[] = [];
    const sampler = setInterval(() => {
      const st = server.ctx.engine.stats();
      const lag = st.load.lagMs;
      if (args.trace) timeline.push([Date.now(), lag, st.journal.pendingRows, st.load.segments, st.load.checkpoints, st.journal.appendWaits]);
      lags.push(lag);
      maxLagMs = Math.max(maxLagMs, lag);
    }, 100);

    // How long each durable append takes (queueing behind the group in flight included), and how
    // late the event loop runs: together they say whether the wait is the disk or the main thread.
    const appendMs: number[] = [];
    const engine = server.ctx.engine;
    const append = engine.append.bind(engine);
    engine.append = async (batches) => {
      const t = performance.now();
      try {
        return await append(batches);
      } finally {
        appendMs.push(performance.now() - t);
      }
    };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();

    const url = `${server.info.dceUrl}/dataCollectionRules/${dcr.immutableId}/streams/${BENCH_STREAM}?api-version=2023-01-01`;
    const cpu0 = process.cpuUsage();
    const main0 = await mainThreadCpuSec();
    const client = await runClient({ url, token: tokenRes, ca: server.caPem!, concurrency: args.concurrency, durationSec: args.duration, bodies: 24, batchBytes: 1_000_000, trace: args.trace !== undefined });
    if (args.trace) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(args.trace, JSON.stringify({ requests: client.trace, engine: { columns: ['at', 'lagMs', 'pendingRows', 'segments', 'checkpoints', 'appendWaits'], samples: timeline } }));
      delete client.trace;
    }
    const cpu = process.cpuUsage(cpu0);
    const mainCpuSec = (await mainThreadCpuSec()) - main0;
    loopDelay.disable();
    appendMs.sort((a, b) => a - b);
    const appendLatency = { p50: appendMs[appendMs.length >> 1] ?? 0, p99: appendMs[Math.floor(appendMs.length * 0.99)] ?? 0 };
    const loop = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
    // Queryable: everything acknowledged is loaded.
    const t0 = performance.now();
    await server.ctx.engine.flush();
    const drainMs = performance.now() - t0;
    clearInterval(sampler);
    const { peakRss, atPeak, duckdbAtPeak } = memory.stop();
    const rows = Number((await server.ctx.engine.query(`SELECT count(*) FROM "${BENCH_TABLE}"`)).rows[0][0]);
    const table = (await server.ctx.engine.getTable(BENCH_TABLE))!;
    const stages = server.ctx.pipeline.stages.snapshot();
    const engineStats = server.ctx.engine.stats();
    lags.sort((a, b) => a - b);
    return { client, drainMs, rows, table, stages, peakRss, duckdbAtPeak, maxLagMs, p99LagMs: lags[Math.floor(lags.length * 0.99)] ?? 0, cpu, engineStats, appendLatency, loop, mainCpuSec, atPeak };
  } finally {
    await server.close();
  }
}

/**
 * CPU seconds the main thread has used (Linux: /proc/self/task/<pid>/stat utime + stime). Unlike
 * wall-clock stage times, this does not grow when other processes take the cores, so per-event CPU
 * gives the capacity this code would have on an idle machine.
 */
async function mainThreadCpuSec(): Promise<number> {
  try {
    const { readFile } = await import('node:fs/promises');
    const stat = await readFile(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the command name.
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * What DuckDB itself holds (its buffer manager's accounting by tag, e.g. IN_MEMORY_TABLE for rows not
 * yet checkpointed, BASE_TABLE for cached blocks), in MB: set against the process RSS it says how
 * much of the memory outside V8 is DuckDB's and how much is malloc's (arenas, JSON reader buffers).
 */
async function duckdbMemoryMB(engine: StorageEngine): Promise<Record<string, number>> {
  try {
    // In memory only; what DuckDB spilled to its temp file is listed as `<tag> spilled`.
    const r = await engine.query('SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0 OR temporary_storage_bytes > 0');
    const out: Record<string, number> = {};
    for (const [tag, mem, tmp] of r.rows) {
      if (Number(mem) > 0) out[String(tag)] = Math.round(Number(mem) / 1048576);
      if (Number(tmp) > 0) out[`${String(tag)} spilled`] = Math.round(Number(tmp) / 1048576);
    }
    return out;
  } catch {
    return {};
  }
}

/** Samples RSS (keeping DuckDB's own accounting at the peak) every 100 ms, and DuckDB's every second. */
function memorySampler(engine: StorageEngine) {
  let peakRss = process.memoryUsage.rss();
  let atPeak = process.memoryUsage();
  let duckdbAtPeak: Record<string, number> = {};
  let lastDuckdb: Record<string, number> = {};
  let ticks = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) {
      peakRss = m.rss;
      atPeak = m;
      duckdbAtPeak = lastDuckdb;
    }
    if (ticks++ % 10 === 0) void duckdbMemoryMB(engine).then((d) => (lastDuckdb = d));
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakRss, atPeak, duckdbAtPeak };
    },
  };
}

/** How long an engine-alone caller waits after an `overloaded` append before retrying. */
const OVERLOAD_RETRY_MS = 100;

/** The storage engine alone: the same events, already encoded, appended by `concurrency` callers, then loaded. */
async function enginePhase(args: Args, dataDir: string, table: TableInfo) {
  const engine = await openEngine({ dataDir });
  try {
    await engine.createTable(table.name, table.columns, table.options);
    const r = rng(42);
    // The pipeline's NDJSON for these events is exactly JSON.stringify of each event (every field is
    // declared, canonical and stored as sent), so the engine gets byte-for-byte what the server wrote.
    const batches: AppendBatch[] = [];
    for (let i = 0; i < 24; i++) {
      const b = benchBatch(i * 10_000, 1_000_000, r);
      batches.push({ table: table.name, ndjson: Buffer.from(b.events.map((e) => JSON.stringify(e)).join('\n') + '\n'), rows: b.events.length });
    }
    let rows = 0;
    let next = 0;
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const deadline = started + args.engineDuration * 1000;
    // Back-pressure as a server applies it: an `overloaded` append (the load is behind by more than
    // the engine's bound) is not an error of the benchmark — the caller waits and retries, counted.
    let overloaded = 0;
    let overloadWaitMs = 0;
    let maxLagMs = 0;
    const sampler = setInterval(() => (maxLagMs = Math.max(maxLagMs, engine.stats().load.lagMs)), 100);
    const memory = memorySampler(engine);
    try {
      await Promise.all(Array.from({ length: args.concurrency }, async () => {
        while (performance.now() < deadline) {
          const b = batches[next++ % batches.length];
          for (;;) {
            try {
              await engine.append([b]);
              break;
            } catch (e) {
              if (!(e instanceof StorageError && e.code === 'overloaded')) throw e;
              overloaded++;
              const w = performance.now();
              await new Promise((r) => setTimeout(r, OVERLOAD_RETRY_MS));
              overloadWaitMs += performance.now() - w;
              if (performance.now() >= deadline) return;
            }
          }
          rows += b.rows;
        }
      }));
    } finally {
      clearInterval(sampler);
    }
    const mem = memory.stop();
    const appendSec = (performance.now() - started) / 1000;
    await engine.flush();
    const loadedSec = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const count = Number((await engine.query(`SELECT count(*) FROM "${table.name}"`)).rows[0][0]);
    return { rows, appendSec, loadedSec, count, cpuMicrosPerEvent: (cpu.user + cpu.system) / rows, overloaded, overloadWaitMs, maxLagMs, peakRss: mem.peakRss, duckdbAtPeak: mem.duckdbAtPeak, checkpoints: engine.stats().load.checkpoints, load: engine.stats().load };
  } finally {
    await engine.close();
  }
}

type HttpFigures = Awaited<ReturnType<typeof httpPhase>>;
type EngineFigures = Awaited<ReturnType<typeof enginePhase>>;

/**
 * The engine phase loads into the table the server created; without an HTTP phase, the same table as
 * a workspace makes it (the stream's columns, then the standard columns with their load-time defaults).
 */
function fallbackTable(): TableInfo {
  const columns = BENCH_COLUMNS.map((c) => ({ name: c.name, type: c.type }));
  const ws = { id: '2a4f8c1e-7d3b-4e59-9c61-0f5e3b2d1a77', subscriptionId: '00000000-0000-0000-0000-000000000000' };
  return { name: BENCH_TABLE, columns: physicalColumns({ columns }), options: { defaults: standardColumnDefaults({ name: BENCH_TABLE, columns }, ws) } };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = await mkdtemp(join(tmpdir(), 'vigil-bench-ingest-'));
  const { loadavg } = await import('node:os');
  const loadAtStart = loadavg().map((x) => +x.toFixed(2));
  // Each phase's failure is reported, and the other phase still runs and prints: a run always ends
  // with its figures.
  let h: HttpFigures | undefined;
  let e: EngineFigures | undefined;
  const failures: string[] = [];
  try {
    if (args.phases.includes('http')) {
      process.stderr.write(`HTTP phase: ${args.duration} s, concurrency ${args.concurrency} …\n`);
      try {
        h = await httpPhase(args, join(root, 'server'));
      } catch (err) {
        failures.push(`HTTP phase failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
    if (args.phases.includes('engine')) {
      process.stderr.write(`engine-alone phase: ${args.engineDuration} s …\n`);
      try {
        e = await enginePhase(args, join(root, 'engine'), h?.table ?? fallbackTable());
      } catch (err) {
        failures.push(`engine-alone phase failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
  } finally {
    if (!args.keep) await rm(root, { recursive: true, force: true });
    else process.stderr.write(`data kept in ${root}\n`);
  }
  report(args, loadAtStart, loadavg().map((x) => +x.toFixed(2)), h, e, failures);
}

function report(args: Args, loadAtStart: number[], loadAtEnd: number[], h: HttpFigures | undefined, e: EngineFigures | undefined, failures: string[]): void {
  const lines: string[] = [''];
  const result: Record<string, unknown> = { when: new Date().toISOString(), loadAverage: { start: loadAtStart, end: loadAtEnd }, node: process.version, args };
  let queryableRate = NaN;
  if (h) {
    const c = h.client;
    const ackRate = c.events / c.elapsedSec;
    queryableRate = c.events / (c.elapsedSec + h.drainMs / 1000);
    const st = h.stages;
    const perEvent = (ms: number): string => fmt((ms * 1000) / Math.max(1, st.records), 2);
    const cpuSec = (h.cpu.user + h.cpu.system) / 1e6;
    result['batch'] = { events: c.eventsPerBody, gzipBytes: c.gzipBytesPerBody, jsonBytes: Math.round(c.jsonBytes / Math.max(1, c.requests)) };
    result['http'] = {
      requests: c.requests, events: c.events, rowsStored: h.rows, errors: c.errors,
      ackEventsPerSec: Math.round(ackRate), queryableEventsPerSec: Math.round(queryableRate),
      jsonMBPerSec: +(mb(c.jsonBytes) / c.elapsedSec).toFixed(1), wireMBPerSec: +(mb(c.wireBytes) / c.elapsedSec).toFixed(1),
      ackLatencyMs: c.latencyMs, drainAfterRunMs: Math.round(h.drainMs),
      loadLagMs: { max: h.maxLagMs, p99: h.p99LagMs },
      peakRssMB: Math.round(mb(h.peakRss)),
      atPeakMB: { v8HeapTotal: Math.round(mb(h.atPeak.heapTotal)), v8HeapUsed: Math.round(mb(h.atPeak.heapUsed)), arrayBuffers: Math.round(mb(h.atPeak.arrayBuffers)), rest: Math.round(mb(h.atPeak.rss - h.atPeak.heapTotal - h.atPeak.arrayBuffers)), duckdb: h.duckdbAtPeak },
      serverCpuSec: { user: +(h.cpu.user / 1e6).toFixed(1), system: +(h.cpu.system / 1e6).toFixed(1), mainThread: +h.mainCpuSec.toFixed(1), wall: +c.elapsedSec.toFixed(1) },
      cpuMicrosPerEvent: { mainThread: +((h.mainCpuSec * 1e6) / c.events).toFixed(2), otherThreads: +(((cpuSec - h.mainCpuSec) * 1e6) / c.events).toFixed(2) },
      asSentRequests: st.asSentRequests,
      stagesMs: { decode: Math.round(st.decodeMs), parse: Math.round(st.parseMs), encode: Math.round(st.encodeMs), commitWait: Math.round(st.commitMs) },
      appendLatencyMs: h.appendLatency, eventLoopDelayMs: h.loop,
      journal: h.engineStats.journal, load: h.engineStats.load,
    };
    lines.push(
      `Ingest benchmark — ${args.duration} s, ${args.concurrency} connections, gzip batches of ${c.eventsPerBody} events (${fmt(c.gzipBytesPerBody / 1024)} KB gzip, ~${fmt(c.jsonBytes / Math.max(1, c.requests) / 1024)} KB JSON)`,
      `  acknowledged (durable)   ${fmt(ackRate)} events/s   ${fmt(mb(c.jsonBytes) / c.elapsedSec, 1)} MB/s JSON (${fmt(mb(c.wireBytes) / c.elapsedSec, 1)} MB/s on the wire)`,
      `  durable and queryable    ${fmt(queryableRate)} events/s   (rows stored ${fmt(h.rows)} of ${fmt(c.events)} acknowledged; final load ${fmt(h.drainMs)} ms)`,
      `  ack latency              p50 ${fmt(c.latencyMs.p50, 1)} ms   p99 ${fmt(c.latencyMs.p99, 1)} ms   max ${fmt(c.latencyMs.max, 1)} ms`,
      `  load lag (ack → queryable) max ${fmt(h.maxLagMs)} ms   p99 ${fmt(h.p99LagMs)} ms   (${h.engineStats.load.segments} segments loaded, ${h.engineStats.load.checkpoints} checkpoints, ${h.engineStats.load.checkpointFailures} failed${h.engineStats.load.lastCheckpointError ? `: ${h.engineStats.load.lastCheckpointError}` : ''})`,
      `  peak RSS (server)        ${fmt(mb(h.peakRss))} MB (V8 heap ${fmt(mb(h.atPeak.heapTotal))} MB, Buffers ${fmt(mb(h.atPeak.arrayBuffers))} MB, rest — DuckDB, threads, malloc — ${fmt(mb(h.atPeak.rss - h.atPeak.heapTotal - h.atPeak.arrayBuffers))} MB, of which DuckDB's accounting ${JSON.stringify(h.duckdbAtPeak)})`,
      `  server CPU               user ${fmt(h.cpu.user / 1e6, 1)} s + system ${fmt(h.cpu.system / 1e6, 1)} s over ${fmt(c.elapsedSec, 1)} s (main thread ${fmt(h.mainCpuSec, 1)} s)`,
      `  CPU per event            main thread ${fmt((h.mainCpuSec * 1e6) / c.events, 2)} µs, other threads (DuckDB load, I/O) ${fmt(((cpuSec - h.mainCpuSec) * 1e6) / c.events, 2)} µs`,
      `  main-thread µs/event     decode ${perEvent(st.decodeMs)}   parse ${perEvent(st.parseMs)}   encode ${perEvent(st.encodeMs)}   (commit wait ${perEvent(st.commitMs)}; wall time, yields included)`,
      `  stored as sent           ${st.asSentRequests} of ${st.requests} requests (no row re-encoded)`,
      `  durable append           p50 ${fmt(h.appendLatency.p50, 1)} ms   p99 ${fmt(h.appendLatency.p99, 1)} ms   (${h.engineStats.journal.appendCalls} calls in ${h.engineStats.journal.commits} group commits)`,
      `  event-loop delay         p50 ${fmt(h.loop.p50, 1)} ms   p99 ${fmt(h.loop.p99, 1)} ms   max ${fmt(h.loop.max, 1)} ms`,
      `  errors                   ${JSON.stringify(c.errors)}`,
    );
    if (h.rows !== c.events) {
      failures.push(`${c.events} events acknowledged but ${h.rows} rows stored`);
    }
  }
  if (e) {
    const engineRate = e.rows / e.loadedSec;
    result['engineAlone'] = {
      rows: e.rows, appendSec: +e.appendSec.toFixed(1), loadedSec: +e.loadedSec.toFixed(1), eventsPerSec: Math.round(engineRate),
      durableEventsPerSec: Math.round(e.rows / e.appendSec), cpuMicrosPerEvent: +e.cpuMicrosPerEvent.toFixed(2),
      overloaded: e.overloaded, overloadWaitMs: Math.round(e.overloadWaitMs), maxLoadLagMs: e.maxLagMs, peakRssMB: Math.round(mb(e.peakRss)), duckdbAtPeakMB: e.duckdbAtPeak, checkpoints: e.checkpoints,
    };
    lines.push(
      `Storage engine alone, same events: ${fmt(engineRate)} events/s loaded (${fmt(e.rows / e.appendSec)} events/s durable), ${fmt(e.cpuMicrosPerEvent, 2)} µs CPU per event`,
      `  back-pressure            ${e.overloaded} overloaded appends retried (${fmt(e.overloadWaitMs / 1000, 1)} s waited)   max load lag ${fmt(e.maxLagMs)} ms   peak RSS ${fmt(mb(e.peakRss))} MB (DuckDB's accounting ${JSON.stringify(e.duckdbAtPeak)})   ${e.checkpoints} checkpoints (${e.load.checkpointFailures} failed${e.load.lastCheckpointError ? `: ${e.load.lastCheckpointError}` : ''})`,
    );
    if (e.count !== e.rows) failures.push(`engine alone: ${e.rows} rows acknowledged but ${e.count} stored`);
    if (h) {
      result['ratioHttpToEngine'] = +(queryableRate / engineRate).toFixed(2);
      lines.push(`Ratio HTTP end to end / engine alone: ${result['ratioHttpToEngine']}`);
    }
  }
  lines.push(`Machine load average (1/5/15 min) at the start ${loadAtStart.join(' ')}, at the end ${loadAtEnd.join(' ')} (2 cores shared with other work)`);
  for (const f of failures) lines.push(`FAILED: ${f}`);
  result['failures'] = failures;
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n' + JSON.stringify(result) + '\n');
  if (failures.length > 0) process.exitCode = 1;
}

await main();
