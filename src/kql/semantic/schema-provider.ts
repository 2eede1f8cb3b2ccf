// What the binder needs to know about the workspace: its tables and their columns. Implemented by
// the workspace layer (real tables) and by tests/validators (fixtures, stubs).

import type { Column } from './types.js';

export interface TableSchema {
  name: string;
  columns: readonly Column[];
}

export interface SchemaProvider {
  /** The table of that exact name (KQL table names are case-sensitive), or undefined. */
  table(name: string): TableSchema | undefined;
  /** Names of all tables, for `union T*` wildcards and `search`. */
  tableNames(): readonly string[];
}

/** A provider over a fixed list of tables. */
export function staticSchema(tables: readonly TableSchema[]): SchemaProvider {
  const map = new Map(tables.map((t) => [t.name, t]));
  return {
    table: (name) => map.get(name),
    tableNames: () => [...map.keys()],
  };
}

/** A provider with no tables (self-contained queries). */
export const emptySchema: SchemaProvider = staticSchema([]);
