// Column naming of the HTTP Data Collector API (spec/azure-wire-contracts.md §5.5 [doc]): a property
// becomes a column named `<property>_<suffix>`, the suffix saying the type the first value had.
//
// | JSON value                                       | suffix | column type |
// |--------------------------------------------------|--------|-------------|
// | string                                           | _s     | string      |
// | boolean                                          | _b     | bool        |
// | number (integer or not)                          | _d     | real        |
// | string that is an ISO 8601 date and time         | _t     | datetime    |
// | string shaped like a GUID (dashed, or 32 hex)    | _g     | guid        |
// | array                                            | _s     | its JSON text [inf] |
//
// Strings are classified by shape only: "42" and "true" are `_s` on a new column (the documented
// example: strings create string columns), they convert into an existing `_d` or `_b` column later.
import { parseDatetime } from '../../kql/runtime/datetime.js';
import type { KqlType } from '../../storage/engine.js';

export type Suffix = 's' | 'd' | 'b' | 't' | 'g';

export const SUFFIX_TYPES: Readonly<Record<Suffix, KqlType>> = { s: 'string', d: 'real', b: 'bool', t: 'datetime', g: 'guid' };

const SUFFIX_OF_NAME = /^(.+)_([sdbtg])$/;

/**
 * The property a suffixed column was made for: `score_d` → { base: 'score', suffix: 'd' }. The
 * name decides, not the type: a column named like another type (the Darktrace schema declares
 * `groupScore_d` as string) still receives the values of its property, converted to its type.
 */
export function splitSuffixed(name: string): { base: string; suffix: Suffix } | undefined {
  const m = SUFFIX_OF_NAME.exec(name);
  return m ? { base: m[1], suffix: m[2] as Suffix } : undefined;
}

/**
 * ISO 8601 date and time, as senders write it: a full date, `T`, hours and minutes, optional seconds
 * and fraction, optional zone. A date alone or a space instead of `T` is not taken as a datetime
 * [inf]: the Darktrace schema keeps `breachTime_s`, `time_s`, `startTime_s` as strings while its
 * ISO timestamps land in `timestamp_t`.
 */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const GUID_DASHED = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const GUID_PLAIN = /^[0-9A-Fa-f]{32}$/;

/** True when the string is an ISO 8601 date and time that is a valid KQL datetime. */
export function isIsoDatetime(s: string): boolean {
  // Cheap shape checks first: most strings are not dates and fail at once.
  return s.length >= 16 && s.length <= 40 && s.charCodeAt(4) === 45 && s.charCodeAt(10) === 84 && ISO_DATETIME.test(s) && parseDatetime(s) !== null;
}

export function isGuidShaped(s: string): boolean {
  return (s.length === 36 && s.charCodeAt(8) === 45 && GUID_DASHED.test(s)) || (s.length === 32 && GUID_PLAIN.test(s));
}

/** A leaf value after flattening: a JSON scalar or an array (objects are flattened away). */
export type LeafValue = string | number | boolean | unknown[];

/** The suffix a new column for this value gets. */
export function naturalSuffix(v: LeafValue): Suffix {
  if (typeof v === 'string') {
    if (isIsoDatetime(v)) return 't';
    if (isGuidShaped(v)) return 'g';
    return 's';
  }
  if (typeof v === 'number') return 'd';
  if (typeof v === 'boolean') return 'b';
  return 's';
}
