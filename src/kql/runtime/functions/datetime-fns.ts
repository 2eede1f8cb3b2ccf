// Datetime and timespan functions: ago, now, datetime_add, datetime_diff, datetime_part,
// dayofmonth, dayofweek, dayofyear, endof*/startof*, getmonth/monthofyear, getyear, hourofday,
// make_datetime, make_timespan, weekofyear.

import {
  checkDatetime,
  civilFromDays,
  datetimeParts,
  daysFromCivil,
  daysInMonth,
  makeDatetime,
  MAX_DATETIME,
  splitDays,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MICROSECOND,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
} from '../datetime.js';
import { checkTimespan } from '../timespan.js';
import { defineFunction, isNumeric, ResolveError, typeError, type ArgInfo } from './registry.js';

const DAY = TICKS_PER_DAY;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Day of week, 0 = Sunday (1970-01-01 was a Thursday). */
function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** ISO 8601 week number (week_of_year in datetime_part; weekofyear()). */
export function isoWeek(days: number): number {
  const wd = weekday(days) || 7; // Monday = 1 … Sunday = 7
  const thursday = days + (4 - wd);
  const [y] = civilFromDays(thursday);
  return Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

function dayOfYear(days: number): number {
  const [y] = civilFromDays(days);
  return days - daysFromCivil(y, 1, 1) + 1;
}

/** Adds months with the day clamped to the target month's length (.NET AddMonths). */
function addMonths(t: bigint, months: number): bigint | null {
  const { days, tod } = splitDays(t);
  const [y, m, d] = civilFromDays(days);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  if (ny < 1 || ny > 9999) return null;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return checkDatetime(BigInt(daysFromCivil(ny, nm, nd)) * DAY + BigInt(tod));
}

type Part =
  | 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second'
  | 'millisecond' | 'microsecond' | 'nanosecond';

const PART_NAMES: Record<string, Part> = {
  year: 'year', quarter: 'quarter', month: 'month', week: 'week', day: 'day', hour: 'hour',
  minute: 'minute', second: 'second', millisecond: 'millisecond', microsecond: 'microsecond',
  nanosecond: 'nanosecond',
};

const FIXED_UNIT: Partial<Record<Part, bigint>> = {
  week: 7n * DAY, day: DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE, second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MILLISECOND, microsecond: TICKS_PER_MICROSECOND,
};

function constPart(fn: string, arg: ArgInfo, names: Record<string, string>): string | ResolveError {
  if (arg.type !== 'string' || !arg.constant) return new ResolveError(`${fn}(): the part must be a constant string`, 0);
  const p = names[(arg.value as string).toLowerCase()];
  return p ?? new ResolveError(`${fn}(): unknown part '${String(arg.value)}'`, 0);
}

defineFunction({
  name: 'datetime_add',
  minArgs: 3,
  maxArgs: 3,
  resolve: (args) => {
    const part = constPart('datetime_add', args[0], PART_NAMES) as Part | ResolveError;
    if (part instanceof ResolveError) return part;
    if (!isNumeric(args[1].type) || args[2].type !== 'datetime') return typeError('datetime_add', args, '(part, long, datetime)');
    const unit = FIXED_UNIT[part];
    return {
      type: 'datetime',
      impl: (_p: string, n: number | null, t: bigint | null) => {
        if (n === null || t === null || !Number.isFinite(n)) return null;
        const k = Math.trunc(n);
        if (unit !== undefined) return checkDatetime(t + BigInt(k) * unit);
        if (part === 'nanosecond') return checkDatetime(t + BigInt(Math.trunc(k / 100)));
        return addMonths(t, part === 'year' ? k * 12 : part === 'quarter' ? k * 3 : k);
      },
    };
  },
});

/** Calendar/boundary differences (datetime-diff-function.md examples). */
function diff(part: Part, a: bigint, b: bigint): number {
  switch (part) {
    case 'year':
    case 'quarter':
    case 'month': {
      const pa = datetimeParts(a);
      const pb = datetimeParts(b);
      if (part === 'year') return pa.year - pb.year;
      if (part === 'quarter') return pa.year * 4 + Math.floor((pa.month - 1) / 3) - (pb.year * 4 + Math.floor((pb.month - 1) / 3));
      return pa.year * 12 + pa.month - (pb.year * 12 + pb.month);
    }
    case 'week': {
      // Weeks start on Sunday: count week boundaries between the two start-of-weeks.
      const da = splitDays(a).days;
      const db = splitDays(b).days;
      return ((da - weekday(da)) - (db - weekday(db))) / 7;
    }
    case 'nanosecond':
      return Number(a - b) * 100;
    default: {
      const unit = FIXED_UNIT[part]!;
      return Number(floorDiv(a, unit) - floorDiv(b, unit));
    }
  }
}

defineFunction({
  name: 'datetime_diff',
  minArgs: 3,
  maxArgs: 3,
  resolve: (args) => {
    const part = constPart('datetime_diff', args[0], PART_NAMES) as Part | ResolveError;
    if (part instanceof ResolveError) return part;
    if (args[1].type !== 'datetime' || args[2].type !== 'datetime') return typeError('datetime_diff', args, '(part, datetime, datetime)');
    return {
      type: 'long',
      impl: (_p: string, a: bigint | null, b: bigint | null) => (a === null || b === null ? null : diff(part, a, b)),
    };
  },
});

const DATETIME_PARTS: Record<string, string> = {
  year: 'year', quarter: 'quarter', month: 'month', week_of_year: 'week_of_year', weekofyear: 'week_of_year',
  day: 'day', dayofyear: 'dayofyear', hour: 'hour', minute: 'minute', second: 'second',
  millisecond: 'millisecond', microsecond: 'microsecond', nanosecond: 'nanosecond',
};

defineFunction({
  name: 'datetime_part',
  minArgs: 2,
  maxArgs: 2,
  resolve: (args) => {
    const part = constPart('datetime_part', args[0], DATETIME_PARTS);
    if (part instanceof ResolveError) return part;
    if (args[1].type !== 'datetime') return typeError('datetime_part', args, '(part, datetime)');
    const get = (t: bigint): number => {
      const p = datetimeParts(t);
      switch (part) {
        case 'year': return p.year;
        case 'quarter': return Math.floor((p.month - 1) / 3) + 1;
        case 'month': return p.month;
        case 'week_of_year': return isoWeek(p.days);
        case 'day': return p.day;
        case 'dayofyear': return dayOfYear(p.days);
        case 'hour': return p.hour;
        case 'minute': return p.minute;
        case 'second': return p.second;
        case 'millisecond': return Math.floor(p.fraction / 10_000);
        case 'microsecond': return Math.floor(p.fraction / 10);
        default: return p.fraction * 100; // nanosecond
      }
    };
    return { type: 'int', impl: (_p: string, t: bigint | null) => (t === null ? null : get(t)) };
  },
});

function datetimeToInt(name: string, f: (t: bigint) => number, ...aliases: string[]): void {
  defineFunction(
    {
      name,
      minArgs: 1,
      maxArgs: 1,
      resolve: (args) => {
        if (args[0].type !== 'datetime') return typeError(name, args, 'a datetime');
        return { type: 'int', impl: (t: bigint | null) => (t === null ? null : f(t)) };
      },
    },
    ...aliases,
  );
}

datetimeToInt('dayofmonth', (t) => datetimeParts(t).day);
datetimeToInt('dayofyear', (t) => dayOfYear(splitDays(t).days));
datetimeToInt('getmonth', (t) => datetimeParts(t).month, 'monthofyear');
datetimeToInt('getyear', (t) => datetimeParts(t).year);
datetimeToInt('hourofday', (t) => datetimeParts(t).hour);
datetimeToInt('weekofyear', (t) => isoWeek(splitDays(t).days), 'week_of_year');

defineFunction({
  name: 'dayofweek',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    if (args[0].type !== 'datetime') return typeError('dayofweek', args, 'a datetime');
    return { type: 'timespan', impl: (t: bigint | null) => (t === null ? null : BigInt(weekday(splitDays(t).days)) * DAY) };
  },
});

// startof*/endof*(date [, offset]): the offset moves by whole units (days, weeks, months, years).
type Period = 'day' | 'week' | 'month' | 'year';

function startOf(period: Period, t: bigint, offset: number): bigint | null {
  const days = splitDays(t).days;
  switch (period) {
    case 'day':
      return checkDatetime(BigInt(days + offset) * DAY);
    case 'week':
      return checkDatetime(BigInt(days - weekday(days) + offset * 7) * DAY);
    case 'month': {
      const [y, m] = civilFromDays(days);
      const total = y * 12 + (m - 1) + offset;
      const ny = Math.floor(total / 12);
      if (ny < 1 || ny > 9999) return null;
      return BigInt(daysFromCivil(ny, total - ny * 12 + 1, 1)) * DAY;
    }
    case 'year': {
      const [y] = civilFromDays(days);
      const ny = y + offset;
      if (ny < 1 || ny > 9999) return null;
      return BigInt(daysFromCivil(ny, 1, 1)) * DAY;
    }
  }
}

function endOf(period: Period, t: bigint, offset: number): bigint | null {
  const next = startOf(period, t, offset + 1);
  if (next !== null) return checkDatetime(next - 1n);
  // The period ending 9999-12-31 has no successor inside the range.
  return startOf(period, t, offset) === null ? null : MAX_DATETIME;
}

for (const period of ['day', 'week', 'month', 'year'] as const) {
  for (const [prefix, f] of [['startof', startOf], ['endof', endOf]] as const) {
    const name = prefix + period;
    defineFunction({
      name,
      minArgs: 1,
      maxArgs: 2,
      resolve: (args) => {
        if (args[0].type !== 'datetime' || (args[1] && !isNumeric(args[1].type))) return typeError(name, args, '(datetime [, offset])');
        return {
          type: 'datetime',
          impl: (t: bigint | null, off?: number | null) => (t === null || off === null ? null : f(period, t, off === undefined ? 0 : Math.trunc(off))),
        };
      },
    });
  }
}

defineFunction({
  name: 'now',
  minArgs: 0,
  maxArgs: 1,
  resolve: (args, rt) => {
    if (args.length === 1 && args[0].type !== 'timespan') return typeError('now', args, '([timespan offset])');
    return {
      type: 'datetime',
      impl: (off?: bigint | null) => (off === null ? null : off === undefined ? rt.now() : checkDatetime(rt.now() + off)),
    };
  },
});

defineFunction({
  name: 'ago',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args, rt) => {
    if (args[0].type !== 'timespan') return typeError('ago', args, 'a timespan');
    return { type: 'datetime', impl: (ts: bigint | null) => (ts === null ? null : checkDatetime(rt.now() - ts)) };
  },
});

defineFunction({
  name: 'make_datetime',
  minArgs: 3,
  maxArgs: 6,
  resolve: (args) => {
    if (args.some((a) => !isNumeric(a.type)) || args.length === 4) return typeError('make_datetime', args, '(year, month, day [, hour, minute [, second]])');
    return {
      type: 'datetime',
      impl: (...v: (number | null)[]) => {
        if (v.some((x) => x === null || !Number.isFinite(x))) return null;
        const [y, mo, d, h = 0, mi = 0, s = 0] = v as number[];
        if (![y, mo, d, h, mi].every(Number.isInteger)) return null;
        const whole = Math.floor(s);
        const frac = Math.round((s - whole) * 1e7);
        return makeDatetime(y, mo, d, h, mi, whole, Math.min(frac, 9_999_999));
      },
    };
  },
});

defineFunction({
  name: 'make_timespan',
  minArgs: 2,
  maxArgs: 4,
  resolve: (args) => {
    if (args.some((a) => !isNumeric(a.type))) return typeError('make_timespan', args, '([day,] hour, minute [, second])');
    const n = args.length;
    return {
      type: 'timespan',
      impl: (...v: (number | null)[]) => {
        if (v.some((x) => x === null || !Number.isFinite(x))) return null;
        const [d, h, m, s] = n === 4 ? (v as number[]) : [0, ...(v as number[]), 0].slice(0, 4);
        const secondsTicks = BigInt(Math.round((n === 2 ? 0 : s) * 1e7));
        return checkTimespan(
          BigInt(Math.trunc(d)) * DAY + BigInt(Math.trunc(h)) * TICKS_PER_HOUR + BigInt(Math.trunc(m)) * TICKS_PER_MINUTE + secondsTicks,
        );
      },
    };
  },
});
