// Binding of function calls: user functions (`let f = (...) {...}`), the built-ins that need the
// binder's knowledge (toscalar, column_ifexists, iff/case, pack_all, extract with typeof, …) and
// catalogue functions with signature resolution and implicit conversions.

import type * as A from '../syntax/ast.js';
import type { BExpr } from './bound.js';
import { catalogue, arity, paramAt, type FunctionDef, type ParamSpec, type Signature } from '../catalogue/index.js';
import { arithmeticNumeric, commonSupertype, isNumeric, type ScalarType } from './types.js';
import { Env, fail, type BindContext, type Scope } from './bind-context.js';
import { bindExpr, convertTo, literal, toBool } from './bind-expr.js';
import { bindTabular, bindStatements, isTabularExpression } from './bind-tabular.js';
import { tupleElement, tupleFunctionOf, tupleOutputs, type TupleCall } from './bind-tuple.js';

/**
 * The call's arguments in order. A named argument (`make_set(x, MaxSize=8)`) is taken at its
 * position: built-in parameters are written in their documented order in practice.
 */
function positional(_ctx: BindContext, call: A.CallExpression): A.Expression[] {
  return call.args.map((a) => (a.kind === 'NamedArgument' ? a.value : a));
}

function accepts(p: ParamSpec, t: ScalarType): boolean {
  return p.types.some((a) => a === t || a === 'any' || (a === 'num' && isNumeric(t)));
}

/** The type an argument of type `t` converts to for parameter `p`, or undefined if it cannot. */
function conversionTarget(p: ParamSpec, t: ScalarType): ScalarType | undefined {
  if (t === 'dynamic') {
    const first = p.types[0]!;
    return first === 'num' ? 'real' : first === 'any' ? 'dynamic' : first;
  }
  if (isNumeric(t)) {
    for (const a of p.types) if (a !== 'num' && a !== 'any' && isNumeric(a)) return a;
  }
  return undefined;
}

/** The stored column `ingestion_time()` reads (src/workspace/standard-columns.ts). */
export const INGESTION_TIME_COLUMN = '_TimeReceived';

export interface Resolved {
  signature: number;
  args: BExpr[];
  type: ScalarType;
}

export function resolveSignature(fn: FunctionDef, args: BExpr[], node: A.Node): Resolved {
  let best: { i: number; score: number } | undefined;
  let arityOk = false;
  let firstBad: { i: number; sig: Signature } | undefined;
  fn.signatures.forEach((sig, i) => {
    const { min, max } = arity(sig);
    if (args.length < min || args.length > max) return;
    arityOk = true;
    let score = 0;
    for (let j = 0; j < args.length; j++) {
      const p = paramAt(sig, j, args.length)!;
      if (accepts(p, args[j]!.type)) continue;
      if (conversionTarget(p, args[j]!.type)) { score += 1; continue; }
      if (!firstBad) firstBad = { i: j, sig };
      return;
    }
    if (!best || score < best.score) best = { i, score };
  });
  if (!best) {
    if (!arityOk) {
      const counts = fn.signatures.map((s) => { const a = arity(s); return a.min === a.max ? `${a.min}` : `${a.min}..${a.max === Infinity ? 'n' : a.max}`; });
      return fail('wrongArgumentCount', [fn.name, [...new Set(counts)].join(' or '), args.length], node);
    }
    const bad = firstBad!;
    return fail('wrongArgumentType', [fn.name, bad.i + 1, args[bad.i]!.type, bad.sig.text], args[bad.i]!.span ?? (node as A.Expression).span);
  }
  const sig = fn.signatures[best.i]!;
  const conv = args.map((a, j) => {
    const p = paramAt(sig, j, args.length)!;
    if (accepts(p, a.type)) return a;
    return convertTo(a, conversionTarget(p, a.type)!);
  });
  let type: ScalarType;
  const r = sig.result;
  switch (r.kind) {
    case 'fixed': type = r.type; break;
    case 'arg': type = conv[r.index]?.type ?? 'dynamic'; break;
    case 'common': {
      const idx = r.indexes === 'all' ? conv.map((_, i) => i) : r.indexes;
      type = commonSupertype(idx.map((i) => conv[i]!.type).filter((t) => t !== undefined));
      for (const i of idx) if (conv[i] && conv[i]!.type !== type) conv[i] = convertTo(conv[i]!, type);
      break;
    }
    case 'numeric': {
      let t: ScalarType = 'long';
      for (const a of conv) t = arithmeticNumeric(t, a.type) ?? t;
      type = t;
      break;
    }
  }
  return { signature: best.i, args: conv, type };
}

/** Column names available in the scope (for pack_all / column_ifexists). */
function scopeColumns(scope: Scope) {
  const cols = scope.inputColumns ?? scope.columns;
  return cols ? [...cols.values()] : [];
}

function bindConditional(ctx: BindContext, call: A.CallExpression, scope: Scope, args: A.Expression[]): BExpr {
  const name = call.callee.name;
  if (name === 'iff' || name === 'iif') {
    if (args.length !== 3) return fail('wrongArgumentCount', [name, 3, args.length], call);
  } else if (args.length < 3 || args.length % 2 === 0) {
    return fail('wrongArgumentCount', [name, 'an odd number ≥ 3 of', args.length], call);
  }
  const whens: Array<{ when: BExpr; then: BExpr }> = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    whens.push({ when: toBool(bindExpr(ctx, args[i]!, scope), args[i]!), then: bindExpr(ctx, args[i + 1]!, scope) });
  }
  let els = bindExpr(ctx, args[args.length - 1]!, scope);
  const type = commonSupertype([...whens.map((w) => w.then.type), els.type]);
  for (const w of whens) w.then = convertTo(w.then, type);
  els = convertTo(els, type);
  return { kind: 'case', whens, else: els, type, span: call.span };
}

export function bindCall(ctx: BindContext, call: A.CallExpression, scope: Scope): BExpr {
  const name = call.callee.name;
  const entry = scope.env.lookup(name);
  if (entry && entry.kind === 'function') {
    const r = expandUserFunction(ctx, entry, call, scope);
    if (r.kind === 'scalar') return r.expr;
    return fail('expectedScalar', [], call);
  }
  const args = () => positional(ctx, call);
  switch (name) {
    case 'toscalar': {
      const a = args();
      if (a.length !== 1) return fail('wrongArgumentCount', [name, 1, a.length], call);
      if (!isTabularExpression(ctx, a[0]!, scope.env)) return bindExpr(ctx, a[0]!, { ...scope, columns: undefined });
      const q = bindTabular(ctx, a[0]!, scope.env);
      if (q.schema.length === 0) return fail('expectedTabular', [], a[0]!);
      return { kind: 'scalarQuery', query: q, type: q.schema[0]!.type, span: call.span };
    }
    case 'column_names_of': {
      // The column names of a tabular expression, known when the query is bound.
      const a = args();
      if (a.length !== 1) return fail('wrongArgumentCount', [name, 1, a.length], call);
      const t = bindTabular(ctx, a[0]!, scope.env);
      return literal('dynamic', t.schema.map((c) => c.name), call.span);
    }
    case 'iff': case 'iif': case 'case':
      return bindConditional(ctx, call, scope, args());
    case 'column_ifexists': case 'columnifexists': {
      const a = args();
      if (a.length !== 2) return fail('wrongArgumentCount', [name, 2, a.length], call);
      const n = a[0]!;
      if (n.kind !== 'Literal' || n.type !== 'string') return fail('constantRequired', [name], n);
      const col = scope.columns?.get(n.value);
      const def = bindExpr(ctx, a[1]!, scope);
      if (col) return convertTo({ kind: 'column', name: col.name, type: col.type, span: call.span }, col.type);
      return def;
    }
    case 'pack_all': {
      const a = args();
      const items: BExpr[] = [];
      for (const c of scopeColumns(scope)) {
        items.push(literal('string', c.name), { kind: 'column', name: c.name, type: c.type });
      }
      const packed: BExpr = { kind: 'call', fn: catalogue.get('bag_pack')!, args: items, signature: 0, type: 'dynamic', span: call.span };
      // pack_all(true): properties whose value is null or empty are left out.
      const ignore = a.length > 0 ? bindExpr(ctx, a[0]!, scope) : undefined;
      if (ignore && !(ignore.kind === 'literal' && ignore.value === false)) {
        return { kind: 'call', fn: catalogue.get('__bag_drop_empty')!, args: [packed], signature: 0, type: 'dynamic', span: call.span };
      }
      return packed;
    }
    case 'bag_pack_columns': {
      const items: BExpr[] = [];
      for (const a of args()) {
        const b = bindExpr(ctx, a, scope);
        if (b.kind !== 'column') return fail('invalidArgument', ['bag_pack_columns() takes column names'], a);
        items.push(literal('string', b.name), b);
      }
      return { kind: 'call', fn: catalogue.get('bag_pack')!, args: items, signature: 0, type: 'dynamic', span: call.span };
    }
    case 'extract': {
      const a = args();
      const last = a[a.length - 1];
      if (a.length === 4 && last && last.kind === 'TypeOf') {
        const inner = bindCall(ctx, { ...call, args: a.slice(0, 3) }, scope);
        return convertTo(inner, last.type.name);
      }
      break;
    }
    case 'ago': {
      // ago(x) = now() - x, with now() fixed for the whole query (S9).
      const a = args();
      if (a.length !== 1) return fail('wrongArgumentCount', [name, 1, a.length], call);
      const d = bindExpr(ctx, a[0]!, scope);
      const span = d.type === 'timespan' ? d : d.type === 'dynamic' || isNumeric(d.type) ? convertTo(d, 'timespan') : fail('wrongArgumentType', [name, 1, d.type, '(timespan)'], a[0]!);
      const now: BExpr = { kind: 'call', fn: catalogue.get('now')!, args: [], signature: 0, type: 'datetime', span: call.span };
      return { kind: 'op', op: '-', args: [now, span], type: 'datetime', span: call.span };
    }
    case 'ingestion_time': {
      // Vigil stores the ingestion time of every row in the standard column `_TimeReceived`
      // (docs/architecture.md); where the row has no such column (after a projection, or a table
      // without it) the value is null, as Kusto documents for tables without the policy.
      if (args().length !== 0) return fail('wrongArgumentCount', [name, 0, args().length], call);
      const col = scope.columns?.get(INGESTION_TIME_COLUMN);
      if (col && col.type === 'datetime') return { kind: 'column', name: col.name, type: 'datetime', span: call.span };
      return literal('datetime', null, call.span);
    }
    case 'strcat': case 'strcat_delim': {
      // Every argument is converted to its string form.
      const fn = catalogue.get(name)!;
      const bound = args().map((a) => bindExpr(ctx, a, scope));
      const r = resolveSignature(fn, bound, call);
      return { kind: 'call', fn, args: r.args.map((x) => convertTo(x, 'string')), signature: r.signature, type: 'string', span: call.span };
    }
    default:
      break;
  }
  const fn = catalogue.get(name);
  if (!fn) {
    if (catalogue.isKnownUnsupported(name)) return fail('unsupportedFunction', [name], call.callee);
    return fail('unknownFunction', [name], call.callee);
  }
  if (fn.kind === 'aggregate') {
    if (!scope.aggregates) return fail('aggregateOutsideSummarize', [name], call.callee);
    const inner: Scope = { ...scope, aggregates: false };
    const bound = args().map((a) => (a.kind === 'Star' ? ({ kind: 'literal', type: 'dynamic', value: '*', span: a.span } as BExpr) : bindExpr(ctx, a, inner)));
    const r = resolveSignature(fn, bound, call);
    return { kind: 'aggregate', fn, args: r.args, signature: r.signature, type: r.type, span: call.span };
  }
  if (fn.kind === 'window' && !scope.serialized) return fail('windowNeedsOrder', [name], call.callee);
  // A multi-valued function used as a plain value stands for its first value.
  if (tupleFunctionOf(ctx, call, scope)) return tupleElement(bindTupleCall(ctx, call, scope), 0, call.span);
  const bound = args().map((a) => bindExpr(ctx, a, scope));
  const r = resolveSignature(fn, bound, call);
  return { kind: 'call', fn, args: r.args, signature: r.signature, type: r.type, span: call.span };
}

/** Binds a call of a multi-valued function (tupleFunctionOf holds) once, with its outputs. */
export function bindTupleCall(ctx: BindContext, e: A.Expression, scope: Scope): TupleCall {
  let call = e;
  while (call.kind === 'Parenthesized') call = call.expression;
  if (call.kind !== 'Call') return fail('expectedScalar', [], e);
  const fn = catalogue.get(call.callee.name)!;
  const bound = positional(ctx, call).map((a) => bindExpr(ctx, a, scope));
  const r = resolveSignature(fn, bound, call);
  return tupleOutputs(fn, call, { kind: 'call', fn, args: r.args, signature: r.signature, type: 'dynamic', span: call.span });
}

export type UserFunctionResult = { kind: 'scalar'; expr: BExpr } | { kind: 'tabular'; node: import('./bound.js').BTabular };

const MAX_DEPTH = 64;
let depth = 0;

/** Expands a call of a `let`-defined function: parameters are bound to the argument expressions. */
export function expandUserFunction(
  ctx: BindContext,
  entry: { def: A.FunctionDefinition; env: Env; name: string },
  call: A.CallExpression,
  scope: Scope,
): UserFunctionResult {
  const params = entry.def.parameters;
  if (call.args.length > params.length) return fail('wrongArgumentCount', [entry.name, params.length, call.args.length], call);
  // Positional arguments first, then named ones matched to parameters by name.
  const args: Array<A.Expression | undefined> = [];
  call.args.forEach((a, i) => {
    if (a.kind !== 'NamedArgument') { args[i] = a; return; }
    const k = params.findIndex((p) => p.name.name === a.name.name);
    if (k < 0) fail('unknownParameter', [a.name.name, entry.name], a);
    args[k] = a.value;
  });
  const env = entry.env.child();
  params.forEach((p, i) => {
    const a = args[i] ?? p.default;
    if (!a) return fail('wrongArgumentCount', [entry.name, params.length, call.args.length], call);
    if (p.type.kind === 'TabularType') {
      env.set(p.name.name, { kind: 'tabular', node: bindTabular(ctx, a, scope.env) });
    } else {
      const b = bindExpr(ctx, a, args[i] ? scope : { env: entry.env, aggregates: false, serialized: false });
      env.set(p.name.name, { kind: 'scalar', expr: convertTo(b, p.type.name) });
    }
  });
  // Functions are expanded in place: a recursive definition would not terminate.
  depth++;
  try {
    if (depth > MAX_DEPTH) return fail('unsupportedSyntax', [`recursion in '${entry.name}'`], call);
    bindStatements(ctx, entry.def.body.statements, env);
    const result = entry.def.body.result;
    if (!result) return fail('noResult', [], entry.def.body);
    if (isTabularExpression(ctx, result, env)) return { kind: 'tabular', node: bindTabular(ctx, result, env) };
    return { kind: 'scalar', expr: bindExpr(ctx, result, { ...scope, env }) };
  } finally {
    depth--;
  }
}
