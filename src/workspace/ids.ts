// Identifier and secret generation. Everything random comes from node:crypto.
import { randomBytes, randomUUID, createHmac, timingSafeEqual } from 'node:crypto';

export function newGuid(): string {
  return randomUUID();
}

/** DCR immutable id: `dcr-` followed by 32 lowercase hex digits (spec/azure-wire-contracts.md §4.1). */
export function newDcrImmutableId(): string {
  return `dcr-${randomBytes(16).toString('hex')}`;
}

export function newDceImmutableId(): string {
  return `dce-${randomBytes(16).toString('hex')}`;
}

export const DCR_IMMUTABLE_ID = /^dcr-[0-9a-f]{32}$/;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A workspace shared key: 64 random bytes in base64 (88 characters), the size Log Analytics hands out. */
export function newSharedKey(): string {
  return randomBytes(64).toString('base64');
}

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-';

function randomChars(n: number): string {
  // 66 symbols: rejection sampling keeps the distribution uniform.
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b < 198 && out.length < n) out += SECRET_ALPHABET[b % 66];
    }
  }
  return out;
}

/**
 * A client secret in the shape Entra issues (40 characters, `8Q~` after a three-character hint),
 * so that senders' validation of what a secret looks like accepts it. About 200 bits of entropy.
 */
export function newClientSecret(): string {
  return `${randomChars(3)}8Q~${randomChars(34)}`;
}

/**
 * Salted hash of a client secret. Secrets are long random strings (not passwords a person chose),
 * so a keyed SHA-256 is enough: there is nothing to brute-force that a slow KDF would protect, and
 * the token endpoint stays cheap under load.
 */
export function hashSecret(secret: string, salt?: string): { salt: string; hash: string } {
  const s = salt ?? randomBytes(16).toString('base64');
  const hash = createHmac('sha256', Buffer.from(s, 'base64')).update(secret, 'utf8').digest('base64');
  return { salt: s, hash };
}

export function secretMatches(secret: string, salt: string, hash: string): boolean {
  const computed = Buffer.from(hashSecret(secret, salt).hash, 'base64');
  const expected = Buffer.from(hash, 'base64');
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
