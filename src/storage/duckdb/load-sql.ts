// The SQL that moves one sealed journal file into its table. read_json parses each value straight
// into the column's DuckDB type (the pipeline encodes values per NDJSON_ENCODING), so the load does
// no per-row work in JS; load-time defaults are filled in the same statement.
import type { ColumnDefault, ColumnSpec, TableInfo } from '../engine.js';
import { nameKey } from '../names.js';
import { DUCKDB_TYPE } from './types.js';
import { ident, literal, tableRef } from './sql.js';

/** SQL expression for a column's load-time default. Throws when the default does not suit the type. */
export function defaultExpression(col: ColumnSpec, def: ColumnDefault): string {
  const type = DUCKDB_TYPE[col.type];
  switch (def?.kind) {
    case 'uuid':
      if (col.type === 'guid') return 'uuid()';
      if (col.type === 'string') return 'CAST(uuid() AS VARCHAR)';
      throw new Error(`a uuid default needs a guid or string column, not ${col.type}`);
    case 'loadTime':
      if (col.type !== 'datetime') throw new Error(`a loadTime default needs a datetime column, not ${col.type}`);
      // The transaction's start instant, in UTC, whatever the session time zone.
      return 'make_timestamp(epoch_us(get_current_timestamp()))';
    case 'constant': {
      const v = def.value;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw new Error('a constant default must be a string, number or boolean');
      }
      const text = col.type === 'dynamic' ? JSON.stringify(v) : String(v);
      return `CAST(${literal(text)} AS ${type})`;
    }
    default:
      throw new Error(`unknown default kind ${JSON.stringify((def as { kind?: unknown })?.kind)}`);
  }
}

export interface LoadStatementOptions {
  /** Skip malformed rows instead of failing the statement (the fallback after a failed load). */
  ignoreErrors?: boolean;
  /**
   * How the file holds its rows: a JSON array (the journal's table files, json-elements.ts; the
   * default) or NDJSON (the salvaged copy of a file whose load failed).
   */
  format?: 'array' | 'ndjson';
  /**
   * Load only the file's first `limit` rows (after `offset`): the split of a segment at a row-group
   * end (row-group-split.ts). File order holds because the engine keeps `preserve_insertion_order` on.
   */
  limit?: number;
  /** Skip the file's first `offset` rows (those a first transaction already loaded). */
  offset?: number;
}

export function loadStatement(table: TableInfo, path: string, opts: LoadStatementOptions = {}): string {
  const defaults = new Map(Object.entries(table.options.defaults ?? {}).map(([k, v]) => [nameKey(k), v]));
  const names = table.columns.map((c) => ident(c.name)).join(', ');
  const select = table.columns
    .map((c) => {
      const def = defaults.get(nameKey(c.name));
      return def ? `coalesce(${ident(c.name)}, ${defaultExpression(c, def)})` : ident(c.name);
    })
    .join(', ');
  const columns = table.columns.map((c) => `${literal(c.name)}: ${literal(DUCKDB_TYPE[c.type])}`).join(', ');
  const options = [
    `columns = {${columns}}`,
    `format = ${opts.format === 'ndjson' ? `'newline_delimited'` : `'array'`}`,
    `compression = 'uncompressed'`,
    ...(opts.ignoreErrors ? ['ignore_errors = true'] : []),
  ].join(', ');
  const limit = opts.limit !== undefined ? ` LIMIT ${Math.max(0, Math.trunc(opts.limit))}` : '';
  const offset = opts.offset ? ` OFFSET ${Math.max(0, Math.trunc(opts.offset))}` : '';
  return `INSERT INTO ${tableRef(table.name)} (${names}) SELECT ${select} FROM read_json(${literal(path)}, ${options})${limit}${offset}`;
}
