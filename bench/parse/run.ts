// Parse cost over the Sentinel corpus: every query of kql-conformance/sentinel-queries.jsonl is
// parsed repeatedly after a warm-up; reports per-query median / p95 / max and throughput.
// Run: npx tsx bench/parse/run.ts   (or npm run build && node dist/bench/parse/run.js)

import { readFileSync } from 'node:fs';
import { parse } from '../../src/kql/syntax/index.js';

const queries = readFileSync('../shared/kql-conformance/sentinel-queries.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { query: string }).query);

const ROUNDS = Number(process.argv[2] ?? 20);
for (let i = 0; i < 3; i++) for (const q of queries) parse(q); // warm-up (JIT)

const perQuery: number[][] = queries.map(() => []);
const t0 = process.hrtime.bigint();
for (let r = 0; r < ROUNDS; r++) {
  queries.forEach((q, i) => {
    const s = process.hrtime.bigint();
    parse(q);
    perQuery[i].push(Number(process.hrtime.bigint() - s) / 1e6);
  });
}
const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = perQuery.map(median).sort((a, b) => a - b);
const pct = (p: number) => best[Math.min(best.length - 1, Math.floor((p / 100) * best.length))];
const bytes = queries.map((q) => q.length);
const meanBytes = bytes.reduce((a, b) => a + b, 0) / bytes.length;
const typical = queries
  .map((q, i) => ({ len: q.length, ms: median(perQuery[i]) }))
  .filter((x) => x.len >= 1000 && x.len <= 1400);

console.log(`queries: ${queries.length}, mean length ${meanBytes.toFixed(0)} chars, rounds ${ROUNDS}`);
console.log(`per-query parse time (median over rounds): median ${pct(50).toFixed(3)} ms, p95 ${pct(95).toFixed(3)} ms, max ${best[best.length - 1].toFixed(3)} ms`);
console.log(`queries of 1.0–1.4 KB (${typical.length}): median ${median(typical.map((x) => x.ms)).toFixed(3)} ms`);
console.log(`throughput: ${((queries.length * ROUNDS) / (totalMs / 1000)).toFixed(0)} queries/s, ${((meanBytes * queries.length * ROUNDS) / 1024 / 1024 / (totalMs / 1000)).toFixed(1)} MiB/s`);
const meanOfMedians = best.reduce((a, b) => a + b, 0) / best.length;
console.log(`mean of per-query medians: ${meanOfMedians.toFixed(3)} ms; wall ${totalMs.toFixed(0)} ms for ${queries.length * ROUNDS} parses`);
