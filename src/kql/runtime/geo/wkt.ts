// Well-known text (OGC simple features, 2D) → GeoJSON, for geo_from_wkt(). Coordinates are
// `longitude latitude`; anything malformed (or out of range) gives undefined.

import { validLat, validLng } from './geojson.js';

type Pos = [number, number];

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  private skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  word(): string {
    this.skip();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.i));
    if (!m) throw new Error('word');
    this.i += m[0].length;
    return m[0].toUpperCase();
  }

  peek(): string {
    this.skip();
    return this.s[this.i] ?? '';
  }

  expect(ch: string): void {
    if (this.peek() !== ch) throw new Error(ch);
    this.i++;
  }

  /** Consumes `ch` when it is next. */
  accept(ch: string): boolean {
    if (this.peek() !== ch) return false;
    this.i++;
    return true;
  }

  number(): number {
    this.skip();
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) throw new Error('number');
    this.i += m[0].length;
    return Number(m[0]);
  }

  end(): void {
    if (this.peek() !== '') throw new Error('trailing text');
  }
}

function position(r: Reader): Pos {
  const lng = r.number();
  const lat = r.number();
  if (!validLng(lng) || !validLat(lat)) throw new Error('range');
  return [lng, lat];
}

/** `(x y, x y, …)` */
function positions(r: Reader, min: number): Pos[] {
  r.expect('(');
  const out = [position(r)];
  while (r.accept(',')) out.push(position(r));
  r.expect(')');
  if (out.length < min) throw new Error('too few positions');
  return out;
}

function list<T>(r: Reader, item: (r: Reader) => T): T[] {
  r.expect('(');
  const out = [item(r)];
  while (r.accept(',')) out.push(item(r));
  r.expect(')');
  return out;
}

const ring = (r: Reader) => {
  const pts = positions(r, 4);
  const [a, b] = [pts[0]!, pts[pts.length - 1]!];
  if (a[0] !== b[0] || a[1] !== b[1]) throw new Error('ring not closed');
  return pts;
};

function geometry(r: Reader): Record<string, unknown> {
  const kind = r.word();
  switch (kind) {
    case 'POINT': {
      r.expect('(');
      const p = position(r);
      r.expect(')');
      return { type: 'Point', coordinates: p };
    }
    case 'LINESTRING':
      return { type: 'LineString', coordinates: positions(r, 2) };
    case 'POLYGON':
      return { type: 'Polygon', coordinates: list(r, ring) };
    case 'MULTIPOINT': {
      // Both `MULTIPOINT (1 1, 2 2)` and `MULTIPOINT ((1 1), (2 2))`.
      const pts = list(r, (x) => {
        if (!x.accept('(')) return position(x);
        const p = position(x);
        x.expect(')');
        return p;
      });
      return { type: 'MultiPoint', coordinates: pts };
    }
    case 'MULTILINESTRING':
      return { type: 'MultiLineString', coordinates: list(r, (x) => positions(x, 2)) };
    case 'MULTIPOLYGON':
      return { type: 'MultiPolygon', coordinates: list(r, (x) => list(x, ring)) };
    case 'GEOMETRYCOLLECTION':
      return { type: 'GeometryCollection', geometries: list(r, geometry) };
    default:
      throw new Error(`unknown geometry ${kind}`);
  }
}

export function wktToGeoJson(text: string): Record<string, unknown> | undefined {
  try {
    const r = new Reader(text);
    const g = geometry(r);
    r.end();
    return g;
  } catch {
    return undefined;
  }
}
