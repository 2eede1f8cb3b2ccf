// `mv-expand` and `mv-apply`.

import type * as A from '../syntax/ast.js';
import type { BExpandItem, BExpr, BTabular } from './bound.js';
import type { Column } from './types.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr, convertTo } from './bind-expr.js';
import { inferName, nextColumnName } from './naming.js';
import { bindOperator, rowScope } from './bind-operators.js';
import { bindTabular } from './bind-tabular.js';

interface MvParams {
  bagExpansion: 'bag' | 'array';
  itemIndex?: string;
}

function params(ps: readonly A.OperatorParameter[], opName: string): MvParams {
  const out: MvParams = { bagExpansion: 'bag' };
  for (const p of ps) {
    const n = p.name.toLowerCase();
    const v = p.value;
    const text = v.kind === 'NameReference' ? v.name.name : v.kind === 'Literal' ? String(v.value) : '';
    if (n === 'bagexpansion' || n === 'kind') {
      if (text !== 'bag' && text !== 'array') fail('unsupportedParameter', [`${p.name}=${text}`, opName], p);
      out.bagExpansion = text as 'bag' | 'array';
    } else if (n === 'with_itemindex') {
      out.itemIndex = text;
    } else if (!n.startsWith('hint.')) {
      fail('unsupportedParameter', [p.name, opName], p);
    }
  }
  return out;
}

function bindItems(ctx: BindContext, items: readonly A.ExpandItem[], input: BTabular, env: Env): BExpandItem[] {
  const scope = rowScope(input, env);
  const taken = new Set(input.schema.map((c) => c.name));
  return items.map((it) => {
    const p = it.item;
    if (p.kind === 'Assignment' && p.names.length > 1) return fail('unsupportedSyntax', ['tuple assignment'], p);
    const ast = p.kind === 'Assignment' ? p.value : p;
    let expr: BExpr = bindExpr(ctx, ast, scope);
    if (expr.type !== 'dynamic') return fail('invalidArgument', ['mv-expand needs a dynamic (array or property bag) expression'], ast);
    const name = p.kind === 'Assignment' ? p.names[0]!.name : inferName(ast) ?? nextColumnName((n) => taken.has(n));
    taken.add(name);
    expr = expr.type === 'dynamic' ? expr : convertTo(expr, 'dynamic');
    return { name, expr, type: it.toType?.name ?? 'dynamic' };
  });
}

function expandedSchema(input: readonly Column[], items: readonly BExpandItem[], itemIndex?: string): Column[] {
  const schema = input.map((c) => ({ ...c }));
  for (const it of items) {
    const i = schema.findIndex((c) => c.name === it.name);
    if (i >= 0) schema[i] = { name: it.name, type: it.type };
    else schema.push({ name: it.name, type: it.type });
  }
  if (itemIndex) schema.push({ name: itemIndex, type: 'long' });
  return schema;
}

export function bindMvExpand(ctx: BindContext, op: A.MvExpandOperator, input: BTabular, env: Env): BTabular {
  const p = params(op.parameters, op.keyword);
  const items = bindItems(ctx, op.items, input, env);
  const limit = op.limit ? convertTo(bindExpr(ctx, op.limit, { env, aggregates: false, serialized: false }), 'long') : undefined;
  // The legacy `mvexpand` stops at 128 values per row (S11).
  const cap: BExpr | undefined = limit ?? (op.keyword === 'mvexpand' ? { kind: 'literal', type: 'long', value: 128n } : undefined);
  return {
    kind: 'mvExpand', input, items, bagExpansion: p.bagExpansion, itemIndex: p.itemIndex, limit: cap,
    schema: expandedSchema(input.schema, items, p.itemIndex), span: op.span,
  };
}

/** Binds a sub-query whose first operator has no source: it reads `source`. */
export function bindSubquery(ctx: BindContext, e: A.Expression, source: BTabular, env: Env): BTabular {
  switch (e.kind) {
    case 'Parenthesized':
      return bindSubquery(ctx, e.expression, source, env);
    case 'Pipe':
      return bindOperator(ctx, e.operator, bindSubquery(ctx, e.source, source, env), env);
    default:
      if (e.kind.endsWith('Operator') && e.kind !== 'PrintOperator' && e.kind !== 'RangeOperator') {
        return bindOperator(ctx, e as A.QueryOperator, source, env);
      }
      return bindTabular(ctx, e, env);
  }
}

export function bindMvApply(ctx: BindContext, op: A.MvApplyOperator, input: BTabular, env: Env): BTabular {
  const p = params(op.parameters, op.keyword);
  const items = bindItems(ctx, op.items, input, env);
  const limit = op.limit ? convertTo(bindExpr(ctx, op.limit, { env, aggregates: false, serialized: false }), 'long') : undefined;
  const context: BTabular = { kind: 'contextRows', schema: expandedSchema(input.schema, items, p.itemIndex) };
  const subquery = bindSubquery(ctx, op.subquery, context, env);
  // Output: the input's columns that were not expanded, then the sub-query's columns (a sub-query
  // column with the name of an input column takes its place).
  const itemNames = new Set(items.map((i) => i.name));
  const schema: Column[] = input.schema.filter((c) => !itemNames.has(c.name)).map((c) => ({ ...c }));
  for (const c of subquery.schema) {
    const i = schema.findIndex((x) => x.name === c.name);
    if (i >= 0) schema[i] = { ...c };
    else schema.push({ ...c });
  }
  return { kind: 'mvApply', input, items, itemIndex: p.itemIndex, limit, subquery, schema, span: op.span };
}
