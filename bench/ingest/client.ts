// The benchmark's load generator, run in its own process so that what is measured is the server:
// it pre-builds gzip bodies of ~1 MB batches once, then keeps `concurrency` POSTs in flight over
// keep-alive HTTPS for `durationSec`, recording each request's ack latency. Prints one JSON result.
import { Agent, request } from 'node:https';
import { gzipSync } from 'node:zlib';
import { benchBatch, rng } from './events.js';

export interface ClientConfig {
  url: string;
  token: string;
  ca: string;
  concurrency: number;
  durationSec: number;
  /** Distinct bodies to cycle through. */
  bodies: number;
  /** Uncompressed batch size limit (the SDK's chunk rule). */
  batchBytes: number;
  /** Also return each request's send time and latency (ms since the run started), for a timeline. */
  trace?: boolean;
}

export interface ClientResult {
  requests: number;
  events: number;
  wireBytes: number;
  jsonBytes: number;
  elapsedSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: Record<string, number>;
  eventsPerBody: number;
  gzipBytesPerBody: number;
  /** [sent at (epoch ms), latency (ms)], when cfg.trace. */
  trace?: [number, number][];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(cfg: ClientConfig): Promise<ClientResult> {
  const r = rng(42);
  const bodies: { gz: Buffer; events: number; json: number }[] = [];
  for (let i = 0; i < cfg.bodies; i++) {
    const b = benchBatch(i * 10_000, cfg.batchBytes, r);
    bodies.push({ gz: gzipSync(b.json), events: b.events.length, json: Buffer.byteLength(b.json) });
  }
  const agent = new Agent({ keepAlive: true, maxSockets: cfg.concurrency, ca: cfg.ca });
  const latencies: number[] = [];
  const trace: [number, number][] = [];
  const errors: Record<string, number> = {};
  let requests = 0;
  let events = 0;
  let wireBytes = 0;
  let jsonBytes = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + cfg.durationSec * 1000;

  const post = (body: Buffer): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(cfg.url, {
        method: 'POST', agent,
        headers: { authorization: `Bearer ${cfg.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length) },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const b = bodies[next++ % bodies.length];
      const t0 = performance.now();
      let status: number;
      try {
        status = await post(b.gz);
      } catch (e) {
        const k = (e as NodeJS.ErrnoException).code ?? 'error';
        errors[k] = (errors[k] ?? 0) + 1;
        continue;
      }
      const ms = performance.now() - t0;
      if (status === 204) {
        latencies.push(ms);
        if (cfg.trace) trace.push([Math.round(performance.timeOrigin + t0), Math.round(ms)]);
        requests++;
        events += b.events;
        wireBytes += b.gz.length;
        jsonBytes += b.json;
      } else {
        errors[String(status)] = (errors[String(status)] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.concurrency }, lane));
  const elapsedSec = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    requests, events, wireBytes, jsonBytes, elapsedSec,
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? NaN, mean },
    errors,
    eventsPerBody: Math.round(bodies.reduce((n, b) => n + b.events, 0) / bodies.length),
    gzipBytesPerBody: Math.round(bodies.reduce((n, b) => n + b.gz.length, 0) / bodies.length),
    ...(cfg.trace ? { trace } : {}),
  };
}

// Reads its configuration as JSON on stdin (the token stays off the command line) and writes the result to stdout.
const chunks: Buffer[] = [];
process.stdin.on('data', (c: Buffer) => chunks.push(c));
process.stdin.on('end', () => {
  const cfg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ClientConfig;
  run(cfg).then(
    (res) => process.stdout.write(JSON.stringify(res) + '\n'),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
});
