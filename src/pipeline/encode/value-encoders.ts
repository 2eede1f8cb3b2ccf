// KQL runtime values (src/kql/runtime/types.ts) → the JSON value the storage engine loads for a
// column of a given type (src/storage/duckdb/types.ts, NDJSON_ENCODING). A row encoder puts these
// values on a row object and serialises it with one native JSON.stringify, which is much cheaper
// than concatenating per-field tokens. An encoder returns:
// - the JSON-ready value (string, number, boolean, or a JSON tree for dynamic columns),
// - OMIT (undefined) for null: an absent key loads as NULL, so nulls cost no bytes, or
// - UNSTORABLE when the value cannot be represented in the column (an int out of range, …); the
//   pipeline sends such a record to the dead-letter table instead of storing a wrong value.
import { formatDatetime } from '../../kql/runtime/datetime.js';
import '../../kql/runtime/dynamic.js'; // installs toJSON on DynDatetime/DynTimespan (dynamic values serialise natively)
import { INT_MAX, INT_MIN } from '../../kql/runtime/numbers.js';
import type { KqlType, KqlValue } from '../../kql/runtime/types.js';
import { truncateToFieldLimit } from './field-limit.js';

/** A null: the key is left out of the row. */
export const OMIT = undefined;
export const UNSTORABLE: unique symbol = Symbol('UNSTORABLE');

/** What JSON.stringify writes for one column (undefined: nothing). */
export type JsonReady = string | number | boolean | object | undefined;
export type Encoded = JsonReady | typeof UNSTORABLE;
export type ValueEncoder = (v: KqlValue) => Encoded;

/** Magnitude bound of a long (2^63), as a double. */
export const LONG_BOUND = 9223372036854775808;

function encString(v: KqlValue): Encoded {
  if (typeof v !== 'string') return v === null || v === undefined ? OMIT : UNSTORABLE;
  // The empty string and null are the same value in KQL (isempty); storing NULL saves the bytes.
  return v.length === 0 ? OMIT : truncateToFieldLimit(v);
}

function encInt(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  return typeof v === 'number' && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX ? v : UNSTORABLE;
}

/** An integer of the long range as JSON: a number when exact, else its decimal digits as a string. */
export function longJson(v: number): number | string {
  return Number.isSafeInteger(v) ? v : BigInt(v).toString();
}

function encLong(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  return typeof v === 'number' && Number.isInteger(v) && v < LONG_BOUND && v >= -LONG_BOUND ? longJson(v === 0 ? 0 : v) : UNSTORABLE;
}

function encReal(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  if (typeof v !== 'number') return UNSTORABLE;
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

function encDecimal(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  return typeof v === 'number' && Number.isFinite(v) ? v : UNSTORABLE;
}

function encBool(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  return typeof v === 'boolean' ? v : UNSTORABLE;
}

function encDatetime(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  return typeof v === 'bigint' ? formatDatetime(v) : UNSTORABLE;
}

function encTimespan(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  if (typeof v !== 'bigint') return UNSTORABLE;
  // Ticks beyond 2^53 go as digit strings, which the load casts exactly.
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v.toString();
}

function encGuid(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  return typeof v === 'string' ? v : UNSTORABLE;
}

function encDynamic(v: KqlValue): Encoded {
  if (v === null || v === undefined) return OMIT;
  // A bigint cannot appear in a dynamic value (JSON.stringify would throw on one).
  return typeof v === 'bigint' ? UNSTORABLE : (v as JsonReady);
}

const ENCODERS: Readonly<Record<KqlType, ValueEncoder>> = {
  string: encString,
  int: encInt,
  long: encLong,
  real: encReal,
  decimal: encDecimal,
  bool: encBool,
  datetime: encDatetime,
  timespan: encTimespan,
  guid: encGuid,
  dynamic: encDynamic,
};

/** The encoder of KQL values of type `t` into a column of the same type. */
export function valueEncoder(t: KqlType): ValueEncoder {
  return ENCODERS[t];
}
