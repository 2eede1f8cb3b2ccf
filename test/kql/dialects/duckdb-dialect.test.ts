// DuckDB dialect choices (spec/performance-notes.md, docs/architecture.md): the physical types,
// predicate forms DuckDB can push down, integer arithmetic for datetime bins, the helper prelude.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { duckdbDialect, staticSchema } from '../../../src/kql/index.js';
import { KqlRunner } from './run-kql.js';

const schema = staticSchema([{ name: 'Events', columns: [
  { name: 'TimeGenerated', type: 'datetime' }, { name: 'Name', type: 'string' }, { name: 'Count', type: 'long' },
  { name: 'Elapsed', type: 'timespan' }, { name: 'Data', type: 'dynamic' }, { name: 'Id', type: 'guid' },
] }]);

let k: KqlRunner;
before(async () => {
  k = await KqlRunner.create();
  // The physical representation of docs/architecture.md.
  await k.con.run(`CREATE TABLE "Events" ("TimeGenerated" TIMESTAMP, "Name" VARCHAR, "Count" BIGINT, "Elapsed" BIGINT, "Data" JSON, "Id" UUID)`);
  await k.con.run(`INSERT INTO "Events" VALUES
    (TIMESTAMP '2024-01-01 10:15:00', 'alpha', 3, 36000000000, '{"k":"v"}', '6f9619ff-8b86-d011-b42d-00cf4fc964ff'),
    (TIMESTAMP '2024-01-01 10:45:00', NULL, NULL, 600000000, NULL, NULL),
    (TIMESTAMP '2024-01-01 11:05:00', 'Beta', 5, NULL, '[1,2]', NULL)`);
});
after(() => k.close());

test('the prelude is idempotent (safe to run on every connection)', async () => {
  for (const p of duckdbDialect.prelude) await k.con.run(p);
});

test('stored NULL strings read as ""; timespan columns are ticks', async () => {
  const r = await k.run('Events | where isempty(Name) | project Name, Elapsed, e = Elapsed / 1s', schema);
  assert.deepEqual(r.rows, [['', 600000000n, 60]]);
});

test('a string equality in where is a plain comparison DuckDB can push down', () => {
  const sql = k.compile('Events | where Name == "alpha"', schema).sql!;
  assert.match(sql, /WHERE \(t\."Name" = 'alpha'\)/);
});

test('bin on datetime by a constant is time_bucket from the Unix epoch, not date_trunc', () => {
  const sql = k.compile('Events | summarize count() by bin(TimeGenerated, 1h)', schema).sql!;
  assert.doesNotMatch(sql, /date_trunc/);
  assert.match(sql, /time_bucket\(to_microseconds\(3600000000\), t\."TimeGenerated", TIMESTAMP '1970-01-01 00:00:00'\)/);
});

test('tostring of a constant dynamic path is one json_extract_string', () => {
  const sql = k.compile('Events | project v = tostring(Data.a["b"][0])', schema).sql!;
  assert.match(sql, /COALESCE\(json_extract_string\(t\."Data", '\$\."a"\."b"\[0\]'\), ''\)/);
});

test('has on a constant uses a cheap substring pre-filter before the term regex', () => {
  const sql = k.compile('Events | where Name has "Alpha"', schema).sql!;
  assert.match(sql, /contains\(lower\(t\."Name"\), 'alpha'\) AND regexp_matches/);
});

test('results over the stored table', async () => {
  const r = await k.run('Events | summarize n = count(), total = sum(Count) by bin(TimeGenerated, 1h) | sort by TimeGenerated asc', schema);
  assert.deepEqual(r.rows, [['2024-01-01T10:00:00.000000Z', 2n, 3n], ['2024-01-01T11:00:00.000000Z', 1n, 5n]]);
  const d = await k.run('Events | where isnotempty(tostring(Data.k)) | project v = tostring(Data.k), id = tostring(Id)', schema);
  assert.deepEqual(d.rows, [['v', '6f9619ff-8b86-d011-b42d-00cf4fc964ff']]);
});

test('identifiers that differ only in case stay distinct', async () => {
  const r = await k.run('print a = 1, A = 2 | extend b = a + A');
  assert.deepEqual(r.columns.map((c) => c.name), ['a', 'A', 'b']);
  assert.deepEqual(r.rows, [[1n, 2n, 3n]]);
});
