// Literal values: decoding of string tokens, numbers, timespans, and the raw content of typed
// literals (`datetime(…)`, `timespan(…)`, `guid(…)`, …). Pure functions, usable by other parts of
// `src/kql` (e.g. `todatetime()` / `totimespan()` at run time accept the same text forms).
//
// Encodings are those documented in ast.ts: datetimes and timespans are 100-ns ticks (bigint),
// datetimes counted from the Unix epoch.

import { TIMESPAN_UNITS_NS, isDigit } from './tokens.js';

export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;
/** Ticks from 0001-01-01 to 1970-01-01 (.NET's epoch to the Unix epoch). */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
const MIN_DATETIME_TICKS = -UNIX_EPOCH_TICKS; // 0001-01-01T00:00:00Z
const MAX_DATETIME_TICKS = 3_155_378_975_999_999_999n - UNIX_EPOCH_TICKS; // 9999-12-31T23:59:59.9999999Z
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

// ---------------------------------------------------------------------------------------------
// Strings

export interface DecodedString {
  value: string;
  obfuscated: boolean;
  /** False when an escape sequence was invalid (the value then keeps the raw characters). */
  ok: boolean;
}

/** Decodes one string token's text: `"a\n"`, `'x'`, `@"c:\p"`, `h"secret"`, ```` ```multi``` ````. */
export function decodeString(raw: string): DecodedString {
  let i = 0;
  let obfuscated = false;
  if (raw[0] === 'h' || raw[0] === 'H') {
    obfuscated = true;
    i = 1;
  }
  if (raw.startsWith('```', i) || raw.startsWith('~~~', i)) {
    const body = raw.slice(i + 3, raw.endsWith(raw.slice(i, i + 3)) && raw.length >= i + 6 ? -3 : undefined);
    return { value: body, obfuscated, ok: true };
  }
  let verbatim = false;
  if (raw[i] === '@') {
    verbatim = true;
    i++;
  }
  const quote = raw[i];
  const closed = raw.length >= i + 2 && raw[raw.length - 1] === quote;
  const body = raw.slice(i + 1, closed ? raw.length - 1 : raw.length);
  if (verbatim) return { value: body.split(quote + quote).join(quote), obfuscated, ok: true };
  if (!body.includes('\\')) return { value: body, obfuscated, ok: true };
  let out = '';
  let ok = true;
  for (let p = 0; p < body.length; p++) {
    const c = body[p];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[p + 1];
    switch (e) {
      case '\\': out += '\\'; p++; break;
      case "'": out += "'"; p++; break;
      case '"': out += '"'; p++; break;
      case 'a': out += '\x07'; p++; break;
      case 'b': out += '\b'; p++; break;
      case 'f': out += '\f'; p++; break;
      case 'n': out += '\n'; p++; break;
      case 'r': out += '\r'; p++; break;
      case 't': out += '\t'; p++; break;
      case 'v': out += '\v'; p++; break;
      case 'u': case 'U': case 'x': {
        const len = e === 'u' ? 4 : e === 'U' ? 8 : 2;
        const hex = body.slice(p + 2, p + 2 + len);
        if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
          out += String.fromCodePoint(parseInt(hex, 16));
          p += 1 + len;
        } else {
          ok = false;
          out += c;
        }
        break;
      }
      default: {
        const oct = /^[0-7]{1,3}/.exec(body.slice(p + 1, p + 4));
        if (oct) {
          // three octal digits only when the first is 0–3 (so the value stays below 256)
          const digits = oct[0].length === 3 && oct[0][0] > '3' ? oct[0].slice(0, 2) : oct[0];
          out += String.fromCharCode(parseInt(digits, 8));
          p += digits.length;
        } else {
          ok = false;
          out += c;
        }
      }
    }
  }
  return { value: out, obfuscated, ok };
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** An integer literal's value: a long, or (outside the long range) a real, as Kusto widens it. */
export function parseIntegerText(text: string): { type: 'long'; value: bigint } | { type: 'real'; value: number } {
  const v = BigInt(text);
  if (v > LONG_MAX || v < LONG_MIN) return { type: 'real', value: Number(text) };
  return { type: 'long', value: v };
}

/** Multiplies the decimal number `digits` (e.g. `1.5`) by `unitNs` nanoseconds; returns ticks (truncated). */
function decimalTimesUnit(num: string, unitNs: bigint): bigint {
  const [intPart, fracPart = ''] = num.split('.');
  const scale = 10n ** BigInt(fracPart.length);
  const scaled = BigInt((intPart || '0') + fracPart) * unitNs;
  return scaled / scale / 100n;
}

/** `1.5h`, `10microsecond`, `2d` → ticks. `undefined` when the text is not of that form. */
export function parseTimespanUnitText(text: string): bigint | undefined {
  const m = /^(\d+(?:\.\d*)?)([a-z]+)$/.exec(text);
  if (!m) return undefined;
  const unit = TIMESPAN_UNITS_NS.get(m[2]);
  if (unit === undefined) return undefined;
  return decimalTimesUnit(m[1], unit);
}

/**
 * The content of `timespan(…)` / `time(…)`: `2` (days), `1.5` (days), `1d`, `30m`, `-1h`,
 * `12:34`, `12:34:56`, `1.12:34:56.7` (days.hh:mm:ss.fffffff), `-0:0:1`.
 */
export function parseTimespanText(content: string): bigint | undefined {
  let s = content.trim();
  let sign = 1n;
  if (s.startsWith('-')) {
    sign = -1n;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) {
    s = s.slice(1).trim();
  }
  if (s === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(s)) return sign * decimalTimesUnit(s, TIMESPAN_UNITS_NS.get('d')!);
  const unit = parseTimespanUnitText(s);
  if (unit !== undefined) return sign * unit;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (!m) return undefined;
  const days = BigInt(m[1] ?? '0');
  const h = BigInt(m[2]);
  const mi = BigInt(m[3]);
  const sec = BigInt(m[4] ?? '0');
  if (h > 23n || mi > 59n || sec > 59n) return undefined;
  const frac = m[5] ? BigInt(m[5].padEnd(7, '0')) : 0n;
  return sign * (((days * 24n + h) * 60n + mi) * 60n * TICKS_PER_SECOND + sec * TICKS_PER_SECOND + frac);
}

// ---------------------------------------------------------------------------------------------
// Datetimes

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const WEEKDAY_RE = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';
/** Time-zone names of RFC 822 and their offset in minutes east of UTC. */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

/** Days from 1970-01-01 to the given proleptic Gregorian date (any year, no Date pitfalls). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === '') return 0;
  const z = zone.toLowerCase();
  if (z in ZONES) return ZONES[z];
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return undefined;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -v : v;
}

function buildDatetime(
  y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined,
  zone: string | undefined,
): bigint | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  const seconds = BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h * 3600 + mi * 60 + s) - BigInt(offset * 60);
  const fracTicks = frac ? BigInt(frac.slice(0, 7).padEnd(7, '0')) : 0n;
  const ticks = seconds * TICKS_PER_SECOND + fracTicks;
  if (ticks < MIN_DATETIME_TICKS || ticks > MAX_DATETIME_TICKS) return undefined;
  return ticks;
}

/** Two-digit years as .NET reads them: 00–29 → 2000s, 30–99 → 1900s. */
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;
const ISO_COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,9}))?)?)?(Z)?$/i;
const YMD_LOOSE_RE =
  /^(\d{4})[-/., ]+(\d{1,2})[-/., ]+(\d{1,2})(?:[T ,]+(\d{1,2})[:., ]+(\d{1,2})(?:[:., ]+(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;
const MDY_RE =
  /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:[T ]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;
const RFC822_RE = new RegExp(
  `^(?:${WEEKDAY_RE},\\s*)?(\\d{1,2})\\s+([a-z]{3})[a-z]*\\s+(\\d{2}|\\d{4})(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?(?:\\s+([a-z]{1,3}|[+-]\\d{4}))?$`,
  'i',
);
const RFC850_RE = new RegExp(
  `^(?:${WEEKDAY_RE},\\s*)?(\\d{1,2})-([a-z]{3})-(\\d{2}|\\d{4})(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?(?:\\s+([a-z]{1,3}|[+-]\\d{4}))?$`,
  'i',
);

/**
 * Parses the datetime text forms Kusto documents for `datetime(…)` and `todatetime()`:
 * ISO 8601 (`2014-05-25T08:20:03.123456Z`, `2014-11-08 15:55:55`, `2014-11-08`, offsets `+01:00`),
 * RFC 822 (`Sat, 8 Nov 14 15:05:02 GMT`, `8 Nov 14 15:05`), RFC 850
 * (`Saturday, 08-Nov-14 15:05:02 GMT`) and compact `20141108T155555`. Returns ticks since the
 * Unix epoch, or `undefined` when the text is not a datetime.
 */
export function parseDatetimeText(content: string): bigint | undefined {
  let s = content.trim();
  // the literal's content may itself be quoted: `datetime("2015-01-01")`, `datetime('12-02-2022')`
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) s = s.slice(1, -1).trim();
  let m = ISO_RE.exec(s) ?? ISO_COMPACT_RE.exec(s);
  if (m) {
    return buildDatetime(
      Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7], m[8],
    );
  }
  m = RFC822_RE.exec(s) ?? RFC850_RE.exec(s);
  if (m) {
    const mo = MONTHS[m[2].toLowerCase()];
    if (mo === undefined) return undefined;
    return buildDatetime(
      fullYear(m[3]), mo, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7], m[8],
    );
  }
  // `year.month.day hour:minute:second.fraction` with any of `- / . ,` and spaces as separators
  // (the reference shows `datetime(2025, 6, 14)`)
  m = YMD_LOOSE_RE.exec(s);
  if (m) {
    return buildDatetime(
      Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7], m[8],
    );
  }
  // US month-first dates `12-02-2022` / `12/02/2022` (the reference shows `datetime('12-02-2022')`
  // equal to `todatetime('12-02-2022')`; month-first is how the invariant culture reads them)
  m = MDY_RE.exec(s);
  if (m) {
    return buildDatetime(
      Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7], m[8],
    );
  }
  return undefined;
}

/** ISO 8601 text (`2015-12-31T23:59:59.9000000Z`) of a tick count, for printing and messages. */
export function formatDatetimeTicks(ticks: bigint): string {
  const days = ticks >= 0n ? ticks / TICKS_PER_DAY : -((-ticks + TICKS_PER_DAY - 1n) / TICKS_PER_DAY);
  const rem = ticks - days * TICKS_PER_DAY;
  const date = new Date(0);
  date.setUTCFullYear(1970, 0, 1 + Number(days));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const secs = Number(rem / TICKS_PER_SECOND);
  const frac = rem % TICKS_PER_SECOND;
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}.${String(frac).padStart(7, '0')}Z`
  );
}

// ---------------------------------------------------------------------------------------------
// Other typed literal contents

/** `guid(…)` content: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, 32 hex digits, or either in `{}` / `()`. */
export function parseGuidText(content: string): string | undefined {
  let s = content.trim();
  if ((s.startsWith('{') && s.endsWith('}')) || (s.startsWith('(') && s.endsWith(')'))) s = s.slice(1, -1);
  let hex: string;
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s)) hex = s.replace(/-/g, '');
  else if (/^[0-9a-fA-F]{32}$/.test(s)) hex = s;
  else return undefined;
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function parseRealText(content: string): number | undefined {
  const s = content.trim();
  const lower = s.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

export function parseLongText(content: string, min = LONG_MIN, max = LONG_MAX): bigint | undefined {
  const s = content.trim();
  let v: bigint;
  if (/^[+-]?\d+$/.test(s)) v = BigInt(s);
  else if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = BigInt(s);
  else return undefined;
  return v < min || v > max ? undefined : v;
}

export function parseIntText(content: string): number | undefined {
  const v = parseLongText(content, -(2n ** 31n), 2n ** 31n - 1n);
  return v === undefined ? undefined : Number(v);
}

export function parseDecimalText(content: string): string | undefined {
  const s = content.trim();
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(s)) return undefined;
  return s;
}

export function parseBoolText(content: string): boolean | undefined {
  const s = content.trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return undefined;
}

export function isDigitsOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return s.length > 0;
}
