// Most senders write TimeGenerated as `YYYY-MM-DDTHH:MM:SS[.f…]Z`, which is already the NDJSON form
// the storage engine loads (src/storage/duckdb/types.ts, NDJSON_ENCODING.datetime). Recognising it
// with character checks lets the pipeline pass the text through instead of parsing it to ticks and
// formatting it again; every other form goes through the runtime's full parser.
import { daysInMonth, digitAt, twoDigitsAt } from '../../kql/runtime/datetime.js';

/**
 * True when `s` is a valid UTC datetime in the canonical shape, with 0 to 7 fractional digits (the
 * storage engine keeps microseconds and truncates the rest, as it does for any datetime). The date
 * and time fields are range-checked exactly as the full parser checks them.
 */
export function isCanonicalUtcDatetime(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 28 || s.charCodeAt(n - 1) !== 90 /* Z */) return false;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const y1 = twoDigitsAt(s, 0);
  const y2 = twoDigitsAt(s, 2);
  const month = twoDigitsAt(s, 5);
  const day = twoDigitsAt(s, 8);
  const hour = twoDigitsAt(s, 11);
  const minute = twoDigitsAt(s, 14);
  const second = twoDigitsAt(s, 17);
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const year = y1 * 100 + y2;
  if (year < 1 || day > daysInMonth(year, month)) return false;
  if (n === 20) return true;
  // A fraction: '.', 1–7 digits, 'Z'.
  if (s.charCodeAt(19) !== 46 || n === 21) return false;
  for (let i = 20; i < n - 1; i++) if (digitAt(s, i) < 0) return false;
  return true;
}
