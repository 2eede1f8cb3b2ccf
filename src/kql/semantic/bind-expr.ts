// Binding of scalar expressions: names, literals, operators with Kusto's typing rules.

import type * as A from '../syntax/ast.js';
import type { BExpr, BLiteral, DynamicValue, ScalarValue } from './bound.js';
import {
  arithmeticResult, equalityCommonType, isNumeric, orderedComparable, arithmeticNumeric,
  type ArithmeticOp, type ScalarType,
} from './types.js';
import { fail, type BindContext, type Scope } from './bind-context.js';
import { bindCall, bindTupleCall } from './bind-calls.js';
import { tupleElement, tupleFunctionOf } from './bind-tuple.js';
import { catalogue } from '../catalogue/index.js';
import { bindTabular, isTabularExpression } from './bind-tabular.js';

export function literal(type: ScalarType, value: ScalarValue, span?: A.Span): BLiteral {
  return span ? { kind: 'literal', type, value, span } : { kind: 'literal', type, value };
}

const TICKS_PER_MS = 10_000n;

/** ISO 8601 text of a datetime given as 100 ns ticks (7 fractional digits, `Z`). */
export function ticksToIso(ticks: bigint): string {
  const ms = ticks / TICKS_PER_MS - (ticks % TICKS_PER_MS < 0n ? 1n : 0n);
  const rem = ticks - ms * TICKS_PER_MS;
  const d = new Date(Number(ms));
  const base = d.toISOString().slice(0, 19);
  const frac = (BigInt(d.getUTCMilliseconds()) * TICKS_PER_MS + rem).toString().padStart(7, '0');
  return `${base}.${frac}Z`;
}

/** Converts a `dynamic(...)` literal's tree into a plain JSON-compatible value. */
export function dynamicToJs(v: A.DynamicValue): DynamicValue {
  switch (v.kind) {
    case 'DynamicNull':
      return null;
    case 'DynamicArray':
      return v.items.map(dynamicToJs);
    case 'DynamicBag': {
      const o: Record<string, DynamicValue> = {};
      for (const p of v.properties) o[p.key] = dynamicToJs(p.value);
      return o;
    }
    case 'Literal':
      if (v.value === null) return null;
      switch (v.type) {
        case 'long':
          return Number(v.value);
        case 'datetime':
          return ticksToIso(v.value);
        case 'timespan':
          return formatTimespanTicks(v.value);
        case 'decimal':
          return Number(v.value);
        default:
          return v.value as DynamicValue;
      }
  }
}

/** `[-][d.]hh:mm:ss[.fffffff]`, Kusto's text form of a timespan. */
export function formatTimespanTicks(t: bigint): string {
  const neg = t < 0n;
  let x = neg ? -t : t;
  const frac = x % 10_000_000n;
  x /= 10_000_000n;
  const s = x % 60n;
  x /= 60n;
  const m = x % 60n;
  x /= 60n;
  const h = x % 24n;
  const d = x / 24n;
  const p2 = (n: bigint) => n.toString().padStart(2, '0');
  let out = `${neg ? '-' : ''}${d > 0n ? `${d}.` : ''}${p2(h)}:${p2(m)}:${p2(s)}`;
  if (frac > 0n) out += `.${frac.toString().padStart(7, '0')}`;
  return out;
}

export function bindLiteral(e: A.Literal): BExpr {
  if (e.invalid) fail('invalidLiteral', [e.invalid.word, e.invalid.content], e.span);
  if (e.type === 'datetime' && e.now) {
    // `datetime()` with no content is the query's current time.
    return { kind: 'call', fn: catalogue.get('now')!, args: [], signature: 0, type: 'datetime', span: e.span };
  }
  if (e.type === 'dynamic') return literal('dynamic', dynamicToJs(e.value), e.span);
  return literal(e.type, e.value as ScalarValue, e.span);
}

/** Wraps `e` in a conversion to `to` (folding constant numeric conversions). */
export function convertTo(e: BExpr, to: ScalarType): BExpr {
  if (e.type === to) return e;
  if (e.kind === 'literal') {
    const v = e.value;
    if (v === null && to !== 'dynamic') return { ...e, type: to };
    if (to === 'long' && e.type === 'int' && typeof v === 'number') return { ...e, type: to, value: BigInt(v) };
    if (to === 'real' && (e.type === 'int' || e.type === 'long') && (typeof v === 'number' || typeof v === 'bigint')) {
      return { ...e, type: to, value: Number(v) };
    }
    if (to === 'int' && e.type === 'long' && typeof v === 'bigint' && v >= -2147483648n && v <= 2147483647n) {
      return { ...e, type: to, value: Number(v) };
    }
  }
  return { kind: 'convert', type: to, expr: e, span: e.span };
}

function typeOfJs(v: DynamicValue): ScalarType {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  if (typeof v === 'string') return 'string';
  return 'dynamic';
}

/** A constant JS value from a dynamic array, as a typed literal. */
export function jsToLiteral(v: DynamicValue): BLiteral {
  const t = typeOfJs(v);
  if (t === 'long') return literal('long', BigInt(v as number));
  return literal(t, v as ScalarValue);
}

const STRING_OPS = new Set([
  'contains', '!contains', 'contains_cs', '!contains_cs', 'has', '!has', 'has_cs', '!has_cs',
  'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs', 'hassuffix', '!hassuffix', 'hassuffix_cs',
  '!hassuffix_cs', 'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith',
  'endswith_cs', '!endswith_cs', 'like', 'notlike', 'likecs', 'notlikecs', 'matches regex',
]);
/** Legacy spellings normalised to their modern operator. */
const STRING_OP_ALIASES: Record<string, string> = {
  containscs: 'contains_cs', notcontains: '!contains', notcontainscs: '!contains_cs',
};

export function toBool(e: BExpr, node: A.Node): BExpr {
  if (e.type === 'bool') return e;
  if (e.type === 'dynamic') return convertTo(e, 'bool');
  return fail('notBoolean', [e.type], node);
}

function toStringOperand(e: BExpr): BExpr {
  return e.type === 'string' ? e : convertTo(e, 'string');
}

export function bindExpr(ctx: BindContext, e: A.Expression, scope: Scope): BExpr {
  switch (e.kind) {
    case 'Literal':
      return bindLiteral(e);
    case 'NameReference':
      return bindName(ctx, e, scope);
    case 'Parenthesized':
      return bindExpr(ctx, e.expression, scope);
    case 'Binary':
      return bindBinary(ctx, e, scope);
    case 'Unary': {
      const x = bindExpr(ctx, e.operand, scope);
      if (e.operator === '+') return x;
      if (x.kind === 'literal' && x.value !== null) {
        if (typeof x.value === 'bigint') return { ...x, value: -x.value, span: e.span };
        if (typeof x.value === 'number') return { ...x, value: -x.value, span: e.span };
      }
      if (!isNumeric(x.type) && x.type !== 'timespan' && x.type !== 'dynamic') return fail('operatorTypes', ['-', x.type, ''], e);
      const operand = x.type === 'dynamic' ? convertTo(x, 'real') : x;
      return { kind: 'op', op: 'neg', args: [operand], type: operand.type === 'int' ? 'long' : operand.type, span: e.span };
    }
    case 'In':
      return bindIn(ctx, e, scope);
    case 'Between': {
      const x = bindExpr(ctx, e.left, scope);
      let lo = bindExpr(ctx, e.low, scope);
      let hi = bindExpr(ctx, e.high, scope);
      // `t between (start .. 1h)` on datetimes: the upper bound is start + timespan.
      if ((x.type === 'datetime' || x.type === 'timespan') && hi.type === 'timespan' && lo.type === x.type && x.type === 'datetime') {
        hi = { kind: 'op', op: '+', args: [lo, hi], type: 'datetime', span: e.high.span };
      }
      const t = comparisonType(x.type, lo.type, e);
      comparisonType(x.type, hi.type, e);
      lo = convertOperand(lo, t);
      hi = convertOperand(hi, t);
      return { kind: 'op', op: e.negated ? '!between' : 'between', args: [convertOperand(x, t), lo, hi], type: 'bool', operandType: t, span: e.span };
    }
    case 'Call':
      return bindCall(ctx, e, scope);
    case 'Member':
      return bindMember(ctx, e, scope);
    case 'Index': {
      // f(…)[i] of a multi-valued function picks its i-th value.
      if (tupleFunctionOf(ctx, e.target, scope) && e.index.kind === 'Literal' && (e.index.type === 'long' || e.index.type === 'int')) {
        return tupleElement(bindTupleCall(ctx, e.target, scope), Number(e.index.value), e.span);
      }
      const target = bindExpr(ctx, e.target, scope);
      if (target.type !== 'dynamic') return fail('operatorTypes', ['[]', target.type, ''], e);
      const idx = bindExpr(ctx, e.index, scope);
      if (idx.kind === 'literal' && typeof idx.value === 'string') {
        return { kind: 'member', target, key: idx.value, type: 'dynamic', span: e.span };
      }
      const index = idx.type === 'string' || idx.type === 'long' ? idx : isNumeric(idx.type) ? convertTo(idx, 'long') : idx.type === 'dynamic' ? idx : fail('operatorTypes', ['[]', 'dynamic', idx.type], e.index);
      return { kind: 'index', target, index, type: 'dynamic', span: e.span };
    }
    case 'Star':
      return fail('expectedScalar', [], e);
    case 'TypeOf':
      return fail('unsupportedSyntax', ['typeof() outside mv-expand/extract'], e);
    default:
      if (isTabularExpression(ctx, e, scope.env)) {
        return fail('expectedScalar', [], e);
      }
      return fail('unsupportedSyntax', [`the expression '${ctx.text.slice(e.span.start, e.span.end)}'`], e);
  }
}

function bindName(ctx: BindContext, e: A.NameReference, scope: Scope): BExpr {
  const name = e.name.name;
  const col = scope.columns?.get(name);
  if (col) return { kind: 'column', name, type: col.type, span: e.span };
  const entry = scope.env.lookup(name);
  if (entry) {
    if (entry.kind === 'scalar') return entry.expr;
    if (entry.kind === 'function') {
      // A parameterless function may be referenced without parentheses.
      if (entry.def.parameters.length === 0) {
        return bindCall(ctx, { kind: 'Call', callee: e.name, args: [], span: e.span }, scope);
      }
    }
    return fail('expectedScalar', [], e);
  }
  const p = ctx.options.parameters?.[name];
  if (p) return { kind: 'parameter', name, type: p.type, span: e.span };
  return fail('unknownColumn', [name], e);
}

function bindMember(ctx: BindContext, e: A.MemberExpression, scope: Scope): BExpr {
  const target = bindExpr(ctx, e.target, scope);
  if (target.type !== 'dynamic') return fail('operatorTypes', ['.', target.type, e.member.name], e);
  return { kind: 'member', target, key: e.member.name, type: 'dynamic', span: e.span };
}

function convertOperand(e: BExpr, t: ScalarType): BExpr {
  return e.type === t ? e : convertTo(e, t);
}

/** Operand type for an ordering comparison; errors when Kusto rejects the pair. */
function comparisonType(a: ScalarType, b: ScalarType, node: A.Node): ScalarType {
  if (!orderedComparable(a, b)) {
    // Kusto tolerates a string operand against a number in practice only for equality.
    return fail('operatorTypes', ['<', a, b], node);
  }
  if (a === b) return a;
  if (a === 'dynamic') return b;
  if (b === 'dynamic') return a;
  if (a === 'bool' || b === 'bool') return 'long';
  return arithmeticNumeric(a, b) ?? a;
}

function bindBinary(ctx: BindContext, e: A.BinaryExpression, scope: Scope): BExpr {
  const op = STRING_OP_ALIASES[e.operator] ?? e.operator;
  const l = bindExpr(ctx, e.left, scope);
  const r = bindExpr(ctx, e.right, scope);
  const span = e.span;
  switch (op) {
    case '=':
      return bindBinary(ctx, { ...e, operator: '==' }, scope);
    case 'and':
    case 'or':
      return { kind: 'op', op, args: [toBool(l, e.left), toBool(r, e.right)], type: 'bool', span };
    case '+': case '-': case '*': case '/': case '%': {
      const t = arithmeticResult(op as ArithmeticOp, l.type, r.type);
      if (!t) return fail('operatorTypes', [op, l.type, r.type], e);
      // A dynamic operand takes the other side's type. Both dynamic: the analyzer types the result
      // dynamic (so it may meet a datetime or timespan later); it is computed in real.
      const lt = l.type === 'dynamic' ? (r.type === 'dynamic' ? 'real' : r.type === 'int' ? 'long' : r.type) : l.type;
      const rt = r.type === 'dynamic' ? (l.type === 'dynamic' ? 'real' : l.type === 'int' ? 'long' : l.type) : r.type;
      const value: BExpr = { kind: 'op', op, args: [convertOperand(l, lt), convertOperand(r, rt)], type: t === 'dynamic' ? 'real' : t, span };
      return t === 'dynamic' ? convertTo(value, 'dynamic') : value;
    }
    case '==': case '!=': case '<>': {
      const t = equalityCommonType(l.type, r.type);
      return { kind: 'op', op: op === '<>' ? '!=' : op, args: [convertOperand(l, t), convertOperand(r, t)], type: 'bool', operandType: t, span };
    }
    case '<': case '<=': case '>': case '>=': {
      const t = comparisonType(l.type, r.type, e);
      return { kind: 'op', op, args: [convertOperand(l, t), convertOperand(r, t)], type: 'bool', operandType: t, span };
    }
    case '=~': case '!~':
      return { kind: 'op', op, args: [toStringOperand(l), toStringOperand(r)], type: 'bool', operandType: 'string', span };
    default:
      if (STRING_OPS.has(op)) {
        return { kind: 'op', op, args: [toStringOperand(l), toStringOperand(r)], type: 'bool', operandType: 'string', span };
      }
      return fail('unsupportedOperator', [e.operator], e);
  }
}

function bindIn(ctx: BindContext, e: A.InExpression, scope: Scope): BExpr {
  const left = bindExpr(ctx, e.left, scope);
  const op = e.operator;
  const stringy = op === 'in~' || op === '!in~' || op === 'has_any' || op === 'has_all';
  if (e.items.length === 1 && isTabularExpression(ctx, e.items[0]!, scope.env)) {
    const table = bindTabular(ctx, e.items[0]!, scope.env);
    return { kind: 'inTable', op, left: stringy ? toStringOperand(left) : left, table, type: 'bool', span: e.span };
  }
  const items: BExpr[] = [];
  for (const it of e.items) {
    const b = bindExpr(ctx, it, scope);
    if (b.kind === 'literal' && b.type === 'dynamic' && Array.isArray(b.value)) {
      for (const v of b.value) items.push(jsToLiteral(v));
    } else {
      items.push(b);
    }
  }
  if (stringy) {
    const args = [toStringOperand(left), ...items.map((i) => (i.type === 'dynamic' ? i : toStringOperand(i)))];
    return { kind: 'op', op, args, type: 'bool', operandType: 'string', span: e.span };
  }
  // Compare in one common type: numbers widen; a string column against numbers compares as numbers (S15).
  let t: ScalarType = left.type;
  for (const i of items) if (i.type !== 'dynamic') t = equalityCommonType(t, i.type);
  const args = [convertOperand(left, t), ...items.map((i) => (i.type === 'dynamic' ? i : convertOperand(i, t)))];
  return { kind: 'op', op, args, type: 'bool', operandType: t, span: e.span };
}
