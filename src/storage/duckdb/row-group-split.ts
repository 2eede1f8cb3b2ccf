// A segment that takes a table past a row-group end is loaded in two transactions, with a checkpoint
// between them, so that the checkpoint finds that table's row groups exactly full:
//   1. the table's first `rows` records of the segment (those that complete the row group, computed
//      by the journal: SealedSegment.rowGroupEnds), plus a note in _vigil.journal_partial of how many
//      records of the file are in — COMMIT; then CHECKPOINT;
//   2. the rest of the segment (loader.ts, which skips the noted records of each file) with the
//      advance of loaded_through and the deletion of the note — COMMIT.
// Why: a checkpoint that lands a few thousand rows past a row-group end writes that partial row
// group, and the next checkpoint reads it back, decompresses and compresses it again — in
// bench/storage/load-costs.ts that peaked at ~154 MB of DuckDB memory against ~72 MB for a checkpoint
// exactly at the end, and cost ~0.9 CPU µs/row more.
//
// Exactly once does not depend on the journal's arithmetic: the note holds what DuckDB reported
// loading, in the same transaction as those rows, and the second transaction reads it back. If the
// counts drift (rows rejected, a caller's row count wrong) the split only lands off the row-group end.
// The first part takes the file's first records with LIMIT, which keeps file order because the engine
// runs with preserve_insertion_order (forced on in duckdb-engine.ts; tested with several threads).
// The second part reads a copy of the file's bytes past those records (restOfFile) rather than the
// file with OFFSET: OFFSET parses the skipped records again, which cost as much CPU as the aligned
// checkpoint saved (load-costs.ts: +0.7 µs/row), while the rest is at most the crossing call's tail.
import { open, readFile, unlink, writeFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RowGroupEnd, SealedSegment } from '../journal/journal.js';
import type { TableCatalog } from './catalog.js';
import { loadStatement } from './load-sql.js';
import { notePartialLoadSql, readPartialLoads } from './meta.js';

/**
 * The split points worth a transaction of their own: a table whose row-group end falls strictly
 * inside its file (an end at the file's last record needs no split: the whole segment is loaded and
 * then checkpointed).
 */
export function rowGroupHeads(segment: SealedSegment): RowGroupEnd[] {
  const fileRows = new Map(segment.files.map((f) => [f.table, f.rows]));
  return (segment.rowGroupEnds ?? []).filter((e) => e.rows > 0 && e.rows < (fileRows.get(e.table) ?? 0));
}

/**
 * Transaction 1 of the split: loads the first `rows` records of each head's table file and notes
 * them. Resolves with the rows loaded per table, or null when the segment already has notes (a
 * previous attempt's first transaction committed and its second failed: loading the heads again
 * would double them). Strict: a record that fails to load fails the transaction, and the caller
 * loads the segment whole instead (loader.ts, with its tolerant fallback).
 */
export async function loadRowGroupHeads(
  conn: DuckDBConnection,
  catalog: TableCatalog,
  segment: SealedSegment,
  heads: readonly RowGroupEnd[],
): Promise<Map<string, number> | null> {
  const loaded = new Map<string, number>();
  await conn.run('BEGIN TRANSACTION');
  try {
    if ((await readPartialLoads(conn, segment.seq)).size > 0) {
      await conn.run('ROLLBACK');
      return null;
    }
    for (const head of heads) {
      const file = segment.files.find((f) => f.table === head.table);
      const table = catalog.get(head.table);
      if (!file || !table) continue; // dropped since the append: the whole-file path counts it
      const n = (await conn.run(loadStatement(table, file.path, { limit: head.rows }))).rowsChanged;
      // What DuckDB consumed, not what the journal expected: a strict load turns each record into
      // one row or fails, so `n` records of the file are in.
      await conn.run(notePartialLoadSql(segment.seq, file.table, n));
      loaded.set(table.name, (loaded.get(table.name) ?? 0) + n);
    }
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return loaded;
}

/**
 * How many of the first `records` records of `path` the tolerant fallback's cleaning drops (lines
 * that are not JSON objects; blank lines are no records, for DuckDB either). The cleaned copy misses
 * them, so the second transaction's offset into it is `records` minus this. Normally 0: the first
 * transaction loaded those records strictly; only lines DuckDB's reader accepts and JSON.parse does
 * not (NaN, trailing commas) count here.
 */
export async function headRecordsDropped(path: string, records: number): Promise<number> {
  const text = await readFile(path, 'utf8');
  let seen = 0;
  let dropped = 0;
  for (const line of text.split('\n')) {
    if (seen >= records) break;
    if (line.trim() === '') continue;
    seen++;
    let ok = false;
    try {
      const v: unknown = JSON.parse(line);
      ok = typeof v === 'object' && v !== null && !Array.isArray(v);
    } catch {
      ok = false;
    }
    if (!ok) dropped++;
  }
  return dropped;
}

/**
 * Writes the bytes of NDJSON file `path` that follow its first `records` records to `<path>.rest`
 * and returns that path, or null when nothing follows. A record is a line that is not blank (only
 * spaces, tabs, CRs), which is how DuckDB's strict newline-delimited reader counts them: it skips
 * blank lines and fails on a line holding anything but one JSON value — so after a strict load of
 * `records` records (the split's first part, whose count the note holds) this cut is exact.
 */
export async function restOfFile(path: string, records: number): Promise<string | null> {
  const fh = await open(path, 'r');
  let restStart = -1;
  let size = 0;
  try {
    size = (await fh.stat()).size;
    const chunk = Buffer.allocUnsafe(1 << 20);
    let seen = 0;
    let blank = true; // no non-blank byte seen on it yet
    let pos = 0;
    while (pos < size && restStart < 0) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) {
        const b = chunk[i]!;
        if (b === 0x0a) {
          if (!blank && ++seen === records) {
            restStart = pos + i + 1;
            break;
          }
          blank = true;
        } else if (blank && b !== 0x20 && b !== 0x09 && b !== 0x0d) {
          blank = false;
          // Skip to the line's end: the bytes of a record need no look.
          const nl = chunk.indexOf(0x0a, i + 1);
          i = nl < 0 || nl >= bytesRead ? bytesRead - 1 : nl - 1;
        }
      }
      pos += bytesRead;
    }
    if (restStart < 0 || restStart >= size) return null;
    const rest = Buffer.allocUnsafe(size - restStart);
    const { bytesRead } = await fh.read(rest, 0, rest.length, restStart);
    const restPath = `${path}.rest`;
    await writeFile(restPath, rest.subarray(0, bytesRead));
    return restPath;
  } finally {
    await fh.close();
  }
}

export interface RestSource {
  /** The file to load. */
  path: string;
  /** Records of it to skip. */
  offset: number;
  /** A file written for this load (restOfFile), to remove after the statement. */
  temp: string | null;
}

/**
 * Where the load of a segment's file reads when `already` of its records are in (the split's first
 * part): the file itself when none are; the bytes past them (restOfFile) on the strict path; the
 * tolerant fallback's cleaned copy with an offset that counts the head's records the cleaning kept.
 * null: nothing of the file remains to load.
 */
export async function restSource(file: string, already: number, cleanedPath: string | undefined): Promise<RestSource | null> {
  if (already === 0) return { path: cleanedPath ?? file, offset: 0, temp: null };
  if (cleanedPath) return { path: cleanedPath, offset: already - (await headRecordsDropped(file, already)), temp: null };
  const rest = await restOfFile(file, already);
  return rest ? { path: rest, offset: 0, temp: rest } : null;
}

/**
 * Removes a file written by restOfFile. Before the COMMIT: a crash before it leaves the segment to be
 * loaded again, which writes the file again (same name) and removes it.
 */
export async function removeRest(source: RestSource): Promise<void> {
  if (source.temp) await unlink(source.temp).catch(() => undefined);
}
