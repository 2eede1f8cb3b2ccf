// timespan values: bigint counts of 100 ns ticks.

import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MICROSECOND,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
} from './datetime.js';

// .NET's TimeSpan range (Kusto's timespan is a .NET TimeSpan): ±(2^63 - 1) ticks.
const MAX_TICKS = 9_223_372_036_854_775_807n;
const MIN_TICKS = -9_223_372_036_854_775_808n;

/** Returns t when it fits a timespan, else null. */
export function checkTimespan(t: bigint): bigint | null {
  return t > MAX_TICKS || t < MIN_TICKS ? null : t;
}

function pad2(n: bigint): string {
  return n < 10n ? '0' + n : String(n);
}

/**
 * KQL's string form of a timespan: `[-][d.]hh:mm:ss[.fffffff]` — days only when non-zero,
 * the fraction only when non-zero and then always 7 digits (`1.12:30:55.1230000`, `00:00:01`).
 */
export function formatTimespan(t: bigint): string {
  const neg = t < 0n;
  let v = neg ? -t : t;
  const days = v / TICKS_PER_DAY;
  v -= days * TICKS_PER_DAY;
  const hours = v / TICKS_PER_HOUR;
  v -= hours * TICKS_PER_HOUR;
  const minutes = v / TICKS_PER_MINUTE;
  v -= minutes * TICKS_PER_MINUTE;
  const seconds = v / TICKS_PER_SECOND;
  const frac = v - seconds * TICKS_PER_SECOND;
  let s = neg ? '-' : '';
  if (days > 0n) s += days + '.';
  s += pad2(hours) + ':' + pad2(minutes) + ':' + pad2(seconds);
  if (frac > 0n) s += '.' + String(frac).padStart(7, '0');
  return s;
}

// Unit names of timespan literals (`2d`, `1.5h`, `30m`, `10s`, `100ms`, `10microsecond`, `1tick`,
// `time(15 seconds)`), as ticks per unit.
const UNITS: Record<string, bigint> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR, hr: TICKS_PER_HOUR, hrs: TICKS_PER_HOUR, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE, min: TICKS_PER_MINUTE, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND, sec: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MILLISECOND, milli: TICKS_PER_MILLISECOND, millis: TICKS_PER_MILLISECOND,
  millisecond: TICKS_PER_MILLISECOND, milliseconds: TICKS_PER_MILLISECOND,
  microsecond: TICKS_PER_MICROSECOND, microseconds: TICKS_PER_MICROSECOND,
  tick: 1n, ticks: 1n,
};

/** Multiplies a decimal number given as text by an integer tick count, exactly (no float rounding). */
function decimalTimesTicks(intPart: string, fracPart: string, unit: bigint): bigint {
  const scale = 10n ** BigInt(fracPart.length);
  const n = BigInt((intPart || '0') + fracPart);
  // Round half away from zero to the nearest tick.
  return (n * unit * 2n + scale) / (scale * 2n);
}

const LITERAL_RE = /^([+-])?(\d*)(?:\.(\d+))? *([A-Za-z]+)$/;

/**
 * Parses the body of a timespan literal with a unit (`2d`, `1.5h`, `15 seconds`); null if it is not
 * one. A bare number means days (`time(2)` is 2 days).
 */
export function parseTimespanLiteral(text: string): bigint | null {
  const s = text.trim();
  const bare = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(s);
  if (bare) {
    const v = decimalTimesTicks(bare[2], bare[3] ?? '', TICKS_PER_DAY);
    return checkTimespan(bare[1] === '-' ? -v : v);
  }
  const m = LITERAL_RE.exec(s);
  if (!m || (m[2] === '' && m[3] === undefined)) return null;
  const unit = UNITS[m[4].toLowerCase()];
  if (unit === undefined) return null;
  const v = decimalTimesTicks(m[2], m[3] ?? '', unit);
  return checkTimespan(m[1] === '-' ? -v : v);
}

// `[-][d.]hh:mm[:ss[.fffffff]]`, as .NET's TimeSpan.Parse accepts it (the form tostring produces).
const CLOCK_RE = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

/**
 * Parses a string as totimespan() does: the clock form `[-][d.]hh:mm[:ss[.fffffff]]`
 * (`0.00:03:00`, `1.12:30:55.123`), or a literal with a unit (`4d`, `1.5h`), or a bare number of
 * days. Null when it is none of these.
 */
export function parseTimespan(input: string): bigint | null {
  const s = input.trim();
  const m = CLOCK_RE.exec(s);
  if (m) {
    const hours = Number(m[3]);
    const minutes = Number(m[4]);
    const seconds = m[5] ? Number(m[5]) : 0;
    if (hours > 23 || minutes > 59 || seconds > 59) return null;
    const frac = m[6] ? Number(m[6].padEnd(7, '0')) : 0;
    const days = m[2] ? BigInt(m[2]) : 0n;
    const v =
      days * TICKS_PER_DAY +
      BigInt(hours) * TICKS_PER_HOUR +
      BigInt(minutes) * TICKS_PER_MINUTE +
      BigInt(seconds) * TICKS_PER_SECOND +
      BigInt(frac);
    return checkTimespan(m[1] === '-' ? -v : v);
  }
  return parseTimespanLiteral(s);
}

/** Timespan from a (possibly fractional) count of a unit; rounds to the nearest tick. */
export function timespanFromUnits(count: number, unitTicks: bigint): bigint | null {
  if (!Number.isFinite(count)) return null;
  if (Number.isInteger(count) && Math.abs(count) <= Number.MAX_SAFE_INTEGER) return checkTimespan(BigInt(count) * unitTicks);
  return checkTimespan(BigInt(Math.round(count * Number(unitTicks))));
}
