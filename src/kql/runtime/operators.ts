// Scalar operators resolved against static operand types: arithmetic (with datetime/timespan
// arithmetic), comparisons with KQL's null rules (spec/kql.md S4), logical and/or (three-valued),
// string predicates (S2/S3), `in`/`has_any` and `between`.

import { converter, stringConverter } from './convert.js';
import { checkDatetime } from './datetime.js';
import { dynamicToString, dynEquals } from './dynamic.js';
import { longDiv, longMod, realMod } from './numbers.js';
import { compileRe2 } from './regex.js';
import * as S from './strings.js';
import { checkTimespan } from './timespan.js';
import type { Dynamic, KqlType, KqlValue } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BinaryImpl = (...args: any[]) => KqlValue;

export interface ResolvedOp {
  type: KqlType;
  impl: BinaryImpl;
  /**
   * For the code generator: a JS expression template over `$a`/`$b` that computes the same value
   * without a call (only for operations that need no null handling).
   */
  inline?: string;
}

export class OperatorTypeError extends Error {}

function isNum(t: KqlType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

function fail(op: string, l: KqlType, r: KqlType): never {
  throw new OperatorTypeError(`The operator '${op}' is not defined for the operand types ${l} and ${r}.`);
}

// --- arithmetic -------------------------------------------------------------------------------

function numericArith(op: string, type: KqlType): BinaryImpl {
  const integral = type === 'long';
  switch (op) {
    case '+':
      return (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
    case '-':
      return (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
    case '*':
      return (a: number | null, b: number | null) => (a === null || b === null ? null : a * b);
    case '/':
      return integral
        ? (a: number | null, b: number | null) => (a === null || b === null ? null : longDiv(a, b))
        : (a: number | null, b: number | null) => (a === null || b === null ? null : a / b);
    default:
      return integral
        ? (a: number | null, b: number | null) => (a === null || b === null ? null : longMod(a, b))
        : (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : realMod(a, b));
  }
}

/** timespan × number: exact for integers, rounded to the tick otherwise. */
function scaleTicks(t: bigint, n: number): bigint | null {
  if (!Number.isFinite(n)) return null;
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return checkTimespan(t * BigInt(n));
  return checkTimespan(BigInt(Math.round(Number(t) * n)));
}

function divideTicks(t: bigint, n: number): bigint | null {
  if (n === 0 || !Number.isFinite(n)) return null;
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return t / BigInt(n);
  return checkTimespan(BigInt(Math.round(Number(t) / n)));
}

export function resolveArithmetic(op: string, l: KqlType, r: KqlType): ResolvedOp {
  // dynamic operands take the other operand's type (the analyzer types `dynamic(1) + 1` as long)
  if (l === 'dynamic' && r !== 'dynamic') return withDynamic(op, r, true);
  if (r === 'dynamic' && l !== 'dynamic') return withDynamic(op, l, false);
  if (l === 'dynamic' && r === 'dynamic') {
    const toReal = converter('dynamic', 'real');
    const inner = numericArith(op, 'real');
    return { type: 'real', impl: (a, b) => inner(toReal(a), toReal(b)) };
  }
  if (isNum(l) && isNum(r)) {
    const type = l === 'real' || r === 'real' || l === 'decimal' || r === 'decimal' ? 'real' : 'long';
    return { type, impl: numericArith(op, type) };
  }
  const nn = (f: (a: bigint, b: bigint) => bigint | null): BinaryImpl => (a: bigint | null, b: bigint | null) =>
    a === null || b === null ? null : f(a, b);
  switch (op) {
    case '+':
      if (l === 'datetime' && r === 'timespan') return { type: 'datetime', impl: nn((a, b) => checkDatetime(a + b)) };
      if (l === 'timespan' && r === 'datetime') return { type: 'datetime', impl: nn((a, b) => checkDatetime(a + b)) };
      if (l === 'timespan' && r === 'timespan') return { type: 'timespan', impl: nn((a, b) => checkTimespan(a + b)) };
      break;
    case '-':
      if (l === 'datetime' && r === 'datetime') return { type: 'timespan', impl: nn((a, b) => checkTimespan(a - b)) };
      if (l === 'datetime' && r === 'timespan') return { type: 'datetime', impl: nn((a, b) => checkDatetime(a - b)) };
      if (l === 'timespan' && r === 'timespan') return { type: 'timespan', impl: nn((a, b) => checkTimespan(a - b)) };
      break;
    case '*':
      if (l === 'timespan' && isNum(r)) return { type: 'timespan', impl: (a: bigint | null, b: number | null) => (a === null || b === null ? null : scaleTicks(a, b)) };
      if (isNum(l) && r === 'timespan') return { type: 'timespan', impl: (a: number | null, b: bigint | null) => (a === null || b === null ? null : scaleTicks(b, a)) };
      break;
    case '/':
      if (l === 'timespan' && isNum(r)) return { type: 'timespan', impl: (a: bigint | null, b: number | null) => (a === null || b === null ? null : divideTicks(a, b)) };
      if (l === 'timespan' && r === 'timespan') return { type: 'real', impl: (a: bigint | null, b: bigint | null) => (a === null || b === null || b === 0n ? null : Number(a) / Number(b)) };
      break;
    case '%':
      if (l === 'timespan' && r === 'timespan') return { type: 'timespan', impl: nn((a, b) => (b === 0n ? null : ((a % b) + (b < 0n ? -b : b)) % (b < 0n ? -b : b))) };
      break;
  }
  return fail(op, l, r);
}

function withDynamic(op: string, other: KqlType, dynamicLeft: boolean): ResolvedOp {
  const asType: KqlType = isNum(other) ? (other === 'real' || other === 'decimal' ? 'real' : 'long') : other;
  const conv = converter('dynamic', asType);
  const inner = dynamicLeft ? resolveArithmetic(op, asType, other) : resolveArithmetic(op, other, asType);
  return {
    type: inner.type,
    impl: dynamicLeft ? (a, b) => inner.impl(conv(a), b) : (a, b) => inner.impl(a, conv(b)),
  };
}

export function resolveUnaryMinus(t: KqlType): ResolvedOp {
  if (isNum(t)) return { type: t === 'int' ? 'long' : t, impl: (a: number | null) => (a === null ? null : a === 0 ? 0 : -a) };
  if (t === 'timespan') return { type: 'timespan', impl: (a: bigint | null) => (a === null ? null : -a) };
  if (t === 'dynamic') {
    const conv = converter('dynamic', 'real');
    return { type: 'real', impl: (a: Dynamic) => { const v = conv(a) as number | null; return v === null ? null : -v; } };
  }
  throw new OperatorTypeError(`The unary operator '-' is not defined for the operand type ${t}.`);
}

// --- comparison -------------------------------------------------------------------------------

type Cmp = (a: KqlValue, b: KqlValue) => number | null; // <0, 0, >0; null = incomparable

function compareValues(a: KqlValue, b: KqlValue): number {
  // Numbers, bigints (datetime/timespan), strings, booleans: JS relational order is KQL's order
  // (strings compare ordinally).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (a as any) < (b as any) ? -1 : (a as any) > (b as any) ? 1 : 0;
}

/** Converts both sides of a comparison to one comparable kind; returns the per-side converters. */
function comparisonDomain(l: KqlType, r: KqlType): { conv: [(v: KqlValue) => KqlValue, (v: KqlValue) => KqlValue]; dyn: boolean } {
  const id = (v: KqlValue) => v;
  if (l === r) return { conv: [id, id], dyn: l === 'dynamic' };
  if (isNum(l) && isNum(r)) return { conv: [id, id], dyn: false };
  // `ResultType == 0` with a string column: the analyzer accepts it (S15); Vigil compares the
  // number's string form with the string (documented choice — Azure's runtime rule is unknown).
  if (l === 'string' && isNum(r)) return { conv: [id, stringConverter(r)], dyn: false };
  if (isNum(l) && r === 'string') return { conv: [stringConverter(l), id], dyn: false };
  if (l === 'dynamic') return { conv: [dynamicAs(r), id], dyn: false };
  if (r === 'dynamic') return { conv: [id, dynamicAs(l)], dyn: false };
  if ((l === 'guid' && r === 'string') || (l === 'string' && r === 'guid')) {
    return { conv: [l === 'guid' ? (v) => (v === null ? '' : v) : id, r === 'guid' ? (v) => (v === null ? '' : v) : id], dyn: false };
  }
  throw new OperatorTypeError(`cannot compare ${l} with ${r}`);
}

function dynamicAs(t: KqlType): (v: KqlValue) => KqlValue {
  if (t === 'string') return (v) => dynamicToString(v as Dynamic);
  if (isNum(t)) return converter('dynamic', 'real');
  return converter('dynamic', t);
}

export function resolveComparison(op: string, l: KqlType, r: KqlType): ResolvedOp {
  let domain: ReturnType<typeof comparisonDomain>;
  try {
    domain = comparisonDomain(l, r);
  } catch {
    return fail(op, l, r);
  }
  const [cl, cr] = domain.conv;
  const bothString = l === 'string' && r === 'string';
  if (op === '=~' || op === '!~') {
    const sl = l === 'string' ? (v: KqlValue) => v as string : stringConverter(l);
    const sr = r === 'string' ? (v: KqlValue) => v as string : stringConverter(r);
    const neg = op === '!~';
    return { type: 'bool', impl: (a, b) => S.equalsCi(sl(a), sr(b)) !== neg };
  }
  if (op === '==' || op === '!=' || op === '<>') {
    const neg = op !== '==';
    if (bothString) return { type: 'bool', impl: neg ? (a, b) => a !== b : (a, b) => a === b, inline: neg ? '($a !== $b)' : '($a === $b)' };
    if (domain.dyn) {
      return {
        type: 'bool',
        impl: (a: Dynamic, b: Dynamic) => (a === null && b === null ? null : a === null || b === null ? neg : dynEquals(a, b) !== neg),
      };
    }
    return {
      type: 'bool',
      impl: (a, b) => {
        const x = cl(a);
        const y = cr(b);
        // null == null → null; null == x → false; null != x → true (spec S4)
        if (x === null || y === null) return x === null && y === null ? null : neg;
        return (x === y) !== neg;
      },
    };
  }
  const test: (c: number) => boolean =
    op === '<' ? (c) => c < 0 : op === '<=' ? (c) => c <= 0 : op === '>' ? (c) => c > 0 : (c) => c >= 0;
  if (l === 'bool' || r === 'bool' || l === 'guid' || r === 'guid') return fail(op, l, r);
  const cmp: Cmp = domain.dyn
    ? (a, b) => (typeof a === typeof b && (typeof a === 'number' || typeof a === 'string') ? compareValues(a, b) : null)
    : (a, b) => {
        const x = cl(a);
        const y = cr(b);
        if (x === null || y === null) return null;
        if (typeof x !== typeof y) return null;
        return compareValues(x, y);
      };
  return {
    type: 'bool',
    impl: (a, b) => {
      const c = cmp(a, b);
      return c === null ? null : test(c);
    },
  };
}

// --- logical ----------------------------------------------------------------------------------

export function resolveLogical(op: 'and' | 'or', l: KqlType, r: KqlType): ResolvedOp {
  const bl = l === 'bool' ? null : l === 'dynamic' ? converter('dynamic', 'bool') : undefined;
  const br = r === 'bool' ? null : r === 'dynamic' ? converter('dynamic', 'bool') : undefined;
  if (bl === undefined || br === undefined) return fail(op, l, r);
  const conv = (c: typeof bl) => (c === null ? (v: KqlValue) => v as boolean | null : (c as (v: KqlValue) => boolean | null));
  const fl = conv(bl);
  const fr = conv(br);
  // Three-valued logic: false and null = false; true or null = true; otherwise null propagates.
  if (op === 'and') {
    return {
      type: 'bool',
      impl: (a, b) => {
        const x = fl(a);
        const y = fr(b);
        return x === false || y === false ? false : x === null || y === null ? null : true;
      },
    };
  }
  return {
    type: 'bool',
    impl: (a, b) => {
      const x = fl(a);
      const y = fr(b);
      return x === true || y === true ? true : x === null || y === null ? null : false;
    },
  };
}

// --- string predicates ------------------------------------------------------------------------

const STRING_PREDICATES: Record<string, [(h: string, n: string) => boolean, boolean]> = {
  contains: [S.contains, false], '!contains': [S.contains, true],
  contains_cs: [S.containsCs, false], '!contains_cs': [S.containsCs, true],
  containscs: [S.containsCs, false], notcontains: [S.contains, true], notcontainscs: [S.containsCs, true],
  has: [S.has, false], '!has': [S.has, true], has_cs: [S.hasCs, false], '!has_cs': [S.hasCs, true],
  hasprefix: [S.hasPrefix, false], '!hasprefix': [S.hasPrefix, true],
  hassuffix: [S.hasSuffix, false], '!hassuffix': [S.hasSuffix, true],
  startswith: [S.startsWith, false], '!startswith': [S.startsWith, true],
  startswith_cs: [S.startsWithCs, false], '!startswith_cs': [S.startsWithCs, true],
  endswith: [S.endsWith, false], '!endswith': [S.endsWith, true],
  endswith_cs: [S.endsWithCs, false], '!endswith_cs': [S.endsWithCs, true],
};

const CONST_FORMS: Record<string, [(n: string, cs: boolean) => (h: string) => boolean, boolean, boolean]> = {
  contains: [S.containsConst, false, false], '!contains': [S.containsConst, false, true],
  contains_cs: [S.containsConst, true, false], '!contains_cs': [S.containsConst, true, true],
  has: [S.hasConst, false, false], '!has': [S.hasConst, false, true],
  has_cs: [S.hasConst, true, false], '!has_cs': [S.hasConst, true, true],
  startswith: [S.startsWithConst, false, false], '!startswith': [S.startsWithConst, false, true],
  startswith_cs: [S.startsWithConst, true, false], '!startswith_cs': [S.startsWithConst, true, true],
  endswith: [S.endsWithConst, false, false], '!endswith': [S.endsWithConst, false, true],
  endswith_cs: [S.endsWithConst, true, false], '!endswith_cs': [S.endsWithConst, true, true],
};

export function isStringPredicate(op: string): boolean {
  return op in STRING_PREDICATES || op === 'matches regex';
}

/**
 * A string predicate. Operands of other types are converted with tostring(); a constant right-hand
 * side is folded once (`constRight`).
 */
export function resolveStringPredicate(op: string, l: KqlType, r: KqlType, constRight?: string): ResolvedOp {
  const sl = l === 'string' ? null : stringConverter(l);
  const sr = r === 'string' ? null : stringConverter(r);
  if (op === 'matches regex') {
    if (constRight !== undefined) {
      const re = compileRe2(constRight);
      return { type: 'bool', impl: sl ? (a) => re.test(sl(a)) : (a: string) => re.test(a) };
    }
    return { type: 'bool', impl: (a, b) => compileRe2(sr ? sr(b) : (b as string)).test(sl ? sl(a) : (a as string)) };
  }
  const cf = CONST_FORMS[op];
  if (constRight !== undefined && cf) {
    const pred = cf[0](constRight, cf[1]);
    const neg = cf[2];
    if (sl) return { type: 'bool', impl: neg ? (a) => !pred(sl(a)) : (a) => pred(sl(a)) };
    return { type: 'bool', impl: neg ? (a: string) => !pred(a) : (a: string) => pred(a) };
  }
  const entry = STRING_PREDICATES[op];
  if (!entry) throw new OperatorTypeError(`unknown string operator '${op}'`);
  const [f, neg] = entry;
  return {
    type: 'bool',
    impl: (a, b) => f(sl ? sl(a) : (a as string), sr ? sr(b) : (b as string)) !== neg,
  };
}

// --- in / has_any / between ---------------------------------------------------------------------

/**
 * `x in (…)`: the set operand is the flattened list of item values (dynamic arrays contribute
 * their elements). Comparison is by the left operand's kind: strings (lower-cased for `in~`),
 * numbers, or the value's string form for dynamic and other types.
 */
export function membershipKey(t: KqlType, ci: boolean): (v: KqlValue) => KqlValue {
  if (t === 'string') return ci ? (v) => (v as string).toLowerCase() : (v) => v;
  if (isNum(t)) return (v) => v;
  if (t === 'datetime' || t === 'timespan') return (v) => v;
  if (t === 'bool') return (v) => v;
  const s = stringConverter(t);
  return ci ? (v) => s(v).toLowerCase() : (v) => s(v);
}

/** Key of a set element (a dynamic array element or an item value) in the left operand's domain. */
export function elementKey(leftType: KqlType, itemType: KqlType, ci: boolean): (v: KqlValue) => KqlValue {
  if (leftType === 'string' || leftType === 'dynamic' || leftType === 'guid') {
    const s = itemType === 'dynamic' ? (v: KqlValue) => dynamicToString(v as Dynamic) : stringConverter(itemType);
    return ci ? (v) => s(v).toLowerCase() : s;
  }
  if (isNum(leftType)) {
    if (isNum(itemType)) return (v) => v;
    return converter(itemType, 'real');
  }
  if (leftType === itemType) return (v) => v;
  return converter(itemType, leftType);
}

