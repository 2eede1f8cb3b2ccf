// The KQL geo_* scalar functions as data: each entry names the function, its parameters (KQL
// types, with the documented defaults of the optional ones) and its result type, and holds a per-row
// implementation over plain JS values:
//   real/long → number | null, string → string | null, bool → boolean | null,
//   dynamic → the parsed JSON value | null (the caller parses; see GeoFunction.fn).
// An implementation returns the result the same way; `undefined`/`null` is KQL null, and string
// results are never null (Kusto's "empty result" is ""). Dialects that cannot express these
// functions in SQL call them as JS functions (src/kql/dialects/duckdb/functions-geo.ts).

import { s2 } from 's2js';
import {
  asLineString, asLines, asPolygons, emptyCollection, lineJson, linesJson, pointJson, polygonJson, polygonsJson,
  validLat, validLng, type LngLat,
} from './geojson.js';
import {
  EARTH_RADIUS_M, azimuth, closestOnBoundary, closestOnLine, distanceM, isProperLine, normalizedCentroid, polygonOf,
  polylineOf, toLngLat, toPoint, type S2Point, type S2Polygon,
} from './sphere.js';
import { decodeGeohash, encodeGeohash, geohashCenter, geohashNeighbors, geohashRing } from './geohash.js';
import { pointToS2Token, s2CellCenter, s2CellNeighbors, s2CellOf, s2CellRing } from './s2cells.js';
import {
  h3Center, h3CellOf, h3Children, h3Level, h3Neighbors, h3Parent, h3PolygonCells, h3Ring, h3Rings, pointToH3,
} from './h3cells.js';
import { wktToGeoJson } from './wkt.js';
import { overlay, overlayOperands } from './overlay.js';
import {
  angleBetween, circlePolygon, densifyLine, lngLatOfVector, segmentCrossing, simplifyLine, simplifyRing, slerp, vectorOf,
} from './shapes.js';

export type GeoParamType = 'real' | 'long' | 'string' | 'dynamic' | 'bool';
export type GeoResultType = 'real' | 'long' | 'int' | 'string' | 'dynamic' | 'bool';

export interface GeoFunction {
  name: string;
  params: readonly GeoParamType[];
  /** Values of the trailing optional parameters when a call omits them (aligned to the end of `params`). */
  defaults?: readonly (number | boolean)[];
  result: GeoResultType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (...args: any[]) => unknown;
}

type Num = number | null;
type Str = string | null;

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isInt = (x: unknown): x is number => isNum(x) && Number.isInteger(x);
const lngLat = (lng: Num, lat: Num): LngLat | undefined => (validLng(lng) && validLat(lat) ? [lng, lat] : undefined);

// Derived geometry of a dynamic argument is cached by the parsed object (the caller hands the same
// object for the same JSON text, e.g. a constant polygon compared with every row).
const polygonCache = new WeakMap<object, S2Polygon[] | null>();

/** The S2 polygons of a Polygon / MultiPolygon value (one per member polygon), or undefined. */
function s2Polygons(v: unknown): S2Polygon[] | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const hit = polygonCache.get(v);
  if (hit !== undefined) return hit ?? undefined;
  const polys = asPolygons(v);
  let out: S2Polygon[] | null = null;
  if (polys) {
    const built = polys.map(polygonOf);
    out = built.every((p) => p !== undefined) ? (built as S2Polygon[]) : null;
  }
  polygonCache.set(v, out);
  return out ?? undefined;
}

// --- cells

const CELLS: GeoFunction[] = [
  {
    name: 'geo_point_to_geohash', params: ['real', 'real', 'long'], defaults: [5], result: 'string',
    fn: (lng: Num, lat: Num, acc: Num) => (isNum(lng) && isNum(lat) && isInt(acc) ? encodeGeohash(lng, lat, acc) ?? '' : ''),
  },
  {
    name: 'geo_geohash_to_central_point', params: ['string'], result: 'dynamic',
    fn: (h: Str) => { const b = h ? decodeGeohash(h) : undefined; return b ? pointJson(geohashCenter(b)) : null; },
  },
  {
    name: 'geo_geohash_to_polygon', params: ['string'], result: 'dynamic',
    fn: (h: Str) => { const b = h ? decodeGeohash(h) : undefined; return b ? polygonJson([geohashRing(b)]) : null; },
  },
  { name: 'geo_geohash_neighbors', params: ['string'], result: 'dynamic', fn: (h: Str) => (h ? geohashNeighbors(h) ?? null : null) },
  {
    name: 'geo_point_to_s2cell', params: ['real', 'real', 'long'], defaults: [11], result: 'string',
    fn: (lng: Num, lat: Num, level: Num) => (isNum(lng) && isNum(lat) && isInt(level) ? pointToS2Token(lng, lat, level) ?? '' : ''),
  },
  {
    name: 'geo_s2cell_to_central_point', params: ['string'], result: 'dynamic',
    fn: (t: Str) => { const id = t ? s2CellOf(t) : undefined; return id !== undefined ? pointJson(s2CellCenter(id)) : null; },
  },
  {
    name: 'geo_s2cell_to_polygon', params: ['string'], result: 'dynamic',
    fn: (t: Str) => { const id = t ? s2CellOf(t) : undefined; return id !== undefined ? polygonJson([s2CellRing(id)]) : null; },
  },
  {
    name: 'geo_s2cell_neighbors', params: ['string'], result: 'dynamic',
    fn: (t: Str) => { const id = t ? s2CellOf(t) : undefined; return id !== undefined ? s2CellNeighbors(id) : null; },
  },
  {
    name: 'geo_point_to_h3cell', params: ['real', 'real', 'long'], defaults: [6], result: 'string',
    fn: (lng: Num, lat: Num, res: Num) => (isNum(lng) && isNum(lat) && isInt(res) ? pointToH3(lng, lat, res) ?? '' : ''),
  },
  {
    name: 'geo_h3cell_to_central_point', params: ['string'], result: 'dynamic',
    fn: (t: Str) => { const c = t ? h3CellOf(t) : undefined; return c ? pointJson(h3Center(c)) : null; },
  },
  {
    name: 'geo_h3cell_to_polygon', params: ['string'], result: 'dynamic',
    fn: (t: Str) => { const c = t ? h3CellOf(t) : undefined; return c ? polygonJson([h3Ring(c)]) : null; },
  },
  {
    name: 'geo_h3cell_neighbors', params: ['string'], result: 'dynamic',
    fn: (t: Str) => { const c = t ? h3CellOf(t) : undefined; return c ? h3Neighbors(c) : null; },
  },
  {
    name: 'geo_h3cell_level', params: ['string'], result: 'int',
    fn: (t: Str) => { const c = t ? h3CellOf(t) : undefined; return c ? h3Level(c) : null; },
  },
  {
    // Resolution -1 stands for "unspecified": the immediate parent.
    name: 'geo_h3cell_parent', params: ['string', 'long'], defaults: [-1], result: 'string',
    fn: (t: Str, res: Num) => {
      const c = t ? h3CellOf(t) : undefined;
      if (!c || !isInt(res)) return '';
      return h3Parent(c, res === -1 ? h3Level(c) - 1 : res) ?? '';
    },
  },
  {
    name: 'geo_h3cell_children', params: ['string', 'long'], defaults: [-1], result: 'dynamic',
    fn: (t: Str, res: Num) => {
      const c = t ? h3CellOf(t) : undefined;
      if (!c || !isInt(res)) return null;
      return h3Children(c, res === -1 ? h3Level(c) + 1 : res) ?? null;
    },
  },
  {
    name: 'geo_h3cell_rings', params: ['string', 'long'], result: 'dynamic',
    fn: (t: Str, k: Num) => { const c = t ? h3CellOf(t) : undefined; return c && isInt(k) ? h3Rings(c, k) ?? null : null; },
  },
  {
    name: 'geo_polygon_to_h3cells', params: ['dynamic', 'long', 'real'], defaults: [6, 0], result: 'dynamic',
    fn: (poly: unknown, res: Num, radius: Num) => {
      const polys = asPolygons(poly);
      const built = s2Polygons(poly);
      if (!polys || !isInt(res) || !isNum(radius) || radius < 0 || !built) return null;
      const shapes = radius > 0 ? enlarged(polys.flat(), { rings: polys, s2: built }, radius)?.rings : polys;
      if (!shapes) return null;
      const cells = new Set<string>();
      for (const p of shapes) for (const c of h3PolygonCells(p, res) ?? []) cells.add(c);
      return cells.size <= 61680 ? [...cells] : null;
    },
  },
];

// --- points, lines and polygons on the sphere

function closestPointOnPolygons(polys: S2Polygon[], p: S2Point): { point: S2Point; distanceM: number } {
  if (polys.some((poly) => poly.containsPoint(p))) return { point: p, distanceM: 0 };
  let best: { point: S2Point; distanceM: number } | undefined;
  for (const poly of polys) {
    const c = closestOnBoundary(poly, p);
    if (!best || c.distanceM < best.distanceM) best = c;
  }
  return best!;
}

function closestPointOnLines(v: unknown, p: S2Point): { point: S2Point; distanceM: number } | undefined {
  const lines = asLines(v);
  if (!lines || !lines.every(isProperLine)) return undefined;
  let best: { point: S2Point; distanceM: number } | undefined;
  for (const l of lines) {
    const c = closestOnLine(polylineOf(l), p);
    if (!best || c.distanceM < best.distanceM) best = c;
  }
  return best;
}

/** The union of polygons (each: shell + holes), or undefined when an operand is invalid. */
function unionOf(polys: LngLat[][][], s2polys: S2Polygon[]): LngLat[][][] | undefined {
  const ops = overlayOperands(polys, s2polys);
  return ops ? overlay(ops.polys, ops.polys.map((_, i) => i), ops.vs, 'union').polygons : undefined;
}

const measuredCache = new WeakMap<object, S2Polygon[] | null>();

/**
 * The polygons a value covers, as S2 polygons that do not overlap: the members of a MultiPolygon
 * are united first (Kusto measures the area, perimeter and centroid of the union).
 */
function measuredPolygons(v: unknown): S2Polygon[] | undefined {
  const polys = s2Polygons(v);
  if (!polys || polys.length === 1) return polys;
  const hit = measuredCache.get(v as object);
  if (hit !== undefined) return hit ?? undefined;
  const united = unionOf(asPolygons(v)!, polys);
  const built = united?.map(polygonOf);
  const out = built && built.every((p) => p !== undefined) ? (built as S2Polygon[]) : null;
  measuredCache.set(v as object, out);
  return out ?? undefined;
}

/** A polygon's area (m²) and unnormalized centroid: its member polygons summed. */
function polygonMeasures(polys: S2Polygon[]): { area: number; centroid: S2Point[] } {
  return { area: polys.reduce((s, p) => s + p.area(), 0) * EARTH_RADIUS_M ** 2, centroid: polys.map((p) => p.centroid()) };
}

const MEASURES: GeoFunction[] = [
  {
    name: 'geo_distance_2points', params: ['real', 'real', 'real', 'real'], result: 'real',
    fn: (lng1: Num, lat1: Num, lng2: Num, lat2: Num) => {
      const a = lngLat(lng1, lat1), b = lngLat(lng2, lat2);
      return a && b ? distanceM(a, b) : null;
    },
  },
  {
    name: 'geo_point_in_circle', params: ['real', 'real', 'real', 'real', 'real'], result: 'bool',
    fn: (lng: Num, lat: Num, clng: Num, clat: Num, r: Num) => {
      const a = lngLat(lng, lat), c = lngLat(clng, clat);
      return a && c && isNum(r) && r >= 0 ? distanceM(a, c) <= r : null;
    },
  },
  {
    name: 'geo_azimuth', params: ['real', 'real', 'real', 'real'], result: 'real',
    fn: (lng1: Num, lat1: Num, lng2: Num, lat2: Num) => {
      const a = lngLat(lng1, lat1), b = lngLat(lng2, lat2);
      return a && b ? azimuth(a, b) ?? null : null;
    },
  },
  {
    // The angle at p2 from the geodesic towards p1 clockwise to the geodesic towards p3, in [0, 2π).
    name: 'geo_angle', params: ['real', 'real', 'real', 'real', 'real', 'real'], result: 'real',
    fn: (lng1: Num, lat1: Num, lng2: Num, lat2: Num, lng3: Num, lat3: Num) => {
      const p1 = lngLat(lng1, lat1), p2 = lngLat(lng2, lat2), p3 = lngLat(lng3, lat3);
      if (!p1 || !p2 || !p3) return null;
      const a = azimuth(p2, p1), b = azimuth(p2, p3);
      if (a === undefined || b === undefined) return null;
      const t = (b - a) % (2 * Math.PI);
      return t < 0 ? t + 2 * Math.PI : t;
    },
  },
  {
    name: 'geo_point_in_polygon', params: ['real', 'real', 'dynamic'], result: 'bool',
    fn: (lng: Num, lat: Num, poly: unknown) => {
      const p = lngLat(lng, lat), polys = s2Polygons(poly);
      if (!p || !polys) return null;
      const q = toPoint(p);
      return polys.some((x) => x.containsPoint(q));
    },
  },
  {
    name: 'geo_distance_point_to_polygon', params: ['real', 'real', 'dynamic'], result: 'real',
    fn: (lng: Num, lat: Num, poly: unknown) => {
      const p = lngLat(lng, lat), polys = s2Polygons(poly);
      return p && polys ? closestPointOnPolygons(polys, toPoint(p)).distanceM : null;
    },
  },
  {
    name: 'geo_closest_point_on_polygon', params: ['real', 'real', 'dynamic'], result: 'dynamic',
    fn: (lng: Num, lat: Num, poly: unknown) => {
      const p = lngLat(lng, lat), polys = s2Polygons(poly);
      return p && polys ? pointJson(toLngLat(closestPointOnPolygons(polys, toPoint(p)).point)) : null;
    },
  },
  {
    name: 'geo_distance_point_to_line', params: ['real', 'real', 'dynamic'], result: 'real',
    fn: (lng: Num, lat: Num, line: unknown) => {
      const p = lngLat(lng, lat);
      return p ? closestPointOnLines(line, toPoint(p))?.distanceM ?? null : null;
    },
  },
  {
    name: 'geo_closest_point_on_line', params: ['real', 'real', 'dynamic'], result: 'dynamic',
    fn: (lng: Num, lat: Num, line: unknown) => {
      const p = lngLat(lng, lat);
      const c = p ? closestPointOnLines(line, toPoint(p)) : undefined;
      return c ? pointJson(toLngLat(c.point)) : null;
    },
  },
  {
    name: 'geo_line_length', params: ['dynamic'], result: 'real',
    fn: (v: unknown) => {
      const lines = asLines(v);
      if (!lines || !lines.every(isProperLine)) return null;
      return lines.reduce((s, l) => s + polylineOf(l).length(), 0) * EARTH_RADIUS_M;
    },
  },
  {
    name: 'geo_line_centroid', params: ['dynamic'], result: 'dynamic',
    fn: (v: unknown) => {
      const lines = asLines(v);
      if (!lines || !lines.every(isProperLine)) return null;
      const c = normalizedCentroid(lines.map((l) => polylineOf(l).centroid()));
      return c ? pointJson(toLngLat(c)) : null;
    },
  },
  {
    name: 'geo_line_interpolate_point', params: ['dynamic', 'real'], result: 'dynamic',
    fn: (v: unknown, f: Num) => {
      const l = asLineString(v);
      if (!l || !isProperLine(l) || !isNum(f) || f < 0 || f > 1) return null;
      return pointJson(toLngLat(polylineOf(l).interpolate(f)[0]));
    },
  },
  {
    name: 'geo_line_locate_point', params: ['dynamic', 'real', 'real'], result: 'real',
    fn: (v: unknown, lng: Num, lat: Num) => {
      const l = asLineString(v), p = lngLat(lng, lat);
      if (!l || !p || !isProperLine(l)) return null;
      const pl = polylineOf(l);
      const [q, next] = pl.project(toPoint(p));
      return pl.uninterpolate(q, next);
    },
  },
  {
    name: 'geo_polygon_area', params: ['dynamic'], result: 'real',
    fn: (v: unknown) => { const polys = measuredPolygons(v); return polys ? polygonMeasures(polys).area : null; },
  },
  {
    name: 'geo_polygon_perimeter', params: ['dynamic'], result: 'real',
    fn: (v: unknown) => {
      const polys = measuredPolygons(v);
      if (!polys) return null;
      let sum = 0;
      for (const poly of polys) {
        for (let k = 0; k < poly.numLoops(); k++) {
          const vs = poly.loop(k).vertices;
          for (let i = 0; i < vs.length; i++) sum += vs[i]!.distance(vs[(i + 1) % vs.length]!);
        }
      }
      return sum * EARTH_RADIUS_M;
    },
  },
  {
    name: 'geo_polygon_centroid', params: ['dynamic'], result: 'dynamic',
    fn: (v: unknown) => {
      const polys = measuredPolygons(v);
      const c = polys ? normalizedCentroid(polygonMeasures(polys).centroid) : undefined;
      return c ? pointJson(toLngLat(c)) : null;
    },
  },
  { name: 'geo_from_wkt', params: ['string'], result: 'dynamic', fn: (s: Str) => (s ? wktToGeoJson(s) ?? null : null) },
];

// --- shape transformations and relations

/** Buffered coverings are not implemented: the query fails by name rather than answer wrongly. */
/**
 * Shapes enlarged so that every point within `radiusM` of them is inside (Kusto's covering radius):
 * their buffer at the radius plus a margin that absorbs the buffer's tolerance.
 */
function enlarged(lines: readonly LngLat[][], polys: { rings: LngLat[][][]; s2: S2Polygon[] } | undefined, radiusM: number): { rings: LngLat[][][]; s2: S2Polygon[] } | undefined {
  const tol = Math.min(10, radiusM / 10);
  const parts = bufferParts(lines, radiusM + tol, tol);
  if (!parts) return undefined;
  const united = unionOf([...(polys?.rings ?? []), ...parts.rings], [...(polys?.s2 ?? []), ...parts.s2]);
  const built = united?.map(polygonOf);
  if (!united || !built || !built.every((p) => p !== undefined)) return undefined;
  return { rings: united, s2: built as S2Polygon[] };
}

/** The S2 cells of one level covering polygons, or undefined beyond the 65,536-cell limit. */
function s2Covering(polys: readonly S2Polygon[], level: number): string[] | undefined {
  // More cells than the limit could ever be needed: refuse before covering (a level-30 covering
  // of a continent would not finish). A level-L cell averages 4π / (6·4^L) steradians.
  const area = polys.reduce((s, p) => s + p.area(), 0);
  if (area / ((4 * Math.PI) / (6 * 4 ** level)) > 65536) return undefined;
  const coverer = new s2.RegionCoverer({ minLevel: level, maxLevel: level, maxCells: 65536 });
  const cells = new Set<string>();
  for (const p of polys) for (const c of coverer.covering(p)) cells.add(s2.cellid.toToken(c));
  return cells.size <= 65536 ? [...cells] : undefined;
}

/** The parts of a line inside the polygons: crossings split each edge, piece midpoints decide. */
function clipLine(line: readonly LngLat[], polys: S2Polygon[], rings: LngLat[][][]): LngLat[][] {
  const out: LngLat[][] = [];
  let current: LngLat[] | undefined;
  const inside = (v: { x: number; y: number; z: number }) => polys.some((p) => p.containsPoint(new s2.Point(v.x, v.y, v.z)));
  const edges: [ReturnType<typeof vectorOf>, ReturnType<typeof vectorOf>][] = [];
  for (const rs of rings) for (const r of rs) for (let i = 1; i < r.length; i++) edges.push([vectorOf(r[i - 1]!), vectorOf(r[i]!)]);
  for (let i = 1; i < line.length; i++) {
    const a = vectorOf(line[i - 1]!), b = vectorOf(line[i]!);
    const len = angleBetween(a, b);
    if (len === 0) continue;
    const cuts: { t: number; p: LngLat }[] = [{ t: 0, p: line[i - 1]! }, { t: 1, p: line[i]! }];
    for (const [c, d] of edges) {
      const x = segmentCrossing(a, b, c, d);
      if (x) cuts.push({ t: angleBetween(a, x) / len, p: lngLatOfVector(x) });
    }
    cuts.sort((u, v) => u.t - v.t);
    for (let k = 1; k < cuts.length; k++) {
      const u = cuts[k - 1]!, v = cuts[k]!;
      if (v.t - u.t <= 1e-15) continue;
      if (inside(slerp(a, b, (u.t + v.t) / 2))) {
        if (!current) out.push((current = [u.p]));
        current.push(v.p);
      } else {
        current = undefined;
      }
    }
  }
  return out;
}

const validTolerance = (t: Num, lo: number, hi: number): t is number => isNum(t) && t >= lo && t <= hi;

function lineCrossings(a: readonly LngLat[], b: readonly LngLat[]): LngLat[] {
  const out: LngLat[] = [];
  const av = a.map(vectorOf), bv = b.map(vectorOf);
  for (let i = 1; i < av.length; i++) {
    for (let j = 1; j < bv.length; j++) {
      const x = segmentCrossing(av[i - 1]!, av[i]!, bv[j - 1]!, bv[j]!);
      if (!x) continue;
      const p = lngLatOfVector(x);
      if (!out.some((q) => Math.abs(q[0] - p[0]) < 1e-12 && Math.abs(q[1] - p[1]) < 1e-12)) out.push(p);
    }
  }
  return out;
}

const sameLine = (a: readonly LngLat[], b: readonly LngLat[]) =>
  a.length === b.length && (a.every((p, i) => p[0] === b[i]![0] && p[1] === b[i]![1])
    || a.every((p, i) => p[0] === b[b.length - 1 - i]![0] && p[1] === b[b.length - 1 - i]![1]));

/** The member polygons of every element of an array of Polygon/MultiPolygon values, or undefined. */
function polygonArray(v: unknown): { rings: LngLat[][][]; s2: S2Polygon[] } | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const rings: LngLat[][][] = [], built: S2Polygon[] = [];
  for (const x of v) {
    const r = asPolygons(x), p = s2Polygons(x);
    if (!r || !p) return undefined;
    rings.push(...r);
    built.push(...p);
  }
  return { rings, s2: built };
}

/**
 * The union of lines: repeated edges (either direction) count once, and the remaining edges are
 * chained into as few lines as their junctions allow, each starting at an end point in input order.
 */
function unionLines(lines: readonly LngLat[][]): LngLat[][] {
  const key = (p: LngLat) => `${p[0]},${p[1]}`;
  const at = new Map<string, LngLat>();
  const adj = new Map<string, string[]>();
  const seen = new Set<string>();
  const order: string[] = [];
  for (const l of lines) {
    for (let i = 1; i < l.length; i++) {
      const a = key(l[i - 1]!), b = key(l[i]!);
      if (a === b || seen.has(`${a}|${b}`) || seen.has(`${b}|${a}`)) continue;
      seen.add(`${a}|${b}`);
      for (const [k, p] of [[a, l[i - 1]!], [b, l[i]!]] as const) if (!at.has(k)) { at.set(k, p); order.push(k); }
      (adj.get(a) ?? adj.set(a, []).get(a)!).push(b);
      (adj.get(b) ?? adj.set(b, []).get(b)!).push(a);
    }
  }
  const used = new Set<string>();
  const edgeKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const out: LngLat[][] = [];
  const walk = (start: string) => {
    for (const first of adj.get(start) ?? []) {
      if (used.has(edgeKey(start, first))) continue;
      const chain = [start];
      let prev = start, cur = first;
      used.add(edgeKey(prev, cur));
      chain.push(cur);
      // Continue through vertices where the line neither ends nor branches.
      while ((adj.get(cur) ?? []).length === 2) {
        const next = adj.get(cur)!.find((n) => !used.has(edgeKey(cur, n)));
        if (next === undefined) break;
        used.add(edgeKey(cur, next));
        prev = cur;
        cur = next;
        chain.push(cur);
      }
      out.push(chain.map((k) => at.get(k)!));
    }
  };
  for (const k of order) if ((adj.get(k) ?? []).length !== 2) walk(k);
  for (const k of order) walk(k); // closed rings left over
  return out;
}

/**
 * The buffer of lines (and of polygon boundaries): the union of a circle around every vertex and of
 * a band around every edge, the band's sides offset by the radius from short enough pieces of the
 * edge that each side stays within the tolerance of the ideal offset curve.
 */
function bufferParts(lines: readonly LngLat[][], radiusM: number, toleranceM: number): { rings: LngLat[][][]; s2: S2Polygon[] } | undefined {
  const rho = radiusM / EARTH_RADIUS_M, tol = toleranceM / EARTH_RADIUS_M;
  if (!(rho > 0) || rho >= Math.PI / 4) return undefined;
  const rings: LngLat[][][] = [];
  const centers = new Set<string>();
  for (const l of lines) {
    for (const p of l) {
      if (centers.has(`${p[0]},${p[1]}`)) continue;
      centers.add(`${p[0]},${p[1]}`);
      const c = circlePolygon(p, radiusM, toleranceM);
      if (!c) return undefined;
      rings.push([c]);
    }
    for (let i = 1; i < l.length; i++) {
      const a = vectorOf(l[i - 1]!), b = vectorOf(l[i]!);
      const len = angleBetween(a, b);
      if (len === 0) continue;
      // A chord of the offset curve of angular length L sags by about L²·tan(ρ)/8 from it.
      const maxLen = Math.sqrt((8 * Math.max(tol, 1e-12)) / Math.max(Math.tan(rho), 1e-12));
      const pieces = Math.min(4096, Math.max(1, Math.ceil(len / maxLen)));
      const n0 = crossUnit(a, b);
      // The band is narrower than the circles by half the tolerance, so that its sides cross the
      // vertex circles at a clear angle instead of touching them (a tangency the overlay cannot
      // split reliably); the buffer's boundary stays within the tolerance of the ideal one.
      const w = rho - Math.min(tol / 2, rho / 4);
      const offset = (p: typeof a, k: number) => lngLatOfVector({
        x: Math.cos(w) * p.x + k * Math.sin(w) * n0.x, y: Math.cos(w) * p.y + k * Math.sin(w) * n0.y, z: Math.cos(w) * p.z + k * Math.sin(w) * n0.z,
      });
      for (let k = 0; k < pieces; k++) {
        const p = slerp(a, b, k / pieces), q = slerp(a, b, (k + 1) / pieces);
        // Counterclockwise: the right side forward, the left side back.
        const quad: LngLat[] = [offset(p, -1), offset(q, -1), offset(q, 1), offset(p, 1)];
        rings.push([[...quad, quad[0]!]]);
      }
    }
  }
  const built = rings.map(polygonOf);
  if (!built.every((p) => p !== undefined)) return undefined;
  return { rings, s2: built as S2Polygon[] };
}

function crossUnit(a: { x: number; y: number; z: number }, b: { x: number; y: number; z: number }) {
  const c = { x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x };
  const n = Math.hypot(c.x, c.y, c.z);
  return { x: c.x / n, y: c.y / n, z: c.z / n };
}

const validBuffer = (radius: Num, tol: Num): radius is number => isNum(radius) && radius > 0 && isNum(tol) && tol >= radius * 1e-6;

const SHAPES: GeoFunction[] = [
  {
    name: 'geo_line_buffer', params: ['dynamic', 'real', 'real'], defaults: [10], result: 'dynamic',
    fn: (v: unknown, radius: Num, tol: Num) => {
      const lines = asLines(v);
      if (!lines || !validBuffer(radius, tol)) return null;
      const parts = bufferParts(lines, radius, Math.min(tol!, radius));
      const united = parts ? unionOf(parts.rings, parts.s2) : undefined;
      return united && united.length > 0 ? polygonsJson(united) : null;
    },
  },
  {
    name: 'geo_polygon_buffer', params: ['dynamic', 'real', 'real'], defaults: [10], result: 'dynamic',
    fn: (v: unknown, radius: Num, tol: Num) => {
      const polys = asPolygons(v), built = s2Polygons(v);
      if (!polys || !built || !validBuffer(radius, tol)) return null;
      const parts = bufferParts(polys.flat(), radius, Math.min(tol!, radius));
      const united = parts ? unionOf([...polys, ...parts.rings], [...built, ...parts.s2]) : undefined;
      return united && united.length > 0 ? polygonsJson(united) : null;
    },
  },
  {
    name: 'geo_union_lines_array', params: ['dynamic'], result: 'dynamic',
    fn: (v: unknown) => {
      if (!Array.isArray(v) || v.length === 0) return null;
      const lines: LngLat[][] = [];
      for (const x of v) {
        const l = asLines(x);
        if (!l || !l.every(isProperLine)) return null;
        lines.push(...l);
      }
      return linesJson(unionLines(lines));
    },
  },
  {
    name: 'geo_union_polygons_array', params: ['dynamic'], result: 'dynamic',
    fn: (v: unknown) => {
      const ps = polygonArray(v);
      const united = ps ? unionOf(ps.rings, ps.s2) : undefined;
      return united && united.length > 0 ? polygonsJson(united) : null;
    },
  },
  {
    name: 'geo_simplify_polygons_array', params: ['dynamic', 'real'], defaults: [10], result: 'dynamic',
    fn: (v: unknown, tol: Num) => {
      const ps = polygonArray(v);
      if (!ps || !isNum(tol) || tol < 0) return null;
      const united = unionOf(ps.rings, ps.s2);
      if (!united || united.length === 0) return null;
      const out = united.map((rings) => rings.map((r) => simplifyRing(r, tol)));
      return out.every((rings) => rings.every((r) => r !== undefined)) ? polygonsJson(out as LngLat[][][]) : null;
    },
  },
  {
    name: 'geo_intersection_2polygons', params: ['dynamic', 'dynamic'], result: 'dynamic',
    fn: (a: unknown, b: unknown) => {
      const ra = asPolygons(a), rb = asPolygons(b), pa = s2Polygons(a), pb = s2Polygons(b);
      if (!ra || !rb || !pa || !pb) return null;
      const ops = overlayOperands([...ra, ...rb], [...pa, ...pb]);
      if (!ops) return null;
      const groups = [...ra.map(() => 0), ...rb.map(() => 1)];
      const r = overlay(ops.polys, groups, ops.vs, 'intersection');
      const points = r.touches.map(pointJson);
      const shapes: unknown[] = [...points, ...(r.polygons.length > 0 ? [polygonsJson(r.polygons)] : [])];
      if (shapes.length === 0) return emptyCollection();
      if (r.polygons.length === 0 && points.length > 1) return { type: 'MultiPoint', coordinates: r.touches.map((p) => [p[0], p[1]]) };
      return shapes.length === 1 ? shapes[0] : { type: 'GeometryCollection', geometries: shapes };
    },
  },
  {
    name: 'geo_point_buffer', params: ['real', 'real', 'real', 'real'], defaults: [10], result: 'dynamic',
    fn: (lng: Num, lat: Num, radius: Num, tol: Num) => {
      const p = lngLat(lng, lat);
      if (!p || !isNum(radius) || radius <= 0 || !isNum(tol) || tol < radius * 1e-6) return null;
      const ring = circlePolygon(p, radius, tol);
      return ring ? polygonJson([ring]) : null;
    },
  },
  {
    name: 'geo_intersection_line_with_polygon', params: ['dynamic', 'dynamic'], result: 'dynamic',
    fn: (line: unknown, poly: unknown) => {
      const lines = asLines(line), polys = s2Polygons(poly), rings = asPolygons(poly);
      if (!lines || !polys || !rings) return null;
      const parts = lines.flatMap((l) => clipLine(l, polys, rings));
      return parts.length === 0 ? emptyCollection() : linesJson(parts);
    },
  },
  {
    name: 'geo_line_to_s2cells', params: ['dynamic', 'long', 'real'], defaults: [11, 0], result: 'dynamic',
    fn: (v: unknown, level: Num, radius: Num) => {
      const lines = asLines(v);
      if (!lines || !lines.every(isProperLine) || !isInt(level) || level < 0 || level > 30 || !isNum(radius) || radius < 0) return null;
      if (radius > 0) {
        const e = enlarged(lines, undefined, radius);
        return e ? s2Covering(e.s2, level) ?? null : null;
      }
      // A level-L cell is about (π/2)/2^L radians across: refuse coverings beyond the limit.
      const length = lines.reduce((s, l) => s + polylineOf(l).length(), 0);
      if (length / ((Math.PI / 2) / 2 ** level) > 65536) return null;
      const coverer = new s2.RegionCoverer({ minLevel: level, maxLevel: level, maxCells: 65536 });
      const cells = new Set<string>();
      for (const l of lines) for (const c of coverer.covering(polylineOf(l))) cells.add(s2.cellid.toToken(c));
      return cells.size <= 65536 ? [...cells] : null;
    },
  },
  {
    name: 'geo_line_densify', params: ['dynamic', 'real', 'bool'], defaults: [10, false], result: 'dynamic',
    fn: (v: unknown, tol: Num) => {
      const lines = asLines(v);
      if (!lines || !validTolerance(tol, 0.1, 10000)) return null;
      return linesJson(lines.map((l) => densifyLine(l, tol)));
    },
  },
  {
    name: 'geo_polygon_densify', params: ['dynamic', 'real', 'bool'], defaults: [10, false], result: 'dynamic',
    fn: (v: unknown, tol: Num) => {
      const polys = asPolygons(v);
      if (!polys || !validTolerance(tol, 0.1, 10000)) return null;
      return polygonsJson(polys.map((rings) => rings.map((r) => densifyLine(r, tol))));
    },
  },
  {
    name: 'geo_line_simplify', params: ['dynamic', 'real'], defaults: [10], result: 'dynamic',
    fn: (v: unknown, tol: Num) => {
      const lines = asLines(v);
      if (!lines || !isNum(tol) || tol < 0) return null;
      const out = lines.map((l) => simplifyLine(l, tol));
      return out.every((l) => l !== undefined) ? linesJson(out as LngLat[][]) : null;
    },
  },
  {
    name: 'geo_polygon_simplify', params: ['dynamic', 'real'], defaults: [10], result: 'dynamic',
    fn: (v: unknown, tol: Num) => {
      const polys = asPolygons(v);
      if (!polys || !s2Polygons(v) || !isNum(tol) || tol < 0) return null;
      const out = polys.map((rings) => rings.map((r) => simplifyRing(r, tol)));
      return out.every((rings) => rings.every((r) => r !== undefined)) ? polygonsJson(out as LngLat[][][]) : null;
    },
  },
  {
    name: 'geo_intersects_2lines', params: ['dynamic', 'dynamic'], result: 'bool',
    fn: (a: unknown, b: unknown) => {
      const la = asLines(a), lb = asLines(b);
      if (!la || !lb) return null;
      return la.some((x) => lb.some((y) => sameLine(x, y) || lineCrossings(x, y).length > 0));
    },
  },
  {
    name: 'geo_intersection_2lines', params: ['dynamic', 'dynamic'], result: 'dynamic',
    fn: (a: unknown, b: unknown) => {
      const la = asLineString(a), lb = asLineString(b);
      if (!la || !lb) return null;
      if (sameLine(la, lb)) return lineJson(la);
      const xs = lineCrossings(la, lb);
      if (xs.length === 0) return emptyCollection();
      if (xs.length === 1) return pointJson(xs[0]!);
      return { type: 'MultiPoint', coordinates: xs.map((p) => [p[0], p[1]]) };
    },
  },
  {
    name: 'geo_intersects_2polygons', params: ['dynamic', 'dynamic'], result: 'bool',
    fn: (a: unknown, b: unknown) => {
      const pa = s2Polygons(a), pb = s2Polygons(b);
      return pa && pb ? pa.some((x) => pb.some((y) => x.intersects(y))) : null;
    },
  },
  {
    name: 'geo_intersects_line_with_polygon', params: ['dynamic', 'dynamic'], result: 'bool',
    fn: (line: unknown, poly: unknown) => {
      const lines = asLines(line), polys = s2Polygons(poly), rings = asPolygons(poly);
      if (!lines || !polys || !rings) return null;
      // A line meets a polygon when a vertex lies inside it or an edge crosses its boundary.
      return lines.some((l) => l.some((p) => polys.some((x) => x.containsPoint(toPoint(p))))
        || rings.some((rs) => rs.some((r) => lineCrossings(l, r).length > 0)));
    },
  },
  {
    name: 'geo_polygon_to_s2cells', params: ['dynamic', 'long', 'real'], defaults: [11, 0], result: 'dynamic',
    fn: (v: unknown, level: Num, radius: Num) => {
      const polys = s2Polygons(v);
      if (!polys || !isInt(level) || level < 0 || level > 30 || !isNum(radius) || radius < 0) return null;
      if (radius > 0) {
        const rings = asPolygons(v)!;
        const e = enlarged(rings.flat(), { rings, s2: polys }, radius);
        return e ? s2Covering(e.s2, level) ?? null : null;
      }
      return s2Covering(polys, level) ?? null;
    },
  },
];

export const GEO_FUNCTIONS: readonly GeoFunction[] = [...CELLS, ...MEASURES, ...SHAPES];
export const GEO_FUNCTION_BY_NAME: ReadonlyMap<string, GeoFunction> = new Map(GEO_FUNCTIONS.map((f) => [f.name, f]));

