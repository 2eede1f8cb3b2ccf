// The physical representation of the ten KQL types in DuckDB (docs/architecture.md relies on it),
// and the NDJSON encoding the pipeline must use so that `read_ndjson(..., columns = {...})` parses
// each value into its column type without any per-row work in JS at load time.
import type { KqlType } from '../engine.js';

export const DUCKDB_TYPE: Readonly<Record<KqlType, string>> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  long: 'BIGINT',
  real: 'DOUBLE',
  bool: 'BOOLEAN',
  datetime: 'TIMESTAMP',
  timespan: 'BIGINT',
  dynamic: 'JSON',
  guid: 'UUID',
  decimal: 'DECIMAL(38,18)',
};

/**
 * How each type is written in an NDJSON row given to `append`. null or an absent key is NULL for every
 * type. Verified by test/storage/type-roundtrip.test.ts.
 */
export const NDJSON_ENCODING: Readonly<Record<KqlType, string>> = {
  string: 'JSON string.',
  int: 'JSON integer number in [-2^31, 2^31-1].',
  long:
    'JSON integer number written with its exact decimal digits (beyond 2^53 write the digits of the ' +
    'bigint, not of a JS number), or a JSON string of those digits.',
  real: 'JSON number; NaN, Infinity and -Infinity as the JSON strings "NaN", "Infinity", "-Infinity".',
  bool: 'JSON true / false.',
  datetime:
    'JSON string, ISO 8601 in UTC: "YYYY-MM-DDTHH:MM:SS[.fffffff]Z". Fractions beyond microseconds ' +
    'are truncated (KQL 100 ns ticks are stored as µs).',
  timespan: 'JSON integer number of 100 ns ticks (may be negative).',
  dynamic:
    'The value itself as nested JSON (object, array, string, number, bool); it is stored as compact ' +
    'JSON text. A JSON null is SQL NULL, not the JSON literal null.',
  guid: 'JSON string in the 8-4-4-4-12 hex form (any case; stored lowercase).',
  decimal: 'JSON string of the exact decimal digits ("123.456"), or a JSON number; 18 fractional digits kept.',
};

/** The `columns = {...}` struct text for read_ndjson: the same DuckDB types as the table. */
export function duckDbType(type: KqlType): string {
  return DUCKDB_TYPE[type];
}

export function isKqlType(value: unknown): value is KqlType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DUCKDB_TYPE, value);
}
