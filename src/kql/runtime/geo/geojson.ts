// GeoJSON shapes as the Kusto geo functions accept them, and the shapes they return.
//
// Rules (the geo_* function pages, "polygon definition and constraints"): coordinates are
// [longitude, latitude] with longitude in [-180, +180] and latitude in [-90, +90]; a LineString has
// at least two coordinates; a LinearRing is closed (first = last), has at least four entries and at
// least three distinct vertices. Anything else is invalid, and the functions answer null.

export type LngLat = readonly [number, number];
/** One line: two or more coordinates. */
export type Line = readonly LngLat[];
/** A polygon: its shell first, then its holes; each ring closed. */
export type Rings = readonly (readonly LngLat[])[];

export const validLng = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= -180 && x <= 180;
export const validLat = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= -90 && x <= 90;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A `[lng, lat]` coordinate, or undefined. Extra members (altitude) are not accepted. */
export function coordinate(v: unknown): LngLat | undefined {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const [lng, lat] = v as unknown[];
  return validLng(lng) && validLat(lat) ? [lng, lat] : undefined;
}

function coordinates(v: unknown, min: number): LngLat[] | undefined {
  if (!Array.isArray(v) || v.length < min) return undefined;
  const out: LngLat[] = [];
  for (const c of v) {
    const p = coordinate(c);
    if (!p) return undefined;
    out.push(p);
  }
  return out;
}

const samePoint = (a: LngLat, b: LngLat) => a[0] === b[0] && a[1] === b[1];

function ring(v: unknown): LngLat[] | undefined {
  const r = coordinates(v, 4);
  if (!r || !samePoint(r[0]!, r[r.length - 1]!)) return undefined;
  const distinct = new Set(r.map((p) => `${p[0]},${p[1]}`));
  return distinct.size >= 3 ? r : undefined;
}

function polygonRings(v: unknown): LngLat[][] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: LngLat[][] = [];
  for (const r of v) {
    const x = ring(r);
    if (!x) return undefined;
    out.push(x);
  }
  return out;
}

/** A Point's coordinate. */
export function asPoint(v: unknown): LngLat | undefined {
  return isObject(v) && v.type === 'Point' ? coordinate(v.coordinates) : undefined;
}

/** The lines of a LineString (one) or a MultiLineString (one or more). */
export function asLines(v: unknown): LngLat[][] | undefined {
  if (!isObject(v)) return undefined;
  if (v.type === 'LineString') {
    const l = coordinates(v.coordinates, 2);
    return l ? [l] : undefined;
  }
  if (v.type === 'MultiLineString') {
    if (!Array.isArray(v.coordinates) || v.coordinates.length === 0) return undefined;
    const out: LngLat[][] = [];
    for (const c of v.coordinates) {
      const l = coordinates(c, 2);
      if (!l) return undefined;
      out.push(l);
    }
    return out;
  }
  return undefined;
}

/** The single line of a LineString (functions that accept no MultiLineString). */
export function asLineString(v: unknown): LngLat[] | undefined {
  return isObject(v) && v.type === 'LineString' ? coordinates(v.coordinates, 2) : undefined;
}

/** The polygons of a Polygon (one) or a MultiPolygon (one or more). */
export function asPolygons(v: unknown): LngLat[][][] | undefined {
  if (!isObject(v)) return undefined;
  if (v.type === 'Polygon') {
    const p = polygonRings(v.coordinates);
    return p ? [p] : undefined;
  }
  if (v.type === 'MultiPolygon') {
    if (!Array.isArray(v.coordinates) || v.coordinates.length === 0) return undefined;
    const out: LngLat[][][] = [];
    for (const c of v.coordinates) {
      const p = polygonRings(c);
      if (!p) return undefined;
      out.push(p);
    }
    return out;
  }
  return undefined;
}

// --- results

export const pointJson = (p: LngLat) => ({ type: 'Point', coordinates: [p[0], p[1]] });
export const lineJson = (l: Line) => ({ type: 'LineString', coordinates: l.map((p) => [p[0], p[1]]) });
export const polygonJson = (rings: Rings) => ({ type: 'Polygon', coordinates: rings.map((r) => r.map((p) => [p[0], p[1]])) });
export const emptyCollection = () => ({ type: 'GeometryCollection', geometries: [] });

export function linesJson(lines: readonly Line[]): unknown {
  if (lines.length === 1) return lineJson(lines[0]!);
  return { type: 'MultiLineString', coordinates: lines.map((l) => l.map((p) => [p[0], p[1]])) };
}

export function polygonsJson(polygons: readonly Rings[]): unknown {
  if (polygons.length === 1) return polygonJson(polygons[0]!);
  return { type: 'MultiPolygon', coordinates: polygons.map((rings) => rings.map((r) => r.map((p) => [p[0], p[1]]))) };
}
