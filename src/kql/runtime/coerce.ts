// Ingestion coercion: a JSON value received for a declared column → the column's KQL value.
//
// Azure documents that only declared columns are ingested (undeclared properties are dropped) but
// not how a mismatched value is converted (spec/azure-wire-contracts.md §4.7, open point 4). Vigil's
// rule, one place for every surface: a value of the declared JSON shape is taken as is; a string is
// converted with the same parser the to<type>() function uses (ISO 8601 and the other documented
// datetime forms, numbers in strings for numeric columns, …); anything else that cannot be
// represented is null and reported as a coercion failure. JSON null or an absent property is null
// (the empty string for string columns) and is not a failure. Epoch numbers are not datetimes: the
// fixture DCRs convert them explicitly (Halcyon: `datetime(1970-01-01) + time * 1ms`).

import { parseDatetime } from './datetime.js';
import { formatDynamic, typeJson } from './dynamic.js';
import { parseGuidStrict } from './guid.js';
import { formatReal, parseInt32, parseLong, parseReal, toInt32, truncToLong } from './numbers.js';
import { parseTimespan } from './timespan.js';
import type { ColumnDecl, Dynamic, KqlType, KqlValue } from './types.js';

/** Returned by a value coercer when the value cannot be represented in the column type. */
export const COERCION_FAILED: unique symbol = Symbol('COERCION_FAILED');

export type ValueCoercer = (v: unknown) => KqlValue | typeof COERCION_FAILED;

function coerceString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatReal(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // Objects and arrays sent to a string column keep their JSON text.
  return formatDynamic(typeJson(v));
}

function coerceLong(v: unknown): number | null | typeof COERCION_FAILED {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? v : (truncToLong(v) ?? COERCION_FAILED);
  if (typeof v === 'string') return parseLong(v) ?? COERCION_FAILED;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return COERCION_FAILED;
}

function coerceInt(v: unknown): number | null | typeof COERCION_FAILED {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return toInt32(v) ?? COERCION_FAILED;
  if (typeof v === 'string') return parseInt32(v) ?? COERCION_FAILED;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return COERCION_FAILED;
}

function coerceReal(v: unknown): number | null | typeof COERCION_FAILED {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseReal(v) ?? COERCION_FAILED;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return COERCION_FAILED;
}

function coerceBool(v: unknown): boolean | null | typeof COERCION_FAILED {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return COERCION_FAILED;
}

function coerceDatetime(v: unknown): bigint | null | typeof COERCION_FAILED {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return parseDatetime(v) ?? COERCION_FAILED;
  return COERCION_FAILED;
}

function coerceTimespan(v: unknown): bigint | null | typeof COERCION_FAILED {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return parseTimespan(v) ?? COERCION_FAILED;
  return COERCION_FAILED;
}

function coerceGuid(v: unknown): string | null | typeof COERCION_FAILED {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return parseGuidStrict(v) ?? COERCION_FAILED;
  return COERCION_FAILED;
}

function coerceDynamic(v: unknown): Dynamic {
  if (v === undefined) return null;
  // Any JSON value is a dynamic value; strings that look like ISO datetimes become datetimes,
  // as parse_json does (the same rule everywhere a JSON value becomes dynamic).
  return typeJson(v);
}

/** The coercer for one column type. */
export function valueCoercer(t: KqlType): ValueCoercer {
  switch (t) {
    case 'string':
      return coerceString;
    case 'int':
      return coerceInt;
    case 'long':
      return coerceLong;
    case 'real':
    case 'decimal':
      return coerceReal;
    case 'bool':
      return coerceBool;
    case 'datetime':
      return coerceDatetime;
    case 'timespan':
      return coerceTimespan;
    case 'guid':
      return coerceGuid;
    case 'dynamic':
      return coerceDynamic;
  }
}

/** Called once per value that could not be coerced (the column gets null). */
export type CoercionFailureHandler = (column: string, type: KqlType, value: unknown) => void;

/** A typed record: declared column name → KQL value. */
export type TypedRecord = Record<string, KqlValue>;

/**
 * Compiles the coercion of one stream declaration: `(json object) → typed record` holding exactly
 * the declared columns (undeclared properties are dropped, absent ones are null/""). Failures are
 * reported to `onFailure` and become null.
 */
export function compileRecordCoercer(
  columns: readonly ColumnDecl[],
  onFailure?: CoercionFailureHandler,
): (json: Record<string, unknown>) => TypedRecord {
  // Generated code: one straight-line function per stream declaration, building every typed
  // record with the same property order (one hidden class → fast property access downstream).
  // Column names enter the source only as JSON string literals.
  const coercers = columns.map((c) => valueCoercer(c.type));
  const fail = onFailure ?? (() => {});
  const lines: string[] = [];
  const props: string[] = [];
  columns.forEach((c, i) => {
    const key = JSON.stringify(c.name);
    // Names that exist on Object.prototype (`constructor`, `toString`) must be own properties of the input.
    const read = c.name in Object.prototype ? `(hasOwn.call(j, ${key}) ? j[${key}] : undefined)` : `j[${key}]`;
    lines.push(`let v${i} = c${i}(${read});`);
    lines.push(`if (v${i} === F) { fail(${key}, ${JSON.stringify(c.type)}, ${read}); v${i} = ${c.type === 'string' ? '""' : 'null'}; }`);
    props.push(`${c.name === '__proto__' ? `[${key}]` : key}: v${i}`);
  });
  const src =
    coercers.map((_, i) => `const c${i} = cs[${i}];`).join('\n') +
    `\nreturn function coerceRecord(j) {\n${lines.join('\n')}\nreturn {${props.join(', ')}};\n};`;
  return new Function('cs', 'F', 'fail', 'hasOwn', src)(coercers, COERCION_FAILED, fail, Object.prototype.hasOwnProperty) as (
    json: Record<string, unknown>,
  ) => TypedRecord;
}
