// guid values: lowercase dashed strings (`01234567-89ab-cdef-0123-456789abcdef`).

function hexValue(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * toguid() as documented: takes the first 32 hex digits of the input, skipping hyphens, validates
 * them and ignores the rest of the string (toguid-function.md: `0123456789ab-cdef-0123-456789abcdef`
 * converts). Null when fewer than 32 hex digits come before any other character.
 */
export function parseGuid(s: string): string | null {
  let hex = '';
  for (let i = 0; i < s.length && hex.length < 32; i++) {
    const c = s.charCodeAt(i);
    if (c === 45 /* - */) continue;
    if (!hexValue(c)) return null;
    hex += s[i];
  }
  if (hex.length < 32) return null;
  hex = hex.toLowerCase();
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
}

const STRICT_GUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/**
 * Whole-string guid parse for ingestion into guid columns: dashed or 32 hex digits, optionally in
 * braces; nothing may follow. Stricter than toguid(), because trailing junk in a declared guid
 * field is more likely a data error than something to ignore.
 */
export function parseGuidStrict(s: string): string | null {
  let t = s.trim();
  if (t.length === 38 && t[0] === '{' && t[37] === '}') t = t.slice(1, 37);
  return STRICT_GUID_RE.test(t) ? parseGuid(t) : null;
}
