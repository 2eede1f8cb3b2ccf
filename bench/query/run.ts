// Query benchmark: Sentinel-style KQL through Vigil's executor (parse, bind, plan, print, run on
// DuckDB, encode the cells) next to a hand-written DuckDB SQL equivalent run through the same
// storage engine, in the same process, on the same 10-million-row SecurityEvent table.
//
//   npm run bench:query [-- --rows 10000000 --runs 5 --data /tmp/vigil-bench-query --show-sql Q4 --threads 2 --memory 2GB]
//   npx tsx bench/query/run.ts --rows 1000000
//
// --data DIR keeps the generated data folder (re-used when it already holds a table of that size);
// without it a temporary folder is created and removed. Each figure is the median of --runs runs
// after one warm-up of each side; the two sides alternate which goes first. Row counts of the two
// sides are checked to be equal (values too, except where they may legitimately differ).
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { openEngine } from '../../src/storage/engine.js';
import { WorkspaceService } from '../../src/workspace/service.js';
import { QueryExecutor, WorkspaceSchema } from '../../src/query/index.js';
import { buildTable, TABLE } from './data.js';
import { benchQueries, type BenchQuery } from './queries.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const ROWS = Number(arg('rows') ?? 10_000_000);
const RUNS = Number(arg('runs') ?? 5);
const COMPILE_ITERATIONS = Number(arg('compile-iterations') ?? 200);
const KEEP = arg('data');
const SHOW_SQL = arg('show-sql');
const ONLY = arg('only')?.split(',');
// DuckDB settings of the run, stated rather than inherited from the storage engine's defaults
// (1 thread and 256MB on this 2-core machine, tuned for ingest; Q6 `arg_max(…, *)` over 4.5 M rows
// does not fit in 256MB on either side).
const THREADS = Number(arg('threads') ?? 2);
const MEMORY = arg('memory') ?? '2GB';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A canonical text of a row set, order-insensitive, for comparing the two sides. */
function canonical(rows: readonly (readonly unknown[])[]): string {
  return rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v).toISOString() : String(v))).join('\u0001')).sort().join('\n');
}

async function main(): Promise<void> {
  const dir = KEEP ?? (await mkdtemp(join(tmpdir(), 'vigil-bench-query-')));
  await mkdir(dir, { recursive: true });
  const engine = await openEngine({ dataDir: dir, threads: THREADS, memoryLimit: MEMORY });
  try {
    const ws = await WorkspaceService.open({ documents: engine.documents, tables: engine });
    const existing = ws.getTable(TABLE) ? Number((await engine.query(`SELECT count(*) FROM "${TABLE}"`)).rows[0]![0]) : 0;
    // The data ends at a fixed instant recorded with it, so a kept folder gives the same `ago()` windows.
    let end: Date;
    if (existing === ROWS) {
      end = new Date(String((await engine.query(`SELECT max(TimeGenerated) FROM "${TABLE}"`)).rows[0]![0]));
      console.log(`re-using ${ROWS.toLocaleString('en-US')} rows in ${dir}`);
    } else {
      if (existing > 0) await engine.query(`DELETE FROM "${TABLE}"`);
      end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
      const t0 = performance.now();
      await buildTable(ws, engine, ROWS, end);
      await engine.query('CHECKPOINT');
      const size = (() => {
        try {
          return execSync(`du -sh ${JSON.stringify(dir)}`).toString().split('\t')[0];
        } catch {
          return '?';
        }
      })();
      console.log(`built ${ROWS.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (${size} on disk) in ${dir}`);
      end = new Date(String((await engine.query(`SELECT max(TimeGenerated) FROM "${TABLE}"`)).rows[0]![0]));
    }
    const schema = new WorkspaceSchema(ws);
    const executor = new QueryExecutor({ schema, engine, limits: { timeoutMs: 600_000, maxTimeoutMs: 600_000 } });
    const queries = benchQueries(end).filter((q) => !ONLY || ONLY.includes(q.id));

    const results: { q: BenchQuery; kqlMs: number; sqlMs: number; compileMs: number; rows: number }[] = [];
    for (const q of queries) {
      const runKql = async () => {
        const t0 = performance.now();
        const out = await executor.run({ query: q.kql, now: end, timespans: q.timespan ? [q.timespan] : [] });
        return { ms: performance.now() - t0, rows: out.table.rows };
      };
      const runSql = async () => {
        const t0 = performance.now();
        const out = await engine.query(q.sql, undefined, { timeoutMs: 600_000 });
        return { ms: performance.now() - t0, rows: out.rows };
      };
      if (SHOW_SQL === q.id || SHOW_SQL === 'all') {
        console.log(`--- ${q.id} compiled SQL:\n${executor.prepare({ query: q.kql, now: end, timespans: q.timespan ? [q.timespan] : [] }).compiled.sql}\n`);
      }
      // Warm-up, and the check that both sides answer the same.
      const k0 = await runKql();
      const s0 = await runSql();
      if (k0.rows.length !== s0.rows.length) throw new Error(`${q.id}: KQL returned ${k0.rows.length} rows, SQL ${s0.rows.length}`);
      if (!q.rowCountOnly && canonical(k0.rows) !== canonical(s0.rows)) throw new Error(`${q.id}: KQL and SQL results differ`);
      const kql: number[] = [];
      const sql: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        if (r % 2 === 0) {
          kql.push((await runKql()).ms);
          sql.push((await runSql()).ms);
        } else {
          sql.push((await runSql()).ms);
          kql.push((await runKql()).ms);
        }
      }
      const compile: number[] = [];
      for (let i = 0; i < COMPILE_ITERATIONS; i++) {
        const t0 = performance.now();
        executor.prepare({ query: q.kql, now: end, timespans: q.timespan ? [q.timespan] : [] });
        compile.push(performance.now() - t0);
      }
      const row = { q, kqlMs: median(kql), sqlMs: median(sql), compileMs: median(compile), rows: k0.rows.length };
      results.push(row);
      console.log(`${q.id}  KQL ${row.kqlMs.toFixed(1)} ms  SQL ${row.sqlMs.toFixed(1)} ms  ratio ${(row.kqlMs / row.sqlMs).toFixed(2)}  compile ${row.compileMs.toFixed(3)} ms  rows ${row.rows}`);
    }
    schema.close();

    const ratios = results.map((r) => r.kqlMs / r.sqlMs);
    console.log('\n| # | query shape | KQL (ms) | SQL (ms) | ratio | parse+bind+plan+print (ms) | rows |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(`| ${r.q.id} | ${r.q.what} | ${r.kqlMs.toFixed(1)} | ${r.sqlMs.toFixed(1)} | ${(r.kqlMs / r.sqlMs).toFixed(2)} | ${r.compileMs.toFixed(3)} | ${r.rows} |`);
    }
    console.log(`\nmedian ratio ${median(ratios).toFixed(2)} (target ≤ 1.2), max ${Math.max(...ratios).toFixed(2)} (target ≤ 2), ` +
      `median parse+bind+plan+print ${median(results.map((r) => r.compileMs)).toFixed(3)} ms (target ≤ 2 ms); ${ROWS.toLocaleString('en-US')} rows, ${RUNS} runs, ` +
      `DuckDB ${THREADS} threads, memory limit ${MEMORY}`);
  } finally {
    await engine.close();
    if (!KEEP) await rm(dir, { recursive: true, force: true });
  }
}

await main();
