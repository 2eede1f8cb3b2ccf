// Loads up to a row-group end. The journal gives the call that takes a table past a multiple of the
// row-group size a segment of its own, and records how many of that segment's records of the table
// complete the row group (SealedSegment.rowGroupEnds). The loader then loads, in ONE
// transaction, everything pending before that segment (each file past the records already in) plus
// those first records — exactly one row group when the table started at a row-group end — and notes
// in _vigil.journal_partial how many of the segment's records are in. It checkpoints, and carries the
// segment's other records to the next such transaction, which starts them at the row-group end.
//
// Why one row group per transaction: DuckDB writes a transaction's full row groups compressed
// straight into the database file when it commits them (its optimistic writes), so the checkpoint
// after it has only metadata to write. With 30,720-row groups that is 4.5 CPU µs/row in all and 4 ms
// checkpoints, against 5.5 µs/row and ~190 ms checkpoints — which hold every load, hence acks under
// back-pressure — for 61,440-row groups filled by several loads (bench/storage/row-group-size.ts).
// A load never exceeds the row group it fills: a transaction of more leaves a partial row group for
// good and bloats the file (spec/performance-notes.md).
// When rows arrive too slowly to fill a row group within maxLoadDelayMs, or a flush asks for them,
// the carried records and the segments after them are loaded as they are (loader.ts), and the next
// row-group end is reached by such a transaction again: a checkpoint then compresses that row group
// (the cost of the 61,440 case, per row).
//
// Exactly once does not depend on the journal's arithmetic: the note holds what DuckDB reported
// loading, in the same transaction as those rows, and the next load of the file skips that many
// (OFFSET). If the counts drift (rows rejected, a caller's row count wrong) a load only lands off the
// row-group end. Rows are taken in file order: LIMIT/OFFSET over read_json keep it because the engine
// runs with preserve_insertion_order (forced on in duckdb-engine.ts; tested with several threads).
// OFFSET parses the skipped rows again; cutting the file instead saved only ~0.09 µs/row (measured),
// not worth a JSON scanner on the hot path.
//
// Visibility: the rows of a call that straddles the row-group end become visible in two commits (the
// table that crossed shows its first rows first), and a call's rows in several tables are visible
// together only where those tables cross their row-group ends in the same segment.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RowGroupEnd, SealedSegment } from '../journal/journal.js';
import type { TableCatalog } from './catalog.js';
import { loadStatement } from './load-sql.js';
import { closeArrays, loadSegmentFiles, type LoadOutcome } from './loader.js';
import { notePartialLoadSql, readPartialLoads } from './meta.js';

/**
 * The records of `segment` that complete a row group, per table, when they end strictly inside its
 * file (an end at the file's last record needs no split: the segment is loaded whole). Empty once
 * the loader has taken them (SegmentFile.loaded).
 */
export function rowGroupHeads(segment: SealedSegment): RowGroupEnd[] {
  if (segment.files.some((f) => (f.loaded ?? 0) > 0)) return [];
  const fileRows = new Map(segment.files.map((f) => [f.table, f.rows]));
  return (segment.rowGroupEnds ?? []).filter((e) => e.rows > 0 && e.rows < (fileRows.get(e.table) ?? 0));
}

export interface RowGroupLoad extends LoadOutcome {
  /** Records of `last`'s files now in the engine, per table, when it was split (its heads). */
  heads: Map<string, number>;
}

/**
 * One transaction: every segment of `whole` (each file past its noted records, then loaded_through),
 * then `last` — its `heads` (the first records of each file up to the row-group end) with their notes,
 * or the whole segment when `heads` is empty. Strict: a row that fails to load fails the transaction
 * and changes nothing; the caller then loads the segments one by one (loader.ts, with its tolerant
 * fallback).
 */
export async function loadToRowGroupEnd(
  conn: DuckDBConnection,
  catalog: TableCatalog,
  whole: readonly SealedSegment[],
  last: SealedSegment,
  heads: readonly RowGroupEnd[],
): Promise<RowGroupLoad> {
  for (const s of whole) await closeArrays(s);
  await closeArrays(last);
  const result: RowGroupLoad = { loaded: new Map(), rejected: new Map(), heads: new Map() };
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const s of whole) await loadSegmentFiles(conn, catalog, s, null, result);
    if (heads.length === 0) {
      await loadSegmentFiles(conn, catalog, last, null, result);
    } else {
      // The loader only splits a segment none of whose records it has loaded; a note here would mean
      // its bookkeeping and the engine's disagree: load nothing twice, let the caller load it whole.
      if ((await readPartialLoads(conn, last.seq)).size > 0) throw new Error(`segment ${last.seq} already has records loaded`);
      for (const head of heads) {
        const file = last.files.find((f) => f.table === head.table);
        const table = catalog.get(head.table);
        if (!file || !table) continue; // dropped since the append: the whole-file load counts it
        const n = (await conn.run(loadStatement(table, file.path, { format: 'array', limit: head.rows }))).rowsChanged;
        // What DuckDB read, not what the journal expected: a strict load turns each array element into
        // one row or fails, so the file's first `n` elements are in.
        await conn.run(notePartialLoadSql(last.seq, file.table, n));
        result.loaded.set(table.name, (result.loaded.get(table.name) ?? 0) + n);
        result.heads.set(file.table, n);
      }
    }
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return result;
}
