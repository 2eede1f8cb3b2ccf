// Runs the self-contained documentation examples (kql-conformance/examples.jsonl) through Vigil's
// compiler on an in-memory DuckDB and compares each result with the documented output table
// (spec/kql.md §6.3). Library used by examples.test.ts and by `npm run conformance`.

import { readFileSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { compileQuery, duckdbDialect, emptySchema, sessionSetupOf, type Column, type ScalarType } from '../../src/kql/index.js';
import { installSessionFunction } from '../../src/storage/duckdb/session-functions.js';
import { orderedMatch, parseDatetimeCell, unorderedMatch, type ActualValue } from './examples-compare.js';
import { triageOf, TRIAGE, type ExampleTriage } from './examples-triage.js';

export interface ExampleRecord {
  page: string;
  line: number;
  query: string;
  columns: string[];
  rows: string[][];
  truncated: boolean;
  abbreviated: boolean;
  parser_semantic_errors?: unknown;
}

/**
 * `pass` includes records that pass with a documented correction of the doc (examples-triage.ts,
 * `corrected` in the result); `nondeterministic` records (rand(), sample, new_guid()) had their
 * shape checked only and are never counted as passed.
 */
export type Outcome = 'pass' | 'fail' | 'unsupported' | 'compile-error' | 'runtime-error' | 'nondeterministic';

export interface ExampleResult {
  id: string;
  page: string;
  comparable: boolean;
  outcome: Outcome;
  detail?: string;
  /** The triage entry applied (a doc correction, a shape-only check, or a known limitation). */
  triage?: ExampleTriage;
}

export interface ExamplesSummary {
  total: number;
  comparable: number;
  counts: Record<Outcome, number>;
  comparableCounts: Record<Outcome, number>;
  byPage: Record<string, Record<Outcome, number>>;
  results: ExampleResult[];
  /** Comparable records that pass only with a doc correction (included in `pass`). */
  corrected: number;
  /** Triage entries (for the records run) that are no longer needed: their record passes as written. */
  staleTriage: string[];
}

export const EXAMPLES_PATH = '../shared/kql-conformance/examples.jsonl';

/** Diagnostic codes that mean "Vigil does not implement this" (as opposed to a compiler bug). */
const UNSUPPORTED_CODES = new Set(['KQL2004', 'KQL2005', 'KQL2012', 'KQL2017', 'KQL2020', 'KQL2024']);

/** Fixed "now" for every example, so that results are reproducible. */
const NOW = new Date('2024-01-01T00:00:00Z');

const ORDER_MARKERS = /\b(sort|order)\s+by\b|\|\s*top\s|\bserialize\b|\brow_number\s*\(|\bprev\s*\(|\bnext\s*\(|\|\s*scan\b/;

/** The query fixes its row order (§6.3): compare rows in order. */
export function queryFixesOrder(q: string): boolean {
  if (ORDER_MARKERS.test(q)) return true;
  return /(^|\n|;)\s*range\s+\w+\s+from\b/.test(q) && !/\|\s*(summarize|join|union|distinct|mv-expand|lookup|make-series|evaluate)\b/.test(q);
}

export function loadExamples(path = EXAMPLES_PATH): ExampleRecord[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ExampleRecord);
}

/** Converts an engine value of a KQL-typed column to the value the comparison expects. */
function toActual(v: DuckDBValue, type: ScalarType): ActualValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': {
      const micros = (v as { micros: bigint }).micros;
      return micros * 10n;
    }
    case 'timespan':
    case 'long':
      return typeof v === 'bigint' ? v : BigInt(v as number);
    case 'int':
      return Number(v);
    case 'real':
      return typeof v === 'number' ? v : Number(v);
    case 'decimal':
      return (v as { toDouble(): number }).toDouble ? (v as { toDouble(): number }).toDouble() : Number(v);
    case 'bool':
      return v as boolean;
    case 'dynamic':
      try {
        return JSON.parse(String(v));
      } catch {
        return String(v);
      }
    default:
      return String(v);
  }
}

const MAX_ROWS = 10_000;
/** The runner stops rather than take the shared machine's memory. */
const MAX_RSS = 3e9;

async function runSql(con: DuckDBConnection, sql: string, timeoutMs: number): Promise<DuckDBValue[][]> {
  const timer = setTimeout(() => con.interrupt(), timeoutMs);
  try {
    // Read at most MAX_ROWS rows: documentation outputs are small, a runaway query is not.
    const reader = await con.streamAndReadUntil(sql, MAX_ROWS + 1);
    return reader.getRows().slice(0, MAX_ROWS + 1);
  } finally {
    clearTimeout(timer);
  }
}

interface RunOptions {
  /** now() in 100 ns ticks. */
  now?: bigint;
}

interface Ran {
  outcome: Outcome;
  detail?: string;
  columns?: Column[];
  actual?: ActualValue[][];
}

async function compileAndRun(con: DuckDBConnection, r: ExampleRecord, opts: RunOptions = {}): Promise<Ran> {
  let compiled;
  const now = opts.now ?? NOW;
  try {
    compiled = compileQuery(r.query, { schema: emptySchema, dialect: duckdbDialect, now });
    // Data-dependent schemas (bag_unpack): answer the probes, then compile again.
    const pluginSchemas: Record<string, string[]> = {};
    for (let round = 0; compiled.probes && round < 3; round++) {
      for (const p of compiled.probes) pluginSchemas[p.id] = (await runSql(con, p.sql, 10_000)).map((row) => String(row[0]));
      compiled = compileQuery(r.query, { schema: emptySchema, dialect: duckdbDialect, now, pluginSchemas });
    }
  } catch (err) {
    return { outcome: 'compile-error', detail: `crash: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}` };
  }
  if (!compiled.sql) {
    const d = compiled.diagnostics[0]!;
    return { outcome: UNSUPPORTED_CODES.has(d.code) ? 'unsupported' : 'compile-error', detail: `${d.code} ${d.message}` };
  }
  let rows: DuckDBValue[][];
  try {
    rows = await runSql(con, compiled.sql, 10_000);
  } catch (err) {
    return { outcome: 'runtime-error', detail: (err as Error).message.split('\n')[0] };
  }
  const cols: Column[] = compiled.columns;
  const types = cols.map((c) => c.type);
  return { outcome: 'pass', columns: cols, actual: rows.map((row) => row.map((v, i) => toActual(v, types[i]!))) };
}

const show = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/** Compares a run with the record's expected table, with a doc correction applied if given. */
function compare(r: ExampleRecord, ran: Ran, fix?: ExampleTriage): Omit<ExampleResult, 'id' | 'page' | 'comparable'> {
  const cols = ran.columns!;
  const names = cols.map((c) => c.name);
  const expectedColumns = fix?.columns ?? r.columns;
  if (names.join('\u0001') !== expectedColumns.join('\u0001')) {
    return { outcome: 'fail', detail: `columns ${JSON.stringify(names)} expected ${JSON.stringify(expectedColumns)}` };
  }
  const types = cols.map((c) => c.type);
  let expected = (fix?.rows ?? r.rows).map((row) => row.slice());
  for (const [i, j, text] of fix?.cells ?? []) expected[i]![j] = text;
  let actual = ran.actual!;
  if (fix?.collapseWhitespace) {
    const squash = (v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : v);
    expected = expected.map((row) => row.map((c) => squash(c) as string));
    actual = actual.map((row) => row.map(squash));
  }
  const ordered = queryFixesOrder(r.query) && !fix?.unordered;
  const partial = r.truncated;
  const ok = ordered ? orderedMatch(types, actual, expected, partial) : unorderedMatch(types, actual, expected, partial);
  if (ok) return { outcome: 'pass' };
  return { outcome: 'fail', detail: `${ordered ? 'ordered ' : ''}rows ${show(actual.slice(0, 4))} expected ${show(expected.slice(0, 4))}` };
}

export async function runExample(con: DuckDBConnection, r: ExampleRecord): Promise<Omit<ExampleResult, 'id' | 'page' | 'comparable'>> {
  const ran = await compileAndRun(con, r);
  const fix = triageOf(r.page, r.line);
  const asWritten = ran.outcome === 'pass' ? compare(r, ran) : { outcome: ran.outcome, detail: ran.detail };
  // A non-deterministic record is shape-checked even when a run happens to reproduce the doc.
  if ((asWritten.outcome === 'pass' && fix?.kind !== 'nondeterministic') || !fix) return asWritten;
  switch (fix.kind) {
    case 'limitation':
      return { ...asWritten, triage: fix };
    case 'nondeterministic': {
      if (ran.outcome !== 'pass') return { ...asWritten, triage: fix };
      const names = ran.columns!.map((c) => c.name);
      const shape = names.join('\u0001') === r.columns.join('\u0001') && ran.actual!.length === r.rows.length;
      return shape
        ? { outcome: 'nondeterministic', triage: fix }
        : { outcome: 'fail', triage: fix, detail: `shape: columns ${JSON.stringify(names)}, ${ran.actual!.length} rows; expected ${JSON.stringify(r.columns)}, ${r.rows.length} rows` };
    }
    case 'doc': {
      const again = fix.now ? await compileAndRun(con, r, { now: parseDatetimeCell(fix.now) }) : ran;
      if (again.outcome !== 'pass') return { outcome: again.outcome, detail: again.detail, triage: fix };
      const res = compare(r, again, fix);
      return { ...res, triage: fix, detail: res.outcome === 'pass' ? undefined : `(with the doc correction) ${res.detail}` };
    }
  }
}

function emptyCounts(): Record<Outcome, number> {
  return { pass: 0, fail: 0, unsupported: 0, 'compile-error': 0, 'runtime-error': 0, nondeterministic: 0 };
}

export async function runExamples(records = loadExamples(), progress?: (i: number, r: ExampleRecord) => void): Promise<ExamplesSummary> {
  // One thread and a memory cap: the machine is shared, and a wrong plan must fail, not swap.
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB', max_temp_directory_size: '0KB' });
  const con = await instance.connect();
  for (const step of sessionSetupOf(duckdbDialect)) {
    if (typeof step === 'string') await con.run(step);
    else installSessionFunction(con, step);
  }
  const summary: ExamplesSummary = {
    total: records.length, comparable: 0, counts: emptyCounts(), comparableCounts: emptyCounts(), byPage: {}, results: [],
    corrected: 0, staleTriage: [],
  };
  try {
    for (const [i, r] of records.entries()) {
      progress?.(i, r);
      if (process.memoryUsage().rss > MAX_RSS) throw new Error(`memory guard: RSS above ${MAX_RSS} bytes before ${r.page}:${r.line}`);
      const comparable = !r.truncated && !r.abbreviated;
      const res = await runExample(con, r);
      const result: ExampleResult = { id: `${r.page}:${r.line}`, page: r.page, comparable, ...res };
      summary.results.push(result);
      summary.counts[res.outcome]++;
      if (comparable) {
        summary.comparable++;
        summary.comparableCounts[res.outcome]++;
        if (res.outcome === 'pass' && res.triage) summary.corrected++;
      }
      const page = (summary.byPage[r.page] ??= emptyCounts());
      page[res.outcome]++;
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  const ran = new Set(summary.results.map((x) => x.id));
  const used = new Set(summary.results.filter((x) => x.triage).map((x) => x.id));
  summary.staleTriage = TRIAGE.map((t) => `${t.page}:${t.line}`).filter((id) => ran.has(id) && !used.has(id));
  return summary;
}

export function formatSummary(s: ExamplesSummary, perPage = true): string {
  const lines: string[] = [];
  if (perPage) {
    for (const [page, c] of Object.entries(s.byPage).sort()) {
      lines.push(`${page.padEnd(60)} pass ${c.pass}  fail ${c.fail + c['runtime-error'] + c['compile-error']}  unsupported ${c.unsupported}`);
    }
  }
  const c = s.comparableCounts;
  lines.push(
    `examples: ${s.total} records; ${s.comparable} exact-comparable: passed ${c.pass} (${((100 * c.pass) / s.comparable).toFixed(1)} %; ` +
      `${c.pass - s.corrected} as written, ${s.corrected} with a documented doc correction), ` +
      `failed ${c.fail}, runtime errors ${c['runtime-error']}, compile errors ${c['compile-error']}, unsupported ${c.unsupported}, ` +
      `non-deterministic (shape checked, not counted) ${c.nondeterministic}`,
  );
  return lines.join('\n');
}
