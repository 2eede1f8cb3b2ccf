// SQL text helpers. Table and column names are validated before they reach SQL (names.ts), and are
// still quoted so that a name that happens to be a keyword (e.g. `Type`, `Level`) stays an identifier.

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The main-schema table that holds a Log Analytics table's rows. */
export function tableRef(name: string): string {
  return `main.${ident(name)}`;
}

/** Internal bookkeeping lives in its own schema so that `main` holds only Log Analytics tables. */
export const META_SCHEMA = '_vigil';
