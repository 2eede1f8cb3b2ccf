// compileQueryWithProbes: queries whose output columns depend on the data compile in one call
// that runs their schema probes (the query API's executor needs this for bag_unpack and pivot).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KqlRunner, TEST_NOW } from './run-kql.js';
import { compileQuery, compileQueryWithProbes, duckdbDialect, emptySchema } from '../../../src/kql/index.js';

let k: KqlRunner;
before(async () => {
  k = await KqlRunner.create();
});
after(() => k.close());

const probe = async (sql: string) => (await k.con.runAndReadAll(sql)).getRows().map((r) => r[0]);

test('bag_unpack: the documented example compiles with its columns found by the probe (bag-unpack-plugin.md)', async () => {
  const q = 'datatable(d:dynamic)[dynamic({"Name": "John", "Age":20}), dynamic({"Name": "Dave", "Age":40}), dynamic({"Name": "Jasmine", "Age":30})] | evaluate bag_unpack(d)';
  assert.ok(compileQuery(q, { schema: emptySchema, dialect: duckdbDialect, now: TEST_NOW }).probes, 'the plain compilation asks for a probe');
  const c = await compileQueryWithProbes(q, { schema: emptySchema, dialect: duckdbDialect, now: TEST_NOW }, probe);
  assert.deepEqual(c.diagnostics, []);
  assert.deepEqual(c.columns.map((x) => x.name).sort(), ['Age', 'Name']);
  // (the unpacked columns are dynamic: JSON text in SQL)
  const rows = (await k.con.runAndReadAll(c.sql!)).getRowObjectsJson().map((r) => [JSON.parse(String(r['Name'])), Number(r['Age'])]).sort();
  assert.deepEqual(rows, [['Dave', 40], ['Jasmine', 30], ['John', 20]]);
});

test('pivot: one column per value', async () => {
  const q = 'datatable(k:string, v:string)["a","x","a","y","b","x"] | evaluate pivot(v)';
  const c = await compileQueryWithProbes(q, { schema: emptySchema, dialect: duckdbDialect, now: TEST_NOW }, probe);
  assert.deepEqual(c.columns.map((x) => x.name), ['k', 'x', 'y']);
});

test('a query without probes compiles once and never calls the probe runner', async () => {
  let calls = 0;
  const c = await compileQueryWithProbes('print a = 1', { schema: emptySchema, dialect: duckdbDialect, now: TEST_NOW }, async () => {
    calls++;
    return [];
  });
  assert.ok(c.sql);
  assert.equal(calls, 0);
});
