// The storage interface every engine implements (DuckDB today, ClickHouse later). Callers — the
// workspace (tables, documents), the pipeline (append) and the query surface (query/stream) — depend
// on this file only; `openEngine` picks the implementation.
//
// Contract summary (details on each member):
// - `append` resolves only once every batch of the call is written and fsynced to the ingest journal,
//   group-committed with concurrent calls, and atomically: after a crash either every batch of one
//   call is present or none is.
// - Journal segments are bulk-loaded into the engine off the request path, exactly once across
//   crashes, often enough that rows are queryable within about a second of their ack.
// - Document writes are durable when they return.

/** The ten KQL scalar types, by their KQL names. `boolean` is normalised to `bool` by the caller. */
export type KqlType =
  | 'string'
  | 'int'
  | 'long'
  | 'real'
  | 'bool'
  | 'datetime'
  | 'timespan'
  | 'dynamic'
  | 'guid'
  | 'decimal';

export const KQL_TYPES: readonly KqlType[] = [
  'string', 'int', 'long', 'real', 'bool', 'datetime', 'timespan', 'dynamic', 'guid', 'decimal',
];

export interface ColumnSpec {
  /** Column name exactly as in Log Analytics (case-sensitive, e.g. `TimeGenerated`). */
  name: string;
  type: KqlType;
}

/**
 * Value a column receives at load time when the pipeline does not send it, so the hot path does not
 * carry per-row constants. Applied only when the row's value is absent or null.
 * - `uuid`: a fresh random uuid per row (e.g. `_ItemId`, type guid or string).
 * - `constant`: the given value (e.g. `Type` = table name, `TenantId` = workspace id), encoded as in
 *   NDJSON for the column's type (see `src/storage/duckdb/types.ts`).
 * - `loadTime`: the load transaction's timestamp (datetime columns, e.g. an ingestion-time column).
 */
export type ColumnDefault =
  | { kind: 'uuid' }
  | { kind: 'constant'; value: string | number | boolean }
  | { kind: 'loadTime' };

export interface TableOptions {
  /** Load-time defaults by column name; each column must exist in the table. */
  defaults?: Record<string, ColumnDefault>;
}

export interface TableInfo {
  name: string;
  columns: ColumnSpec[];
  options: TableOptions;
}

/**
 * One table's rows of an `append` call, already encoded by the caller, in one of two forms:
 * - `ndjson`: one JSON object per row, one row per line (a missing final newline is fine);
 * - `jsonElements`: the inside of a JSON array of row objects — what a request body holds between its
 *   `[` and `]` — with no line break inside an object (a compact body, or objects separated by
 *   `,\n`). The pipeline hands a request body that needs no re-encoding over as it arrived.
 * Keys = column names matched case-sensitively. Values are encoded per column type as documented in
 * `src/storage/duckdb/types.ts` (`NDJSON_ENCODING`). Keys that are not columns are ignored; absent
 * keys are null (or the column's load-time default). `append` does not parse the rows (the pipeline
 * has just checked them); if a load finds a row that is not a JSON object it drops that row (counted
 * in `rowsRejected`, kept under `<dataDir>/rejected/`), and a value that does not cast to its column
 * type loads as null, as Log Analytics does with a value of the wrong type.
 */
export interface AppendBatch {
  table: string;
  ndjson?: Buffer | string;
  jsonElements?: Buffer;
  /** Number of rows in the batch; trusted, used for counters and receipts. */
  rows: number;
}

export interface AppendReceipt {
  /** Rows made durable by this call (sum of the batches' `rows`). */
  rows: number;
  /** Journal bytes made durable by this call. */
  bytes: number;
  /** Monotonic id of the group commit that carried the call (several calls share one). */
  commit: number;
}

/**
 * Statement parameters, `$1`… (array) or `$name` (record). JS values bind as: string → VARCHAR,
 * boolean → BOOLEAN, number → INTEGER when it fits 32 bits, BIGINT when integral beyond, else DOUBLE;
 * bigint → BIGINT (HUGEINT beyond 64 bits); Date → TIMESTAMP (UTC); null/undefined → NULL.
 */
export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface QueryOptions {
  /** Aborting interrupts the running statement; the call rejects with StorageError code `cancelled`. */
  signal?: AbortSignal;
  /** Interrupts the statement after this many ms; rejects with code `timeout`. Default 120,000. */
  timeoutMs?: number;
  /** `query` returns at most this many rows and sets `truncated` when more existed. */
  maxRows?: number;
  /**
   * Session setup (e.g. a SQL dialect's TEMP macros and JS scalar functions) the statement needs:
   * each pooled connection runs a given list once, before its first statement that passes it, and
   * remembers it by identity — so pass the same (frozen) array every time. A string is a SQL
   * statement; a `SessionFunction` is installed as a scalar function of that name.
   */
  setup?: readonly SessionSetupStep[];
}

export type SessionSetupStep = string | SessionFunction;

/** SQL types a session function's arguments and result may have (JSON = JSON text). */
export type SessionValueType = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'JSON';

/**
 * A scalar function implemented in JS that queries may call by `name`, described as data so that
 * the caller (a SQL dialect) needs no engine API. Argument values arrive as: BOOLEAN → boolean,
 * INTEGER/DOUBLE → number, BIGINT → bigint, VARCHAR/JSON → string, NULL → null; the result is
 * returned the same way (a number is accepted for BIGINT). A thrown error fails the statement.
 */
export interface SessionFunction {
  readonly kind: 'function';
  readonly name: string;
  readonly parameters: readonly SessionValueType[];
  readonly returns: SessionValueType;
  /** One row's result. */
  readonly row?: (args: readonly unknown[]) => unknown;
  /** A whole chunk at once: `columns[i]` holds argument i of every row; returns one result per row. */
  readonly batch?: (columns: readonly (readonly unknown[])[], rowCount: number) => readonly unknown[];
  /** Called with NULL arguments too; otherwise a row with a NULL argument gives NULL uncalled. */
  readonly nullArguments?: boolean;
  /** Non-deterministic: never folded as a constant. */
  readonly volatile?: boolean;
}

export interface ResultColumn {
  name: string;
  /** DuckDB type text, e.g. `VARCHAR`, `BIGINT`, `TIMESTAMP`, `JSON`, `DECIMAL(38,18)`. */
  sqlType: string;
}

/**
 * Rows hold JS values converted as documented in `src/storage/duckdb/values.ts`: VARCHAR → string,
 * INTEGER/DOUBLE → number, BIGINT → bigint, BOOLEAN → boolean, TIMESTAMP → ISO string with
 * microseconds and `Z`, JSON → compact JSON text, UUID → lowercase string, DECIMAL → exact decimal
 * string; NULL → null.
 */
export interface QueryResult {
  columns: ResultColumn[];
  rows: unknown[][];
  /** True when `maxRows` cut the result. */
  truncated: boolean;
}

/** A streaming result: iterate to receive chunks of rows; `close()` stops early and frees it. */
export interface RowStream extends AsyncIterable<unknown[][]> {
  readonly columns: ResultColumn[];
  close(): Promise<void>;
}

/** JSON documents of the control plane, addressed by (kind, id). Writes are durable on return. */
export interface DocumentStore {
  get<T = unknown>(kind: string, id: string): Promise<T | undefined>;
  /** Every document of a kind, ordered by id. */
  list<T = unknown>(kind: string): Promise<{ id: string; body: T }[]>;
  /** Creates or replaces. */
  put(kind: string, id: string, body: unknown): Promise<void>;
  /** Resolves true when a document was deleted. */
  delete(kind: string, id: string): Promise<boolean>;
}

export interface TableStats {
  /** Rows acknowledged by `append` since the engine was opened. */
  rowsAppended: number;
  /** Rows loaded into the engine since it was opened (including replayed journal rows). */
  rowsLoaded: number;
  /** Rows the load rejected (lines that are not JSON objects, or the table was dropped before its load). */
  rowsRejected: number;
  /** NDJSON bytes acknowledged by `append` since open. */
  bytesAppended: number;
}

export interface EngineStats {
  tables: Record<string, TableStats>;
  journal: {
    /** Bytes in journal segments not yet loaded (on disk). */
    pendingBytes: number;
    /** Rows acknowledged but not yet loaded. */
    pendingRows: number;
    /** Group commits since open, and the calls they carried. */
    commits: number;
    appendCalls: number;
    /** Times an append waited for the load because more than `maxPendingRows` rows were pending. */
    appendWaits: number;
  };
  load: {
    /**
     * Completed load cycles since open that sealed the journal's current segment and loaded every
     * sealed segment, so rows acknowledged before such a cycle starts are queryable when it completes:
     * a row is visible at the latest two cycles after it is due (maxLoadDelayMs after its ack, or
     * sooner when its row group fills). Loads of a full row group between them are not counted.
     */
    cycles: number;
    /** Journal segments loaded since open (including segments replayed on open). */
    segments: number;
    /** Age in ms of the oldest acknowledged row that is not yet loaded (0 when none). */
    lagMs: number;
    /** Wall time of the last segment load, ms. */
    lastLoadMs: number;
    /** Checkpoints the loader ran since open (at row-group ends), and the wall time of the last one. */
    checkpoints: number;
    lastCheckpointMs: number;
    /** Checkpoints that failed (retried at the next segment), and why the last one did. */
    checkpointFailures: number;
    lastCheckpointError?: string;
    /**
     * Set when the most recent load cycle failed (it is retried), or had to drop malformed lines or
     * null uncastable values to load a segment.
     */
    lastError?: string;
  };
}

export interface StorageEngine {
  readonly kind: 'duckdb';

  createTable(name: string, columns: ColumnSpec[], options?: TableOptions): Promise<TableInfo>;
  /** Adds columns (existing rows read null). Safe while appends and loads for the table flow. */
  addColumns(name: string, columns: ColumnSpec[]): Promise<TableInfo>;
  /** Sets or replaces the load-time defaults of an existing table. */
  setTableOptions(name: string, options: TableOptions): Promise<TableInfo>;
  /** Drops the table and its rows; rows still in the journal for it are discarded (counted rejected). */
  dropTable(name: string): Promise<void>;
  listTables(): Promise<TableInfo[]>;
  getTable(name: string): Promise<TableInfo | undefined>;

  /**
   * Durable, atomic, group-committed append of one call's batches (see AppendBatch). Waits first while
   * more than `maxPendingRows` acknowledged rows are not loaded yet. Rejects with
   * `unknown_table`, `invalid_schema` (malformed batch), `overloaded` (see maxPendingBytes), `closed`,
   * or `io` (the journal could not write; nothing of the call is committed).
   */
  append(batches: readonly AppendBatch[]): Promise<AppendReceipt>;
  /** Loads every row acknowledged before this call into the engine; resolves when they are queryable. */
  flush(): Promise<void>;

  /** Runs one SQL statement (reads, or DDL/DML of the caller's own objects) and materialises it. */
  query(sql: string, params?: SqlParams, options?: QueryOptions): Promise<QueryResult>;
  /** Runs one SQL statement and streams its rows in chunks. */
  stream(sql: string, params?: SqlParams, options?: Omit<QueryOptions, 'maxRows'>): Promise<RowStream>;

  readonly documents: DocumentStore;

  stats(): EngineStats;

  /**
   * Stops accepting appends (they reject with code `closed`), waits for in-flight commits, loads
   * everything acknowledged, cancels nothing that is running but waits for it, and closes files.
   */
  close(): Promise<void>;
}

export type StorageErrorCode =
  | 'unknown_table'
  | 'table_exists'
  | 'invalid_name'
  | 'invalid_schema'
  | 'cancelled'
  | 'timeout'
  | 'sql'
  | 'closed'
  | 'overloaded'
  | 'io';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export interface EngineOptions {
  /** Data folder; created if missing. Holds the DuckDB file and the journal. */
  dataDir: string;
  /**
   * Loader cadence: while acknowledged rows wait, a load cycle starts this many ms after the previous
   * one ended (or when its rows are due, see maxLoadDelayMs); at once when a row group is ready, a
   * flush asks, or appends wait for the load. Default 250.
   */
  loadIntervalMs?: number;
  /**
   * How long acknowledged rows may wait for their row group to fill before they are loaded as they
   * are (default twice loadIntervalMs: 500 ms). While rows arrive faster than a row group (30,720)
   * per this delay, the loader loads exactly one row group per transaction, which DuckDB writes
   * straight to the file (duckdb/row-group-split.ts); slower, each row is loaded at most about this
   * long, plus a load, after its ack.
   */
  maxLoadDelayMs?: number;
  /**
   * Acknowledged bytes not yet loaded beyond which `append` rejects with code `overloaded` (the
   * surfaces answer 503 and senders retry) instead of letting the journal, and the time to
   * visibility, grow without bound while the load cannot keep up. Default 1 GiB; 0 disables.
   */
  maxPendingBytes?: number;
  /**
   * Acknowledged rows not yet loaded beyond which `append` waits for the loader before it journals
   * (default 46,080, a row group and a half: one loading while the next fills, so the loader does not
   * wait for a row group; 0 disables). Calls wait in arrival order and go in as the running load is
   * expected to advance (duckdb/admission.ts), so the backlog may reach this plus about one load.
   * This is the back-pressure that keeps rows queryable within about a second of their ack: when
   * senders offer more than the load can take, acks slow down to the load's pace instead of the load
   * lag growing (measured in bench/ingest: without it the lag reached 6–16 s at 100 k events/s
   * offered; with it 0.6–0.7 s at 134 k events/s from 8 connections, 0.70 s from 32; 61,440 let it
   * reach 1.09 s from 32).
   */
  maxPendingRows?: number;
  /**
   * Most rows of one table in one journal segment (default 30,720, a row group). A segment loaded on
   * its own is one load transaction: DuckDB holds a load uncompressed in memory while it runs, so this
   * bounds the load's memory, and no load may exceed a row group (larger ones leave a partial row
   * group each and bloat the file). Tests lower it.
   */
  segmentRows?: number;
  /**
   * The row group size the journal and loader align to: the one the engine attaches its database
   * file with (30,720, ROW_GROUP_ROWS in journal.ts; DuckDB's default is 122,880). The journal ends a
   * segment when a table fills a row group; the loader loads up to exactly there and checkpoints.
   * Tests lower it.
   */
  rowGroupRows?: number;
  /**
   * DuckDB's WAL size that triggers a checkpoint by itself (default '1GB', a backstop; DuckDB's own
   * default is 16MB). The loader checkpoints itself when a table fills a row group, or after two row
   * groups' worth of rows: that costs less CPU per row than any threshold and keeps at most about
   * two row groups un-checkpointed in memory and in the WAL (bench/storage/load-costs.ts).
   */
  checkpointThreshold?: string;
  /**
   * DuckDB worker threads (default: cores − 1, at least 1; DuckDB's own default is the core count).
   * One core stays with Node's main thread, which parses, transforms and encodes every record. On
   * this 2-core machine one DuckDB thread loaded 40 k-row segments at half the CPU per row and twice
   * the rate of two threads (3.3 vs 6.6 µs/row, bench/storage/load-sizes.ts, busy machine).
   */
  threads?: number;
  /**
   * DuckDB memory limit (default '128MB', DuckDB's own default is 80% of RAM). With checkpoints at
   * row-group ends DuckDB holds at most about a row group of rows not yet checkpointed (45–85 MB);
   * above that, a larger limit only caches blocks of the table already written (BASE_TABLE ~145 MB at
   * 256MB), which ingest never reads again: in bench/ingest the server peaked at 455–511 MB RSS with
   * 128MB against 580–650 MB with 256MB, at the same CPU per event. Queries that need more spill to
   * `<dataDir>/vigil.duckdb.tmp`; some operators cannot (`arg_max(…, *)` over millions of rows): raise
   * it for heavy queries (the query benchmark uses 2GB).
   */
  memoryLimit?: string;
  /** Further DuckDB configuration options by name (applied at open, after the ones above). */
  duckdbSettings?: Record<string, string>;
  /**
   * Maximum concurrent `query`/`stream` statements; further ones wait. Each running statement holds a
   * thread of libuv's pool, so the default is UV_THREADPOOL_SIZE − 2 (2 with Node's default pool of 4),
   * keeping threads for the loader and the document store. A server should start Node with a larger
   * pool (e.g. UV_THREADPOOL_SIZE=16); the journal's fsyncs do not use the pool (own thread).
   */
  maxConcurrentQueries?: number;
}

/** Opens (creating if needed) the engine in `dataDir`, replaying any journal left by a crash. */
export async function openEngine(options: EngineOptions): Promise<StorageEngine> {
  const { openDuckDbEngine } = await import('./duckdb/duckdb-engine.js');
  return openDuckDbEngine(options);
}
