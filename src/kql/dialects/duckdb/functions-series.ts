// series_* functions: element-wise arithmetic over dynamic numeric arrays (a scalar operand applies
// to every element; a shorter array is padded with nulls), reductions and gap filling.

import { type Arg, type Template } from './template.js';

/** Element `i` (0-based lambda variable) of an operand as DOUBLE. */
function elem(a: Arg, i: string): string {
  if (a.type === 'dynamic') return `TRY_CAST(kql_dyn_scalar(CAST(${a.sql} AS JSON[])[${i} + 1]) AS DOUBLE)`;
  return `CAST(${a.sql} AS DOUBLE)`;
}

function len(a: Arg): string {
  return a.type === 'dynamic' ? `len(CAST(${a.sql} AS JSON[]))` : '1';
}

function n(args: Arg[]): string {
  const ls = args.filter((a) => a.type === 'dynamic').map(len);
  return ls.length === 0 ? '1' : ls.length === 1 ? ls[0]! : `greatest(${ls.join(', ')})`;
}

const binary = (f: (a: string, b: string) => string): Template => ([a, b]) =>
  `to_json(list_transform(range(${n([a!, b!])}), i -> ${f(elem(a!, 'i'), elem(b!, 'i'))}))`;

const unary = (f: (x: string) => string): Template => ([a]) =>
  `to_json(list_transform(range(${len(a!)}), i -> ${f(elem(a!, 'i'))}))`;

/** Numeric values of an array, nulls kept. */
const values = (a: Arg) => `list_transform(CAST(${a.sql} AS JSON[]), x -> TRY_CAST(kql_dyn_scalar(x) AS DOUBLE))`;

function fill(a: Arg, direction: 'forward' | 'backward'): string {
  const v = values(a);
  if (direction === 'forward') {
    return `to_json(list_transform(range(len(${v})), i -> list_last(list_filter(list_slice(${v}, 1, i + 1), x -> x IS NOT NULL))))`;
  }
  return `to_json(list_transform(range(len(${v})), i -> list_first(list_filter(list_slice(${v}, i + 1, len(${v})), x -> x IS NOT NULL))))`;
}

function stats(a: Arg): string {
  const v = `list_filter(${values(a)}, x -> x IS NOT NULL)`;
  const all = values(a);
  return `json_object('min', list_min(${v}), 'min_idx', list_position(${all}, list_min(${v})) - 1, 'max', list_max(${v}),
    'max_idx', list_position(${all}, list_max(${v})) - 1, 'avg', list_avg(${v}), 'stdev', list_stddev_samp(${v}),
    'variance', list_var_samp(${v}), 'sum', list_sum(${v}), 'len', len(${all}))`;
}

/**
 * series_fill_linear(series, missing?, fill_edges = true, constant = 0): missing values (null, or
 * equal to `missing`) between two known values are interpolated linearly; at the edges they take
 * the nearest known value when fill_edges is true; a series with no known value becomes
 * `constant`. An all-integer series stays integral (truncated), as the documented output shows.
 */
function fillLinear([a, missing, edges, constant]: Arg[]): string {
  const raw = values(a!);
  const miss = missing && !(missing.literal && missing.literal.value === null) ? `CAST(${missing.sql} AS DOUBLE)` : undefined;
  const v = miss ? `list_transform(${raw}, x -> CASE WHEN x = ${miss} THEN NULL ELSE x END)` : raw;
  const known = `list_filter(range(len(${v})), j -> ${v}[j + 1] IS NOT NULL)`;
  const prev = `list_last(list_filter(${known}, j -> j <= i))`;
  const next = `list_first(list_filter(${known}, j -> j >= i))`;
  const fillEdges = edges ? `COALESCE(${edges.sql}, TRUE)` : 'TRUE';
  const interp = `CASE WHEN ${v}[i + 1] IS NOT NULL THEN ${v}[i + 1]
    WHEN ${prev} IS NOT NULL AND ${next} IS NOT NULL THEN ${v}[${prev} + 1] + (${v}[${next} + 1] - ${v}[${prev} + 1]) * (i - ${prev}) / (${next} - ${prev})
    WHEN ${fillEdges} THEN COALESCE(${v}[${prev} + 1], ${v}[${next} + 1]) ELSE NULL END`;
  const c = constant ? `CAST(${constant.sql} AS DOUBLE)` : '0.0';
  // Integral when every known element is a JSON integer.
  const integral = `list_bool_and(list_transform(list_filter(CAST(${a!.sql} AS JSON[]), x -> kql_jnull(x) IS NOT NULL), x -> json_type(x) IN ('BIGINT', 'UBIGINT')))`;
  const asDouble = `list_transform(range(len(${v})), i -> CASE WHEN len(${known}) = 0 THEN ${c} ELSE ${interp} END)`;
  return `(CASE WHEN json_type(${a!.sql}) <> 'ARRAY' THEN NULL WHEN len(${known}) > 0 AND COALESCE(${integral}, FALSE)
    THEN to_json(list_transform(${asDouble}, x -> CAST(trunc(x) AS BIGINT))) ELSE to_json(${asDouble}) END)`;
}

export const SERIES_FUNCTIONS: Record<string, Template> = {
  series_fill_linear: fillLinear,
  series_add: binary((a, b) => `${a} + ${b}`),
  series_subtract: binary((a, b) => `${a} - ${b}`),
  series_multiply: binary((a, b) => `${a} * ${b}`),
  series_divide: binary((a, b) => `${a} / ${b}`),
  series_pow: binary((a, b) => `pow(${a}, ${b})`),
  series_greater: binary((a, b) => `${a} > ${b}`),
  series_greater_equals: binary((a, b) => `${a} >= ${b}`),
  series_less: binary((a, b) => `${a} < ${b}`),
  series_less_equals: binary((a, b) => `${a} <= ${b}`),
  series_equals: binary((a, b) => `${a} = ${b}`),
  series_not_equals: binary((a, b) => `${a} <> ${b}`),
  series_abs: unary((x) => `abs(${x})`),
  series_acos: unary((x) => `acos(${x})`),
  series_asin: unary((x) => `asin(${x})`),
  series_atan: unary((x) => `atan(${x})`),
  series_cos: unary((x) => `cos(${x})`),
  series_sin: unary((x) => `sin(${x})`),
  series_tan: unary((x) => `tan(${x})`),
  series_ceiling: unary((x) => `ceil(${x})`),
  series_floor: unary((x) => `floor(${x})`),
  series_exp: unary((x) => `exp(${x})`),
  series_log: unary((x) => `CASE WHEN ${x} > 0 THEN ln(${x}) ELSE NULL END`),
  series_sign: unary((x) => `sign(${x})`),
  series_sum: ([a]) => `list_sum(${values(a!)})`,
  series_product: ([a]) => `list_product(${values(a!)})`,
  series_magnitude: ([a]) => `sqrt(list_sum(list_transform(${values(a!)}, x -> x * x)))`,
  series_dot_product: ([a, b]) => `list_sum(list_transform(range(${n([a!, b!])}), i -> ${elem(a!, 'i')} * ${elem(b!, 'i')}))`,
  series_cosine_similarity: ([a, b]) => {
    const dot = `list_sum(list_transform(range(${n([a!, b!])}), i -> ${elem(a!, 'i')} * ${elem(b!, 'i')}))`;
    return `(${dot} / (sqrt(list_sum(list_transform(${values(a!)}, x -> x * x))) * sqrt(list_sum(list_transform(${values(b!)}, x -> x * x)))))`;
  },
  series_pearson_correlation: ([a, b]) => {
    const x = values(a!);
    const y = values(b!);
    const cov = `list_sum(list_transform(range(len(${x})), i -> (${x}[i + 1] - list_avg(${x})) * (${y}[i + 1] - list_avg(${y}))))`;
    const sx = `sqrt(list_sum(list_transform(${x}, v -> (v - list_avg(${x})) * (v - list_avg(${x})))))`;
    const sy = `sqrt(list_sum(list_transform(${y}, v -> (v - list_avg(${y})) * (v - list_avg(${y})))))`;
    return `(${cov} / (${sx} * ${sy}))`;
  },
  series_fill_const: ([a, c]) => `to_json(list_transform(CAST(${a!.sql} AS JSON[]), x -> CASE WHEN kql_jnull(x) IS NULL THEN ${c ? (c.type === 'dynamic' ? c.sql : `to_json(${c.sql})`) : "CAST('0' AS JSON)"} ELSE x END))`,
  series_fill_forward: ([a]) => fill(a!, 'forward'),
  series_fill_backward: ([a]) => fill(a!, 'backward'),
  series_stats_dynamic: ([a]) => stats(a!),
};
