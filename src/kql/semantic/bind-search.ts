// `search`: rows of one table (after a pipe) or of several tables (`search in (T1, T2) …`, or every
// table of the workspace) that match a predicate. In the predicate, a bare string matches a term in
// any string or dynamic column (`"x*"`, `"*x"`, `"*x*"` match a term prefix, suffix or substring),
// `*` matches every row, `* has "x"` any column. Several tables give a union with `$table`.

import type * as A from '../syntax/ast.js';
import type { BExpr, BTabular } from './bound.js';
import type { Column } from './types.js';
import { columnMap, fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr, convertTo, literal, toBool } from './bind-expr.js';
import { bindTabular } from './bind-tabular.js';
import { unionOfInputs } from './bind-operators.js';
import { SemanticError } from './diagnostics.js';
import { catalogue } from '../catalogue/index.js';

function anyColumn(schema: readonly Column[], op: string, value: string): BExpr {
  const cols = schema.filter((c) => c.type === 'string' || c.type === 'dynamic');
  const tests: BExpr[] = cols.map((c) => {
    const v: BExpr = { kind: 'column', name: c.name, type: c.type };
    return { kind: 'op', op, args: [c.type === 'string' ? v : convertTo(v, 'string'), literal('string', value)], type: 'bool', operandType: 'string' };
  });
  if (tests.length === 0) return literal('bool', false);
  return tests.reduce((a, b) => ({ kind: 'op', op: 'or', args: [a, b], type: 'bool' }));
}

function termTest(schema: readonly Column[], text: string, cs: boolean): BExpr {
  const sfx = cs ? '_cs' : '';
  const lead = text.startsWith('*');
  const trail = text.endsWith('*') && text.length > 1;
  const core = text.replace(/^\*/, '').replace(/\*$/, '');
  if (lead && trail) return anyColumn(schema, `contains${sfx}`, core);
  if (trail) return anyColumn(schema, `hasprefix${sfx}`, core);
  if (lead) return anyColumn(schema, `hassuffix${sfx}`, core);
  return anyColumn(schema, `has${sfx}`, core);
}

function bindPredicate(ctx: BindContext, e: A.Expression, schema: readonly Column[], env: Env, cs: boolean): BExpr {
  switch (e.kind) {
    case 'Parenthesized':
      return bindPredicate(ctx, e.expression, schema, env, cs);
    case 'Star':
      return literal('bool', true);
    case 'Literal':
      if (e.type === 'string') return termTest(schema, e.value, cs);
      break;
    case 'Binary':
      if (e.operator === 'and' || e.operator === 'or') {
        return { kind: 'op', op: e.operator, args: [bindPredicate(ctx, e.left, schema, env, cs), bindPredicate(ctx, e.right, schema, env, cs)], type: 'bool' };
      }
      if (e.left.kind === 'Star' && e.right.kind === 'Literal' && e.right.type === 'string') {
        return anyColumn(schema, e.operator, e.right.value);
      }
      break;
    case 'Call':
      if (e.callee.name === 'not' && e.args.length === 1 && e.args[0]!.kind !== 'NamedArgument') {
        return { kind: 'call', fn: catalogue.get('not')!, args: [bindPredicate(ctx, e.args[0] as A.Expression, schema, env, cs)], signature: 0, type: 'bool' };
      }
      break;
    default:
      break;
  }
  return toBool(bindExpr(ctx, e, { env, columns: columnMap(schema), aggregates: false, serialized: false }), e);
}

/** The table a row set is read from, when it is one table (else ""). */
function sourceTable(t: BTabular): string {
  switch (t.kind) {
    case 'table': return t.name;
    case 'ref': return sourceTable(t.target);
    case 'where': case 'project': case 'sort': case 'take': case 'serialize': case 'parse': case 'mvExpand': return sourceTable(t.input);
    default: return '';
  }
}

export function bindSearch(ctx: BindContext, op: A.SearchOperator, input: BTabular | undefined, env: Env): BTabular {
  let cs = false;
  for (const p of op.parameters) {
    if (p.name.toLowerCase() !== 'kind') return fail('unsupportedParameter', [p.name, 'search'], p);
    const v = p.value.kind === 'NameReference' ? p.value.name.name : '';
    if (v !== 'case_sensitive' && v !== 'case_insensitive') return fail('unsupportedParameter', [`kind=${v}`, 'search'], p);
    cs = v === 'case_sensitive';
  }
  if (input) {
    // One input: its rows that match, with `$table` naming the table the rows come from.
    const predicate = bindPredicate(ctx, op.predicate, input.schema, env, cs);
    const where: BTabular = { kind: 'where', input, predicate, schema: input.schema, span: op.span };
    const columns = [
      { name: '$table', expr: literal('string', sourceTable(input)) },
      ...input.schema.filter((c) => c.name !== '$table').map((c) => ({ name: c.name, expr: { kind: 'column', name: c.name, type: c.type } as BExpr })),
    ];
    return { kind: 'project', input: where, columns, origin: 'search', schema: columns.map((c) => ({ name: c.name, type: c.expr.type })), span: op.span };
  }
  // Several tables: each filtered with the predicate (a table lacking a column the predicate names
  // contributes no rows), then a union with the table name in `$table`.
  const names: string[] = [];
  const inputs: BTabular[] = [];
  const tables = op.tables ?? ctx.options.schema.tableNames().map((n) => ({ kind: 'NameReference', name: { kind: 'Name', name: n, bracketed: false, span: op.span }, span: op.span }) as A.NameReference);
  for (const t of tables) {
    if (t.kind === 'WildcardName') {
      const re = new RegExp(`^${t.pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      for (const n of ctx.options.schema.tableNames().filter((x) => re.test(x)).sort()) {
        const tab = ctx.options.schema.table(n)!;
        names.push(n);
        inputs.push({ kind: 'table', name: n, schema: tab.columns.map((c) => ({ ...c })) });
      }
      continue;
    }
    const b = bindTabular(ctx, t, env);
    names.push(t.kind === 'NameReference' ? t.name.name : `union_arg${names.length}`);
    inputs.push(b);
  }
  const filtered = inputs.map((i) => {
    let predicate: BExpr;
    try {
      predicate = bindPredicate(ctx, op.predicate, i.schema, env, cs);
    } catch (err) {
      if (!(err instanceof SemanticError) || err.codeName !== 'unknownColumn') throw err;
      predicate = literal('bool', false);
    }
    return { kind: 'where', input: i, predicate, schema: i.schema } as BTabular;
  });
  return unionOfInputs(filtered, names, '$table', false, op.span);
}
