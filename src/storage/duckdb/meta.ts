// Engine bookkeeping kept inside the DuckDB file, in the `_vigil` schema, so that it commits in the
// same transactions as the data it describes:
// - tables: each Log Analytics table's KQL column types and load-time defaults (DuckDB's own catalog
//   cannot tell a `long` from a `timespan`, both BIGINT).
// - journal_state: the highest journal segment loaded. Segments load in order, each in one
//   transaction that also advances this mark, so a segment is in the engine exactly once: a crash
//   before the commit leaves the mark behind (the segment is loaded again), a crash after it leaves
//   the mark ahead (the segment's files are deleted on open).
// - documents: the control plane's JSON documents.
import type { DuckDBConnection } from '@duckdb/node-api';
import { META_SCHEMA } from './sql.js';

export async function ensureMetaSchema(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`);
  await conn.run(`CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.tables (name VARCHAR NOT NULL, spec VARCHAR NOT NULL)`);
  await conn.run(`CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.journal_state (loaded_through BIGINT NOT NULL)`);
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.documents ` +
      `(kind VARCHAR NOT NULL, id VARCHAR NOT NULL, body VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)`,
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
