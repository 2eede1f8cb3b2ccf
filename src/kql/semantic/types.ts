// The KQL scalar type system as the binder sees it: the ten scalar types, their spelling
// aliases, and the implicit conversions Kusto applies to operator operands.
// Facts here were checked against the official analyzer (see test/kql/semantic/types.test.ts).

export type ScalarType =
  | 'bool'
  | 'int'
  | 'long'
  | 'real'
  | 'decimal'
  | 'string'
  | 'datetime'
  | 'timespan'
  | 'dynamic'
  | 'guid';

export const SCALAR_TYPES: readonly ScalarType[] = [
  'bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'dynamic', 'guid',
];

/** A column of a tabular result: KQL names are case-sensitive. */
export interface Column {
  name: string;
  type: ScalarType;
}

export type Schema = readonly Column[];

// Every spelling Kusto accepts in `datatable(...)`, `to typeof(...)`, function parameters and
// `declare query_parameters` (scalar-data-types/index.md lists the synonyms).
const TYPE_ALIASES: Record<string, ScalarType> = {
  bool: 'bool', boolean: 'bool',
  int: 'int', int32: 'int',
  long: 'long', int64: 'long',
  real: 'real', double: 'real',
  decimal: 'decimal',
  string: 'string',
  datetime: 'datetime', date: 'datetime',
  timespan: 'timespan', time: 'timespan',
  dynamic: 'dynamic',
  guid: 'guid', uuid: 'guid', uniqueid: 'guid',
};

/** Resolves a type name as written in a query; undefined when it is not a scalar type. */
export function parseTypeName(name: string): ScalarType | undefined {
  return TYPE_ALIASES[name.toLowerCase()];
}

export function isNumeric(t: ScalarType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

export function isIntegral(t: ScalarType): boolean {
  return t === 'int' || t === 'long';
}

/** Types whose values are ordered (usable with `<`, `min`, `max`, `sort`). */
export function isOrderable(t: ScalarType): boolean {
  return isNumeric(t) || t === 'datetime' || t === 'timespan' || t === 'string' || t === 'bool' || t === 'guid';
}

const NUMERIC_RANK: Partial<Record<ScalarType, number>> = { int: 0, long: 1, real: 2, decimal: 3 };

/**
 * The common numeric type of two operands. Kusto widens `int` to `long` for every arithmetic result
 * (`int + int` is long), `real` beats integers and `decimal` beats everything.
 */
export function arithmeticNumeric(a: ScalarType, b: ScalarType): ScalarType | undefined {
  const ra = NUMERIC_RANK[a];
  const rb = NUMERIC_RANK[b];
  if (ra === undefined || rb === undefined) return undefined;
  const r = Math.max(ra, rb, 1);
  return r === 1 ? 'long' : r === 2 ? 'real' : 'decimal';
}

/** A dynamic operand takes the type of the other side in arithmetic (`dynamic + long` is long). */
function undyn(a: ScalarType, b: ScalarType): [ScalarType, ScalarType] {
  if (a === 'dynamic' && b !== 'dynamic') return [b === 'int' ? 'long' : b, b];
  if (b === 'dynamic' && a !== 'dynamic') return [a, a === 'int' ? 'long' : a];
  return [a, b];
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

/**
 * Result type of a binary arithmetic operator, or undefined when Kusto rejects the operand pair.
 * Table derived from the analyzer's answers for every type pair.
 */
export function arithmeticResult(op: ArithmeticOp, a: ScalarType, b: ScalarType): ScalarType | undefined {
  if (a === 'dynamic' && b === 'dynamic') return 'dynamic';
  const [x, y] = undyn(a, b);
  const num = arithmeticNumeric(x, y);
  if (num) return num;
  const xn = isNumeric(x);
  const yn = isNumeric(y);
  switch (op) {
    case '+':
      if (x === 'datetime' && y === 'timespan') return 'datetime';
      if (x === 'timespan' && y === 'datetime') return 'datetime';
      if (x === 'timespan' && y === 'timespan') return 'timespan';
      if (x === 'datetime' && y === 'datetime') return 'datetime';
      return undefined;
    case '-':
      if (x === 'datetime' && y === 'datetime') return 'timespan';
      if (x === 'datetime' && y === 'timespan') return 'datetime';
      if (x === 'timespan' && y === 'timespan') return 'timespan';
      if (x === 'timespan' && y === 'datetime') return 'datetime';
      return undefined;
    case '*':
      if (x === 'timespan' && (yn || y === 'timespan')) return 'timespan';
      if (xn && y === 'timespan') return 'timespan';
      if (x === 'datetime' && yn) return 'datetime';
      if (xn && y === 'datetime') return 'datetime';
      return undefined;
    case '/':
      if (x === 'timespan' && y === 'timespan') return 'real';
      if (x === 'datetime' && (y === 'datetime' || y === 'timespan')) return 'real';
      if (x === 'timespan' && yn) return 'timespan';
      if (x === 'datetime' && yn) return 'datetime';
      return undefined;
    case '%':
      if (x === 'timespan' && (yn || y === 'timespan')) return 'timespan';
      if (x === 'datetime' && (y === 'datetime' || y === 'timespan')) return 'timespan';
      if (x === 'datetime' && yn) return 'datetime';
      return undefined;
  }
}

/**
 * Whether `<`, `<=`, `>`, `>=` accept the pair: numbers (and bool) with each other, datetime with
 * datetime, timespan with timespan, strings with strings; dynamic pairs with numbers.
 */
export function orderedComparable(a: ScalarType, b: ScalarType): boolean {
  const num = (t: ScalarType) => isNumeric(t) || t === 'bool';
  if (num(a) && num(b)) return true;
  if (a === 'dynamic' && (isNumeric(b) || b === 'dynamic')) return true;
  if (b === 'dynamic' && isNumeric(a)) return true;
  if (a === b && (a === 'datetime' || a === 'timespan' || a === 'string' || a === 'guid')) return true;
  if ((a === 'dynamic' && (b === 'datetime' || b === 'timespan' || b === 'string')) ||
      (b === 'dynamic' && (a === 'datetime' || a === 'timespan' || a === 'string'))) return true;
  return false;
}

/**
 * The type two operands are compared in for `==`/`!=`. The analyzer accepts any pair (S15);
 * execution needs one common type: numbers meet in the wider numeric type, a string against a
 * number is compared as a number (Sentinel's `ResultType == 0` on a string column), dynamic
 * takes the other side's type.
 */
export function equalityCommonType(a: ScalarType, b: ScalarType): ScalarType {
  if (a === b) return a;
  if (a === 'dynamic') return b;
  if (b === 'dynamic') return a;
  const num = arithmeticNumeric(a, b);
  if (num) return a === 'int' && b === 'int' ? 'int' : num;
  if (a === 'string' && (isNumeric(b) || b === 'bool')) return b === 'int' ? 'long' : b;
  if (b === 'string' && (isNumeric(a) || a === 'bool')) return a === 'int' ? 'long' : a;
  if (a === 'string') return b;
  if (b === 'string') return a;
  if ((a === 'bool' && isNumeric(b)) || (b === 'bool' && isNumeric(a))) return 'long';
  return 'string';
}

/**
 * The type of a result that merges several branches (`iff`, `case`, `coalesce`, union columns):
 * equal types stay, numeric types widen, anything else becomes dynamic (as the analyzer reports
 * for `iff(c, 1, "a")`).
 */
export function commonSupertype(types: readonly ScalarType[]): ScalarType {
  let acc: ScalarType | undefined;
  for (const t of types) {
    if (acc === undefined || acc === t) { acc = t; continue; }
    const num = NUMERIC_RANK[acc] !== undefined && NUMERIC_RANK[t] !== undefined;
    if (num) { acc = NUMERIC_RANK[acc]! >= NUMERIC_RANK[t]! ? acc : t; continue; }
    return 'dynamic';
  }
  return acc ?? 'dynamic';
}

/**
 * Whether a value of type `from` may be passed where `to` is expected without an explicit cast:
 * identical types, numeric widening (int → long → real → decimal, and narrowing among numbers that
 * the analyzer tolerates for function arguments), and anything from dynamic.
 */
export function implicitlyConvertible(from: ScalarType, to: ScalarType): boolean {
  if (from === to) return true;
  if (from === 'dynamic') return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  return false;
}
