// `npx tsx bench/geo/run.ts [--rows 2000000]`: the per-row cost of JS session functions in DuckDB
// (vector chunks of 2,048 rows cross into JS once each), against the same work in plain SQL, and of
// the KQL geo functions that use them. Reports wall ms and process CPU ms per query, and ns per row
// above the SQL baseline; CPU times do not grow when other processes take the cores.
import { DuckDBInstance } from '@duckdb/node-api';
import { loadavg } from 'node:os';
import { duckdbDialect, sessionSetupOf } from '../../src/kql/index.js';
import { installSessionFunction } from '../../src/storage/duckdb/session-functions.js';
import type { SessionFunction } from '../../src/storage/engine.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROWS = arg('rows', 2_000_000);

const addJs: SessionFunction = { kind: 'function', name: 'bench_add', parameters: ['DOUBLE', 'DOUBLE'], returns: 'DOUBLE', row: ([a, b]) => (a as number) + (b as number) };
const addBatch: SessionFunction = {
  kind: 'function', name: 'bench_add_batch', parameters: ['DOUBLE', 'DOUBLE'], returns: 'DOUBLE',
  batch: ([a, b], n) => { const out = new Array<number>(n); for (let i = 0; i < n; i++) out[i] = (a![i] as number) + (b![i] as number); return out; },
};
const strJs: SessionFunction = { kind: 'function', name: 'bench_str', parameters: ['DOUBLE'], returns: 'VARCHAR', row: ([a]) => `p${a as number}` };

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await instance.connect();
for (const step of sessionSetupOf(duckdbDialect)) {
  if (typeof step === 'string') await con.run(step);
  else installSessionFunction(con, step);
}
for (const f of [addJs, addBatch, strJs]) installSessionFunction(con, f);

const POLYGON = `'{"type":"Polygon","coordinates":[[[-73.92597198486328,40.87821814104651],[-73.94691467285156,40.85069618625578],[-74.01008605957031,40.7519385984599],[-74.01866912841797,40.704586878965245],[-73.97747039794922,40.71083299030839],[-73.94210815429688,40.77586181063573],[-73.9101791381836,40.871728144624974],[-73.92597198486328,40.87821814104651]]]}'::JSON`;
// Coordinates spread over the New York area, from the row number.
const LNG = `(-74.05 + (i % 1000) * 0.0002)`;
const LAT = `(40.65 + (i // 1000 % 1000) * 0.0003)`;

const cases: [string, string][] = [
  ['SQL baseline: sum(x + 1)', `SELECT sum(i::DOUBLE + 1) FROM range(${ROWS}) t(i)`],
  ['JS row fn DOUBLE,DOUBLE→DOUBLE', `SELECT sum(bench_add(i::DOUBLE, 1)) FROM range(${ROWS}) t(i)`],
  ['JS batch fn DOUBLE,DOUBLE→DOUBLE', `SELECT sum(bench_add_batch(i::DOUBLE, 1)) FROM range(${ROWS}) t(i)`],
  ['SQL baseline: count(text)', `SELECT count('p' || i::VARCHAR) FROM range(${ROWS}) t(i)`],
  ['JS row fn DOUBLE→VARCHAR', `SELECT count(bench_str(i::DOUBLE)) FROM range(${ROWS}) t(i)`],
  ['geo_point_to_geohash(lng, lat, 5)', `SELECT count(DISTINCT kql_geo_point_to_geohash(${LNG}, ${LAT}, 5)) FROM range(${ROWS}) t(i)`],
  ['geo_point_to_s2cell(lng, lat, 11)', `SELECT count(DISTINCT kql_geo_point_to_s2cell(${LNG}, ${LAT}, 11)) FROM range(${ROWS}) t(i)`],
  ['geo_point_to_h3cell(lng, lat, 6)', `SELECT count(DISTINCT kql_geo_point_to_h3cell(${LNG}, ${LAT}, 6)) FROM range(${ROWS}) t(i)`],
  ['geo_distance_2points', `SELECT sum(kql_geo_distance_2points(${LNG}, ${LAT}, -73.98, 40.75)) FROM range(${ROWS}) t(i)`],
  ['geo_point_in_polygon (constant polygon)', `SELECT count(*) FILTER (WHERE kql_geo_point_in_polygon(${LNG}, ${LAT}, ${POLYGON})) FROM range(${ROWS}) t(i)`],
];

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
console.log(`rows ${ROWS.toLocaleString('en-US')}, load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
const results: Record<string, { wall: number; cpu: number }> = {};
for (const [name, sql] of cases) {
  await con.run(sql); // warm-up (JIT, caches)
  const c0 = cpuMs(), t0 = performance.now();
  await con.runAndReadAll(sql);
  const wall = performance.now() - t0, cpu = cpuMs() - c0;
  results[name] = { wall, cpu };
  const base = name.includes('VARCHAR') ? results['SQL baseline: count(text)'] : results['SQL baseline: sum(x + 1)'];
  const over = base && !name.startsWith('SQL') ? `  +${(((cpu - base.cpu) * 1e6) / ROWS).toFixed(0)} ns/row CPU over the SQL baseline` : '';
  console.log(`${name.padEnd(42)} wall ${wall.toFixed(0).padStart(6)} ms  CPU ${cpu.toFixed(0).padStart(6)} ms  ${((cpu * 1e6) / ROWS).toFixed(0).padStart(5)} ns/row${over}`);
}
con.closeSync();
instance.closeSync();
