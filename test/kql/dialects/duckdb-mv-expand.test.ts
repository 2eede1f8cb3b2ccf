// mv-expand on DuckDB: the documented row rules (mv-expand-operator.md, "Returns": a null value
// yields one record with null, an empty array or property bag yields none, arrays expand in
// parallel with nulls for the missing values) and the fast paths the dialect takes (an array at a
// constant path split in one pass; elements read only through tostring() expanded as text), which
// must give the same rows as the general path.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KqlRunner } from './run-kql.js';
import { staticSchema } from '../../../src/kql/index.js';

let k: KqlRunner;
before(async () => {
  k = await KqlRunner.create();
});
after(() => k.close());

const ROWS = `datatable(i:int, d:dynamic)[
  1, dynamic({"a":[]}),
  2, dynamic({"a":5}),
  3, dynamic({"b":1}),
  4, dynamic(null),
  5, dynamic({"a":null}),
  6, dynamic({"a":{}}),
  7, dynamic({"a":[1,"x",null,{"k":2},[3]]}),
  8, dynamic({"a":{"p":1,"q":"v"}})
]`;

test('null (or a missing member) gives one row with null; an empty array or bag gives none', async () => {
  const r = await k.run(`${ROWS} | mv-expand with_itemindex=n e = d.a | project i, n, e | order by i asc, n asc`);
  assert.deepEqual(r.rows.map((row) => [row[0], Number(row[1]), row[2]]), [
    [2, 0, 5],
    [3, 0, null],
    [4, 0, null],
    [5, 0, null],
    [7, 0, 1], [7, 1, 'x'], [7, 2, null], [7, 3, { k: 2 }], [7, 4, [3]],
    [8, 0, { p: 1 }], [8, 1, { q: 'v' }],
  ]);
});

test('the same rules for a whole column and for kind=array', async () => {
  const col = await k.run('datatable(i:int, d:dynamic)[1, dynamic([]), 2, dynamic(null), 3, dynamic({}), 4, dynamic([7,8])] | mv-expand d | project i, d | order by i asc');
  assert.deepEqual(col.rows, [[2, null], [4, 7], [4, 8]]);
  const arr = await k.run('print d = dynamic({"x": 1}) | mv-expand kind=array d');
  assert.deepEqual(arr.rows, [[['x', 1]]]);
});

test('parallel expansion pads the shorter array with nulls', async () => {
  const r = await k.run('print a = dynamic([1, 2, 3]), b = dynamic(["x"]) | mv-expand a, b');
  assert.deepEqual(r.rows, [[1, 'x'], [2, null], [3, null]]);
});

test('summarize by tostring() of the expanded value: the same groups as tostring() of each row', async () => {
  // The expansion is read only through tostring(): the dialect expands it as text directly.
  const fused = await k.run(`${ROWS} | mv-expand e = d.a | summarize c = count() by s = tostring(e) | order by s asc`);
  // The expanded value is also kept as dynamic: the general path, then tostring().
  const general = await k.run(`${ROWS} | mv-expand e = d.a | extend s = tostring(e) | summarize c = count() by s | order by s asc`);
  // '': rows 3, 4, 5 (null, missing) and the null element of row 7.
  const expected = [['', 4n], ['1', 1n], ['5', 1n], ['[3]', 1n], ['x', 1n], ['{"k":2}', 1n], ['{"p":1}', 1n], ['{"q":"v"}', 1n]];
  assert.deepEqual(general.rows, expected);
  assert.deepEqual(fused.rows, expected);
  assert.match(fused.compiled.sql!, /json_extract_string\([^)]*'\$\."a"\[\*\]'\)/, 'text split at the constant path');
});

test('project of tostring() only, and to typeof(string) / typeof(long) on a stored column', async () => {
  const schema = staticSchema([{ name: 'T', columns: [{ name: 'P', type: 'dynamic' }] }]);
  await k.con.run(`CREATE OR REPLACE TABLE "T" ("P" JSON)`);
  try {
    await k.con.run(`INSERT INTO "T" VALUES ('{"L":["a","b"]}'), ('{"L":[]}'), ('{"M":1}'), ('{"L":["10", 2]}')`);
    const p = await k.run('T | mv-expand x = P.L | project s = tostring(x) | order by s asc', schema);
    assert.deepEqual(p.rows, [[''], ['10'], ['2'], ['a'], ['b']]);
    const s = await k.run('T | mv-expand x = P.L to typeof(string) | summarize count() by x | order by x asc', schema);
    assert.deepEqual(s.rows, [['', 1n], ['10', 1n], ['2', 1n], ['a', 1n], ['b', 1n]]);
    // Numbers only: the doc says elements not of the declared type become null, which Vigil does not
    // do yet (it converts "10" to 10). The four rows without P.N give one null row each.
    await k.con.run(`INSERT INTO "T" VALUES ('{"N":[2,3]}')`);
    const n = await k.run('T | mv-expand x = P.N to typeof(long) | summarize s = sum(x), n = count(), nulls = countif(isnull(x))', schema);
    assert.deepEqual(n.rows, [[5n, 6n, 4n]]);
  } finally {
    await k.con.run('DROP TABLE "T"');
  }
});
