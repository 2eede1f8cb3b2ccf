// The row compiler: a parsed KQL query (the shared AST) → one JavaScript function over one record.
//
// Static types drive everything: each expression compiles to a typed JS expression (TExpr); the
// pipeline compiles to straight-line code that reads the record's columns, computes new values in
// locals, returns null where a `where` rejects the row, and builds the output row as one object
// literal. Types come from the small inference below — the seam where the shared binder's typed
// tree (branch kql-engine) takes over once it lands (see README.md).

import type * as A from '../../syntax/ast.js';
import { converter } from '../convert.js';
import { dynGet, dynIndex } from '../dynamic.js';
import { lookupFunction, ResolveError, type ArgInfo, type RuntimeServices } from '../functions/index.js';
import {
  elementKey,
  isStringPredicate,
  membershipKey,
  OperatorTypeError,
  resolveArithmetic,
  resolveComparison,
  resolveLogical,
  resolveStringPredicate,
  resolveUnaryMinus,
  type ResolvedOp,
} from '../operators.js';
import { RegexSyntaxError } from '../regex.js';
import { has } from '../strings.js';
import { DynDatetime, DynTimespan, type ColumnDecl, type Dynamic, type DynamicBag, type KqlType, type KqlValue } from '../types.js';
import { CodeGen, objectKey } from './codegen.js';
import { transformDiagnostic, type TransformDiagnostic, type TransformDiagnosticId, type TransformOrigin } from './diagnostics.js';
import { expressionName, nextColumnName } from './naming.js';
import { compileParse, type ParseKind, type ParsePart } from './parse-operator.js';
import { setOwn } from '../dynamic.js';

/** A compiled scalar expression. */
export interface TExpr {
  type: KqlType;
  /** JS expression computing the value (valid at the point where it was compiled). */
  code: string;
  /** Set when the value is known at compile time. */
  constant?: { value: KqlValue };
}

interface RowColumn {
  name: string;
  type: KqlType;
  /** JS expression reading the column's current value. */
  read: string;
}

type Binding =
  | { kind: 'scalar'; expr: TExpr }
  | { kind: 'function'; def: A.FunctionDefinition; scope: Scope; name: string }
  | { kind: 'tabular'; expr: A.Expression; scope: Scope };

class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}
  get(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }
  set(name: string, b: Binding): void {
    this.names.set(name, b);
  }
}

/** How the pipeline's rows come in. */
export type PipelineStart =
  | { kind: 'source' }
  | { kind: 'print' }
  | { kind: 'rows'; rows: Record<string, KqlValue>[] };

/** Internal: aborts compilation of the query with one diagnostic. */
class CompileFailure extends Error {
  constructor(readonly diagnostic: TransformDiagnostic) {
    super(diagnostic.message);
  }
}

const TABULAR_KINDS = new Set(['Pipe', 'DataTable', 'ExternalData', 'PrintOperator', 'RangeOperator', 'UnionOperator']);

function isTabularNode(e: A.Expression): boolean {
  return TABULAR_KINDS.has(e.kind) || e.kind.endsWith('Operator');
}

const VOLATILE = new Set(['now', 'ago']);
const MAX_EXPANSION_DEPTH = 32;

export interface CompileInput {
  text: string;
  script: A.Script;
  /** Columns of `source` (the stream declaration). */
  input: readonly ColumnDecl[];
  runtime: RuntimeServices;
  origin?: TransformOrigin;
}

export interface CompiledQuery {
  start: PipelineStart;
  columns: ColumnDecl[];
  /** The row function: `(record) → output row | null`. */
  fn: (r: Record<string, KqlValue>) => Record<string, KqlValue> | null;
  /** The query is exactly `source` (pass-through). */
  passThrough: boolean;
  source: string;
}

export class RowCompiler {
  private readonly gen = new CodeGen();
  private row: RowColumn[] = [];
  private start: PipelineStart | null = null;
  private depth = 0;

  constructor(private readonly input: CompileInput) {}

  // --- diagnostics ---------------------------------------------------------------------------

  private fail(id: TransformDiagnosticId, span: A.Span, args: string[] = []): never {
    throw new CompileFailure(transformDiagnostic(this.input.text, id, span.start, span.end, args, 'error', this.input.origin));
  }

  /** Compiles the whole script; returns the query or the diagnostic that stopped it. */
  compile(): CompiledQuery | TransformDiagnostic {
    try {
      return this.compileScript();
    } catch (e) {
      if (e instanceof CompileFailure) return e.diagnostic;
      throw e;
    }
  }

  private compileScript(): CompiledQuery {
    const scope = new Scope();
    let query: A.Expression | undefined;
    for (const st of this.input.script.statements) {
      if (st.kind === 'LetStatement') {
        if (query !== undefined) this.fail('SeveralQueries', st.span);
        this.bindLet(st, scope);
      } else if (st.kind === 'ExpressionStatement') {
        if (query !== undefined) this.fail('SeveralQueries', st.span);
        query = st.expression;
      } else {
        this.fail('UnsupportedStatement', st.span, [st.kind]);
      }
    }
    if (query === undefined) this.fail('NoQuery', { start: 0, end: this.input.text.length });
    const passThrough = query.kind === 'NameReference' && query.name.name === 'source' && scope.get('source') === undefined;
    if (isTabularNode(query) || query.kind === 'NameReference' || query.kind === 'Parenthesized') {
      if (query.kind === 'NameReference' && scope.get(query.name.name)?.kind === 'scalar') this.scalarQuery(query, scope);
      else this.tabular(query, scope);
    } else {
      this.scalarQuery(query, scope);
    }
    this.gen.emit(`return {${this.row.map((c) => `${objectKey(c.name)}: ${c.read}`).join(', ')}};`);
    return {
      start: this.start!,
      columns: this.row.map((c) => ({ name: c.name, type: c.type })),
      fn: this.gen.build(),
      passThrough,
      source: this.gen.source(),
    };
  }

  /** A bare scalar expression as a query (`binary_not(100)`): evaluated like `print`. */
  private scalarQuery(e: A.Expression, scope: Scope): void {
    this.start = { kind: 'print' };
    this.row = [];
    const v = this.expr(e, scope);
    const local = this.materialise(v);
    this.row.push({ name: 'print_0', type: v.type, read: local });
  }

  private bindLet(st: A.LetStatement, scope: Scope): void {
    const name = st.name.name;
    const value = st.value;
    if (value.kind === 'FunctionDefinition') {
      scope.set(name, { kind: 'function', def: value, scope, name });
      return;
    }
    if (isTabularNode(value) || (value.kind === 'NameReference' && this.isTableName(value.name.name, scope))) {
      scope.set(name, { kind: 'tabular', expr: value, scope });
      return;
    }
    // A scalar let: no row context. Constants fold; anything else (now()) is computed once per record.
    const saved = this.row;
    this.row = [];
    const v = this.expr(value, scope);
    this.row = saved;
    if (v.constant) scope.set(name, { kind: 'scalar', expr: v });
    else {
      const local = this.gen.local('l');
      this.gen.emit(`const ${local} = ${v.code};`);
      scope.set(name, { kind: 'scalar', expr: { type: v.type, code: local } });
    }
  }

  private isTableName(name: string, scope: Scope): boolean {
    const b = scope.get(name);
    return b ? b.kind === 'tabular' : name === 'source';
  }

  // --- tabular -------------------------------------------------------------------------------

  private tabular(e: A.Expression, scope: Scope): void {
    switch (e.kind) {
      case 'Parenthesized':
        return this.tabular(e.expression, scope);
      case 'Pipe':
        this.tabular(e.source, scope);
        return this.operator(e.operator, scope);
      case 'NameReference': {
        const b = scope.get(e.name.name);
        if (b?.kind === 'tabular') return this.tabular(b.expr, b.scope);
        if (b !== undefined || e.name.name !== 'source') this.fail('UnsupportedSource', e.span, [e.name.name]);
        this.start = { kind: 'source' };
        this.row = this.input.input.map((c) => ({ name: c.name, type: c.type, read: `r[${JSON.stringify(c.name)}]` }));
        return;
      }
      case 'PrintOperator':
        this.start = { kind: 'print' };
        this.row = [];
        this.project(e.items, scope, 'print');
        return;
      case 'DataTable':
        return this.datatable(e, scope);
      default:
        this.fail('UnsupportedSource', e.span, [e.kind.replace(/Operator$/, '').toLowerCase()]);
    }
  }

  private datatable(e: A.DataTableExpression, scope: Scope): void {
    const cols = e.columns.map((c) => ({ name: c.name.name, type: c.type.name as KqlType }));
    if (cols.length === 0 || e.values.length % cols.length !== 0) this.fail('ArgumentTypes', e.span, ['datatable: the number of values is not a multiple of the number of columns']);
    const rows: Record<string, KqlValue>[] = [];
    const saved = this.row;
    this.row = [];
    for (let i = 0; i < e.values.length; i += cols.length) {
      const rec: Record<string, KqlValue> = {};
      cols.forEach((c, j) => {
        const v = this.expr(e.values[i + j], scope);
        if (!v.constant) this.fail('ConstantRequired', e.values[i + j].span, ['A datatable value']);
        const conv = v.type === c.type ? (x: KqlValue) => x : converter(v.type, c.type);
        rec[c.name] = conv(v.constant.value);
      });
      rows.push(rec);
    }
    this.row = saved;
    this.start = { kind: 'rows', rows };
    this.row = cols.map((c) => ({ name: c.name, type: c.type, read: `r[${JSON.stringify(c.name)}]` }));
  }

  private operator(op: A.QueryOperator, scope: Scope): void {
    switch (op.kind) {
      case 'WhereOperator': {
        const p = this.expr(op.predicate, scope);
        let code = p.code;
        if (p.type === 'dynamic') code = `${this.gen.helper(converter('dynamic', 'bool'))}(${code})`;
        else if (p.type !== 'bool') this.fail('PredicateType', op.predicate.span, [p.type]);
        if (p.constant) {
          if (p.constant.value !== true) this.gen.emit('return null;');
          return;
        }
        this.gen.emit(`if (${code} !== true) return null;`);
        return;
      }
      case 'ExtendOperator':
        return this.extend(op.items, scope);
      case 'ProjectOperator':
        return this.project(op.items, scope, 'project');
      case 'ProjectAwayOperator': {
        const remove = new Set<string>();
        for (const c of op.columns) {
          if (c.kind === 'Name') {
            if (!this.column(c.name)) this.fail('UnknownColumn', c.span, [c.name]);
            remove.add(c.name);
          } else {
            const re = new RegExp('^' + c.pattern.split('*').map((s) => s.replace(/[\\^$.+?()[\]{}|]/g, '\\$&')).join('.*') + '$');
            for (const col of this.row) if (re.test(col.name)) remove.add(col.name);
          }
        }
        this.row = this.row.filter((c) => !remove.has(c.name));
        return;
      }
      case 'ProjectRenameOperator': {
        const renamed = this.row.map((c) => ({ ...c }));
        for (const r of op.renames) {
          const col = renamed.find((c) => c.name === r.oldName.name);
          if (!col) this.fail('UnknownColumn', r.oldName.span, [r.oldName.name]);
          col.name = r.newName.name;
        }
        this.row = renamed;
        return;
      }
      case 'ParseOperator':
        return this.parse(op, scope);
      default:
        this.fail('UnsupportedOperator', op.span, [op.kind]);
    }
  }

  private column(name: string): RowColumn | undefined {
    for (let i = this.row.length - 1; i >= 0; i--) if (this.row[i].name === name) return this.row[i];
    return undefined;
  }

  /** Evaluates the items against the current row, then applies them (items do not see each other). */
  private extend(items: A.ProjectionItem[], scope: Scope): void {
    const results: RowColumn[] = [];
    for (const item of items) {
      const [name, value] = this.namedItem(item, (n) => this.row.some((c) => c.name === n) || results.some((c) => c.name === n));
      const v = this.expr(value, scope);
      results.push({ name, type: v.type, read: this.materialise(v) });
    }
    const next = this.row.slice();
    for (const r of results) {
      const i = next.findIndex((c) => c.name === r.name);
      if (i >= 0) next[i] = r; // replacing a column keeps its position (S14, as the analyzer does)
      else next.push(r);
    }
    this.row = next;
  }

  private project(items: A.ProjectionItem[], scope: Scope, mode: 'project' | 'print'): void {
    const results: RowColumn[] = [];
    items.forEach((item, index) => {
      let name: string;
      let value: A.Expression;
      if (item.kind === 'Assignment') {
        if (item.names.length !== 1) this.fail('UnsupportedExpression', item.span, ['with tuple assignment']);
        name = item.names[0].name;
        value = item.value;
      } else if (mode === 'print') {
        name = `print_${index}`;
        value = item;
      } else {
        value = item;
        name = expressionName(item) ?? nextColumnName((n) => results.some((c) => c.name === n));
      }
      const v = this.expr(value, scope);
      if (results.some((c) => c.name === name)) this.fail('DuplicateColumn', item.span, [name]);
      results.push({ name, type: v.type, read: this.materialise(v) });
    });
    this.row = results;
  }

  private namedItem(item: A.ProjectionItem, taken: (n: string) => boolean): [string, A.Expression] {
    if (item.kind === 'Assignment') {
      if (item.names.length !== 1) this.fail('UnsupportedExpression', item.span, ['with tuple assignment']);
      return [item.names[0].name, item.value];
    }
    return [expressionName(item) ?? nextColumnName(taken), item];
  }

  /** Stores a computed value in a local (so later reads do not recompute it); constants stay inline. */
  private materialise(v: TExpr): string {
    if (v.constant) return v.code;
    if (/^(?:[a-z]\d+|r\[[^\]]+\])$/.test(v.code)) return v.code;
    const local = this.gen.local();
    this.gen.emit(`const ${local} = ${v.code};`);
    return local;
  }

  private parse(op: A.ParseOperator, scope: Scope): void {
    const kind = (op.parseKind ?? 'simple').toLowerCase();
    if (kind !== 'simple' && kind !== 'regex' && kind !== 'relaxed') this.fail('ArgumentTypes', op.span, [`parse: unknown kind '${kind}'`]);
    const src = this.expr(op.source, scope);
    const text = src.type === 'string' ? src.code : `${this.gen.helper(converter(src.type, 'string'))}(${src.code})`;
    const parts: ParsePart[] = [];
    for (const p of op.pattern) {
      if (p.kind === 'Star') parts.push({ kind: 'star' });
      else if (p.kind === 'Literal') parts.push({ kind: 'text', text: p.value });
      else if (p.kind === 'ParseColumn') parts.push({ kind: 'column', name: p.name.name, type: 'string' });
      else if (p.kind === 'ColumnDeclaration') parts.push({ kind: 'column', name: p.name.name, type: p.type.name as KqlType });
      else this.fail('UnsupportedExpression', p.span, ['in a parse pattern']);
    }
    let matcher: (text: string) => KqlValue[] | null;
    try {
      matcher = compileParse(parts, kind as ParseKind, op.flags ?? '');
    } catch (e) {
      if (e instanceof RegexSyntaxError) this.fail('InvalidRegex', op.span, [e.message]);
      throw e;
    }
    const m = this.gen.local('p');
    this.gen.emit(`const ${m} = ${this.gen.helper(matcher)}(${text});`);
    const cols = parts.filter((p): p is Extract<ParsePart, { kind: 'column' }> => p.kind === 'column');
    if (op.keyword === 'parse-where') this.gen.emit(`if (${m} === null) return null;`);
    const next = this.row.slice();
    cols.forEach((c, i) => {
      const local = this.gen.local();
      this.gen.emit(`const ${local} = ${m} === null ? ${c.type === 'string' ? '""' : 'null'} : ${m}[${i}];`);
      const col = { name: c.name, type: c.type, read: local };
      const at = next.findIndex((x) => x.name === c.name);
      if (at >= 0) next[at] = col;
      else next.push(col);
    });
    this.row = next;
  }

  // --- scalar expressions --------------------------------------------------------------------

  expr(e: A.Expression, scope: Scope): TExpr {
    switch (e.kind) {
      case 'Literal':
        return this.literal(e);
      case 'Parenthesized':
        return this.expr(e.expression, scope);
      case 'NameReference':
        return this.nameRef(e, scope);
      case 'Unary': {
        const v = this.expr(e.operand, scope);
        if (e.operator === '+') return v;
        return this.applyOp(this.resolveOr(e, () => resolveUnaryMinus(v.type)), [v]);
      }
      case 'Binary':
        return this.binary(e, scope);
      case 'In':
        return this.inExpr(e, scope);
      case 'Between':
        return this.between(e, scope);
      case 'Call':
        return this.call(e, scope);
      case 'Member': {
        const t = this.expr(e.target, scope);
        if (t.type !== 'dynamic') this.fail('MemberOfNonDynamic', e.target.span, [this.input.text.slice(e.target.span.start, e.target.span.end), t.type]);
        return this.applyFn('dynamic', (d: Dynamic) => dynGet(d, e.member.name), [t]);
      }
      case 'Index': {
        const t = this.expr(e.target, scope);
        if (t.type !== 'dynamic') this.fail('MemberOfNonDynamic', e.target.span, [this.input.text.slice(e.target.span.start, e.target.span.end), t.type]);
        const i = this.expr(e.index, scope);
        if (i.type === 'string') return this.applyFn('dynamic', (d: Dynamic, k: string) => dynGet(d, k), [t, i]);
        if (i.type === 'int' || i.type === 'long') return this.applyFn('dynamic', (d: Dynamic, k: number | null) => (k === null ? null : dynIndex(d, k)), [t, i]);
        if (i.type === 'dynamic') {
          return this.applyFn('dynamic', (d: Dynamic, k: Dynamic) => (typeof k === 'string' ? dynGet(d, k) : typeof k === 'number' ? dynIndex(d, k) : null), [t, i]);
        }
        return this.fail('OperatorTypes', e.index.span, [`An index must be a string or an integer; it is ${i.type}.`]);
      }
      case 'TypeOf':
        return this.fail('UnsupportedExpression', e.span, ['typeof() outside a function argument']);
      default:
        if (isTabularNode(e)) this.fail('NotScalar', e.span, [this.input.text.slice(e.span.start, Math.min(e.span.end, e.span.start + 40))]);
        return this.fail('UnsupportedExpression', e.span, [e.kind]);
    }
  }

  private literal(e: A.Literal): TExpr {
    let value: KqlValue;
    let type: KqlType = e.type;
    switch (e.type) {
      case 'long':
        value = e.value === null ? null : Number(e.value);
        break;
      case 'decimal':
        value = e.value === null ? null : Number(e.value);
        break;
      case 'dynamic':
        value = dynamicLiteral(e.value);
        type = 'dynamic';
        break;
      default:
        value = e.value as KqlValue;
    }
    return this.constantExpr(type, value);
  }

  private constantExpr(type: KqlType, value: KqlValue): TExpr {
    return { type, code: this.gen.constant(value), constant: { value } };
  }

  private nameRef(e: A.NameReference, scope: Scope): TExpr {
    const name = e.name.name;
    const col = this.column(name);
    if (col) return { type: col.type, code: col.read };
    const b = scope.get(name);
    if (b?.kind === 'scalar') return b.expr;
    if (b?.kind === 'tabular' || (b === undefined && name === 'source')) this.fail('NotScalar', e.span, [name]);
    if (b?.kind === 'function') this.fail('NotScalar', e.span, [name]);
    return this.fail('UnknownName', e.span, [name]);
  }

  private resolveOr(e: A.Expression, f: () => ResolvedOp): ResolvedOp {
    try {
      return f();
    } catch (err) {
      if (err instanceof OperatorTypeError) this.fail('OperatorTypes', e.span, [err.message]);
      if (err instanceof RegexSyntaxError) this.fail('InvalidRegex', e.span, [err.message]);
      throw err;
    }
  }

  /** Emits (or folds) a call of an operator implementation on compiled operands. */
  private applyOp(op: ResolvedOp, args: TExpr[], volatile = false): TExpr {
    if (!volatile && args.every((a) => a.constant)) {
      return this.constantExpr(op.type, op.impl(...(args.map((a) => a.constant!.value) as [KqlValue, KqlValue])));
    }
    if (op.inline && args.length === 2) return { type: op.type, code: op.inline.replace('$a', args[0].code).replace('$b', args[1].code) };
    return { type: op.type, code: `${this.gen.helper(op.impl)}(${args.map((a) => a.code).join(', ')})` };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private applyFn(type: KqlType, impl: (...a: any[]) => KqlValue, args: TExpr[], volatile = false): TExpr {
    return this.applyOp({ type, impl }, args, volatile);
  }

  private binary(e: A.BinaryExpression, scope: Scope): TExpr {
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope);
    const op = e.operator;
    const resolved = this.resolveOr(e, () => {
      if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') return resolveArithmetic(op, l.type, r.type);
      if (op === 'and' || op === 'or') return resolveLogical(op, l.type, r.type);
      if (['==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~'].includes(op)) return resolveComparison(op, l.type, r.type);
      if (isStringPredicate(op)) {
        const constRight = r.constant && r.type === 'string' ? (r.constant.value as string) : undefined;
        return resolveStringPredicate(op, l.type, r.type, constRight);
      }
      throw new OperatorTypeError(`The operator '${op}' is not supported by the row evaluator.`);
    });
    if (isStringPredicate(op) && r.constant && r.type === 'string' && !l.constant) {
      // The right-hand side is folded into the implementation.
      return { type: 'bool', code: `${this.gen.helper(resolved.impl)}(${l.code})` };
    }
    return this.applyOp(resolved, [l, r]);
  }

  private inExpr(e: A.InExpression, scope: Scope): TExpr {
    const left = this.expr(e.left, scope);
    const items = e.items.map((i) => {
      if (isTabularNode(i) || (i.kind === 'NameReference' && this.isTableName(i.name.name, scope))) {
        this.fail('UnsupportedExpression', i.span, ['a tabular expression in an in-list']);
      }
      return this.expr(i, scope);
    });
    const op = e.operator;
    if (op === 'has_any' || op === 'has_all') {
      const lstr = converter(left.type, 'string');
      const needles = (vals: KqlValue[], types: KqlType[]): string[] =>
        vals.flatMap((v, i) => (types[i] === 'dynamic' && Array.isArray(v) ? (v as Dynamic[]).map((x) => converter('dynamic', 'string')(x) as string) : [converter(types[i], 'string')(v) as string]));
      const all = op === 'has_all';
      const test = (hay: string, ns: string[]) => (all ? ns.every((n) => has(hay, n)) : ns.some((n) => has(hay, n)));
      if (items.every((i) => i.constant)) {
        const ns = needles(items.map((i) => i.constant!.value), items.map((i) => i.type));
        return this.applyFn('bool', (v: KqlValue) => test(lstr(v) as string, ns), [left]);
      }
      const types = items.map((i) => i.type);
      return this.applyFn('bool', (v: KqlValue, ...vals: KqlValue[]) => test(lstr(v) as string, needles(vals, types)), [left, ...items]);
    }
    const ci = op === 'in~' || op === '!in~';
    const neg = op.startsWith('!');
    const lkey = membershipKey(left.type, ci);
    const keysOf = (vals: KqlValue[], types: KqlType[]): KqlValue[] => {
      const out: KqlValue[] = [];
      vals.forEach((v, i) => {
        if (types[i] === 'dynamic' && Array.isArray(v)) {
          const k = elementKey(left.type, 'dynamic', ci);
          for (const x of v as Dynamic[]) out.push(k(x));
        } else out.push(elementKey(left.type, types[i], ci)(v));
      });
      return out;
    };
    if (items.every((i) => i.constant)) {
      const set = new Set(keysOf(items.map((i) => i.constant!.value), items.map((i) => i.type)));
      return this.applyFn('bool', (v: KqlValue) => (v === null ? neg : set.has(lkey(v)) !== neg), [left]);
    }
    const types = items.map((i) => i.type);
    return this.applyFn('bool', (v: KqlValue, ...vals: KqlValue[]) => (v === null ? neg : keysOf(vals, types).includes(lkey(v)) !== neg), [left, ...items]);
  }

  private between(e: A.BetweenExpression, scope: Scope): TExpr {
    const v = this.expr(e.left, scope);
    const lo = this.expr(e.low, scope);
    let hi = this.expr(e.high, scope);
    if (v.type === 'datetime' && lo.type === 'datetime' && hi.type === 'timespan') {
      hi = this.applyOp(this.resolveOr(e, () => resolveArithmetic('+', 'datetime', 'timespan')), [lo, hi]);
    }
    const ge = this.resolveOr(e, () => resolveComparison('>=', v.type, lo.type));
    const le = this.resolveOr(e, () => resolveComparison('<=', v.type, hi.type));
    const neg = e.negated;
    return this.applyFn(
      'bool',
      (x: KqlValue, a: KqlValue, b: KqlValue) => {
        const r1 = ge.impl(x, a);
        const r2 = le.impl(x, b);
        if (r1 === null || r2 === null) return null;
        return (r1 === true && r2 === true) !== neg;
      },
      [v, lo, hi],
    );
  }

  private call(e: A.CallExpression, scope: Scope): TExpr {
    const name = e.callee.name;
    const args = e.args.map((a) => {
      if (a.kind === 'NamedArgument') this.fail('UnsupportedExpression', a.span, ['with a named argument']);
      return a as A.Expression;
    });
    if (name === 'columnifexists' || name === 'column_ifexists') return this.columnIfExists(e, args, scope);
    const b = scope.get(name);
    if (b?.kind === 'function') return this.expandUserFunction(e, b, args, scope);
    if (name === 'iif' || name === 'iff') return this.conditional(e, args, scope);
    if (name === 'case') return this.caseExpr(e, args, scope);
    if (name === 'not') {
      if (args.length !== 1) this.fail('ArgumentCount', e.span, ['not', '1', String(args.length)]);
      const v = this.expr(args[0], scope);
      const tb = v.type === 'bool' ? (x: KqlValue) => x : v.type === 'dynamic' ? converter('dynamic', 'bool') : null;
      if (tb === null) this.fail('ArgumentTypes', e.span, [`not(): expects a bool; got ${v.type}`]);
      return this.applyFn('bool', (x: KqlValue) => { const t = tb(x); return t === null ? null : !t; }, [v]);
    }
    const def = lookupFunction(name);
    if (!def) return this.fail('UnknownFunction', e.callee.span, [name]);
    if (args.length < def.minArgs || args.length > def.maxArgs) {
      const range = def.minArgs === def.maxArgs ? String(def.minArgs) : `${def.minArgs}..${def.maxArgs}`;
      this.fail('ArgumentCount', e.span, [name, range, String(args.length)]);
    }
    const compiled: TExpr[] = [];
    const infos: ArgInfo[] = args.map((a) => {
      if (a.kind === 'TypeOf') {
        const t = a.type.name as KqlType;
        compiled.push({ type: 'string', code: 'null', constant: { value: null } });
        return { type: 'string', constant: true, value: null, typeRef: t };
      }
      const c = this.expr(a, scope);
      compiled.push(c);
      return c.constant ? { type: c.type, constant: true, value: c.constant.value } : { type: c.type, constant: false };
    });
    const resolved = def.resolve(infos, this.input.runtime);
    if (resolved instanceof ResolveError) {
      if (name === 'geo_location') this.fail('GeoLocationUnavailable', e.callee.span, [resolved.message]);
      const at = resolved.argIndex !== undefined ? args[resolved.argIndex].span : e.span;
      return this.fail('ArgumentTypes', at, [resolved.message]);
    }
    return this.applyOp({ type: resolved.type, impl: resolved.impl }, compiled, VOLATILE.has(name));
  }

  private columnIfExists(e: A.CallExpression, args: A.Expression[], scope: Scope): TExpr {
    if (args.length !== 2) this.fail('ArgumentCount', e.span, [e.callee.name, '2', String(args.length)]);
    const n = args[0];
    if (n.kind !== 'Literal' || n.type !== 'string') this.fail('ConstantRequired', n.span, ['The column name of columnifexists()']);
    const col = this.column(n.value as string);
    if (col) return { type: col.type, code: col.read };
    return this.expr(args[1], scope);
  }

  /** iif/iff: only the chosen branch is evaluated. */
  private conditional(e: A.CallExpression, args: A.Expression[], scope: Scope): TExpr {
    if (args.length !== 3) this.fail('ArgumentCount', e.span, [e.callee.name, '3', String(args.length)]);
    const def = lookupFunction('iif')!;
    const c = this.expr(args[0], scope);
    const a = this.expr(args[1], scope);
    const b = this.expr(args[2], scope);
    const r = def.resolve([c, a, b].map((x) => ({ type: x.type, constant: false })), this.input.runtime);
    if (r instanceof ResolveError) return this.fail('ArgumentTypes', e.span, [r.message]);
    if (c.constant) return c.constant.value === true ? this.convertTo(a, r.type) : this.convertTo(b, r.type);
    const ca = this.convertTo(a, r.type);
    const cb = this.convertTo(b, r.type);
    return { type: r.type, code: `(${c.code} === true ? ${ca.code} : ${cb.code})` };
  }

  private caseExpr(e: A.CallExpression, args: A.Expression[], scope: Scope): TExpr {
    const def = lookupFunction('case')!;
    const compiled = args.map((a) => this.expr(a, scope));
    const r = def.resolve(compiled.map((x) => ({ type: x.type, constant: false })), this.input.runtime);
    if (r instanceof ResolveError) return this.fail('ArgumentTypes', e.span, [r.message]);
    let code = this.convertTo(compiled[compiled.length - 1], r.type).code;
    for (let i = compiled.length - 3; i >= 0; i -= 2) {
      code = `(${compiled[i].code} === true ? ${this.convertTo(compiled[i + 1], r.type).code} : ${code})`;
    }
    return { type: r.type, code };
  }

  private convertTo(v: TExpr, t: KqlType): TExpr {
    if (v.type === t) return v;
    if ((t === 'long' || t === 'real') && (v.type === 'int' || v.type === 'long')) return { ...v, type: t };
    return this.applyFn(t, converter(v.type, t), [v]);
  }

  private expandUserFunction(e: A.CallExpression, b: Extract<Binding, { kind: 'function' }>, args: A.Expression[], scope: Scope): TExpr {
    const params = b.def.parameters;
    const required = params.filter((p) => p.default === undefined).length;
    if (args.length < required || args.length > params.length) {
      this.fail('ArgumentCount', e.span, [b.name, required === params.length ? String(required) : `${required}..${params.length}`, String(args.length)]);
    }
    if (++this.depth > MAX_EXPANSION_DEPTH) this.fail('RecursionLimit', e.callee.span, [b.name]);
    try {
      const inner = new Scope(b.scope);
      params.forEach((p, i) => {
        if (p.type.kind !== 'ScalarType') this.fail('TabularParameter', p.span, [p.name.name]);
        const a = i < args.length ? this.expr(args[i], scope) : this.expr(p.default!, b.scope);
        const v = this.convertTo(a, p.type.name as KqlType);
        if (v.constant) inner.set(p.name.name, { kind: 'scalar', expr: v });
        else {
          const local = this.gen.local('a');
          this.gen.emit(`const ${local} = ${v.code};`);
          inner.set(p.name.name, { kind: 'scalar', expr: { type: v.type, code: local } });
        }
      });
      // The body sees its parameters and the enclosing lets, not the caller's row.
      const savedRow = this.row;
      this.row = [];
      try {
        for (const st of b.def.body.statements) {
          if (st.kind === 'LetStatement') this.bindLet(st, inner);
          else this.fail('UnsupportedStatement', st.span, [st.kind]);
        }
        if (!b.def.body.result) this.fail('NoQuery', b.def.span);
        return this.expr(b.def.body.result, inner);
      } finally {
        this.row = savedRow;
      }
    } finally {
      this.depth--;
    }
  }
}

/** The value of a `dynamic(…)` literal. */
export function dynamicLiteral(v: A.DynamicValue): Dynamic {
  switch (v.kind) {
    case 'DynamicNull':
      return null;
    case 'DynamicArray':
      return v.items.map(dynamicLiteral);
    case 'DynamicBag': {
      const bag: DynamicBag = {};
      for (const p of v.properties) setOwn(bag, p.key, dynamicLiteral(p.value));
      return bag;
    }
    default:
      switch (v.type) {
        case 'long':
          return v.value === null ? null : Number(v.value);
        case 'decimal':
          return v.value === null ? null : Number(v.value);
        case 'datetime':
          return v.value === null ? null : new DynDatetime(v.value);
        case 'timespan':
          return v.value === null ? null : new DynTimespan(v.value);
        default:
          return v.value as Dynamic;
      }
  }
}
