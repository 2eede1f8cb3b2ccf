// Functions over dynamic values (JSON) in DuckDB SQL: arrays, property bags, sets.

import { byArity, numberLiteralOf, type Arg, type EmitContext, type Template } from './template.js';

function json(a: Arg, c: EmitContext): string {
  return a.type === 'dynamic' ? a.sql : c.convert(a.sql, a.type, 'dynamic');
}

const list = (sql: string) => `CAST(${sql} AS JSON[])`;
const arrayOnly = (sql: string, body: string) => `(CASE WHEN json_type(${sql}) = 'ARRAY' THEN ${body} ELSE NULL END)`;

/** Sorts JSON array elements: numerically when all are numbers, else by their text. */
function sortJson(sql: string, desc: boolean): string {
  const dir = desc ? 'DESC' : 'ASC';
  const numeric = `list_bool_and(list_transform(${list(sql)}, x -> json_type(x) IN ('BIGINT', 'UBIGINT', 'DOUBLE')))`;
  return arrayOnly(sql, `(CASE WHEN ${numeric} THEN to_json(list_sort(CAST(${sql} AS DOUBLE[]), '${dir}'))
    ELSE to_json(list_sort(list_transform(${list(sql)}, x -> kql_dyn_str(x)), '${dir}')) END)`);
}

function sliceIndex(i: Arg, isEnd: boolean): string {
  const n = numberLiteralOf(i);
  if (n !== undefined) return n >= 0 ? String(n + 1) : String(n);
  return `(CASE WHEN ${i.sql} >= 0 THEN ${i.sql} + 1 ELSE ${i.sql} END)`;
  void isEnd;
}

export const DYNAMIC_FUNCTIONS: Record<string, Template> = {
  array_length: ([a]) => `(CASE WHEN json_type(${a!.sql}) = 'ARRAY' THEN CAST(json_array_length(${a!.sql}) AS BIGINT) ELSE NULL END)`,
  array_concat: (args) => `to_json(flatten([${args.map((a) => list(a.sql)).join(', ')}]))`,
  array_slice: ([a, s, e]) => arrayOnly(a!.sql, `to_json(list_slice(${list(a!.sql)}, ${sliceIndex(s!, false)}, ${sliceIndex(e!, true)}))`),
  array_reverse: ([a]) => arrayOnly(a!.sql, `to_json(list_reverse(${list(a!.sql)}))`),
  array_sort_asc: ([a]) => sortJson(a!.sql, false),
  array_sort_desc: ([a]) => sortJson(a!.sql, true),
  array_sum: ([a]) => arrayOnly(a!.sql, `list_sum(CAST(${a!.sql} AS DOUBLE[]))`),
  array_index_of: byArity({
    2: ([a, v], c) => arrayOnly(a!.sql, `(COALESCE(list_position(${list(a!.sql)}, ${json(v!, c)}), 0) - 1)`),
  }),
  array_rotate_left: ([a, n]) => arrayOnly(a!.sql, `to_json(list_transform(range(len(${list(a!.sql)})), i -> ${list(a!.sql)}[((i + ${n!.sql}) % len(${list(a!.sql)}) + len(${list(a!.sql)})) % len(${list(a!.sql)}) + 1]))`),
  array_rotate_right: ([a, n]) => arrayOnly(a!.sql, `to_json(list_transform(range(len(${list(a!.sql)})), i -> ${list(a!.sql)}[((i - ${n!.sql}) % len(${list(a!.sql)}) + len(${list(a!.sql)})) % len(${list(a!.sql)}) + 1]))`),
  array_shift_left: (args, c) => shift(args, c, 1),
  array_shift_right: (args, c) => shift(args, c, -1),
  array_iff: ([cond, a, b]) => `to_json(list_transform(range(len(${list(cond!.sql)})), i -> CASE WHEN TRY_CAST(kql_dyn_scalar(${list(cond!.sql)}[i + 1]) AS BOOLEAN) THEN ${list(a!.sql)}[i + 1] ELSE ${list(b!.sql)}[i + 1] END))`,
  array_iif: ([cond, a, b]) => `to_json(list_transform(range(len(${list(cond!.sql)})), i -> CASE WHEN TRY_CAST(kql_dyn_scalar(${list(cond!.sql)}[i + 1]) AS BOOLEAN) THEN ${list(a!.sql)}[i + 1] ELSE ${list(b!.sql)}[i + 1] END))`,
  bag_keys: ([a]) => `(CASE WHEN json_type(${a!.sql}) = 'OBJECT' THEN to_json(json_keys(${a!.sql})) ELSE NULL END)`,
  bag_merge: (args) => {
    // The first bag wins when a key appears in several.
    let acc = args[args.length - 1]!.sql;
    for (let i = args.length - 2; i >= 0; i--) acc = `json_merge_patch(${acc}, ${args[i]!.sql})`;
    return acc;
  },
  bag_pack: (args, c) => pack(args, c),
  pack: (args, c) => pack(args, c),
  pack_dictionary: (args, c) => pack(args, c),
  pack_array: (args, c) => (args.length === 0 ? "CAST('[]' AS JSON)" : `json_array(${args.map((a) => json(a, c)).join(', ')})`),
  bag_has_key: ([b, k]) => `COALESCE(json_exists(${b!.sql}, '$."' || ${k!.sql} || '"'), FALSE)`,
  bag_set_key: ([b, k, v], c) => `json_merge_patch(${b!.sql}, json_object(${k!.sql}, ${json(v!, c)}))`,
  bag_remove_keys: ([b, keys]) =>
    `(CASE WHEN json_type(${b!.sql}) = 'OBJECT' THEN COALESCE(CAST(to_json(map_from_entries(list_transform(list_filter(json_keys(${b!.sql}), k -> NOT list_contains(list_transform(${list(keys!.sql)}, x -> kql_dyn_str(x)), k)), k -> {'key': k, 'value': json_extract(${b!.sql}, '$."' || k || '"')}))) AS JSON), CAST('{}' AS JSON)) ELSE NULL END)`,
  bag_zip: ([k, v]) => `COALESCE(CAST(to_json(map_from_entries(list_transform(range(len(${list(k!.sql)})), i -> {'key': kql_dyn_str(${list(k!.sql)}[i + 1]), 'value': ${list(v!.sql)}[i + 1]}))) AS JSON), CAST('{}' AS JSON))`,
  set_union: (args) => `to_json(list_distinct(flatten([${args.map((a) => list(a.sql)).join(', ')}])))`,
  set_intersect: (args) => {
    let acc = list(args[0]!.sql);
    for (const a of args.slice(1)) acc = `list_filter(${acc}, x -> list_contains(${list(a.sql)}, x))`;
    return `to_json(list_distinct(${acc}))`;
  },
  set_difference: (args) => {
    let acc = list(args[0]!.sql);
    for (const a of args.slice(1)) acc = `list_filter(${acc}, x -> NOT list_contains(${list(a.sql)}, x))`;
    return `to_json(list_distinct(${acc}))`;
  },
  set_has_element: ([s, v], c) => `list_contains(${list(s!.sql)}, ${json(v!, c)})`,
  jaccard_index: ([a, b]) => `(len(list_distinct(list_filter(${list(a!.sql)}, x -> list_contains(${list(b!.sql)}, x)))) / len(list_distinct(flatten([${list(a!.sql)}, ${list(b!.sql)}])))::DOUBLE)`,
  zip: (args) => {
    const lens = args.map((a) => `len(${list(a.sql)})`);
    const n = lens.length === 1 ? lens[0] : `greatest(${lens.join(', ')})`;
    return `to_json(list_transform(range(${n}), i -> json_array(${args.map((a) => `${list(a.sql)}[i + 1]`).join(', ')})))`;
  },
  repeat: ([v, n], c) => `to_json(list_transform(range(greatest(${n!.sql}, 0)), x -> ${json(v!, c)}))`,
  range: byArity({
    2: (a, c) => rangeFn(a, c),
    3: (a, c) => rangeFn(a, c),
  }),
};

function pack(args: import('./template.js').Arg[], c: EmitContext): string {
  if (args.length % 2 !== 0) return c.fail('bag_pack needs key/value pairs');
  if (args.length === 0) return "CAST('{}' AS JSON)";
  const parts: string[] = [];
  for (let i = 0; i < args.length; i += 2) parts.push(`${c.convert(args[i]!.sql, args[i]!.type, 'string')}, ${json(args[i + 1]!, c)}`);
  return `json_object(${parts.join(', ')})`;
}

function shift(args: Arg[], c: EmitContext, dir: 1 | -1): string {
  const [a, n, fill] = args;
  const l = list(a!.sql);
  const f = fill ? json(fill, c) : 'NULL';
  const idx = dir === 1 ? `i + ${n!.sql}` : `i - ${n!.sql}`;
  return arrayOnly(a!.sql, `to_json(list_transform(range(len(${l})), i -> CASE WHEN ${idx} >= 0 AND ${idx} < len(${l}) THEN ${l}[${idx} + 1] ELSE ${f} END))`);
}

function rangeFn(args: Arg[], c: EmitContext): string {
  const [s, e, st] = args;
  if (s!.type === 'datetime') {
    const step = st ? `to_microseconds((${st.sql}) // 10)` : 'INTERVAL 1 DAY';
    return `to_json(list_transform(generate_series(${s!.sql}, ${e!.sql}, ${step}), x -> kql_dt_str(x)))`;
  }
  if (s!.type === 'timespan') {
    return `to_json(list_transform(generate_series(${s!.sql}, ${e!.sql}, ${st ? st.sql : '864000000000'}), x -> kql_ts_str(x)))`;
  }
  if (s!.type === 'real' || e!.type === 'real' || st?.type === 'real') {
    const stp = st ? `CAST(${st.sql} AS DOUBLE)` : '1.0';
    return `to_json(list_transform(generate_series(0, CAST(floor((${e!.sql} - ${s!.sql}) / ${stp}) AS BIGINT)), i -> ${s!.sql} + i * ${stp}))`;
  }
  void c;
  return `to_json(generate_series(CAST(${s!.sql} AS BIGINT), CAST(${e!.sql} AS BIGINT), CAST(${st ? st.sql : '1'} AS BIGINT)))`;
}
