// End-to-end transform benchmark (issue §5): sustained Logs Ingestion over real HTTPS with the same
// client and events as bench/ingest, into two DCRs of one server — `source` (pass-through) and
// case (c): project-rename + extend tostring(parse_json(x).y) + where — measured in the same run,
// alternating, so the ratio compares like with like on a shared machine.
//
//   npx tsx bench/transform/e2e.ts [--duration 20] [--rounds 2] [--concurrency 8]
//   (or npm run build && node dist/bench/transform/e2e.js …)
//
// Each phase: the client (own process) keeps `concurrency` gzip POSTs of ~1 MB in flight for
// `duration` seconds; then the server loads everything acknowledged, so each phase starts without
// a backlog. Prints events/s acknowledged per phase, the medians per case and (c) / source.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startServer } from '../../src/surfaces/server.js';
import { resolveServerConfig } from '../../src/surfaces/config.js';
import { BENCH_COLUMNS, BENCH_STREAM, BENCH_TABLE, benchDcrBody, benchTableBody } from '../ingest/events.js';
import type { ClientConfig, ClientResult } from '../ingest/client.js';
import { fetchToken } from '../ingest/token.js';

import { CASE_C_KQL } from './e2e-kql.js';

const C_TABLE = 'VigilBenchC_CL';

interface Args {
  duration: number;
  rounds: number;
  concurrency: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { duration: 20, rounds: 2, concurrency: 8 };
  for (let i = 0; i < argv.length; i++) {
    const v = (): number => Number(argv[++i]);
    if (argv[i] === '--duration') a.duration = v();
    else if (argv[i] === '--rounds') a.rounds = v();
    else if (argv[i] === '--concurrency') a.concurrency = v();
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

function clientCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  const client = join(here, '..', '..', 'ingest', here.endsWith('.ts') ? 'client.ts' : 'client.js');
  return here.endsWith('.ts') ? ['--import', 'tsx', client] : [client];
}

function runClient(cfg: ClientConfig): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, clientCommand(), { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ClientResult) : reject(new Error(`client exited with ${code}`))));
    child.stdin.end(JSON.stringify(cfg));
  });
}

const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = await mkdtemp(join(tmpdir(), 'vigil-bench-transform-'));
  const server = await startServer(resolveServerConfig({ dataDir: root, port: 0 }, {}), { logger: pino({ level: 'silent' }) });
  try {
    const ws = server.ctx.workspace;
    await ws.putTable(BENCH_TABLE, benchTableBody());
    const source = (await ws.putDcr('bench-source', benchDcrBody(ws.workspaceResourceId))).dcr;
    // (c)'s table: the stream's columns renamed, plus the two extracted ones.
    const rename: Record<string, string> = { Computer: 'Host', UserName: 'Account' };
    const cColumns = [...BENCH_COLUMNS.map((c) => ({ name: rename[c.name] ?? c.name, type: c.type })), { name: 'Rule', type: 'string' }, { name: 'SrcZone', type: 'string' }];
    await ws.putTable(C_TABLE, { properties: { schema: { name: C_TABLE, columns: cColumns } } });
    const cBody = benchDcrBody(ws.workspaceResourceId) as { properties: { dataFlows: { transformKql: string; outputStream: string }[] } };
    cBody.properties.dataFlows[0].transformKql = CASE_C_KQL;
    cBody.properties.dataFlows[0].outputStream = `Custom-${C_TABLE}`;
    const caseC = (await ws.putDcr('bench-c', cBody)).dcr;

    const app = await ws.createApp({ displayName: 'bench' });
    const { secretText } = await ws.addSecret(app.appId);
    for (const d of [source, caseC]) await ws.assignRole({ principalId: app.servicePrincipalId, role: 'Monitoring Metrics Publisher', scope: ws.dcrResourceId(d.name) });
    const token = await fetchToken(server.url, server.info.tenantId, app.appId, secretText, server.caPem!);
    const url = (id: string) => `${server.info.dceUrl}/dataCollectionRules/${id}/streams/${BENCH_STREAM}?api-version=2023-01-01`;

    const rates: Record<'source' | 'c', number[]> = { source: [], c: [] };
    // Server CPU (all threads: HTTP, parse, encode, journal, DuckDB loads) per acknowledged event,
    // including the final load of the phase: what the case costs, whatever the neighbours do.
    const cpuPerEvent: Record<'source' | 'c', number[]> = { source: [], c: [] };
    const results: Record<string, unknown>[] = [];
    for (let round = 0; round < args.rounds; round++) {
      for (const which of ['source', 'c'] as const) {
        const dcr = which === 'source' ? source : caseC;
        process.stderr.write(`round ${round + 1}/${args.rounds}: ${which} for ${args.duration} s …\n`);
        const before = server.ctx.pipeline.snapshot().streams.find((s) => s.dcrImmutableId === dcr.immutableId)?.flows[0];
        const cpu0 = process.cpuUsage();
        const r = await runClient({ url: url(dcr.immutableId), token, ca: server.caPem!, concurrency: args.concurrency, durationSec: args.duration, bodies: 24, batchBytes: 1_000_000 });
        await server.ctx.engine.flush();
        const cpu = process.cpuUsage(cpu0);
        cpuPerEvent[which].push((cpu.user + cpu.system) / r.events);
        const after = server.ctx.pipeline.snapshot().streams.find((s) => s.dcrImmutableId === dcr.immutableId)!.flows[0];
        const rate = r.events / r.elapsedSec;
        rates[which].push(rate);
        results.push({
          round, case: which, events: r.events, eventsPerSec: Math.round(rate), errors: r.errors, ackP50Ms: +r.latencyMs.p50.toFixed(1), ackP99Ms: +r.latencyMs.p99.toFixed(1),
          rowsStored: after.rowsStored - (before?.rowsStored ?? 0), filtered: after.filtered - (before?.filtered ?? 0),
          serverCpuSec: +((cpu.user + cpu.system) / 1e6).toFixed(1), serverCpuUsPerEvent: +((cpu.user + cpu.system) / r.events).toFixed(2),
        });
        process.stderr.write(`  ${fmt(rate)} events/s acknowledged, p50 ${fmt(r.latencyMs.p50, 1)} ms, server CPU ${fmt((cpu.user + cpu.system) / r.events, 2)} µs/event, errors ${JSON.stringify(r.errors)}\n`);
      }
    }
    const s = median(rates.source);
    const c = median(rates.c);
    const cpuS = median(cpuPerEvent.source);
    const cpuC = median(cpuPerEvent.c);
    const summary = {
      when: new Date().toISOString(), node: process.version, args, transform: CASE_C_KQL,
      sourceEventsPerSec: Math.round(s), caseCEventsPerSec: Math.round(c), ratio: +(c / s).toFixed(3),
      serverCpuUsPerEvent: { source: +cpuS.toFixed(2), c: +cpuC.toFixed(2) }, cpuRatio: +(cpuS / cpuC).toFixed(3), phases: results,
    };
    process.stdout.write([
      '',
      `End-to-end ingest over HTTPS — ${args.rounds} round(s) of ${args.duration} s per case, ${args.concurrency} connections, ~1 MB gzip batches`,
      `  source                 ${fmt(s)} events/s (median of ${rates.source.map((x) => fmt(x)).join(', ')})`,
      `  (c) transform          ${fmt(c)} events/s (median of ${rates.c.map((x) => fmt(x)).join(', ')})`,
      `  ratio (c) / source     ${(c / s).toFixed(3)}   (target ≥ 0.9)`,
      `  server CPU per event   source ${fmt(cpuS, 2)} µs, (c) ${fmt(cpuC, 2)} µs → CPU-bound rate ratio ${(cpuS / cpuC).toFixed(3)}`,
      '',
    ].join('\n') + '\n' + JSON.stringify(summary) + '\n');
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
