// Prints the relational IR as one DuckDB SQL statement: each IR node becomes a common table
// expression (`qN`) selecting from the previous ones; the final SELECT names the visible columns
// and applies the query's final order. Column identifiers are the KQL names, quoted; DuckDB
// compares identifiers case-insensitively, so names equal up to case get a suffix inside the SQL.

import type { BExpr } from '../../semantic/bound.js';
import type { ScalarType } from '../../semantic/types.js';
import type { IrNode, IrQuery, IrSortKey } from '../../plan/ir.js';
import { DialectError, type PrintOptions } from '../dialect.js';
import { SQL_TYPE, literalSql, quoteIdent, quoteString, timestampLiteral } from './types.js';
import { conversionSql } from './conversions.js';
import { OPERATORS } from './operators.js';
import { FUNCTIONS } from './functions.js';
import { AGGREGATES } from './aggregates.js';
import { expand, type Arg, type EmitContext } from './template.js';
import { printMakeSeries } from './print-make-series.js';
import { printPlugin } from './print-plugins.js';

export interface ExprEnv {
  col(name: string): string;
  window?: string;
  /** Printing a filter predicate (see EmitContext.predicate). */
  predicate?: boolean;
}

const NO_COLUMNS: ExprEnv = {
  col: (name) => {
    throw new DialectError(`internal: column '${name}' referenced without a row`);
  },
};

export class DuckDbPrinter {
  private readonly ctes: string[] = [];
  private readonly relName = new Map<IrNode, string>();
  private readonly identMap = new Map<IrNode, Map<string, string>>();
  private counter = 0;
  readonly now: string;

  constructor(readonly options: PrintOptions) {
    this.now = timestampLiteral(options.now);
  }

  print(q: IrQuery): string {
    const rel = this.relation(q.root);
    const env = this.envOf(q.root, 't');
    const cols = q.columns.map((c) => `${env.col(c.name)} AS ${quoteIdent(c.name)}`).join(', ');
    let sql = `SELECT ${cols || '1 AS "__empty"'} FROM ${rel} AS t`;
    if (q.orderBy && q.orderBy.length) sql += ` ORDER BY ${this.sortKeys(q.orderBy, env)}`;
    return this.ctes.length ? `WITH ${this.ctes.join(',\n')}\n${sql}` : sql;
  }

  /** Prefixes `sql` with the CTEs printed so far. */
  withCtes(sql: string): string {
    return this.ctes.length ? `WITH ${this.ctes.join(',\n')}\n${sql}` : sql;
  }

  // ---- identifiers

  /** SQL identifiers of a node's columns (unique ignoring case). */
  idents(node: IrNode): Map<string, string> {
    let m = this.identMap.get(node);
    if (m) return m;
    m = new Map();
    const seen = new Set<string>();
    for (const c of node.columns) {
      let id = c.name;
      let k = 1;
      while (seen.has(id.toLowerCase())) id = `${c.name}~${++k}`;
      seen.add(id.toLowerCase());
      m.set(c.name, quoteIdent(id));
    }
    this.identMap.set(node, m);
    return m;
  }

  ident(node: IrNode, name: string): string {
    const id = this.idents(node).get(name);
    if (!id) throw new DialectError(`internal: column '${name}' not found in ${node.kind}`);
    return id;
  }

  envOf(node: IrNode, alias: string, window?: string): ExprEnv {
    return { col: (name) => `${alias}.${this.ident(node, name)}`, window };
  }

  // ---- relations

  relation(node: IrNode): string {
    const existing = this.relName.get(node);
    if (existing) return existing;
    const body = this.select(node);
    const name = node.kind === 'cte' ? quoteIdent(node.name) : `q${this.counter++}`;
    const mat = node.kind === 'cte' && node.materialize ? ' AS MATERIALIZED' : ' AS';
    this.ctes.push(`${name}${mat} (${body})`);
    this.relName.set(node, name);
    return name;
  }

  /** The request's scan scope as a WHERE clause on the stored columns (empty when none applies). */
  private scanWhere(columns: readonly { name: string; type: ScalarType }[]): string {
    const scope = this.options.scanScope;
    if (!scope) return '';
    const has = (name: string, type: ScalarType) => columns.some((c) => c.name === name && c.type === type);
    const conds: string[] = [];
    const t = scope.time;
    if (t && has(t.column, 'datetime')) {
      if (t.start !== undefined) conds.push(`${quoteIdent(t.column)} >= ${timestampLiteral(t.start)}`);
      if (t.end !== undefined) conds.push(`${quoteIdent(t.column)} <= ${timestampLiteral(t.end)}`);
    }
    const r = scope.resource;
    if (r && has(r.column, 'string')) conds.push(`lower(${quoteIdent(r.column)}) = ${quoteString(r.value.toLowerCase())}`);
    return conds.length ? ` WHERE ${conds.join(' AND ')}` : '';
  }

  private selectList(node: IrNode, exprs: Array<{ name: string; sql: string }>): string {
    return exprs.map((e) => `${e.sql} AS ${this.ident(node, e.name)}`).join(', ');
  }

  private passThrough(node: IrNode, input: IrNode, alias = 't'): string {
    return node.columns.map((c) => `${alias}.${this.ident(input, c.name)} AS ${this.ident(node, c.name)}`).join(', ');
  }

  private select(node: IrNode): string {
    switch (node.kind) {
      case 'scan':
        return `SELECT ${node.columns.map((c) => `${c.type === 'string' ? `COALESCE(${quoteIdent(c.name)}, '')` : quoteIdent(c.name)} AS ${this.ident(node, c.name)}`).join(', ')} FROM ${quoteIdent(node.table)}${this.scanWhere(node.columns)}`;
      case 'values': {
        if (node.rows.length === 0) {
          return `SELECT ${node.columns.map((c) => `CAST(NULL AS ${SQL_TYPE[c.type]}) AS ${this.ident(node, c.name)}`).join(', ')} WHERE FALSE`;
        }
        const rows = node.rows.map((r) => `(${r.map((v, i) => this.castTo(this.expr(v, NO_COLUMNS), v.type, node.columns[i]!.type)).join(', ')})`);
        return `SELECT * FROM (VALUES ${rows.join(', ')}) AS v(${node.columns.map((c) => this.ident(node, c.name)).join(', ')})`;
      }
      case 'singleRow':
        return 'SELECT 1 AS "__one"';
      case 'range': {
        const id = this.ident(node, node.columns[0]!.name);
        const from = this.expr(node.from, NO_COLUMNS);
        const to = this.expr(node.to, NO_COLUMNS);
        const step = this.expr(node.step, NO_COLUMNS);
        switch (node.type) {
          case 'datetime':
            return `SELECT generate_series AS ${id} FROM generate_series(${from}, ${to}, to_microseconds((${step}) // 10))`;
          case 'real':
            return `SELECT ${from} + i * ${step} AS ${id} FROM generate_series(0, CAST(floor((${to} - ${from}) / ${step}) AS BIGINT)) AS g(i)`;
          default:
            return `SELECT generate_series AS ${id} FROM generate_series(${from}, ${to}, ${step})`;
        }
      }
      case 'project': {
        let window: string | undefined;
        const env0 = this.envOf(node.input, 't');
        const part = node.windowPartition?.length ? `PARTITION BY ${node.windowPartition.map((p) => env0.col(p)).join(', ')} ` : '';
        if (node.windowOrderKeys) window = `OVER (${part}ORDER BY ${this.sortKeys(node.windowOrderKeys, env0)})`;
        else if (node.windowOrder) window = `OVER (${part}ORDER BY ${env0.col(node.windowOrder)})`;
        else if (part) window = `OVER (${part})`;
        else window = 'OVER ()';
        const env = this.envOf(node.input, 't', window);
        const list = this.selectList(node, node.exprs.map((e) => ({ name: e.name, sql: this.expr(e.expr, env) })));
        return `SELECT ${list || '1 AS "__one"'} FROM ${this.relation(node.input)} AS t`;
      }
      case 'filter': {
        const env = this.envOf(node.input, 't');
        return `SELECT ${this.passThrough(node, node.input)} FROM ${this.relation(node.input)} AS t WHERE ${this.expr(node.predicate, { ...env, predicate: true })}`;
      }
      case 'aggregate': {
        const env = this.envOf(node.input, 't');
        const keys = node.keys.map((k) => ({ name: k.name, sql: this.expr(k.expr, env) }));
        const aggs = node.aggs.map((a) => ({ name: a.name, sql: this.expr(a.expr, env, a.output) }));
        const list = this.selectList(node, [...keys, ...aggs]);
        const group = keys.length ? ` GROUP BY ${keys.map((_k, i) => i + 1).join(', ')}` : '';
        return `SELECT ${list} FROM ${this.relation(node.input)} AS t${group}`;
      }
      case 'limit': {
        const env = this.envOf(node.input, 't');
        const n = this.expr(node.count, NO_COLUMNS);
        const order = node.keys.length ? `ORDER BY ${this.sortKeys(node.keys, env)}` : '';
        if (node.partition?.length) {
          const part = `PARTITION BY ${node.partition.map((p) => env.col(p)).join(', ')}`;
          return `SELECT ${this.passThrough(node, node.input)} FROM ${this.relation(node.input)} AS t QUALIFY row_number() OVER (${part} ${order}) <= ${n}`;
        }
        return `SELECT ${this.passThrough(node, node.input)} FROM ${this.relation(node.input)} AS t ${order} LIMIT ${n}`;
      }
      case 'dedupe': {
        const env = this.envOf(node.input, 't');
        return `SELECT ${this.passThrough(node, node.input)} FROM ${this.relation(node.input)} AS t QUALIFY row_number() OVER (PARTITION BY ${node.keys.map((k) => env.col(k)).join(', ')}) = 1`;
      }
      case 'sample':
        return `SELECT ${this.passThrough(node, node.input)} FROM ${this.relation(node.input)} AS t USING SAMPLE ${this.expr(node.count, NO_COLUMNS).replace(/^CAST\((\d+) AS BIGINT\)$/, '$1')} ROWS`;
      case 'join': {
        const l = this.relation(node.left);
        const r = this.relation(node.right);
        const on = node.on.map((k) => `l.${this.ident(node.left, k.left)} = r.${this.ident(node.right, k.right)}`).join(' AND ');
        // The outer side of an outer join may be missing: its strings read as "" (S4).
        const nullable = (side: 'left' | 'right') => node.joinKind === 'full' || (side === 'right' ? node.joinKind === 'left' : node.joinKind === 'right');
        const cols = node.output.map((o, i) => {
          const ref = `${o.side === 'left' ? 'l' : 'r'}.${this.ident(o.side === 'left' ? node.left : node.right, o.column)}`;
          const sql = nullable(o.side) && node.columns[i]!.type === 'string' ? `COALESCE(${ref}, '')` : ref;
          return `${sql} AS ${this.ident(node, o.name)}`;
        }).join(', ');
        const kind = { inner: 'INNER', left: 'LEFT', right: 'RIGHT', full: 'FULL OUTER', semi: 'SEMI', anti: 'ANTI' }[node.joinKind];
        return `SELECT ${cols} FROM ${l} AS l ${kind} JOIN ${r} AS r ON ${on}`;
      }
      case 'union': {
        const parts = node.inputs.map((input, i) => {
          const src = node.source ? [`${quoteString(node.source.names[i] ?? '')} AS ${this.ident(node, node.source.column)}`] : [];
          const cols = node.columns.filter((c) => !node.source || c.name !== node.source.column)
            .map((c) => `t.${this.ident(input, c.name)} AS ${this.ident(node, c.name)}`);
          return `SELECT ${[...src, ...cols].join(', ')} FROM ${this.relation(input)} AS t`;
        });
        return parts.join(' UNION ALL ');
      }
      case 'unnest':
        return this.unnest(node);
      case 'cte':
        this.identMap.set(node, this.idents(node.input));
        return `SELECT * FROM ${this.relation(node.input)}`;
      case 'apply': {
        const cols = node.output.map((o) => (o.side === 'sub'
          ? `s.${this.ident(node.sub, o.column)} AS ${this.ident(node, o.name)}`
          : `i.${this.ident(node.input, o.column)} AS ${this.ident(node, o.name)}`)).join(', ');
        return `SELECT ${cols} FROM ${this.relation(node.sub)} AS s JOIN ${this.relation(node.input)} AS i ON s.${this.ident(node.sub, node.rowId)} = i.${this.ident(node.input, node.rowId)}`;
      }
      case 'makeSeries':
        return printMakeSeries(this, node);
      case 'plugin':
        return printPlugin(this, node);
      case 'external':
        return this.external(node);
    }
  }

  private unnest(node: Extract<IrNode, { kind: 'unnest' }>): string {
    const env = this.envOf(node.input, 't');
    // Each item's list of elements is computed once, in two inner selects (the wildcard split, then
    // the list), and unnested by the outer one.
    const lists = new Map<string, string>();
    const splits: string[] = [];
    const full: string[] = [];
    node.items.forEach((it, i) => {
      const w = quoteIdent(`__mvw${i}`);
      const l = quoteIdent(`__mvl${i}`);
      const u = this.unnestList(it, node.bagExpansion, `t.${w}`, env);
      splits.push(`${u.split} AS ${w}`);
      full.push(`${node.limit ? `list_slice(${u.list}, 1, ${this.expr(node.limit, NO_COLUMNS)})` : u.list} AS ${l}`);
      lists.set(it.name, `t.${l}`);
    });
    const lens = [...lists.values()].map((l) => `len(${l})`);
    const idx = `unnest(range(0, ${lens.length === 1 ? lens[0] : `greatest(${lens.join(', ')})`}))`;
    const cols = node.columns.map((c) => {
      const l = lists.get(c.name);
      // Shorter arrays are padded with nulls; a string column reads them as "" (S4).
      if (l) return `${c.type === 'string' ? `COALESCE(unnest(${l}), '')` : `unnest(${l})`} AS ${this.ident(node, c.name)}`;
      if (c.name === node.itemIndex || (node.orderColumn && c.name === node.orderColumn.output)) return `${idx} AS ${this.ident(node, c.name)}`;
      return `t.${this.ident(node.input, c.name)} AS ${this.ident(node, c.name)}`;
    });
    const rel = this.relation(node.input);
    return `SELECT ${cols.join(', ')} FROM (SELECT t.*, ${full.join(', ')} FROM (SELECT t.*, ${splits.join(', ')} FROM ${rel} AS t) AS t) AS t`;
  }

  /**
   * The elements `mv-expand` makes of one item, as a list. An array (the common case) is split by
   * one JSONPath wildcard over the text — at a constant path, over the column itself, so the JSON is
   * parsed once (bench/query Q8) — and, for `to typeof(string)`, the wildcard yields the elements'
   * text directly. Anything else (a bag, a scalar, an empty array, null) takes the general macro,
   * evaluated only for those rows. `split` is the wildcard's SQL, `list` the list given the split's
   * column `w`.
   */
  private unnestList(it: { expr: BExpr; type: ScalarType }, bag: 'bag' | 'array', w: string, env: ExprEnv): { split: string; list: string } {
    const p = jsonPath(it.expr);
    const base = p ? this.expr(p.base, env) : this.expr(it.expr, env);
    const path = p ? p.path : '$';
    const value = p ? `kql_jnull(json_extract(${base}, ${quoteString(path)}))` : base;
    const general = `${bag === 'array' ? 'kql_mv_items_array' : 'kql_mv_items'}(${value})`;
    const convert = (l: string) => (it.type === 'dynamic' ? l : `list_transform(${l}, x -> ${this.convertSql('x', 'dynamic', it.type)})`);
    // Elements split as text when converting an element is converting its text (dynamic→string,
    // →datetime, →long…: the dialect's conversion reads kql_dyn_scalar(x) then the text's rule).
    const fromText = it.type === 'string' ? 'x'
      : it.type !== 'dynamic' && this.convertSql('x', 'dynamic', it.type) === this.convertSql('kql_dyn_scalar(x)', 'string', it.type)
        ? this.convertSql('x', 'string', it.type) : undefined;
    const split = `${fromText ? 'json_extract_string' : 'json_extract'}(${base}, ${quoteString(`${path}[*]`)})`;
    const first = fromText === undefined ? convert(w) : fromText === 'x' ? w : `list_transform(${w}, x -> ${fromText})`;
    return { split, list: `CASE WHEN len(${w}) > 0 THEN ${first} ELSE ${convert(general)} END` };
  }

  /** externaldata: every column read as text, then converted with KQL's string conversions. */
  private external(node: Extract<IrNode, { kind: 'external' }>): string {
    const files = `[${node.paths.map(quoteString).join(', ')}]`;
    const conv = (text: string, i: number) => {
      const c = node.columns[i]!;
      return `${c.type === 'string' ? `COALESCE(${text}, '')` : this.convertSql(text, 'string', c.type)} AS ${this.ident(node, c.name)}`;
    };
    if (node.format === 'json') {
      const cols = node.columns.map((c, i) => conv(`json_extract_string(json, ${quoteString(`$."${c.name.replace(/"/g, '\\"')}"`)})`, i));
      return `SELECT ${cols.join(', ')} FROM read_json_objects(${files}, format = 'auto')`;
    }
    if (node.format === 'txt') {
      return `SELECT ${conv('t.line', 0)} FROM read_csv(${files}, header = false, delim = '\u0001', quote = '', escape = '', columns = {'line': 'VARCHAR'}, skip = ${node.skip}) AS t`;
    }
    const names = node.columns.map((_c, i) => `c${i}`);
    const spec = `{${names.map((n) => `'${n}': 'VARCHAR'`).join(', ')}}`;
    const delim = node.format === 'tsv' ? "'\t'" : "','";
    return `SELECT ${names.map((n, i) => conv(`t.${n}`, i)).join(', ')} FROM read_csv(${files}, header = false, delim = ${delim}, quote = '"', columns = ${spec}, skip = ${node.skip}, auto_detect = false, null_padding = true) AS t`;
  }

  sortKeys(keys: readonly IrSortKey[], env: ExprEnv): string {
    return keys.map((k) => `${this.expr(k.expr, env)} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
  }

  // ---- expressions

  convertSql(sql: string, from: ScalarType, to: ScalarType, span?: { start: number; end: number }): string {
    const s = conversionSql(sql, from, to);
    if (s === undefined) throw new DialectError(`conversion from ${from} to ${to} is not supported`, span?.start, span?.end);
    return s;
  }

  private castTo(sql: string, from: ScalarType, to: ScalarType): string {
    return from === to ? sql : this.convertSql(sql, from, to);
  }

  private emitContext(e: BExpr, env: ExprEnv): EmitContext {
    return {
      convert: (sql, from, to) => this.convertSql(sql, from, to, e.span),
      now: this.now,
      fail: (message) => {
        throw new DialectError(`${'fn' in e ? `${e.fn.name}: ` : ''}${message}`, e.span?.start, e.span?.end);
      },
      resultType: e.type,
      window: env.window,
      predicate: env.predicate,
    };
  }

  private args(args: readonly BExpr[], env: ExprEnv): Arg[] {
    return args.map((a) => ({
      sql: this.expr(a, env),
      type: a.type,
      expr: a,
      literal: a.kind === 'literal' ? { value: a.value } : undefined,
    }));
  }

  expr(e: BExpr, env: ExprEnv, output = 0): string {
    if (env.predicate && e.kind !== 'op') env = { ...env, predicate: false };
    switch (e.kind) {
      case 'literal':
        return literalSql(e.type, e.value);
      case 'column':
        return env.col(e.name);
      case 'parameter': {
        const v = this.options.parameters?.[e.name];
        if (v === undefined) throw new DialectError(`no value for the query parameter '${e.name}'`, e.span?.start, e.span?.end);
        return literalSql(e.type, v as never);
      }
      case 'op': {
        const t = OPERATORS[e.op];
        if (!t) throw new DialectError(`the operator '${e.op}' is not available in the duckdb dialect`, e.span?.start, e.span?.end);
        // Predicate context flows through and/or only.
        const argEnv = env.predicate && (e.op === 'and' || e.op === 'or') ? env : env.predicate ? { ...env, predicate: false } : env;
        return expand(t, this.args(e.args, argEnv), this.emitContext(e, env));
      }
      case 'call': {
        // to*() of a dynamic value is the conversion itself (and reads constant paths directly).
        if (CONVERSIONS.has(e.fn.name) && e.args.length === 1 && e.args[0]!.type === 'dynamic' && e.type !== 'dynamic') {
          return this.expr({ kind: 'convert', type: e.type, expr: e.args[0]!, span: e.span }, env);
        }
        const t = FUNCTIONS[e.fn.name] ?? INTERNAL[e.fn.name];
        if (!t) throw new DialectError(`the function '${e.fn.name}' is not available in the duckdb dialect`, e.span?.start, e.span?.end);
        return expand(t, this.args(e.args, env), this.emitContext(e, env));
      }
      case 'aggregate': {
        const t = AGGREGATES[e.fn.name];
        if (!t) throw new DialectError(`the aggregate '${e.fn.name}' is not available in the duckdb dialect`, e.span?.start, e.span?.end);
        return t(this.args(e.args, env), this.emitContext(e, env), output);
      }
      case 'member': {
        const p = jsonPath(e)!;
        return `kql_jnull(json_extract(${this.expr(p.base, env)}, ${quoteString(p.path)}))`;
      }
      case 'index': {
        const p = jsonPath(e);
        if (p) return `kql_jnull(json_extract(${this.expr(p.base, env)}, ${quoteString(p.path)}))`;
        const t = this.expr(e.target, env);
        const i = e.index;
        if (i.kind === 'literal' && (typeof i.value === 'bigint' || typeof i.value === 'number')) {
          const n = Number(i.value);
          return `kql_jnull(json_extract(${t}, ${quoteString(n >= 0 ? `$[${n}]` : `$[#${n}]`)}))`;
        }
        const x = this.expr(i, env);
        if (i.type === 'string') return `kql_jnull(json_extract(${t}, '$."' || ${x} || '"'))`;
        if (i.type === 'dynamic') return `kql_jnull(json_extract(${t}, CASE WHEN json_type(${x}) = 'VARCHAR' THEN '$."' || json_extract_string(${x}, '$') || '"' ELSE '$[' || CAST(${x} AS VARCHAR) || ']' END))`;
        return `kql_jnull(json_extract(${t}, CASE WHEN ${x} >= 0 THEN '$[' || CAST(${x} AS VARCHAR) || ']' ELSE '$[#' || CAST(${x} AS VARCHAR) || ']' END))`;
      }
      case 'convert': {
        // A constant path converted to a scalar (`tostring(d.a.b)`) reads the value's text in one
        // call: JSON null and a missing key both give null; strings come unquoted.
        const p = e.expr.type === 'dynamic' && e.type !== 'dynamic' ? jsonPath(e.expr) : undefined;
        // (numbers read the JSON value itself: a JSON boolean converts, a JSON string "true" does not)
        if (p && NUMERIC.has(e.type)) return this.convertSql(`json_extract(${this.expr(p.base, env)}, ${quoteString(p.path)})`, 'dynamic', e.type, e.span);
        if (p) {
          const text = `json_extract_string(${this.expr(p.base, env)}, ${quoteString(p.path)})`;
          return e.type === 'string' ? `COALESCE(${text}, '')` : this.convertSql(text, 'string', e.type, e.span);
        }
        return this.convertSql(this.expr(e.expr, env), e.expr.type, e.type, e.span);
      }
      case 'case': {
        const whens = e.whens.map((w) => `WHEN ${this.expr(w.when, env)} THEN ${this.expr(w.then, env)}`).join(' ');
        return `(CASE ${whens} ELSE ${this.expr(e.else, env)} END)`;
      }
      case 'scalarQuery': {
        const node = this.options.planSubquery(e.query);
        const rel = this.relation(node);
        const sub = `(SELECT ${this.ident(node, e.query.schema[0]!.name)} FROM ${rel} LIMIT 1)`;
        return e.type === 'string' ? `COALESCE(${sub}, '')` : sub;
      }
      case 'inTable': {
        const node = this.options.planSubquery(e.table);
        const rel = this.relation(node);
        const first = this.ident(node, e.table.schema[0]!.name);
        const left = this.expr(e.left, env);
        // Nulls of the list never match (and must not turn NOT IN into unknown).
        const values = `SELECT ${first} FROM ${rel} WHERE ${first} IS NOT NULL`;
        const text = (x: string) => (e.table.schema[0]!.type === 'string' ? x : e.table.schema[0]!.type === 'dynamic' ? `kql_dyn_str(${x})` : `CAST(${x} AS VARCHAR)`);
        const term = `regexp_matches(${left}, '(?i)' || kql_term_regex(${text(`v.${first}`)}))`;
        switch (e.op) {
          case 'in': return `(${left} IN (${values}))`;
          // S4: like `null != x`, a null value is `!in` every list.
          case '!in': return `COALESCE(${left} NOT IN (${values}), TRUE)`;
          case 'in~': return `(lower(${left}) IN (SELECT lower(${text(first)}) FROM ${rel} WHERE ${first} IS NOT NULL))`;
          case '!in~': return `COALESCE(lower(${left}) NOT IN (SELECT lower(${text(first)}) FROM ${rel} WHERE ${first} IS NOT NULL), TRUE)`;
          case 'has_any': return `EXISTS (SELECT 1 FROM ${rel} AS v WHERE v.${first} IS NOT NULL AND ${text(`v.${first}`)} <> '' AND ${term})`;
          case 'has_all': return `NOT EXISTS (SELECT 1 FROM ${rel} AS v WHERE v.${first} IS NOT NULL AND ${text(`v.${first}`)} <> '' AND NOT ${term})`;
        }
      }
    }
  }
}

/**
 * The JSONPath of a chain of constant member/index accesses (`d.a["b"][0]` → base `d`, path
 * `$."a"."b"[0]`), or undefined when the outermost access is not constant.
 */
function jsonPath(e: BExpr): { base: BExpr; path: string } | undefined {
  const steps: string[] = [];
  let cur: BExpr = e;
  for (;;) {
    if (cur.kind === 'member') {
      steps.push(`."${cur.key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
      cur = cur.target;
    } else if (cur.kind === 'index' && cur.index.kind === 'literal' && (typeof cur.index.value === 'bigint' || typeof cur.index.value === 'number')) {
      const n = Number(cur.index.value);
      steps.push(n >= 0 ? `[${n}]` : `[#${n}]`);
      cur = cur.target;
    } else {
      break;
    }
  }
  if (steps.length === 0) return undefined;
  return { base: cur, path: `$${steps.reverse().join('')}` };
}

const NUMERIC = new Set<ScalarType>(['int', 'long', 'real', 'decimal']);

/** Conversion functions whose call on a dynamic value prints as a conversion. */
const CONVERSIONS = new Set([
  'tostring', 'toint', 'tolong', 'todouble', 'toreal', 'todecimal', 'tobool', 'toboolean', 'todatetime', 'totimespan', 'totime', 'toguid',
]);

/** Planner-internal functions (parse). */
const INTERNAL: Record<string, import('./template.js').Template> = {
  __parse_struct: ([src, re, n]) => {
    const count = Number(n!.literal?.value ?? 0);
    const names = Array.from({ length: count }, (_v, i) => `'g${i + 1}'`).join(', ');
    return count === 0 ? 'NULL' : `regexp_extract(${src!.sql}, ${re!.sql}, [${names}])`;
  },
  __parse_field: ([s, i]) => `struct_extract(${s!.sql}, 'g${String(i!.literal?.value)}')`,
  __parse_matched: ([src, re]) => `regexp_matches(${src!.sql}, ${re!.sql})`,
};
