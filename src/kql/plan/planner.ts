// Lowers the bound tree to the relational IR. Row order is made explicit here: an ordered row set
// carries a hidden `__ord` column (row_number over the sort keys) through order-preserving
// operators, only when something downstream needs it (window functions, the final result, a
// `take` after a sort); order-insensitive consumers (summarize, join, union) plan their inputs
// without it, which drops useless sorts.

import type { BExpr, BTabular, BoundQuery, NamedExpr, BSortKey } from '../semantic/bound.js';
import type { Column, ScalarType } from '../semantic/types.js';
import type {
  IrAggregateItem, IrCte, IrJoinKind, IrNode, IrProject, IrQuery, IrSortKey,
} from './ir.js';
import { catalogue } from '../catalogue/index.js';
import { countGroups } from '../semantic/bind-parse.js';
import { expandAsText } from './text-items.js';
import { planSequentialWindows } from './window-sessions.js';

export const ORD = '__ord';
export const RID = '__rid';
export const IDX = '__idx';
export const PART = '__part';

export class PlanError extends Error {
  constructor(message: string, readonly start = 0, readonly end = 0) {
    super(message);
  }
}

interface Lowered {
  node: IrNode;
  /** Hidden column holding the row order, when the rows are ordered. */
  ord?: string;
}

interface Partition {
  /** Hidden row-id column of the mv-apply input row. */
  rid: string;
  /** The expanded rows the sub-query reads. */
  context: IrNode;
}

const col = (name: string, type: ScalarType): BExpr => ({ kind: 'column', name, type });

function hidden(node: IrNode): Column[] {
  return node.columns.filter((c) => c.name.startsWith('__'));
}

function containsWindow(e: BExpr): boolean {
  switch (e.kind) {
    case 'call': return e.fn.kind === 'window' || e.args.some(containsWindow);
    case 'op': case 'aggregate': return e.args.some(containsWindow);
    case 'convert': return containsWindow(e.expr);
    case 'member': return containsWindow(e.target);
    case 'index': return containsWindow(e.target) || containsWindow(e.index);
    case 'case': return e.whens.some((w) => containsWindow(w.when) || containsWindow(w.then)) || containsWindow(e.else);
    default: return false;
  }
}

function project(input: IrNode, exprs: NamedExpr[], extra?: Partial<IrProject>): IrProject {
  return { kind: 'project', input, exprs, columns: exprs.map((e) => ({ name: e.name, type: e.expr.type })), ...extra };
}

/** Keeps all columns of `node` and appends `more`. */
function extend(node: IrNode, more: NamedExpr[], extra?: Partial<IrProject>): IrProject {
  const names = new Set(more.map((m) => m.name));
  const keep = node.columns.filter((c) => !names.has(c.name)).map((c) => ({ name: c.name, expr: col(c.name, c.type) }));
  return project(node, [...keep, ...more], extra);
}

function rowNumber(): BExpr {
  return { kind: 'call', fn: catalogue.get('row_number')!, args: [], signature: 0, type: 'long' };
}

function sortKeys(keys: readonly BSortKey[]): IrSortKey[] {
  return keys.map((k) => ({ expr: k.expr, descending: k.descending, nullsFirst: k.nullsFirst }));
}

export class Planner {
  private readonly ctes = new Map<BTabular, IrCte>();
  private cteCounter = 0;

  plan(q: BoundQuery): IrQuery {
    const root = q.root;
    const columns = q.columns;
    if (root.kind === 'sort') {
      const c = this.lower(root.input, false);
      return { root: c.node, columns, orderBy: sortKeys(root.keys) };
    }
    if (root.kind === 'take' && root.keys) {
      const c = this.lower(root.input, false);
      const keys = sortKeys(root.keys);
      return { root: { kind: 'limit', input: c.node, count: root.count, keys, columns: c.node.columns }, columns, orderBy: keys };
    }
    const c = this.lower(root, true);
    return {
      root: c.node,
      columns,
      orderBy: c.ord ? [{ expr: col(c.ord, 'long'), descending: false, nullsFirst: false }] : undefined,
    };
  }

  /** Adds an arbitrary but fixed row order (`serialize` of an unordered row set). */
  private withOrd(c: Lowered, part?: Partition): Lowered {
    if (c.ord) return c;
    return { node: extend(c.node, [{ name: ORD, expr: rowNumber() }], { windowPartition: part ? [part.rid] : undefined }), ord: ORD };
  }

  /**
   * top-nested: level i groups by the first i `of` values, keeps the top N groups within each
   * level-(i-1) group (by its aggregate), and the levels are joined on their common prefix.
   */
  private topNested(b: Extract<BTabular, { kind: 'topNested' }>, part?: Partition): IrNode {
    if (part) throw new PlanError('top-nested inside mv-apply is not supported', b.span?.start, b.span?.end);
    if (b.levels.some((l) => l.others)) throw new PlanError("top-nested 'with others' is not supported", b.span?.start, b.span?.end);
    const base = this.lower(b.input, false).node;
    let acc: IrNode | undefined;
    const prefix: NamedExpr[] = [];
    b.levels.forEach((level) => {
      const keys = [...prefix, level.of];
      const agg: IrNode = {
        kind: 'aggregate', input: base, keys, aggs: [{ name: level.aggName, expr: level.agg }],
        columns: [...keys.map((k) => ({ name: k.name, type: k.expr.type })), { name: level.aggName, type: level.agg.type }],
      };
      const order: IrSortKey = { expr: col(level.aggName, level.agg.type), descending: level.descending, nullsFirst: false };
      const top: IrNode = level.count
        ? { kind: 'limit', input: agg, count: level.count, keys: [order], partition: prefix.length ? prefix.map((p) => p.name) : undefined, columns: agg.columns }
        : agg;
      if (!acc) {
        acc = top;
      } else {
        const on = prefix.map((p) => ({ left: p.name, right: p.name }));
        const output = [
          ...acc.columns.map((c) => ({ side: 'left' as const, column: c.name, name: c.name })),
          { side: 'right' as const, column: level.of.name, name: level.of.name },
          { side: 'right' as const, column: level.aggName, name: level.aggName },
        ];
        acc = { kind: 'join', joinKind: 'inner', left: acc, right: top, on, output, columns: [...acc.columns, { name: level.of.name, type: level.of.expr.type }, { name: level.aggName, type: level.agg.type }] };
      }
      prefix.push(level.of);
    });
    return acc!;
  }

  /** pivot: one aggregate per pivot value, each restricted to the rows with that value. */
  private pivot(b: Extract<BTabular, { kind: 'evaluate' }>, part?: Partition): IrNode {
    const data = b.data as { pivot: string; groups: string[]; values: string[] };
    const c = this.lower(b.input!, false, part);
    const pivotType = b.input!.schema.find((x) => x.name === data.pivot)!.type;
    const pivotText: BExpr = { kind: 'convert', type: 'string', expr: col(data.pivot, pivotType) };
    const keys: NamedExpr[] = data.groups.map((g) => ({ name: g, expr: col(g, b.input!.schema.find((x) => x.name === g)!.type) }));
    if (part) keys.push({ name: part.rid, expr: col(part.rid, 'long') });
    const agg = b.args[1]!;
    const aggs: IrAggregateItem[] = data.values.map((v) => {
      const cond: BExpr = { kind: 'op', op: '==', args: [pivotText, { kind: 'literal', type: 'string', value: v }], type: 'bool', operandType: 'string' };
      return { name: v, expr: restrictAggregates(agg, cond) };
    });
    const columns: Column[] = [...keys.map((k) => ({ name: k.name, type: k.expr.type })), ...aggs.map((a) => ({ name: a.name, type: agg.type }))];
    return { kind: 'aggregate', input: c.node, keys, aggs, columns };
  }

  lower(b: BTabular, want: boolean, part?: Partition): Lowered {
    switch (b.kind) {
      case 'table':
        return { node: { kind: 'scan', table: b.name, columns: b.schema } };
      case 'datatable': {
        if (!want) return { node: { kind: 'values', rows: b.rows, columns: b.schema } };
        const rows = b.rows.map((r, i) => [...r, { kind: 'literal', type: 'long', value: BigInt(i) } as BExpr]);
        return { node: { kind: 'values', rows, columns: [...b.schema, { name: ORD, type: 'long' }] }, ord: ORD };
      }
      case 'singleRow':
        return { node: { kind: 'singleRow', columns: [] } };
      case 'range': {
        const node: IrNode = { kind: 'range', type: b.schema[0]!.type, from: b.from, to: b.to, step: b.step, columns: b.schema };
        if (!want) return { node };
        return this.withOrd({ node });
      }
      case 'where': {
        const pushed = pushIntoInnerunique(b);
        if (pushed) return this.lower(pushed, want, part);
        const c = this.lower(b.input, want, part);
        return { node: { kind: 'filter', input: c.node, predicate: b.predicate, columns: c.node.columns }, ord: c.ord };
      }
      case 'project': {
        const win = b.columns.some((x) => containsWindow(x.expr));
        let c = this.lower(b.input, want || win, part);
        if (win) c = this.withOrd(c, part);
        const names = new Set(b.columns.map((x) => x.name));
        const carry = hidden(c.node).filter((h) => !names.has(h.name)).map((h) => ({ name: h.name, expr: col(h.name, h.type) }));
        let exprs: NamedExpr[] = [...b.columns, ...carry];
        let input = c.node;
        const text = win || part ? undefined : expandAsText(input, exprs.map((x) => x.expr));
        if (text) {
          input = text.node;
          exprs = exprs.map((x) => ({ ...x, expr: text.rewrite(x.expr) }));
        }
        // Sequential window functions (row_window_session, row_rank_*, row_cumsum with a restart) are
        // computed by their own nodes before this projection (plan/window-sessions.ts).
        const seq = win && !part && c.ord ? planSequentialWindows(input, c.ord, exprs, (n, more) => extend(n, more, { windowOrder: c.ord })) : undefined;
        if (seq) {
          input = seq.input;
          exprs = seq.exprs;
        }
        return {
          node: project(input, exprs, { windowOrder: win ? c.ord : undefined, windowPartition: win && part ? [part.rid] : undefined }),
          ord: c.ord,
        };
      }
      case 'serialize':
        return this.withOrd(this.lower(b.input, true, part), part);
      case 'sort': {
        if (!want) return this.lower(b.input, false, part);
        const c = this.lower(b.input, false, part);
        const keys = sortKeys(b.keys);
        const ordExpr: BExpr = { kind: 'call', fn: catalogue.get('row_number')!, args: [], signature: 0, type: 'long' };
        return { node: extend(c.node, [{ name: ORD, expr: ordExpr }], { windowOrderKeys: keys, windowPartition: part ? [part.rid] : undefined }), ord: ORD };
      }
      case 'take': {
        if (b.keys) {
          const c = this.lower(b.input, false, part);
          const keys = sortKeys(b.keys);
          const node: IrNode = { kind: 'limit', input: c.node, count: b.count, keys, columns: c.node.columns, partition: part ? [part.rid] : undefined };
          if (!want) return { node };
          return { node: extend(node, [{ name: ORD, expr: rowNumber() }], { windowOrderKeys: keys, windowPartition: part ? [part.rid] : undefined }), ord: ORD };
        }
        const c = this.lower(b.input, want, part);
        const keys: IrSortKey[] = c.ord ? [{ expr: col(c.ord, 'long'), descending: false, nullsFirst: false }] : [];
        return { node: { kind: 'limit', input: c.node, count: b.count, keys, columns: c.node.columns, partition: part ? [part.rid] : undefined }, ord: c.ord };
      }
      case 'sample': {
        if (part) throw new PlanError('sample inside mv-apply is not supported');
        const c = this.lower(b.input, false);
        return { node: { kind: 'sample', input: c.node, count: b.count, columns: c.node.columns } };
      }
      case 'summarize': {
        const c = this.lower(b.input, false, part);
        let keys: NamedExpr[] = [...b.by];
        if (part) keys.push({ name: part.rid, expr: col(part.rid, 'long') });
        let aggs: IrAggregateItem[] = [];
        for (const a of b.aggregates) {
          if (a.names.length === 1 && a.expr.kind !== 'aggregate') aggs.push({ name: a.names[0]!, expr: a.expr });
          else if (a.names.length === 1 && a.expr.kind === 'aggregate' && !catalogue.aggregateSpecial(a.expr.fn.name)) aggs.push({ name: a.names[0]!, expr: a.expr });
          else a.names.forEach((n, i) => aggs.push({ name: n, expr: a.expr, output: i }));
        }
        const columns: Column[] = [...keys.map((k) => ({ name: k.name, type: k.expr.type })), ...aggs.map((x, i) => ({ name: x.name, type: b.schema[b.by.length + i]!.type }))];
        let input = c.node;
        // (not inside mv-apply, whose expansion node the sub-query shares)
        const text = part ? undefined : expandAsText(input, [...keys, ...aggs].map((x) => x.expr));
        if (text) {
          input = text.node;
          keys = keys.map((k) => ({ ...k, expr: text.rewrite(k.expr) }));
          aggs = aggs.map((x) => ({ ...x, expr: text.rewrite(x.expr) }));
        }
        return { node: { kind: 'aggregate', input, keys, aggs, columns } };
      }
      case 'join': {
        if (part) throw new PlanError('join inside mv-apply is not supported');
        let left = this.lower(b.left, false).node;
        let right = this.lower(b.right, false).node;
        let kind: IrJoinKind;
        let on = b.on;
        let output = b.output;
        switch (b.joinKind) {
          case 'innerunique':
            // S1: the left side keeps one arbitrary row per join key, then an inner join.
            left = { kind: 'dedupe', input: left, keys: b.on.map((k) => k.left), columns: left.columns };
            kind = 'inner';
            break;
          case 'inner': kind = 'inner'; break;
          case 'leftouter': kind = 'left'; break;
          case 'rightouter': kind = 'right'; break;
          case 'fullouter': kind = 'full'; break;
          case 'leftsemi': kind = 'semi'; break;
          case 'leftanti': kind = 'anti'; break;
          case 'rightsemi': case 'rightanti': {
            kind = b.joinKind === 'rightsemi' ? 'semi' : 'anti';
            [left, right] = [right, left];
            on = b.on.map((k) => ({ left: k.right, right: k.left }));
            output = b.output.map((o) => ({ ...o, side: 'left' as const }));
            break;
          }
        }
        return { node: { kind: 'join', joinKind: kind, left, right, on, output, columns: b.schema } };
      }
      case 'union': {
        if (part) throw new PlanError('union inside mv-apply is not supported');
        const inputs = b.inputs.map((i) => {
          const n = this.lower(i, false).node;
          // Hidden columns of an input (an ordered sub-query) are dropped to align the inputs.
          if (!n.columns.some((c) => c.name.startsWith('__'))) return n;
          return project(n, i.schema.map((c) => ({ name: c.name, expr: col(c.name, c.type) })));
        });
        return { node: { kind: 'union', inputs, source: b.withSource, columns: b.schema } };
      }
      case 'mvExpand': {
        const c0 = this.lower(b.input, want, part);
        const pre = precompute(c0.node, b.items);
        const c = { node: pre.node, ord: c0.ord };
        const items = pre.items;
        const names = new Set(items.map((i) => i.name));
        const columns: Column[] = [...b.schema, ...hidden(c.node).filter((h) => !names.has(h.name))];
        if (!c.ord) {
          return { node: { kind: 'unnest', input: c.node, items, bagExpansion: b.bagExpansion, itemIndex: b.itemIndex, limit: b.limit, columns } };
        }
        const un: IrNode = {
          kind: 'unnest', input: c.node, items, bagExpansion: b.bagExpansion, itemIndex: b.itemIndex, limit: b.limit,
          orderColumn: { input: c.ord, output: IDX }, columns: [...columns, { name: IDX, type: 'long' }],
        };
        const keys: IrSortKey[] = [
          { expr: col(c.ord, 'long'), descending: false, nullsFirst: false },
          { expr: col(IDX, 'long'), descending: false, nullsFirst: false },
        ];
        const withOrd = extend(un, [{ name: ORD, expr: rowNumber() }], { windowOrderKeys: keys, windowPartition: part ? [part.rid] : undefined });
        const dropIdx = project(withOrd, withOrd.columns.filter((x) => x.name !== IDX).map((x) => ({ name: x.name, expr: col(x.name, x.type) })));
        return { node: dropIdx, ord: ORD };
      }
      case 'mvApply': {
        // Inside another mv-apply (or partition) the input rows carry the outer row id: this
        // apply numbers its own input rows under a new hidden name and passes the outer id
        // through, so that the outer sub-query's operators still work per outer row.
        const rid = part ? `${part.rid}_` : RID;
        const c = this.lower(b.input, false, part);
        const pre = precompute(extend(c.node, [{ name: rid, expr: rowNumber() }]), b.items);
        const withRid = pre.node;
        const items = pre.items;
        // Replaced columns keep their position in the expanded rows.
        const expandedCols: Column[] = [];
        for (const x of withRid.columns) {
          const it = items.find((i) => i.name === x.name);
          expandedCols.push(it ? { name: x.name, type: it.type } : x);
        }
        for (const i of items) if (!withRid.columns.some((x) => x.name === i.name)) expandedCols.push({ name: i.name, type: i.type });
        if (b.itemIndex) expandedCols.push({ name: b.itemIndex, type: 'long' });
        const context: IrNode = { kind: 'unnest', input: withRid, items, bagExpansion: 'bag', itemIndex: b.itemIndex, limit: b.limit, columns: expandedCols };
        const sub = this.lower(b.subquery, false, { rid, context }).node;
        const subNames = new Set(b.subquery.schema.map((x) => x.name));
        const output = b.schema.map((x) => (subNames.has(x.name)
          ? { side: 'sub' as const, column: x.name, name: x.name }
          : { side: 'input' as const, column: x.name, name: x.name }));
        const columns: Column[] = [...b.schema];
        if (part) {
          output.push({ side: 'input' as const, column: part.rid, name: part.rid });
          columns.push({ name: part.rid, type: 'long' });
        }
        return { node: { kind: 'apply', input: withRid, sub, rowId: rid, output, columns } };
      }
      case 'partition': {
        // The sub-query's operators work per partition: the key is carried as a hidden column
        // that summarize groups by, take/top/sort rank within, and window functions partition by.
        if (part) throw new PlanError('nested partition is not supported', b.span?.start, b.span?.end);
        const c = this.lower(b.input, false);
        const context = extend(c.node, [{ name: PART, expr: b.key }]);
        return { node: this.lower(b.subquery, false, { rid: PART, context }).node };
      }
      case 'contextRows':
        if (!part) throw new PlanError('internal: context rows outside mv-apply');
        return { node: part.context };
      case 'parse': {
        const c = this.lower(b.input, want, part);
        const total = countGroups(b.regex);
        const struct: BExpr = { kind: 'call', fn: internalFn('__parse_struct'), args: [b.source, lit(b.regex), lit(String(total))], signature: 0, type: 'dynamic' };
        const matched: BExpr = { kind: 'call', fn: internalFn('__parse_matched'), args: [b.source, lit(b.regex)], signature: 0, type: 'bool' };
        const p1 = extend(c.node, [{ name: '__parse', expr: struct }]);
        const values = b.columns.map((x, i) => {
          const field: BExpr = { kind: 'call', fn: internalFn('__parse_field'), args: [col('__parse', 'dynamic'), lit(String(b.groups[i]))], signature: 0, type: 'string' };
          return { name: `__pv${i}`, expr: x.type === 'string' ? field : ({ kind: 'convert', type: x.type, expr: field } as BExpr) };
        });
        let p2: IrNode = extend(p1, values);
        // Strict kinds (simple, regex): one typed column that does not convert fails the whole match.
        const typed = b.columns.map((x, i) => ({ x, i })).filter(({ x }) => x.type !== 'string');
        const strict = b.parseKind !== 'relaxed' && typed.length > 0;
        const okExpr: BExpr = strict
          ? typed.map(({ i }) => ({ kind: 'op', op: 'isnotnull', args: [col(`__pv${i}`, b.columns[i]!.type)], type: 'bool' }) as BExpr)
            .reduce((a, x) => ({ kind: 'op', op: 'and', args: [a, x], type: 'bool' }))
          : { kind: 'literal', type: 'bool', value: true };
        if (b.where) {
          const pred: BExpr = strict ? { kind: 'op', op: 'and', args: [matched, okExpr], type: 'bool' } : matched;
          p2 = { kind: 'filter', input: p2, predicate: pred, columns: p2.columns };
        }
        const parsed = new Map(b.columns.map((x, i) => [x.name, i]));
        const exprs: NamedExpr[] = b.schema.map((x) => {
          const i = parsed.get(x.name);
          if (i === undefined) return { name: x.name, expr: col(x.name, x.type) };
          const v = col(`__pv${i}`, x.type);
          if (!strict || b.where) return { name: x.name, expr: v };
          const fallback: BExpr = { kind: 'literal', type: x.type, value: x.type === 'string' ? '' : null };
          return { name: x.name, expr: { kind: 'case', whens: [{ when: okExpr, then: v }], else: fallback, type: x.type } };
        });
        const carry = hidden(c.node).map((h) => ({ name: h.name, expr: col(h.name, h.type) }));
        return { node: project(p2, [...exprs, ...carry]), ord: c.ord };
      }
      case 'makeSeries': {
        if (part) throw new PlanError('make-series inside mv-apply is not supported');
        const c = this.lower(b.input, false);
        return {
          node: {
            kind: 'makeSeries', input: c.node, keys: b.by,
            aggs: b.aggregates.map((a) => ({ name: a.name, expr: a.agg, default: a.default })),
            axis: b.axis, axisName: b.axisName, axisType: b.axis.type, from: b.from, to: b.to, step: b.step, nonEmpty: b.nonEmpty, columns: b.schema,
          },
        };
      }
      case 'ref': {
        if (part) return this.lower(b.target, want, part);
        let cte = this.ctes.get(b);
        if (!cte) {
          const t = this.lower(b.target, false).node;
          cte = { kind: 'cte', name: `${sanitize(b.name)}_${++this.cteCounter}`, input: t, materialize: b.materialize, columns: t.columns };
          this.ctes.set(b, cte);
        }
        return { node: cte };
      }
      case 'evaluate': {
        if (b.plugin === 'pivot') return { node: this.pivot(b, part) };
        const input = b.input ? this.lower(b.input, false, part).node : undefined;
        return { node: { kind: 'plugin', name: b.plugin, input, args: b.args, data: b.data, columns: b.schema } };
      }
      case 'externalData':
        return { node: { kind: 'external', paths: b.paths, format: b.format, skip: b.skip, columns: b.schema } };
      case 'topNested':
        return { node: this.topNested(b, part) };
    }
  }
}

/**
 * mv-expand/mv-apply items that are not plain columns are computed first into hidden columns, so
 * that the expansion reads each value once (and sub-queries stay outside the expansion's lambdas).
 */
function precompute(node: IrNode, items: ReadonlyArray<{ name: string; expr: BExpr; type: ScalarType }>): { node: IrNode; items: Array<{ name: string; expr: BExpr; type: ScalarType }> } {
  const extra: NamedExpr[] = [];
  const out = items.map((it, i) => {
    if (it.expr.kind === 'column' || isColumnPath(it.expr)) return { name: it.name, expr: it.expr, type: it.type };
    const name = `__mv${i}`;
    extra.push({ name, expr: it.expr });
    return { name: it.name, expr: col(name, it.expr.type), type: it.type };
  });
  if (extra.length === 0) return { node, items: out };
  return { node: extend(node, extra), items: out };
}

/**
 * A constant member/index chain on a column (`Properties.Privileges`, `d["a"][0]`): left in place
 * so that a dialect can expand the array at that path in one pass over the column's JSON text
 * instead of extracting the member and then parsing it again (bench/query Q8).
 */
function isColumnPath(e: BExpr): boolean {
  let cur = e;
  let steps = 0;
  for (;;) {
    if (cur.kind === 'member') cur = cur.target;
    else if (cur.kind === 'index' && cur.index.kind === 'literal' && (typeof cur.index.value === 'bigint' || typeof cur.index.value === 'number')) cur = cur.target;
    else break;
    steps++;
  }
  return steps > 0 && cur.kind === 'column';
}

function referenced(e: BExpr, out: Set<string>): boolean {
  switch (e.kind) {
    case 'column': out.add(e.name); return true;
    case 'op': return e.args.every((a) => referenced(a, out));
    case 'call': return !e.fn.volatile && e.fn.kind !== 'window' && e.args.every((a) => referenced(a, out));
    case 'convert': return referenced(e.expr, out);
    case 'member': return referenced(e.target, out);
    case 'index': return referenced(e.target, out) && referenced(e.index, out);
    case 'case': return e.whens.every((w) => referenced(w.when, out) && referenced(w.then, out)) && referenced(e.else, out);
    case 'literal': case 'parameter': return true;
    default: return false;
  }
}

/**
 * A filter after an innerunique join that reads only left-side columns runs before the left
 * side's de-duplication, as Kusto pushes it (join-innerunique.md: the filter is propagated to the
 * left side, and the rows that satisfy it appear in the output).
 */
function pushIntoInnerunique(b: Extract<BTabular, { kind: 'where' }>): BTabular | undefined {
  const j = b.input;
  if (j.kind !== 'join' || j.joinKind !== 'innerunique' || j.lookup) return undefined;
  const cols = new Set<string>();
  if (!referenced(b.predicate, cols)) return undefined;
  const fromLeft = (n: string) => j.output.some((o) => o.name === n && o.side === 'left' && o.column === n);
  if (cols.size === 0 || ![...cols].every(fromLeft)) return undefined;
  const left: BTabular = { kind: 'where', input: j.left, predicate: b.predicate, schema: j.left.schema };
  return { ...j, left };
}

/** Rewrites every aggregate of `e` to consider only the rows where `cond` holds. */
function restrictAggregates(e: BExpr, cond: BExpr): BExpr {
  switch (e.kind) {
    case 'aggregate': {
      if (e.fn.name === 'count' && e.args.length === 0) {
        return { ...e, fn: catalogue.get('countif')!, args: [cond] };
      }
      const only = (x: BExpr): BExpr => ({ kind: 'call', fn: catalogue.get('__null_unless')!, args: [cond, x], signature: 0, type: x.type });
      return { ...e, args: e.args.map(only) };
    }
    case 'op': case 'call': return { ...e, args: e.args.map((a) => restrictAggregates(a, cond)) } as BExpr;
    case 'convert': return { ...e, expr: restrictAggregates(e.expr, cond) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: restrictAggregates(w.when, cond), then: restrictAggregates(w.then, cond) })), else: restrictAggregates(e.else, cond) };
    default: return e;
  }
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function lit(s: string): BExpr {
  return { kind: 'literal', type: 'string', value: s };
}

/** Internal functions the planner uses; each dialect prints them (see its functions table). */
const INTERNAL = new Map<string, import('../catalogue/index.js').FunctionDef>();
export function internalFn(name: string): import('../catalogue/index.js').FunctionDef {
  let f = INTERNAL.get(name);
  if (!f) {
    f = { name, kind: 'scalar', signatures: [], naming: { kind: 'none' }, volatile: false };
    INTERNAL.set(name, f);
  }
  return f;
}

export function planQuery(q: BoundQuery): IrQuery {
  return new Planner().plan(q);
}
