// Deterministic ARM template functions: uniqueString() and guid().
//
// Neither algorithm is specified in Microsoft's ARM documentation ("a deterministic hash"). What is publicly
// established, and implemented here:
// - uniqueString(a, b, …): the arguments joined with "-", UTF-8 encoded, hashed with the 64-bit MurmurHash
//   variant of Microsoft's ResourceStack library (two 32-bit lanes, custom mixing constants), the 64-bit
//   result written as 13 lower-case RFC 4648 base-32 characters taken from the most significant bit down.
//   Cross-checked against values published by two independent re-implementations (Microsoft DSC's test suite
//   and a Bicep-verified shell port); see test/solutions/arm-hash.test.ts.
// - guid(a, b, …): an RFC 4122 name-based version-5 UUID (SHA-1) of the arguments joined with "-", in the
//   namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830.
import { createHash } from 'node:crypto';

const C1 = 2869860233;
const C2 = 597399067;
const C3 = 2246822507;
const C4 = 3266489909;

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

function mul(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

function fmix(h: number): number {
  h = mul(h ^ (h >>> 16), C3);
  h = mul(h ^ (h >>> 13), C4);
  return (h ^ (h >>> 16)) >>> 0;
}

function le32(b: Uint8Array, off: number, count = 4): number {
  let v = 0;
  for (let i = count - 1; i >= 0; i--) v = ((v << 8) | b[off + i]) >>> 0;
  return v;
}

/** The 64-bit hash as [high, low] 32-bit words. */
export function resourceStackHash64(bytes: Uint8Array): [number, number] {
  const len = bytes.length;
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    let k1 = le32(bytes, i);
    let k2 = le32(bytes, i + 4);
    k1 = mul(rotl(mul(k1, C2), 15), C1);
    h1 = rotl((h1 ^ k1) >>> 0, 19);
    h1 = (h1 + h2) >>> 0;
    h1 = (mul(h1, 5) + 1444728091) >>> 0;
    k2 = mul(rotl(mul(k2, C1), 17), C2);
    h2 = rotl((h2 ^ k2) >>> 0, 13);
    h2 = (h2 + h1) >>> 0;
    h2 = (mul(h2, 5) + 197830471) >>> 0;
  }
  const rem = len - i;
  if (rem > 0) {
    const k1 = mul(rotl(mul(le32(bytes, i, Math.min(rem, 4)), C2), 15), C1);
    h1 = (h1 ^ k1) >>> 0;
    if (rem > 4) {
      const k2 = mul(rotl(mul(le32(bytes, i + 4, rem - 4), C1), 17), C2);
      h2 = (h2 ^ k2) >>> 0;
    }
  }
  h2 = (h2 ^ len) >>> 0;
  h1 = (((h1 ^ len) >>> 0) + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return [h2, h1];
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function uniqueString(...values: string[]): string {
  const [hi, lo] = resourceStackHash64(new TextEncoder().encode(values.join('-')));
  let v = (BigInt(hi) << 32n) | BigInt(lo);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number((v >> 59n) & 31n)];
    v = (v << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

const GUID_NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

export function armGuid(...values: string[]): string {
  const hash = createHash('sha1').update(GUID_NAMESPACE).update(Buffer.from(values.join('-'), 'utf8')).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
