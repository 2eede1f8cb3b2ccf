// `summarize`, `make-series` and `top-nested`: aggregate items, group keys and Kusto's naming of
// their output columns (S6: count_, sum_X, set_X, arg_max's columns, percentile_X_50, …).

import type * as A from '../syntax/ast.js';
import type { BAggItem, BAggregate, BExpr, BSummarize, BTabular, NamedExpr } from './bound.js';
import type { Column, ScalarType } from './types.js';
import { catalogue } from '../catalogue/index.js';
import { fail, type BindContext, type Env, type Scope } from './bind-context.js';
import { bindExpr, convertTo, literal } from './bind-expr.js';
import { inferName, nextColumnName, uniqueName } from './naming.js';
import { rowScope } from './bind-operators.js';

export function summarizeNode(input: BTabular, by: NamedExpr[], aggregates: BAggItem[], span?: A.Span): BSummarize {
  const schema: Column[] = [
    ...by.map((b) => ({ name: b.name, type: b.expr.type })),
    ...aggregates.flatMap((a) => a.names.map((n, i) => ({ name: n, type: a.types[i]! }))),
  ];
  return { kind: 'summarize', input, by, aggregates, schema, span };
}

const implicitByTaken = new WeakMap<Set<string>, Set<string>>();
/** The names in `taken` that were given implicitly (not written in the query). */
function implicitNames(taken: Set<string>): Set<string> {
  let s = implicitByTaken.get(taken);
  if (!s) implicitByTaken.set(taken, (s = new Set()));
  return s;
}

function containsAggregate(e: BExpr): boolean {
  switch (e.kind) {
    case 'aggregate': return true;
    case 'op': case 'call': return e.args.some(containsAggregate);
    case 'convert': return containsAggregate(e.expr);
    case 'member': return containsAggregate(e.target);
    case 'index': return containsAggregate(e.target) || containsAggregate(e.index);
    case 'case': return e.whens.some((w) => containsAggregate(w.when) || containsAggregate(w.then)) || containsAggregate(e.else);
    default: return false;
  }
}

/** An expression of literals only (no columns, parameters or volatile calls). */
function isConstant(e: BExpr): boolean {
  switch (e.kind) {
    case 'literal': return true;
    case 'op': return e.args.every(isConstant);
    case 'call': return !e.fn.volatile && e.fn.kind !== 'window' && e.args.every(isConstant);
    case 'convert': return isConstant(e.expr);
    default: return false;
  }
}

function isStar(e: BExpr): boolean {
  return e.kind === 'literal' && e.type === 'dynamic' && e.value === '*';
}

function argAst(call: A.Expression, i: number): A.Expression | undefined {
  let c = call;
  while (c.kind === 'Parenthesized') c = c.expression;
  if (c.kind !== 'Call') return undefined;
  const a = c.args[i];
  return a && a.kind !== 'NamedArgument' ? a : undefined;
}

export function bindGroupKeys(ctx: BindContext, items: readonly A.ProjectionItem[], scope: Scope): NamedExpr[] {
  const by: NamedExpr[] = [];
  for (const it of items) {
    if (it.kind === 'Assignment' && it.names.length > 1) return fail('unsupportedSyntax', ['tuple assignment'], it);
    const expr = bindExpr(ctx, it.kind === 'Assignment' ? it.value : it, scope);
    const name = it.kind === 'Assignment' ? it.names[0]!.name : inferName(it) ?? nextColumnName((n) => by.some((b) => b.name === n));
    if (by.some((b) => b.name === name)) return fail('duplicateColumn', [name], it);
    by.push({ name, expr });
  }
  return by;
}

/** Binds one summarize aggregate item and names its output column(s). */
export function bindAggregateItem(
  ctx: BindContext,
  item: A.ProjectionItem,
  scope: Scope,
  input: BTabular,
  byNames: readonly string[],
  taken: Set<string>,
  constantPerGroup = false,
): BAggItem {
  const valueAst = item.kind === 'Assignment' ? item.value : item;
  const explicit = item.kind === 'Assignment' ? item.names.map((n) => n.name) : [];
  let bound = bindExpr(ctx, valueAst, { ...scope, aggregates: true });
  // make-series accepts a constant as a series: the value in every bin that has rows, the
  // default elsewhere (make-series-operator.md, `other=-1 default=-2`).
  if (constantPerGroup && !containsAggregate(bound) && isConstant(bound)) {
    bound = { kind: 'aggregate', fn: catalogue.get('max')!, args: [bound], signature: 0, type: bound.type, span: bound.span };
  }
  if (!containsAggregate(bound)) return fail('notAggregate', [ctx.text.slice(valueAst.span.start, valueAst.span.end)], valueAst);
  // An explicit name that repeats a column named implicitly by an earlier item (a column of
  // arg_max(…, *)) gets the numeric suffix, as the analyzer does; two explicit names clash.
  const implicit = implicitNames(taken);
  const claim = (base: string, isExplicit: boolean): string => {
    if (isExplicit && !taken.has(base)) {
      taken.add(base);
      return base;
    }
    if (isExplicit && !implicit.has(base)) return fail('duplicateColumn', [base], item);
    const n = uniqueName(base, (x) => taken.has(x));
    taken.add(n);
    if (!isExplicit) implicit.add(n);
    return n;
  };
  const special = bound.kind === 'aggregate' ? catalogue.aggregateSpecial(bound.fn.name) : undefined;
  if (bound.kind === 'aggregate' && special) {
    const agg = bound;
    const outputs: Array<{ base: string; type: ScalarType; expr: BExpr }> = [];
    const expandStar = (exclude: Set<string>) =>
      input.schema.filter((c) => !exclude.has(c.name)).map((c) => ({ base: c.name, type: c.type, expr: { kind: 'column', name: c.name, type: c.type } as BExpr }));
    if (special === 'argExtreme' || special === 'takeAny') {
      const exclude = new Set<string>(byNames);
      const first = agg.args[0]!;
      if (special === 'argExtreme') {
        if (first.kind === 'column') exclude.add(first.name);
        outputs.push({ base: inferName(argAst(valueAst, 0)!) ?? 'Column1', type: first.type, expr: first });
      }
      agg.args.forEach((a, i) => {
        if (special === 'argExtreme' && i === 0) return;
        if (isStar(a)) { outputs.push(...expandStar(exclude)); return; }
        const ast = argAst(valueAst, i);
        outputs.push({ base: (ast && inferName(ast)) ?? nextColumnName((n) => taken.has(n)), type: a.type, expr: a });
      });
    } else if (special === 'percentiles') {
      const weighted = agg.fn.name === 'percentilew' || agg.fn.name === 'percentilesw';
      const argName = inferName(argAst(valueAst, 0)!) ?? '';
      agg.args.slice(weighted ? 2 : 1).forEach((p) => {
        const v = p.kind === 'literal' ? String(typeof p.value === 'bigint' ? p.value : p.value) : '';
        outputs.push({ base: `percentile_${argName}_${v.replace('.', '_')}`, type: agg.type, expr: p });
      });
    } else {
      outputs.push({ base: inferName(argAst(valueAst, 0)!) ?? 'Column1', type: agg.type, expr: agg.args[0]! });
    }
    if (special === 'argExtreme' || special === 'takeAny') {
      // Replace `*` by the columns it stands for, so the planner sees plain arguments.
      agg.args = special === 'argExtreme' ? outputs.map((o) => o.expr) : outputs.map((o) => o.expr);
    }
    const names = outputs.map((o, i) => claim(explicit[i] ?? o.base, explicit[i] !== undefined));
    return { names, types: outputs.map((o) => o.type), expr: agg };
  }
  if (explicit.length > 1) return fail('unsupportedSyntax', ['tuple assignment of a single-valued aggregate'], item);
  const base = explicit[0] ?? inferName(valueAst);
  const name = base !== undefined ? claim(base, explicit[0] !== undefined) : claim(nextColumnName((n) => taken.has(n)), true);
  return { names: [name], types: [bound.type], expr: bound };
}

export function bindSummarize(ctx: BindContext, op: A.SummarizeOperator, input: BTabular, env: Env): BTabular {
  for (const p of op.parameters) {
    if (!p.name.toLowerCase().startsWith('hint.')) return fail('unsupportedParameter', [p.name, 'summarize'], p);
  }
  const scope = rowScope(input, env, { serialized: false });
  const by = bindGroupKeys(ctx, op.by, scope);
  const taken = new Set(by.map((b) => b.name));
  const aggs = op.aggregates.map((it) => bindAggregateItem(ctx, it, scope, input, by.map((b) => b.name), taken));
  return summarizeNode(input, by, aggs, op.span);
}

export function bindMakeSeries(ctx: BindContext, op: A.MakeSeriesOperator, input: BTabular, env: Env): BTabular {
  let nonEmpty = false;
  for (const p of op.parameters) {
    const n = p.name.toLowerCase();
    if (n === 'kind') { nonEmpty = p.value.kind === 'NameReference' && p.value.name.name.toLowerCase() === 'nonempty'; continue; }
    if (n.startsWith('hint.')) continue;
    return fail('unsupportedParameter', [p.name, 'make-series'], p);
  }
  const scope = rowScope(input, env, { serialized: false });
  const by = bindGroupKeys(ctx, op.by, scope);
  const taken = new Set(by.map((b) => b.name));
  const aggregates = op.aggregates.map((a) => {
    const item = bindAggregateItem(ctx, a.item, scope, input, [], taken, true);
    if (item.expr.kind !== 'aggregate' || item.names.length !== 1) return fail('unsupportedSyntax', ['make-series with a non-simple aggregate'], a);
    const agg = item.expr as BAggregate;
    const def = a.default ? bindExpr(ctx, a.default, { env, aggregates: false, serialized: false }) : literal('long', 0n);
    return { name: item.names[0]!, agg, default: def.type === agg.type ? def : convertTo(def, agg.type) };
  });
  const axis = bindExpr(ctx, op.on, scope);
  const axisName = inferName(op.on) ?? 'Column1';
  const cs: Scope = { env, aggregates: false, serialized: false };
  let from: BExpr | undefined;
  let to: BExpr | undefined;
  let step: BExpr;
  if (op.inRange) {
    const a = op.inRange.args.map((x) => (x.kind === 'NamedArgument' ? fail('unsupportedSyntax', ['named argument'], x) : x));
    if (a.length !== 3) return fail('wrongArgumentCount', ['range', 3, a.length], op.inRange);
    from = bindExpr(ctx, a[0]!, cs);
    to = bindExpr(ctx, a[1]!, cs);
    step = bindExpr(ctx, a[2]!, cs);
  } else {
    from = op.from ? bindExpr(ctx, op.from, cs) : undefined;
    to = op.to ? bindExpr(ctx, op.to, cs) : undefined;
    if (!op.step) return fail('invalidArgument', ['make-series needs a step'], op);
    step = bindExpr(ctx, op.step, cs);
  }
  if (from) from = convertTo(from, axis.type);
  if (to) to = convertTo(to, axis.type);
  if (axis.type === 'datetime' || axis.type === 'timespan') step = convertTo(step, 'timespan');
  const schema: Column[] = [
    ...by.map((b) => ({ name: b.name, type: b.expr.type })),
    ...aggregates.map((a) => ({ name: a.name, type: 'dynamic' as ScalarType })),
    { name: axisName, type: 'dynamic' },
  ];
  return { kind: 'makeSeries', input, aggregates, axis, axisName, from, to, step, by, nonEmpty, schema, span: op.span };
}

export function bindTopNested(ctx: BindContext, op: A.TopNestedOperator, input: BTabular, env: Env): BTabular {
  const scope = rowScope(input, env, { serialized: false });
  const schema: Column[] = [];
  const taken = new Set<string>();
  const levels = op.clauses.map((c) => {
    const ofAst = c.of.kind === 'Assignment' ? c.of.value : c.of;
    const ofExpr = bindExpr(ctx, ofAst, scope);
    const ofName = c.of.kind === 'Assignment' ? c.of.names[0]!.name : inferName(ofAst) ?? nextColumnName((n) => taken.has(n));
    taken.add(ofName);
    const byAst = c.by.kind === 'Assignment' ? c.by.value : c.by;
    const agg = bindExpr(ctx, byAst, { ...scope, aggregates: true });
    if (agg.kind !== 'aggregate') return fail('unsupportedSyntax', ['top-nested with an expression over aggregates'], c.by);
    const aggName = c.by.kind === 'Assignment' ? c.by.names[0]!.name : uniqueName(`aggregated_${ofName}`, (n) => taken.has(n));
    taken.add(aggName);
    schema.push({ name: ofName, type: ofExpr.type }, { name: aggName, type: agg.type });
    const count = c.count ? convertTo(bindExpr(ctx, c.count, { env, aggregates: false, serialized: false }), 'long') : undefined;
    const others = c.withOthers ? bindExpr(ctx, c.withOthers, { env, aggregates: false, serialized: false }) : undefined;
    return { count, of: { name: ofName, expr: ofExpr }, aggName, agg: agg as BAggregate, others, descending: c.order !== 'asc' };
  });
  return { kind: 'topNested', input, levels, schema, span: op.span };
}
