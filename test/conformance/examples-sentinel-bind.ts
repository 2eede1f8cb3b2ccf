// Bind rate of the real Sentinel queries (kql-conformance/sentinel-queries.jsonl): each query is
// compiled to DuckDB SQL against the table schemas of fixtures/schemas/ plus stub tables for the
// other tables it names. A stub table has a datetime `TimeGenerated` and, as dynamic columns, every
// other identifier the query mentions (so that the binder, not the missing schema, is measured).
// Every table also has Vigil's standard columns (TenantId, Type, …, _TimeReceived), as the query
// executor's schema gives them (src/query/schema.ts).

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { physicalColumns } from '../../src/workspace/standard-columns.js';
import { installSessionFunction } from '../../src/storage/duckdb/session-functions.js';
import { compileQuery, duckdbDialect, parse, sessionSetupOf, type CompiledQuery, type SchemaProvider, type TableSchema, type Column, type ScalarType } from '../../src/kql/index.js';

export const SENTINEL_PATH = '../shared/kql-conformance/sentinel-queries.jsonl';
export const SCHEMAS_DIR = '../shared/fixtures/schemas';

export interface SentinelRecord {
  source_path: string;
  query: string;
}

export function loadFixtureSchemas(dir = SCHEMAS_DIR): TableSchema[] {
  const out: TableSchema[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json')) continue;
    const j = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { table?: string; columns?: Array<{ name: string; type: string }> };
    if (!j.table || !Array.isArray(j.columns)) continue;
    const cols: Column[] = j.columns.map((c) => ({ name: c.name, type: (c.type === 'boolean' ? 'bool' : c.type) as ScalarType }));
    out.push({ name: j.table, columns: withStandardColumns(cols) });
  }
  return out;
}

function withStandardColumns(cols: Column[]): Column[] {
  return physicalColumns({ columns: cols }).map((c) => ({ name: c.name, type: c.type as ScalarType }));
}

/** Every identifier of the query text (a superset of the column names it uses). */
function identifiers(q: string): string[] {
  const ids = new Set<string>();
  for (const m of q.matchAll(/\[\s*'([^']+)'\s*\]|\[\s*"([^"]+)"\s*\]|\b([A-Za-z_][A-Za-z0-9_]*)\b/g)) ids.add(m[1] ?? m[2] ?? m[3]!);
  return [...ids];
}

/** Known tables from the fixtures; any other name resolves to a stub table (see above). */
export function providerFor(q: string, known: readonly TableSchema[]): SchemaProvider {
  const map = new Map(known.map((t) => [t.name, t]));
  const ids = identifiers(q);
  const stubColumns: Column[] = withStandardColumns([
    { name: 'TimeGenerated', type: 'datetime' },
    ...ids.filter((i) => i !== 'TimeGenerated').map((name) => ({ name, type: 'dynamic' as ScalarType })),
  ]);
  const stub = (name: string): TableSchema => ({ name, columns: stubColumns });
  return {
    table: (name) => map.get(name) ?? (/^[A-Z][A-Za-z0-9_]*$/.test(name) ? stub(name) : undefined),
    tableNames: () => [...map.keys()],
  };
}

export interface SentinelSummary {
  total: number;
  parsed: number;
  bound: number;
  compiled: number;
  /** Compiled queries DuckDB also runs (on empty tables of the same schemas); set by runSentinelExecute. */
  executed?: number;
  failures: Array<{ id: string; stage: 'parse' | 'bind' | 'print'; code: string; message: string }>;
}

export function loadSentinel(path = SENTINEL_PATH): SentinelRecord[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as SentinelRecord);
}

/**
 * `externaldata` URIs (threat feeds, watchlists on GitHub) are mapped to one local file: `emptyFile`
 * (an empty file when the SQL is run; any path when only compiled).
 */
function compileOne(q: string, schema: SchemaProvider, emptyFile = '/dev/null'): CompiledQuery {
  const options = { schema, dialect: duckdbDialect, now: new Date('2024-01-01T00:00:00Z'), externalData: () => emptyFile };
  const c = compileQuery(q, options);
  // Data-dependent schemas (pivot, bag_unpack) have no data here: answer their probes with none.
  return c.probes ? compileQuery(q, { ...options, pluginSchemas: Object.fromEntries(c.probes.map((p) => [p.id, []])) }) : c;
}

export function runSentinelBind(records = loadSentinel()): SentinelSummary {
  const known = loadFixtureSchemas();
  const s: SentinelSummary = { total: records.length, parsed: 0, bound: 0, compiled: 0, failures: [] };
  for (const r of records) {
    if (parse(r.query).diagnostics.some((d) => d.severity === 'error')) {
      s.failures.push({ id: r.source_path, stage: 'parse', code: '', message: 'syntax error' });
      continue;
    }
    s.parsed++;
    const c = compileOne(r.query, providerFor(r.query, known));
    if (c.bound) s.bound++;
    if (c.sql) { s.compiled++; continue; }
    const d = c.diagnostics[0];
    s.failures.push({ id: r.source_path, stage: c.bound ? 'print' : 'bind', code: d?.code ?? '', message: d?.message ?? (c.probes ? 'needs a schema probe' : '') });
  }
  return s;
}

const SQL_TYPES: Record<ScalarType, string> = {
  bool: 'BOOLEAN', int: 'INTEGER', long: 'BIGINT', real: 'DOUBLE', decimal: 'DECIMAL(38,18)', string: 'VARCHAR',
  datetime: 'TIMESTAMP', timespan: 'BIGINT', dynamic: 'JSON', guid: 'UUID',
};

/**
 * Runs every compiled query on DuckDB over empty tables with the schemas it was compiled against
 * (the physical types of docs/architecture.md): the SQL must be accepted and planned by the engine.
 */
export async function runSentinelExecute(records = loadSentinel(), s = runSentinelBind(records)): Promise<SentinelSummary> {
  const known = loadFixtureSchemas();
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB' });
  const con = await instance.connect();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sentinel-'));
  const emptyFile = join(dir, 'external.txt');
  writeFileSync(emptyFile, '');
  try {
    for (const step of sessionSetupOf(duckdbDialect)) {
      if (typeof step === 'string') await con.run(step);
      else installSessionFunction(con, step);
    }
    let executed = 0;
    for (const r of records) {
      if (parse(r.query).diagnostics.some((d) => d.severity === 'error')) continue;
      const used = new Map<string, TableSchema>();
      const base = providerFor(r.query, known);
      const provider: SchemaProvider = { table: (n) => { const t = base.table(n); if (t) used.set(n, t); return t; }, tableNames: base.tableNames };
      const c = compileOne(r.query, provider, emptyFile);
      if (!c.sql) continue;
      await con.run('DROP SCHEMA IF EXISTS probe CASCADE; CREATE SCHEMA probe; SET search_path = probe');
      for (const t of used.values()) {
        const seen = new Set<string>();
        const defs = t.columns.filter((x) => !seen.has(x.name.toLowerCase()) && seen.add(x.name.toLowerCase()))
          .map((x) => `"${x.name.replace(/"/g, '""')}" ${SQL_TYPES[x.type]}`);
        await con.run(`CREATE TABLE probe."${t.name}" (${defs.join(', ')})`);
      }
      const timer = setTimeout(() => con.interrupt(), 10_000);
      try {
        await con.runAndReadAll(c.sql);
        executed++;
      } catch (err) {
        s.failures.push({ id: r.source_path, stage: 'print', code: 'SQL', message: (err as Error).message.split('\n')[0]! });
      } finally {
        clearTimeout(timer);
      }
    }
    s.executed = executed;
  } finally {
    con.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
  return s;
}

export function formatSentinelSummary(s: SentinelSummary): string {
  const pct = (n: number) => `${((100 * n) / s.total).toFixed(1)} %`;
  const exec = s.executed !== undefined ? `, run by DuckDB on empty tables ${s.executed} (${pct(s.executed)})` : '';
  return `sentinel-queries: ${s.total} queries; parsed ${s.parsed}, bound ${s.bound} (${pct(s.bound)}), compiled to SQL ${s.compiled} (${pct(s.compiled)})${exec}`;
}
