// The JS-function bridge: a SessionFunction in a query's setup is installed on the engine's pooled
// connections (NULL handling, batch form, errors as failed statements), and the query executor
// passes the dialect's geo functions so that KQL geo_* calls run against stored rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEngine, StorageError, type SessionFunction, type SessionSetupStep } from '../../../src/storage/engine.js';
import { tempDataDir } from '../../storage/helpers.js';
import { openQueryFixture } from '../../query/helpers.js';

const scaled: SessionFunction = {
  kind: 'function', name: 't_scaled', parameters: ['DOUBLE', 'BIGINT'], returns: 'DOUBLE',
  row: ([x, k]) => (x as number) * Number(k as bigint),
};
const described: SessionFunction = {
  kind: 'function', name: 't_described', parameters: ['VARCHAR'], returns: 'JSON', nullArguments: true,
  row: ([s]) => JSON.stringify({ text: s, isNull: s === null }),
};
const lengths: SessionFunction = {
  kind: 'function', name: 't_lengths', parameters: ['VARCHAR'], returns: 'BIGINT',
  batch: (columns, n) => Array.from({ length: n }, (_, i) => (columns[0]![i] as string).length),
};
const failing: SessionFunction = {
  kind: 'function', name: 't_failing', parameters: ['DOUBLE'], returns: 'DOUBLE',
  row: () => { throw new Error('no such value'); },
};
const SETUP: readonly SessionSetupStep[] = Object.freeze([`CREATE OR REPLACE TEMP MACRO t_twice(x) AS 2 * x`, scaled, described, lengths, failing]);

test('session functions run per row and per chunk, with NULL arguments as declared', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), threads: 2 });
  t.after(() => engine.close());
  const r = await engine.query(
    `SELECT t_twice(t_scaled(1.5, 4)), t_scaled(NULL, 4), t_described(NULL) ->> 'isNull', t_described('a') ->> 'text', t_lengths('abcd'), t_lengths(NULL)`,
    undefined, { setup: SETUP },
  );
  assert.deepEqual(r.rows, [[12, null, 'true', 'a', 4n, null]]);
  assert.equal(r.columns[2]!.sqlType, 'VARCHAR');
  // Many chunks (2,048 rows each), on the engine's worker threads.
  const big = await engine.query(`SELECT sum(t_scaled(i::DOUBLE, 2)) FROM range(100000) t(i)`, undefined, { setup: SETUP });
  assert.deepEqual(big.rows, [[2 * (99999 * 100000) / 2]]);
});

test('a session function that throws fails its statement, not the process', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), threads: 1 });
  t.after(() => engine.close());
  await assert.rejects(engine.query('SELECT t_failing(1.0)', undefined, { setup: SETUP }), (e: unknown) => e instanceof StorageError && e.code === 'sql' && /no such value/.test(e.message));
  // The connection stays usable.
  const r = await engine.query('SELECT t_scaled(2.0, 3)', undefined, { setup: SETUP });
  assert.deepEqual(r.rows, [[6]]);
});

test('KQL geo functions run over stored rows through the query executor', async (t) => {
  const f = await openQueryFixture(t);
  await f.table('Places_CL', { Name: 'string', Lng: 'real', Lat: 'real' });
  // Points of the geo_point_to_geohash and geo_point_in_circle documentation examples.
  await f.insert('Places_CL', [
    { TimeGenerated: '2025-06-01T10:00:00Z', Name: 'A', Lng: -122.303404, Lat: 47.570482 },
    { TimeGenerated: '2025-06-01T10:00:00Z', Name: 'C', Lng: -122.278156, Lat: 47.566936 },
    { TimeGenerated: '2025-06-01T10:00:00Z', Name: 'Kirkland', Lng: -122.201741, Lat: 47.677084 },
    { TimeGenerated: '2025-06-01T10:00:00Z', Name: 'Tacoma', Lng: -122.443663, Lat: 47.247092 },
    { TimeGenerated: '2025-06-01T10:00:00Z', Name: 'Nowhere', Lng: 300, Lat: 1 },
  ]);
  const out = await f.executor.run({
    query: `Places_CL
      | extend Hash = geo_point_to_geohash(Lng, Lat), NearSeattle = geo_point_in_circle(Lng, Lat, -122.317404, 47.609119, 18000),
               ToLosAngeles = geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056)
      | project Name, Hash, NearSeattle, ToLosAngeles
      | order by Name asc`,
    now: new Date('2025-06-01T12:00:00Z'),
  });
  assert.deepEqual(out.table.columns.map((c) => c.type), ['string', 'string', 'bool', 'real']);
  const byName = Object.fromEntries(out.table.rows.map((r) => [r[0], r.slice(1)]));
  assert.equal(byName.A![0], 'c23n8');
  assert.equal(byName.C![0], 'c23n9');
  assert.equal(byName.Kirkland![1], true);
  assert.equal(byName.Tacoma![1], false);
  assert.ok(Math.abs((byName.A![2] as number) - 1546754.35197381) < 1e-6);
  // Invalid coordinates: the documented empty string and null.
  assert.deepEqual(byName.Nowhere!.slice(0, 2), ['', null]);
});
