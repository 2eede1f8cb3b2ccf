// XXH64 (xxHash, 64-bit, seed 0): Kusto's hash() and hash_xxhash64() are documented as xxhash64.
// Written from the algorithm's published description (xxhash.com spec: four lanes of 8-byte
// stripes, then the tail by 8, 4 and 1 bytes, then the avalanche); BigInt arithmetic masked to
// 64 bits — hashing is not on a hot path here (a few values per query).

const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & MASK;
const mul = (a: bigint, b: bigint) => (a * b) & MASK;

function round(acc: bigint, lane: bigint): bigint {
  return mul(rotl((acc + mul(lane, P2)) & MASK, 31n), P1);
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return ((mul((acc ^ round(0n, val)) & MASK, P1) + P4) & MASK);
}

function u64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k]!);
  return v;
}

function u32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0);
}

/** XXH64 of `data` with `seed`, as an unsigned 64-bit bigint. */
export function xxhash64(data: Uint8Array, seed = 0n): bigint {
  const len = data.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & MASK;
    let v2 = (seed + P2) & MASK;
    let v3 = seed & MASK;
    let v4 = (seed - P1) & MASK;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, u64(data, i));
      v2 = round(v2, u64(data, i + 8));
      v3 = round(v3, u64(data, i + 16));
      v4 = round(v4, u64(data, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = (seed + P5) & MASK;
  }
  h = (h + BigInt(len)) & MASK;
  for (; i + 8 <= len; i += 8) h = ((mul(rotl(h ^ round(0n, u64(data, i)), 27n), P1) + P4) & MASK);
  if (i + 4 <= len) {
    h = ((mul(rotl(h ^ mul(u32(data, i), P1), 23n), P2) + P3) & MASK);
    i += 4;
  }
  for (; i < len; i++) h = mul(rotl(h ^ mul(BigInt(data[i]!), P5), 11n), P1);
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

/** The unsigned hash as Kusto's signed long. */
export function toSigned64(h: bigint): bigint {
  return h >= 1n << 63n ? h - (1n << 64n) : h;
}
