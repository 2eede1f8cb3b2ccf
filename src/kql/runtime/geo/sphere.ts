// Geometry on the sphere, as Kusto's geo functions measure it: the geodetic datum is a sphere of
// radius 6,371,010 m (the S2 library's Earth radius — it reproduces the documented distances to the
// last printed digit), and line and polygon edges are geodesics (great-circle arcs). Built on s2js,
// a port of the S2 geometry library, so that areas, centroids, projections and containment follow
// S2's own algorithms (and its exact predicates).

import { s2 } from 's2js';
import type { LngLat } from './geojson.js';

export const EARTH_RADIUS_M = 6_371_010;
const DEG = 180 / Math.PI;

export type S2Point = InstanceType<typeof s2.Point>;
export type S2Loop = InstanceType<typeof s2.Loop>;
export type S2Polygon = InstanceType<typeof s2.Polygon>;
export type S2Polyline = InstanceType<typeof s2.Polyline>;

export function toPoint(p: LngLat): S2Point {
  return s2.Point.fromLatLng(s2.LatLng.fromDegrees(p[1], p[0]));
}

export function toLngLat(p: S2Point): [number, number] {
  const ll = s2.LatLng.fromPoint(p);
  return [ll.lng * DEG, ll.lat * DEG];
}

/** Great-circle distance in meters. */
export function distanceM(a: LngLat, b: LngLat): number {
  return toPoint(a).distance(toPoint(b)) * EARTH_RADIUS_M;
}

/** The vertices of a ring without its closing vertex and without repeated consecutive vertices. */
function loopPoints(ring: readonly LngLat[]): S2Point[] {
  const pts: S2Point[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const p = toPoint(ring[i]!);
    if (pts.length > 0 && pts[pts.length - 1]!.equals(p)) continue;
    pts.push(p);
  }
  while (pts.length > 1 && pts[pts.length - 1]!.equals(pts[0]!)) pts.pop();
  return pts;
}

/**
 * A ring as an S2 loop enclosing the smaller of the two regions it bounds (Kusto: "a LinearRing
 * divides the sphere into two regions; the smaller of the two is chosen"), or undefined when it is
 * not a valid loop (fewer than three vertices, self-crossing, antipodal edges).
 */
export function ringLoop(ring: readonly LngLat[]): S2Loop | undefined {
  const pts = loopPoints(ring);
  if (pts.length < 3) return undefined;
  const loop = new s2.Loop(pts);
  if (loop.validate()) return undefined;
  loop.normalize();
  return loop;
}

/** A polygon (shell + holes) as an S2 polygon, or undefined when invalid. */
export function polygonOf(rings: readonly (readonly LngLat[])[]): S2Polygon | undefined {
  const loops: S2Loop[] = [];
  for (const r of rings) {
    const l = ringLoop(r);
    if (!l) return undefined;
    loops.push(l);
  }
  const poly = new s2.Polygon(loops);
  return poly.validate() ? undefined : poly;
}

export function polylineOf(line: readonly LngLat[]): S2Polyline {
  const pts: S2Point[] = [];
  for (const c of line) {
    const p = toPoint(c);
    if (pts.length > 0 && pts[pts.length - 1]!.equals(p)) continue;
    pts.push(p);
  }
  return new s2.Polyline(pts);
}

/** Whether a line has at least one edge of non-zero length. */
export function isProperLine(line: readonly LngLat[]): boolean {
  const first = line[0]!;
  return line.some((p) => p[0] !== first[0] || p[1] !== first[1]);
}

/** The point of a line closest to `p`, and its distance in meters. */
export function closestOnLine(line: S2Polyline, p: S2Point): { point: S2Point; distanceM: number; next: number } {
  const [q, next] = line.project(p);
  return { point: q, distanceM: q.distance(p) * EARTH_RADIUS_M, next };
}

/** The closest point of a polygon's boundary to `p`. */
export function closestOnBoundary(poly: S2Polygon, p: S2Point): { point: S2Point; distanceM: number } {
  let best: { point: S2Point; distanceM: number } | undefined;
  for (let k = 0; k < poly.numLoops(); k++) {
    const loop = poly.loop(k);
    const vs = loop.vertices;
    const ring = new s2.Polyline([...vs, vs[0]!]);
    const c = closestOnLine(ring, p);
    if (!best || c.distanceM < best.distanceM) best = c;
  }
  return best!;
}

/** The sum of unnormalized centroids → a unit point, or undefined when it vanishes. */
export function normalizedCentroid(vectors: readonly S2Point[]): S2Point | undefined {
  let x = 0, y = 0, z = 0;
  for (const v of vectors) {
    x += v.vector.x;
    y += v.vector.y;
    z += v.vector.z;
  }
  const n = Math.hypot(x, y, z);
  if (!(n > 0)) return undefined;
  return new s2.Point(x / n, y / n, z / n);
}

/** Initial bearing from a to b, radians clockwise from north in [0, 2π); undefined when a = b. */
export function azimuth(a: LngLat, b: LngLat): number | undefined {
  if (a[0] === b[0] && a[1] === b[1]) return undefined;
  const f1 = a[1] / DEG, f2 = b[1] / DEG, dl = (b[0] - a[0]) / DEG;
  const y = Math.sin(dl) * Math.cos(f2);
  const x = Math.cos(f1) * Math.sin(f2) - Math.sin(f1) * Math.cos(f2) * Math.cos(dl);
  let t = Math.atan2(y, x);
  if (t < 0) t += 2 * Math.PI;
  return t;
}
