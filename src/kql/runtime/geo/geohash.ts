// Geohash (base-32, bits alternate longitude/latitude starting with longitude), as Kusto's
// geo_point_to_geohash() and the geohash_* functions use it. Accuracy (string length) is 1..18.

import { validLat, validLng, type LngLat } from './geojson.js';

const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));
export const GEOHASH_MAX_ACCURACY = 18;

export function encodeGeohash(lng: number, lat: number, accuracy: number): string | undefined {
  if (!validLng(lng) || !validLat(lat) || !Number.isInteger(accuracy) || accuracy < 1 || accuracy > GEOHASH_MAX_ACCURACY) return undefined;
  let lngLo = -180, lngHi = 180, latLo = -90, latHi = 90;
  let even = true;
  let out = '';
  for (let c = 0; c < accuracy; c++) {
    let v = 0;
    for (let b = 0; b < 5; b++) {
      if (even) {
        const mid = (lngLo + lngHi) / 2;
        if (lng >= mid) { v = v * 2 + 1; lngLo = mid; } else { v *= 2; lngHi = mid; }
      } else {
        const mid = (latLo + latHi) / 2;
        if (lat >= mid) { v = v * 2 + 1; latLo = mid; } else { v *= 2; latHi = mid; }
      }
      even = !even;
    }
    out += ALPHABET[v];
  }
  return out;
}

export interface GeohashBox { west: number; south: number; east: number; north: number }

export function decodeGeohash(hash: string): GeohashBox | undefined {
  if (hash.length < 1 || hash.length > GEOHASH_MAX_ACCURACY) return undefined;
  let west = -180, east = 180, south = -90, north = 90;
  let even = true;
  for (const ch of hash.toLowerCase()) {
    const v = INDEX.get(ch);
    if (v === undefined) return undefined;
    for (let b = 4; b >= 0; b--) {
      const bit = (v >> b) & 1;
      if (even) {
        const mid = (west + east) / 2;
        if (bit) west = mid; else east = mid;
      } else {
        const mid = (south + north) / 2;
        if (bit) south = mid; else north = mid;
      }
      even = !even;
    }
  }
  return { west, south, east, north };
}

export function geohashCenter(b: GeohashBox): LngLat {
  return [(b.west + b.east) / 2, (b.south + b.north) / 2];
}

/** The cell's rectangle, counterclockwise from its south-west corner, closed. */
export function geohashRing(b: GeohashBox): LngLat[] {
  return [[b.west, b.south], [b.east, b.south], [b.east, b.north], [b.west, b.north], [b.west, b.south]];
}

/**
 * The (up to 8) cells around a cell: the cells of the same accuracy that contain the centers of the
 * neighbouring boxes; longitude wraps around the antimeridian, nothing lies beyond the poles.
 */
export function geohashNeighbors(hash: string): string[] | undefined {
  const b = decodeGeohash(hash);
  if (!b) return undefined;
  const [cx, cy] = geohashCenter(b);
  const w = b.east - b.west, h = b.north - b.south;
  const out: string[] = [];
  for (const [dx, dy] of [[0, 1], [1, 1], [1, 0], [1, -1], [0, -1], [-1, -1], [-1, 0], [-1, 1]] as const) {
    const lat = cy + dy * h;
    if (lat > 90 || lat < -90) continue;
    let lng = cx + dx * w;
    if (lng > 180) lng -= 360;
    if (lng < -180) lng += 360;
    const n = encodeGeohash(lng, lat, hash.length);
    if (n && n !== hash && !out.includes(n)) out.push(n);
  }
  return out;
}
