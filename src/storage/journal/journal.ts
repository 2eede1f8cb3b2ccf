// The ingest journal: an fsynced, group-committed log of rows, cut into numbered segments.
//
// A segment is one file per table (`<seq>.<table>.json`, a JSON array of row objects that DuckDB's
// read_json loads directly once the loader has closed it: json-elements.ts) plus a commit log (`<seq>.commits`, see commit-log.ts). Appends
// queue while a group commit is in flight; the next group takes everything queued, writes each
// table's bytes, fsyncs the touched files (and the directory when a file was created), then appends
// and fsyncs one commit record naming the new committed sizes. Only then are the group's calls
// acknowledged. So one fsync round serves many concurrent calls, and a call's batches in several
// tables become committed by a single record: atomically.
//
// The loader seals the current segment between two groups (`seal()`) when its rows are due, loads
// it, and discards it. The journal also seals on its own before a group would take one table of the
// segment past `segmentRows` (default a row group, 30,720 rows: ROW_GROUP_ROWS). A load of more than
// a row group is written by DuckDB straight to disk as row groups with the last one partial, which
// nearly doubles the file (spec/performance-notes.md); and DuckDB holds a whole load uncompressed in
// memory while it runs — peak RSS grew from ~380 to ~670 MB between 20 k- and 122 k-row loads
// (bench/storage/load-costs.ts) — so a loader that falls behind finds several moderate segments
// rather than one huge one.
// And it gives the call that takes a table past a multiple of `rowGroupRows` (counting the rows the
// engine already holds, `setTableRows`) a segment of its own, sealed before and right after it,
// marking it `endsRowGroup` with how many of its records complete the row group (`rowGroupEnds`), and
// tells the loader (`onRowGroupEnd`). The loader loads everything before that segment plus those
// records in one transaction — exactly a row group — checkpoints, and carries the rest to its next
// load (duckdb/row-group-split.ts says why). Alone in its segment, the crossing call is the only one
// whose records the loader reads twice (up to the end, then past it by OFFSET).
// On open, segments left on disk are recovered: each table file is cut back to its committed size.
//
// The file I/O of commits, seals and discards runs in a worker thread (segment-writer.ts says why);
// this class keeps the queue, forms the groups and does the bookkeeping on the caller's thread.
import { readdir, readFile, rm, stat, truncate, mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { committedState, decodeCommitLog } from './commit-log.js';
import { ARRAY_OPEN, ROW_SEPARATOR } from './json-elements.js';
import { segmentName, type GroupTable, type SealedFiles } from './segment-writer.js';
import type { WorkerReply, WorkerRequest } from './journal-worker.js';

export interface JournalBatch {
  /** Canonical table name (letters, digits, underscore). */
  table: string;
  /** Array elements: row objects separated by commas, no brackets (json-elements.ts). */
  data: Buffer;
  rows: number;
}

export interface SegmentFile {
  table: string;
  path: string;
  bytes: number;
  rows: number;
  /** The loader has appended the array's closing `]` (not part of the committed bytes). */
  closed?: boolean;
  /**
   * Records of the file already in the engine, when the loader took its first ones up to a row-group
   * end and carries the rest to its next load (duckdb/row-group-split.ts). Bookkeeping of this
   * process: after a crash the engine's own note says it.
   */
  loaded?: number;
}

export interface SealedSegment {
  seq: number;
  files: SegmentFile[];
  commitLogPath: string;
  rows: number;
  bytes: number;
  /** Date.now() of the segment's first commit in this process (recovered segments: time of open). */
  firstCommitAt: number;
  /** Date.now() of its last commit (recovered segments: time of open). */
  lastCommitAt: number;
  /**
   * The segment's last group took a table past a multiple of `rowGroupRows` (counting the table's
   * rows already in the engine): once it is loaded, that table's row groups are full but for a
   * small tail, the moment to checkpoint (see DuckDbEngine.maybeCheckpoint).
   */
  endsRowGroup?: boolean;
  /**
   * With endsRowGroup: each table the last group took past a row-group end, and how many of the
   * segment's records of that table (its file's first ones) complete the last row group crossed. The
   * loader loads those, checkpoints, then loads the rest (duckdb/row-group-split.ts), so that the
   * checkpoint lands exactly on the row-group end. Counted from setTableRows and the rows the callers
   * declared: only an optimisation, exactly-once never depends on it.
   */
  rowGroupEnds?: RowGroupEnd[];
}

export interface RowGroupEnd {
  table: string;
  rows: number;
}

export interface JournalCommit {
  commit: number;
  rows: number;
  bytes: number;
}

interface PendingAppend {
  batches: JournalBatch[];
  resolve: (c: JournalCommit) => void;
  reject: (e: unknown) => void;
}

const seqText = segmentName;

const SEGMENT_FILE = /^(\d{12})\.(?:commits|([A-Za-z0-9_]+)\.json)$/;
/** Scratch copies the loader makes beside a table file (duckdb/salvage-rows.ts, duckdb/unloaded-part.ts). */
const LOADER_SCRATCH = /^\d{12}\.[A-Za-z0-9_]+\.json\.(?:salvaged|rest)$/;

export class Journal {
  /**
   * Rows of each table counting those in the engine (set by the engine on open) and every row
   * journaled since: where the table stands against DuckDB's row-group boundaries.
   */
  private readonly tableRows = new Map<string, number>();
  private unsealedRows = 0;
  private unsealedBytes = 0;
  private firstCommitAt = 0;
  private lastCommitAt = 0;
  /** Rows per table in the current segment. */
  private segmentTableRows = new Map<string, number>();
  /** Segments the journal sealed on its own (segmentRows), handed out by the next seal(). */
  private autoSealed: SealedSegment[] = [];
  private queue: PendingAppend[] = [];
  private sealWaiters: { resolve: (s: SealedSegment | null) => void; reject: (e: unknown) => void }[] = [];
  private pumping = false;
  private idleWaiters: (() => void)[] = [];
  private nextCommit = 1;
  private closed = false;
  private nextRequest = 1;
  private readonly inflight = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private workerError: Error | null = null;
  commits = 0;
  appendCalls = 0;
  /** Called after every successful group commit (the loader schedules itself from it). */
  onCommit: (() => void) | null = null;
  /**
   * Called when the journal has sealed a segment right after a group that took a table past a
   * row-group end: a whole row group is ready to load (duckdb/row-group-split.ts).
   */
  onRowGroupEnd: (() => void) | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly segmentRows: number,
    private readonly rowGroupRows: number,
  ) {
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.inflight.get(reply.id);
      if (!pending) return;
      this.inflight.delete(reply.id);
      if (this.inflight.size === 0) worker.unref();
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(Object.assign(new Error(reply.error), reply.code ? { code: reply.code } : {}));
    });
    const fail = (e: Error) => {
      // Without its writer the journal cannot make anything durable: fail what waits and what comes.
      this.workerError ??= e;
      for (const p of this.inflight.values()) p.reject(e);
      this.inflight.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`journal writer exited (code ${code})`)));
  }

  private request<T>(req: WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never): Promise<T> {
    if (this.workerError) return Promise.reject(this.workerError);
    const id = this.nextRequest++;
    // An idle writer must not keep the process alive; one with work in flight must.
    if (this.inflight.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.inflight.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  /**
   * Opens the journal in `dir`. Segments numbered up to `loadedThrough` are already in the engine and
   * are deleted; later ones are recovered (cut to their committed contents) and returned for loading.
   */
  static async open(
    dir: string,
    loadedThrough: number,
    segmentRows = DEFAULT_SEGMENT_ROWS,
    rowGroupRows = ROW_GROUP_ROWS,
  ): Promise<{ journal: Journal; recovered: SealedSegment[] }> {
    await mkdir(dir, { recursive: true });
    const bySeq = new Map<number, { commits: boolean; tables: Set<string> }>();
    for (const name of await readdir(dir)) {
      if (LOADER_SCRATCH.test(name)) {
        // A copy a load was reading when the process died (salvage or split); made again if needed.
        await rm(join(dir, name), { force: true });
        continue;
      }
      const m = SEGMENT_FILE.exec(name);
      if (!m) continue;
      const seq = Number(m[1]);
      let entry = bySeq.get(seq);
      if (!entry) bySeq.set(seq, (entry = { commits: false, tables: new Set() }));
      if (m[2] === undefined) entry.commits = true;
      else entry.tables.add(m[2]);
    }
    const recovered: SealedSegment[] = [];
    let maxSeq = loadedThrough;
    const now = Date.now();
    for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
      maxSeq = Math.max(maxSeq, seq);
      const entry = bySeq.get(seq)!;
      const commitLogPath = join(dir, `${seqText(seq)}.commits`);
      const tablePath = (t: string) => join(dir, `${seqText(seq)}.${t}.json`);
      if (seq <= loadedThrough) {
        for (const t of entry.tables) await rm(tablePath(t), { force: true });
        await rm(commitLogPath, { force: true });
        continue;
      }
      const records = entry.commits ? decodeCommitLog(await readFile(commitLogPath)) : [];
      const state = committedState(records);
      const files: SegmentFile[] = [];
      for (const t of entry.tables) {
        const committed = state.get(t);
        const path = tablePath(t);
        if (!committed || committed.bytes === 0) {
          await rm(path, { force: true });
          continue;
        }
        const size = (await stat(path)).size;
        if (size < committed.bytes) {
          // Cannot happen if fsync keeps its promise; refuse to guess rather than load a torn file.
          throw new Error(`journal file ${path} is shorter (${size}) than its committed size (${committed.bytes})`);
        }
        if (size > committed.bytes) await truncate(path, committed.bytes);
        files.push({ table: t, path, bytes: committed.bytes, rows: committed.rows });
      }
      if (files.length === 0) {
        await rm(commitLogPath, { force: true });
        continue;
      }
      files.sort((a, b) => a.table.localeCompare(b.table));
      recovered.push({
        seq,
        files,
        commitLogPath,
        rows: files.reduce((n, f) => n + f.rows, 0),
        bytes: files.reduce((n, f) => n + f.bytes, 0),
        firstCommitAt: now,
        lastCommitAt: now,
      });
    }
    const worker = startWorker({ dir, firstSeq: maxSeq + 1 });
    worker.unref(); // see request()
    return { journal: new Journal(worker, Math.min(segmentRows, rowGroupRows), rowGroupRows), recovered };
  }

  /** Resolves when `batches` are durable; rejects (and nothing of the call is committed) on I/O failure. */
  append(batches: readonly JournalBatch[]): Promise<JournalCommit> {
    if (this.closed) return Promise.reject(new Error('journal closed'));
    if (this.workerError) return Promise.reject(this.workerError);
    return new Promise((resolve, reject) => {
      this.queue.push({ batches: [...batches], resolve, reject });
      this.appendCalls++;
      void this.pump();
    });
  }

  /**
   * Seals the current segment at a group boundary and starts the next one. Resolves with every
   * segment sealed since the last call, in order (empty when nothing was committed).
   */
  async seal(): Promise<SealedSegment[]> {
    const current = await new Promise<SealedSegment | null>((resolve, reject) => {
      this.sealWaiters.push({ resolve, reject });
      void this.pump();
    });
    const out = this.autoSealed.splice(0);
    if (current) out.push(current);
    return out;
  }

  /** The segments the journal sealed on its own since the last call (seal() also returns them), without sealing the current one. */
  takeSealed(): SealedSegment[] {
    return this.autoSealed.splice(0);
  }

  /** Has the journal sealed, on its own, a segment that ends a row group (not yet taken)? */
  get rowGroupEndSealed(): boolean {
    return this.autoSealed.some((s) => s.endsRowGroup === true);
  }

  /** Tells the journal how many rows `table` holds in the engine before its journaled ones (0 for a new table). */
  setTableRows(table: string, rows: number): void {
    this.tableRows.set(table, rows);
  }

  /** Corrects a table's count by rows its load did not store (rejected lines). */
  adjustTableRows(table: string, delta: number): void {
    const n = this.tableRows.get(table);
    if (n !== undefined) this.tableRows.set(table, Math.max(0, n + delta));
  }

  forgetTable(table: string): void {
    this.tableRows.delete(table);
  }

  /** Committed rows not yet handed to the loader by seal(). */
  get pendingRows(): number {
    return this.unsealedRows + this.autoSealed.reduce((n, s) => n + s.rows, 0);
  }

  get pendingBytes(): number {
    return this.unsealedBytes + this.autoSealed.reduce((n, s) => n + s.bytes, 0);
  }

  get oldestUnsealedAt(): number {
    return this.autoSealed[0]?.firstCommitAt ?? (this.unsealedRows > 0 ? this.firstCommitAt : 0);
  }

  /** Deletes a loaded segment's files. A crash before this completes is harmless (see open). */
  async discard(segment: SealedSegment): Promise<void> {
    await this.request({ op: 'discard', paths: [...segment.files.map((f) => f.path), segment.commitLogPath] });
  }

  /** Resolves once every append queued so far is committed (or failed). */
  drain(): Promise<void> {
    return this.whenIdle();
  }

  /** Waits for queued appends to be committed, then closes the files (without sealing). */
  async close(): Promise<void> {
    this.closed = true;
    await this.whenIdle();
    if (!this.workerError) await this.request({ op: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private whenIdle(): Promise<void> {
    if (!this.pumping && this.queue.length === 0 && this.sealWaiters.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 || this.sealWaiters.length > 0) {
        if (this.sealWaiters.length > 0) {
          const waiters = this.sealWaiters.splice(0);
          try {
            const sealed = await this.sealCurrent();
            for (const w of waiters) w.resolve(sealed);
          } catch (e) {
            for (const w of waiters) w.reject(e);
          }
          continue;
        }
        const taken = this.takeGroup();
        const group = taken.calls;
        let crosses = taken.crosses;
        if (crosses && group.length > 1) {
          // The call that crosses the row-group end forms a group of its own, in a segment of its
          // own: the loader reads that segment twice (its records up to the end, then the rest past
          // them by OFFSET, which parses them again), so it should hold no more than that call.
          this.queue.unshift(group.pop()!);
          crosses = false;
        }
        // Seal first before a crossing call (so that it is alone) or a group that would take a table
        // of the segment past segmentRows.
        if ((crosses && this.unsealedRows > 0) || this.wouldOverflow(group)) {
          try {
            const sealed = await this.sealCurrent();
            if (sealed) this.autoSealed.push(sealed);
          } catch (e) {
            for (const call of group) call.reject(e);
            continue;
          }
        }
        const rowGroupEnds = await this.commitGroup(group);
        if (rowGroupEnds.length > 0) {
          // A table just crossed a row-group boundary: end the segment here; the loader loads up to
          // the boundary at once (duckdb/row-group-split.ts).
          try {
            const sealed = await this.sealCurrent();
            if (sealed) {
              this.autoSealed.push({ ...sealed, endsRowGroup: true, rowGroupEnds });
              this.onRowGroupEnd?.();
            }
          } catch {
            // The segment stays open; the next seal (the loader's) closes it.
          }
        }
      }
    } finally {
      this.pumping = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /**
   * The next group: every queued call, except that it ends with the first call that takes a table
   * past a row-group end (`crosses`). The segment is sealed right after that call, so it holds at
   * most that one call's rows of the next row group, which the loader carries to its next load
   * (duckdb/row-group-split.ts). The calls left queued form the next group.
   */
  private takeGroup(): { calls: PendingAppend[]; crosses: boolean } {
    const added = new Map<string, number>();
    for (let i = 0; i < this.queue.length; i++) {
      for (const b of this.queue[i]!.batches) {
        if (b.data.length === 0 || b.rows === 0) continue;
        const stored = this.tableRows.get(b.table) ?? 0;
        const before = stored + (added.get(b.table) ?? 0);
        const after = before + b.rows;
        added.set(b.table, after - stored);
        if (Math.floor(before / this.rowGroupRows) !== Math.floor(after / this.rowGroupRows)) return { calls: this.queue.splice(0, i + 1), crosses: true };
      }
    }
    return { calls: this.queue.splice(0), crosses: false };
  }

  /** Would `group` take a table of the non-empty current segment past segmentRows? */
  private wouldOverflow(group: PendingAppend[]): boolean {
    if (this.unsealedRows === 0) return false;
    const add = new Map<string, number>();
    for (const call of group) for (const b of call.batches) add.set(b.table, (add.get(b.table) ?? 0) + b.rows);
    for (const [table, rows] of add) {
      const current = this.segmentTableRows.get(table) ?? 0;
      if (current > 0 && current + rows > this.segmentRows) return true;
    }
    return false;
  }

  /** Commits one group; resolves with the tables it took past a row-group boundary (see rowGroupEnds). */
  private async commitGroup(group: PendingAppend[]): Promise<RowGroupEnd[]> {
    // Gather each table's bytes of the whole group, in call order.
    const perTable = new Map<string, GroupTable>();
    let rows = 0;
    let bytes = 0;
    for (const call of group) {
      for (const b of call.batches) {
        if (b.data.length === 0) continue;
        let entry = perTable.get(b.table);
        if (!entry) perTable.set(b.table, (entry = { table: b.table, chunks: [], rows: 0 }));
        // The table's file opens its array with its first batch; later batches follow a separator.
        entry.chunks.push(entry.chunks.length === 0 && !this.segmentTableRows.has(b.table) ? ARRAY_OPEN : ROW_SEPARATOR);
        entry.chunks.push(b.data);
        entry.rows += b.rows;
        rows += b.rows;
        bytes += b.data.length;
      }
    }
    const commit = this.nextCommit++;
    try {
      if (perTable.size > 0) await this.request({ op: 'commit', commit, tables: [...perTable.values()] });
    } catch (e) {
      for (const call of group) call.reject(e);
      return [];
    }
    const crossed: RowGroupEnd[] = [];
    for (const t of perTable.values()) this.segmentTableRows.set(t.table, (this.segmentTableRows.get(t.table) ?? 0) + t.rows);
    if (rows > 0) {
      if (this.unsealedRows === 0) this.firstCommitAt = Date.now();
      this.lastCommitAt = Date.now();
      this.unsealedRows += rows;
      this.unsealedBytes += bytes;
      for (const t of perTable.values()) {
        const inSegment = this.segmentTableRows.get(t.table)!;
        const before = this.tableRows.get(t.table) ?? 0;
        const after = before + t.rows;
        this.tableRows.set(t.table, after);
        // The last row-group end at or below `after`; crossed if this group's rows reach it. The
        // segment's records of the table start at row `after - inSegment`.
        const end = Math.floor(after / this.rowGroupRows) * this.rowGroupRows;
        if (end > before) crossed.push({ table: t.table, rows: end - (after - inSegment) });
      }
    }
    this.commits++;
    for (const call of group) {
      let r = 0;
      let b = 0;
      for (const x of call.batches) {
        r += x.rows;
        b += x.data.length;
      }
      call.resolve({ commit, rows: r, bytes: b });
    }
    this.onCommit?.();
    return crossed;
  }

  private async sealCurrent(): Promise<SealedSegment | null> {
    const files = await this.request<SealedFiles | null>({ op: 'seal' });
    const sealed: SealedSegment | null = files
      ? {
          ...files,
          rows: files.files.reduce((n, f) => n + f.rows, 0),
          bytes: files.files.reduce((n, f) => n + f.bytes, 0),
          firstCommitAt: this.firstCommitAt,
          lastCommitAt: this.lastCommitAt,
        }
      : null;
    this.unsealedRows = 0;
    this.unsealedBytes = 0;
    this.segmentTableRows.clear();
    return sealed;
  }
}


/**
 * The row-group size of the engine's database: it attaches its file with `ROW_GROUP_SIZE` this
 * (duckdb-engine.ts), a quarter of DuckDB's default of 122,880. While rows arrive fast the loader
 * loads exactly one row group per transaction (duckdb/row-group-split.ts), which DuckDB writes
 * compressed straight to the file, so that the checkpoint after it has almost nothing to do: 4.5 CPU
 * µs/row and 4 ms checkpoints, against 5.5 µs/row and 190 ms checkpoints (which hold every load) for
 * 61,440-row groups loaded in parts (bench/storage/row-group-size.ts). Must be a multiple of 2,048.
 */
export const ROW_GROUP_ROWS = 30_720;

/** Most rows of one table in one segment by default: a row group, 30,720 (see the header). */
export const DEFAULT_SEGMENT_ROWS = ROW_GROUP_ROWS;

/** Starts the writer thread from the entry next to this file: the built .js, or the .ts source under tsx. */
function startWorker(workerData: { dir: string; firstSeq: number }): Worker {
  if (extname(fileURLToPath(import.meta.url)) === '.ts') {
    // Worker threads do not inherit tsx's loader hooks: register them in the worker, then load the entry.
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./journal-worker.ts', import.meta.url).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(code, { eval: true, workerData });
  }
  return new Worker(new URL('./journal-worker.js', import.meta.url), { workerData });
}
