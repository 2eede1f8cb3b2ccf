// SQL text helpers. Table and column names are validated before they reach SQL (names.ts), and are
// still quoted so that a name that happens to be a keyword (e.g. `Type`, `Level`) stays an identifier.

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The name the engine attaches its database file under (duckdb-engine.ts says why it is attached
 * rather than opened as DuckDB's main database). Every connection `USE`s it, so unqualified names —
 * the SQL the KQL printer writes, `_vigil.…` — resolve there.
 */
export const DATABASE_ALIAS = 'vigil';

/**
 * The main-schema table that holds a Log Analytics table's rows: `main.<name>`, which resolves in the
 * database the connection uses (the engine's, after useEngineDatabase; a bare file opened as DuckDB's
 * main database in the benchmarks and tests).
 */
export function tableRef(name: string): string {
  return `main.${ident(name)}`;
}

/** Makes a new connection resolve unqualified names in the engine's database. */
export async function useEngineDatabase(conn: { run(sql: string): Promise<unknown> }): Promise<void> {
  await conn.run(`USE ${DATABASE_ALIAS}`);
}

/** Internal bookkeeping lives in its own schema so that `main` holds only Log Analytics tables. */
export const META_SCHEMA = '_vigil';
