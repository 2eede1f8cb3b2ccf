// The row compiler over the binder's typed tree (src/kql/semantic/bound.ts): one semantic rule set
// (types, implicit conversions, naming, S15) shared with the SQL engine; this file only decides how
// each bound node runs in JavaScript.
//
// The generated code reads the record's columns, keeps computed values in locals, returns null
// where a `where` rejects the row, and builds the output row as one object literal. Constant
// sub-expressions fold at compile time; `iif`/`case` evaluate only the chosen branch; string
// predicates with a constant right-hand side fold the needle once.
//
// `parse` is compiled from the AST operator (found by its span) with the runtime's parse semantics
// (parse-operator.ts): the bound node's regular expression does not carry the per-kind rules
// (relaxed conversions, greedy columns in regex mode) that the documented outputs show.

import type * as A from '../../syntax/ast.js';
import type { BExpr, BoundQuery, BTabular, ScalarValue } from '../../semantic/bound.js';
import { converter } from '../convert.js';
import { dynGet, dynIndex, typeJson } from '../dynamic.js';
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
import type { ColumnDecl, Dynamic, KqlType, KqlValue } from '../types.js';
import { CodeGen, objectKey } from './codegen.js';
import { transformDiagnostic, type TransformDiagnostic, type TransformDiagnosticId, type TransformOrigin } from './diagnostics.js';
import { compileParse, type ParseKind, type ParsePart } from './parse-operator.js';

/** A compiled scalar expression: its type, the JS computing it, and its value when constant. */
export interface TExpr {
  type: KqlType;
  code: string;
  constant?: { value: KqlValue };
}

interface RowColumn {
  name: string;
  type: KqlType;
  read: string;
}

export type PipelineStart =
  | { kind: 'source' }
  | { kind: 'print' }
  | { kind: 'rows'; rows: Record<string, KqlValue>[] };

export interface CompiledQuery {
  start: PipelineStart;
  columns: ColumnDecl[];
  fn: (r: Record<string, KqlValue>) => Record<string, KqlValue> | null;
  /** The query is exactly the input table (pass-through). */
  passThrough: boolean;
  source: string;
}

class CompileFailure extends Error {
  constructor(readonly diagnostic: TransformDiagnostic) {
    super(diagnostic.message);
  }
}

export interface BoundCompileInput {
  text: string;
  script: A.Script;
  query: BoundQuery;
  /** Name of the table that is the record stream (`source`). */
  sourceTable: string;
  runtime: RuntimeServices;
  origin?: TransformOrigin;
}

/** Literal values in the bound tree use the AST encodings (long bigint, decimal text, dynamic JSON). */
function runtimeValue(type: KqlType, v: ScalarValue): KqlValue {
  if (v === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'long':
    case 'int':
    case 'real':
      return typeof v === 'bigint' ? Number(v) : (v as number);
    case 'decimal':
      return Number(v);
    case 'dynamic':
      // JSON-compatible value; datetimes in dynamic literals arrive as ISO text and are typed again.
      return typeJson(v);
    default:
      return v as KqlValue;
  }
}

export class BoundRowCompiler {
  private readonly gen = new CodeGen();
  private start: PipelineStart | null = null;
  private readonly parseOps = new Map<string, A.ParseOperator>();

  constructor(private readonly input: BoundCompileInput) {
    const visit = (n: unknown): void => {
      if (n === null || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(visit);
      const node = n as { kind?: string; span?: A.Span };
      if (node.kind === 'ParseOperator' && node.span) this.parseOps.set(`${node.span.start}:${node.span.end}`, n as A.ParseOperator);
      for (const [k, v] of Object.entries(n)) if (k !== 'span') visit(v);
    };
    visit(input.script);
  }

  private fail(id: TransformDiagnosticId, span: A.Span | undefined, args: string[] = []): never {
    const s = span ?? { start: 0, end: this.input.text.length };
    throw new CompileFailure(transformDiagnostic(this.input.text, id, s.start, s.end, args, 'error', this.input.origin));
  }

  compile(): CompiledQuery | TransformDiagnostic {
    try {
      const root = this.input.query.root;
      const row = this.tabular(root);
      this.gen.emit(`return {${row.map((c) => `${objectKey(c.name)}: ${c.read}`).join(', ')}};`);
      const passThrough = root.kind === 'table' || (root.kind === 'ref' && root.target.kind === 'table');
      return { start: this.start!, columns: row.map((c) => ({ name: c.name, type: c.type })), fn: this.gen.build(), passThrough, source: this.gen.source() };
    } catch (e) {
      if (e instanceof CompileFailure) return e.diagnostic;
      throw e;
    }
  }

  // --- tabular -------------------------------------------------------------------------------

  private tabular(t: BTabular): RowColumn[] {
    switch (t.kind) {
      case 'table':
        if (t.name !== this.input.sourceTable) this.fail('UnsupportedSource', t.span, [t.name]);
        this.start = { kind: 'source' };
        return t.schema.map((c) => ({ name: c.name, type: c.type, read: `r[${JSON.stringify(c.name)}]` }));
      case 'singleRow':
        this.start = { kind: 'print' };
        return [];
      case 'datatable': {
        const rows = t.rows.map((row) => {
          const rec: Record<string, KqlValue> = {};
          row.forEach((e, j) => {
            const v = this.expr(e, []);
            if (!v.constant) this.fail('ConstantRequired', e.span, ['A datatable value']);
            rec[t.schema[j].name] = v.constant.value;
          });
          return rec;
        });
        this.start = { kind: 'rows', rows };
        return t.schema.map((c) => ({ name: c.name, type: c.type, read: `r[${JSON.stringify(c.name)}]` }));
      }
      case 'ref':
        return this.tabular(t.target);
      case 'where': {
        const row = this.tabular(t.input);
        const p = this.expr(t.predicate, row);
        if (p.constant) {
          if (p.constant.value !== true) this.gen.emit('return null;');
        } else {
          this.gen.emit(`if (${p.code} !== true) return null;`);
        }
        return row;
      }
      case 'project': {
        const row = this.tabular(t.input);
        // Every output column is computed from the input row (items do not see each other).
        return t.columns.map((c) => {
          const v = this.expr(c.expr, row);
          return { name: c.name, type: v.type, read: this.materialise(v) };
        });
      }
      case 'parse':
        return this.parse(t);
      default:
        return this.fail('UnsupportedOperator', t.span, [t.kind]);
    }
  }

  private materialise(v: TExpr): string {
    if (v.constant) return v.code;
    if (/^(?:[a-z]\d+|r\[[^\]]+\])$/.test(v.code)) return v.code;
    const local = this.gen.local();
    this.gen.emit(`const ${local} = ${v.code};`);
    return local;
  }

  private parse(t: Extract<BTabular, { kind: 'parse' }>): RowColumn[] {
    const row = this.tabular(t.input);
    const op = t.span ? this.parseOps.get(`${t.span.start}:${t.span.end}`) : undefined;
    if (!op) return this.fail('UnsupportedExpression', t.span, ['parse (its pattern was not found)']);
    const src = this.expr(t.source, row);
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
      matcher = compileParse(parts, (op.parseKind ?? 'simple').toLowerCase() as ParseKind, op.flags ?? '');
    } catch (e) {
      if (e instanceof RegexSyntaxError) this.fail('InvalidRegex', op.span, [e.message]);
      throw e;
    }
    const m = this.gen.local('p');
    this.gen.emit(`const ${m} = ${this.gen.helper(matcher)}(${text});`);
    if (t.where) this.gen.emit(`if (${m} === null) return null;`);
    const cols = parts.filter((p): p is Extract<ParsePart, { kind: 'column' }> => p.kind === 'column');
    const next = row.slice();
    cols.forEach((c, i) => {
      const local = this.gen.local();
      this.gen.emit(`const ${local} = ${m} === null ? ${c.type === 'string' ? '""' : 'null'} : ${m}[${i}];`);
      const col = { name: c.name, type: c.type, read: local };
      const at = next.findIndex((x) => x.name === c.name);
      if (at >= 0) next[at] = col;
      else next.push(col);
    });
    return next;
  }

  // --- scalar expressions --------------------------------------------------------------------

  private expr(e: BExpr, row: RowColumn[]): TExpr {
    switch (e.kind) {
      case 'literal': {
        const value = runtimeValue(e.type, e.value);
        return { type: e.type, code: this.gen.constant(value), constant: { value } };
      }
      case 'column': {
        for (let i = row.length - 1; i >= 0; i--) if (row[i].name === e.name) return { type: row[i].type, code: row[i].read };
        return this.fail('UnknownColumn', e.span, [e.name]);
      }
      case 'convert':
        return this.convert(this.expr(e.expr, row), e.type);
      case 'op':
        return this.op(e, row);
      case 'call':
        return this.call(e, row);
      case 'case':
        return this.caseExpr(e, row);
      case 'member': {
        const t = this.expr(e.target, row);
        return this.memberAccess(t, e.key);
      }
      case 'index': {
        const t = this.expr(e.target, row);
        const i = this.expr(e.index, row);
        if (i.constant && typeof i.constant.value === 'string') return this.memberAccess(t, i.constant.value);
        if (i.type === 'string') return this.apply({ type: 'dynamic', impl: (d: Dynamic, k: string) => dynGet(d, k) }, [t, i]);
        if (i.type === 'int' || i.type === 'long') return this.apply({ type: 'dynamic', impl: (d: Dynamic, k: number | null) => (k === null ? null : dynIndex(d, k)) }, [t, i]);
        return this.apply({ type: 'dynamic', impl: (d: Dynamic, k: Dynamic) => (typeof k === 'string' ? dynGet(d, k) : typeof k === 'number' ? dynIndex(d, k) : null) }, [t, i]);
      }
      default:
        return this.fail('UnsupportedExpression', e.span, [e.kind]);
    }
  }

  /**
   * `d.key` with a constant key. Inlined with the key as a literal, so each access site gets its own
   * inline cache (a generic dynGet(d, key) call is megamorphic across the shapes of a record). Keys
   * that exist on Object.prototype or on the datetime/timespan boxes go through dynGet, which checks
   * own properties.
   */
  private memberAccess(t: TExpr, key: string): TExpr {
    if (t.constant || key in Object.prototype || key === 'ticks' || key === 'toJSON') {
      return this.apply({ type: 'dynamic', impl: (d: Dynamic) => dynGet(d, key) }, [t]);
    }
    const v = this.gen.temp();
    const k = JSON.stringify(key);
    return {
      type: 'dynamic',
      code: `((${v} = ${t.code}) !== null && typeof ${v} === 'object' && !Array.isArray(${v}) ? (${v}[${k}] ?? null) : null)`,
    };
  }

  private convert(v: TExpr, to: KqlType): TExpr {
    if (v.type === to) return v;
    if ((to === 'long' || to === 'real') && (v.type === 'int' || v.type === 'long')) return { ...v, type: to };
    if (to === 'real' && v.type === 'decimal') return { ...v, type: to };
    return this.apply({ type: to, impl: converter(v.type, to) }, [v]);
  }

  /** Emits (or folds) a call of an implementation on compiled operands. */
  private apply(op: ResolvedOp, args: TExpr[], volatile = false): TExpr {
    if (!volatile && args.every((a) => a.constant)) {
      const value = op.impl(...(args.map((a) => a.constant!.value) as [KqlValue, KqlValue]));
      return { type: op.type, code: this.gen.constant(value), constant: { value } };
    }
    if (op.inline && args.length === 2) return { type: op.type, code: op.inline.replace('$a', args[0].code).replace('$b', args[1].code) };
    return { type: op.type, code: `${this.gen.helper(op.impl)}(${args.map((a) => a.code).join(', ')})` };
  }

  private resolve(e: BExpr, f: () => ResolvedOp): ResolvedOp {
    try {
      return f();
    } catch (err) {
      if (err instanceof OperatorTypeError) this.fail('OperatorTypes', e.span, [err.message]);
      if (err instanceof RegexSyntaxError) this.fail('InvalidRegex', e.span, [err.message]);
      throw err;
    }
  }

  private op(e: Extract<BExpr, { kind: 'op' }>, row: RowColumn[]): TExpr {
    const op = e.op;
    if (op === 'in' || op === '!in' || op === 'in~' || op === '!in~' || op === 'has_any' || op === 'has_all') return this.inOp(e, row);
    const args = e.args.map((a) => this.expr(a, row));
    if (op === 'neg') return this.apply(this.resolve(e, () => resolveUnaryMinus(args[0].type)), args);
    if (op === 'not') {
      const tb = args[0].type === 'dynamic' ? converter('dynamic', 'bool') : (x: KqlValue) => x;
      return this.apply({ type: 'bool', impl: (x: KqlValue) => { const b = tb(x); return b === null ? null : !b; } }, args);
    }
    if (op === 'between' || op === '!between') {
      const [v, lo, hi] = args;
      const ge = this.resolve(e, () => resolveComparison('>=', v.type, lo.type));
      const le = this.resolve(e, () => resolveComparison('<=', v.type, hi.type));
      const neg = op === '!between';
      return this.apply({
        type: 'bool',
        impl: (x: KqlValue, a: KqlValue, b: KqlValue) => {
          const r1 = ge.impl(x, a);
          const r2 = le.impl(x, b);
          return r1 === null || r2 === null ? null : (r1 === true && r2 === true) !== neg;
        },
      }, args);
    }
    const [l, r] = args;
    const resolved = this.resolve(e, () => {
      if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') return resolveArithmetic(op, l.type, r.type);
      if (op === 'and' || op === 'or') return resolveLogical(op, l.type, r.type);
      if (['==', '!=', '<', '<=', '>', '>=', '=~', '!~'].includes(op)) return resolveComparison(op, l.type, r.type);
      if (isStringPredicate(op)) return resolveStringPredicate(op, l.type, r.type, r.constant && r.type === 'string' ? (r.constant.value as string) : undefined);
      throw new OperatorTypeError(`The operator '${op}' is not supported by the row evaluator.`);
    });
    if (isStringPredicate(op) && r.constant && r.type === 'string' && !l.constant) {
      return { type: 'bool', code: `${this.gen.helper(resolved.impl)}(${l.code})` };
    }
    return this.apply(resolved, [l, r]);
  }

  private inOp(e: Extract<BExpr, { kind: 'op' }>, row: RowColumn[]): TExpr {
    const [left, ...items] = e.args.map((a) => this.expr(a, row));
    const op = e.op;
    if (op === 'has_any' || op === 'has_all') {
      const lstr = converter(left.type, 'string');
      const all = op === 'has_all';
      const needles = (vals: KqlValue[], types: KqlType[]): string[] =>
        vals.flatMap((v, i) => (types[i] === 'dynamic' && Array.isArray(v) ? (v as Dynamic[]).map((x) => converter('dynamic', 'string')(x) as string) : [converter(types[i], 'string')(v) as string]));
      const test = (hay: string, ns: string[]) => (all ? ns.every((n) => has(hay, n)) : ns.some((n) => has(hay, n)));
      const types = items.map((i) => i.type);
      if (items.every((i) => i.constant)) {
        const ns = needles(items.map((i) => i.constant!.value), types);
        return this.apply({ type: 'bool', impl: (v: KqlValue) => test(lstr(v) as string, ns) }, [left]);
      }
      return this.apply({ type: 'bool', impl: (v: KqlValue, ...vals: KqlValue[]) => test(lstr(v) as string, needles(vals, types)) }, [left, ...items]);
    }
    const ci = op === 'in~' || op === '!in~';
    const neg = op.startsWith('!');
    const lkey = membershipKey(left.type, ci);
    const types = items.map((i) => i.type);
    const keysOf = (vals: KqlValue[]): KqlValue[] => {
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
      const set = new Set(keysOf(items.map((i) => i.constant!.value)));
      return this.apply({ type: 'bool', impl: (v: KqlValue) => (v === null ? neg : set.has(lkey(v)) !== neg) }, [left]);
    }
    return this.apply({ type: 'bool', impl: (v: KqlValue, ...vals: KqlValue[]) => (v === null ? neg : keysOf(vals).includes(lkey(v)) !== neg) }, [left, ...items]);
  }

  private call(e: Extract<BExpr, { kind: 'call' }>, row: RowColumn[]): TExpr {
    const name = e.fn.name;
    const def = lookupFunction(name);
    if (!def) return this.fail('UnsupportedFunction', e.span, [name]);
    const args = e.args.map((a) => this.expr(a, row));
    const infos: ArgInfo[] = args.map((a) => (a.constant ? { type: a.type, constant: true, value: a.constant.value } : { type: a.type, constant: false }));
    const resolved = def.resolve(infos, this.input.runtime);
    if (resolved instanceof ResolveError) {
      if (name === 'geo_location') this.fail('GeoLocationUnavailable', e.span, [resolved.message]);
      return this.fail('ArgumentTypes', e.span, [resolved.message]);
    }
    const v = this.apply({ type: resolved.type, impl: resolved.impl }, args, e.fn.volatile || name === 'now' || name === 'ago');
    // The binder's result type decides (one rule set); convert when the runtime's differs.
    return this.convert(v, e.type);
  }

  /** iif/iff/case: only the chosen branch is evaluated; constant conditions are decided now. */
  private caseExpr(e: Extract<BExpr, { kind: 'case' }>, row: RowColumn[]): TExpr {
    const live: { when: TExpr; then: TExpr }[] = [];
    let els: TExpr | undefined;
    for (const w of e.whens) {
      const when = this.expr(w.when, row);
      if (when.constant && when.constant.value !== true) continue; // never taken
      const then = this.convert(this.expr(w.then, row), e.type);
      if (when.constant) {
        els = then; // always taken: later branches are unreachable
        break;
      }
      live.push({ when, then });
    }
    els ??= this.convert(this.expr(e.else, row), e.type);
    if (live.length === 0) return els;
    let code = els.code;
    for (let i = live.length - 1; i >= 0; i--) code = `(${live[i].when.code} === true ? ${live[i].then.code} : ${code})`;
    return { type: e.type, code };
  }
}
