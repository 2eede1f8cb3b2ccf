// Binding of tabular expressions: sources (tables, `let` names, datatable, print, range, union,
// user functions) and pipes (dispatched to bind-operators.ts), plus `let` statements.

import type * as A from '../syntax/ast.js';
import type { BExpr, BRef, BTabular } from './bound.js';
import type { Column } from './types.js';
import { Env, fail, type BindContext, type Scope } from './bind-context.js';
import { bindExpr, convertTo } from './bind-expr.js';
import { expandUserFunction } from './bind-calls.js';
import { bindOperator, bindPrint, bindRange, bindUnion, bindEvaluate } from './bind-operators.js';
import { bindSearch } from './bind-search.js';
import { catalogue } from '../catalogue/index.js';

/** Expression kinds that denote scalars (anything else in tabular position is a table construct). */
const SCALAR_KINDS = new Set<string>(['Literal', 'Star', 'Binary', 'Unary', 'In', 'Between', 'Member', 'Index', 'TypeOf']);

const SOURCE_OPERATORS = new Set<string>([
  'PrintOperator', 'RangeOperator', 'UnionOperator', 'EvaluateOperator', 'SearchOperator', 'FindOperator',
]);

/** Whether an expression denotes a table (as opposed to a scalar), resolving names in `env`. */
export function isTabularExpression(ctx: BindContext, e: A.Expression, env: Env): boolean {
  switch (e.kind) {
    case 'Pipe': case 'DataTable': case 'ExternalData':
      return true;
    case 'Parenthesized':
      return isTabularExpression(ctx, e.expression, env);
    case 'NameReference': {
      const entry = env.lookup(e.name.name);
      if (entry) {
        if (entry.kind === 'tabular') return true;
        if (entry.kind === 'function') return entry.def.parameters.length === 0 && functionIsTabular(ctx, entry.def, entry.env);
        return false;
      }
      return ctx.options.schema.table(e.name.name) !== undefined;
    }
    case 'Call': {
      const n = e.callee.name;
      const entry = env.lookup(n);
      if (entry && entry.kind === 'function') return functionIsTabular(ctx, entry.def, entry.env);
      return n === 'materialize' || n === 'table' || n === 'view';
    }
    default:
      return e.kind.endsWith('Operator');
  }
}

function functionIsTabular(ctx: BindContext, def: A.FunctionDefinition, env: Env): boolean {
  const result = def.body.result;
  if (!result) return false;
  const probe = env.child();
  for (const p of def.parameters) {
    probe.set(p.name.name, p.type.kind === 'TabularType'
      ? { kind: 'tabular', node: { kind: 'singleRow', schema: [] } }
      : { kind: 'scalar', expr: { kind: 'literal', type: p.type.name, value: null } });
  }
  for (const s of def.body.statements) {
    if (s.kind === 'LetStatement') {
      if (s.value.kind === 'FunctionDefinition') probe.set(s.name.name, { kind: 'function', def: s.value, env: probe, name: s.name.name });
      else if (isTabularExpression(ctx, s.value, probe)) probe.set(s.name.name, { kind: 'tabular', node: { kind: 'singleRow', schema: [] } });
      else probe.set(s.name.name, { kind: 'scalar', expr: { kind: 'literal', type: 'dynamic', value: null } });
    }
  }
  return isTabularExpression(ctx, result, probe);
}

function tableRef(ctx: BindContext, name: string, node: A.Node, env: Env): BTabular {
  const entry = env.lookup(name);
  if (entry) {
    if (entry.kind === 'tabular') return entry.node;
    if (entry.kind === 'function' && entry.def.parameters.length === 0) {
      const r = expandUserFunction(ctx, entry, { kind: 'Call', callee: { kind: 'Name', name, bracketed: false, span: node.span }, args: [], span: node.span }, { env, aggregates: false, serialized: false });
      if (r.kind === 'tabular') return r.node;
    }
    return fail('expectedTabular', [], node);
  }
  const t = ctx.options.schema.table(name);
  if (!t) return fail('unknownTable', [name], node);
  return { kind: 'table', name: t.name, schema: t.columns.map((c) => ({ ...c })), span: node.span };
}

export function bindTabular(ctx: BindContext, e: A.Expression, env: Env): BTabular {
  switch (e.kind) {
    case 'Parenthesized':
      return bindTabular(ctx, e.expression, env);
    case 'NameReference':
      return tableRef(ctx, e.name.name, e, env);
    case 'Call': {
      const n = e.callee.name;
      const entry = env.lookup(n);
      if (entry && entry.kind === 'function') {
        const r = expandUserFunction(ctx, entry, e, { env, aggregates: false, serialized: false });
        if (r.kind === 'tabular') return r.node;
        return fail('expectedTabular', [], e);
      }
      if (n === 'materialize') {
        const a = e.args[0];
        if (!a || a.kind === 'NamedArgument' || e.args.length !== 1) return fail('wrongArgumentCount', [n, 1, e.args.length], e);
        const target = bindTabular(ctx, a, env);
        const ref: BRef = { kind: 'ref', name: `materialized_${++ctx.refCounter}`, target, materialize: true, schema: target.schema, span: e.span };
        return ref;
      }
      if (n === 'table') {
        const a = e.args[0];
        if (!a || a.kind === 'NamedArgument') return fail('wrongArgumentCount', [n, 1, e.args.length], e);
        const v = bindExpr(ctx, a, { env, aggregates: false, serialized: false });
        if (v.kind !== 'literal' || typeof v.value !== 'string') return fail('constantRequired', ['table()'], a);
        return tableRef(ctx, v.value, a, env);
      }
      if (isKnownTabularBuiltin(n)) return fail('unsupportedFunction', [n], e.callee);
      // Not a let-defined function: a workspace function (an ASIM parser such as
      // `_Im_NetworkSession(…)`) that this workspace does not define.
      if (catalogue.isKnownUnsupported(n)) return fail('unsupportedFunction', [n], e.callee);
      if (!catalogue.get(n)) return fail('unknownFunction', [n], e.callee);
      return fail('expectedTabular', [], e);
    }
    case 'Member': {
      // `arg("").Resources`, `cluster(…).database(…).T`: another service's data, by name.
      let t: A.Expression = e.target;
      while (t.kind === 'Member' || (t.kind === 'Call' && t.target)) t = t.kind === 'Member' ? t.target : t.target!;
      if (t.kind === 'Call' && isKnownTabularBuiltin(t.callee.name)) return fail('unsupportedFunction', [t.callee.name], t.callee);
      return fail('expectedTabular', [], e);
    }
    case 'DataTable':
      return bindDataTable(ctx, e, env);
    case 'Pipe': {
      const input = bindTabular(ctx, e.source, env);
      return bindOperator(ctx, e.operator, input, env);
    }
    case 'PrintOperator':
      return bindPrint(ctx, e, env);
    case 'RangeOperator':
      return bindRange(ctx, e, env);
    case 'UnionOperator':
      return bindUnion(ctx, e, undefined, env);
    case 'EvaluateOperator':
      return bindEvaluate(ctx, e, undefined, env);
    case 'SearchOperator':
      return bindSearch(ctx, e, undefined, env);
    case 'ExternalData':
      return bindExternalData(ctx, e, env);
    default:
      if (SOURCE_OPERATORS.has(e.kind) || e.kind.endsWith('Operator') || !SCALAR_KINDS.has(e.kind)) {
        // A tabular construct Vigil does not run (inline_external_table, graph operators, …): by name.
        return fail('unsupportedOperator', [ctx.text.slice(e.span.start, e.span.end).split(/[\s(]/)[0] ?? e.kind], e);
      }
      return fail('expectedTabular', [], e);
  }
}

function isKnownTabularBuiltin(n: string): boolean {
  // `arg("")`: Azure Resource Graph, queried from Log Analytics (a cross-service query).
  return n === 'cluster' || n === 'database' || n === 'arg' || n === 'external_table' || n === 'materialized_view' || n === 'stored_query_result' || n === 'view';
}

function bindDataTable(ctx: BindContext, e: A.DataTableExpression, env: Env): BTabular {
  const schema: Column[] = e.columns.map((c) => ({ name: c.name.name, type: c.type.name }));
  const n = schema.length;
  if (n === 0) return fail('invalidArgument', ['datatable needs at least one column'], e);
  if (e.values.length % n !== 0) {
    return fail('invalidArgument', [`datatable has ${e.values.length} values, not a multiple of its ${n} columns`], e);
  }
  const scope: Scope = { env, aggregates: false, serialized: false };
  const rows: BExpr[][] = [];
  for (let i = 0; i < e.values.length; i += n) {
    const row: BExpr[] = [];
    for (let j = 0; j < n; j++) {
      const v = bindExpr(ctx, e.values[i + j]!, scope);
      const t = schema[j]!.type;
      row.push(v.type === t ? v : t === 'dynamic' || v.kind !== 'literal' || v.value === null ? convertTo(v, t) : convertTo(v, t));
    }
    rows.push(row);
  }
  return { kind: 'datatable', schema, rows, span: e.span };
}

/** Binds `let` and other non-result statements into `env`. */
export function bindStatements(ctx: BindContext, statements: readonly A.Statement[], env: Env): void {
  for (const s of statements) bindStatement(ctx, s, env);
}

export function bindStatement(ctx: BindContext, s: A.Statement, env: Env): void {
  switch (s.kind) {
    case 'LetStatement': {
      const name = s.name.name;
      if (s.value.kind === 'FunctionDefinition') {
        env.set(name, { kind: 'function', def: s.value, env, name });
        return;
      }
      if (isTabularExpression(ctx, s.value, env)) {
        const target = bindTabular(ctx, s.value, env);
        const node: BTabular = target.kind === 'ref' || target.kind === 'table'
          ? target
          : { kind: 'ref', name, target, materialize: false, schema: target.schema, span: s.span };
        env.set(name, { kind: 'tabular', node });
        return;
      }
      env.set(name, { kind: 'scalar', expr: bindExpr(ctx, s.value, { env, aggregates: false, serialized: false }) });
      return;
    }
    case 'QueryParametersStatement':
      for (const p of s.parameters) {
        if (p.type.kind === 'TabularType') fail('unsupportedSyntax', ['tabular query parameters'], p);
        const supplied = ctx.options.parameters?.[p.name.name];
        if (supplied || !p.default) {
          env.set(p.name.name, { kind: 'scalar', expr: { kind: 'parameter', name: p.name.name, type: p.type.name, span: p.span } });
        } else {
          env.set(p.name.name, { kind: 'scalar', expr: convertTo(bindExpr(ctx, p.default, { env, aggregates: false, serialized: false }), p.type.name) });
        }
      }
      return;
    case 'SetStatement':
      return; // client request properties do not change results Vigil computes
    case 'ExpressionStatement':
      return;
    default:
      fail('unsupportedSyntax', [`the '${s.kind.replace('Statement', '').toLowerCase()}' statement`], s);
  }
}

const EXTERNAL_FORMATS: Record<string, 'csv' | 'tsv' | 'json' | 'txt'> = {
  csv: 'csv', tsv: 'tsv', tsve: 'tsv', json: 'json', multijson: 'json', txt: 'txt', raw: 'txt',
};

function bindExternalData(ctx: BindContext, e: A.ExternalDataExpression, env: Env): BTabular {
  const map = ctx.options.externalData;
  if (!map) return fail('unsupportedOperator', ['externaldata'], e);
  const scope: Scope = { env, aggregates: false, serialized: false };
  const paths = e.uris.map((u) => {
    const v = bindExpr(ctx, u, scope);
    if (v.kind !== 'literal' || typeof v.value !== 'string') return fail('constantRequired', ['externaldata'], u);
    const p = map(v.value);
    if (p === undefined) return fail('externalDataNotAllowed', [v.value], u);
    return p;
  });
  let format: 'csv' | 'tsv' | 'json' | 'txt' = 'csv';
  let skip = 0;
  for (const p of e.properties) {
    const name = p.name.name.toLowerCase();
    const v = bindExpr(ctx, p.value, scope);
    const value = v.kind === 'literal' ? v.value : undefined;
    if (name === 'format') {
      const f = EXTERNAL_FORMATS[String(value).toLowerCase()];
      if (!f) return fail('unsupportedParameter', [`format=${String(value)}`, 'externaldata'], p);
      format = f;
    } else if (name === 'ignorefirstrecord') {
      skip = value === true || String(value).toLowerCase() === 'true' ? 1 : 0;
    } else {
      return fail('unsupportedParameter', [p.name.name, 'externaldata'], p);
    }
  }
  const schema: Column[] = e.columns.map((c) => ({ name: c.name.name, type: c.type.name }));
  return { kind: 'externalData', paths, format, skip, schema, span: e.span };
}
