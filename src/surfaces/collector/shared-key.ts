// SharedKey authorisation of the HTTP Data Collector API (spec/azure-wire-contracts.md §5.2 [doc]):
//
//   string to sign = "POST\n" + <Content-Length> + "\n" + <Content-Type> + "\n" +
//                    "x-ms-date:" + <x-ms-date> + "\n" + "/api/logs"
//   signature      = Base64(HMAC-SHA256(key = Base64Decode(workspace key), UTF-8(string to sign)))
//   header         = "Authorization: SharedKey <workspace id>:<signature>"
//
// The server signs with the body's byte length as received and the Content-Type exactly as
// received, and compares in constant time against the primary and the secondary key.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNED_RESOURCE = '/api/logs';

export function stringToSign(contentLength: number, contentType: string, xMsDate: string): string {
  return `POST\n${contentLength}\n${contentType}\nx-ms-date:${xMsDate}\n${SIGNED_RESOURCE}`;
}

export function hmacSignature(keyBase64: string, text: string): Buffer {
  return createHmac('sha256', Buffer.from(keyBase64, 'base64')).update(text, 'utf8').digest();
}

export type ParsedAuthorization =
  | { ok: true; workspaceId: string; signature: string }
  | { ok: false; reason: 'missing' | 'scheme' | 'malformed' };

/** Reads `SharedKey <workspace id>:<signature>`; the signature is trimmed (Logstash appends "\n"). */
export function parseAuthorization(header: string | string[] | undefined): ParsedAuthorization {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim().length === 0) return { ok: false, reason: 'missing' };
  const m = /^\s*(\S+)\s+(.*)$/s.exec(value);
  if (!m || m[1].toLowerCase() !== 'sharedkey') return { ok: false, reason: 'scheme' };
  const rest = m[2];
  const colon = rest.indexOf(':');
  if (colon <= 0) return { ok: false, reason: 'malformed' };
  const signature = rest.slice(colon + 1).trim();
  if (signature.length === 0) return { ok: false, reason: 'malformed' };
  return { ok: true, workspaceId: rest.slice(0, colon).trim(), signature };
}

export interface SignatureInput {
  signature: string;
  keys: readonly string[];
  contentLength: number;
  /** The Content-Type header as received ('' when absent). */
  contentType: string;
  xMsDate: string;
  /** Also accept a signature over the bare media type. */
  loose: boolean;
}

/** True when the signature was made with one of the keys over the request as received. */
export function signatureMatches(input: SignatureInput): boolean {
  const presented = decodeBase64Strict(input.signature);
  if (!presented) return false;
  const types = [input.contentType];
  if (input.loose) {
    const bare = input.contentType.split(';')[0].trim();
    if (bare !== input.contentType) types.push(bare);
    if (bare.toLowerCase() !== bare) types.push(bare.toLowerCase());
  }
  let ok = false;
  for (const key of input.keys) {
    for (const ct of types) {
      const expected = hmacSignature(key, stringToSign(input.contentLength, ct, input.xMsDate));
      // No early exit: every candidate is compared, in constant time.
      if (expected.length === presented.length && timingSafeEqual(expected, presented)) ok = true;
    }
  }
  return ok;
}

/** The bytes of a standard base64 string, or null when it is not one. */
function decodeBase64Strict(s: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  return Buffer.from(s, 'base64');
}

/** RFC 1123 as the clients write it: `Mon, 04 Apr 2016 08:00:00 GMT`. */
const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Milliseconds since the epoch of an RFC 1123 date, or null. */
export function parseRfc1123(s: string): number | null {
  if (!RFC1123.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}
