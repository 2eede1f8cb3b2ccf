// S2 cells as Kusto names them: a cell is written as its S2 token (the hex id without trailing
// zeros); levels are 0..30 (geo_point_to_s2cell's default is 11).

import { s2 } from 's2js';
import { validLat, validLng, type LngLat } from './geojson.js';
import { toLngLat, type S2Point } from './sphere.js';

const { cellid } = s2;
export const S2_MAX_LEVEL = 30;

export function pointToS2Token(lng: number, lat: number, level: number): string | undefined {
  if (!validLng(lng) || !validLat(lat) || !Number.isInteger(level) || level < 0 || level > S2_MAX_LEVEL) return undefined;
  const leaf = cellid.fromLatLng(s2.LatLng.fromDegrees(lat, lng));
  return cellid.toToken(cellid.parent(leaf, level));
}

/** The cell id of a token, or undefined for a malformed or invalid token. */
export function s2CellOf(token: string): bigint | undefined {
  if (!/^[0-9a-fA-F]{1,16}$/.test(token)) return undefined;
  const id = cellid.fromToken(token.toLowerCase());
  return cellid.valid(id) ? id : undefined;
}

export function s2CellCenter(id: bigint): LngLat {
  return toLngLat(cellid.point(id));
}

/** The cell's four vertices (S2's counterclockwise order), closed. */
export function s2CellRing(id: bigint): LngLat[] {
  const cell = s2.Cell.fromCellID(id);
  const vs: LngLat[] = [0, 1, 2, 3].map((k) => toLngLat(cell.vertex(k) as S2Point));
  return [...vs, vs[0]!];
}

/** All cells of the same level that touch the cell (edge and vertex neighbours). */
export function s2CellNeighbors(id: bigint): string[] {
  const seen = new Set<string>();
  for (const n of cellid.allNeighbors(id, cellid.level(id))) seen.add(cellid.toToken(n));
  return [...seen];
}

export function s2Level(id: bigint): number {
  return cellid.level(id);
}
