// The one place KQL runs against the workspace: the query API, the CLI (through the API) and
// connector status call it. It binds against the workspace's tables (standard columns included),
// fixes `now()` once per query (S9) and resolves the request's timespan against that same instant,
// limits every table scan to the timespan as Log Analytics does, streams the rows under a timeout
// and a row cap (both reported as partial results, never a hang), and encodes each cell by the
// column's KQL type.
import {
  compileQuery, compileQueryWithProbes, duckdbDialect, sessionSetupOf,
  type Column, type CompiledQuery, type RenderInfo, type ScanScope, type SchemaProvider, type SqlDialect,
} from '../kql/index.js';
import { StorageError, type RowStream, type StorageEngine } from '../storage/engine.js';
import { QueryFailure, type PartialProblem, type QueryDiagnostic } from './errors.js';
import { rowEncoder, type Cell } from './encode.js';
import { intersectTimespans, ticksFromDate, TimespanError, type TimeRange } from './timespan.js';

export interface QueryLimits {
  /** Rows a result may hold; the rest is cut with a `rowLimit` problem. Default 500,000 (Log Analytics). */
  maxRows: number;
  /** Run time when the request does not ask for one, ms. Default 180,000 (`Prefer: wait` default). */
  timeoutMs: number;
  /** The longest run time a request may ask for, ms. Default 600,000 (`Prefer: wait` maximum). */
  maxTimeoutMs: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({ maxRows: 500_000, timeoutMs: 180_000, maxTimeoutMs: 600_000 });

/** The column the query API's timespan applies to, in every table that has it. */
export const TIME_COLUMN = 'TimeGenerated';
/** The column a resource-centric query filters on. */
export const RESOURCE_COLUMN = '_ResourceId';

export interface QueryExecutorOptions {
  schema: SchemaProvider;
  engine: Pick<StorageEngine, 'stream'>;
  /** Default: DuckDB, the engine's dialect. */
  dialect?: SqlDialect;
  limits?: Partial<QueryLimits>;
}

export interface QueryRequest {
  /** KQL text. */
  query: string;
  /**
   * ISO 8601 timespans (duration or interval); several are intersected (the query API's body and
   * query string). Absent or empty: no time filter.
   */
  timespans?: readonly (string | undefined)[];
  /** An already resolved range (ticks), intersected with `timespans`. */
  timeRange?: TimeRange;
  /** Resource-centric query: only rows whose `_ResourceId` is this resource id (case-insensitive). */
  resourceId?: string;
  /** `now()` of the query. Default: the current time. */
  now?: Date;
  /** Requested run time, seconds (`Prefer: wait=`), clamped to the limits. */
  waitSeconds?: number;
  /** Row cap for this request, at most the configured one. */
  maxRows?: number;
  signal?: AbortSignal;
}

export interface QueryTable {
  name: 'PrimaryResult';
  columns: Column[];
  rows: Cell[][];
}

export interface QueryStatistics {
  /** Parse + bind + plan + print, ms. */
  compileMs: number;
  /** Engine run and cell encoding, ms. */
  runMs: number;
  /** Rows returned. */
  rows: number;
}

export interface QueryOutcome {
  table: QueryTable;
  /** `render` metadata when the query ends with `render`. */
  render?: RenderInfo;
  /** The result has a defined order (the query ends with sort/order/top). */
  sorted: boolean;
  /** Why the result is incomplete; empty when complete. */
  partial: PartialProblem[];
  statistics: QueryStatistics;
  /** The `now()` the query ran with. */
  now: Date;
  /** The time range applied to every scan, if any (ticks, inclusive). */
  timeRange?: TimeRange;
}

export interface PreparedQuery {
  compiled: CompiledQuery & { sql: string };
  now: Date;
  timeRange?: TimeRange;
  compileMs: number;
}

export class QueryExecutor {
  readonly limits: Readonly<QueryLimits>;
  private readonly dialect: SqlDialect;

  constructor(private readonly options: QueryExecutorOptions) {
    this.dialect = options.dialect ?? duckdbDialect;
    this.limits = Object.freeze({ ...DEFAULT_QUERY_LIMITS, ...definedOnly(options.limits ?? {}) });
    if (!(this.limits.maxRows >= 1)) throw new RangeError('maxRows must be at least 1');
    if (!(this.limits.timeoutMs > 0) || !(this.limits.maxTimeoutMs > 0)) throw new RangeError('query timeouts must be positive');
  }

  /**
   * Compiles without running; throws QueryFailure (`emptyQuery`, `timespan`, `syntax`, `semantic`).
   * A query whose columns depend on the data (`evaluate bag_unpack`, `pivot`) cannot be compiled
   * without it: `run` answers its schema probes first.
   */
  prepare(request: Omit<QueryRequest, 'signal' | 'waitSeconds' | 'maxRows'>): PreparedQuery {
    const { text, now, range, options } = this.compileInputs(request);
    const t0 = performance.now();
    const compiled = compileQuery(text, options);
    return this.checked(text, compiled, now, range, performance.now() - t0);
  }

  /** As `prepare`, running the schema probes a query asks for (their time counts as compile time). */
  async prepareWithData(request: Omit<QueryRequest, 'waitSeconds' | 'maxRows'>, timeoutMs: number): Promise<PreparedQuery> {
    const { text, now, range, options } = this.compileInputs(request);
    const t0 = performance.now();
    const compiled = await compileQueryWithProbes(text, options, async (sql) => {
      // A probe reads the same rows as the query (same scan scope), so it runs under the same limits.
      const values: unknown[] = [];
      const stream = await this.options.engine.stream(sql, undefined, { timeoutMs, signal: request.signal, setup: sessionSetupOf(this.dialect) });
      try {
        for await (const chunk of stream) for (const row of chunk) values.push(row[0]);
      } finally {
        await stream.close();
      }
      return values;
    });
    return this.checked(text, compiled, now, range, performance.now() - t0);
  }

  private compileInputs(request: Omit<QueryRequest, 'signal' | 'waitSeconds' | 'maxRows'>) {
    const text = request.query;
    if (typeof text !== 'string' || text.trim() === '') throw new QueryFailure('emptyQuery', 'The query is empty.');
    const now = request.now ?? new Date();
    const nowTicks = ticksFromDate(now);
    let range: TimeRange | undefined;
    try {
      range = intersectTimespans(request.timespans ?? [], nowTicks);
    } catch (e) {
      if (e instanceof TimespanError) throw new QueryFailure('timespan', e.message);
      throw e;
    }
    if (request.timeRange) {
      const r = request.timeRange;
      range = range ? { start: r.start > range.start ? r.start : range.start, end: r.end < range.end ? r.end : range.end } : r;
    }
    const scanScope: ScanScope = {};
    if (range) scanScope.time = { column: TIME_COLUMN, start: range.start, end: range.end };
    if (request.resourceId !== undefined) scanScope.resource = { column: RESOURCE_COLUMN, value: request.resourceId };
    return { text, now, range, options: { schema: this.options.schema, dialect: this.dialect, now, scanScope } };
  }

  private checked(text: string, compiled: CompiledQuery, now: Date, range: TimeRange | undefined, compileMs: number): PreparedQuery {
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0 || compiled.sql === undefined) {
      const diags = errors.map((d) => locate(text, d));
      const first = diags[0];
      const kind = first && first.code.startsWith('KQL1') ? 'syntax' : 'semantic';
      const message = first?.message ?? (compiled.probes ? 'The query\'s columns depend on the data; run it to compile it.' : 'The query could not be compiled.');
      throw new QueryFailure(kind, message, first, diags);
    }
    return { compiled: compiled as PreparedQuery['compiled'], now, timeRange: range, compileMs };
  }

  /** Compiles and runs a query; throws QueryFailure for every fatal problem. */
  async run(request: QueryRequest): Promise<QueryOutcome> {
    const maxRows = Math.max(1, Math.min(request.maxRows ?? this.limits.maxRows, this.limits.maxRows));
    const timeoutMs = request.waitSeconds !== undefined && request.waitSeconds > 0
      ? Math.min(request.waitSeconds * 1000, this.limits.maxTimeoutMs)
      : this.limits.timeoutMs;
    const prepared = await this.prepareWithData(request, timeoutMs).catch((e: unknown) => {
      throw e instanceof StorageError ? storageFailure(e) : e;
    });
    const { compiled } = prepared;

    const encode = rowEncoder(compiled.columns.map((c) => c.type));
    const rows: Cell[][] = [];
    const partial: PartialProblem[] = [];
    const t0 = performance.now();
    let stream: RowStream | undefined;
    try {
      stream = await this.options.engine.stream(compiled.sql, undefined, { timeoutMs, signal: request.signal, setup: sessionSetupOf(this.dialect) });
      if (stream.columns.length !== compiled.columns.length) {
        throw new QueryFailure('engine', `internal: the compiled SQL returned ${stream.columns.length} columns for ${compiled.columns.length} result columns`);
      }
      outer: for await (const chunk of stream) {
        for (const row of chunk) {
          if (rows.length >= maxRows) {
            partial.push({ kind: 'rowLimit', limit: maxRows });
            break outer;
          }
          rows.push(encode(row));
        }
      }
    } catch (e) {
      if (e instanceof QueryFailure) throw e;
      if (!(e instanceof StorageError)) throw e;
      if (e.code !== 'timeout') throw storageFailure(e);
      partial.push({ kind: 'timeout', timeoutMs });
    } finally {
      await stream?.close();
    }
    const runMs = performance.now() - t0;
    const root = compiled.bound?.root;
    return {
      table: { name: 'PrimaryResult', columns: compiled.columns.map((c) => ({ name: c.name, type: c.type })), rows },
      render: compiled.render,
      sorted: root?.kind === 'sort' || (root?.kind === 'take' && root.keys !== undefined && root.keys.length > 0),
      partial,
      statistics: { compileMs: prepared.compileMs, runMs, rows: rows.length },
      now: prepared.now,
      timeRange: prepared.timeRange,
    };
  }
}

/** A storage failure that ends a query with no result (a timeout while running is a partial result instead). */
function storageFailure(e: StorageError): QueryFailure {
  switch (e.code) {
    case 'cancelled':
      return new QueryFailure('cancelled', 'The query was cancelled.', undefined, [], { cause: e });
    case 'closed':
      return new QueryFailure('unavailable', 'The server is shutting down.', undefined, [], { cause: e });
    default:
      return new QueryFailure('engine', e.message, undefined, [], { cause: e });
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A diagnostic with the text at its position (Log Analytics reports the offending token). */
function locate(text: string, d: { code: string; message: string; start: number; end: number; line: number; column: number }): QueryDiagnostic {
  const span = text.slice(d.start, d.end);
  const token = span.length > 0 ? span : (/^\s*(\S+)/.exec(text.slice(d.start))?.[1] ?? '');
  return { code: d.code, message: d.message, start: d.start, end: d.end, line: d.line, column: d.column, token };
}
