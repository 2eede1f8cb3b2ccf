// The ingest journal: an fsynced, group-committed log of NDJSON rows, cut into numbered segments.
//
// A segment is one file per table (`<seq>.<table>.ndjson`, plain NDJSON so that DuckDB's
// read_ndjson loads it directly) plus a commit log (`<seq>.commits`, see commit-log.ts). Appends
// queue while a group commit is in flight; the next group takes everything queued, writes each
// table's bytes, fsyncs the touched files (and the directory when a file was created), then appends
// and fsyncs one commit record naming the new committed sizes. Only then are the group's calls
// acknowledged. So one fsync round serves many concurrent calls, and a call's batches in several
// tables become committed by a single record: atomically.
//
// The loader seals the current segment between two groups (`seal()`), loads it, and discards it.
// On open, segments left on disk are recovered: each table file is cut back to its committed size.
import { open, readdir, readFile, rm, stat, truncate, unlink, mkdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { committedState, decodeCommitLog, encodeCommitRecord } from './commit-log.js';

export interface JournalBatch {
  /** Canonical table name (letters, digits, underscore). */
  table: string;
  data: Buffer;
  rows: number;
}

export interface SegmentFile {
  table: string;
  path: string;
  bytes: number;
  rows: number;
}

export interface SealedSegment {
  seq: number;
  files: SegmentFile[];
  commitLogPath: string;
  rows: number;
  bytes: number;
  /** Date.now() of the segment's first commit in this process (recovered segments: time of open). */
  firstCommitAt: number;
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

interface OpenFile {
  table: string;
  path: string;
  fh: FileHandle;
  /** Committed bytes / rows (covered by a durable commit record). */
  bytes: number;
  rows: number;
  /** A failed group may have left bytes beyond `bytes`; cut them before the next write. */
  dirty: boolean;
}

const NEWLINE = Buffer.from('\n', 'latin1');
const SEQ_DIGITS = 12;

function seqText(seq: number): string {
  return seq.toString().padStart(SEQ_DIGITS, '0');
}

const SEGMENT_FILE = /^(\d{12})\.(?:commits|([A-Za-z0-9_]+)\.ndjson)$/;

export class Journal {
  private seq: number;
  private files = new Map<string, OpenFile>();
  private commitLog: { fh: FileHandle; path: string; bytes: number } | null = null;
  private unsealedRows = 0;
  private unsealedBytes = 0;
  private firstCommitAt = 0;
  private queue: PendingAppend[] = [];
  private sealWaiters: { resolve: (s: SealedSegment | null) => void; reject: (e: unknown) => void }[] = [];
  private pumping = false;
  private idleWaiters: (() => void)[] = [];
  private nextCommit = 1;
  private closed = false;
  commits = 0;
  appendCalls = 0;
  /** Called after every successful group commit (the loader schedules itself from it). */
  onCommit: (() => void) | null = null;

  private constructor(
    private readonly dir: string,
    private dirHandle: FileHandle,
    firstSeq: number,
  ) {
    this.seq = firstSeq;
  }

  /**
   * Opens the journal in `dir`. Segments numbered up to `loadedThrough` are already in the engine and
   * are deleted; later ones are recovered (cut to their committed contents) and returned for loading.
   */
  static async open(dir: string, loadedThrough: number): Promise<{ journal: Journal; recovered: SealedSegment[] }> {
    await mkdir(dir, { recursive: true });
    const bySeq = new Map<number, { commits: boolean; tables: Set<string> }>();
    for (const name of await readdir(dir)) {
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
      const tablePath = (t: string) => join(dir, `${seqText(seq)}.${t}.ndjson`);
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
      });
    }
    const dirHandle = await open(dir, 'r');
    return { journal: new Journal(dir, dirHandle, maxSeq + 1), recovered };
  }

  /** Resolves when `batches` are durable; rejects (and nothing of the call is committed) on I/O failure. */
  append(batches: readonly JournalBatch[]): Promise<JournalCommit> {
    if (this.closed) return Promise.reject(new Error('journal closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ batches: [...batches], resolve, reject });
      this.appendCalls++;
      void this.pump();
    });
  }

  /**
   * Seals the current segment at a group boundary and starts the next one. Resolves null when the
   * current segment holds no committed rows.
   */
  seal(): Promise<SealedSegment | null> {
    return new Promise((resolve, reject) => {
      this.sealWaiters.push({ resolve, reject });
      void this.pump();
    });
  }

  /** Committed rows not yet sealed. */
  get pendingRows(): number {
    return this.unsealedRows;
  }

  get pendingBytes(): number {
    return this.unsealedBytes;
  }

  get oldestUnsealedAt(): number {
    return this.unsealedRows > 0 ? this.firstCommitAt : 0;
  }

  /** Deletes a loaded segment's files. A crash before this completes is harmless (see open). */
  async discard(segment: SealedSegment): Promise<void> {
    for (const f of segment.files) await unlink(f.path).catch(ignoreMissing);
    await unlink(segment.commitLogPath).catch(ignoreMissing);
  }

  /** Resolves once every append queued so far is committed (or failed). */
  drain(): Promise<void> {
    return this.whenIdle();
  }

  /** Waits for queued appends to be committed, then closes the files (without sealing). */
  async close(): Promise<void> {
    this.closed = true;
    await this.whenIdle();
    for (const f of this.files.values()) await f.fh.close();
    this.files.clear();
    if (this.commitLog) await this.commitLog.fh.close();
    this.commitLog = null;
    await this.dirHandle.close();
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
        const group = this.queue.splice(0);
        await this.commitGroup(group);
      }
    } finally {
      this.pumping = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private async commitGroup(group: PendingAppend[]): Promise<void> {
    // Gather each table's bytes of the whole group, in call order.
    const perTable = new Map<string, { bufs: Buffer[]; bytes: number; rows: number }>();
    let rows = 0;
    let bytes = 0;
    for (const call of group) {
      for (const b of call.batches) {
        if (b.data.length === 0) continue;
        let entry = perTable.get(b.table);
        if (!entry) perTable.set(b.table, (entry = { bufs: [], bytes: 0, rows: 0 }));
        entry.bufs.push(b.data);
        entry.bytes += b.data.length;
        if (b.data[b.data.length - 1] !== 0x0a) {
          entry.bufs.push(NEWLINE);
          entry.bytes += 1;
        }
        entry.rows += b.rows;
      }
    }
    const commit = this.nextCommit++;
    const touched: OpenFile[] = [];
    try {
      let created = false;
      if (!this.commitLog && perTable.size > 0) {
        const path = join(this.dir, `${seqText(this.seq)}.commits`);
        this.commitLog = { fh: await open(path, 'wx'), path, bytes: 0 };
        created = true;
      }
      for (const table of perTable.keys()) {
        let f = this.files.get(table);
        if (!f) {
          const path = join(this.dir, `${seqText(this.seq)}.${table}.ndjson`);
          f = { table, path, fh: await open(path, 'wx'), bytes: 0, rows: 0, dirty: false };
          this.files.set(table, f);
          created = true;
        }
        touched.push(f);
      }
      // Phase 1: the rows, durable.
      await Promise.all([
        ...touched.map(async (f) => {
          if (f.dirty) {
            await f.fh.truncate(f.bytes);
            f.dirty = false;
          }
          f.dirty = true; // until the commit record is durable
          await writeAll(f.fh, perTable.get(f.table)!.bufs, f.bytes);
          await f.fh.datasync();
        }),
        created ? this.dirHandle.sync() : Promise.resolve(),
      ]);
      // Phase 2: the record that commits them, durable.
      const tables: Record<string, { bytes: number; rows: number }> = {};
      for (const f of touched) {
        const add = perTable.get(f.table)!;
        tables[f.table] = { bytes: f.bytes + add.bytes, rows: f.rows + add.rows };
      }
      if (perTable.size > 0) {
        const record = encodeCommitRecord({ commit, tables });
        const log = this.commitLog!;
        await writeAll(log.fh, [record], log.bytes);
        await log.fh.datasync();
        log.bytes += record.length;
      }
      for (const f of touched) {
        const add = perTable.get(f.table)!;
        f.bytes += add.bytes;
        f.rows += add.rows;
        f.dirty = false;
        rows += add.rows;
        bytes += add.bytes;
      }
    } catch (e) {
      // Nothing of this group is committed: its record is absent or torn, and its bytes lie beyond
      // the committed sizes (cut before the next write, or at seal/recovery).
      if (this.commitLog) await this.commitLog.fh.truncate(this.commitLog.bytes).catch(() => undefined);
      for (const call of group) call.reject(e);
      return;
    }
    if (rows > 0) {
      if (this.unsealedRows === 0) this.firstCommitAt = Date.now();
      this.unsealedRows += rows;
      this.unsealedBytes += bytes;
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
  }

  private async sealCurrent(): Promise<SealedSegment | null> {
    if (this.unsealedRows === 0 && this.files.size === 0) return null;
    const files: SegmentFile[] = [];
    for (const f of this.files.values()) {
      if (f.dirty) await f.fh.truncate(f.bytes);
      await f.fh.close();
      if (f.bytes > 0) files.push({ table: f.table, path: f.path, bytes: f.bytes, rows: f.rows });
      else await unlink(f.path).catch(ignoreMissing);
    }
    this.files.clear();
    const commitLogPath = this.commitLog?.path ?? join(this.dir, `${seqText(this.seq)}.commits`);
    if (this.commitLog) await this.commitLog.fh.close();
    this.commitLog = null;
    const seq = this.seq++;
    const sealed: SealedSegment = {
      seq,
      files: files.sort((a, b) => a.table.localeCompare(b.table)),
      commitLogPath,
      rows: this.unsealedRows,
      bytes: this.unsealedBytes,
      firstCommitAt: this.firstCommitAt,
    };
    this.unsealedRows = 0;
    this.unsealedBytes = 0;
    if (files.length === 0) {
      await unlink(commitLogPath).catch(ignoreMissing);
      return null;
    }
    return sealed;
  }
}

function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== 'ENOENT') throw e;
}

/** Writes every buffer at `position`, continuing after partial writes. */
async function writeAll(fh: FileHandle, bufs: Buffer[], position: number): Promise<void> {
  let pos = position;
  let i = 0;
  while (i < bufs.length) {
    const slice = bufs.slice(i, i + 256);
    const total = slice.reduce((n, b) => n + b.length, 0);
    const { bytesWritten } = await fh.writev(slice, pos);
    pos += bytesWritten;
    if (bytesWritten === total) {
      i += slice.length;
      continue;
    }
    // Partial write: skip whole buffers written, keep the rest of the cut one.
    let left = bytesWritten;
    while (left > 0 && left >= bufs[i]!.length) left -= bufs[i++]!.length;
    if (left > 0) bufs[i] = bufs[i]!.subarray(left);
  }
}
