// datetime values: bigint counts of 100 ns ticks since the Unix epoch (1970-01-01T00:00:00Z).
//
// Kusto's datetime counts ticks from 0001-01-01; the Unix origin is used here so that the values
// convert cheaply to and from JavaScript milliseconds. Valid values lie in [0001-01-01, 9999-12-31
// 23:59:59.9999999]; anything outside that range is null, as in Kusto.

export const TICKS_PER_MICROSECOND = 10n;
export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;

/** 0001-01-01T00:00:00Z in ticks since the Unix epoch. */
export const MIN_DATETIME = -621_355_968_000_000_000n;
/** 9999-12-31T23:59:59.9999999Z in ticks since the Unix epoch. */
export const MAX_DATETIME = 2_534_023_007_999_999_999n;

const TICKS_PER_DAY_N = 864_000_000_000;

/** Returns t when it is a valid datetime, else null. */
export function checkDatetime(t: bigint): bigint | null {
  return t < MIN_DATETIME || t > MAX_DATETIME ? null : t;
}

// Days since 1970-01-01 of a proleptic Gregorian civil date (Howard Hinnant's algorithm).
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date [year, month 1-12, day 1-31] of a day count since 1970-01-01. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

/** Whole days since the epoch (floor) and the ticks within that day. */
export function splitDays(t: bigint): { days: number; tod: number } {
  let days = t / TICKS_PER_DAY;
  let tod = t - days * TICKS_PER_DAY;
  if (tod < 0n) {
    tod += TICKS_PER_DAY;
    days -= 1n;
  }
  return { days: Number(days), tod: Number(tod) };
}

export interface DatetimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ticks within the second, 0..9,999,999 */
  fraction: number;
  /** days since 1970-01-01 */
  days: number;
}

export function datetimeParts(t: bigint): DatetimeParts {
  const { days, tod } = splitDays(t);
  const [year, month, day] = civilFromDays(days);
  const secs = Math.floor(tod / 10_000_000);
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    fraction: tod - secs * 10_000_000,
    days,
  };
}

/**
 * Builds a datetime from civil parts; null when a part is out of range or the result falls
 * outside [0001-01-01, 9999-12-31].
 */
export function makeDatetime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  fractionTicks = 0,
): bigint | null {
  if (
    !Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) ||
    year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
    hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
    fractionTicks < 0 || fractionTicks > 9_999_999
  ) {
    return null;
  }
  const days = daysFromCivil(year, month, day);
  const secOfDay = hour * 3600 + minute * 60 + second;
  return BigInt(days) * TICKS_PER_DAY + BigInt(secOfDay * 10_000_000 + fractionTicks);
}

/** datetime from JavaScript milliseconds since the epoch. */
export function datetimeFromUnixMs(ms: number): bigint {
  return BigInt(Math.trunc(ms)) * TICKS_PER_MILLISECOND;
}

/** The current time as a datetime (millisecond resolution, as the system clock gives it). */
export function nowDatetime(): bigint {
  return datetimeFromUnixMs(Date.now());
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : n >= 100 ? '0' + n : n >= 10 ? '00' + n : '000' + n;
}

function pad7(n: number): string {
  const s = String(n);
  return '0000000'.slice(s.length) + s;
}

/**
 * KQL's string form of a datetime: ISO 8601 with 7 fractional digits and `Z`
 * (`tostring(datetime(2020-01-01))` is `2020-01-01T00:00:00.0000000Z`; checked against the
 * documented hash_sha256 example).
 */
export function formatDatetime(t: bigint): string {
  const { days, tod } = splitDays(t);
  const [y, m, d] = civilFromDays(days);
  const secs = Math.floor(tod / 10_000_000);
  const frac = tod - secs * 10_000_000;
  return (
    pad4(y) + '-' + pad2(m) + '-' + pad2(d) + 'T' +
    pad2(Math.floor(secs / 3600)) + ':' + pad2(Math.floor(secs / 60) % 60) + ':' + pad2(secs % 60) +
    '.' + pad7(frac) + 'Z'
  );
}

// ---------------------------------------------------------------------------------------------
// Parsing. The documented formats (datetime.md: ISO 8601, RFC 822, RFC 850, "sortable") plus the
// forms the documentation shows working elsewhere: `02/17/2016 08:40:01` (parse operator page),
// `12-02-2022` (todatetime page), `2021/03/18 10:31:26` (a documented user report), `Sep 07 2018
// 14:50:39` (CEF timestamps). Invariant-culture month-first order for numeric dates.

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};

const WEEKDAYS = new Set([
  'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thur', 'thurs', 'thursday',
  'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday',
]);

// Fast path: the ISO 8601 shapes senders use almost always.
const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]| +)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?)? *(?:([Zz])|(GMT|UTC|UT|gmt|utc)|([+-])(\d{2}):?(\d{2})?)?$/;

// General form: [weekday[,]] date [[T|space|,] time [AM|PM]] [zone]
const NUM_DATE_YMD_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/;
const NUM_DATE_MDY_RE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)/;
const DAY_MON_YEAR_RE = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -]+(\d{4}|\d{2})(?!\d)/;
const MON_DAY_YEAR_RE = /^([A-Za-z]{3,9})\.?[ -]+(\d{1,2}),?[ -]+(\d{4}|\d{2})(?!\d)/;
const TIME_RE = /^(?:[Tt]|[ ,]+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?(?: *([AaPp])\.?[Mm]\.?)?/;
const ZONE_RE = /^ *(?:([Zz])|(GMT|UTC|UT|gmt|utc)|([+-])(\d{1,2})(?::?(\d{2}))?|(GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?)$/;

function fractionTicks(digits: string | undefined): number {
  if (!digits) return 0;
  // Digits beyond the 7th (below 100 ns) are dropped.
  const s = digits.length >= 7 ? digits.slice(0, 7) : digits + '0000000'.slice(digits.length);
  return Number(s);
}

/** Two-digit years follow .NET's default window: 00-49 → 20xx, 50-99 → 19xx. */
function expandYear(text: string): number {
  const y = Number(text);
  if (text.length > 2) return y;
  return y < 50 ? 2000 + y : 1900 + y;
}

function applyOffset(t: bigint | null, sign: string | undefined, hh: string | undefined, mm: string | undefined): bigint | null {
  if (t === null || !sign) return t;
  const h = Number(hh);
  const m = mm ? Number(mm) : 0;
  if (h > 14 || m > 59) return null;
  const off = BigInt(h * 60 + m) * TICKS_PER_MINUTE;
  // local time = UTC + offset, so UTC = local - offset
  return checkDatetime(sign === '-' ? t + off : t - off);
}

/**
 * Parses a string as KQL's todatetime() does; null when the text is not a recognised datetime.
 * Times without a zone are UTC.
 */
export function parseDatetime(input: string): bigint | null {
  const fast = parseIsoFast(input);
  if (fast !== undefined) return fast;
  const s = input.trim();
  if (s.length === 0) return null;
  const iso = ISO_RE.exec(s);
  if (iso) {
    const t = makeDatetime(
      Number(iso[1]), Number(iso[2]), Number(iso[3]),
      iso[4] ? Number(iso[4]) : 0, iso[5] ? Number(iso[5]) : 0, iso[6] ? Number(iso[6]) : 0,
      fractionTicks(iso[7]),
    );
    return applyOffset(t, iso[10], iso[11], iso[12]);
  }
  return parseGeneral(s);
}

/** The decimal digit at `s[i]`, or -1. */
export function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The two-digit number at `s[i..i+1]`, or -1. */
export function twoDigitsAt(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The shape senders use almost always — `YYYY-MM-DDTHH:MM:SS[.fffffff…][Z|±HH:MM]` — parsed without
 * a regular expression (this runs for every datetime field of every ingested record). Returns
 * undefined when the text has another shape, so that the general parser decides.
 */
function parseIsoFast(s: string): bigint | null | undefined {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32 && sep !== 116) return undefined;
  const y1 = twoDigitsAt(s, 0);
  const y2 = twoDigitsAt(s, 2);
  const mo = twoDigitsAt(s, 5);
  const d = twoDigitsAt(s, 8);
  const h = twoDigitsAt(s, 11);
  const mi = twoDigitsAt(s, 14);
  const se = twoDigitsAt(s, 17);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return undefined;
  let i = 19;
  let frac = 0;
  if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    i++;
    let digits = 0;
    for (; i < n; i++) {
      const c = digitAt(s, i);
      if (c < 0) break;
      if (digits < 7) frac = frac * 10 + c;
      digits++;
    }
    if (digits === 0) return undefined;
    for (; digits < 7; digits++) frac *= 10;
  }
  let offsetMin = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if ((c === 90 || c === 122) && i + 1 === n) i++;
    else if ((c === 43 || c === 45) && (n - i === 6 || n - i === 5)) {
      const oh = twoDigitsAt(s, i + 1);
      const om = twoDigitsAt(s, n - 2);
      if (oh < 0 || om < 0 || (n - i === 6 && s.charCodeAt(i + 3) !== 58) || oh > 14 || om > 59) return undefined;
      offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
      i = n;
    } else return undefined;
  }
  if (i !== n) return undefined;
  const year = y1 * 100 + y2;
  if (year < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(year, mo) || h > 23 || mi > 59 || se > 59) return null;
  const seconds = daysFromCivil(year, mo, d) * 86400 + h * 3600 + mi * 60 + se - offsetMin * 60;
  const t = BigInt(seconds) * TICKS_PER_SECOND + (frac === 0 ? 0n : BigInt(frac));
  return offsetMin === 0 ? t : checkDatetime(t);
}

function parseGeneral(text: string): bigint | null {
  let s = text;
  // Optional leading weekday name ("Sat, 8 Nov 14 …", "Saturday, 08-Nov-14 …").
  const wd = /^([A-Za-z]+),? +/.exec(s);
  if (wd && WEEKDAYS.has(wd[1].toLowerCase())) s = s.slice(wd[0].length);

  let year: number;
  let month: number;
  let day: number;
  let m: RegExpExecArray | null;
  if ((m = NUM_DATE_YMD_RE.exec(s))) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
  } else if ((m = NUM_DATE_MDY_RE.exec(s))) {
    month = Number(m[1]);
    day = Number(m[2]);
    year = expandYear(m[3]);
  } else if ((m = DAY_MON_YEAR_RE.exec(s))) {
    const mon = MONTHS[m[2].toLowerCase()];
    if (!mon) return null;
    day = Number(m[1]);
    month = mon;
    year = expandYear(m[3]);
  } else if ((m = MON_DAY_YEAR_RE.exec(s))) {
    const mon = MONTHS[m[1].toLowerCase()];
    if (!mon) return null;
    month = mon;
    day = Number(m[2]);
    year = expandYear(m[3]);
  } else {
    return null;
  }
  s = s.slice(m[0].length);

  let hour = 0;
  let minute = 0;
  let second = 0;
  let frac = 0;
  const tm = TIME_RE.exec(s);
  if (tm) {
    hour = Number(tm[1]);
    minute = Number(tm[2]);
    second = tm[3] ? Number(tm[3]) : 0;
    frac = fractionTicks(tm[4]);
    if (tm[5]) {
      if (hour < 1 || hour > 12) return null;
      const pm = tm[5] === 'p' || tm[5] === 'P';
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    s = s.slice(tm[0].length);
  }
  if (s.length === 0) return makeDatetime(year, month, day, hour, minute, second, frac);
  const z = ZONE_RE.exec(s);
  if (!z) return null;
  const t = makeDatetime(year, month, day, hour, minute, second, frac);
  if (z[3]) return applyOffset(t, z[3], z[4], z[5]);
  if (z[7]) return applyOffset(t, z[7], z[8], z[9]);
  return t;
}
