// Runs callers' SQL on a small pool of connections (one statement per connection at a time, so
// that an abort or a timeout can interrupt exactly that statement through DuckDB's interrupt).
import {
  BIGINT,
  timestampValue,
  type DuckDBType,
  type DuckDBConnection,
  type DuckDBInstance,
  type DuckDBResult,
  type DuckDBValue,
} from '@duckdb/node-api';
import { StorageError, type QueryOptions, type QueryResult, type ResultColumn, type RowStream, type SessionSetupStep, type SqlParams } from '../engine.js';
import { sqlTypeText, vigilValueConverter } from './values.js';
import { installSessionFunction } from './session-functions.js';
import { useEngineDatabase } from './sql.js';

export const DEFAULT_QUERY_TIMEOUT_MS = 120_000;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A value and, where DuckDB's inference would pick another type than the documented one, its type. */
function toDuckValue(v: unknown): [DuckDBValue, DuckDBType | undefined] {
  if (v === null || v === undefined) return [null, undefined];
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return [v, undefined];
    case 'number':
      // Inferred: INTEGER when it fits 32 bits, BIGINT when integral beyond, DOUBLE otherwise.
      return [v, undefined];
    case 'bigint':
      // node-api would bind every bigint as HUGEINT; BIGINT is what the tables hold.
      return [v, v >= INT64_MIN && v <= INT64_MAX ? BIGINT : undefined];
    default:
      if (v instanceof Date) return [timestampValue(BigInt(v.getTime()) * 1000n), undefined];
      throw new StorageError('sql', `unsupported SQL parameter value of type ${typeof v}`);
  }
}

interface BoundParams {
  values: DuckDBValue[] | Record<string, DuckDBValue> | undefined;
  types: DuckDBType[] | Record<string, DuckDBType | undefined> | undefined;
}

function toDuckParams(params: SqlParams | undefined): BoundParams {
  if (params === undefined) return { values: undefined, types: undefined };
  if (Array.isArray(params)) {
    const pairs = params.map(toDuckValue);
    // Entries left undefined are inferred by node-api's bind (it checks each entry).
    return { values: pairs.map((p) => p[0]), types: pairs.map((p) => p[1]) as DuckDBType[] };
  }
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType | undefined> = {};
  for (const [k, v] of Object.entries(params)) [values[k], types[k]] = toDuckValue(v);
  return { values, types };
}

/**
 * Interrupts the connection's statement on abort or timeout; reports which one happened.
 * DuckDB forgets an interrupt that arrives while the connection runs nothing (between session
 * set-up statements, or before the query's pipeline starts), so once fired it keeps interrupting
 * until the call ends instead of trusting one interrupt to land.
 */
class Watchdog {
  reason: 'cancelled' | 'timeout' | null = null;
  private timer: NodeJS.Timeout | undefined;
  private repeat: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.fire('cancelled');

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly opts: QueryOptions,
  ) {
    if (opts.signal?.aborted) this.reason = 'cancelled';
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    const ms = opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    if (ms > 0 && Number.isFinite(ms)) this.timer = setTimeout(() => this.fire('timeout'), ms);
  }

  private fire(reason: 'cancelled' | 'timeout'): void {
    if (this.reason) return;
    this.reason = reason;
    this.conn.interrupt();
    this.repeat = setInterval(() => this.conn.interrupt(), 20);
  }

  throwIfFired(): void {
    if (this.reason === 'cancelled') throw new StorageError('cancelled', 'the query was cancelled');
    if (this.reason === 'timeout') throw new StorageError('timeout', `the query exceeded ${this.opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS} ms`);
  }

  translate(e: unknown): StorageError {
    if (e instanceof StorageError) return e;
    try {
      this.throwIfFired();
    } catch (fired) {
      return fired as StorageError;
    }
    return new StorageError('sql', (e as Error)?.message ?? String(e), { cause: e });
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.repeat) clearInterval(this.repeat);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** Runs `opts.setup` on the connection unless it already ran that very list. */
async function ensureSetup(conn: DuckDBConnection, done: WeakMap<DuckDBConnection, Set<readonly SessionSetupStep[]>>, setup: readonly SessionSetupStep[] | undefined, dog: Watchdog): Promise<void> {
  if (!setup || setup.length === 0) return;
  let ran = done.get(conn);
  if (ran?.has(setup)) return;
  for (const step of setup) {
    dog.throwIfFired();
    if (typeof step === 'string') await conn.run(step);
    else installSessionFunction(conn, step);
  }
  if (!ran) done.set(conn, (ran = new Set()));
  ran.add(setup);
}

export class QueryRunner {
  private readonly setupDone = new WeakMap<DuckDBConnection, Set<readonly SessionSetupStep[]>>();
  private readonly idle: DuckDBConnection[] = [];
  private readonly all: DuckDBConnection[] = [];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private active = 0;
  private drainWaiters: (() => void)[] = [];

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly max: number,
  ) {}

  get running(): number {
    return this.active;
  }

  async query(sql: string, params: SqlParams | undefined, opts: QueryOptions = {}): Promise<QueryResult> {
    const conn = await this.acquire();
    const dog = new Watchdog(conn, opts);
    try {
      dog.throwIfFired();
      await ensureSetup(conn, this.setupDone, opts.setup, dog);
      dog.throwIfFired();
      const bound = toDuckParams(params);
      const result = await conn.stream(sql, bound.values, bound.types);
      const columns = resultColumns(result);
      const max = opts.maxRows ?? Infinity;
      const rows: unknown[][] = [];
      let truncated = false;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const got = chunk.convertRows(vigilValueConverter);
        if (rows.length + got.length > max) {
          rows.push(...got.slice(0, max - rows.length));
          truncated = true;
          break;
        }
        for (const r of got) rows.push(r);
      }
      dog.throwIfFired();
      return { columns, rows, truncated };
    } catch (e) {
      throw dog.translate(e);
    } finally {
      dog.stop();
      this.release(conn);
    }
  }

  async stream(sql: string, params: SqlParams | undefined, opts: QueryOptions = {}): Promise<RowStream> {
    const conn = await this.acquire();
    const dog = new Watchdog(conn, opts);
    let result: DuckDBResult;
    try {
      dog.throwIfFired();
      await ensureSetup(conn, this.setupDone, opts.setup, dog);
      dog.throwIfFired();
      const bound = toDuckParams(params);
      result = await conn.stream(sql, bound.values, bound.types);
    } catch (e) {
      dog.stop();
      this.release(conn);
      throw dog.translate(e);
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      dog.stop();
      this.release(conn);
    };
    const columns = resultColumns(result);
    return {
      columns,
      close: async () => finish(),
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<unknown[][]>> => {
          if (done) return { done: true, value: undefined };
          try {
            const chunk = await result.fetchChunk();
            dog.throwIfFired();
            if (!chunk || chunk.rowCount === 0) {
              finish();
              return { done: true, value: undefined };
            }
            return { done: false, value: chunk.convertRows(vigilValueConverter) };
          } catch (e) {
            finish();
            throw dog.translate(e);
          }
        },
        return: async (): Promise<IteratorResult<unknown[][]>> => {
          finish();
          return { done: true, value: undefined };
        },
      }),
    };
  }

  /** Resolves when no statement is running. */
  drain(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  closeAll(): void {
    for (const c of this.all) c.closeSync();
    this.all.length = 0;
    this.idle.length = 0;
  }

  private async acquire(): Promise<DuckDBConnection> {
    this.active++;
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.all.length < this.max) {
      const conn = await this.instance.connect();
      await useEngineDatabase(conn);
      this.all.push(conn);
      return conn;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(conn: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) {
      next(conn);
      return;
    }
    this.active--;
    this.idle.push(conn);
    if (this.active === 0) for (const w of this.drainWaiters.splice(0)) w();
  }
}

function resultColumns(result: DuckDBResult): ResultColumn[] {
  const names = result.columnNames();
  const types = result.columnTypes();
  return names.map((name, i) => ({ name, sqlType: sqlTypeText(types[i]!) }));
}
