// Functions that return several values (series_fit_line, series_decompose_anomalies, array_sort_asc
// of several arrays, …). The call is bound once as a dynamic array holding the values in order;
// each value is an element of it, converted to its type. How the values become columns follows
// the official analyzer:
//   extend f(y)              → f_y_<suffix> for every value
//   extend x = f(y)          → x, then the other values under their default names
//   extend (a, b) = f(y)     → a, b, then the remaining values under their default names
//   print x = f(y)           → x only (print keeps only the names it is given)
//   f(y)[i]                  → the i-th value; any other use of f(y) → the first value.

import type * as A from '../syntax/ast.js';
import type { BExpr } from './bound.js';
import type { ScalarType } from './types.js';
import type { FunctionDef } from '../catalogue/index.js';
import { catalogue } from '../catalogue/index.js';
import { fail, type BindContext, type Scope } from './bind-context.js';
import { inferName } from './naming.js';

export interface TupleCall {
  /** The call, typed dynamic: an array of the values. */
  call: BExpr;
  /** Default column name and type of each value. */
  outputs: Array<{ name: string; type: ScalarType }>;
}

function unwrap(e: A.Expression): A.Expression {
  while (e.kind === 'Parenthesized') e = e.expression;
  return e;
}

/** The catalogue function of a call that may return several values, if `e` is such a call. */
export function tupleFunctionOf(ctx: BindContext, e: A.Expression, scope: Scope): FunctionDef | undefined {
  const c = unwrap(e);
  if (c.kind !== 'Call' || c.target) return undefined;
  const entry = scope.env.lookup(c.callee.name);
  if (entry && entry.kind === 'function') return undefined;
  const fn = catalogue.get(c.callee.name);
  if (!fn || (!fn.outputs && !fn.outputPerArray)) return undefined;
  if (fn.outputPerArray) {
    // One value per array argument, only when there are several of them.
    const arrays = c.args.filter((a) => !(a.kind === 'Literal' && a.type === 'bool'));
    if (arrays.length < 2) return undefined;
  }
  void ctx;
  return fn;
}

/**
 * The outputs of a bound multi-valued call (`bound` is the call bound with the function's
 * signature, typed as its first value's dynamic array).
 */
export function tupleOutputs(fn: FunctionDef, call: A.CallExpression, bound: BExpr): TupleCall {
  const argName = (i: number) => {
    const a = call.args[i];
    return a && a.kind !== 'NamedArgument' ? inferName(a) : undefined;
  };
  let outputs: TupleCall['outputs'];
  if (fn.outputs) {
    const first = argName(0) ?? '';
    outputs = fn.outputs.map((o) => ({ name: `${fn.name}_${first}_${o.suffix}`, type: o.type }));
  } else {
    const args = bound.kind === 'call' ? bound.args : [];
    outputs = args.flatMap((a, i) => (a.type === 'dynamic' ? [{ name: `${argName(i) ?? `array${i}`}_${fn.outputPerArray}`, type: 'dynamic' as ScalarType }] : []));
  }
  return { call: { ...bound, type: 'dynamic' }, outputs };
}

/** Value `i` of a tuple: element `i` of the dynamic array, converted to the value's type. */
export function tupleElement(t: TupleCall, i: number, span?: A.Span): BExpr {
  const out = t.outputs[i];
  if (!out) return fail('invalidArgument', [`the function returns ${t.outputs.length} values; there is no value ${i}`], span ?? { start: 0, end: 0 });
  const el: BExpr = { kind: 'index', target: t.call, index: { kind: 'literal', type: 'long', value: BigInt(i) }, type: 'dynamic', span };
  return out.type === 'dynamic' ? el : { kind: 'convert', type: out.type, expr: el, span };
}

/**
 * The columns an extend/project/print item with a multi-valued call produces: the names given
 * (`x = f()` or `(a, b) = f()`) for the first values, default names for the rest (`all`), or only
 * the named ones (print).
 */
export function tupleColumns(t: TupleCall, names: readonly string[], all: boolean, node: A.Node): Array<{ name: string; index: number; explicit: boolean }> {
  if (names.length > t.outputs.length) return fail('invalidArgument', [`the function returns ${t.outputs.length} values, not ${names.length}`], node);
  const cols = names.map((name, index) => ({ name, index, explicit: true }));
  if (all || names.length === 0) for (let i = names.length; i < t.outputs.length; i++) cols.push({ name: t.outputs[i]!.name, index: i, explicit: false });
  return cols;
}

/** The default column name of value `i` of a multi-valued call (for `f(…)[i]`), if known. */
export function tupleValueName(fn: FunctionDef, call: A.CallExpression, i: number): string | undefined {
  const argName = (k: number) => {
    const a = call.args[k];
    return a && a.kind !== 'NamedArgument' ? inferName(a) : undefined;
  };
  if (fn.outputs) {
    const o = fn.outputs[i];
    return o ? `${fn.name}_${argName(0) ?? ''}_${o.suffix}` : undefined;
  }
  if (fn.outputPerArray) {
    const arrays = call.args.map((a, k) => ({ a, k })).filter(({ a }) => !(a.kind === 'Literal' && a.type === 'bool'));
    const x = arrays[i];
    return x ? `${argName(x.k) ?? `array${x.k}`}_${fn.outputPerArray}` : undefined;
  }
  return undefined;
}
