// The differential check of the two KQL engines: the row evaluator that runs DCR transforms at
// ingestion (src/kql/runtime) and the SQL query engine (src/kql compileQuery → DuckDB). The same
// query over the same records must give the same rows.
//
// The SQL side sees the records exactly as storage keeps them: typed by the stream declaration
// (the pipeline's coercion), encoded with the pipeline's value encoders, loaded into a table of the
// storage engine's physical types with the storage engine's own load statement, queried with the
// dialect's prelude — on an in-memory DuckDB (one thread, memory cap: the machine is shared).
//
// Results are compared as multisets of rows, each value normalised by its KQL type: strings with
// KQL's rule that a null string is "", datetimes at the microsecond storage keeps, reals to 12
// significant digits, dynamic values structurally (bag key order ignored, datetime-shaped strings as
// instants).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { compileQuery, duckdbDialect, staticSchema } from '../../src/kql/index.js';
import { parseDatetime } from '../../src/kql/runtime/datetime.js';
import type { ColumnDecl, KqlType } from '../../src/kql/runtime/types.js';
import { valueEncoder, OMIT, UNSTORABLE } from '../../src/pipeline/encode/value-encoders.js';
import { loadStatement } from '../../src/storage/duckdb/load-sql.js';
import { DUCKDB_TYPE } from '../../src/storage/duckdb/types.js';
import { vigilValueConverter } from '../../src/storage/duckdb/values.js';
import '../../src/kql/runtime/dynamic.js';

export interface Rows {
  columns: ColumnDecl[];
  rows: unknown[][];
}

/** One DuckDB for a whole test file. */
export class SqlSide {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
    private readonly dir: string,
  ) {}

  static async open(): Promise<SqlSide> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB', max_temp_directory_size: '0KB' });
    const con = await instance.connect();
    for (const p of duckdbDialect.prelude) await con.run(p);
    return new SqlSide(instance, con, await mkdtemp(join(tmpdir(), 'vigil-diff-')));
  }

  /** Replaces table `source` with these typed records (the transform's input after coercion). */
  async loadSource(columns: readonly ColumnDecl[], records: readonly Record<string, unknown>[]): Promise<void> {
    await this.con.run('DROP TABLE IF EXISTS "source"');
    await this.con.run(`CREATE TABLE "source" (${columns.map((c) => `"${c.name.replace(/"/g, '""')}" ${DUCKDB_TYPE[c.type]}`).join(', ')})`);
    const encoders = columns.map((c) => valueEncoder(c.type));
    const lines = records.map((r) => {
      const o: Record<string, unknown> = {};
      columns.forEach((c, i) => {
        const v = encoders[i](r[c.name] as never);
        if (v !== OMIT && v !== UNSTORABLE) o[c.name] = v;
      });
      return JSON.stringify(o);
    });
    const path = join(this.dir, 'source.ndjson');
    await writeFile(path, lines.join('\n') + '\n');
    await this.con.run(loadStatement({ name: 'source', columns: columns.map((c) => ({ name: c.name, type: c.type })), options: {} }, path, { format: 'ndjson' }));
  }

  /**
   * Compiles `kql` with the query engine (`source` as the one table when columns are given) and runs
   * it. Returns the diagnostics when it does not compile, the error text when it does not run.
   */
  async run(kql: string, source: readonly ColumnDecl[] | undefined, nowTicks: bigint): Promise<Rows | { compileError: string } | { runError: string }> {
    const schema = staticSchema(source ? [{ name: 'source', columns: source.map((c) => ({ name: c.name, type: c.type })) }] : []);
    let compiled = compileQuery(kql, { schema, dialect: duckdbDialect, now: nowTicks });
    for (let round = 0; compiled.probes && round < 3; round++) {
      const pluginSchemas: Record<string, string[]> = {};
      for (const p of compiled.probes) pluginSchemas[p.id] = (await this.con.runAndReadAll(p.sql)).getRows().map((r) => String(r[0]));
      compiled = compileQuery(kql, { schema, dialect: duckdbDialect, now: nowTicks, pluginSchemas });
    }
    if (!compiled.sql) return { compileError: compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ') };
    try {
      const reader = await this.con.runAndReadAll(compiled.sql);
      return { columns: compiled.columns.map((c) => ({ name: c.name, type: c.type as KqlType })), rows: reader.convertRows(vigilValueConverter) as unknown[][] };
    } catch (e) {
      return { runError: (e as Error).message.split('\n')[0] };
    }
  }

  async close(): Promise<void> {
    this.con.closeSync();
    this.instance.closeSync();
    await rm(this.dir, { recursive: true, force: true });
  }
}

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Microseconds of an instant, from either side's representation. */
function micros(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'bigint') return (v >= 0n ? v / 10n : -((-v + 9n) / 10n)).toString();
  if (typeof v === 'string') {
    const t = parseDatetime(v);
    return t === null ? `?${v}` : micros(t);
  }
  if (typeof v === 'object' && v !== null && 'ticks' in v) return micros((v as { ticks: bigint }).ticks);
  return `?${String(v)}`;
}

function real(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return '0';
  return Number(v.toPrecision(12)).toString();
}

/** A dynamic value as canonical JSON: keys sorted, numbers to 12 digits, datetime-shaped strings as instants. */
function canonicalJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return `#${v.toString()}`;
  if (typeof v === 'number') return real(v);
  if (typeof v === 'string') return ISO_LIKE.test(v) ? `@${micros(v)}` : v;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(canonicalJson);
  if (typeof v === 'object') {
    // The runtime boxes datetimes/timespans inside dynamic; they serialise themselves.
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((v as { toJSON(): unknown }).toJSON());
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canonicalJson(o[k])]));
  }
  return String(v);
}

/**
 * One value normalised by its column's KQL type, as text. `side` says where it comes from: a dynamic
 * value of the row evaluator is the JSON tree itself (a JS string is a dynamic string), one of the
 * SQL engine is compact JSON text.
 */
export function normalise(type: KqlType, v: unknown, side: 'row' | 'sql'): string {
  switch (type) {
    case 'string':
      return v === null || v === undefined ? '' : String(v);
    case 'datetime':
      return String(micros(v));
    case 'timespan':
      return v === null || v === undefined ? 'null' : BigInt(v as bigint | number | string).toString();
    case 'int':
    case 'long':
      return v === null || v === undefined ? 'null' : Number(v).toString();
    case 'real':
    case 'decimal':
      return v === null || v === undefined ? 'null' : real(Number(v));
    case 'bool':
      return v === null || v === undefined ? 'null' : String(v);
    case 'guid':
      return v === null || v === undefined ? 'null' : String(v).toLowerCase();
    case 'dynamic': {
      if (v === null || v === undefined) return 'null';
      const parsed = side === 'sql' && typeof v === 'string' ? safeParse(v) : v;
      return JSON.stringify(canonicalJson(parsed));
    }
  }
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Rows as sorted canonical lines (a multiset), using the row evaluator's column types. */
export function canonicalRows(r: Rows, side: 'row' | 'sql'): string[] {
  return r.rows.map((row) => JSON.stringify(r.columns.map((c, i) => normalise(c.type, row[i], side)))).sort();
}

/**
 * The differences between the two sides: [] when they agree. Column names, types and the row count
 * are compared first (a difference there is one entry keyed '*'); then each column's values as a
 * multiset, so a difference is attributed to the column that holds it (key: the column name).
 */
export function compareRows(rowSide: Rows, sqlSide: Rows): { column: string; detail: string }[] {
  const names = (x: Rows) => x.columns.map((c) => c.name).join(',');
  if (names(rowSide) !== names(sqlSide)) return [{ column: '*', detail: `columns: row evaluator [${names(rowSide)}], SQL [${names(sqlSide)}]` }];
  const types = (x: Rows) => x.columns.map((c) => c.type).join(',');
  if (types(rowSide) !== types(sqlSide)) return [{ column: '*', detail: `types: row evaluator [${types(rowSide)}], SQL [${types(sqlSide)}]` }];
  if (rowSide.rows.length !== sqlSide.rows.length) return [{ column: '*', detail: `row count: row evaluator ${rowSide.rows.length}, SQL ${sqlSide.rows.length}` }];
  const out: { column: string; detail: string }[] = [];
  rowSide.columns.forEach((c, i) => {
    const a = rowSide.rows.map((r) => normalise(c.type, r[i], 'row')).sort();
    const b = sqlSide.rows.map((r) => normalise(c.type, r[i], 'sql')).sort();
    const bag = new Map<string, number>();
    for (const x of a) bag.set(x, (bag.get(x) ?? 0) + 1);
    const onlySql: string[] = [];
    for (const x of b) {
      const n = bag.get(x) ?? 0;
      if (n > 0) bag.set(x, n - 1);
      else onlySql.push(x);
    }
    if (onlySql.length === 0) return;
    const onlyRow = [...bag].flatMap(([x, n]) => Array<string>(n).fill(x));
    out.push({ column: c.name, detail: `${onlySql.length} value(s) differ, e.g. row evaluator ${onlyRow[0]} / SQL ${onlySql[0]}` });
  });
  return out;
}
