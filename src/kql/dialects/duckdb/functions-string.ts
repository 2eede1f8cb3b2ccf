// String functions in DuckDB SQL.

import { quoteString } from './types.js';
import { byArity, numberLiteralOf, stringLiteralOf, type Arg, type EmitContext, type Template } from './template.js';

function regexGroupCount(re: string): number {
  // Capturing groups: '(' not escaped and not followed by '?' (named groups `(?P<n>` count too).
  let n = 0;
  for (let i = 0; i < re.length; i++) {
    const ch = re[i];
    if (ch === '\\') { i++; continue; }
    if (ch === '[') { // skip character classes
      i++;
      while (i < re.length && re[i] !== ']') { if (re[i] === '\\') i++; i++; }
      continue;
    }
    if (ch === '(' && (re[i + 1] !== '?' || re[i + 2] === 'P' || re[i + 2] === '<')) n++;
  }
  return n;
}

/** Names of the capture groups in order (undefined for unnamed groups). */
function groupNames(re: string): Array<string | undefined> {
  const out: Array<string | undefined> = [];
  for (let i = 0; i < re.length; i++) {
    const ch = re[i];
    if (ch === '\\') { i++; continue; }
    if (ch === '[') {
      i++;
      while (i < re.length && re[i] !== ']') { if (re[i] === '\\') i++; i++; }
      continue;
    }
    if (ch !== '(') continue;
    if (re[i + 1] !== '?') { out.push(undefined); continue; }
    const m = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(re.slice(i));
    if (m) out.push(m[1]);
  }
  return out;
}

function trimRegex(which: 'both' | 'start' | 'end'): Template {
  return ([re, s]) => {
    const r = re!.sql;
    const lead = `regexp_replace(X, '^(?:' || ${r} || ')+', '')`;
    const tail = `regexp_replace(X, '(?:' || ${r} || ')+$', '')`;
    const litRe = stringLiteralOf(re!);
    if (litRe !== undefined) {
      const l = `regexp_replace(X, ${quoteString(`^(?:${litRe})+`)}, '')`;
      const t = `regexp_replace(X, ${quoteString(`(?:${litRe})+$`)}, '')`;
      if (which === 'start') return l.replace('X', s!.sql);
      if (which === 'end') return t.replace('X', s!.sql);
      return t.replace('X', l.replace('X', s!.sql));
    }
    if (which === 'start') return lead.replace('X', s!.sql);
    if (which === 'end') return tail.replace('X', s!.sql);
    return tail.replace('X', lead.replace('X', s!.sql));
  };
}

function extractAll(args: Arg[], c: EmitContext): string {
  const [re, groupsOrText, maybeText] = args;
  const text = (maybeText ?? groupsOrText)!.sql;
  const lit = stringLiteralOf(re!);
  if (lit === undefined) return c.fail('extract_all needs a constant regular expression');
  const n = regexGroupCount(lit);
  let groups: number[];
  if (maybeText) {
    const g = groupsOrText!.literal?.value;
    if (!Array.isArray(g)) return c.fail('extract_all: the capture groups must be a constant array');
    const names = groupNames(lit);
    groups = g.map((x) => (typeof x === 'string' ? names.indexOf(x) + 1 : Number(x)));
    if (groups.some((x) => !(x >= 0 && x <= n))) return c.fail('extract_all: unknown capture group');
  } else {
    groups = n === 0 ? [0] : Array.from({ length: n }, (_v, i) => i + 1);
  }
  const r = quoteString(lit);
  const matches = `regexp_extract_all(${text}, ${r}, 0)`;
  const list = groups.length === 1
    ? `regexp_extract_all(${text}, ${r}, ${groups[0]})`
    : `list_transform(${matches}, m -> [${groups.map((g) => `regexp_extract(m, ${r}, ${g})`).join(', ')}])`;
  return `(CASE WHEN len(${matches}) = 0 THEN NULL ELSE to_json(${list}) END)`;
}

function substring(args: Arg[]): string {
  const [s, start, len] = args;
  const st = numberLiteralOf(start!);
  const from = st !== undefined ? String(Math.max(st, 0) + 1) : `(greatest(${start!.sql}, 0) + 1)`;
  if (!len) return `substr(${s!.sql}, ${from})`;
  return `COALESCE(substr(${s!.sql}, ${from}, greatest(${len.sql}, 0)), '')`;
}

/**
 * indexof(source, lookup [, start [, length [, occurrence]]]), as the row evaluator reads the
 * documentation (runtime/functions/string-fns.ts): a negative start counts from the end; the
 * searched region is [start, start + length] inclusive, length -1 meaning to the end; the
 * occurrence-th match (overlapping matches count) at or after start; a null argument, a length
 * below -1 or an occurrence below 1 give null.
 */
function indexOf(args: Arg[], c: EmitContext): string {
  const [s, lookup0, start0, length0, occurrence0] = args;
  const src = c.convert(s!.sql, s!.type, 'string');
  const lookup = c.convert(lookup0!.sql, lookup0!.type, 'string');
  if (!start0) return `(strpos(${src}, ${lookup}) - 1)`;
  const asLong = (a: Arg) => (a.type === 'long' ? a.sql : c.convert(a.sql, a.type, 'long'));
  const start = asLong(start0);
  const b = `(CASE WHEN ${start} < 0 THEN greatest(length(${src}) + ${start}, 0) ELSE ${start} END)`;
  const len = length0 ? asLong(length0) : undefined;
  const occ = occurrence0 ? asLong(occurrence0) : undefined;
  const region = len === undefined ? src : `(CASE WHEN ${len} = -1 THEN ${src} ELSE left(${src}, CAST(least(length(${src}), ${b} + ${len} + 1) AS BIGINT)) END)`;
  const first = `strpos(substr(${region}, ${b} + 1), ${lookup})`;
  const found = occ === undefined
    ? `(CASE WHEN ${first} = 0 THEN -1 ELSE ${first} + ${b} - 1 END)`
    : `COALESCE(list_filter(range(${b}, length(${region}) - length(${lookup}) + 1), i -> substr(${region}, i + 1, length(${lookup})) = ${lookup})[${occ}], -1)`;
  const nulls = [start, len, occ].filter((x): x is string => x !== undefined).map((x) => `${x} IS NULL`);
  const invalid = [...(len !== undefined ? [`${len} < -1`] : []), ...(occ !== undefined ? [`${occ} < 1`] : [])];
  return `(CASE WHEN ${[...nulls, ...invalid].join(' OR ')} THEN NULL WHEN ${b} > length(${src}) THEN -1 ELSE ${found} END)`;
}

/**
 * indexof_regex(source, regex [, start [, length [, occurrence]]]) (indexof-regex-function.md):
 * matches do not overlap; a negative start is invalid (null); the region is indexof's
 * [start, start + length] (-1: to the end). The occurrence-th match's position is the length of
 * the pieces before it (regexp_split_to_array) plus the earlier matches (regexp_extract_all).
 */
function indexOfRegex(args: Arg[], c: EmitContext): string {
  const [s, re, start0, length0, occurrence0] = args;
  const src = c.convert(s!.sql, s!.type, 'string');
  if (!start0) return `(CASE WHEN regexp_matches(${src}, ${re!.sql}) THEN strpos(${src}, regexp_extract(${src}, ${re!.sql}, 0)) - 1 ELSE -1 END)`;
  const asLong = (x: Arg) => (x.type === 'long' ? x.sql : c.convert(x.sql, x.type, 'long'));
  const b = asLong(start0);
  const len = length0 ? asLong(length0) : undefined;
  const occ = occurrence0 ? asLong(occurrence0) : '1';
  const region = len === undefined ? src : `(CASE WHEN ${len} = -1 THEN ${src} ELSE left(${src}, CAST(least(length(${src}), ${b} + ${len} + 1) AS BIGINT)) END)`;
  const sub = `substr(${region}, ${b} + 1)`;
  const matches = `regexp_extract_all(${sub}, ${re!.sql}, 0)`;
  const pieces = `regexp_split_to_array(${sub}, ${re!.sql})`;
  const pos = `(${b} + list_sum(list_transform(range(1, ${occ} + 1), i -> length(${pieces}[i]))) + COALESCE(list_sum(list_transform(range(1, ${occ}), i -> length(${matches}[i]))), 0))`;
  const invalid = [`${b} IS NULL`, `${b} < 0`, ...(len !== undefined ? [`${len} IS NULL`, `${len} < -1`] : []), `${occ} IS NULL`, `${occ} < 1`];
  return `(CASE WHEN ${invalid.join(' OR ')} THEN NULL WHEN ${b} > length(${src}) OR len(${matches}) < ${occ} THEN -1 ELSE ${pos} END)`;
}

export const STRING_FUNCTIONS: Record<string, Template> = {
  strlen: 'length({0})',
  string_size: 'strlen({0})',
  substring,
  strcat: (args) => (args.length === 1 ? args[0]!.sql : `concat(${args.map((a) => a.sql).join(', ')})`),
  strcat_delim: ([d, ...rest]) => `concat_ws(${d!.sql}, ${rest.map((a) => a.sql).join(', ')})`,
  strcat_array: "COALESCE(array_to_string(list_transform(CAST({0} AS JSON[]), x -> kql_dyn_str(x)), {1}), '')",
  array_strcat: "COALESCE(array_to_string(list_transform(CAST({0} AS JSON[]), x -> kql_dyn_str(x)), {1}), '')",
  tolower: 'lower({0})',
  toupper: 'upper({0})',
  trim: trimRegex('both'),
  trim_start: trimRegex('start'),
  trim_end: trimRegex('end'),
  split: byArity({
    2: 'to_json(string_split({0}, {1}))',
    3: "CASE WHEN {2} >= 0 AND {2} < len(string_split({0}, {1})) THEN to_json([string_split({0}, {1})[{2} + 1]]) ELSE NULL END",
  }),
  replace_string: 'replace({0}, {1}, {2})',
  replace_regex: "regexp_replace({0}, {1}, {2}, 'g')",
  replace: "regexp_replace({2}, {0}, {1}, 'g')",
  reverse: ([a], c) => `reverse(${c.convert(a!.sql, a!.type, 'string')})`,
  strrep: byArity({
    2: ([s, n], c) => `repeat(${c.convert(s!.sql, s!.type, 'string')}, CAST(${n!.sql} AS INTEGER))`,
    3: ([s, n, d], c) => `array_to_string(list_transform(range(${n!.sql}), x -> ${c.convert(s!.sql, s!.type, 'string')}), ${d!.sql})`,
  }),
  strcmp: 'CASE WHEN {0} < {1} THEN -1 WHEN {0} > {1} THEN 1 ELSE 0 END',
  indexof: indexOf,
  indexof_regex: indexOfRegex,
  countof: byArity({
    2: "(CASE WHEN length({1}) = 0 THEN 0 ELSE (length({0}) - length(replace({0}, {1}, ''))) // length({1}) END)",
    3: ([s, sub, kind], c) => {
      const k = stringLiteralOf(kind!);
      if (k === 'regex') return `len(regexp_extract_all(${s!.sql}, ${sub!.sql}, 0))`;
      if (k === 'normal' || k === undefined) return `(CASE WHEN length(${sub!.sql}) = 0 THEN 0 ELSE (length(${s!.sql}) - length(replace(${s!.sql}, ${sub!.sql}, ''))) // length(${sub!.sql}) END)`;
      return c.fail(`countof kind '${k}'`);
    },
  }),
  extract: ([re, group, text]) => `regexp_extract(${text!.sql}, ${re!.sql}, CAST(${group!.sql} AS INTEGER))`,
  extract_all: extractAll,
  translate: ([from, to, s]) => {
    return `translate(${s!.sql}, ${from!.sql}, ${to!.sql})`;
  },
  // Kusto writes percent-escapes in lower case (the documented outputs: https%3a%2f%2f…); url_encode
  // follows the form encoding of .NET's HttpUtility.UrlEncode (space as '+', ! * ( ) kept, ~ escaped).
  url_encode: ([a]) => `replace(replace(replace(replace(replace(replace(${lowerEscapes(`url_encode(${a!.sql})`)}, '%20', '+'), '%21', '!'), '%2a', '*'), '%28', '('), '%29', ')'), '~', '%7e')`,
  url_encode_component: ([a]) => lowerEscapes(`url_encode(${a!.sql})`),
  url_decode: 'url_decode({0})',
  regex_quote: 'regexp_escape({0})',
  base64_encode_tostring: 'to_base64(encode({0}))',
  base64_encodestring: 'to_base64(encode({0}))',
  base64_decode_tostring: "COALESCE(TRY(decode(from_base64({0}))), '')",
  base64_decodestring: "COALESCE(TRY(decode(from_base64({0}))), '')",
  isascii: "regexp_matches({0}, '^[\\x00-\\x7F]*$')",
  isutf8: 'TRUE',
  unicode_codepoints_from_string: "to_json(list_transform(string_split({0}, ''), ch -> unicode(ch)))",
  unicode_codepoints_to_string: (args) => {
    const lists = args.map((a) => (a.type === 'dynamic' ? `CAST(${a.sql} AS BIGINT[])` : `[CAST(${a.sql} AS BIGINT)]`));
    return `COALESCE(array_to_string(list_transform(flatten([${lists.join(', ')}]), x -> chr(CAST(x AS INTEGER))), ''), '')`;
  },
};

/** Lower-cases the hex digits of every %XX escape of an encoded string. */
function lowerEscapes(sql: string): string {
  return `array_to_string(list_transform(string_split(${sql}, '%'), (p, i) -> CASE WHEN i = 1 THEN p ELSE '%' || lower(p[1:2]) || p[3:] END), '')`;
}
