// Engine bookkeeping kept inside the DuckDB file, in the `_vigil` schema, so that it commits in the
// same transactions as the data it describes:
// - tables: each Log Analytics table's KQL column types and load-time defaults (DuckDB's own catalog
//   cannot tell a `long` from a `timespan`, both BIGINT).
// - journal_state: the highest journal segment loaded. Segments load in order, each in one
//   transaction that also advances this mark, so a segment is in the engine exactly once: a crash
//   before the commit leaves the mark behind (the segment is loaded again), a crash after it leaves
//   the mark ahead (the segment's files are deleted on open).
// - journal_partial: the records of a segment's table file already loaded by a load that ended at a
//   row-group end inside that file (row-group-split.ts). It commits with those rows; the load that
//   takes the rest of the file (with the next row group's rows, or on its own) skips them and deletes
//   the note with the advance of loaded_through. So a crash between the two loads only the rest on
//   open. A second table rather than new columns in journal_state: files written before it existed
//   open unchanged (CREATE IF NOT EXISTS).
// - documents: the control plane's JSON documents.
import type { DuckDBConnection } from '@duckdb/node-api';
import { META_SCHEMA, literal } from './sql.js';

export async function ensureMetaSchema(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`);
  await conn.run(`CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.tables (name VARCHAR NOT NULL, spec VARCHAR NOT NULL)`);
  await conn.run(`CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.journal_state (loaded_through BIGINT NOT NULL)`);
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.documents ` +
      `(kind VARCHAR NOT NULL, id VARCHAR NOT NULL, body VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)`,
  );
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.journal_partial (seq BIGINT NOT NULL, table_name VARCHAR NOT NULL, rows BIGINT NOT NULL)`,
  );
  const r = await conn.runAndReadAll(`SELECT count(*) FROM ${META_SCHEMA}.journal_state`);
  if (Number(r.getRows()[0]![0]) === 0) await conn.run(`INSERT INTO ${META_SCHEMA}.journal_state VALUES (0)`);
}

export async function readLoadedThrough(conn: DuckDBConnection): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT max(loaded_through) FROM ${META_SCHEMA}.journal_state`);
  return Number(r.getRows()[0]![0] ?? 0);
}

/** Part of a load transaction. */
export function setLoadedThroughSql(seq: number): string {
  return `UPDATE ${META_SCHEMA}.journal_state SET loaded_through = ${Math.trunc(seq)}`;
}

/** Records of each table file of segment `seq` already loaded (by a split's first transaction). */
export async function readPartialLoads(conn: DuckDBConnection, seq: number): Promise<Map<string, number>> {
  const r = await conn.runAndReadAll(
    `SELECT table_name, sum(rows) FROM ${META_SCHEMA}.journal_partial WHERE seq = ${Math.trunc(seq)} GROUP BY table_name`,
  );
  return new Map(r.getRows().map(([t, n]) => [String(t), Number(n)]));
}

/** Part of a split's first transaction: `rows` records of the segment's `table` file are loaded. */
export function notePartialLoadSql(seq: number, table: string, rows: number): string {
  return `INSERT INTO ${META_SCHEMA}.journal_partial VALUES (${Math.trunc(seq)}, ${literal(table)}, ${Math.trunc(rows)})`;
}

/** Part of a segment's (last) load transaction, with setLoadedThroughSql: the notes are spent. */
export function clearPartialLoadsSql(seq: number): string {
  return `DELETE FROM ${META_SCHEMA}.journal_partial WHERE seq <= ${Math.trunc(seq)}`;
}
