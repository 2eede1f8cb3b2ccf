// `evaluate geo_polygon_lookup` / `geo_line_lookup` through the query executor on a real engine,
// with the places and shapes of the plugin pages: points join the polygons that contain them (or
// lie within a radius), lines within a radius; unmatched rows only on request; the shape column
// only with return_lookup_key; a lookup column named like an input column is renamed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openQueryFixture } from '../../query/helpers.js';

const NOW = new Date('2025-06-01T12:00:00Z');

const PLACES = `let polygons = datatable(polygon_name:string, polygon:dynamic)
[
    "New York", dynamic({"type":"Polygon", "coordinates":[[[-73.97375470114766,40.74300078124614],[-73.98653921014294,40.75486501361894],[-73.99910622331991,40.74112695466084],[-73.97375470114766,40.74300078124614]]]}),
    "Paris", dynamic({"type":"Polygon","coordinates":[[[2.57564669886321,48.769567764921334],[2.420098611499384,49.05163394896812],[2.1016783119165723,48.80113794475062],[2.57564669886321,48.769567764921334]]]}),
];
let locations = datatable(location_name:string, longitude:real, latitude:real)
[
    "Empire State Building", -73.98567337898565, 40.74842629977377,
    "Eiffel Tower", 2.294489426068907, 48.858263476169185,
    "London", -0.13245599272019604, 51.49879464208368,
    "Statue of Liberty",  -74.04462223203123, 40.689195627512674,
];
locations`;

test('geo_polygon_lookup: containment, radius, unmatched rows and the lookup key', async (t) => {
  const f = await openQueryFixture(t);
  const run = async (tail: string) => (await f.executor.run({ query: `${PLACES}\n${tail}`, now: NOW })).table;
  const plain = await run('| evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude) | order by location_name asc');
  assert.deepEqual(plain.columns.map((c) => c.name), ['location_name', 'longitude', 'latitude', 'polygon_name']);
  assert.deepEqual(plain.rows.map((r) => [r[0], r[3]]), [['Eiffel Tower', 'Paris'], ['Empire State Building', 'New York']]);

  const all = await run('| evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude, radius = 7000, return_unmatched = true, return_lookup_key = true) | order by location_name asc');
  assert.deepEqual(all.columns.map((c) => c.name), ['location_name', 'longitude', 'latitude', 'polygon_name', 'polygon']);
  // Within 7 km of the New York triangle: the Statue of Liberty; London matches nothing.
  assert.deepEqual(all.rows.map((r) => [r[0], r[3]]), [['Eiffel Tower', 'Paris'], ['Empire State Building', 'New York'], ['London', ''], ['Statue of Liberty', 'New York']]);
  assert.equal(JSON.parse(String(all.rows[0]![4])).type, 'Polygon');
});

test('geo_line_lookup joins the lines within the radius; same-named lookup columns are renamed', async (t) => {
  const f = await openQueryFixture(t);
  const out = await f.executor.run({
    now: NOW,
    query: `let roads = datatable(road_name:string, road:dynamic, latitude:real)
[
    "5th Avenue NY", dynamic({"type":"LineString","coordinates":[[-73.97291864770574,40.76428551254824],[-73.99708638113894,40.73145135821781]]}), 1.0,
    "Palace Ave", dynamic({"type":"LineString","coordinates":[[-0.18756982045002246,51.50245944666557],[-0.18908519740253382,51.50544952706903]]}), 2.0,
];
datatable(location_name:string, longitude:real, latitude:real)
[
    "Empire State Building", -73.98567337898565, 40.74842629977377,
    "Grand Central Terminal", -73.97713140725149, 40.752730320824895,
    "Kensington Palace", -0.1885272501232862,  51.504906159672316
]
| evaluate geo_line_lookup(roads, road, longitude, latitude, 100)
| order by location_name asc`,
  });
  assert.deepEqual(out.table.columns.map((c) => c.name), ['location_name', 'longitude', 'latitude', 'road_name', 'latitude1']);
  // Grand Central Terminal is ~300 m from 5th Avenue: outside a 100 m radius (the page's example).
  assert.deepEqual(out.table.rows.map((r) => [r[0], r[3], r[4]]), [['Empire State Building', '5th Avenue NY', 1], ['Kensington Palace', 'Palace Ave', 2]]);
});
