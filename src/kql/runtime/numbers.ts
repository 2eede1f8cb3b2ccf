// Numbers: int, long, real and decimal are JS numbers (see README.md for the long/decimal limits).

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;

// .NET's invariant number grammar as Kusto's conversions accept it: optional surrounding white
// space, a sign, digits with an optional fraction, an optional exponent. No hex, no thousands
// separators, no empty string (JavaScript's Number('') is 0, which must not leak through).
const REAL_RE = /^[ \t\r\n]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t\r\n]*$/;
const INTEGER_RE = /^[ \t\r\n]*[+-]?\d+[ \t\r\n]*$/;

/** Parses a real as todouble() does; null when the text is not a number. NaN/Infinity spelled out are accepted. */
export function parseReal(s: string): number | null {
  if (REAL_RE.test(s)) return Number(s);
  const t = s.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'infinity' || t === '+infinity' || t === '∞') return Infinity;
  if (t === '-infinity' || t === '-∞') return -Infinity;
  return null;
}

/**
 * Parses a long as tolong() does: an integer, or a decimal number truncated toward zero
 * (the documented truncation of toint/tolong applied to numeric text — inferred). Null otherwise.
 */
export function parseLong(s: string): number | null {
  if (INTEGER_RE.test(s)) return Number(s);
  if (REAL_RE.test(s)) return truncToLong(Number(s));
  return null;
}

/** Parses an int as toint() does; null when not a number or outside the 32-bit range. */
export function parseInt32(s: string): number | null {
  const v = parseLong(s);
  return v === null ? null : toInt32(v);
}

/** Truncates a real toward zero for a long; null for NaN/±Infinity and values outside ±2^63. */
export function truncToLong(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  const t = Math.trunc(x);
  if (t >= 9223372036854775807 || t < -9223372036854775808) return null;
  return t === 0 ? 0 : t; // no -0
}

/** Narrows a number to int: truncation toward zero, null outside the 32-bit range. */
export function toInt32(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  const t = Math.trunc(x);
  return t < INT_MIN || t > INT_MAX ? null : t === 0 ? 0 : t;
}

/**
 * KQL's string form of a real. Kusto is .NET: shortest round-trip digits, scientific notation when
 * the decimal exponent is ≥ 15 or ≤ -5 (`1E+15`, `1E-05`), `NaN`, `Infinity`, `-Infinity`.
 * The exponent switch points follow .NET's double.ToString() (inferred for Kusto).
 */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return '0';
  const [mant, e] = x.toExponential().split('e');
  const en = Number(e);
  // JavaScript prints plain decimals for exponents in [-6, 21), which covers .NET's fixed range.
  if (en > -5 && en < 15) return String(x);
  const abs = Math.abs(en);
  return mant + 'E' + (en < 0 ? '-' : '+') + (abs < 10 ? '0' + abs : String(abs));
}

/** KQL's string form of an int/long. */
export function formatLong(x: number): string {
  return Number.isInteger(x) ? String(x === 0 ? 0 : x) : String(Math.trunc(x));
}

/** Integer division as in KQL: truncates toward zero; null on division by zero. */
export function longDiv(a: number, b: number): number | null {
  if (b === 0) return null;
  const q = Math.trunc(a / b);
  return q === 0 ? 0 : q;
}

/**
 * Modulo as in KQL: the result is never negative (`-14 % 12 == 10`, `14 % -12 == 2`,
 * numerical-operators.md); null on modulo by zero.
 */
export function longMod(a: number, b: number): number | null {
  if (b === 0) return null;
  const r = a % Math.abs(b);
  const v = r < 0 ? r + Math.abs(b) : r;
  return v === 0 ? 0 : v;
}

/** Real modulo: same sign rule as longMod (inferred for reals). */
export function realMod(a: number, b: number): number {
  const r = a % Math.abs(b);
  return r < 0 ? r + Math.abs(b) : r;
}
