// Which table and column names the engine accepts. Log Analytics names are letters, digits and
// underscores (custom tables end in `_CL`; system columns start with `_`). DuckDB identifiers are
// case-insensitive, so two names that differ only in case are the same object here.
import { StorageError } from './engine.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

export function assertTableName(name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new StorageError('invalid_name', `invalid table name: ${JSON.stringify(name)}`);
  }
}

export function assertColumnName(table: string, name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new StorageError('invalid_name', `invalid column name in ${table}: ${JSON.stringify(name)}`);
  }
}

/** The key under which a name is unique (DuckDB folds case for identifiers). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
