// Loads one sealed journal segment into DuckDB in a single transaction: every table file of the
// segment, plus the advance of the loaded-through mark (meta.ts). So a segment's rows — which hold
// whole append calls, possibly spanning several tables — become visible together, and exactly once.
import { readFile, writeFile, mkdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SealedSegment } from '../journal/journal.js';
import type { TableCatalog } from './catalog.js';
import { loadStatement } from './load-sql.js';
import { clearPartialLoadsSql, readPartialLoads, setLoadedThroughSql } from './meta.js';
import { headRecordsDropped } from './row-group-split.js';

export interface LoadOutcome {
  loaded: Map<string, number>;
  rejected: Map<string, number>;
  /** Set when the strict attempt failed and the tolerant one (skipping malformed lines) succeeded. */
  strictError?: string;
}

/**
 * Loads `segment`. If the strict load fails, the segment is loaded again tolerantly: lines that are
 * not JSON objects are dropped (counted as rejected, and kept in `rejectedDir` for inspection) and
 * values that do not cast to their column's type become null, which is what Log Analytics does with
 * a value of the wrong type. If the tolerant load fails too the fault is not in the data (disk,
 * memory): the error propagates, the segment stays pending and a later cycle retries it.
 */
export async function loadSegment(
  conn: DuckDBConnection,
  catalog: TableCatalog,
  segment: SealedSegment,
  rejectedDir: string,
): Promise<LoadOutcome> {
  try {
    return await attempt(conn, catalog, segment, null);
  } catch (strict) {
    const cleaned = new Map<string, { path: string; dropped: number }>();
    try {
      for (const f of segment.files) {
        const c = await dropMalformedLines(f.path, rejectedDir);
        if (c) cleaned.set(f.path, c);
      }
      const outcome = await attempt(conn, catalog, segment, cleaned);
      outcome.strictError = (strict as Error).message;
      return outcome;
    } finally {
      for (const c of cleaned.values()) await unlink(c.path).catch(() => undefined);
    }
  }
}

/**
 * Writes the lines of `path` that parse as JSON objects to `<path>.clean` and the others to
 * `rejectedDir`. Returns null when every line is fine. Runs on the main thread, but only on the
 * fallback path after a failed load.
 */
async function dropMalformedLines(path: string, rejectedDir: string): Promise<{ path: string; dropped: number } | null> {
  const text = await readFile(path, 'utf8');
  const good: string[] = [];
  const bad: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let ok = false;
    try {
      const v: unknown = JSON.parse(line);
      ok = typeof v === 'object' && v !== null && !Array.isArray(v);
    } catch {
      ok = false;
    }
    (ok ? good : bad).push(line);
  }
  if (bad.length === 0) return null;
  await mkdir(rejectedDir, { recursive: true });
  await writeFile(join(rejectedDir, basename(path)), bad.join('\n') + '\n', { flag: 'a' });
  const cleanPath = `${path}.clean`;
  await writeFile(cleanPath, good.length > 0 ? good.join('\n') + '\n' : '');
  return { path: cleanPath, dropped: bad.length };
}

/**
 * `cleaned` null: strict load. Otherwise tolerant, reading cleaned copies where there are some.
 * Records of a file that a split's first transaction already loaded (row-group-split.ts) are skipped,
 * and their note is deleted with the advance of loaded_through.
 */
async function attempt(
  conn: DuckDBConnection,
  catalog: TableCatalog,
  segment: SealedSegment,
  cleaned: Map<string, { path: string; dropped: number }> | null,
): Promise<LoadOutcome> {
  const loaded = new Map<string, number>();
  const rejected = new Map<string, number>();
  await conn.run('BEGIN TRANSACTION');
  try {
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
      const clean = cleaned?.get(f.path);
      const offset = clean && already > 0 ? already - (await headRecordsDropped(f.path, already)) : already;
      const r = await conn.run(loadStatement(table, clean?.path ?? f.path, { ignoreErrors: cleaned !== null, offset }));
      const n = r.rowsChanged;
      loaded.set(table.name, (loaded.get(table.name) ?? 0) + n);
      if (n < f.rows - already) rejected.set(table.name, (rejected.get(table.name) ?? 0) + (f.rows - already - n));
    }
    if (done.size > 0) await conn.run(clearPartialLoadsSql(segment.seq));
    await conn.run(setLoadedThroughSql(segment.seq));
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return { loaded, rejected };
}
