// The geo_* implementations against the values the Kusto function reference documents for them
// (the pages' examples), and against properties every correct implementation has (a geohash box
// contains its point, a cell's parent contains it, neighbours are adjacent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GEO_FUNCTION_BY_NAME } from '../../../src/kql/runtime/geo/functions.js';
import { decodeGeohash } from '../../../src/kql/runtime/geo/geohash.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (name: string, ...args: any[]) => {
  const f = GEO_FUNCTION_BY_NAME.get(name);
  assert.ok(f, `${name} is implemented`);
  return f.fn(...args);
};

/** Relative closeness, as the docs print 15 significant digits. */
function close(actual: unknown, expected: number, rel = 1e-12): void {
  assert.equal(typeof actual, 'number', `${String(actual)} is a number`);
  assert.ok(Math.abs((actual as number) - expected) <= rel * Math.abs(expected), `${actual} ≈ ${expected}`);
}

function closePoint(actual: unknown, lng: number, lat: number): void {
  const p = actual as { type: string; coordinates: [number, number] };
  assert.equal(p.type, 'Point');
  close(p.coordinates[0], lng);
  close(p.coordinates[1], lat);
}

const CENTRAL_PARK = { type: 'Polygon', coordinates: [[[-73.9495, 40.7969], [-73.95807266235352, 40.80068603561921], [-73.98201942443848, 40.76825672305777], [-73.97317886352539, 40.76455136505513], [-73.9495, 40.7969]]] };

test('distances are great-circle distances on the 6,371,010 m sphere (geo_distance_2points page)', () => {
  close(call('geo_distance_2points', -122.407628, 47.578557, -118.275287, 34.019056), 1546754.35197381);
  assert.equal(call('geo_distance_2points', 300, 1, 1, 1), null);
  assert.equal(call('geo_point_in_circle', -122.143564, 47.535677, -122.100896, 47.527351, 3500), true);
  assert.equal(call('geo_point_in_circle', -122.137575, 47.630683, -122.100896, 47.527351, 3500), false);
  assert.equal(call('geo_point_in_circle', 1, 1, 1, 1, -1), null);
});

test('azimuth and angle are radians clockwise from north; coincident points give null', () => {
  close(call('geo_azimuth', 5, 10, 10, -40), 3.05459939796449);
  assert.equal(call('geo_azimuth', 5, 10, 5, 10), null);
  close(call('geo_angle', 0, 10, 0, 5, 3, -10), 2.94493843406882);
  assert.equal(call('geo_angle', 0, 10, 0, 10, 3, -10), null);
});

test('geohash: documented hashes, boxes and central points', () => {
  assert.equal(call('geo_point_to_geohash', -80.195829, 25.802215, 8), 'dhwfz15h');
  assert.equal(call('geo_point_to_geohash', -122.303404, 47.570482, 5), 'c23n8');
  assert.equal(call('geo_point_to_geohash', 200, 1, 8), '');
  assert.equal(call('geo_point_to_geohash', 1, 1, null), '');
  assert.deepEqual(call('geo_geohash_to_central_point', 'sunny'), { type: 'Point', coordinates: [42.47314453125, 23.70849609375] });
  assert.deepEqual(call('geo_geohash_to_polygon', 'dr5ru'), {
    type: 'Polygon',
    coordinates: [[[-74.00390625, 40.7373046875], [-73.9599609375, 40.7373046875], [-73.9599609375, 40.78125], [-74.00390625, 40.78125], [-74.00390625, 40.7373046875]]],
  });
  assert.equal(call('geo_geohash_to_polygon', 'a'), null);
  // The documented neighbours of 'sunny', as a set (the page's order is not specified).
  assert.deepEqual(new Set(call('geo_geohash_neighbors', 'sunny') as string[]), new Set(['sunnt', 'sunpj', 'sunnx', 'sunpn', 'sunnv', 'sunpp', 'sunnz', 'sunnw']));
  // Every hash's box contains the point it was computed from.
  for (const [lng, lat] of [[-0.1, 51.5], [139.7, 35.7], [-179.99, -89.9], [180, 90]] as const) {
    const b = decodeGeohash(call('geo_point_to_geohash', lng, lat, 9) as string)!;
    assert.ok(b.west <= lng && lng <= b.east && b.south <= lat && lat <= b.north, `${lng},${lat} in its box`);
  }
});

test('S2 cells: documented tokens, polygons, central points and neighbours', () => {
  assert.equal(call('geo_point_to_s2cell', -80.195829, 25.802215, 8), '88d9b');
  assert.equal(call('geo_point_to_s2cell', 10.1234, 53, 8), '47b1d');
  assert.equal(call('geo_point_to_s2cell', 10.6842, 53, 8), '47ae3');
  assert.equal(call('geo_point_to_s2cell', 1, 1, 35), '');
  const ring = (call('geo_s2cell_to_polygon', '89c259') as { coordinates: number[][][] }).coordinates[0]!;
  const expected = [[-74.030012249838478, 40.8012684339439], [-74.030012249838478, 40.7222262918358], [-73.935982114337421, 40.708880489804564], [-73.935982114337421, 40.787917134506841], [-74.030012249838478, 40.8012684339439]];
  expected.forEach(([lng, lat], i) => { close(ring[i]![0], lng!); close(ring[i]![1], lat!); });
  closePoint(call('geo_s2cell_to_central_point', '1234567'), 9.86830731850408, 27.468392925827604);
  assert.equal(call('geo_s2cell_to_central_point', 'a'), null);
  assert.deepEqual(new Set(call('geo_s2cell_neighbors', '89c259') as string[]), new Set(['89c25d', '89c2f9', '89c251', '89c257', '89c25f', '89c25b', '89c2f7', '89c2f5']));
});

test('H3 cells: documented cells, parents, children, rings and boundaries', () => {
  assert.equal(call('geo_point_to_h3cell', -74.04450446039874, 40.689250859314974, 6), '862a1072fffffff');
  assert.equal(call('geo_point_to_h3cell', 1, 1, 16), '');
  assert.equal(call('geo_h3cell_parent', '862a1072fffffff', -1), '852a1073fffffff');
  assert.equal(call('geo_h3cell_parent', '862a1072fffffff', 1), '812a3ffffffffff');
  assert.equal(call('geo_h3cell_parent', '862a1072fffffff', 15), '');
  assert.equal(call('geo_h3cell_level', '862a1072fffffff'), 6);
  assert.equal(call('geo_h3cell_level', 'abc'), null);
  assert.deepEqual(call('geo_h3cell_children', '862a1072fffffff', -1), ['872a10728ffffff', '872a10729ffffff', '872a1072affffff', '872a1072bffffff', '872a1072cffffff', '872a1072dffffff', '872a1072effffff']);
  assert.equal((call('geo_h3cell_children', '862a1072fffffff', 9) as string[]).length, 343);
  assert.equal(call('geo_h3cell_children', '862a1072fffffff', 12), null); // more than 5 levels below
  assert.deepEqual(call('geo_h3cell_neighbors', '862a1072fffffff'), ['862a10727ffffff', '862a10707ffffff', '862a1070fffffff', '862a10777ffffff', '862a100dfffffff', '862a100d7ffffff']);
  assert.deepEqual((call('geo_h3cell_rings', '861f8894fffffff', 1) as string[][])[1], ['861f88947ffffff', '861f8895fffffff', '861f88867ffffff', '861f8d497ffffff', '861f8d4b7ffffff', '861f8896fffffff']);
  assert.equal(call('geo_h3cell_rings', '861f8894fffffff', 150), null);
  closePoint(call('geo_h3cell_to_central_point', '862a1072fffffff'), -74.016008479792447, 40.7041679083504);
  const ring = (call('geo_h3cell_to_polygon', '862a1072fffffff') as { coordinates: number[][][] }).coordinates[0]!;
  assert.equal(ring.length, 7);
  close(ring[0]![0], -74.0022744646159);
  close(ring[0]![1], 40.735376026215022);
});

test('lines: length, centroid, interpolation, location and closest points (line function pages)', () => {
  const line = { type: 'LineString', coordinates: [[-73.95807266235352, 40.800426144169315], [-73.94966125488281, 40.79691751000055], [-73.97317886352539, 40.764486356930334]] };
  close(call('geo_line_length', line), 4922.48016992081);
  const two = { type: 'LineString', coordinates: [[-73.95796, 40.80042], [-73.97317, 40.764486]] };
  closePoint(call('geo_line_centroid', two), -73.965567057230942, 40.782453249627416);
  closePoint(call('geo_line_interpolate_point', two, 0.25), -73.961764043218281, 40.791436687257232);
  close(call('geo_line_locate_point', two, -73.965, 40.792), 0.25560135100307552, 1e-9);
  const road = { type: 'LineString', coordinates: [[-115.115385, 36.229195], [-115.136995, 36.200366], [-115.140252, 36.19247], [-115.143558, 36.188523], [-115.144076, 36.181954], [-115.154662, 36.174483], [-115.166431, 36.176388], [-115.183289, 36.175007], [-115.192612, 36.176736], [-115.202485, 36.173439], [-115.225355, 36.174365]] };
  close(call('geo_distance_point_to_line', -115.199625, 36.210419, road), 3797.88887253334);
  closePoint(call('geo_closest_point_on_line', -115.199625, 36.210419, road), -115.192612, 36.176736);
  assert.equal(call('geo_line_length', { type: 'LineString', coordinates: [[1, 1]] }), null);
  assert.equal(call('geo_distance_point_to_line', 1, 1, { type: 'LineString' }), null);
});

test('polygons: area, perimeter, centroid, containment and distance (polygon function pages)', () => {
  close(call('geo_polygon_area', CENTRAL_PARK), 3475207.28346606);
  close(call('geo_polygon_perimeter', CENTRAL_PARK), 9930.30149604938);
  closePoint(call('geo_polygon_centroid', CENTRAL_PARK), -73.965735689907618, 40.782550538057812);
  close(call('geo_distance_point_to_polygon', -73.9839, 40.7705, CENTRAL_PARK), 259.940756070596);
  closePoint(call('geo_closest_point_on_polygon', -73.9839, 40.7705, CENTRAL_PARK), -73.981205580153926, 40.769359452843211);
  assert.equal(call('geo_point_in_polygon', -73.965, 40.785, CENTRAL_PARK), true);
  assert.equal(call('geo_point_in_polygon', -73.9839, 40.7705, CENTRAL_PARK), false);
  // A ring with fewer than three distinct vertices is invalid.
  const degenerate = { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 10], [0, 0]]] };
  assert.equal(call('geo_polygon_area', degenerate), null);
  assert.equal(call('geo_point_in_polygon', 1, 1, degenerate), null);
  // The ring's orientation does not matter: the smaller region is the polygon.
  const reversed = { type: 'Polygon', coordinates: [[...CENTRAL_PARK.coordinates[0]!].reverse()] };
  close(call('geo_polygon_area', reversed), 3475207.28346606);
});

test('WKT becomes GeoJSON with [longitude, latitude] coordinates (geo_from_wkt page)', () => {
  assert.deepEqual(call('geo_from_wkt', 'POINT (1 2)'), { type: 'Point', coordinates: [1, 2] });
  assert.deepEqual(call('geo_from_wkt', 'MULTIPOLYGON (((0 0, 2 0, 2 2, 0 0)),((10 10, 12 10, 12 12, 10 10)))'), {
    type: 'MultiPolygon', coordinates: [[[[0, 0], [2, 0], [2, 2], [0, 0]]], [[[10, 10], [12, 10], [12, 12], [10, 10]]]],
  });
  assert.deepEqual(call('geo_from_wkt', 'GEOMETRYCOLLECTION (POINT (1 1),LINESTRING (2 2, 3 3, 4 4))'), {
    type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 1] }, { type: 'LineString', coordinates: [[2, 2], [3, 3], [4, 4]] }],
  });
  assert.equal(call('geo_from_wkt', 'LINESTRING'), null);
});

test('densify splits planar edges until the geodesic stays within the tolerance; simplify drops near-straight vertices', () => {
  const dense = call('geo_line_densify', { type: 'LineString', coordinates: [[50, 50], [51, 51]] }, 10, false) as { coordinates: number[][] };
  const expected = [50, 50.125, 50.25, 50.375, 50.5, 50.625, 50.75, 50.875, 51];
  assert.equal(dense.coordinates.length, expected.length);
  dense.coordinates.forEach((p, i) => { close(p[0], expected[i]!); close(p[1], expected[i]!); });
  const short = { type: 'LineString', coordinates: [[-73.949247, 40.79686], [-73.973017, 40.764323]] };
  assert.deepEqual(call('geo_line_densify', short, 10, false), short);
  assert.equal(call('geo_line_densify', short, 0, false), null);
  const wiggly = { type: 'LineString', coordinates: [[-73.97033169865608, 40.789063020152824], [-73.97039607167244, 40.78897975920816], [-73.9704617857933, 40.78888837512432], [-73.97052884101868, 40.7887949601531], [-73.9706052839756, 40.788698498903564], [-73.97065222263336, 40.78862640672032], [-73.97072866559029, 40.78852791445617], [-73.97079303860664, 40.788434498977836]] };
  assert.deepEqual(call('geo_line_simplify', wiggly, 10), { type: 'LineString', coordinates: [[-73.97033169865608, 40.789063020152824], [-73.97079303860664, 40.788434498977836]] });
  assert.equal(call('geo_line_simplify', wiggly, -1), null);
});

test('line and polygon relations (intersection pages)', () => {
  const l1 = { type: 'LineString', coordinates: [[-73.978929, 40.785155], [-73.980903, 40.782621]] };
  const l2 = { type: 'LineString', coordinates: [[-73.985195, 40.788275], [-73.974552, 40.779761]] };
  assert.equal(call('geo_intersects_2lines', l1, l2), true);
  closePoint(call('geo_intersection_2lines', l1, l2), -73.979837116670978, 40.783989289772165);
  assert.deepEqual(call('geo_intersection_2lines', { type: 'LineString', coordinates: [[1, 1], [2, 2]] }, { type: 'LineString', coordinates: [[3, 3], [4, 4]] }), { type: 'GeometryCollection', geometries: [] });
  const triangle = { type: 'Polygon', coordinates: [[[-73.9712905883789, 40.78580561168767], [-73.98004531860352, 40.775276834803655], [-73.97000312805176, 40.77852663535664], [-73.9712905883789, 40.78580561168767]]] };
  const clipped = call('geo_intersection_line_with_polygon', l2, triangle) as { type: string; coordinates: number[][] };
  assert.equal(clipped.type, 'LineString');
  close(clipped.coordinates[0]![0]!, -73.975611956578192);
  close(clipped.coordinates[0]![1]!, 40.78060906714618);
  assert.deepEqual(clipped.coordinates[1], [-73.974552, 40.779761]);
});

test('buffers and coverings refuse what they cannot answer', () => {
  assert.equal(call('geo_point_buffer', 200, 1, 0.1, 10), null);
  assert.equal(call('geo_point_buffer', 10, 10, -1, 10), null);
  // A buffer polygon contains the circle: its vertices are at least the radius away.
  const ring = (call('geo_point_buffer', -115.1745008278, 36.1497251277, 20000, 10) as { coordinates: number[][][] }).coordinates[0]!;
  for (const [lng, lat] of ring) {
    const d = call('geo_distance_2points', -115.1745008278, 36.1497251277, lng, lat) as number;
    assert.ok(d >= 20000 && d <= 20010 + 1e-6, `vertex at ${d} m`);
  }
  const big = { type: 'Polygon', coordinates: [[[0, 0], [0, 50], [100, 50], [0, 0]]] };
  assert.equal((call('geo_polygon_to_s2cells', big, 5, 0) as string[]).length, 286);
  assert.equal(call('geo_polygon_to_s2cells', big, 30, 0), null);
  // A covering radius enlarges the shape: every cell of the plain covering, and more.
  const plain = new Set(call('geo_polygon_to_s2cells', big, 5, 0) as string[]);
  const wide = new Set(call('geo_polygon_to_s2cells', big, 5, 200000) as string[]);
  assert.ok(wide.size > plain.size && [...plain].every((c) => wide.has(c)));
  // A line's covering with a radius reaches the cell of a point 400 m off the line.
  const street = { type: 'LineString', coordinates: [[-0.1399656708283601, 51.50190802248855], [-0.14088438832752104, 51.50012082761452]] };
  const cells = call('geo_line_to_s2cells', street, 14, 500) as string[];
  assert.ok(cells.includes(call('geo_point_to_s2cell', -0.13451078568013486, 51.49919145858172, 14) as string));
  assert.ok(!(call('geo_line_to_s2cells', street, 14, 0) as string[]).includes(call('geo_point_to_s2cell', -0.13451078568013486, 51.49919145858172, 14) as string));
});
