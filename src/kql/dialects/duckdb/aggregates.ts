// Aggregation functions in DuckDB SQL. Multi-output aggregates (arg_max, arg_min, take_any,
// percentiles) receive the output index. Nulls are ignored (S5); count-like aggregates and make_*
// give 0 / [] on empty input.

import type { ScalarType } from '../../semantic/types.js';
import { numberLiteralOf, type Arg, type EmitContext } from './template.js';

export type AggregateEmitter = (args: Arg[], ctx: EmitContext, output: number) => string;

function json(a: Arg, c: EmitContext): string {
  return a.type === 'dynamic' ? a.sql : c.convert(a.sql, a.type, 'dynamic');
}

const castTo = (t: ScalarType, sql: string): string =>
  t === 'long' || t === 'timespan' ? `CAST(${sql} AS BIGINT)` : t === 'int' ? `CAST(${sql} AS INTEGER)` : sql;

function sum(x: Arg, where?: string): string {
  const s = `sum(${x.sql})${where ? ` FILTER (WHERE ${where})` : ''}`;
  return x.type === 'real' || x.type === 'decimal' ? `COALESCE(${s}, 0)` : `COALESCE(CAST(${s} AS BIGINT), 0)`;
}

function avg(x: Arg, where?: string): string {
  const f = where ? ` FILTER (WHERE ${where})` : '';
  if (x.type === 'timespan') return `CAST(avg(${x.sql})${f} AS BIGINT)`;
  if (x.type === 'datetime') return `make_timestamp(CAST(avg(epoch_us(${x.sql}))${f} AS BIGINT))`;
  return `avg(${x.sql})${f}`;
}

function makeList(x: Arg, c: EmitContext, opts: { distinct: boolean; where?: string; max?: Arg; nulls?: boolean }): string {
  const cond = [opts.nulls ? undefined : `${x.sql} IS NOT NULL`, opts.where].filter(Boolean).join(' AND ');
  const filter = cond ? ` FILTER (WHERE ${cond})` : '';
  let l: string;
  if (opts.distinct) {
    // make_set: arrays contribute their elements; the set's order is undefined in Kusto (S11),
    // Vigil returns it sorted so that results are reproducible.
    l = x.type === 'dynamic'
      ? `list_sort(list_distinct(flatten(list(CASE WHEN json_type(${x.sql}) = 'ARRAY' THEN CAST(${x.sql} AS JSON[]) ELSE [${x.sql}] END)${filter})))`
      : `list_transform(list_sort(list_distinct(list(${x.sql})${filter})), v -> ${c.convert('v', x.type, 'dynamic')})`;
  } else {
    l = `list(${json(x, c)})${filter}`;
  }
  const max = opts.max ? numberLiteralOf(opts.max) : undefined;
  if (max !== undefined) l = `list_slice(${l}, 1, ${max})`;
  return `COALESCE(to_json(${l}), CAST('[]' AS JSON))`;
}

function makeBag(x: Arg, where?: string): string {
  const cond = [`json_type(${x.sql}) = 'OBJECT'`, where].filter(Boolean).join(' AND ');
  return `COALESCE(list_reduce(list(${x.sql}) FILTER (WHERE ${cond}), (a, b) -> json_merge_patch(b, a)), CAST('{}' AS JSON))`;
}

/** Nearest-rank percentile (the smallest value with at least p% of values ≤ it). */
function percentile(x: Arg, p: string, where?: string): string {
  const f = where ? ` FILTER (WHERE ${where})` : '';
  const cond = `${x.sql} IS NOT NULL${where ? ` AND ${where}` : ''}`;
  void f;
  const sorted = `list_sort(list(${x.sql}) FILTER (WHERE ${cond}))`;
  return `${sorted}[CAST(greatest(1, ceil((${p}) / 100.0 * len(${sorted}))) AS BIGINT)]`;
}

/**
 * Weighted nearest-rank percentile: the smallest value whose cumulative weight (values in
 * ascending order) reaches p% of the total weight — the definition that gives the documented
 * percentilesw outputs (weights 8, 6, 3, 1 of 10, 20, 30, 40 → 20, 20, 40 at 50, 75, 99.9).
 * One pass over the sorted (value, weight) list with a (cumulative, result, target) accumulator.
 */
function weightedPercentile(x: Arg, w: Arg, p: string, c: EmitContext): string {
  const cond = `${x.sql} IS NOT NULL AND ${w.sql} IS NOT NULL AND ${w.sql} > 0`;
  const pairs = `list_sort(list({'pv': ${x.sql}, 'pw': ${w.sql}}) FILTER (WHERE ${cond}))`;
  const total = `sum(${w.sql}) FILTER (WHERE ${cond})`;
  const t = SQL_TYPES[x.type] ?? 'DOUBLE';
  void c;
  return `(list_reduce(${pairs}, (a, e) -> {'pc': a.pc + e.pw, 'pr': CASE WHEN a.pr IS NULL AND a.pc + e.pw >= a.pt THEN e.pv ELSE a.pr END, 'pt': a.pt}, ` +
    `{'pc': CAST(0 AS DOUBLE), 'pr': CAST(NULL AS ${t}), 'pt': (${p}) / 100.0 * ${total}})).pr`;
}

const SQL_TYPES: Partial<Record<ScalarType, string>> = {
  int: 'INTEGER', long: 'BIGINT', real: 'DOUBLE', decimal: 'DECIMAL(38,18)', datetime: 'TIMESTAMP', timespan: 'BIGINT',
};

/** The percentiles of a `percentiles_array`-style argument list: numbers, or one dynamic array literal. */
function percentArgs(args: Arg[]): string[] {
  return args.flatMap((a) => {
    const v = a.literal?.value;
    if (a.type === 'dynamic' && Array.isArray(v)) return v.map((x) => String(Number(x)));
    return [a.sql];
  });
}

export const AGGREGATES: Record<string, AggregateEmitter> = {
  // (the group's values as one JSON array, typed by a JS session function: functions-js.ts)
  buildschema: ([x], c) => `kql_buildschema_of_list(to_json(list(${json(x!, c)})))`,
  // count(x) counts rows, as the docs show (summarize-operator.md, default values).
  count: () => 'count(*)',
  countif: ([p]) => `count(*) FILTER (WHERE ${p!.sql})`,
  dcount: ([x]) => `count(DISTINCT ${x!.sql})`,
  dcountif: ([x, p]) => `count(DISTINCT ${x!.sql}) FILTER (WHERE ${p!.sql})`,
  count_distinct: ([x]) => `count(DISTINCT ${x!.sql})`,
  count_distinctif: ([x, p]) => `count(DISTINCT ${x!.sql}) FILTER (WHERE ${p!.sql})`,
  sum: ([x]) => sum(x!),
  sumif: ([x, p]) => sum(x!, p!.sql),
  avg: ([x]) => avg(x!),
  avgif: ([x, p]) => avg(x!, p!.sql),
  min: ([x]) => `min(${x!.sql})`,
  max: ([x]) => `max(${x!.sql})`,
  minif: ([x, p]) => `min(${x!.sql}) FILTER (WHERE ${p!.sql})`,
  maxif: ([x, p]) => `max(${x!.sql}) FILTER (WHERE ${p!.sql})`,
  make_set: ([x, m], c) => makeList(x!, c, { distinct: true, max: m }),
  makeset: ([x, m], c) => makeList(x!, c, { distinct: true, max: m }),
  make_set_if: ([x, p, m], c) => makeList(x!, c, { distinct: true, where: p!.sql, max: m }),
  make_list: ([x, m], c) => makeList(x!, c, { distinct: false, max: m }),
  makelist: ([x, m], c) => makeList(x!, c, { distinct: false, max: m }),
  make_list_if: ([x, p, m], c) => makeList(x!, c, { distinct: false, where: p!.sql, max: m }),
  make_list_with_nulls: ([x], c) => makeList(x!, c, { distinct: false, nulls: true }),
  make_bag: ([x]) => makeBag(x!),
  make_bag_if: ([x, p]) => makeBag(x!, p!.sql),
  stdev: ([x]) => 'stddev_samp(' + x!.sql + ')',
  stdevif: ([x, p]) => `stddev_samp(${x!.sql}) FILTER (WHERE ${p!.sql})`,
  stdevp: ([x]) => `stddev_pop(${x!.sql})`,
  variance: ([x]) => `var_samp(${x!.sql})`,
  varianceif: ([x, p]) => `var_samp(${x!.sql}) FILTER (WHERE ${p!.sql})`,
  variancep: ([x]) => `var_pop(${x!.sql})`,
  variancepif: ([x, p]) => `var_pop(${x!.sql}) FILTER (WHERE ${p!.sql})`,
  covariance: ([x, y]) => `covar_samp(${x!.sql}, ${y!.sql})`,
  covarianceif: ([x, y, p]) => `covar_samp(${x!.sql}, ${y!.sql}) FILTER (WHERE ${p!.sql})`,
  covariancep: ([x, y]) => `covar_pop(${x!.sql}, ${y!.sql})`,
  covariancepif: ([x, y, p]) => `covar_pop(${x!.sql}, ${y!.sql}) FILTER (WHERE ${p!.sql})`,
  any: ([x]) => `any_value(${x!.sql})`,
  anyif: ([x, p]) => `any_value(${x!.sql}) FILTER (WHERE ${p!.sql})`,
  take_any: (args, _c, i) => `any_value(${args[i]!.sql})`,
  take_anyif: ([x, p]) => `any_value(${x!.sql}) FILTER (WHERE ${p!.sql})`,
  arg_max: (args, _c, i) => (i === 0 ? `max(${args[0]!.sql})` : argExtreme('max', args[0]!, args[i]!)),
  arg_min: (args, _c, i) => (i === 0 ? `min(${args[0]!.sql})` : argExtreme('min', args[0]!, args[i]!)),
  percentile: ([x, p]) => percentile(x!, p!.sql),
  percentiles: (args, _c, i) => percentile(args[0]!, args[i + 1]!.sql),
  percentilew: ([x, w, p], c) => weightedPercentile(x!, w!, p!.sql, c),
  percentilesw: (args, c, i) => weightedPercentile(args[0]!, args[1]!, args[i + 2]!.sql, c),
  percentiles_array: (args, c) => `to_json([${percentArgs(args.slice(1)).map((p) => percentile(args[0]!, p)).join(', ')}])`,
  percentilesw_array: (args, c) => `to_json([${percentArgs(args.slice(2)).map((p) => weightedPercentile(args[0]!, args[1]!, p, c)).join(', ')}])`,
  binary_all_and: ([x]) => `bit_and(${x!.sql})`,
  binary_all_or: ([x]) => `bit_or(${x!.sql})`,
  binary_all_xor: ([x]) => `bit_xor(${x!.sql})`,
};

/**
 * One output column of arg_max/arg_min. When every value of the extreme's expression is null,
 * Kusto still returns a row of the group, while DuckDB's arg_max skips null keys. A null key is
 * replaced by a value beyond every valid one where the type has such a value (datetime: ±infinity,
 * outside Kusto's years 1–9999; int: widened to BIGINT), so one arg_max per column does (bench/query
 * Q6: `arg_max(TimeGenerated, *)`); otherwise `first()` covers the all-null group.
 */
function argExtreme(fn: 'max' | 'min', key: Arg, value: Arg): string {
  const beyond = fn === 'max' ? '-' : '';
  if (key.type === 'datetime') return `arg_${fn}(${value.sql}, COALESCE(${key.sql}, '${beyond}infinity'::TIMESTAMP))`;
  if (key.type === 'int') return `arg_${fn}(${value.sql}, COALESCE(CAST(${key.sql} AS BIGINT), ${fn === 'max' ? '-9223372036854775808' : '9223372036854775807'}))`;
  return `(CASE WHEN ${fn}(${key.sql}) IS NULL THEN first(${value.sql}) ELSE arg_${fn}(${value.sql}, ${key.sql}) END)`;
}

export { castTo };
