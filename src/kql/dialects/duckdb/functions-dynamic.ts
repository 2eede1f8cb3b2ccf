// Functions over dynamic values (JSON) in DuckDB SQL: arrays, property bags, sets.

import { byArity, numberLiteralOf, stringLiteralOf, type Arg, type EmitContext, type Template } from './template.js';
import { quoteString } from './types.js';

/** `$.a.b` / `$['a'].b` / `a` → the keys of the path. */
function pathKeys(p: string): string[] {
  if (!p.startsWith('$')) return [p];
  const keys: string[] = [];
  const re = /\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) keys.push(m[1] ?? m[2] ?? m[3] ?? '');
  return keys;
}

function keyPath(p: string): string {
  return '$' + pathKeys(p).map((k) => `."${k.replace(/"/g, '\\"')}"`).join('');
}

/** `{k1: {k2: … value}}` as SQL. */
function nestedObject(keys: string[], value: string): string {
  return keys.reduceRight((acc, k) => `json_object(${quoteString(k)}, ${acc})`, value);
}

function json(a: Arg, c: EmitContext): string {
  return a.type === 'dynamic' ? a.sql : c.convert(a.sql, a.type, 'dynamic');
}

const list = (sql: string) => `CAST(${sql} AS JSON[])`;
/** Distinct elements in first-seen order (set functions keep the order of their input). */
const distinctInOrder = (l: string) => `list_filter(${l}, (x, i) -> list_position(${l}, x) = i)`;
const arrayOnly = (sql: string, body: string) => `(CASE WHEN json_type(${sql}) = 'ARRAY' THEN ${body} ELSE NULL END)`;

/**
 * array_index_of(array, value [, start [, length [, occurrence]]]) (array-index-of-function.md): a
 * negative start counts from the end; `length` elements from start (-1: to the end); the
 * occurrence-th equal element; a null argument, a length below -1 or an occurrence below 1 give null.
 */
function arrayIndexOf(args: Arg[], c: EmitContext): string {
  const [a, v, start0, length0, occurrence0] = args;
  const l = list(a!.sql);
  const value = json(v!, c);
  if (!start0) return arrayOnly(a!.sql, `CAST(COALESCE(list_position(${l}, ${value}), 0) - 1 AS BIGINT)`);
  const asLong = (x: Arg) => (x.type === 'long' ? x.sql : c.convert(x.sql, x.type, 'long'));
  const start = asLong(start0);
  const b = `(CASE WHEN ${start} < 0 THEN greatest(len(${l}) + ${start}, 0) ELSE ${start} END)`;
  const len = length0 ? asLong(length0) : undefined;
  const occ = occurrence0 ? asLong(occurrence0) : '1';
  const end = len === undefined ? `len(${l})` : `(CASE WHEN ${len} = -1 THEN len(${l}) ELSE least(len(${l}), ${b} + ${len}) END)`;
  const found = `COALESCE(list_filter(range(${b}, ${end}), i -> ${l}[i + 1] = ${value})[${occ}], -1)`;
  const invalid = [`${start} IS NULL`, ...(len !== undefined ? [`${len} IS NULL`, `${len} < -1`] : []), `${occ} IS NULL`, `${occ} < 1`];
  return arrayOnly(a!.sql, `(CASE WHEN ${invalid.join(' OR ')} THEN NULL ELSE ${found} END)`);
}

/** Sorts JSON array elements: numerically when all are numbers, else by their text; nulls last
 *  unless `nullsLast` is false. */
function sortJson(sql: string, desc: boolean, nullsLast?: Arg): string {
  const dir = desc ? 'DESC' : 'ASC';
  const nulls = nullsLast && nullsLast.literal?.value === false ? 'NULLS FIRST' : 'NULLS LAST';
  const l = `list_transform(${list(sql)}, x -> kql_jnull(x))`;
  const numeric = `list_bool_and(list_transform(list_filter(${l}, x -> x IS NOT NULL), x -> json_type(x) IN ('BIGINT', 'UBIGINT', 'DOUBLE')))`;
  return arrayOnly(sql, `(CASE WHEN COALESCE(${numeric}, TRUE) THEN to_json(list_sort(list_transform(${l}, x -> CAST(x AS DOUBLE)), '${dir}', '${nulls}'))
    ELSE to_json(list_sort(list_transform(${l}, x -> CASE WHEN x IS NULL THEN NULL ELSE kql_dyn_str(x) END), '${dir}', '${nulls}')) END)`);
}

/**
 * array_sort_asc/desc. With several arrays (a multi-valued call, bind-tuple.ts) the first is sorted
 * and the others are reordered the same way; the result is the array of the reordered arrays.
 * Arrays of different lengths give null.
 */
function sortArrays(args: Arg[], desc: boolean): string {
  const last = args[args.length - 1]!;
  const nullsLast = last.type === 'bool' ? last : undefined;
  const arrays = args.filter((a) => a.type === 'dynamic');
  if (arrays.length === 1) return sortJson(arrays[0]!.sql, desc, nullsLast);
  const dir = desc ? 'DESC' : 'ASC';
  const nulls = nullsLast && nullsLast.literal?.value === false ? 'NULLS FIRST' : 'NULLS LAST';
  const keys = `list_transform(${list(arrays[0]!.sql)}, x -> kql_jnull(x))`;
  const numeric = `list_bool_and(list_transform(list_filter(${keys}, x -> x IS NOT NULL), x -> json_type(x) IN ('BIGINT', 'UBIGINT', 'DOUBLE')))`;
  const perm = `(CASE WHEN COALESCE(${numeric}, TRUE) THEN list_grade_up(list_transform(${keys}, x -> CAST(x AS DOUBLE)), '${dir}', '${nulls}')
    ELSE list_grade_up(list_transform(${keys}, x -> CASE WHEN x IS NULL THEN NULL ELSE kql_dyn_str(x) END), '${dir}', '${nulls}') END)`;
  const allArrays = arrays.map((a) => `json_type(${a.sql}) = 'ARRAY'`).join(' AND ');
  const sameLength = arrays.slice(1).map((a) => `len(${list(a.sql)}) = len(${list(arrays[0]!.sql)})`).join(' AND ');
  const outs = arrays.map((a) => `to_json(list_transform(${perm}, p -> ${list(a.sql)}[p]))`);
  return `(CASE WHEN ${allArrays} AND ${sameLength} THEN json_array(${outs.join(', ')}) ELSE NULL END)`;
}

/** A Kusto array index (0-based, negative from the end) as a 1-based DuckDB list index. */
function sliceIndex(i: Arg): string {
  const n = numberLiteralOf(i);
  if (n !== undefined) return n >= 0 ? String(n + 1) : String(n);
  return `(CASE WHEN ${i.sql} >= 0 THEN ${i.sql} + 1 ELSE ${i.sql} END)`;
}

export const DYNAMIC_FUNCTIONS: Record<string, Template> = {
  array_length: ([a]) => `(CASE WHEN json_type(${a!.sql}) = 'ARRAY' THEN CAST(json_array_length(${a!.sql}) AS BIGINT) ELSE NULL END)`,
  array_concat: (args) => `to_json(flatten([${args.map((a) => list(a.sql)).join(', ')}]))`,
  array_slice: ([a, s, e]) => arrayOnly(a!.sql, `to_json(list_slice(${list(a!.sql)}, ${sliceIndex(s!)}, ${sliceIndex(e!)}))`),
  array_reverse: ([a]) => arrayOnly(a!.sql, `to_json(list_reverse(${list(a!.sql)}))`),
  array_sort_asc: (args) => sortArrays(args, false),
  array_sort_desc: (args) => sortArrays(args, true),
  array_sum: ([a]) => arrayOnly(a!.sql, `list_sum(CAST(${a!.sql} AS DOUBLE[]))`),
  array_index_of: (args, c) => arrayIndexOf(args, c),
  array_rotate_left: ([a, n]) => arrayOnly(a!.sql, `to_json(list_transform(range(len(${list(a!.sql)})), i -> ${list(a!.sql)}[((i + ${n!.sql}) % len(${list(a!.sql)}) + len(${list(a!.sql)})) % len(${list(a!.sql)}) + 1]))`),
  array_rotate_right: ([a, n]) => arrayOnly(a!.sql, `to_json(list_transform(range(len(${list(a!.sql)})), i -> ${list(a!.sql)}[((i - ${n!.sql}) % len(${list(a!.sql)}) + len(${list(a!.sql)})) % len(${list(a!.sql)}) + 1]))`),
  array_shift_left: (args, c) => shift(args, c, 1),
  array_shift_right: (args, c) => shift(args, c, -1),
  array_iff: (args, c) => arrayIff(args, c),
  array_iif: (args, c) => arrayIff(args, c),
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
  __bag_drop_empty: ([b]) => `COALESCE(CAST(to_json(map_from_entries(list_filter(list_transform(json_keys(${b!.sql}), k -> {'key': k, 'value': json_extract(${b!.sql}, '$."' || k || '"')}), e -> json_type(e.value) <> 'NULL' AND CAST(e.value AS VARCHAR) <> '""'))) AS JSON), CAST('{}' AS JSON))`,
  pack_array: (args, c) => (args.length === 0 ? "CAST('[]' AS JSON)" : `json_array(${args.map((a) => json(a, c)).join(', ')})`),
  bag_has_key: ([b, k]) => {
    const lit = stringLiteralOf(k!);
    const path = lit !== undefined ? quoteString(keyPath(lit)) : `CASE WHEN starts_with(${k!.sql}, '$') THEN ${k!.sql} ELSE '$."' || ${k!.sql} || '"' END`;
    return `(CASE WHEN json_type(${b!.sql}) = 'OBJECT' THEN COALESCE(json_exists(${b!.sql}, ${path}), FALSE) ELSE FALSE END)`;
  },
  bag_set_key: ([b, k, v], c) => {
    const lit = stringLiteralOf(k!);
    const patch = lit !== undefined ? nestedObject(pathKeys(lit), json(v!, c)) : `json_object(${k!.sql}, ${json(v!, c)})`;
    return `(CASE WHEN json_type(${b!.sql}) = 'OBJECT' THEN json_merge_patch(${b!.sql}, ${patch}) ELSE NULL END)`;
  },
  bag_remove_keys: ([b, keys]) => {
    const lit = keys!.literal?.value;
    if (Array.isArray(lit) && lit.every((x) => typeof x === 'string')) {
      // A merge patch with null leaves deletes exactly those (possibly nested) keys.
      let acc = b!.sql;
      for (const k of lit as string[]) acc = `json_merge_patch(${acc}, ${nestedObject(pathKeys(k), 'NULL')})`;
      return `(CASE WHEN json_type(${b!.sql}) = 'OBJECT' THEN ${acc} ELSE NULL END)`;
    }
    return bagRemoveTop(b!, keys!);
  },

  // Values that are not an array give every (string) key a null value (bag-zip.md).
  bag_zip: ([k, v]) => `(CASE WHEN json_type(${k!.sql}) = 'ARRAY' THEN COALESCE(CAST(to_json(map_from_entries(list_transform(list_filter(list_transform(range(len(${list(k!.sql)})), i -> {'key': json_extract_string(${list(k!.sql)}[i + 1], '$'), 'value': CASE WHEN json_type(${v!.sql}) = 'ARRAY' THEN ${list(v!.sql)}[i + 1] ELSE NULL END, 'ok': json_type(${list(k!.sql)}[i + 1]) = 'VARCHAR'}), e -> e.ok), e -> {'key': e.key, 'value': e.value}))) AS JSON), CAST('{}' AS JSON)) ELSE NULL END)`,
  set_union: (args) => `to_json(${distinctInOrder(`flatten([${args.map((a) => list(a.sql)).join(', ')}])`)})`,
  set_intersect: (args) => {
    let acc = list(args[0]!.sql);
    for (const a of args.slice(1)) acc = `list_filter(${acc}, x -> list_contains(${list(a.sql)}, x))`;
    return `to_json(${distinctInOrder(acc)})`;
  },
  set_difference: (args) => {
    let acc = list(args[0]!.sql);
    for (const a of args.slice(1)) acc = `list_filter(${acc}, x -> NOT list_contains(${list(a.sql)}, x))`;
    return `to_json(${distinctInOrder(acc)})`;
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

/** array_iff: element-wise choice; scalar branches apply to every element. */
function arrayIff([cond, a, b]: Arg[], c: EmitContext): string {
  const pick = (x: Arg) => (x.type === 'dynamic' ? `(CASE WHEN json_type(${x.sql}) = 'ARRAY' THEN ${list(x.sql)}[i + 1] ELSE ${x.sql} END)` : json(x, c));
  const cnd = `${list(cond!.sql)}[i + 1]`;
  const truth = `(CASE json_type(${cnd}) WHEN 'BOOLEAN' THEN CAST(${cnd} AS BOOLEAN) WHEN 'BIGINT' THEN CAST(${cnd} AS BIGINT) <> 0 WHEN 'UBIGINT' THEN CAST(${cnd} AS BIGINT) <> 0 WHEN 'DOUBLE' THEN CAST(${cnd} AS DOUBLE) <> 0 ELSE NULL END)`;
  return `to_json(list_transform(range(len(${list(cond!.sql)})), i -> CASE WHEN ${truth} IS NULL THEN NULL WHEN ${truth} THEN ${pick(a!)} ELSE ${pick(b!)} END))`;
}

/** Removes top-level keys given at run time. */
function bagRemoveTop(b: Arg, keys: Arg): string {
  return `(CASE WHEN json_type(${b.sql}) = 'OBJECT' THEN COALESCE(CAST(to_json(map_from_entries(list_transform(list_filter(json_keys(${b.sql}), k -> NOT list_contains(list_transform(${list(keys.sql)}, x -> kql_dyn_str(x)), k)), k -> {'key': k, 'value': json_extract(${b.sql}, '$."' || k || '"')}))) AS JSON), CAST('{}' AS JSON)) ELSE NULL END)`;
}

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

const RANGE_CAP = 1048576;

function rangeFn(args: Arg[], c: EmitContext): string {
  const [s, e, st] = args;
  if (s!.type === 'datetime') {
    // The default step is 1h for datetimes and timespans (range-function.md).
    const step = st ? `to_microseconds((${st.sql}) // 10)` : 'INTERVAL 1 HOUR';
    return `to_json(list_transform(generate_series(${s!.sql}, ${e!.sql}, ${step}), x -> kql_dt_str(x)))`;
  }
  if (s!.type === 'timespan') {
    return `to_json(list_transform(generate_series(${s!.sql}, ${e!.sql}, ${st ? st.sql : '36000000000'}), x -> kql_ts_str(x)))`;
  }
  if (s!.type === 'real' || e!.type === 'real' || st?.type === 'real') {
    const stp = st ? `CAST(${st.sql} AS DOUBLE)` : '1.0';
    return `to_json(list_transform(generate_series(0, CAST(floor((${e!.sql} - ${s!.sql}) / ${stp}) AS BIGINT)), i -> ${s!.sql} + i * ${stp}))`;
  }
  void c;
  // Kusto caps the array at 1,048,576 elements.
  const step = `CAST(${st ? st.sql : '1'} AS BIGINT)`;
  const stop = `(CASE WHEN ${step} > 0 THEN least(CAST(${e!.sql} AS BIGINT), CAST(${s!.sql} AS BIGINT) + ${step} * ${RANGE_CAP - 1}) ELSE greatest(CAST(${e!.sql} AS BIGINT), CAST(${s!.sql} AS BIGINT) + ${step} * ${RANGE_CAP - 1}) END)`;
  return `to_json(generate_series(CAST(${s!.sql} AS BIGINT), ${stop}, ${step}))`;
}
