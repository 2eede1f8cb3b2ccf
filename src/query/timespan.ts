// The query API's `timespan` (spec/azure-wire-contracts.md §6.1): an ISO 8601 duration (`PT1H`, the
// span ending now), or an interval `start/end`, `start/duration` or `duration/end`. Times are 100 ns
// ticks since the Unix epoch, the unit of KQL datetimes.
//
// Choices that Azure does not document [inf]: a year counts 365 days and a month 30 days (as .NET's
// XmlConvert reads ISO 8601 durations); a date-time without a zone is UTC; the range is inclusive
// at both ends (as KQL's `between`); an interval that ends before it starts is refused.

export interface TimeRange {
  /** Inclusive start, ticks. */
  start: bigint;
  /** Inclusive end, ticks. */
  end: bigint;
}

export class TimespanError extends Error {
  constructor(readonly timespan: string, reason: string) {
    super(`The timespan '${timespan}' is not valid: ${reason}`);
    this.name = 'TimespanError';
  }
}

const TICKS_PER_SECOND = 10_000_000n;
const TICKS_PER_MS = 10_000n;
const UNIT_TICKS = {
  Y: 365n * 86_400n * TICKS_PER_SECOND,
  Mo: 30n * 86_400n * TICKS_PER_SECOND,
  W: 7n * 86_400n * TICKS_PER_SECOND,
  D: 86_400n * TICKS_PER_SECOND,
  H: 3_600n * TICKS_PER_SECOND,
  Mi: 60n * TICKS_PER_SECOND,
  S: TICKS_PER_SECOND,
} as const;

const NUM = '(\\d+(?:[.,]\\d+)?)';
const DURATION = new RegExp(`^P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`, 'i');
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** `amount × unit` in ticks, exact for decimal amounts (fractions below a tick are dropped). */
function scaled(amount: string, unit: bigint): bigint {
  const [int, frac = ''] = amount.replace(',', '.').split('.');
  const scale = 10n ** BigInt(frac.length);
  return BigInt(int!) * unit + (BigInt(frac || '0') * unit) / scale;
}

/** An ISO 8601 duration in ticks, or undefined when the text is not one. */
export function parseIsoDuration(text: string): bigint | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1);
  if (parts.every((p) => p === undefined)) return undefined; // `P` or `PT` alone
  if (/T$/i.test(text.trim())) return undefined; // a `T` must be followed by a time part
  const units = [UNIT_TICKS.Y, UNIT_TICKS.Mo, UNIT_TICKS.W, UNIT_TICKS.D, UNIT_TICKS.H, UNIT_TICKS.Mi, UNIT_TICKS.S];
  let ticks = 0n;
  parts.forEach((p, i) => {
    if (p !== undefined) ticks += scaled(p, units[i]!);
  });
  return ticks;
}

/** An ISO 8601 date or date-time (UTC when it has no zone) in ticks, or undefined. */
export function parseIsoDateTime(text: string): bigint | undefined {
  const m = DATETIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  // Date.UTC rolls 2024-02-30 over into March: refuse fields out of range instead.
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  let ticks = BigInt(ms) * TICKS_PER_MS + BigInt((frac + '0000000').slice(0, 7));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
    ticks -= sign * offsetMinutes * 60n * TICKS_PER_SECOND;
  }
  return ticks;
}

/** Resolves one `timespan` value against the query's `now` (ticks). */
export function resolveTimespan(timespan: string, now: bigint): TimeRange {
  const text = timespan.trim();
  if (text === '') throw new TimespanError(timespan, 'it is empty');
  const slash = text.split('/');
  if (slash.length > 2) throw new TimespanError(timespan, "use a duration, or an interval 'start/end', 'start/duration' or 'duration/end'");
  if (slash.length === 1) {
    const d = parseIsoDuration(text);
    if (d === undefined) throw new TimespanError(timespan, "expected an ISO 8601 duration such as 'PT1H' or 'P1D', or an interval 'start/end'");
    return { start: now - d, end: now };
  }
  const [a, b] = slash as [string, string];
  const aTime = parseIsoDateTime(a);
  const bTime = parseIsoDateTime(b);
  let range: TimeRange;
  if (aTime !== undefined && bTime !== undefined) range = { start: aTime, end: bTime };
  else if (aTime !== undefined) {
    const d = parseIsoDuration(b);
    if (d === undefined) throw new TimespanError(timespan, `'${b}' is neither an ISO 8601 date-time nor a duration`);
    range = { start: aTime, end: aTime + d };
  } else if (bTime !== undefined) {
    const d = parseIsoDuration(a);
    if (d === undefined) throw new TimespanError(timespan, `'${a}' is neither an ISO 8601 date-time nor a duration`);
    range = { start: bTime - d, end: bTime };
  } else {
    throw new TimespanError(timespan, 'an interval needs a start or an end date-time');
  }
  if (range.end < range.start) throw new TimespanError(timespan, 'the interval ends before it starts');
  return range;
}

/**
 * The range every given timespan allows (the body's and the query string's are intersected);
 * undefined when none is given. Disjoint timespans give an empty range (start after end).
 */
export function intersectTimespans(timespans: readonly (string | undefined)[], now: bigint): TimeRange | undefined {
  let acc: TimeRange | undefined;
  for (const t of timespans) {
    if (t === undefined) continue;
    const r = resolveTimespan(t, now);
    acc = acc ? { start: r.start > acc.start ? r.start : acc.start, end: r.end < acc.end ? r.end : acc.end } : r;
  }
  return acc;
}

export function ticksFromDate(d: Date): bigint {
  return BigInt(d.getTime()) * TICKS_PER_MS;
}
