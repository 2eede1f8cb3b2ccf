// Binding of the tabular operators that follow a pipe (and the source operators print/range/union).
// Each returns a new bound node with its output schema.

import type * as A from '../syntax/ast.js';
import type { BAggItem, BExpr, BSortKey, BTabular, NamedExpr } from './bound.js';
import type { Column, ScalarType } from './types.js';
import { columnMap, fail, type BindContext, type Env, type Scope } from './bind-context.js';
import { bindExpr, convertTo, literal, toBool } from './bind-expr.js';
import { bindTabular, isTabularExpression } from './bind-tabular.js';
import { expandUserFunction } from './bind-calls.js';
import { inferName, nextColumnName, uniqueName } from './naming.js';
import { bindSummarize, bindMakeSeries, bindTopNested, summarizeNode } from './bind-summarize.js';
import { bindJoin, bindLookup } from './bind-join.js';
import { bindMvExpand, bindMvApply, bindSubquery } from './bind-mv.js';
import { bindParse, bindParseKv } from './bind-parse.js';
import { bindPlugin } from './bind-plugins.js';
import { bindSearch } from './bind-search.js';
import { bindTupleCall } from './bind-calls.js';
import { tupleColumns, tupleElement, tupleFunctionOf, type TupleCall } from './bind-tuple.js';

/** Whether rows of `t` come in a defined order (window functions allowed). */
export function isSerialized(t: BTabular): boolean {
  switch (t.kind) {
    case 'sort': case 'serialize': case 'range':
      return true;
    case 'take':
      return t.keys !== undefined || isSerialized(t.input);
    case 'where': case 'project': case 'mvExpand': case 'parse':
      return isSerialized(t.input);
    case 'ref':
      return isSerialized(t.target);
    default:
      return false;
  }
}

export function rowScope(input: BTabular, env: Env, extra?: Partial<Scope>): Scope {
  return { env, columns: columnMap(input.schema), aggregates: false, serialized: isSerialized(input), ...extra };
}

function col(c: Column): BExpr {
  return { kind: 'column', name: c.name, type: c.type };
}

function project(input: BTabular, columns: NamedExpr[], origin: string, span?: A.Span): BTabular {
  return { kind: 'project', input, columns, origin, schema: columns.map((c) => ({ name: c.name, type: c.expr.type })), span };
}

function referencedColumns(e: BExpr, out: Set<string>): Set<string> {
  switch (e.kind) {
    case 'column': out.add(e.name); break;
    case 'op': case 'call': case 'aggregate': e.args.forEach((a) => referencedColumns(a, out)); break;
    case 'member': referencedColumns(e.target, out); break;
    case 'index': referencedColumns(e.target, out); referencedColumns(e.index, out); break;
    case 'convert': referencedColumns(e.expr, out); break;
    case 'inTable': referencedColumns(e.left, out); break;
    case 'case': e.whens.forEach((w) => { referencedColumns(w.when, out); referencedColumns(w.then, out); }); referencedColumns(e.else, out); break;
    default: break;
  }
  return out;
}

/**
 * `extend`: items are bound left to right; an item that refers to a column defined earlier in the
 * same operator sees that definition (the pending items are flushed into a projection first).
 * A new name is appended; an existing name is replaced in place (as the analyzer reports, S14).
 */
export function bindExtendItems(ctx: BindContext, items: readonly A.ProjectionItem[], input: BTabular, env: Env, origin: string, span?: A.Span): BTabular {
  let current = input;
  let out: NamedExpr[] = input.schema.map((c) => ({ name: c.name, expr: col(c) }));
  let pending = new Set<string>();
  const hiddenTuples: string[] = [];
  const serialized = isSerialized(input);
  for (const item of items) {
    const valueAst = item.kind === 'Assignment' ? item.value : item;
    const scopeCols = new Map(out.map((o) => [o.name, { name: o.name, type: o.expr.type }]));
    const inputColumns = columnMap(input.schema);
    const isTuple = tupleFunctionOf(ctx, valueAst, { env, aggregates: false, serialized });
    const bindValue = (columns: ReadonlyMap<string, Column>): BExpr | TupleCall => {
      const sc: Scope = { env, columns, aggregates: false, serialized, inputColumns };
      return isTuple ? bindTupleCall(ctx, valueAst, sc) : bindExpr(ctx, valueAst, sc);
    };
    const exprOf = (v: BExpr | TupleCall): BExpr => ('outputs' in v ? v.call : v);
    let value = bindValue(scopeCols);
    if (pending.size > 0 && [...referencedColumns(exprOf(value), new Set())].some((n) => pending.has(n))) {
      current = project(current, out, origin, span);
      out = current.schema.map((c) => ({ name: c.name, expr: col(c) }));
      pending = new Set();
      value = bindValue(columnMap(current.schema));
    }
    if ('outputs' in value) {
      // Computed once into a hidden column, whose values then become the named columns.
      const hidden = `__tuple${hiddenTuples.length}`;
      hiddenTuples.push(hidden);
      out.push({ name: hidden, expr: value.call });
      current = project(current, out, origin, span);
      out = current.schema.map((c) => ({ name: c.name, expr: col(c) }));
      pending = new Set();
      const names = item.kind === 'Assignment' ? item.names.map((n) => n.name) : [];
      const ref: TupleCall = { call: { kind: 'column', name: hidden, type: 'dynamic' }, outputs: value.outputs };
      for (const c of tupleColumns(ref, names, true, item)) {
        const e = tupleElement(ref, c.index);
        const existing = out.findIndex((o) => o.name === c.name);
        if (existing >= 0) out[existing] = { name: c.name, expr: e };
        else out.push({ name: c.name, expr: e });
        pending.add(c.name);
      }
      continue;
    }
    if (item.kind === 'Assignment' && item.names.length > 1) {
      return fail('unsupportedSyntax', ['tuple assignment of a single-valued expression'], item);
    }
    let name: string;
    if (item.kind === 'Assignment') name = item.names[0]!.name;
    else name = inferName(item) ?? nextColumnName((n) => out.some((o) => o.name === n));
    const existing = out.findIndex((o) => o.name === name);
    if (existing >= 0) out[existing] = { name, expr: value };
    else out.push({ name, expr: value });
    pending.add(name);
  }
  if (hiddenTuples.length > 0) out = out.filter((o) => !hiddenTuples.includes(o.name));
  return project(current, out, origin, span);
}

/**
 * For project/print: the multi-valued calls among the items, computed into hidden columns of a
 * projection over `input` that keeps its columns; returns that projection and the tuple of each
 * item (by index).
 */
function precomputeTuples(ctx: BindContext, items: readonly A.ProjectionItem[], input: BTabular, scope: Scope, origin: string): { input: BTabular; tuples: Map<number, TupleCall> } {
  const tuples = new Map<number, TupleCall>();
  const extra: NamedExpr[] = [];
  items.forEach((item, i) => {
    const valueAst = item.kind === 'Assignment' ? item.value : item;
    if (!tupleFunctionOf(ctx, valueAst, scope)) return;
    const t = bindTupleCall(ctx, valueAst, scope);
    const hidden = `__tuple${extra.length}`;
    extra.push({ name: hidden, expr: t.call });
    tuples.set(i, { call: { kind: 'column', name: hidden, type: 'dynamic' }, outputs: t.outputs });
  });
  if (extra.length === 0) return { input, tuples };
  const keep = input.schema.map((c) => ({ name: c.name, expr: col(c) }));
  return { input: project(input, [...keep, ...extra], origin), tuples };
}

function bindProject(ctx: BindContext, op: A.ProjectOperator, input0: BTabular, env: Env): BTabular {
  const pre = precomputeTuples(ctx, op.items, input0, rowScope(input0, env), 'project');
  const input = pre.input;
  const scope = rowScope(input, env);
  const out: NamedExpr[] = [];
  for (const [i, item] of op.items.entries()) {
    const valueAst = item.kind === 'Assignment' ? item.value : item;
    const taken = (n: string) => out.some((o) => o.name === n);
    const t = pre.tuples.get(i);
    if (t) {
      const names = item.kind === 'Assignment' ? item.names.map((n) => n.name) : [];
      for (const c of tupleColumns(t, names, true, item)) {
        if (c.explicit && taken(c.name)) return fail('duplicateColumn', [c.name], item);
        out.push({ name: c.explicit ? c.name : uniqueName(c.name, taken), expr: tupleElement(t, c.index) });
      }
      continue;
    }
    if (item.kind === 'Assignment' && item.names.length > 1) return fail('unsupportedSyntax', ['tuple assignment of a single-valued expression'], item);
    const value = bindExpr(ctx, valueAst, scope);
    let name: string;
    if (item.kind === 'Assignment') {
      name = item.names[0]!.name;
      if (taken(name)) return fail('duplicateColumn', [name], item);
    } else {
      // An inferred name that is already taken gets a numeric suffix (`b`, `b1`, `b2`).
      const inferred = inferName(item);
      name = inferred !== undefined ? uniqueName(inferred, taken) : nextColumnName(taken);
    }
    out.push({ name, expr: value });
  }
  return project(input, out, 'project', op.span);
}

function wildcardRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function matchColumns(schema: readonly Column[], n: A.Name | A.WildcardName, node: { span: A.Span }): Column[] {
  if (n.kind === 'Name') {
    const c = schema.find((x) => x.name === n.name);
    if (!c) return fail('unknownColumn', [n.name], node);
    return [c];
  }
  const re = wildcardRegex(n.pattern);
  return schema.filter((c) => re.test(c.name));
}

export function bindPrint(ctx: BindContext, op: A.PrintOperator, env: Env): BTabular {
  const scope0: Scope = { env, aggregates: false, serialized: false, columns: new Map() };
  const pre = precomputeTuples(ctx, op.items, { kind: 'singleRow', schema: [] }, scope0, 'print');
  const scope: Scope = { ...scope0, columns: new Map() };
  const out: NamedExpr[] = [];
  op.items.forEach((item, i) => {
    const t = pre.tuples.get(i);
    if (t) {
      // print keeps only the names it is given (all default names when none is).
      const names = item.kind === 'Assignment' ? item.names.map((n) => n.name) : [];
      for (const c of tupleColumns(t, names, false, item)) {
        out.push({ name: c.explicit ? c.name : uniqueName(c.name, (n) => out.some((o) => o.name === n)), expr: tupleElement(t, c.index) });
      }
      return;
    }
    if (item.kind === 'Assignment' && item.names.length > 1) return fail('unsupportedSyntax', ['tuple assignment of a single-valued expression'], item);
    const value = bindExpr(ctx, item.kind === 'Assignment' ? item.value : item, scope);
    const name = item.kind === 'Assignment' ? item.names[0]!.name : `print_${i}`;
    out.push({ name, expr: value });
  });
  return project(pre.input, out, 'print', op.span);
}

export function bindRange(ctx: BindContext, op: A.RangeOperator, env: Env): BTabular {
  const scope: Scope = { env, aggregates: false, serialized: false };
  let from = bindExpr(ctx, op.from, scope);
  let to = bindExpr(ctx, op.to, scope);
  const step = bindExpr(ctx, op.step, scope);
  let type: ScalarType = from.type;
  if (type === 'int' || type === 'long' || type === 'real') {
    type = from.type === 'real' || to.type === 'real' || step.type === 'real' ? 'real' : 'long';
    from = convertTo(from, type);
    to = convertTo(to, type);
  } else if (type !== 'datetime' && type !== 'timespan') {
    return fail('invalidArgument', [`range needs numbers, datetimes or timespans, not ${type}`], op.from);
  } else {
    to = convertTo(to, type);
  }
  const stepT = type === 'datetime' || type === 'timespan' ? convertTo(step, 'timespan') : convertTo(step, type);
  return { kind: 'range', column: op.column.name, from, to, step: stepT, schema: [{ name: op.column.name, type }], span: op.span };
}

function tableNameOf(e: A.Expression): string | undefined {
  if (e.kind === 'NameReference') return e.name.name;
  if (e.kind === 'Parenthesized') return tableNameOf(e.expression);
  return undefined;
}

export function bindUnion(ctx: BindContext, op: A.UnionOperator, input: BTabular | undefined, env: Env): BTabular {
  let withSource: string | undefined;
  let fuzzy = false;
  let inner = false;
  for (const p of op.parameters) {
    const name = p.name.toLowerCase();
    const v = p.value;
    if (name === 'withsource') withSource = v.kind === 'NameReference' ? v.name.name : undefined;
    else if (name === 'isfuzzy') fuzzy = v.kind === 'Literal' && v.value === true;
    else if (name === 'kind') inner = v.kind === 'NameReference' && v.name.name === 'inner';
    else if (name.startsWith('hint.')) continue;
    else return fail('unsupportedParameter', [p.name, 'union'], p);
  }
  const inputs: BTabular[] = [];
  const names: string[] = [];
  if (input) { inputs.push(input); names.push('union_arg0'); }
  for (const t of op.tables) {
    if (t.kind === 'WildcardName') {
      const re = wildcardRegex(t.pattern);
      for (const n of ctx.options.schema.tableNames().filter((x) => re.test(x)).sort()) {
        const tab = ctx.options.schema.table(n)!;
        inputs.push({ kind: 'table', name: n, schema: tab.columns.map((c) => ({ ...c })) });
        names.push(n);
      }
      continue;
    }
    try {
      const b = bindTabular(ctx, t, env);
      inputs.push(b);
      names.push(tableNameOf(t) ?? (b.kind === 'ref' && b.alias ? b.alias : `union_arg${names.length}`));
    } catch (err) {
      // isfuzzy=true: a missing table is skipped, not an error.
      if (fuzzy && (err as { codeName?: string }).codeName === 'unknownTable') continue;
      throw err;
    }
  }
  if (inputs.length === 0) return fail('unknownTable', [op.tables.map((t) => ctx.text.slice(t.span.start, t.span.end)).join(', ')], op);
  return unionOfInputs(inputs, names, withSource, inner, op.span);
}

/**
 * The union of bound inputs. Output columns: by name in order of first appearance; a name with
 * different types in different inputs becomes one column per type, suffixed with the type
 * (`x_long`, `x_string`). `withSource` adds a first column with each row's input name.
 */
export function unionOfInputs(inputs: BTabular[], names: string[], withSource: string | undefined, inner: boolean, span?: A.Span): BTabular {
  const types = new Map<string, ScalarType[]>();
  for (const i of inputs) for (const c of i.schema) {
    const l = types.get(c.name) ?? [];
    if (!l.includes(c.type)) l.push(c.type);
    types.set(c.name, l);
  }
  let schema: Column[] = [];
  // Source column (name, type) of each output column.
  const sources: Array<{ name: string; type: ScalarType }> = [];
  const taken = new Set<string>();
  for (const [name, ts] of types) {
    if (inner && !inputs.every((i) => i.schema.some((c) => c.name === name))) continue;
    for (const t of ts) {
      const out = uniqueName(ts.length === 1 ? name : `${name}_${t}`, (n) => taken.has(n) || (n !== name && types.has(n) && ts.length > 1));
      taken.add(out);
      schema.push({ name: out, type: t });
      sources.push({ name, type: t });
    }
  }
  // Each input is projected to the output schema (missing columns are null).
  const projected = inputs.map((i) => {
    const cols: NamedExpr[] = schema.map((c, k) => {
      const s = sources[k]!;
      const src = i.schema.find((x) => x.name === s.name && x.type === s.type);
      return { name: c.name, expr: src ? col(src) : literal(c.type, c.type === 'string' ? '' : null) };
    });
    const same = cols.length === i.schema.length && cols.every((c, k) => c.expr.kind === 'column' && c.expr.name === c.name && i.schema[k]!.name === c.name);
    return same ? i : project(i, cols, 'union');
  });
  if (withSource) schema = [{ name: withSource, type: 'string' }, ...schema];
  return {
    kind: 'union',
    inputs: projected,
    inner,
    withSource: withSource ? { column: withSource, names } : undefined,
    schema,
    span,
  };
}


function sortKeys(ctx: BindContext, keys: readonly A.SortKey[], scope: Scope): BSortKey[] {
  return keys.map((k) => {
    const expr = bindExpr(ctx, k.expression, scope);
    const descending = k.order !== 'asc';
    const nullsFirst = k.nulls ? k.nulls === 'first' : !descending;
    return { expr, descending, nullsFirst };
  });
}

function constantCount(ctx: BindContext, e: A.Expression, env: Env): BExpr {
  const v = bindExpr(ctx, e, { env, aggregates: false, serialized: false });
  return v.type === 'long' ? v : convertTo(v, 'long');
}

function getschema(input: BTabular): BTabular {
  const dotnet: Record<ScalarType, string> = {
    bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
    string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', dynamic: 'System.Object', guid: 'System.Guid',
  };
  return {
    kind: 'datatable',
    schema: [
      { name: 'ColumnName', type: 'string' }, { name: 'ColumnOrdinal', type: 'long' },
      { name: 'DataType', type: 'string' }, { name: 'ColumnType', type: 'string' },
    ],
    rows: input.schema.map((c, i) => [literal('string', c.name), literal('long', BigInt(i)), literal('string', dotnet[c.type]), literal('string', c.type)]),
  };
}

export function bindEvaluate(ctx: BindContext, op: A.EvaluateOperator, input: BTabular | undefined, env: Env): BTabular {
  return bindPlugin(ctx, op, input, env);
}

export function bindOperator(ctx: BindContext, op: A.QueryOperator, input: BTabular, env: Env): BTabular {
  if (ctx.render && op.kind !== 'RenderOperator') {
    // `render` must be the last operator; anything after it is outside what Vigil keeps.
    return fail('unsupportedSyntax', ['an operator after render'], op);
  }
  switch (op.kind) {
    case 'WhereOperator': {
      const p = toBool(bindExpr(ctx, op.predicate, rowScope(input, env)), op.predicate);
      return { kind: 'where', input, predicate: p, schema: input.schema, span: op.span };
    }
    case 'ExtendOperator':
      return bindExtendItems(ctx, op.items, input, env, 'extend', op.span);
    case 'ProjectOperator':
      return bindProject(ctx, op, input, env);
    case 'ProjectAwayOperator': {
      const drop = new Set<string>();
      for (const n of op.columns) for (const c of matchColumns(input.schema, n, n)) drop.add(c.name);
      return project(input, input.schema.filter((c) => !drop.has(c.name)).map((c) => ({ name: c.name, expr: col(c) })), 'project-away', op.span);
    }
    case 'ProjectKeepOperator': {
      const keep = new Set<string>();
      for (const n of op.columns) for (const c of matchColumns(input.schema, n, n)) keep.add(c.name);
      return project(input, input.schema.filter((c) => keep.has(c.name)).map((c) => ({ name: c.name, expr: col(c) })), 'project-keep', op.span);
    }
    case 'ProjectRenameOperator': {
      const out: NamedExpr[] = input.schema.map((c) => ({ name: c.name, expr: col(c) }));
      for (const r of op.renames) {
        const i = out.findIndex((o) => o.expr.kind === 'column' && o.expr.name === r.oldName.name);
        if (i < 0) return fail('unknownColumn', [r.oldName.name], r.oldName);
        out[i] = { name: r.newName.name, expr: out[i]!.expr };
      }
      return project(input, out, 'project-rename', op.span);
    }
    case 'ProjectReorderOperator': {
      const first: Column[] = [];
      for (const r of op.columns) {
        let cs = matchColumns(input.schema, r.column, r);
        if (r.order) {
          const asc = r.order === 'asc' || r.order === 'granny-asc';
          cs = [...cs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) * (asc ? 1 : -1));
        }
        for (const c of cs) if (!first.includes(c)) first.push(c);
      }
      const rest = input.schema.filter((c) => !first.includes(c));
      return project(input, [...first, ...rest].map((c) => ({ name: c.name, expr: col(c) })), 'project-reorder', op.span);
    }
    case 'ProjectByNamesOperator': {
      // Names (wildcards allowed) given as string constants or a constant dynamic array.
      const patterns: string[] = [];
      for (const it of op.items) {
        const v = bindExpr(ctx, it, { env, aggregates: false, serialized: false });
        if (v.kind === 'literal' && typeof v.value === 'string') patterns.push(v.value);
        else if (v.kind === 'literal' && Array.isArray(v.value)) for (const x of v.value) patterns.push(String(x));
        else return fail('constantRequired', ['project-by-names'], it);
      }
      const picked: Column[] = [];
      for (const p of patterns) {
        const re = wildcardRegex(p);
        for (const c of input.schema) if (re.test(c.name) && !picked.includes(c)) picked.push(c);
      }
      return project(input, picked.map((c) => ({ name: c.name, expr: col(c) })), 'project-by-names', op.span);
    }
    case 'SummarizeOperator':
      return bindSummarize(ctx, op, input, env);
    case 'DistinctOperator': {
      if (op.items.length === 1 && op.items[0]!.kind === 'Star') {
        return summarizeNode(input, input.schema.map((c) => ({ name: c.name, expr: col(c) })), [], op.span);
      }
      const scope = rowScope(input, env);
      const by: NamedExpr[] = op.items.map((it) => {
        const v = bindExpr(ctx, it.kind === 'Assignment' ? it.value : it, scope);
        const name = it.kind === 'Assignment' ? it.names[0]!.name : inferName(it) ?? 'Column1';
        return { name, expr: v };
      });
      return summarizeNode(input, by, [], op.span);
    }
    case 'CountOperator': {
      const name = op.as?.name ?? 'Count';
      const agg: BAggItem = { names: [name], types: ['long'], expr: countAggregate() };
      return summarizeNode(input, [], [agg], op.span);
    }
    case 'SortOperator':
      return { kind: 'sort', input, keys: sortKeys(ctx, op.keys, rowScope(input, env)), schema: input.schema, span: op.span };
    case 'TopOperator':
      return { kind: 'take', input, count: constantCount(ctx, op.count, env), keys: sortKeys(ctx, op.keys, rowScope(input, env)), schema: input.schema, span: op.span };
    case 'TakeOperator':
      return { kind: 'take', input, count: constantCount(ctx, op.count, env), schema: input.schema, span: op.span };
    case 'SampleOperator':
      return { kind: 'sample', input, count: constantCount(ctx, op.count, env), schema: input.schema, span: op.span };
    case 'SerializeOperator': {
      const ser: BTabular = { kind: 'serialize', input, schema: input.schema, span: op.span };
      return op.items.length ? bindExtendItems(ctx, op.items, ser, env, 'serialize', op.span) : ser;
    }
    case 'AsOperator': {
      // `as Name` names the rows so far: later operators of the query may refer to it.
      const materialize = op.parameters.some((p) => p.name.toLowerCase() === 'hint.materialized' && p.value.kind === 'Literal' && p.value.value === true);
      const ref: BTabular = { kind: 'ref', name: op.name.name, target: input, materialize, alias: op.name.name, schema: input.schema, span: op.span };
      env.set(op.name.name, { kind: 'tabular', node: ref });
      return ref;
    }
    case 'RenderOperator': {
      const properties: Record<string, unknown> = {};
      for (const p of op.properties) {
        const v = p.value;
        properties[p.name.name] = v.kind === 'Literal' ? (typeof v.value === 'bigint' ? Number(v.value) : v.value) : ctx.text.slice(v.span.start, v.span.end);
      }
      ctx.render = { visualization: op.visualization.name, properties };
      return input;
    }
    case 'GetSchemaOperator':
      return getschema(input);
    case 'UnionOperator':
      return bindUnion(ctx, op, input, env);
    case 'JoinOperator':
      return bindJoin(ctx, op, input, env);
    case 'LookupOperator':
      return bindLookup(ctx, op, input, env);
    case 'MvExpandOperator':
      return bindMvExpand(ctx, op, input, env);
    case 'MvApplyOperator':
      return bindMvApply(ctx, op, input, env);
    case 'ParseOperator':
      return bindParse(ctx, op, input, env);
    case 'ParseKvOperator':
      return bindParseKv(ctx, op, input, env);
    case 'MakeSeriesOperator':
      return bindMakeSeries(ctx, op, input, env);
    case 'TopNestedOperator':
      return bindTopNested(ctx, op, input, env);
    case 'EvaluateOperator':
      return bindEvaluate(ctx, op, input, env);
    case 'SearchOperator':
      return bindSearch(ctx, op, input, env);
    case 'TopHittersOperator': {
      // The most frequent values (exactly counted: an estimate is allowed to be exact), or the values
      // with the largest sum of `by`, as top-hitters' approximate_count_X / approximate_sum_Y.
      const scope = rowScope(input, env, { serialized: false });
      const ofExpr = bindExpr(ctx, op.of, scope);
      const ofName = inferName(op.of) ?? 'Column1';
      let aggName: string;
      let agg: BExpr;
      if (op.by) {
        const byExpr = bindExpr(ctx, op.by, scope);
        aggName = `approximate_sum_${inferName(op.by) ?? ''}`;
        const sum = catalogue.get('sum')!;
        agg = { kind: 'aggregate', fn: sum, args: [byExpr], signature: byExpr.type === 'timespan' ? 1 : 0, type: byExpr.type === 'real' || byExpr.type === 'decimal' ? byExpr.type : byExpr.type === 'timespan' ? 'timespan' : 'long' };
      } else {
        aggName = `approximate_count_${ofName}`;
        agg = countAggregate();
      }
      const s = summarizeNode(input, [{ name: ofName, expr: ofExpr }], [{ names: [aggName], types: [agg.type], expr: agg }], op.span);
      const key: BSortKey = { expr: { kind: 'column', name: aggName, type: agg.type }, descending: true, nullsFirst: false };
      return { kind: 'take', input: s, count: constantCount(ctx, op.count, env), keys: [key], schema: s.schema, span: op.span };
    }
    case 'SampleDistinctOperator': {
      // N distinct values of the expression (which ones is arbitrary, as in Kusto).
      const v = bindExpr(ctx, op.of, rowScope(input, env, { serialized: false }));
      const s = summarizeNode(input, [{ name: inferName(op.of) ?? 'Column1', expr: v }], [], op.span);
      return { kind: 'take', input: s, count: constantCount(ctx, op.count, env), schema: s.schema, span: op.span };
    }
    case 'PartitionOperator': {
      if (op.braced) return fail('unsupportedSyntax', ['partition with a { } scope'], op);
      for (const p of op.parameters) if (!p.name.toLowerCase().startsWith('hint.')) return fail('unsupportedParameter', [p.name, 'partition'], p);
      const key = bindExpr(ctx, op.by, rowScope(input, env));
      const context: BTabular = { kind: 'contextRows', schema: input.schema };
      const subquery = bindSubquery(ctx, op.subquery, context, env);
      return { kind: 'partition', input, key, subquery, schema: subquery.schema, span: op.span };
    }
    case 'InvokeOperator': {
      const entry = env.lookup(op.call.callee.name);
      if (!entry || entry.kind !== 'function') return fail('unknownFunction', [op.call.callee.name], op.call.callee);
      const first = entry.def.parameters[0];
      if (!first || first.type.kind !== 'TabularType') return fail('invalidArgument', [`'${op.call.callee.name}' has no tabular first parameter`], op.call);
      const inner = env.child();
      const placeholder = `__invoke_input_${++ctx.refCounter}`;
      inner.set(placeholder, { kind: 'tabular', node: input });
      const call: A.CallExpression = {
        ...op.call,
        args: [{ kind: 'NameReference', name: { kind: 'Name', name: placeholder, bracketed: false, span: op.span }, span: op.span }, ...op.call.args],
      };
      const r = expandUserFunction(ctx, entry, call, { env: inner, aggregates: false, serialized: false });
      if (r.kind !== 'tabular') return fail('expectedTabular', [], op);
      return r.node;
    }
    default: {
      const keyword = ctx.text.slice(op.span.start, op.span.end).trim().split(/[\s(]/)[0] ?? op.kind;
      return fail('unsupportedOperator', [keyword], op);
    }
  }
}

import { catalogue } from '../catalogue/index.js';

export function countAggregate(): BExpr {
  return { kind: 'aggregate', fn: catalogue.get('count')!, args: [], signature: 0, type: 'long' };
}

export { isTabularExpression };
