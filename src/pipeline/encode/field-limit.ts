// Log Analytics truncates a field value longer than 64 KB rather than rejecting the record
// (spec/azure-wire-contracts.md §4.7 [doc]). Vigil applies the limit to string values, in UTF-8
// bytes, cutting at a character boundary; dynamic values are not cut (a cut would break the JSON).

export const FIELD_LIMIT_BYTES = 65_536;

/**
 * Below this many UTF-16 units a string cannot exceed the limit (one unit is at most 3 UTF-8
 * bytes), so the hot path needs only a length comparison.
 */
export const SAFE_STRING_UNITS = Math.floor(FIELD_LIMIT_BYTES / 3);

const encoder = new TextEncoder();
const scratch = new Uint8Array(FIELD_LIMIT_BYTES);

/** The string cut to at most FIELD_LIMIT_BYTES UTF-8 bytes, or the same string when it fits. */
export function truncateToFieldLimit(s: string): string {
  if (s.length <= SAFE_STRING_UNITS) return s;
  // encodeInto never splits a character: `read` counts the UTF-16 units that fit whole.
  const { read } = encoder.encodeInto(s, scratch);
  return read >= s.length ? s : s.slice(0, read);
}

/**
 * The string cut to at most `limitBytes` UTF-8 bytes at a character boundary, or the same string
 * when it fits — for surfaces with another documented field limit (the Data Collector API: 32 KB).
 */
export function truncateUtf8(s: string, limitBytes: number): string {
  if (s.length <= Math.floor(limitBytes / 3)) return s;
  const buf = limitBytes <= FIELD_LIMIT_BYTES ? scratch.subarray(0, limitBytes) : new Uint8Array(limitBytes);
  const { read } = encoder.encodeInto(s, buf);
  return read >= s.length ? s : s.slice(0, read);
}
