// Test helper: compiles KQL with Vigil and runs the SQL on a real in-memory DuckDB (prelude
// installed), returning rows as plain JS values per the KQL column types:
// long/timespan → bigint, int/real → number, datetime → ISO text (µs), dynamic → parsed JSON,
// guid/string → string, bool → boolean.

import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { compileQuery, duckdbDialect, emptySchema, sessionSetupOf, type CompileOptions, type CompiledQuery, type SchemaProvider, type ScalarType } from '../../../src/kql/index.js';
import { installSessionFunction } from '../../../src/storage/duckdb/session-functions.js';

export const TEST_NOW = new Date('2024-01-01T00:00:00Z');

export interface KqlResult {
  columns: Array<{ name: string; type: ScalarType }>;
  rows: unknown[][];
  compiled: CompiledQuery;
}

function toJs(v: DuckDBValue, type: ScalarType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': {
      const micros = (v as { micros: bigint }).micros;
      return new Date(Number(micros / 1000n)).toISOString().replace('Z', '') + String(micros % 1000n).padStart(3, '0') + 'Z';
    }
    case 'long': case 'timespan': return typeof v === 'bigint' ? v : BigInt(v as number);
    case 'int': case 'real': return Number(v);
    case 'dynamic': return JSON.parse(String(v));
    case 'bool': return v;
    default: return String(v);
  }
}

export class KqlRunner {
  private constructor(private readonly instance: DuckDBInstance, readonly con: DuckDBConnection) {}

  static async create(): Promise<KqlRunner> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '256MB' });
    const con = await instance.connect();
    // The dialect's session setup: prelude macros, then the JS functions (series_*, geo_*).
    for (const step of sessionSetupOf(duckdbDialect)) {
      if (typeof step === 'string') await con.run(step);
      else installSessionFunction(con, step);
    }
    return new KqlRunner(instance, con);
  }

  compile(query: string, schema: SchemaProvider = emptySchema): CompiledQuery {
    return compileQuery(query, { schema, dialect: duckdbDialect, now: TEST_NOW });
  }

  compileWith(query: string, extra: Partial<CompileOptions>): CompiledQuery {
    return compileQuery(query, { schema: emptySchema, dialect: duckdbDialect, now: TEST_NOW, ...extra });
  }

  /** Runs with extra compile options (externalData, scanScope, parameters, …). */
  async runWith(query: string, extra: Partial<CompileOptions>): Promise<KqlResult> {
    const compiled = this.compileWith(query, extra);
    if (!compiled.sql) throw new Error(`does not compile: ${JSON.stringify(compiled.diagnostics)}`);
    const reader = await this.con.runAndReadAll(compiled.sql);
    const types = compiled.columns.map((c) => c.type);
    return { columns: compiled.columns, rows: reader.getRows().map((r) => r.map((v, i) => toJs(v, types[i]!))), compiled };
  }

  async run(query: string, schema: SchemaProvider = emptySchema): Promise<KqlResult> {
    let compiled = this.compile(query, schema);
    // Data-dependent schemas: run the probes, then compile again with their answers.
    if (compiled.probes) {
      const pluginSchemas: Record<string, string[]> = {};
      for (const p of compiled.probes) pluginSchemas[p.id] = (await this.con.runAndReadAll(p.sql)).getRows().map((r) => String(r[0]));
      compiled = compileQuery(query, { schema, dialect: duckdbDialect, now: TEST_NOW, pluginSchemas });
    }
    if (!compiled.sql) throw new Error(`does not compile: ${JSON.stringify(compiled.diagnostics)}`);
    const reader = await this.con.runAndReadAll(compiled.sql);
    const types = compiled.columns.map((c) => c.type);
    return { columns: compiled.columns, rows: reader.getRows().map((r) => r.map((v, i) => toJs(v, types[i]!))), compiled };
  }

  /** The single value of a one-row, one-column query. */
  async scalar(query: string): Promise<unknown> {
    const r = await this.run(query);
    if (r.rows.length !== 1 || r.rows[0]!.length !== 1) throw new Error(`expected one value, got ${JSON.stringify(r.rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
    return r.rows[0]![0];
  }

  close(): void {
    this.con.closeSync();
    this.instance.closeSync();
  }
}
