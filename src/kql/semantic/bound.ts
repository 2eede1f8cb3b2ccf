// The bound (typed) tree: the binder's output. Every scalar expression carries its KQL type,
// every tabular node its output schema. Names are resolved: columns by name against the input
// schema, `let` scalars and user functions are expanded in place, tabular `let`s become shared
// `ref` nodes. The planner (SQL) and the row compiler (DCR transforms) both consume this tree;
// it carries no SQL and no engine knowledge.
//
// Value encodings (same as the syntax tree's literals):
//   bool boolean · int number · long bigint · real number · decimal string · string string
//   datetime bigint (100 ns ticks since 1970-01-01Z) · timespan bigint (100 ns ticks)
//   guid string (lower case) · dynamic a JSON-compatible JS value (DynamicValue)

import type { Span } from '../syntax/ast.js';
import type { Column, ScalarType } from './types.js';
import type { FunctionDef } from '../catalogue/index.js';

export type DynamicValue = null | boolean | number | string | DynamicValue[] | { [key: string]: DynamicValue };

export type ScalarValue = null | boolean | number | bigint | string | DynamicValue;

interface BExprBase {
  type: ScalarType;
  span?: Span;
}

export interface BLiteral extends BExprBase {
  kind: 'literal';
  value: ScalarValue;
}

/** A column of the operator's input row. */
export interface BColumn extends BExprBase {
  kind: 'column';
  name: string;
}

/** A query parameter (`declare query_parameters`) or a value supplied through the API. */
export interface BParameter extends BExprBase {
  kind: 'parameter';
  name: string;
}

/**
 * Built-in operators. `args` holds the operands (for `in`-like operators: the left operand first,
 * then the list items, already flattened when they were constants).
 *  arithmetic: + - * / %     unary: neg not
 *  comparison: == != < <= > >= =~ !~
 *  string: has !has has_cs !has_cs contains !contains contains_cs !contains_cs startswith …
 *          hasprefix … hassuffix … endswith … like notlike likecs notlikecs "matches regex"
 *  logical: and or           sets: in !in in~ !in~ has_any has_all
 *  range: between !between (args: value, low, high)
 */
export interface BOperator extends BExprBase {
  kind: 'op';
  op: string;
  args: BExpr[];
  /** For comparisons: the type both operands are compared in (S15). */
  operandType?: ScalarType;
}

/** `x in (T | project c)`: membership in the first column of a tabular expression. */
export interface BInTable extends BExprBase {
  kind: 'inTable';
  op: 'in' | '!in' | 'in~' | '!in~' | 'has_any' | 'has_all';
  left: BExpr;
  table: BTabular;
}

/** A call of a built-in scalar or window function. */
export interface BCall extends BExprBase {
  kind: 'call';
  fn: FunctionDef;
  args: BExpr[];
  /** The signature that matched (index into fn.signatures). */
  signature: number;
}

/** An aggregate call; only inside `summarize`-like operators. */
export interface BAggregate extends BExprBase {
  kind: 'aggregate';
  fn: FunctionDef;
  args: BExpr[];
  signature: number;
}

/** `d.key` / `d["key"]` (member) and `d[i]` (index) on a dynamic value; result is dynamic. */
export interface BMember extends BExprBase {
  kind: 'member';
  target: BExpr;
  key: string;
}
export interface BIndex extends BExprBase {
  kind: 'index';
  target: BExpr;
  index: BExpr;
}

/** An implicit or explicit-by-rule conversion between scalar types. */
export interface BConvert extends BExprBase {
  kind: 'convert';
  expr: BExpr;
}

/** `toscalar(T)`: the first column of the first row of a tabular expression. */
export interface BScalarQuery extends BExprBase {
  kind: 'scalarQuery';
  query: BTabular;
}

/** `case(c1, v1, c2, v2, …, else)` and `iff`: kept as one node for readable output. */
export interface BCase extends BExprBase {
  kind: 'case';
  whens: Array<{ when: BExpr; then: BExpr }>;
  else: BExpr;
}

export type BExpr =
  | BLiteral
  | BColumn
  | BParameter
  | BOperator
  | BInTable
  | BCall
  | BAggregate
  | BMember
  | BIndex
  | BConvert
  | BScalarQuery
  | BCase;

// ---------------------------------------------------------------------------------------------
// Tabular nodes

interface BTabBase {
  schema: Column[];
  span?: Span;
}

export interface NamedExpr {
  name: string;
  expr: BExpr;
}

/** A table of the workspace (schema from the schema provider). */
export interface BTable extends BTabBase {
  kind: 'table';
  name: string;
}

/** `datatable(...) [...]`: rows of constant expressions. */
export interface BDataTable extends BTabBase {
  kind: 'datatable';
  rows: BExpr[][];
}

/** One row with no columns: the source of `print`. */
export interface BSingleRow extends BTabBase {
  kind: 'singleRow';
}

/** `range c from a to b step s`. */
export interface BRange extends BTabBase {
  kind: 'range';
  column: string;
  from: BExpr;
  to: BExpr;
  step: BExpr;
}

export interface BWhere extends BTabBase {
  kind: 'where';
  input: BTabular;
  predicate: BExpr;
}

/**
 * Every projection-like operator (`project`, `extend`, `project-away/-keep/-rename/-reorder`,
 * `print`, `serialize x = …`): the output columns in order, each an expression over the input.
 * Expressions may contain window functions (`prev`, `row_number`, …) when the input is serialized.
 */
export interface BProject extends BTabBase {
  kind: 'project';
  input: BTabular;
  columns: NamedExpr[];
  /** Which operator produced it (for messages and for the row compiler's subset checks). */
  origin: string;
}

/**
 * One item of `summarize`: an expression over aggregates (`count()`, `round(avg(x), 2)`), or a
 * multi-column aggregate (arg_max/arg_min: the extreme value then the other arguments' values at
 * it; take_any with several arguments; percentiles: one column per percentage), in which case
 * `expr` is that aggregate itself and `names` has one entry per output column.
 */
export interface BAggItem {
  names: string[];
  /** Output types, parallel to `names`. */
  types: ScalarType[];
  expr: BExpr;
}

/** `summarize aggs by keys` (also `distinct`, `count`). Output: keys, then aggregates. */
export interface BSummarize extends BTabBase {
  kind: 'summarize';
  input: BTabular;
  by: NamedExpr[];
  aggregates: BAggItem[];
}

export interface BSortKey {
  expr: BExpr;
  descending: boolean;
  nullsFirst: boolean;
}

export interface BSort extends BTabBase {
  kind: 'sort';
  input: BTabular;
  keys: BSortKey[];
}

/** `take n` (no order) / `top n by keys` (keys present). */
export interface BTake extends BTabBase {
  kind: 'take';
  input: BTabular;
  count: BExpr;
  keys?: BSortKey[];
}

/** `serialize`: marks the row set as ordered (as-is) so that window functions may run. */
export interface BSerialize extends BTabBase {
  kind: 'serialize';
  input: BTabular;
}

export type JoinKind =
  | 'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter'
  | 'leftanti' | 'rightanti' | 'leftsemi' | 'rightsemi';

/**
 * `join` and `lookup`. Output schema: for semi/anti joins the kept side's columns; otherwise the
 * left columns then the right columns, where a right column whose name exists on the left gets
 * the Kusto suffix (`x1`) — except join keys of the same name with `lookup`, which appear once.
 */
export interface BJoin extends BTabBase {
  kind: 'join';
  joinKind: JoinKind;
  left: BTabular;
  right: BTabular;
  /** Equality conditions (left column == right column). */
  on: Array<{ left: string; right: string }>;
  /** For each output column: which side and which input column it comes from. */
  output: Array<{ side: 'left' | 'right'; column: string; name: string }>;
  lookup: boolean;
}

/** `union`: output columns are the union of the inputs' columns (by name, first appearance order). */
export interface BUnion extends BTabBase {
  kind: 'union';
  inputs: BTabular[];
  /** `withsource=Name`: a first column holding each row's source name. */
  withSource?: { column: string; names: string[] };
  /** `kind=inner`: only columns common to all inputs. */
  inner: boolean;
}

export interface BExpandItem {
  /** Output column (replaces a column of that name, or is appended). */
  name: string;
  expr: BExpr;
  /** `to typeof(T)`: the expanded values' type; dynamic otherwise. */
  type: ScalarType;
}

/** `mv-expand`: one row per element of the arrays (zipped), property bags expand to {key: value}. */
export interface BMvExpand extends BTabBase {
  kind: 'mvExpand';
  input: BTabular;
  items: BExpandItem[];
  /** `bagexpansion=array` produces `[key, value]` pairs instead of single-key bags. */
  bagExpansion: 'bag' | 'array';
  itemIndex?: string;
  limit?: BExpr;
}

/**
 * `mv-apply`: for each input row, expand the items, run `subquery` over the expanded rows (whose
 * schema is the input's plus the items), and append its result rows.
 */
export interface BMvApply extends BTabBase {
  kind: 'mvApply';
  input: BTabular;
  items: BExpandItem[];
  itemIndex?: string;
  limit?: BExpr;
  subquery: BTabular;
}

/**
 * `partition by Key (SubQuery)`: the sub-query runs once per distinct value of `key` over that
 * value's rows (read through `contextRows`); the results are concatenated.
 */
export interface BPartition extends BTabBase {
  kind: 'partition';
  input: BTabular;
  key: BExpr;
  subquery: BTabular;
}

/** The row source inside an `mv-apply` (or `partition`) sub-query. */
export interface BContextRows extends BTabBase {
  kind: 'contextRows';
}

/**
 * `parse` / `parse-where`: the pattern compiled to one regular expression (RE2 syntax) whose
 * capture groups, in order, give the `columns`; each extracted string is converted to its column
 * type. `where` drops non-matching rows (parse-where); plain `parse` yields "" / null then.
 */
export interface BParse extends BTabBase {
  kind: 'parse';
  input: BTabular;
  source: BExpr;
  regex: string;
  columns: Column[];
  /** Capture group number (1-based) of each column; regex-mode patterns may have groups of their own. */
  groups: number[];
  /** `simple`: a typed column that does not convert fails the whole match; `relaxed`/`regex`: only that column. */
  parseKind: 'simple' | 'regex' | 'relaxed';
  where: boolean;
}

/** `make-series`: aggregates per `by` group into arrays over a regular axis. */
export interface BMakeSeries extends BTabBase {
  kind: 'makeSeries';
  input: BTabular;
  aggregates: Array<{ name: string; agg: BAggregate; default: BExpr }>;
  axis: BExpr;
  axisName: string;
  from?: BExpr;
  to?: BExpr;
  step: BExpr;
  by: NamedExpr[];
  /** `kind=nonempty`: an empty input still yields one row of defaults (without `by`). */
  nonEmpty: boolean;
}

/** A shared tabular sub-tree (`let T = …;` used once or more, `materialize(...)`). */
export interface BRef extends BTabBase {
  kind: 'ref';
  name: string;
  target: BTabular;
  materialize: boolean;
  /** Named by `as Name` (the name `union withsource=` reports). */
  alias?: string;
}

/** `evaluate plugin(...)`. Arguments are bound against the input; `schema` is the output. */
export interface BEvaluate extends BTabBase {
  kind: 'evaluate';
  input?: BTabular;
  plugin: string;
  args: BExpr[];
  /** Named options (`columnsConflict='replace_source'`). */
  options: Record<string, BExpr>;
  /** Plugin-specific data decided at bind time (e.g. the pivot's output columns). */
  data?: unknown;
}

/**
 * `externaldata`: rows read from files (the URIs mapped to local paths by the caller). Every column
 * is read as text and converted to its declared type.
 */
export interface BExternalData extends BTabBase {
  kind: 'externalData';
  paths: string[];
  format: 'csv' | 'tsv' | 'json' | 'txt';
  /** Lines skipped at the start of each file (`ignoreFirstRecord=true`). */
  skip: number;
}

/** `sample n`: n arbitrary rows, chosen at random. */
export interface BSample extends BTabBase {
  kind: 'sample';
  input: BTabular;
  count: BExpr;
}

/** `top-nested` clauses, applied level by level. */
export interface BTopNested extends BTabBase {
  kind: 'topNested';
  input: BTabular;
  levels: Array<{
    count?: BExpr;
    of: NamedExpr;
    aggName: string;
    agg: BAggregate;
    others?: BExpr;
    descending: boolean;
  }>;
}

export type BTabular =
  | BTable
  | BDataTable
  | BSingleRow
  | BRange
  | BWhere
  | BProject
  | BSummarize
  | BSort
  | BTake
  | BSerialize
  | BJoin
  | BUnion
  | BMvExpand
  | BMvApply
  | BContextRows
  | BParse
  | BMakeSeries
  | BRef
  | BEvaluate
  | BSample
  | BTopNested
  | BExternalData
  | BPartition;

/** Result metadata from `render` (kept, not executed). */
export interface RenderInfo {
  visualization: string;
  properties: Record<string, unknown>;
}

/** The bound query: the result expression (tabular or scalar) and its metadata. */
export interface BoundQuery {
  /** The tabular result (a scalar result is wrapped as a one-row, one-column table). */
  root: BTabular;
  columns: Column[];
  render?: RenderInfo;
}
