// KQL functions implemented in JS (src/kql/runtime/series): each is a session function
// `kql_<name>` installed on every connection with the prelude (SqlJsFunction, dialect.ts), and a
// template that converts each argument to the parameter's type and spells an omitted optional
// argument as a typed NULL, so every JS function has a fixed arity and sees null for "default".

import type { SqlJsFunction } from '../dialect.js';
import { jsSessionFunction, jsSqlName, jsSqlType, type JsSessionSpec } from './js-session-function.js';
import type { ScalarType } from '../../semantic/types.js';
import { numberLiteralOf, type Template } from './template.js';
import { SERIES_JS_FUNCTIONS, type JsFunction } from '../../runtime/series/index.js';
import { toSigned64, xxhash64 } from '../../runtime/xxhash64.js';
import { punycodeDecode, punycodeEncode } from '../../runtime/punycode.js';
import { betaCdf, betaInv, betaPdf, erf, erfc } from '../../runtime/special-functions.js';

const sqlName = (f: JsFunction) => jsSqlName(f);
const sessionFunction = (f: JsFunction): SqlJsFunction => jsSessionFunction(f as JsSessionSpec, { badJson: 'text', stringsNeverNull: false });

function call(f: JsFunction): Template {
  return (args, c) => {
    const sql = f.params.map((p, i) => {
      const a = args[i];
      if (!a) return `CAST(NULL AS ${jsSqlType(p)})`;
      return c.convert(a.sql, a.type, p as ScalarType);
    });
    return `${sqlName(f)}(${sql.join(', ')})`;
  };
}

/**
 * hash() / hash_xxhash64(): XXH64 (seed 0) of the value's bytes — a string's UTF-8, a datetime's
 * 100 ns ticks since 0001-01-01 as 8 little-endian bytes (both reproduce hash-function.md's
 * examples). The ticks travel as text: a JS number would round them.
 */
const utf8 = new TextEncoder();
const HASH_JS_FUNCTIONS: readonly JsFunction[] = [
  { name: 'xxhash64_string', params: ['string'], result: 'long', fn: (s: string) => toSigned64(xxhash64(utf8.encode(s))) },
  {
    name: 'xxhash64_ticks', params: ['string'], result: 'long',
    fn: (ticks: string) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigInt64(0, BigInt(ticks), true);
      return toSigned64(xxhash64(b));
    },
  },
];

/** Canonical JSON: keys in ordinal order at every level (dynamic-to-json-function.md). */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** parse_urlquery: `{"Query Parameters": {name: value…}}`, names and values %-decoded. */
function parseUrlQuery(q: string): unknown {
  const params: Record<string, string> = {};
  const decode = (x: string) => {
    try {
      return decodeURIComponent(x.replace(/\+/g, ' '));
    } catch {
      return x;
    }
  };
  for (const part of q.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    params[decode(i < 0 ? part : part.slice(0, i))] = i < 0 ? '' : decode(part.slice(i + 1));
  }
  return { 'Query Parameters': params };
}

/**
 * parse_url: the parts parse-url-function.md lists (Scheme, Host, Port, Path, Username, Password,
 * Query Parameters, Fragment), absent parts "" (no query: {}); text that is not an absolute URL gives
 * null. Path keeps its leading "/" (the URL's path; the page's example output drops it while also
 * quoting the nested bag, so it is not taken literally). Percent-escapes are decoded in the query
 * parameters only.
 */
function parseUrl(text: string): unknown {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return null;
  }
  const q = parseUrlQuery(u.search) as { 'Query Parameters': Record<string, string> };
  return {
    Scheme: u.protocol.replace(/:$/, ''), Host: u.hostname, Port: u.port, Path: u.pathname,
    Username: u.username, Password: u.password, 'Query Parameters': q['Query Parameters'], Fragment: u.hash.replace(/^#/, ''),
  };
}

/**
 * The sequential window functions over a whole ordered row set (plan/window-sessions.ts): values
 * and restart flags in row order in, one result per row out.
 *  - row_window_session: session starts (µs); a session restarts on a flag, on a gap above
 *    maxBetween from the previous value, or on a distance above maxFromFirst from the session's
 *    first value. Null values get a null start and leave the session as it is.
 *  - row_rank_min: the smallest row number (from 1 in each restart segment) at which the row's value
 *    appears; row_rank_dense: 1, plus one each time the value differs from the previous row's.
 *  - row_cumsum: the running sum of the segment (nulls add nothing).
 */
function sequentialWindow(fn: string, values: unknown[], restarts: boolean[], maxFirst: number, maxBetween: number): unknown[] {
  const out: unknown[] = [];
  let start: number | null = null;
  let prev: unknown;
  let n = 0;
  let rank = 0;
  let sum = 0;
  let firstSeen = new Map<string, number>();
  values.forEach((v, i) => {
    const restart = i === 0 || restarts[i] === true;
    if (fn === 'row_window_session') {
      const x = v as number | null;
      if (x === null) {
        out.push(null);
        return;
      }
      if (restart || start === null || prev === null || prev === undefined || x - (prev as number) > maxBetween || x - start > maxFirst) start = x;
      prev = x;
      out.push(start);
      return;
    }
    if (restart) {
      n = 0;
      rank = 0;
      sum = 0;
      firstSeen = new Map();
    }
    n++;
    const key = JSON.stringify(v ?? null);
    if (fn === 'row_rank_min') {
      if (!firstSeen.has(key)) firstSeen.set(key, n);
      out.push(firstSeen.get(key));
    } else if (fn === 'row_rank_dense') {
      if (n === 1 || key !== JSON.stringify(prev ?? null)) rank++;
      out.push(rank);
    } else {
      if (typeof v === 'number') sum += v;
      out.push(sum);
    }
    prev = v;
  });
  return out;
}

/**
 * buildschema over the group's values (buildschema-aggregation-function.md): per property, the
 * types seen in first-seen order (`long`, `double`, `string`, `bool`, a nested bag's schema, an
 * array's `{"`indexer`": element schema}`); one type alone, several as an array. Null values add
 * nothing. A group without any non-null value gives null.
 */
type SchemaAlt = string | Map<string, SchemaAlt[]>;
function schemaAlts(v: unknown): SchemaAlt[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) {
    const elem: SchemaAlt[] = [];
    for (const x of v) mergeAlts(elem, schemaAlts(x));
    return [new Map([['`indexer`', elem]])];
  }
  if (typeof v === 'object') {
    const m = new Map<string, SchemaAlt[]>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) mergeAlts(m.get(k) ?? (m.set(k, []), m.get(k)!), schemaAlts(x));
    return [m];
  }
  if (typeof v === 'number') return [Number.isInteger(v) ? 'long' : 'double'];
  if (typeof v === 'boolean') return ['bool'];
  return ['string'];
}
function mergeAlts(into: SchemaAlt[], more: SchemaAlt[]): void {
  for (const alt of more) {
    if (typeof alt === 'string') {
      if (!into.includes(alt)) into.push(alt);
      continue;
    }
    const bag = into.find((x): x is Map<string, SchemaAlt[]> => typeof x !== 'string');
    if (!bag) {
      into.push(new Map([...alt].map(([k, a]) => [k, [...a]])));
      continue;
    }
    for (const [k, a] of alt) mergeAlts(bag.get(k) ?? (bag.set(k, []), bag.get(k)!), a);
  }
}
function schemaJson(alts: SchemaAlt[]): unknown {
  const one = (a: SchemaAlt): unknown => (typeof a === 'string' ? a : Object.fromEntries([...a].map(([k, x]) => [k, schemaJson(x)])));
  return alts.length === 1 ? one(alts[0]!) : alts.map(one);
}
function buildSchema(values: unknown[] | null): unknown {
  const alts: SchemaAlt[] = [];
  for (const v of values ?? []) mergeAlts(alts, schemaAlts(v));
  return alts.length === 0 ? null : schemaJson(alts);
}

/** Functions with one JS implementation and a KQL name (called as kql_<name>). */
const NAMED_JS_FUNCTIONS: readonly JsFunction[] = [
  { name: 'erf', params: ['real'], result: 'real', fn: (x: number | null) => (x === null ? null : erf(x)) },
  { name: 'erfc', params: ['real'], result: 'real', fn: (x: number | null) => (x === null ? null : erfc(x)) },
  // beta distribution (beta-pdf/-cdf/-inv-function.md): invalid shapes or x give NaN, p outside [0, 1] null.
  { name: 'beta_pdf', params: ['real', 'real', 'real'], result: 'real', fn: (x: number | null, a: number | null, b: number | null) => (x === null || a === null || b === null ? null : betaPdf(x, a, b)) },
  { name: 'beta_cdf', params: ['real', 'real', 'real'], result: 'real', fn: (x: number | null, a: number | null, b: number | null) => (x === null || a === null || b === null ? null : betaCdf(x, a, b)) },
  { name: 'beta_inv', params: ['real', 'real', 'real'], result: 'real', fn: (p: number | null, a: number | null, b: number | null) => (p === null || a === null || b === null ? null : betaInv(p, a, b)) },
  { name: 'dynamic_to_json', params: ['dynamic'], result: 'string', fn: (v: unknown) => sortedJson(v) },
  { name: 'parse_urlquery', params: ['string'], result: 'dynamic', fn: (q: string) => parseUrlQuery(q) },
  {
    name: 'sequential_window', params: ['string', 'dynamic', 'dynamic', 'long', 'long'], result: 'dynamic',
    fn: (fn: string, v: unknown[] | null, r: boolean[] | null, f: number | null, b: number | null) =>
      (v === null ? [] : sequentialWindow(fn, v, r ?? [], f ?? Infinity, b ?? Infinity)),
  },
  { name: 'buildschema_of_list', params: ['dynamic'], result: 'dynamic', fn: (l: unknown[] | null) => buildSchema(l) },
  { name: 'parse_url', params: ['string'], result: 'dynamic', fn: (u: string | null) => (u === null ? null : parseUrl(u)) },
  // RFC 3492 label encoding without the xn-- prefix (punycode-from-string-function.md); invalid text gives "".
  { name: 'punycode_from_string', params: ['string'], result: 'string', fn: (s: string | null) => (s === null ? null : punycodeEncode(s)) },
  { name: 'punycode_to_string', params: ['string'], result: 'string', fn: (s: string | null) => (s === null ? null : punycodeDecode(s)) },
];

const ALL_JS_FUNCTIONS = [...SERIES_JS_FUNCTIONS, ...HASH_JS_FUNCTIONS, ...NAMED_JS_FUNCTIONS];

export const JS_SESSION_FUNCTIONS: readonly SqlJsFunction[] = Object.freeze(ALL_JS_FUNCTIONS.map(sessionFunction));

const byName = new Map(ALL_JS_FUNCTIONS.map((f) => [f.name, f]));

export const JS_FUNCTION_TEMPLATES: Record<string, Template> = Object.fromEntries([...SERIES_JS_FUNCTIONS, ...NAMED_JS_FUNCTIONS]
  .filter((f) => f.name !== 'sequential_window' && f.name !== 'buildschema_of_list').map((f) => [f.name, call(f)]));

// hash(value [, mod]): the hash, or its Euclidean remainder by mod (documented range 0 … mod-1).
// Other types than string and datetime: their byte layout is not documented, so they are refused.
const hash: Template = ([v, mod], c) => {
  let h: string;
  if (v!.type === 'string') h = `${sqlName(byName.get('xxhash64_string')!)}(${v!.sql})`;
  else if (v!.type === 'datetime') h = `${sqlName(byName.get('xxhash64_ticks')!)}(CAST(${c.convert(v!.sql, 'datetime', 'long')} AS VARCHAR))`;
  else return c.fail(`hash of a ${v!.type} (Kusto does not document the bytes it hashes; string and datetime are supported)`);
  return mod ? `kql_mod(${h}, ${c.convert(mod.sql, mod.type, 'long')})` : h;
};
JS_FUNCTION_TEMPLATES.hash = hash;
// Strings are never null (S4).
for (const name of ['punycode_from_string', 'punycode_to_string']) {
  const t = JS_FUNCTION_TEMPLATES[name]!;
  JS_FUNCTION_TEMPLATES[name] = (args, c) => `COALESCE(${typeof t === 'function' ? t(args, c) : t}, '')`;
}
JS_FUNCTION_TEMPLATES.hash_xxhash64 = hash;

// series_periods_validate(series, period1, period2, …): the periods travel as one dynamic array.
JS_FUNCTION_TEMPLATES.series_periods_validate = (args, c) =>
  `${sqlName(byName.get('series_periods_validate')!)}(${c.convert(args[0]!.sql, args[0]!.type, 'dynamic')}, to_json([${args.slice(1).map((a) => c.convert(a.sql, a.type, 'real')).join(', ')}]))`;

// series_outliers(series, kind, ignore_val, min_percentile, max_percentile): Kusto's score scale
// is known for the default percentile ranges only (runtime/series/decompose.ts).
const outliers = JS_FUNCTION_TEMPLATES.series_outliers!;
JS_FUNCTION_TEMPLATES.series_outliers = (args, c) => {
  const lo = args[3];
  const hi = args[4];
  if ((lo && numberLiteralOf(lo) !== 10) || (hi && numberLiteralOf(hi) !== 90)) {
    return c.fail('series_outliers with percentiles other than 10 and 90 (Kusto does not document how it scales their scores)');
  }
  return typeof outliers === 'function' ? outliers(args.slice(0, 3), c) : c.fail('internal: series_outliers');
};
