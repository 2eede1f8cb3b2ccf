// Less common functions in DuckDB SQL: time zones, CSV, byte formatting, base64 byte arrays,
// multi-string replacement, array splitting.

import { quoteString } from './types.js';
import { numberLiteralOf, stringLiteralOf, type Arg, type EmitContext, type Template } from './template.js';

function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Simultaneous replacement: the text is cut into leftmost-longest lookup matches and single characters. */
function replaceStrings([text, lookups, rewrites]: Arg[], c: EmitContext): string {
  const l = lookups!.literal?.value;
  const r = rewrites!.literal?.value;
  if (!Array.isArray(l) || !Array.isArray(r)) return c.fail('replace_strings needs constant lookup and replacement arrays');
  const pairs = l.map((x, i) => [String(x), r[i] === null || r[i] === undefined ? '' : String(r[i])] as const).filter(([x]) => x !== '');
  if (pairs.length === 0) return text!.sql;
  const alt = pairs.map(([x]) => regexEscape(x)).join('|');
  const cases = pairs.map(([x, y]) => `WHEN ${quoteString(x)} THEN ${quoteString(y)}`).join(' ');
  return `COALESCE(array_to_string(list_transform(regexp_extract_all(${text!.sql}, ${quoteString(`(?s)(?:${alt}|.)`)}, 0), t -> CASE t ${cases} ELSE t END), ''), '')`;
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

export const MISC_FUNCTIONS: Record<string, Template> = {
  datetime_utc_to_local: ([d, tz]) => `CAST(timezone(${tz!.sql}, CAST(${d!.sql} AS TIMESTAMPTZ)) AS TIMESTAMP)`,
  datetime_local_to_utc: ([d, tz]) => `CAST(timezone(${tz!.sql}, ${d!.sql}) AS TIMESTAMP)`,
  replace_strings: replaceStrings,
  format_bytes: formatBytes,
  parse_csv: parseCsv,
  base64_decode_toarray: ([s]) => `to_json(list_transform(range(octet_length(TRY(from_base64(${s!.sql})))), i -> get_bit(TRY(from_base64(${s!.sql})), i * 8) * 128 + get_bit(TRY(from_base64(${s!.sql})), i * 8 + 1) * 64 + get_bit(TRY(from_base64(${s!.sql})), i * 8 + 2) * 32 + get_bit(TRY(from_base64(${s!.sql})), i * 8 + 3) * 16 + get_bit(TRY(from_base64(${s!.sql})), i * 8 + 4) * 8 + get_bit(TRY(from_base64(${s!.sql})), i * 8 + 5) * 4 + get_bit(TRY(from_base64(${s!.sql})), i * 8 + 6) * 2 + get_bit(TRY(from_base64(${s!.sql})), i * 8 + 7)))`,
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
