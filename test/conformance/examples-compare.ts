// Comparison of actual query results with the untyped expected cells of the documentation
// examples, following spec/kql.md §6.3. Values are normalised per column, using the KQL type of
// the column as Vigil's compiler reports it.

import type { ScalarType } from '../../src/kql/index.js';

/** An actual cell, already converted from the engine's value to a KQL-typed JS value. */
export type ActualValue = null | boolean | number | bigint | string | unknown;

const TICKS_PER_MS = 10_000n;
const TICKS_PER_US = 10n;

/** Parses Kusto/ISO datetime text to 100 ns ticks since the epoch, or undefined. */
export function parseDatetimeCell(s: string): bigint | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const z = zone.replace(/[+:-]/g, '');
    ms -= sign * (Number(z.slice(0, 2)) * 60 + Number(z.slice(2, 4))) * 60_000;
  }
  return BigInt(ms) * TICKS_PER_MS + BigInt((frac + '0000000').slice(0, 7));
}

/** Parses `[-][d.]hh:mm:ss[.fffffff]` to ticks. */
export function parseTimespanCell(s: string): bigint | undefined {
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(s.trim());
  if (!m) return undefined;
  const [, neg, d = '0', h, mi, sec = '0', frac = ''] = m;
  const t = ((BigInt(d) * 24n + BigInt(h!)) * 60n + BigInt(mi!)) * 60n * 10_000_000n + BigInt(sec) * 10_000_000n + BigInt((frac + '0000000').slice(0, 7));
  return neg ? -t : t;
}

function truncUs(t: bigint): bigint {
  return t - (((t % TICKS_PER_US) + TICKS_PER_US) % TICKS_PER_US);
}

function decimalsShown(s: string): number | undefined {
  const m = /\.(\d+)$/.exec(s.trim());
  return m ? m[1]!.length : /^-?\d+$/.test(s.trim()) ? 0 : undefined;
}

function realEqual(actual: number, expected: string): boolean {
  const e = expected.trim();
  if (/^nan$/i.test(e)) return Number.isNaN(actual);
  if (/^(\+)?(inf|infinity|∞)$/i.test(e)) return actual === Infinity;
  if (/^-(inf|infinity|∞)$/i.test(e)) return actual === -Infinity;
  const x = Number(e);
  if (Number.isNaN(x)) return false;
  if (x === actual) return true;
  if (Math.abs(x - actual) <= 1e-9 * Math.max(Math.abs(x), Math.abs(actual))) return true;
  // The docs often show rounded values: round the actual value to the shown decimals.
  const dec = decimalsShown(e);
  if (dec !== undefined && !/e/i.test(e)) {
    const r = Math.round(actual * 10 ** dec) / 10 ** dec;
    return Math.abs(r - x) <= 10 ** -(dec + 6) || Number(actual.toFixed(dec)) === x;
  }
  return false;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (typeof a === 'string' && typeof b === 'string') return a === b || datetimeStringsEqual(a, b);
    return a === b;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function datetimeStringsEqual(a: string, b: string): boolean {
  const x = parseDatetimeCell(a);
  const y = parseDatetimeCell(b);
  return x !== undefined && y !== undefined && truncUs(x) === truncUs(y);
}

/** Whether an actual value matches an expected cell for a column of type `type`. */
export function cellMatches(type: ScalarType, actual: ActualValue, expected: string): boolean {
  // A markdown table cell holding only white space is an empty cell.
  const e = expected.trim() === '' ? '' : expected;
  const isNull = actual === null || actual === undefined;
  if (e === '') return isNull || actual === '' || (type === 'dynamic' && (actual === '' || actual === null));
  if (e === 'null' && isNull) return true;
  if (isNull) return false;
  switch (type) {
    case 'bool': {
      const v = e.trim().toLowerCase();
      const b = v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;
      return b !== undefined && b === actual;
    }
    case 'int':
    case 'long':
      if (/^-?\d{1,3}(,\d{3})+$/.test(e.trim())) return BigInt(e.trim().replace(/,/g, '')) === BigInt(actual as bigint | number);
      return /^-?\d+$/.test(e.trim()) ? BigInt(e.trim()) === BigInt(actual as bigint | number) : realEqual(Number(actual), e);
    case 'real':
    case 'decimal':
      return realEqual(Number(actual), e);
    case 'datetime': {
      const t = parseDatetimeCell(e);
      return t !== undefined && truncUs(t) === truncUs(actual as bigint);
    }
    case 'timespan': {
      const t = parseTimespanCell(e);
      return t !== undefined && t === actual;
    }
    case 'guid':
      return String(actual).toLowerCase() === e.trim().toLowerCase();
    case 'dynamic': {
      let exp: unknown = e; // a bare string shown without quotes
      try {
        exp = JSON.parse(e);
      } catch {
        // The docs sometimes show dynamic values in KQL literal notation (single quotes).
        try {
          exp = JSON.parse(e.replace(/'/g, '"'));
        } catch {
          /* keep the text */
        }
      }
      return jsonEqual(actual, exp) || (typeof actual === 'string' && actual === e);
    }
    case 'string':
      // Markdown table cells lose leading and trailing white space.
      return actual === e || (typeof actual === 'string' && actual.trim() === e.trim());
  }
}

export function rowMatches(types: readonly ScalarType[], actual: readonly ActualValue[], expected: readonly string[]): boolean {
  if (actual.length !== expected.length) return false;
  return types.every((t, i) => cellMatches(t, actual[i], expected[i]!));
}

/** Ordered comparison: row i against row i. */
export function orderedMatch(types: readonly ScalarType[], actual: readonly ActualValue[][], expected: readonly string[][], prefix: boolean): boolean {
  if (prefix ? actual.length < expected.length : actual.length !== expected.length) return false;
  return expected.every((row, i) => rowMatches(types, actual[i]!, row));
}

/** Multiset comparison: a one-to-one matching of expected rows to actual rows. */
export function unorderedMatch(types: readonly ScalarType[], actual: readonly ActualValue[][], expected: readonly string[][], subset: boolean): boolean {
  if (subset ? actual.length < expected.length : actual.length !== expected.length) return false;
  const used = new Array<boolean>(actual.length).fill(false);
  // Greedy matching is enough in practice; fall back to trying each candidate in order.
  for (const row of expected) {
    const i = actual.findIndex((a, k) => !used[k] && rowMatches(types, a, row));
    if (i < 0) return false;
    used[i] = true;
  }
  return true;
}
