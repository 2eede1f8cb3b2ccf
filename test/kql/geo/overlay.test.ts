// Polygon overlay on the sphere (union, intersection), the functions built on it (union of polygon
// and line arrays, buffers, measures of a MultiPolygon), checked against the documented results and
// against invariants: area is additive, a union covers its operands, a buffer's boundary lies at the
// radius within the tolerance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GEO_FUNCTION_BY_NAME } from '../../../src/kql/runtime/geo/functions.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (name: string, ...args: any[]): any => GEO_FUNCTION_BY_NAME.get(name)!.fn(...args);

const poly = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring] });
const square = (x: number, y: number, s: number) => poly([[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]);

/** The ring's vertices as a set of rounded "lng,lat" strings (start vertex and direction aside). */
const vertexSet = (ring: number[][]) => new Set(ring.slice(0, -1).map(([x, y]) => `${x!.toFixed(9)},${y!.toFixed(9)}`));

test('union of overlapping polygons: the documented outline, and an area between the largest operand and the sum', () => {
  const a = poly([[-73.9495, 40.7969], [-73.95807, 40.80068], [-73.98201, 40.76825], [-73.97317, 40.76455], [-73.9495, 40.7969]]);
  const b = poly([[-73.94622, 40.79249], [-73.96888, 40.79282], [-73.9577, 40.7789], [-73.94622, 40.79249]]);
  const u = call('geo_union_polygons_array', [a, b]);
  assert.equal(u.type, 'Polygon');
  // geo_union_polygons_array page, second example.
  const documented = [[-73.9495, 40.7969], [-73.95807, 40.80068], [-73.9639277517478, 40.792748258673875], [-73.96888, 40.792819999999992], [-73.9662719791645, 40.7895734224338], [-73.98201, 40.76825], [-73.97317, 40.76455], [-73.960302383706178, 40.782140794645024], [-73.9577, 40.7789], [-73.94622, 40.79249], [-73.9526593223173, 40.792584227716468], [-73.9495, 40.7969]];
  assert.deepEqual(vertexSet(u.coordinates[0]), vertexSet(documented));
  const area = call('geo_polygon_area', u), areaA = call('geo_polygon_area', a), areaB = call('geo_polygon_area', b);
  assert.ok(area > Math.max(areaA, areaB) && area < areaA + areaB);
  // The MultiPolygon of the two measures as their union.
  const multi = { type: 'MultiPolygon', coordinates: [a.coordinates, b.coordinates] };
  assert.ok(Math.abs(call('geo_polygon_area', multi) - area) < 1e-6 * area);
});

test('adjacent cells unite without their shared edges; disjoint ones stay apart', () => {
  const u = call('geo_union_polygons_array', [square(0, 0, 1), square(1, 0, 1)]);
  assert.equal(u.type, 'Polygon');
  assert.equal(u.coordinates.length, 1);
  assert.deepEqual(vertexSet(u.coordinates[0]), vertexSet([[0, 0], [1, 0], [2, 0], [2, 1], [1, 1], [0, 1], [0, 0]]));
  const area = call('geo_polygon_area', u);
  assert.ok(Math.abs(area - call('geo_polygon_area', square(0, 0, 1)) - call('geo_polygon_area', square(1, 0, 1))) < 1e-6 * area);
  const apart = call('geo_union_polygons_array', [square(0, 0, 1), square(5, 5, 1)]);
  assert.equal(apart.type, 'MultiPolygon');
  assert.equal(apart.coordinates.length, 2);
  // A square inside another adds nothing.
  const frame = call('geo_union_polygons_array', [square(0, 0, 3), square(1, 1, 1)]);
  assert.equal(frame.coordinates.length, 1);
  assert.equal(call('geo_union_polygons_array', [square(0, 0, 1), { type: 'Polygon', coordinates: [[[1, 1]]] }]), null);
});

test('intersection of polygons: an area, a touching point, or nothing (geo_intersection_2polygons page)', () => {
  const p1 = poly([[2, 45], [0, 45], [1, 44], [2, 45]]);
  assert.deepEqual(call('geo_intersection_2polygons', p1, poly([[3, 44], [2, 45], [2, 43], [3, 44]])), { type: 'Point', coordinates: [2, 45] });
  assert.deepEqual(call('geo_intersection_2polygons', p1, poly([[3, 44], [3, 45], [2, 43], [3, 44]])), { type: 'GeometryCollection', geometries: [] });
  const overlap = call('geo_intersection_2polygons', square(0, 0, 2), square(1, 1, 2));
  assert.equal(overlap.type, 'Polygon');
  assert.deepEqual(vertexSet(overlap.coordinates[0]).size, 4);
  assert.equal(call('geo_intersection_2polygons', { type: 'Polygon' }, p1), null);
});

test('union of lines: repeated edges once, chained (geo_union_lines_array page)', () => {
  const l1 = { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 1]] };
  const l2 = { type: 'LineString', coordinates: [[1, 1], [2, 1], [3, 0]] };
  assert.deepEqual(call('geo_union_lines_array', [l1, l2]), { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 1], [3, 0]] });
  assert.equal(call('geo_union_lines_array', [l1, { type: 'LineString', coordinates: [[1, 1]] }]), null);
});

test('line and polygon buffers: boundary at the radius within the tolerance, holes where the radius does not reach', () => {
  const ring = [[139.813757, 35.719666], [139.72558, 35.71813], [139.727471, 35.653231], [139.818721, 35.657264], [139.813757, 35.719666]];
  const tokyo = poly(ring);
  const around = call('geo_line_buffer', { type: 'LineString', coordinates: ring }, 500, 10);
  assert.equal(around.type, 'Polygon');
  assert.equal(around.coordinates.length, 2, 'the frame around the ring has a hole');
  const filled = call('geo_polygon_buffer', tokyo, 500, 10);
  assert.equal(filled.coordinates.length, 1);
  for (const [lng, lat] of filled.coordinates[0]) {
    const d = call('geo_distance_point_to_polygon', lng, lat, tokyo);
    assert.ok(d >= 500 - 10 && d <= 500 + 10, `boundary vertex at ${d} m`);
  }
  assert.equal(call('geo_point_in_polygon', 139.77, 35.69, filled), true);
  assert.equal(call('geo_line_buffer', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 0, 10), null);
  assert.equal(call('geo_polygon_buffer', { type: 'p' }, 1, 10), null);
});
