// How the connectors layer runs KQL: one small interface, `RunKql(text) → { columns, rows }`, so the
// status computation does not care which executor answers. `workspaceKqlRunner` is the in-process
// implementation over the KQL compiler and the storage engine, with the workspace's tables as the
// schema; the Log Analytics query executor (src/query) can replace it behind the same interface.
import { compileQuery, duckdbDialect, staticSchema, type ScalarType } from '../kql/index.js';
import type { StorageEngine } from '../storage/engine.js';
import type { WorkspaceService } from '../workspace/service.js';
import { physicalColumns } from '../workspace/standard-columns.js';

export interface KqlColumn {
  name: string;
  /** KQL type name: `string`, `datetime`, `bool`, `long`, … */
  type: string;
}

/**
 * Rows as the storage engine returns them: datetimes as ISO strings, `long` as bigint, dynamic as
 * JSON text, booleans as booleans, nulls as null.
 */
export interface KqlResult {
  columns: KqlColumn[];
  rows: unknown[][];
}

export interface KqlDiagnosticInfo {
  code: string;
  message: string;
  line?: number;
  column?: number;
}

/** The query did not compile, or the engine refused it. */
export class KqlQueryError extends Error {
  readonly diagnostics: readonly KqlDiagnosticInfo[];
  constructor(message: string, diagnostics: readonly KqlDiagnosticInfo[] = []) {
    super(message);
    this.name = 'KqlQueryError';
    this.diagnostics = diagnostics;
  }
}

export type RunKql = (text: string) => Promise<KqlResult>;

export interface RunnerOptions {
  /** `now()`/`ago()` reference time; default the current time of each query. */
  now?: () => Date;
  /** Maximum rows materialised per query (default 10,000). */
  maxRows?: number;
}

/**
 * Runs KQL against this workspace. Each query first waits until every acknowledged row is loaded
 * (`engine.flush`), so a status asked right after a push sees that push.
 */
export function workspaceKqlRunner(ws: WorkspaceService, engine: Pick<StorageEngine, 'query' | 'flush'>, options: RunnerOptions = {}): RunKql {
  return async (text) => {
    const schema = staticSchema(ws.listTables().map((t) => ({
      name: t.name,
      columns: physicalColumns(t).map((c) => ({ name: c.name, type: c.type as ScalarType })),
    })));
    const compiled = compileQuery(text, { schema, dialect: duckdbDialect, now: options.now?.() });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0 || compiled.sql === undefined) {
      const diagnostics = errors.map((d) => ({ code: d.code, message: d.message, line: d.line, column: d.column }));
      throw new KqlQueryError(diagnostics.map((d) => `${d.line ?? 1}:${d.column ?? 1} ${d.code} ${d.message}`).join('; ') || 'the query did not compile', diagnostics);
    }
    await engine.flush();
    // The dialect's helper macros are per connection, so they travel with the statement.
    try {
      const res = await engine.query([...duckdbDialect.prelude, compiled.sql].join(';\n'), undefined, { maxRows: options.maxRows ?? 10_000 });
      return { columns: compiled.columns.map((c) => ({ name: c.name, type: String(c.type) })), rows: res.rows };
    } catch (e) {
      throw new KqlQueryError(`the query failed in the engine: ${(e as Error).message}`);
    }
  };
}
