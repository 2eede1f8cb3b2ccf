// H3 cells (Uber's hexagonal grid) through h3-js, with Kusto's ranges: resolutions 0..15, children
// at most 5 levels below a cell, rings up to distance 142.

import * as h3 from 'h3-js';
import { validLat, validLng, type LngLat } from './geojson.js';

export const H3_MAX_RES = 15;
export const H3_MAX_CHILD_DEPTH = 5;
export const H3_MAX_RING = 142;

const validRes = (r: number) => Number.isInteger(r) && r >= 0 && r <= H3_MAX_RES;

export function pointToH3(lng: number, lat: number, res: number): string | undefined {
  if (!validLng(lng) || !validLat(lat) || !validRes(res)) return undefined;
  return h3.latLngToCell(lat, lng, res);
}

/** A valid H3 cell token (lowercase), or undefined. */
export function h3CellOf(token: string): string | undefined {
  if (!/^[0-9a-fA-F]{15,16}$/.test(token)) return undefined;
  const t = token.toLowerCase();
  return h3.isValidCell(t) ? t : undefined;
}

export const h3Level = (cell: string) => h3.getResolution(cell);

export function h3Center(cell: string): LngLat {
  const [lat, lng] = h3.cellToLatLng(cell);
  return [lng, lat];
}

/** The cell's boundary, counterclockwise, closed (GeoJSON order [lng, lat]). */
export function h3Ring(cell: string): LngLat[] {
  return h3.cellToBoundary(cell, true) as LngLat[];
}

export function h3Parent(cell: string, res: number): string | undefined {
  if (!validRes(res) || res >= h3.getResolution(cell)) return undefined;
  return h3.cellToParent(cell, res);
}

export function h3Children(cell: string, res: number): string[] | undefined {
  const level = h3.getResolution(cell);
  if (!validRes(res) || res <= level || res - level > H3_MAX_CHILD_DEPTH) return undefined;
  return h3.cellToChildren(cell, res);
}

/** The cells at grid distance exactly 1, in H3's own order. */
export function h3Neighbors(cell: string): string[] {
  return h3.gridDisk(cell, 1).filter((c) => c !== cell);
}

/** Rings 0..k around a cell (ring 0 is the cell itself). */
export function h3Rings(cell: string, k: number): string[][] | undefined {
  if (!Number.isInteger(k) || k < 0 || k > H3_MAX_RING) return undefined;
  return h3.gridDiskDistances(cell, k);
}

/** Cells whose centers lie in a polygon (edges straight in longitude/latitude, as H3's polyfill). */
export function h3PolygonCells(rings: readonly (readonly LngLat[])[], res: number): string[] | undefined {
  if (!validRes(res)) return undefined;
  return h3.polygonToCells(rings.map((r) => r.map((p) => [p[0], p[1]])), res, true);
}
