// Loads one sealed journal segment into DuckDB in a single transaction: every table file of the
// segment, plus the advance of the loaded-through mark (meta.ts). So a segment's rows — which hold
// whole append calls, possibly spanning several tables — become visible together, and exactly once.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SealedSegment } from '../journal/journal.js';
import type { TableCatalog } from './catalog.js';
import { loadStatement } from './load-sql.js';
import { setLoadedThroughSql } from './meta.js';

export interface LoadOutcome {
  loaded: Map<string, number>;
  rejected: Map<string, number>;
  /** Set when the strict attempt failed and the tolerant one (skipping malformed lines) succeeded. */
  strictError?: string;
}

export async function loadSegment(conn: DuckDBConnection, catalog: TableCatalog, segment: SealedSegment): Promise<LoadOutcome> {
  try {
    return await attempt(conn, catalog, segment, false);
  } catch (strict) {
    // One malformed line must not block every later segment: load again, skipping what does not
    // parse, and count the difference as rejected. If this fails too the error is not about the
    // data (disk, memory); the segment stays pending and the next cycle retries it.
    const outcome = await attempt(conn, catalog, segment, true);
    outcome.strictError = (strict as Error).message;
    return outcome;
  }
}

async function attempt(conn: DuckDBConnection, catalog: TableCatalog, segment: SealedSegment, tolerant: boolean): Promise<LoadOutcome> {
  const loaded = new Map<string, number>();
  const rejected = new Map<string, number>();
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const f of segment.files) {
      const table = catalog.get(f.table);
      if (!table) {
        // Dropped between the append and its load.
        rejected.set(f.table, (rejected.get(f.table) ?? 0) + f.rows);
        continue;
      }
      const r = await conn.run(loadStatement(table, f.path, { ignoreErrors: tolerant }));
      const n = r.rowsChanged;
      loaded.set(table.name, (loaded.get(table.name) ?? 0) + n);
      if (n < f.rows) rejected.set(table.name, (rejected.get(table.name) ?? 0) + (f.rows - n));
    }
    await conn.run(setLoadedThroughSql(segment.seq));
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return { loaded, rejected };
}
