// Boolean operations (union, intersection) of polygons on the sphere, with geodesic edges: every
// boundary is split where it crosses another, each piece is kept or dropped by where its midpoint
// lies (inside another operand or not; pieces two operands share are kept once when they run the
// same way and dropped when they run opposite ways, as between adjacent cells), and the kept pieces
// are chained into loops. Loops keep the interior on their left: shells counterclockwise, holes
// clockwise. Vertices closer than ~1 µm are merged first, so that the shared corners of adjacent
// cells computed from different cells (H3 boundaries) meet exactly.

import { s2 } from 's2js';
import type { LngLat } from './geojson.js';
import { ringLoop, toLngLat, type S2Polygon } from './sphere.js';
import { angleBetween, segmentCrossing, slerp } from './shapes.js';

type V = { x: number; y: number; z: number };
const dot = (a: V, b: V) => a.x * b.x + a.y * b.y + a.z * b.z;
const cross = (a: V, b: V): V => ({ x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x });
const norm = (a: V) => Math.hypot(a.x, a.y, a.z);

/** Vertices merged within this angle (radians; ~0.6 µm on Earth). */
const MERGE = 1e-13;

interface Vertex { id: number; v: V; ll: LngLat }

class Vertices {
  readonly all: Vertex[] = [];
  private readonly grid = new Map<string, Vertex[]>();
  private key(v: V, dx = 0, dy = 0, dz = 0) {
    const s = 1e11;
    return `${Math.floor(v.x * s) + dx},${Math.floor(v.y * s) + dy},${Math.floor(v.z * s) + dz}`;
  }

  get(v: V, ll?: LngLat): Vertex {
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) for (let dz = -1; dz <= 1; dz++) {
      for (const c of this.grid.get(this.key(v, dx, dy, dz)) ?? []) if (angleBetween(c.v, v) <= MERGE) return c;
    }
    const vx: Vertex = { id: this.all.length, v, ll: ll ?? toLngLat(new s2.Point(v.x, v.y, v.z)) };
    this.all.push(vx);
    const k = this.key(v);
    const bucket = this.grid.get(k);
    if (bucket) bucket.push(vx); else this.grid.set(k, [vx]);
    return vx;
  }
}

/** One operand polygon: its loops with the interior on the left, and its S2 form for containment. */
export interface OverlayPolygon { loops: Vertex[][]; s2: S2Polygon }

interface Piece { from: Vertex; to: Vertex; owner: number; group: number }

function polygonLoops(rings: readonly (readonly LngLat[])[], vs: Vertices): Vertex[][] | undefined {
  const out: Vertex[][] = [];
  for (let k = 0; k < rings.length; k++) {
    const loop = ringLoop(rings[k]!);
    if (!loop) return undefined;
    // ringLoop normalizes to the smaller region (counterclockwise); holes run the other way.
    const pts = loop.vertices.map((p) => vs.get(p.vector));
    out.push(k === 0 ? pts : pts.reverse());
  }
  return out;
}

/** The pieces of every loop edge, split at crossings with the other operands' edges. */
function splitPieces(polys: readonly OverlayPolygon[], groups: readonly number[], vs: Vertices): Piece[] {
  const edges: { a: Vertex; b: Vertex; owner: number; cuts: { t: number; v: Vertex }[] }[] = [];
  polys.forEach((p, owner) => {
    for (const loop of p.loops) {
      for (let i = 0; i < loop.length; i++) edges.push({ a: loop[i]!, b: loop[(i + 1) % loop.length]!, owner, cuts: [] });
    }
  });
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const e = edges[i]!, f = edges[j]!;
      if (e.owner === f.owner) continue;
      // A vertex of one edge on the other edge's interior (T-junctions, touching corners).
      for (const [g, h] of [[e, f], [f, e]] as const) {
        for (const v of [h.a, h.b]) {
          if (v === g.a || v === g.b) continue;
          if (onEdge(v.v, g.a.v, g.b.v)) g.cuts.push({ t: angleBetween(g.a.v, v.v) / angleBetween(g.a.v, g.b.v), v });
        }
      }
      if (e.a === f.a || e.a === f.b || e.b === f.a || e.b === f.b) continue;
      const x = segmentCrossing(e.a.v, e.b.v, f.a.v, f.b.v);
      if (!x) continue;
      const v = vs.get(x);
      if (v !== e.a && v !== e.b) e.cuts.push({ t: angleBetween(e.a.v, v.v) / angleBetween(e.a.v, e.b.v), v });
      if (v !== f.a && v !== f.b) f.cuts.push({ t: angleBetween(f.a.v, v.v) / angleBetween(f.a.v, f.b.v), v });
    }
  }
  const pieces: Piece[] = [];
  for (const e of edges) {
    const stops = [{ t: 0, v: e.a }, ...e.cuts.sort((p, q) => p.t - q.t), { t: 1, v: e.b }];
    for (let k = 1; k < stops.length; k++) {
      const from = stops[k - 1]!.v, to = stops[k]!.v;
      if (from !== to) pieces.push({ from, to, owner: e.owner, group: groups[e.owner]! });
    }
  }
  return pieces;
}

function onEdge(p: V, a: V, b: V): boolean {
  const n = cross(a, b);
  const nn = norm(n);
  if (!(nn > 0) || Math.abs(dot(p, n)) / nn > MERGE) return false;
  return dot(cross(a, p), n) > 0 && dot(cross(p, b), n) > 0;
}

/**
 * Keeps the pieces that bound the result: for a union, those outside every other operand; for an
 * intersection, those inside an operand of the other group.
 */
function selectPieces(polys: readonly OverlayPolygon[], groups: readonly number[], pieces: Piece[], mode: 'union' | 'intersection'): Piece[] {
  const byKey = new Map<string, Piece[]>();
  for (const p of pieces) {
    const k = `${p.from.id}>${p.to.id}`;
    const list = byKey.get(k);
    if (list) list.push(p); else byKey.set(k, [p]);
  }
  const kept: Piece[] = [];
  const seen = new Set<string>();
  for (const p of pieces) {
    const k = `${p.from.id}>${p.to.id}`;
    const same = byKey.get(k)!.filter((q) => q.group !== p.group);
    const opposite = (byKey.get(`${p.to.id}>${p.from.id}`) ?? []).filter((q) => q.group !== p.group);
    const sharing = new Set<number>([p.owner]);
    if (same.length > 0 || opposite.length > 0) {
      // A boundary two operands share: once when they run alike, never when they run opposite ways
      // (adjacent cells have no boundary between them in their union, nor any area in common).
      if (opposite.length > 0 || seen.has(k)) continue;
      seen.add(k);
      for (const q of same) sharing.add(q.owner);
      if (mode === 'intersection') { kept.push(p); continue; }
    }
    // Otherwise (and for a shared piece, against the operands that do not share it) the midpoint
    // decides.
    const mid = slerp(p.from.v, p.to.v, 0.5);
    const pt = new s2.Point(mid.x, mid.y, mid.z);
    const inside = polys.some((q, i) => !sharing.has(i) && groups[i] !== p.group && q.s2.containsPoint(pt));
    if (mode === 'union' ? !inside : inside) kept.push(p);
  }
  return kept;
}

/** Chains pieces into loops; at a vertex with several ways on, takes the sharpest left turn. */
function assemble(pieces: Piece[]): Vertex[][] {
  const outgoing = new Map<number, Piece[]>();
  for (const p of pieces) {
    const list = outgoing.get(p.from.id);
    if (list) list.push(p); else outgoing.set(p.from.id, [p]);
  }
  const used = new Set<Piece>();
  const loops: Vertex[][] = [];
  for (const start of pieces) {
    if (used.has(start)) continue;
    const loop: Vertex[] = [];
    let p: Piece | undefined = start;
    let closed = false;
    while (p && !used.has(p)) {
      used.add(p);
      loop.push(p.from);
      if (p.to === start.from) { closed = true; break; }
      const prev: Piece = p;
      const options: Piece[] = (outgoing.get(prev.to.id) ?? []).filter((q) => !used.has(q));
      p = options.length <= 1 ? options[0] : options.reduce((best, q) => (leftTurn(prev, q) > leftTurn(prev, best) ? q : best));
    }
    // A boundary that does not close means the pieces were split inconsistently (nearly tangent
    // edges): fail loudly rather than return a wrong shape.
    if (!closed) throw new Error('geo: polygon overlay failed (nearly tangent edges)');
    if (loop.length >= 3) loops.push(loop);
  }
  return loops;
}

/** The signed turn from piece a into piece b at their shared vertex (positive = left). */
function leftTurn(a: Piece, b: Piece): number {
  const v = a.to.v;
  const n1 = cross(a.from.v, v), n2 = cross(v, b.to.v);
  return Math.atan2(dot(cross(n1, n2), v), dot(n1, n2));
}

export interface OverlayResult {
  /** Polygons: shell first, then holes; each ring closed. */
  polygons: LngLat[][][];
  /** Intersection only: points where the operands touch without sharing any area there. */
  touches: LngLat[];
}

/** Operand polygons from validated GeoJSON rings, or undefined if any is invalid. */
export function overlayOperands(polygons: readonly (readonly (readonly LngLat[])[])[], s2polys: readonly S2Polygon[], vs = new Vertices()): { polys: OverlayPolygon[]; vs: Vertices } | undefined {
  const out: OverlayPolygon[] = [];
  for (let i = 0; i < polygons.length; i++) {
    const loops = polygonLoops(polygons[i]!, vs);
    if (!loops) return undefined;
    out.push({ loops, s2: s2polys[i]! });
  }
  return { polys: out, vs };
}

export function newVertices(): Vertices {
  return new Vertices();
}

/**
 * The union of all operands (groups ignored), or the intersection of group 0 with group 1 (the
 * operands of one group must not overlap each other).
 */
export function overlay(polys: readonly OverlayPolygon[], groups: readonly number[], vs: Vertices, mode: 'union' | 'intersection'): OverlayResult {
  const g = mode === 'union' ? polys.map((_, i) => i) : groups;
  const pieces = splitPieces(polys, g, vs);
  const kept = selectPieces(polys, g, pieces, mode);
  const touches: LngLat[] = [];
  if (mode === 'intersection') {
    const onResult = new Set(kept.flatMap((p) => [p.from.id, p.to.id]));
    const groupsAt = new Map<number, Set<number>>();
    for (const p of pieces) for (const v of [p.from, p.to]) (groupsAt.get(v.id) ?? groupsAt.set(v.id, new Set()).get(v.id)!).add(p.group);
    for (const [id, gs] of groupsAt) if (gs.size > 1 && !onResult.has(id)) touches.push(vs.all[id]!.ll);
  }
  const loops = assemble(kept);
  // Shells enclose less than a hemisphere as traced (counterclockwise); holes are clockwise.
  const shells: { loop: Vertex[]; s2: InstanceType<typeof s2.Loop>; holes: Vertex[][] }[] = [];
  const holes: Vertex[][] = [];
  for (const l of loops) {
    const s2loop = new s2.Loop(l.map((v) => new s2.Point(v.v.x, v.v.y, v.v.z)));
    if (s2loop.area() <= 2 * Math.PI) shells.push({ loop: l, s2: s2loop, holes: [] }); else holes.push(l);
  }
  for (const h of holes) {
    const probe = h[0]!;
    const owner = shells.find((s) => s.s2.containsPoint(new s2.Point(probe.v.x, probe.v.y, probe.v.z))) ?? shells[0];
    owner?.holes.push(h);
  }
  const ring = (l: Vertex[]) => [...l.map((v) => v.ll), l[0]!.ll];
  return { polygons: shells.map((s) => [ring(s.loop), ...s.holes.map(ring)]), touches };
}
