// Shape transformations on the sphere: densification of planar edges into geodesic chains,
// simplification, and line crossings.

import { s2 } from 's2js';
import type { LngLat } from './geojson.js';
import { EARTH_RADIUS_M, toLngLat, toPoint, type S2Point } from './sphere.js';

type V = { x: number; y: number; z: number };
const dot = (a: V, b: V) => a.x * b.x + a.y * b.y + a.z * b.z;
const cross = (a: V, b: V): V => ({ x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x });
const norm = (a: V) => Math.hypot(a.x, a.y, a.z);
const scale = (a: V, k: number): V => ({ x: a.x * k, y: a.y * k, z: a.z * k });
const unit = (a: V) => scale(a, 1 / norm(a));
const vec = (p: S2Point): V => p.vector;
const chord2 = (a: V, b: V) => (a.x - b.x) ** 2 + (a.y - b.y) ** 2 + (a.z - b.z) ** 2;

/** The point at fraction t of the geodesic from a to b (spherical interpolation). */
function slerp(a: V, b: V, t: number): V {
  const ang = Math.atan2(norm(cross(a, b)), dot(a, b));
  if (ang === 0) return a;
  const s = Math.sin(ang);
  return unit({
    x: (Math.sin((1 - t) * ang) * a.x + Math.sin(t * ang) * b.x) / s,
    y: (Math.sin((1 - t) * ang) * a.y + Math.sin(t * ang) * b.y) / s,
    z: (Math.sin((1 - t) * ang) * a.z + Math.sin(t * ang) * b.z) / s,
  });
}

// S2's edge tessellator measures the distance between the geodesic and the projected (planar)
// edge at two interior fractions; with these constants that estimate bounds the true maximum.
const T1 = 0.31215691082248312;
const TOLERANCE_SCALE = 0.83829992569888509;

const lerp = (a: LngLat, b: LngLat, t: number): LngLat => [(1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]];

/**
 * Turns one planar edge (straight in longitude/latitude) into a chain of geodesic edges whose
 * distance from the planar edge is at most `toleranceM`: the edge is bisected in the plane until
 * each piece's geodesic is close enough. Appends the vertices after `a` (ending with `b`).
 */
function densifyEdge(a: LngLat, b: LngLat, tol2: number, out: LngLat[], depth = 0): void {
  const pa = vec(toPoint(a)), pb = vec(toPoint(b));
  let err = Infinity;
  if (dot(pa, pb) >= -1e-14) {
    const e1 = chord2(slerp(pa, pb, T1), vec(toPoint(lerp(a, b, T1))));
    const e2 = chord2(slerp(pa, pb, 1 - T1), vec(toPoint(lerp(a, b, 1 - T1))));
    err = Math.max(e1, e2);
  }
  if (err <= tol2 || depth > 40) {
    out.push(b);
    return;
  }
  const mid = lerp(a, b, 0.5);
  densifyEdge(a, mid, tol2, out, depth + 1);
  densifyEdge(mid, b, tol2, out, depth + 1);
}

/** A chord-length² tolerance for a distance in meters on the sphere. */
function chordTolerance2(toleranceM: number): number {
  const angle = (TOLERANCE_SCALE * toleranceM) / EARTH_RADIUS_M;
  const c = 2 * Math.sin(Math.min(angle, Math.PI) / 2);
  return c * c;
}

export function densifyLine(line: readonly LngLat[], toleranceM: number): LngLat[] {
  const tol2 = chordTolerance2(toleranceM);
  const out: LngLat[] = [line[0]!];
  for (let i = 1; i < line.length; i++) densifyEdge(line[i - 1]!, line[i]!, tol2, out);
  return out;
}

/** Distance (m) from p to the geodesic segment a–b. */
function segmentDistanceM(p: V, a: V, b: V): number {
  const n = cross(a, b);
  const nn = norm(n);
  if (nn > 0) {
    // The foot of p on the great circle, if it lies between a and b.
    const foot = cross(cross(n, p), n);
    if (norm(foot) > 0 && dot(cross(a, foot), n) >= 0 && dot(cross(foot, b), n) >= 0) {
      return Math.asin(Math.min(1, Math.abs(dot(p, n)) / nn)) * EARTH_RADIUS_M;
    }
  }
  const da = Math.atan2(norm(cross(p, a)), dot(p, a));
  const db = Math.atan2(norm(cross(p, b)), dot(p, b));
  return Math.min(da, db) * EARTH_RADIUS_M;
}

/** Douglas–Peucker on the sphere: indexes of the kept vertices of pts[from..to]. */
function keep(pts: readonly V[], from: number, to: number, toleranceM: number, out: Set<number>): void {
  out.add(from);
  out.add(to);
  let best = -1, bestD = -1;
  for (let i = from + 1; i < to; i++) {
    const d = segmentDistanceM(pts[i]!, pts[from]!, pts[to]!);
    if (d > bestD) { bestD = d; best = i; }
  }
  if (best >= 0 && bestD > toleranceM) {
    keep(pts, from, best, toleranceM, out);
    keep(pts, best, to, toleranceM, out);
  }
}

const withinOf = (pts: readonly V[], idx: readonly number[], toleranceM: number) =>
  idx.every((i) => Math.atan2(norm(cross(pts[idx[0]!]!, pts[i]!)), dot(pts[idx[0]!]!, pts[i]!)) * EARTH_RADIUS_M <= toleranceM);

/**
 * A line with the vertices that lie within `toleranceM` of the simplified chain removed; undefined
 * when the whole line collapses to within the tolerance of one point.
 */
export function simplifyLine(line: readonly LngLat[], toleranceM: number): LngLat[] | undefined {
  const pts = line.map((p) => vec(toPoint(p)));
  const kept = new Set<number>();
  keep(pts, 0, pts.length - 1, toleranceM, kept);
  const idx = [...kept].sort((a, b) => a - b);
  if (withinOf(pts, idx, toleranceM)) return undefined;
  return idx.map((i) => line[i]!);
}

/** A closed ring simplified the same way (split at its vertex farthest from the first one). */
export function simplifyRing(ring: readonly LngLat[], toleranceM: number): LngLat[] | undefined {
  const pts = ring.map((p) => vec(toPoint(p)));
  const last = pts.length - 1;
  let far = 1, farD = -1;
  for (let i = 1; i < last; i++) {
    const d = Math.atan2(norm(cross(pts[0]!, pts[i]!)), dot(pts[0]!, pts[i]!));
    if (d > farD) { farD = d; far = i; }
  }
  const kept = new Set<number>();
  keep(pts, 0, far, toleranceM, kept);
  keep(pts, far, last, toleranceM, kept);
  const idx = [...kept].sort((a, b) => a - b);
  if (idx.length < 4 || withinOf(pts, idx, toleranceM)) return undefined;
  return idx.map((i) => ring[i]!);
}

/** The crossing point of two geodesic segments, if they cross (touching endpoints included). */
export function segmentCrossing(a0: V, a1: V, b0: V, b1: V): V | undefined {
  const na = cross(a0, a1), nb = cross(b0, b1);
  const x = cross(na, nb);
  const n = norm(x);
  if (!(n > 1e-300)) return undefined;
  for (const c of [unit(x), scale(unit(x), -1)]) {
    const onA = dot(cross(a0, c), na) >= -1e-15 && dot(cross(c, a1), na) >= -1e-15;
    const onB = dot(cross(b0, c), nb) >= -1e-15 && dot(cross(c, b1), nb) >= -1e-15;
    if (onA && onB) return c;
  }
  return undefined;
}

export const lngLatOfVector = (v: V): LngLat => toLngLat(new s2.Point(v.x, v.y, v.z));
export const vectorOf = (p: LngLat): V => vec(toPoint(p));

/** The angle (radians) between two unit vectors. */
export const angleBetween = (a: V, b: V) => Math.atan2(norm(cross(a, b)), dot(a, b));
export { slerp };

/**
 * A regular polygon around a point that contains the circle of `radiusM` and whose vertices lie
 * within `toleranceM` beyond it: n vertices at angular radius ρv with tan ρv = tan ρ / cos(π/n)
 * (the edge midpoints then lie exactly on the circle), for the smallest n ≥ 4 that keeps ρv − ρ
 * within the tolerance. Counterclockwise, closed.
 */
export function circlePolygon(center: LngLat, radiusM: number, toleranceM: number): LngLat[] | undefined {
  const rho = radiusM / EARTH_RADIUS_M;
  if (!(rho > 0) || rho >= Math.PI / 2) return undefined;
  const tol = Math.min(toleranceM, radiusM * 0.999999) / EARTH_RADIUS_M;
  let n = 4;
  while (Math.atan(Math.tan(rho) / Math.cos(Math.PI / n)) - rho > tol) {
    n *= 2;
    if (n > 1 << 20) return undefined;
  }
  // Refine down to the smallest count between n/2 and n that still meets the tolerance.
  let lo = Math.max(4, n / 2), hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (Math.atan(Math.tan(rho) / Math.cos(Math.PI / mid)) - rho <= tol) hi = mid; else lo = mid + 1;
  }
  n = hi;
  const rv = Math.atan(Math.tan(rho) / Math.cos(Math.PI / n));
  const f1 = (center[1] * Math.PI) / 180, l1 = (center[0] * Math.PI) / 180;
  const out: LngLat[] = [];
  for (let k = 0; k < n; k++) {
    // Bearings decrease (clockwise from north is positive), so the ring runs counterclockwise.
    const b = -(2 * Math.PI * k) / n;
    const f2 = Math.asin(Math.sin(f1) * Math.cos(rv) + Math.cos(f1) * Math.sin(rv) * Math.cos(b));
    const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(rv) * Math.cos(f1), Math.cos(rv) - Math.sin(f1) * Math.sin(f2));
    let lng = (l2 * 180) / Math.PI;
    if (lng > 180) lng -= 360;
    if (lng < -180) lng += 360;
    out.push([lng, (f2 * 180) / Math.PI]);
  }
  out.push(out[0]!);
  return out;
}
