// The relational intermediate representation produced by the planner and printed by a SQL dialect.
// It is close to SQL's relational algebra but carries KQL's types and scalar expressions (the
// bound tree's expressions, see semantic/bound.ts), so that a dialect decides every piece of SQL
// text. Every node lists its output columns in order; names starting with `__` are hidden
// columns the planner adds (row order, mv-apply row ids) and never reach the user.

import type { BExpr, NamedExpr } from '../semantic/bound.js';
import type { Column, ScalarType } from '../semantic/types.js';

export interface IrSortKey {
  expr: BExpr;
  descending: boolean;
  nullsFirst: boolean;
}

interface IrBase {
  columns: Column[];
}

export interface IrScan extends IrBase { kind: 'scan'; table: string }
export interface IrValues extends IrBase { kind: 'values'; rows: BExpr[][] }
/** One row, no columns (the source of `print`). */
export interface IrSingleRow extends IrBase { kind: 'singleRow' }
/** `range`: one column from `from` to `to` inclusive by `step`. */
export interface IrRange extends IrBase { kind: 'range'; type: ScalarType; from: BExpr; to: BExpr; step: BExpr }

export interface IrProject extends IrBase {
  kind: 'project';
  input: IrNode;
  exprs: NamedExpr[];
  /** Row order for window functions in `exprs` (hidden ordering column of the input). */
  windowOrder?: string;
  /** Explicit window ordering (row_number over sort keys), instead of `windowOrder`. */
  windowOrderKeys?: IrSortKey[];
  /** Partition for window functions (mv-apply sub-queries). */
  windowPartition?: string[];
}

export interface IrFilter extends IrBase { kind: 'filter'; input: IrNode; predicate: BExpr }

export interface IrAggregateItem {
  name: string;
  /** An expression over aggregate calls. */
  expr: BExpr;
  /** For multi-output aggregates (arg_max …): which output of `expr` (0-based). */
  output?: number;
}

export interface IrAggregate extends IrBase {
  kind: 'aggregate';
  input: IrNode;
  keys: NamedExpr[];
  aggs: IrAggregateItem[];
}

/** ORDER BY keys LIMIT count (keys may be empty: any `count` rows). */
export interface IrLimit extends IrBase {
  kind: 'limit';
  input: IrNode;
  count: BExpr;
  keys: IrSortKey[];
  /** Per-partition limit (mv-apply sub-queries): `row_number() over (partition by …)`. */
  partition?: string[];
}

/** Keeps one arbitrary row per key (the left side of `innerunique`). */
export interface IrDedupe extends IrBase { kind: 'dedupe'; input: IrNode; keys: string[] }

export interface IrSample extends IrBase { kind: 'sample'; input: IrNode; count: BExpr }

export type IrJoinKind = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

export interface IrJoin extends IrBase {
  kind: 'join';
  joinKind: IrJoinKind;
  left: IrNode;
  right: IrNode;
  on: Array<{ left: string; right: string }>;
  /** Output columns: from which side and column. */
  output: Array<{ side: 'left' | 'right'; column: string; name: string }>;
}

export interface IrUnion extends IrBase {
  kind: 'union';
  inputs: IrNode[];
  /** Adds a first column with each input's name. */
  source?: { column: string; names: string[] };
}

export interface IrUnnestItem {
  name: string;
  /** The dynamic value to expand. */
  expr: BExpr;
  type: ScalarType;
}

/** `mv-expand`: one row per element of the (zipped) arrays; other columns repeat. */
export interface IrUnnest extends IrBase {
  kind: 'unnest';
  input: IrNode;
  items: IrUnnestItem[];
  bagExpansion: 'bag' | 'array';
  itemIndex?: string;
  limit?: BExpr;
  /** Hidden order column to produce (input order, then element order), when order is kept. */
  orderColumn?: { input: string; output: string };
}

/** A named common table expression, shared by several readers (`let`, `materialize`). */
export interface IrCte extends IrBase { kind: 'cte'; name: string; input: IrNode; materialize: boolean }

/** `make-series`. */
export interface IrMakeSeries extends IrBase {
  kind: 'makeSeries';
  input: IrNode;
  keys: NamedExpr[];
  aggs: Array<{ name: string; expr: BExpr; default: BExpr }>;
  axis: BExpr;
  axisName: string;
  axisType: ScalarType;
  from?: BExpr;
  to?: BExpr;
  step: BExpr;
  nonEmpty: boolean;
}

/** Join-back of an mv-apply sub-query result to its input rows by hidden row id. */
export interface IrApply extends IrBase {
  kind: 'apply';
  input: IrNode;
  sub: IrNode;
  rowId: string;
  output: Array<{ side: 'input' | 'sub'; column: string; name: string }>;
}

/** Rows read from files (externaldata), each column as text, converted by the printer. */
export interface IrExternal extends IrBase {
  kind: 'external';
  paths: string[];
  format: 'csv' | 'tsv' | 'json' | 'txt';
  skip: number;
}

/** `evaluate` plugins and other dialect-printed nodes. */
export interface IrPlugin extends IrBase {
  kind: 'plugin';
  name: string;
  input?: IrNode;
  args: BExpr[];
  data?: unknown;
}

export type IrNode =
  | IrScan | IrValues | IrSingleRow | IrRange | IrProject | IrFilter | IrAggregate | IrLimit | IrDedupe
  | IrSample | IrJoin | IrUnion | IrUnnest | IrCte | IrMakeSeries | IrApply | IrPlugin | IrExternal;

/** The planned query: the root relation, its visible output columns and final row order. */
export interface IrQuery {
  root: IrNode;
  /** Visible output columns, in order. */
  columns: Column[];
  /** Final ORDER BY (keys over the root's columns), when the query fixes an order. */
  orderBy?: IrSortKey[];
}
