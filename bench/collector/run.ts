// Sustained ingest over the HTTP Data Collector API: a Vigil server in this process, a SharedKey
// client in a child process (so what is measured is the server), N concurrent posts of B records
// (~450 bytes each, 12 properties incl. a nested object) to one Log-Type for D seconds.
// Prints events/s, MB/s, p50/p99 latency of the 200 (rows durable), and the rows queryable at the end.
//
//   npx tsx bench/collector/run.ts [seconds=20] [concurrency=8] [records=500]
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';

interface Job { url: string; ca: string; workspaceId: string; key: string; seconds: number; concurrency: number; records: number }
interface Result { requests: number; events: number; bytes: number; latencies: number[]; errors: number }

function body(records: number, seq: number): Buffer {
  const out = [];
  for (let i = 0; i < records; i++) {
    out.push({
      seq: seq * records + i, host: `host-${i % 50}.corp.example`, user: `user${i % 200}`, action: i % 3 ? 'allow' : 'deny',
      srcIp: `10.${i % 255}.${(i * 7) % 255}.${(i * 13) % 255}`, dstPort: 443, bytes: 1024 + i, ok: i % 2 === 0,
      at: new Date().toISOString(), id: '5b3e8a0c-2f1d-4c55-9a7e-0d1c2b3a4f50', message: 'connection accepted by policy rule 42 after inspection',
      detail: { rule: 'r42', zone: 'dmz' },
    });
  }
  return Buffer.from(JSON.stringify(out));
}

async function client(job: Job): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency, ca: job.ca });
  const u = new URL(job.url);
  const res: Result = { requests: 0, events: 0, bytes: 0, latencies: [], errors: 0 };
  const bodies = Array.from({ length: 16 }, (_, i) => body(job.records, i));
  const end = Date.now() + job.seconds * 1000;
  let n = 0;
  const one = (b: Buffer): Promise<number> => new Promise((resolve, reject) => {
    const date = new Date().toUTCString();
    const text = `POST\n${b.length}\napplication/json\nx-ms-date:${date}\n/api/logs`;
    const sig = createHmac('sha256', Buffer.from(job.key, 'base64')).update(text).digest('base64');
    const req = request({
      hostname: u.hostname, port: u.port, path: `/workspaces/${job.workspaceId}/api/logs?api-version=2016-04-01`, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': b.length, 'x-ms-date': date, 'log-type': 'Bench', authorization: `SharedKey ${job.workspaceId}:${sig}` },
    }, (r) => {
      r.resume();
      r.on('end', () => resolve(r.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(b);
  });
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (Date.now() < end) {
      const b = bodies[n++ % bodies.length];
      const t0 = performance.now();
      const status = await one(b);
      res.latencies.push(performance.now() - t0);
      if (status === 200) {
        res.requests++;
        res.events += job.records;
        res.bytes += b.length;
      } else res.errors++;
    }
  }));
  agent.destroy();
  return res;
}

async function main(): Promise<void> {
  const [seconds = 20, concurrency = 8, records = 500] = process.argv.slice(2).map(Number);
  const { startServer } = await import('../../src/surfaces/server.js');
  const { resolveServerConfig } = await import('../../src/surfaces/config.js');
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-collector-'));
  const server = await startServer(resolveServerConfig({ port: 0, dataDir: dir }, {}), { logger: pino({ level: 'silent' }) });
  try {
    const job: Job = { url: server.url, ca: server.caPem!, workspaceId: server.ctx.workspace.workspace.id, key: server.ctx.workspace.sharedKeys().primarySharedKey, seconds, concurrency, records };
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
    const child = fork(fileURLToPath(import.meta.url), ['--client'], { execArgv: process.execArgv });
    const result = await new Promise<Result>((resolve, reject) => {
      child.on('message', (m) => resolve(m as Result));
      child.on('error', reject);
      child.send(job);
    });
    clearInterval(timer);
    const t0 = performance.now();
    await server.ctx.engine.flush();
    const flushMs = performance.now() - t0;
    const rows = (await server.ctx.engine.query('SELECT count(*) FROM Bench_CL')).rows[0][0];
    const lat = result.latencies.sort((a, b) => a - b);
    const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]?.toFixed(1);
    console.log(JSON.stringify({
      seconds, concurrency, recordsPerPost: records, requests: result.requests, errors: result.errors,
      eventsPerSecond: Math.round(result.events / seconds), mbPerSecond: +(result.bytes / seconds / 1e6).toFixed(1),
      p50ms: q(0.5), p99ms: q(0.99), peakRssMB: Math.round(peak / 1e6), finalFlushMs: Math.round(flushMs), rowsQueryable: Number(rows),
    }, null, 2));
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--client')) {
  process.once('message', async (job: Job) => {
    process.send!(await client(job));
    process.exit(0);
  });
} else {
  await main();
}
