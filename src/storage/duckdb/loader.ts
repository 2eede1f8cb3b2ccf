// Loads one sealed journal segment into DuckDB in a single transaction: every table file of the
// segment, plus the advance of the loaded-through mark (meta.ts). So a segment's rows — which hold
// whole append calls, possibly spanning several tables — become visible together, and exactly once.
// (A segment that ends a row group is split in two transactions: row-group-split.ts.)
import { appendFile, unlink } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SealedSegment } from '../journal/journal.js';
import { ARRAY_CLOSE } from '../journal/json-elements.js';
import type { TableCatalog } from './catalog.js';
import { loadStatement } from './load-sql.js';
import { clearPartialLoadsSql, readPartialLoads, setLoadedThroughSql } from './meta.js';
import { unloadedPart } from './unloaded-part.js';
import { salvageRows, type SalvagedFile } from './salvage-rows.js';

export interface LoadOutcome {
  loaded: Map<string, number>;
  rejected: Map<string, number>;
  /** Set when the strict attempt failed and the tolerant one (skipping malformed rows) succeeded. */
  strictError?: string;
}

/**
 * Loads `segment`. If the strict load fails, the segment is loaded again tolerantly from salvaged
 * NDJSON copies (salvage-rows.ts): rows that are not JSON objects are dropped (counted as rejected,
 * and kept in `rejectedDir` for inspection) and values that do not cast to their column's type become
 * null, which is what Log Analytics does with a value of the wrong type. If the tolerant load fails
 * too the fault is not in the data (disk, memory): the error propagates, the segment stays pending
 * and a later cycle retries it.
 */
export async function loadSegment(
  conn: DuckDBConnection,
  catalog: TableCatalog,
  segment: SealedSegment,
  rejectedDir: string,
): Promise<LoadOutcome> {
  await closeArrays(segment);
  try {
    return await attempt(conn, catalog, segment, null);
  } catch (strict) {
    const salvaged = new Map<string, SalvagedFile>();
    const parts: string[] = [];
    try {
      // After a split's first part (row-group-split.ts) only the rest of a file is salvaged.
      const done = await readPartialLoads(conn, segment.seq);
      for (const f of segment.files) {
        const part = await unloadedPart(f.path, done.get(f.table) ?? 0);
        if (part !== f.path && part !== null) parts.push(part);
        if (part !== null) salvaged.set(f.path, await salvageRows(part, rejectedDir));
      }
      const outcome = await attempt(conn, catalog, segment, salvaged);
      outcome.strictError = (strict as Error).message;
      return outcome;
    } finally {
      for (const c of salvaged.values()) await unlink(c.path).catch(() => undefined);
      for (const p of parts) await unlink(p).catch(() => undefined);
    }
  }
}

/**
 * Appends the `]` that makes each table file a whole JSON array (json-elements.ts), once per sealed
 * file: the journal's committed size never includes it, so after a crash recovery cuts it off again
 * and the next load adds it anew.
 */
export async function closeArrays(segment: SealedSegment): Promise<void> {
  for (const f of segment.files) {
    if (f.closed) continue;
    await appendFile(f.path, ARRAY_CLOSE);
    f.closed = true;
  }
}

/**
 * `salvaged` null: strict load of the journal files. Otherwise tolerant, of the salvaged copies.
 * Rows of a file that a split's first transaction already loaded (row-group-split.ts) are skipped —
 * by OFFSET, or left out of its salvaged copy — and their note is deleted with loaded_through's advance.
 */
async function attempt(
  conn: DuckDBConnection,
  catalog: TableCatalog,
  segment: SealedSegment,
  salvaged: Map<string, SalvagedFile> | null,
): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { loaded: new Map(), rejected: new Map() };
  await conn.run('BEGIN TRANSACTION');
  try {
    await loadSegmentFiles(conn, catalog, segment, salvaged, outcome);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return outcome;
}

/**
 * The statements of a segment's load, inside the caller's transaction: every table file past the
 * records already noted as loaded, the notes' deletion and loaded_through's advance to the segment.
 * Adds what it loads and what the files held beyond that to `outcome`.
 */
export async function loadSegmentFiles(
  conn: DuckDBConnection,
  catalog: TableCatalog,
  segment: SealedSegment,
  salvaged: Map<string, SalvagedFile> | null,
  outcome: LoadOutcome,
): Promise<void> {
  const { loaded, rejected } = outcome;
  const done = await readPartialLoads(conn, segment.seq);
  for (const f of segment.files) {
    const table = catalog.get(f.table);
    const already = done.get(f.table) ?? 0;
    if (!table) {
      // Dropped between the append and its load.
      rejected.set(f.table, (rejected.get(f.table) ?? 0) + Math.max(0, f.rows - already));
      continue;
    }
    if (already >= f.rows) continue;
    const copy = salvaged?.get(f.path);
    let n = 0; // when salvaging found no row past the split's first part
    if (!salvaged || copy) {
      const r = await conn.run(
        copy
          ? loadStatement(table, copy.path, { ignoreErrors: true, format: 'ndjson' })
          : loadStatement(table, f.path, { format: 'array', offset: already }),
      );
      n = r.rowsChanged;
    }
    loaded.set(table.name, (loaded.get(table.name) ?? 0) + n);
    if (n < f.rows - already) rejected.set(table.name, (rejected.get(table.name) ?? 0) + (f.rows - already - n));
  }
  if (done.size > 0) await conn.run(clearPartialLoadsSql(segment.seq));
  await conn.run(setLoadedThroughSql(segment.seq));
}
