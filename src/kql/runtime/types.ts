// KQL scalar types and their JavaScript representation in the row runtime.
//
// Types are known statically when a transform is compiled, so a value is a plain JS value whose
// meaning is given by its static type — no tagged wrappers on the hot path (see README.md):
//
//   string              string            never null: a missing string is ""
//   int, long, real     number | null     long is exact up to 2^53 (documented limitation)
//   decimal             number | null     approximated by a double (documented limitation)
//   bool                boolean | null
//   datetime            bigint | null     100 ns ticks since 1970-01-01T00:00:00Z
//   timespan            bigint | null     100 ns ticks
//   guid                string | null     lowercase, dashed
//   dynamic             Dynamic           JSON-like tree; null is the dynamic null

/** The ten KQL scalar type names (the vocabulary shared with storage; see docs/architecture.md). */
export type KqlType =
  | 'string'
  | 'int'
  | 'long'
  | 'real'
  | 'bool'
  | 'datetime'
  | 'timespan'
  | 'dynamic'
  | 'guid'
  | 'decimal';

export const KQL_TYPES: readonly KqlType[] = [
  'string', 'int', 'long', 'real', 'bool', 'datetime', 'timespan', 'dynamic', 'guid', 'decimal',
];

// Synonyms accepted by Kusto in type positions (`typeof(double)`, `parse … x:date`, DCR `boolean`).
const TYPE_SYNONYMS: Record<string, KqlType> = {
  string: 'string',
  int: 'int',
  int32: 'int',
  long: 'long',
  int64: 'long',
  real: 'real',
  double: 'real',
  bool: 'bool',
  boolean: 'bool',
  datetime: 'datetime',
  date: 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  dynamic: 'dynamic',
  guid: 'guid',
  uuid: 'guid',
  uniqueid: 'guid',
  decimal: 'decimal',
};

/** Maps a type name as written in KQL or in a DCR stream declaration to the canonical type, or undefined. */
export function normaliseTypeName(name: string): KqlType | undefined {
  return TYPE_SYNONYMS[name.toLowerCase()];
}

/**
 * A datetime held inside a dynamic value. Plain bigints are not used inside dynamic because a
 * datetime and a timespan would be indistinguishable there (gettype, serialisation).
 */
export class DynDatetime {
  constructor(readonly ticks: bigint) {}
}

/** A timespan held inside a dynamic value. */
export class DynTimespan {
  constructor(readonly ticks: bigint) {}
}

/**
 * A dynamic value: JSON values as `JSON.parse` produces them, plus typed datetime/timespan leaves.
 * Dynamic values are treated as immutable by the runtime: functions build new trees, never edit one.
 */
export type Dynamic =
  | null
  | boolean
  | number
  | string
  | DynDatetime
  | DynTimespan
  | Dynamic[]
  | DynamicBag;

export interface DynamicBag {
  [key: string]: Dynamic;
}

/** The JS representation of a value of static type T. */
export type ValueOf<T extends KqlType> = T extends 'string'
  ? string
  : T extends 'int' | 'long' | 'real' | 'decimal'
    ? number | null
    : T extends 'bool'
      ? boolean | null
      : T extends 'datetime' | 'timespan'
        ? bigint | null
        : T extends 'guid'
          ? string | null
          : Dynamic;

/** Any runtime value (used where the static type is carried separately). */
export type KqlValue = string | number | boolean | bigint | null | Dynamic;

/** A declared column, as in a DCR stream declaration or a table schema. */
export interface ColumnDecl {
  name: string;
  type: KqlType;
}

/** True when values of this type are numbers in JS. */
export function isNumericType(t: KqlType): t is 'int' | 'long' | 'real' | 'decimal' {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

/** True when values of this type are integers (int/long). */
export function isIntegerType(t: KqlType): t is 'int' | 'long' {
  return t === 'int' || t === 'long';
}

/** The null value of a type: strings have none, so their "null" is the empty string. */
export function nullOf(t: KqlType): KqlValue {
  return t === 'string' ? '' : null;
}
