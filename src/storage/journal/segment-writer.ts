// The file side of the journal, synchronous on purpose: it runs in its own worker thread
// (journal-worker.ts), because Node's asynchronous fs calls share libuv's small thread pool with
// every DuckDB statement (@duckdb/node-api runs each one as pool work). Four long queries would
// otherwise hold all four pool threads and stall every fsync, hence every acknowledgement, for as
// long as they run (measured: an append waited for the whole of four 150 s queries).
//
// Segment layout and commit protocol: see journal.ts and commit-log.ts.
import { closeSync, fdatasyncSync, fsyncSync, ftruncateSync, openSync, unlinkSync, writeSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCommitRecord } from './commit-log.js';

export interface GroupTable {
  table: string;
  chunks: Uint8Array[];
  rows: number;
}

export interface SealedFiles {
  seq: number;
  files: { table: string; path: string; bytes: number; rows: number }[];
  commitLogPath: string;
}

interface OpenFile {
  table: string;
  path: string;
  fd: number;
  /** Committed bytes / rows (covered by a durable commit record). */
  bytes: number;
  rows: number;
  /** A failed group may have left bytes beyond `bytes`; they are cut before the next write. */
  dirty: boolean;
}

export function segmentName(seq: number): string {
  return seq.toString().padStart(12, '0');
}

export class SegmentWriter {
  private seq: number;
  private files = new Map<string, OpenFile>();
  private commitLog: { fd: number; path: string; bytes: number } | null = null;
  private readonly dirFd: number;

  constructor(
    private readonly dir: string,
    firstSeq: number,
  ) {
    this.seq = firstSeq;
    this.dirFd = openSync(dir, 'r');
  }

  /**
   * Writes one group: phase 1 the rows of every table (fsynced, with the directory when a file was
   * created), phase 2 the commit record naming the new committed sizes (fsynced). Throws if either
   * phase fails; then nothing of the group is committed.
   */
  commit(commit: number, tables: GroupTable[]): void {
    if (tables.length === 0) return;
    const touched: { f: OpenFile; t: GroupTable; bytes: number }[] = [];
    try {
      let created = false;
      if (!this.commitLog) {
        const path = join(this.dir, `${segmentName(this.seq)}.commits`);
        this.commitLog = { fd: openSync(path, 'wx'), path, bytes: 0 };
        created = true;
      }
      for (const t of tables) {
        let f = this.files.get(t.table);
        if (!f) {
          const path = join(this.dir, `${segmentName(this.seq)}.${t.table}.json`);
          f = { table: t.table, path, fd: openSync(path, 'wx'), bytes: 0, rows: 0, dirty: false };
          this.files.set(t.table, f);
          created = true;
        }
        const chunks = t.chunks;
        const bytes = chunks.reduce((n, c) => n + c.length, 0);
        if (f.dirty) ftruncateSync(f.fd, f.bytes);
        f.dirty = true; // until the commit record is durable
        writeAllSync(f.fd, chunks, f.bytes);
        fdatasyncSync(f.fd);
        touched.push({ f, t, bytes });
      }
      if (created) fsyncSync(this.dirFd);
      const record: Record<string, { bytes: number; rows: number }> = {};
      for (const { f, t, bytes } of touched) record[f.table] = { bytes: f.bytes + bytes, rows: f.rows + t.rows };
      const encoded = encodeCommitRecord({ commit, tables: record });
      const log = this.commitLog;
      writeAllSync(log.fd, [encoded], log.bytes);
      fdatasyncSync(log.fd);
      log.bytes += encoded.length;
    } catch (e) {
      // The record is absent or torn: cut it back so the next record follows the last good one.
      if (this.commitLog) {
        try {
          ftruncateSync(this.commitLog.fd, this.commitLog.bytes);
        } catch {
          // Recovery stops at the torn record anyway.
        }
      }
      throw e;
    }
    for (const { f, t, bytes } of touched) {
      f.bytes += bytes;
      f.rows += t.rows;
      f.dirty = false;
    }
  }

  /** Closes the current segment and starts the next. Null when it holds no committed rows. */
  seal(): SealedFiles | null {
    if (this.files.size === 0 && !this.commitLog) return null;
    const files: SealedFiles['files'] = [];
    for (const f of this.files.values()) {
      if (f.dirty) ftruncateSync(f.fd, f.bytes);
      closeSync(f.fd);
      if (f.bytes > 0) files.push({ table: f.table, path: f.path, bytes: f.bytes, rows: f.rows });
      else unlinkQuiet(f.path);
    }
    this.files.clear();
    const commitLogPath = this.commitLog?.path ?? join(this.dir, `${segmentName(this.seq)}.commits`);
    if (this.commitLog) closeSync(this.commitLog.fd);
    this.commitLog = null;
    const seq = this.seq++;
    if (files.length === 0) {
      unlinkQuiet(commitLogPath);
      return null;
    }
    files.sort((a, b) => a.table.localeCompare(b.table));
    return { seq, files, commitLogPath };
  }

  discard(paths: string[]): void {
    for (const p of paths) unlinkQuiet(p);
  }

  close(): void {
    for (const f of this.files.values()) closeSync(f.fd);
    this.files.clear();
    if (this.commitLog) closeSync(this.commitLog.fd);
    this.commitLog = null;
    closeSync(this.dirFd);
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Writes every chunk at `position`, continuing after partial writes. */
function writeAllSync(fd: number, chunks: Uint8Array[], position: number): void {
  let pos = position;
  let i = 0;
  const bufs = [...chunks];
  while (i < bufs.length) {
    const slice = bufs.slice(i, i + 256);
    const total = slice.reduce((n, b) => n + b.length, 0);
    const written = slice.length === 1 ? writeSync(fd, slice[0]!, 0, slice[0]!.length, pos) : writevSync(fd, slice, pos);
    pos += written;
    if (written === total) {
      i += slice.length;
      continue;
    }
    let left = written;
    while (left > 0 && left >= bufs[i]!.length) left -= bufs[i++]!.length;
    if (left > 0) bufs[i] = bufs[i]!.subarray(left);
  }
}
