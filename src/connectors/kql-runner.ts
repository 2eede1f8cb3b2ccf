// How the connectors layer runs KQL: one small interface, `RunKql(text) → { columns, rows }`, so the
// status computation does not care who answers. Both implementations go through the query executor
// (src/query), the one place KQL runs against the workspace, so a connector's queries bind, scan and
// encode exactly as the Log Analytics query API does.
import type { StorageEngine } from '../storage/engine.js';
import type { WorkspaceService } from '../workspace/service.js';
import { QueryExecutor, QueryFailure, WorkspaceSchema, type Cell } from '../query/index.js';

export interface KqlColumn {
  name: string;
  /** KQL type name: `string`, `datetime`, `bool`, `long`, … */
  type: string;
}

/**
 * Cells as the query API encodes them: datetimes as ISO 8601 UTC strings, `long` as bigint, bool as
 * booleans, dynamic as JSON text, a null string as "", other nulls as null.
 */
export interface KqlResult {
  columns: KqlColumn[];
  rows: Cell[][];
  /** Why the result is incomplete (row limit, timeout); absent when complete. */
  partial?: string[];
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
  /** Maximum rows per query (default 10,000: status queries return a handful). */
  maxRows?: number;
}

/**
 * Runs KQL through a query executor. Each query first waits until every acknowledged row is loaded
 * (`engine.flush`), so a status asked right after a push sees that push.
 */
export function executorKqlRunner(executor: QueryExecutor, engine: Pick<StorageEngine, 'flush'>, options: RunnerOptions = {}): RunKql {
  return async (text) => {
    await engine.flush();
    try {
      const now = options.now?.();
      const out = await executor.run({ query: text, maxRows: options.maxRows ?? 10_000, ...(now ? { now } : {}) });
      const result: KqlResult = { columns: out.table.columns.map((c) => ({ name: c.name, type: String(c.type) })), rows: out.table.rows };
      if (out.partial.length > 0) result.partial = out.partial.map((p) => p.kind);
      return result;
    } catch (e) {
      if (!(e instanceof QueryFailure)) throw e;
      const diagnostics = e.diagnostics.map((d) => ({ code: d.code, message: d.message, line: d.line, column: d.column }));
      const where = e.diagnostic ? `${e.diagnostic.line}:${e.diagnostic.column} ${e.diagnostic.code} ` : '';
      throw new KqlQueryError(`${where}${e.message}`, diagnostics);
    }
  };
}

/** A runner with its own executor over the workspace's tables (tests, tools without a server). */
export function workspaceKqlRunner(ws: WorkspaceService, engine: Pick<StorageEngine, 'stream' | 'flush'>, options: RunnerOptions = {}): RunKql {
  return executorKqlRunner(new QueryExecutor({ schema: new WorkspaceSchema(ws), engine }), engine, options);
}
