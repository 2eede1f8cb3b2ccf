// A segment that takes a table past a row-group end is loaded in two transactions, with a checkpoint
// between them, so that the checkpoint finds that table's row groups exactly full:
//   1. the table's first `rows` rows of the segment (those that complete the row group, computed by
//      the journal: SealedSegment.rowGroupEnds), plus a note in _vigil.journal_partial of how many
//      rows of the file are in — COMMIT; then CHECKPOINT (duckdb-engine.ts);
//   2. the rest of the segment (loader.ts, which skips the noted rows of each file) with the advance
//      of loaded_through and the deletion of the note — COMMIT.
// Why: a checkpoint that lands a few thousand rows past a row-group end writes that partial row
// group, and the next checkpoint reads it back, decompresses and compresses it again: in
// bench/storage/load-costs.ts ~2 CPU µs/row more and twice DuckDB's memory (figures in bench/README).
//
// Exactly once does not depend on the journal's arithmetic: the note holds what DuckDB reported
// loading, in the same transaction as those rows, and the second transaction reads it back. If the
// counts drift (rows rejected, a caller's row count wrong) the split only lands off the row-group end.
// Rows are taken in file order: LIMIT/OFFSET over read_json keep it because the engine runs with
// preserve_insertion_order (forced on in duckdb-engine.ts; tested with several threads). OFFSET parses
// the skipped rows again; cutting the file instead saved only ~0.09 µs/row (measured), not worth a
// JSON scanner on the hot path.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RowGroupEnd, SealedSegment } from '../journal/journal.js';
import type { TableCatalog } from './catalog.js';
import { loadStatement } from './load-sql.js';
import { closeArrays } from './loader.js';
import { notePartialLoadSql, readPartialLoads } from './meta.js';

/**
 * The split points worth a transaction of their own: a table whose row-group end falls strictly
 * inside its file (an end at the file's last row needs no split: the whole segment is loaded and
 * then checkpointed).
 */
export function rowGroupHeads(segment: SealedSegment): RowGroupEnd[] {
  const fileRows = new Map(segment.files.map((f) => [f.table, f.rows]));
  return (segment.rowGroupEnds ?? []).filter((e) => e.rows > 0 && e.rows < (fileRows.get(e.table) ?? 0));
}

/**
 * Transaction 1 of the split: loads the first `rows` rows of each head's table file and notes them.
 * Resolves with the rows loaded per table, or null when the segment already has notes (a previous
 * attempt's first transaction committed and its second failed: loading the heads again would double
 * them). Strict: a row that fails to load fails the transaction, and the caller loads the segment
 * whole instead (loader.ts, with its tolerant fallback).
 */
export async function loadRowGroupHeads(
  conn: DuckDBConnection,
  catalog: TableCatalog,
  segment: SealedSegment,
  heads: readonly RowGroupEnd[],
): Promise<Map<string, number> | null> {
  await closeArrays(segment);
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
      const n = (await conn.run(loadStatement(table, file.path, { format: 'array', limit: head.rows }))).rowsChanged;
      // What DuckDB read, not what the journal expected: a strict load turns each array element into
      // one row or fails, so the file's first `n` elements are in.
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
