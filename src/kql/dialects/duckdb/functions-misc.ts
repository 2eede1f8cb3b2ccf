// Less common functions in DuckDB SQL: time zones, CSV, byte formatting, base64 byte arrays,
// multi-string replacement, array splitting.

import { quoteString } from './types.js';
import { numberLiteralOf, stringLiteralOf, type Arg, type EmitContext, type Template } from './template.js';

/**
 * replace_strings: lookups are taken in order; each one replaces its occurrences in the parts of
 * the text no earlier lookup matched (a non-string replacement keeps the matched text).
 * Matched parts are marked with private-use characters while later lookups run.
 */
function replaceStrings([text, lookups, rewrites]: Arg[], c: EmitContext): string {
  const l = lookups!.literal?.value;
  const r = rewrites!.literal?.value;
  if (!Array.isArray(l) || !Array.isArray(r)) return c.fail('replace_strings needs constant lookup and replacement arrays');
  let acc = text!.sql;
  const marks: Array<[string, string]> = [];
  l.forEach((x, i) => {
    if (typeof x !== 'string' || x === '') return;
    const mark = `\uE000${i}\uE001`;
    const rewrite = typeof r[i] === 'string' ? (r[i] as string) : x;
    acc = `replace(${acc}, ${quoteString(x)}, ${quoteString(mark)})`;
    marks.push([mark, rewrite]);
  });
  for (const [m, w] of marks) acc = `replace(${acc}, ${quoteString(m)}, ${quoteString(w)})`;
  return acc;
}

function formatBytes(args: Arg[], c: EmitContext): string {
  const [v, prec, unit] = args;
  const p = prec ? numberLiteralOf(prec) ?? 0 : 0;
  const units = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const x = `CAST(${v!.sql} AS DOUBLE)`;
  const fmt = (val: string) => (p === 0 ? `CAST(CAST(round(${val}) AS BIGINT) AS VARCHAR)` : `printf('%.${p}f', ${val})`);
  const u = unit ? stringLiteralOf(unit) : undefined;
  if (unit && u === undefined) return c.fail('format_bytes needs a constant unit');
  if (u) {
    const k = units.indexOf(u);
    if (k < 0) return "''";
    return `(${fmt(`${x} / ${1024 ** k}`)} || ' ${u}')`;
  }
  const k = `least(CAST(floor(log(greatest(abs(${x}), 1)) / log(1024)) AS INTEGER), 6)`;
  return `(CASE WHEN ${x} IS NULL THEN '' ELSE ${fmt(`${x} / pow(1024, ${k})`)} || ' ' || ['Bytes','KB','MB','GB','TB','PB','EB'][${k} + 1] END)`;
}

/** CSV fields of the first record (RFC 4180 quoting). */
function parseCsv([s]: Arg[]): string {
  const record = `regexp_extract(${s!.sql}, '^((?:"(?:[^"]|"")*"|[^"\\n])*)', 1)`;
  const fields = `regexp_extract_all(${record}, '(?:^|,)("(?:[^"]|"")*"|[^,]*)', 1)`;
  return `to_json(list_transform(${fields}, f -> CASE WHEN starts_with(f, '"') THEN replace(f[2:-2], '""', '"') ELSE f END))`;
}

/** A GUID's 32 hex digits in .NET's byte order (Guid.ToByteArray: the first three fields little-endian). */
const guidBytesHex = (hex: string) =>
  [[7, 2], [5, 2], [3, 2], [1, 2], [11, 2], [9, 2], [15, 2], [13, 2], [17, 16]].map(([at, n]) => `substr(${hex}, ${at}, ${n})`).join(' || ');

export const MISC_FUNCTIONS: Record<string, Template> = {
  // base64 of the GUID's 16 bytes in .NET order (base64-encode-fromguid-function.md) and back.
  base64_encode_fromguid: ([g]) => `to_base64(unhex(${guidBytesHex(`replace(CAST(${g!.sql} AS VARCHAR), '-', '')`)}))`,
  base64_decode_toguid: ([s]) => {
    const hex = `lower(hex(from_base64(${s!.sql})))`;
    const bytes = `(${guidBytesHex(hex)})`;
    return `(CASE WHEN regexp_full_match(${s!.sql}, '[A-Za-z0-9+/]{22}==') THEN TRY_CAST(substr(${bytes}, 1, 8) || '-' || substr(${bytes}, 9, 4) || '-' || substr(${bytes}, 13, 4) || '-' || substr(${bytes}, 17, 4) || '-' || substr(${bytes}, 21, 12) AS UUID) ELSE NULL END)`;
  },
  // parse_version: up to four parts of up to eight digits, missing parts trailing zeros, as one
  // decimal of 8 digits per part (parse-version-function.md: "1.2.3.4" → 1,00000002,00000003,00000004).
  // DECIMAL(38,0): the value needs 32 integer digits, more than the dialect's DECIMAL(38,18) holds.
  parse_version: ([v]) => {
    const t = `trim(${v!.sql})`;
    const parts = `string_split(${t}, '.')`;
    const scale = "[CAST('1000000000000000000000000' AS HUGEINT), CAST('10000000000000000' AS HUGEINT), CAST(100000000 AS HUGEINT), CAST(1 AS HUGEINT)]";
    return `(CASE WHEN regexp_full_match(${t}, '[0-9]{1,8}(\\.[0-9]{1,8}){0,3}') THEN CAST(list_sum(list_transform(range(1, len(${parts}) + 1), i -> CAST(${parts}[i] AS HUGEINT) * ${scale}[i])) AS DECIMAL(38,0)) ELSE NULL END)`;
  },
  around: ([v, c, d]) => (v!.type === 'datetime'
    ? `(epoch_us(${v!.sql}) BETWEEN epoch_us(${c!.sql}) - (${d!.sql}) // 10 AND epoch_us(${c!.sql}) + (${d!.sql}) // 10)`
    : `(${v!.sql} BETWEEN ${c!.sql} - ${d!.sql} AND ${c!.sql} + ${d!.sql})`),
  __null_unless: ([c, x]) => `(CASE WHEN ${c!.sql} THEN ${x!.sql} END)`,
  // parse-kv: group 1 = quoted value (unescaped), group 2 = plain value (trimmed).
  __kv_value: ([s, re, esc]) => {
    const e = stringLiteralOf(esc!) ?? '';
    const q = `regexp_extract(${s!.sql}, ${re!.sql}, 1)`;
    const unq = e ? `regexp_replace(${q}, ${quoteString(`${e.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(.)`)}, '\\1', 'g')` : q;
    return `(CASE WHEN NOT regexp_matches(${s!.sql}, ${re!.sql}) THEN '' WHEN ${q} <> '' THEN ${unq} ELSE trim(regexp_extract(${s!.sql}, ${re!.sql}, 2)) END)`;
  },
  __kv_regex: ([s, re, key]) =>
    `COALESCE(list_first(list_transform(list_filter(regexp_extract_all(${s!.sql}, ${re!.sql}, 0), m -> trim(regexp_extract(m, ${re!.sql}, 1)) = ${key!.sql}), m -> trim(regexp_extract(m, ${re!.sql}, 2)))), '')`,
  datetime_utc_to_local: ([d, tz]) => `CAST(timezone(${tz!.sql}, CAST(${d!.sql} AS TIMESTAMPTZ)) AS TIMESTAMP)`,
  // A local time in a spring-forward gap takes the offset in force after the transition (the
  // documented 02:00 Europe/Brussels on 2022-03-27 → 00:00 UTC): UTC = local − offset(c), where
  // c is DuckDB's conversion; outside gaps this is c itself.
  datetime_local_to_utc: ([d, tz]) => {
    const c = `CAST(timezone(${tz!.sql}, ${d!.sql}) AS TIMESTAMP)`;
    return `(${d!.sql} - (CAST(timezone(${tz!.sql}, CAST(${c} AS TIMESTAMPTZ)) AS TIMESTAMP) - ${c}))`;
  },
  replace_strings: replaceStrings,
  format_bytes: formatBytes,
  parse_csv: parseCsv,
  base64_decode_toarray: ([s]) => {
    const h = `hex(TRY(from_base64(${s!.sql})))`;
    return `(CASE WHEN ${h} IS NULL THEN NULL ELSE to_json(list_transform(range(length(${h}) // 2), i -> CAST(('0x' || substr(${h}, i * 2 + 1, 2)) AS INTEGER))) END)`;
  },
  base64_encode_fromarray: ([a]) => `COALESCE(to_base64(unhex(array_to_string(list_transform(CAST(${a!.sql} AS BIGINT[]), x -> lpad(lower(hex(x)), 2, '0')), ''))), '')`,
  array_split: ([a, idx]) => {
    const l = `CAST(${a!.sql} AS JSON[])`;
    const cuts = idx!.type === 'dynamic' ? `CAST(${idx!.sql} AS BIGINT[])` : `[CAST(${idx!.sql} AS BIGINT)]`;
    const bounds = `list_concat([0], list_transform(${cuts}, k -> CASE WHEN k < 0 THEN len(${l}) + k ELSE least(k, len(${l})) END), [len(${l})])`;
    return `to_json(list_transform(range(len(${bounds}) - 1), i -> list_slice(${l}, ${bounds}[i + 1] + 1, ${bounds}[i + 2])))`;
  },
  has_any_index: ([s, arr]) =>
    `COALESCE(list_position(list_transform(CAST(${arr!.sql} AS JSON[]), x -> kql_dyn_str(x) <> '' AND regexp_matches(${s!.sql}, '(?i)' || kql_term_regex(kql_dyn_str(x)))), TRUE) - 1, -1)`,
};
