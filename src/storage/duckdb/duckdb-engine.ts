// The DuckDB engine: one DuckDB file (`vigil.duckdb`) and the ingest journal (`journal/`) in the data
// folder. Appends go to the journal (durable, group-committed) and are acknowledged from there; a
// loader moves the rows into DuckDB off the request path: one row group per transaction while they
// arrive fast (row-group-split.ts), whatever is there once rows have waited `maxLoadDelayMs`.
// Appends wait (admission.ts) while the loader is more than `maxPendingRows` behind. Three kinds of
// DuckDB connection:
// - the writer: table DDL and loads, one at a time (writerQueue), so DDL never races a load;
// - the document connection: control-plane documents, one at a time (docQueue);
// - a pool for callers' queries (QueryRunner).
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  StorageError,
  type AppendBatch,
  type AppendReceipt,
  type ColumnSpec,
  type DocumentStore,
  type EngineOptions,
  type EngineStats,
  type QueryOptions,
  type QueryResult,
  type RowStream,
  type SqlParams,
  type StorageEngine,
  type TableInfo,
  type TableOptions,
  type TableStats,
} from '../engine.js';
import { ndjsonToElements } from '../journal/json-elements.js';
import { Journal, ROW_GROUP_ROWS, type JournalBatch, type SealedSegment } from '../journal/journal.js';
import { SerialQueue } from '../serial-queue.js';
import { TableCatalog } from './catalog.js';
import { DuckDbDocumentStore } from './documents.js';
import { Admission } from './admission.js';
import { loadSegment, type LoadOutcome } from './loader.js';
import { loadToRowGroupEnd, rowGroupHeads } from './row-group-split.js';
import { ensureMetaSchema, readLoadedThrough } from './meta.js';
import { QueryRunner } from './query-runner.js';
import { DATABASE_ALIAS, literal, tableRef, useEngineDatabase } from './sql.js';

const DEFAULT_LOAD_INTERVAL_MS = 250;
// A backstop only: the loader checkpoints itself at row-group boundaries (maybeCheckpoint), which
// costs less CPU per row and keeps less un-checkpointed data in memory than any WAL threshold.
const DEFAULT_CHECKPOINT_THRESHOLD = '1GB';
/** See EngineOptions.memoryLimit: enough for a row group of unchecked rows, no cache ingest does not read. */
const DEFAULT_MEMORY_LIMIT = '128MB';
const DEFAULT_MAX_PENDING_BYTES = 1024 ** 3;
/** A row group and a half: one loading, the next filling (see EngineOptions.maxPendingRows). */
const DEFAULT_MAX_PENDING_ROWS = (3 * ROW_GROUP_ROWS) / 2;
/** After a failed load the next attempt waits this many intervals, so a persistent fault does not spin. */
const FAILURE_BACKOFF_INTERVALS = 8;
const MAX_TIMER_MS = 2 ** 31 - 1;

export const DATABASE_FILE = 'vigil.duckdb';
export const JOURNAL_DIR = 'journal';
/** Journal lines a load had to drop because they were not JSON objects, kept for inspection. */
export const REJECTED_DIR = 'rejected';

export async function openDuckDbEngine(options: EngineOptions): Promise<StorageEngine> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const config: Record<string, string> = {};
  config['threads'] = String(options.threads ?? Math.max(1, availableParallelism() - 1));
  config['memory_limit'] = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  config['checkpoint_threshold'] = options.checkpointThreshold ?? DEFAULT_CHECKPOINT_THRESHOLD;
  Object.assign(config, options.duckdbSettings ?? {});
  // A segment split at a row-group end loads its file's first records, then the rest by OFFSET
  // (row-group-split.ts): exactly once needs DuckDB to keep file order, whatever duckdbSettings say.
  config['preserve_insertion_order'] = 'true';
  // The file is attached rather than opened as DuckDB's main database because only ATTACH takes a
  // row-group size: see ROW_GROUP_ROWS. Spills go next to it, as they would for a main database.
  config['temp_directory'] = join(dataDir, `${DATABASE_FILE}.tmp`);
  const file = join(dataDir, DATABASE_FILE);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(':memory:', config);
  } catch (e) {
    throw new StorageError('io', `cannot open DuckDB: ${(e as Error).message}`, { cause: e });
  }
  const writer = await instance.connect();
  try {
    await writer.run(`ATTACH ${literal(file)} AS ${DATABASE_ALIAS} (ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`);
  } catch (e) {
    writer.closeSync();
    instance.closeSync();
    throw new StorageError('io', `cannot open ${file}: ${(e as Error).message}`, { cause: e });
  }
  const docConn = await instance.connect();
  try {
    await useEngineDatabase(writer);
    await useEngineDatabase(docConn);
    await ensureMetaSchema(writer);
    // Timestamps are UTC throughout; without the ICU extension DuckDB is UTC already.
    await writer.run(`SET GLOBAL TimeZone = 'UTC'`).catch(() => undefined);
    const catalog = new TableCatalog(writer);
    await catalog.load();
    const loadedThrough = await readLoadedThrough(writer);
    const { journal, recovered } = await Journal.open(join(dataDir, JOURNAL_DIR), loadedThrough, options.segmentRows, options.rowGroupRows);
    const engine = new DuckDbEngine(options, instance, writer, docConn, catalog, journal, recovered, join(dataDir, REJECTED_DIR));
    // Replay before returning: every row acknowledged before a crash is queryable once open resolves.
    await engine.flush();
    // Where each table stands against its row groups, so the journal can cut segments at their ends.
    for (const t of catalog.list()) {
      const r = await writer.runAndReadAll(`SELECT count(*) FROM ${tableRef(t.name)}`);
      journal.setTableRows(t.name, Number(r.getRows()[0]![0]));
    }
    return engine;
  } catch (e) {
    writer.closeSync();
    docConn.closeSync();
    instance.closeSync();
    throw e;
  }
}

/**
 * Each running DuckDB statement holds one thread of libuv's pool (UV_THREADPOOL_SIZE, default 4) for
 * its whole run. Two threads are kept for the loader and the document store, so that long queries
 * can delay neither visibility nor control-plane writes.
 */
function defaultQueryConcurrency(): number {
  const pool = Number(process.env['UV_THREADPOOL_SIZE']) || 4;
  return Math.max(1, pool - 2);
}

/**
 * A batch's rows as the journal stores them (array elements) and its size as the caller gave it (the
 * receipt's count; the journal's form differs by separators), or null when the batch has neither form.
 */
function batchElements(b: AppendBatch): { data: Buffer; given: number } | null {
  if (b.jsonElements !== undefined) return Buffer.isBuffer(b.jsonElements) ? { data: b.jsonElements, given: b.jsonElements.length } : null;
  const text = typeof b.ndjson === 'string' ? Buffer.from(b.ndjson, 'utf8') : b.ndjson;
  return Buffer.isBuffer(text) ? { data: ndjsonToElements(text), given: text.length } : null;
}

function unloadedRows(s: SealedSegment): number {
  let loaded = 0;
  for (const f of s.files) loaded += f.loaded ?? 0;
  return s.rows - loaded;
}

function emptyStats(): TableStats {
  return { rowsAppended: 0, rowsLoaded: 0, rowsRejected: 0, bytesAppended: 0 };
}

class DuckDbEngine implements StorageEngine {
  readonly kind = 'duckdb' as const;
  readonly documents: DocumentStore;

  private readonly writerQueue = new SerialQueue();
  private readonly docQueue = new SerialQueue();
  private readonly queries: QueryRunner;
  private readonly loadIntervalMs: number;
  private readonly maxLoadDelayMs: number;
  private readonly maxPendingBytes: number;
  private readonly tableStats = new Map<string, TableStats>();
  /** Sealed, not yet loaded, in sequence order. */
  private readonly pending: SealedSegment[];

  private loading: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private lastCycleEnd = 0;
  private lastCycleFailed = false;
  private cycles = 0;
  private segmentsLoaded = 0;
  private lastLoadMs = 0;
  private lastError: string | undefined;
  private readonly rowGroupRows: number;
  private readonly maxPendingRows: number;
  private readonly admission: Admission;
  private rowsSinceCheckpoint = 0;
  private checkpoints = 0;
  private checkpointFailures = 0;
  private lastCheckpointError: string | undefined;
  private lastCheckpointMs = 0;

  private acceptingAppends = true;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(
    options: EngineOptions,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly docConn: DuckDBConnection,
    private readonly catalog: TableCatalog,
    private readonly journal: Journal,
    recovered: SealedSegment[],
    private readonly rejectedDir: string,
  ) {
    this.loadIntervalMs = Math.max(0, options.loadIntervalMs ?? DEFAULT_LOAD_INTERVAL_MS);
    this.maxLoadDelayMs = Math.max(0, options.maxLoadDelayMs ?? 2 * this.loadIntervalMs);
    this.maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
    this.rowGroupRows = options.rowGroupRows ?? ROW_GROUP_ROWS;
    this.maxPendingRows = options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS;
    this.admission = new Admission(this.maxPendingRows, () => this.pendingRows(), () => this.startLoadNow());
    this.queries = new QueryRunner(instance, Math.max(1, options.maxConcurrentQueries ?? defaultQueryConcurrency()));
    this.pending = [...recovered];
    this.documents = new DuckDbDocumentStore(docConn, this.docQueue, () => this.assertOpen());
    this.journal.onCommit = () => (this.backPressured() ? this.startLoadNow() : this.scheduleLoad());
    this.journal.onRowGroupEnd = () => this.onRowGroupEnd();
  }

  // ---- tables -------------------------------------------------------------------------------------

  createTable(name: string, columns: ColumnSpec[], options?: TableOptions): Promise<TableInfo> {
    return this.ddl(async () => {
      const info = await this.catalog.create(name, columns, options);
      this.journal.setTableRows(info.name, 0);
      return info;
    });
  }

  addColumns(name: string, columns: ColumnSpec[]): Promise<TableInfo> {
    return this.ddl(() => this.catalog.addColumns(name, columns));
  }

  setTableOptions(name: string, options: TableOptions): Promise<TableInfo> {
    return this.ddl(() => this.catalog.setOptions(name, options));
  }

  dropTable(name: string): Promise<void> {
    return this.ddl(async () => {
      const canonical = this.catalog.get(name)?.name;
      await this.catalog.drop(name);
      if (canonical) this.journal.forgetTable(canonical);
    });
  }

  async listTables(): Promise<TableInfo[]> {
    this.assertOpen();
    return structuredClone(this.catalog.list());
  }

  async getTable(name: string): Promise<TableInfo | undefined> {
    this.assertOpen();
    const t = this.catalog.get(name);
    return t ? structuredClone(t) : undefined;
  }

  private ddl<T>(op: () => Promise<T>): Promise<T> {
    try {
      this.assertOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.writerQueue.run(op);
  }

  // ---- append and load ----------------------------------------------------------------------------

  async append(batches: readonly AppendBatch[]): Promise<AppendReceipt> {
    if (!this.acceptingAppends) throw new StorageError('closed', 'the storage engine is closed');
    if (!Array.isArray(batches)) throw new StorageError('invalid_schema', 'append expects an array of batches');
    const jb: JournalBatch[] = [];
    const given: number[] = []; // per entry of jb
    for (const b of batches) {
      const table = typeof b?.table === 'string' ? this.catalog.get(b.table) : undefined;
      if (!table) throw new StorageError('unknown_table', `table ${String(b?.table)} does not exist`);
      if (!Number.isSafeInteger(b.rows) || b.rows < 0) {
        throw new StorageError('invalid_schema', `batch for ${table.name}: rows must be a non-negative integer`);
      }
      const elements = batchElements(b);
      if (elements === null) throw new StorageError('invalid_schema', `batch for ${table.name}: give ndjson (a Buffer or a string) or jsonElements (a Buffer)`);
      if (b.rows > 0 && elements.data.length > 0) {
        jb.push({ table: table.name, data: elements.data, rows: b.rows });
        given.push(elements.given);
      }
    }
    if (this.maxPendingBytes > 0 && this.pendingBytes() > this.maxPendingBytes) {
      throw new StorageError('overloaded', `the load is behind by more than ${this.maxPendingBytes} bytes; retry later`);
    }
    // Back-pressure: while the load is behind by more than maxPendingRows, wait for it (admission.ts).
    let rows = 0;
    for (const b of jb) rows += b.rows;
    let admitted = this.admission.enter(rows);
    if (admitted !== true) admitted = await admitted;
    if (!admitted) throw new StorageError('closed', 'the storage engine is closed');
    let commit;
    try {
      commit = await this.journal.append(jb);
    } catch (e) {
      throw new StorageError('io', `journal write failed: ${(e as Error).message}`, { cause: e });
    } finally {
      this.admission.leave(rows);
    }
    let bytes = 0;
    for (let i = 0; i < jb.length; i++) {
      const b = jb[i]!;
      const s = this.statsFor(b.table);
      const n = given[i]!;
      s.rowsAppended += b.rows;
      s.bytesAppended += n;
      bytes += n;
    }
    return { rows: commit.rows, bytes, commit: commit.commit };
  }

  flush(): Promise<void> {
    if (this.closed) return Promise.reject(new StorageError('closed', 'the storage engine is closed'));
    return new Promise((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      if (!this.loading) void this.runCycle();
    });
  }

  /**
   * When the next cycle should start: at once when a row group is ready to load; otherwise at the
   * cadence, and not before the oldest unloaded row is due (maxLoadDelayMs after its ack) — earlier,
   * a cycle would have nothing to load.
   */
  private scheduleLoad(): void {
    if (this.closed || this.loading || this.timer) return;
    let at: number;
    if (this.lastCycleFailed) at = this.lastCycleEnd + this.loadIntervalMs * FAILURE_BACKOFF_INTERVALS;
    else if (this.rowGroupReady()) at = 0;
    else {
      const oldest = this.oldestUnloadedAt();
      at = Math.max(this.lastCycleEnd + this.loadIntervalMs, oldest > 0 ? oldest + this.maxLoadDelayMs : 0);
    }
    // setTimeout treats delays past 2^31-1 ms as 1 ms: clamp, so that a huge interval means "never".
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now()));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runCycle();
    }, delay);
    // Acknowledged rows are durable whether or not they are loaded: a pending load need not keep
    // the process alive (they are replayed on the next open).
    this.timer.unref();
  }

  /** The journal sealed a segment that fills a row group: load it now, or right after the cycle running. */
  private onRowGroupEnd(): void {
    if (this.closed || this.loading || this.lastCycleFailed) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    void this.runCycle();
  }

  /**
   * Calls wait for the load and the committed backlog alone is over the limit. (Calls also wait while
   * rows let in are still on their way to the journal; a load then would find them missing, so the
   * check is made again as each group commits, and as each cycle ends.)
   */
  private backPressured(): boolean {
    return this.admission.waiting && this.pendingRows() > this.maxPendingRows;
  }

  /** Is a segment that ends a row group sealed and not loaded? */
  private rowGroupReady(): boolean {
    return this.journal.rowGroupEndSealed || this.pending.some((s) => s.endsRowGroup === true);
  }

  private runCycle(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      // Flushes requested before this cycle starts are satisfied by it (it seals after them).
      const waiters = this.flushWaiters.splice(0);
      let error: unknown;
      try {
        this.lastError = undefined;
        if (await this.cycle(waiters.length > 0)) this.cycles++;
        this.lastCycleFailed = false;
      } catch (e) {
        error = e instanceof StorageError ? e : new StorageError('io', `load failed: ${(e as Error).message}`, { cause: e });
        this.lastCycleFailed = true;
        this.lastError = (error as Error).message;
      }
      this.lastCycleEnd = Date.now();
      this.loading = null;
      for (const w of waiters) (error ? w.reject(error) : w.resolve());
      this.notifyProgress();
      if (this.flushWaiters.length > 0 || (!this.lastCycleFailed && this.backPressured())) void this.runCycle();
      else if (this.journal.pendingRows > 0 || this.pending.length > 0) this.scheduleLoad();
    })();
    return this.loading;
  }

  /**
   * One load cycle. Every segment that ends a row group is loaded up to that end, together with what
   * is pending before it (row-group-split.ts). The rest waits for its row group to fill unless it is
   * due: a flush asks for it, the engine closes, or — while no row group is ready — appends wait for
   * the load (back-pressure) or its oldest row was acknowledged maxLoadDelayMs ago. Then the current
   * segment is sealed too, and everything pending is loaded as it is. Only segments sealed by the time
   * the cycle seals are loaded, so that a cycle ends under any rate (the next starts at once if a row
   * group is ready). Resolves true when it sealed at its start: every row acknowledged before it began
   * is then loaded when it ends (a cycle of `stats().load.cycles`).
   */
  private async cycle(flushing: boolean): Promise<boolean> {
    const due = (): boolean => {
      if (flushing || !this.acceptingAppends) return true;
      if (this.rowGroupReady()) return false;
      if (this.backPressured()) return true;
      const oldest = this.oldestUnloadedAt();
      return oldest > 0 && Date.now() - oldest >= this.maxLoadDelayMs;
    };
    let sealed = due();
    const sealedAtStart = sealed;
    this.pending.push(...(sealed ? await this.journal.seal() : this.journal.takeSealed()));
    let last = this.pending.at(-1)?.seq ?? 0;
    for (;;) {
      const end = this.pending.findIndex((s) => s.endsRowGroup === true && s.seq <= last);
      if (end >= 0) {
        await this.loadThroughRowGroupEnd(end);
        continue;
      }
      if (!due()) return sealedAtStart;
      if (!sealed) {
        sealed = true;
        this.pending.push(...(await this.journal.seal()));
        last = this.pending.at(-1)?.seq ?? 0;
        continue;
      }
      if (this.pending.length === 0 || this.pending[0]!.seq > last) return sealedAtStart;
      await this.loadFront();
    }
  }

  /**
   * Loads pending[0..end] in one transaction up to the row-group end in pending[end], and checkpoints.
   * If that fails, loads only the front segment, on its own (strictly, then tolerantly).
   */
  private async loadThroughRowGroupEnd(end: number): Promise<void> {
    const whole = this.pending.slice(0, end);
    const last = this.pending[end]!;
    const heads = rowGroupHeads(last);
    const started = Date.now();
    let rows = heads.reduce((n, h) => n + h.rows, heads.length === 0 ? unloadedRows(last) : 0);
    for (const s of whole) rows += unloadedRows(s);
    this.admission.loadStarted(rows);
    let result;
    try {
      result = await this.writerQueue.run(() => loadToRowGroupEnd(this.writer, this.catalog, whole, last, heads));
      this.admission.loadEnded(rows, Date.now() - started);
    } catch (e) {
      this.admission.loadEnded(rows, null);
      this.lastError = `segments ${this.pending[0]!.seq}–${last.seq}: the load up to the row-group end failed, loading them one by one: ${(e as Error).message}`;
      await this.loadFront();
      return;
    }
    this.lastLoadMs = Date.now() - started;
    this.account(result);
    const done = heads.length === 0 ? end + 1 : end;
    for (const segment of this.pending.splice(0, done)) {
      this.segmentsLoaded++;
      // Its rows are committed in DuckDB; a crash before the files are gone is handled on open.
      await this.journal.discard(segment).catch(() => undefined);
    }
    if (heads.length > 0) {
      // Its other records wait for the next row-group end (or until they are due).
      for (const f of last.files) f.loaded = (f.loaded ?? 0) + (result.heads.get(f.table) ?? 0);
      last.endsRowGroup = undefined;
      last.rowGroupEnds = undefined;
    }
    this.notifyProgress();
    await this.maybeCheckpoint(true);
  }

  /** Loads the first pending segment, whole (past any records already in), strictly then tolerantly. */
  private async loadFront(): Promise<void> {
    const segment = this.pending[0]!;
    const started = Date.now();
    const rows = unloadedRows(segment);
    this.admission.loadStarted(rows);
    let outcome;
    try {
      outcome = await this.writerQueue.run(() => loadSegment(this.writer, this.catalog, segment, this.rejectedDir));
      this.admission.loadEnded(rows, Date.now() - started);
    } catch (e) {
      this.admission.loadEnded(rows, null);
      throw e;
    }
    this.pending.shift();
    this.segmentsLoaded++;
    this.lastLoadMs = Date.now() - started;
    this.account(outcome);
    if (outcome.strictError) this.lastError = `segment ${segment.seq} loaded skipping malformed rows: ${outcome.strictError}`;
    await this.journal.discard(segment).catch(() => undefined);
    this.notifyProgress();
    // A segment that ends a row group lands here only when its load up to the end failed: checkpoint
    // after it all the same, a tail past the end.
    await this.maybeCheckpoint(segment.endsRowGroup === true);
  }

  private account(outcome: LoadOutcome): void {
    for (const [table, n] of outcome.loaded) {
      this.statsFor(table).rowsLoaded += n;
      this.rowsSinceCheckpoint += n;
    }
    for (const [table, n] of outcome.rejected) {
      this.statsFor(table).rowsRejected += n;
      this.journal.adjustTableRows(table, -n);
    }
  }

  /**
   * Checkpoints (compresses the loaded rows into the database file and empties the WAL) when a
   * table has just filled a row group — after a load up to a row-group end, or after a segment that
   * ends a row group but could not be loaded up to it — or, whatever the alignment, once two row
   * groups' worth of rows are not checkpointed. After a load of one whole row group DuckDB has already
   * written it (4 ms checkpoints, bench/storage/row-group-size.ts); after one that completed a row
   * group begun by earlier loads, the checkpoint compresses it. Measured (bench/storage/load-costs.ts,
   * 1 M bench rows, 122,880-row groups): checkpoints at row-group ends cost 5.8 CPU µs/row in all and
   * hold ~80 MB in DuckDB, against 8.4–9.7 µs/row and bloated files with DuckDB's WAL thresholds of
   * 16–64 MB, and 6.2 µs/row with 200+ MB held in memory (and spilled) at 256 MB.
   *
   * It runs on the writer connection, between loads: on a second connection it would not let them
   * proceed (DuckDB holds a commit until a running checkpoint ends: measured, a 20 k-row commit
   * waited the whole 260 ms of a concurrent checkpoint).
   */
  private async maybeCheckpoint(atRowGroupEnd: boolean): Promise<void> {
    const due = atRowGroupEnd || this.rowsSinceCheckpoint >= 2 * this.rowGroupRows;
    if (!due) return;
    const started = Date.now();
    try {
      await this.writerQueue.run(() => this.writer.run(`CHECKPOINT ${DATABASE_ALIAS}`));
      this.rowsSinceCheckpoint = 0;
      this.checkpoints++;
      this.lastCheckpointMs = Date.now() - started;
    } catch (e) {
      // E.g. another connection holds an open write transaction: the next segment tries again, and
      // DuckDB's own threshold remains a backstop.
      this.checkpointFailures++;
      this.lastCheckpointError = (e as Error).message;
    }
  }

  private statsFor(table: string): TableStats {
    const name = this.catalog.get(table)?.name ?? table;
    let s = this.tableStats.get(name);
    if (!s) this.tableStats.set(name, (s = emptyStats()));
    return s;
  }

  // ---- queries ------------------------------------------------------------------------------------

  query(sql: string, params?: SqlParams, options?: QueryOptions): Promise<QueryResult> {
    try {
      this.assertOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.queries.query(sql, params, options);
  }

  stream(sql: string, params?: SqlParams, options?: Omit<QueryOptions, 'maxRows'>): Promise<RowStream> {
    try {
      this.assertOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.queries.stream(sql, params, options);
  }

  // ---- status and lifecycle -----------------------------------------------------------------------

  stats(): EngineStats {
    const tables: Record<string, TableStats> = {};
    for (const t of this.catalog.list()) tables[t.name] = { ...(this.tableStats.get(t.name) ?? emptyStats()) };
    for (const [name, s] of this.tableStats) if (!tables[name]) tables[name] = { ...s };
    const pendingRows = this.pendingRows();
    const pendingBytes = this.pendingBytes();
    const oldest = this.oldestUnloadedAt();
    return {
      tables,
      journal: { pendingBytes, pendingRows, commits: this.journal.commits, appendCalls: this.journal.appendCalls, appendWaits: this.admission.waits },
      load: {
        cycles: this.cycles,
        segments: this.segmentsLoaded,
        lagMs: pendingRows > 0 && oldest > 0 ? Math.max(0, Date.now() - oldest) : 0,
        lastLoadMs: this.lastLoadMs,
        checkpoints: this.checkpoints,
        checkpointFailures: this.checkpointFailures,
        ...(this.lastCheckpointError !== undefined ? { lastCheckpointError: this.lastCheckpointError } : {}),
        lastCheckpointMs: this.lastCheckpointMs,
        ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      },
    };
  }

  /** Acknowledged rows not yet loaded. */
  private pendingRows(): number {
    return this.journal.pendingRows + this.pending.reduce((n, s) => n + unloadedRows(s), 0);
  }

  /** When the oldest acknowledged row not yet loaded was committed (Date.now()), 0 if none. */
  private oldestUnloadedAt(): number {
    for (const s of this.pending) {
      if (unloadedRows(s) === 0) continue;
      // A segment split at a row-group end keeps the records of its last group of calls, unless a
      // file of it was not split at all.
      return s.files.every((f) => f.rows === (f.loaded ?? 0) || (f.loaded ?? 0) > 0) ? s.lastCommitAt : s.firstCommitAt;
    }
    return this.journal.oldestUnsealedAt;
  }

  /**
   * Starts a cycle now if none runs: a caller waits because the load is behind, so the cadence's
   * pause between cycles would only add to the lag.
   */
  private startLoadNow(): void {
    if (this.loading || this.closed) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // After a failure, keep the back-off: the cycle's end lets the waiting calls re-check.
    if (this.lastCycleFailed) this.scheduleLoad();
    else void this.runCycle();
  }

  private notifyProgress(): void {
    this.admission.progress();
  }

  /** Acknowledged NDJSON bytes not yet loaded. */
  private pendingBytes(): number {
    return this.journal.pendingBytes + this.pending.reduce((n, s) => n + s.bytes, 0);
  }

  close(): Promise<void> {
    if (!this.closing) this.closing = this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.acceptingAppends = false;
    this.admission.close(); // appends waiting for the load now reject as closed
    // Appends already accepted finish committing; then one last load takes everything acknowledged.
    await this.journal.drain();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    try {
      await this.flush();
    } catch {
      // Whatever did not load stays in the journal and is replayed on the next open.
    }
    this.closed = true;
    await this.loading;
    await this.journal.close();
    await this.queries.drain();
    await this.writerQueue.idle();
    await this.docQueue.idle();
    this.queries.closeAll();
    this.writer.closeSync();
    this.docConn.closeSync();
    this.instance.closeSync();
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('closed', 'the storage engine is closed');
  }
}
