// KQL types in DuckDB (the physical representation of docs/architecture.md) and typed literals.

import type { ScalarType } from '../../semantic/types.js';
import type { ScalarValue } from '../../semantic/bound.js';

export const SQL_TYPE: Record<ScalarType, string> = {
  bool: 'BOOLEAN',
  int: 'INTEGER',
  long: 'BIGINT',
  real: 'DOUBLE',
  decimal: 'DECIMAL(38,18)',
  string: 'VARCHAR',
  datetime: 'TIMESTAMP',
  timespan: 'BIGINT', // 100 ns ticks
  dynamic: 'JSON',
  guid: 'UUID',
};

export function quoteString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** A TIMESTAMP literal from 100 ns ticks (truncated to microseconds, the stored precision). */
export function timestampLiteral(ticks: bigint): string {
  const micros = ticks >= 0n ? ticks / 10n : -((-ticks + 9n) / 10n);
  return `make_timestamp(${micros}::BIGINT)`;
}

function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}

export function literalSql(type: ScalarType, value: ScalarValue): string {
  if (value === null || value === undefined) {
    return type === 'string' ? "''" : `CAST(NULL AS ${SQL_TYPE[type]})`;
  }
  switch (type) {
    case 'bool':
      return value ? 'TRUE' : 'FALSE';
    case 'int':
      return `CAST(${String(value)} AS INTEGER)`;
    case 'long':
      return `CAST(${String(value)} AS BIGINT)`;
    case 'timespan':
      return `CAST(${String(value)} AS BIGINT)`;
    case 'real': {
      const n = Number(value);
      if (Number.isNaN(n)) return "CAST('NaN' AS DOUBLE)";
      if (n === Infinity) return "CAST('Infinity' AS DOUBLE)";
      if (n === -Infinity) return "CAST('-Infinity' AS DOUBLE)";
      return `CAST(${String(n)} AS DOUBLE)`;
    }
    case 'decimal':
      return `CAST(${quoteString(String(value))} AS DECIMAL(38,18))`;
    case 'string':
      return quoteString(String(value));
    case 'datetime':
      return timestampLiteral(BigInt(value as bigint));
    case 'guid':
      return `CAST(${quoteString(String(value))} AS UUID)`;
    case 'dynamic':
      return `CAST(${quoteString(jsonText(value))} AS JSON)`;
  }
}
