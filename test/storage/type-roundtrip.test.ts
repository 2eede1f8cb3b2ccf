// Every KQL type through the whole storage path: NDJSON encoded as NDJSON_ENCODING documents →
// journal → read_ndjson load → DuckDB column of the type docs/architecture.md fixes → query values as
// src/storage/duckdb/values.ts documents. Expected values are written out from those documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEngine, KQL_TYPES, type ColumnSpec } from '../../src/storage/engine.js';
import { tempDataDir } from './helpers.js';

const COLUMNS: ColumnSpec[] = [
  { name: 'Id', type: 'int' },
  { name: 'S', type: 'string' },
  { name: 'I', type: 'int' },
  { name: 'L', type: 'long' },
  { name: 'R', type: 'real' },
  { name: 'B', type: 'bool' },
  { name: 'D', type: 'datetime' },
  { name: 'T', type: 'timespan' },
  { name: 'Dy', type: 'dynamic' },
  { name: 'G', type: 'guid' },
  { name: 'Dec', type: 'decimal' },
];

// Hand-written NDJSON so that the exact digits (beyond 2^53) and spacing are what the encoding says.
const LINES = [
  String.raw`{"Id":1,"S":"héllo \"q\"\n\ttab","I":2147483647,"L":9223372036854775807,"R":1.5,"B":true,"D":"2024-02-29T23:59:59.1234567Z","T":36000000000,"Dy":{"a":[1,"x",{"b":null}],"c":true},"G":"6F9619FF-8B86-D011-B42D-00C04FC964FF","Dec":"12345678901234567890.123456789012345678"}`,
  String.raw`{"Id":2,"S":"","I":-2147483648,"L":-9007199254740993,"R":"NaN","B":false,"D":"1601-01-01T00:00:00Z","T":-1,"Dy":"str","G":"00000000-0000-0000-0000-000000000000","Dec":-0.5}`,
  String.raw`{"Id":3}`,
  String.raw`{"Id":4,"R":"Infinity","L":"-9223372036854775808","Dy":[1, 2,  {"k" : "v"}],"D":"2024-01-02T03:04:05.000001Z","T":864000000000}`,
  String.raw`{"Id":5,"R":"-Infinity","Dy":3.25,"D":"1970-01-01T00:00:00Z","S":null,"Dy2":"ignored: not a column"}`,
];

test('type round-trip: each KQL type is stored in its DuckDB type and read back exactly', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  assert.deepEqual(new Set(COLUMNS.slice(1).map((c) => c.type)), new Set(KQL_TYPES), 'the table covers all ten types');
  await engine.createTable('Types_CL', COLUMNS);
  await engine.append([{ table: 'Types_CL', ndjson: LINES.join('\n'), rows: LINES.length }]);
  await engine.flush();

  const res = await engine.query('SELECT * FROM Types_CL ORDER BY Id');
  assert.deepEqual(
    res.columns.map((c) => c.sqlType),
    ['INTEGER', 'VARCHAR', 'INTEGER', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'TIMESTAMP', 'BIGINT', 'JSON', 'UUID', 'DECIMAL(38,18)'],
  );
  const byId = new Map(res.rows.map((r) => [r[0], Object.fromEntries(res.columns.map((c, i) => [c.name, r[i]]))]));

  assert.deepEqual(byId.get(1), {
    Id: 1,
    S: 'héllo "q"\n\ttab',
    I: 2147483647,
    L: 9223372036854775807n,
    R: 1.5,
    B: true,
    D: '2024-02-29T23:59:59.123456Z', // 100 ns digit truncated to µs
    T: 36000000000n, // one hour in ticks
    Dy: '{"a":[1,"x",{"b":null}],"c":true}',
    G: '6f9619ff-8b86-d011-b42d-00c04fc964ff',
    Dec: '12345678901234567890.123456789012345678',
  });
  const r2 = byId.get(2)!;
  assert.equal(r2.S, '', 'an empty string stays an empty string (only a missing one is NULL)');
  assert.equal(r2.I, -2147483648);
  assert.equal(r2.L, -9007199254740993n, 'a long beyond 2^53 keeps its exact digits');
  assert.ok(Number.isNaN(r2.R));
  assert.equal(r2.B, false);
  assert.equal(r2.D, '1601-01-01T00:00:00.000000Z');
  assert.equal(r2.T, -1n);
  assert.equal(r2.Dy, '"str"', 'a dynamic string is stored as the JSON string');
  assert.equal(r2.G, '00000000-0000-0000-0000-000000000000');
  assert.equal(r2.Dec, '-0.500000000000000000');

  const r3 = byId.get(3)!;
  for (const c of COLUMNS.slice(1)) assert.equal(r3[c.name], null, `absent ${c.name} is NULL`);

  const r4 = byId.get(4)!;
  assert.equal(r4.R, Infinity);
  assert.equal(r4.L, -9223372036854775808n, 'a long may also be a JSON string of digits');
  assert.equal(r4.Dy, '[1,2,{"k":"v"}]', 'dynamic is stored as compact JSON');
  assert.equal(r4.D, '2024-01-02T03:04:05.000001Z');
  assert.equal(r4.T, 864000000000n);

  const r5 = byId.get(5)!;
  assert.equal(r5.R, -Infinity);
  assert.equal(r5.Dy, '3.25');
  assert.equal(r5.D, '1970-01-01T00:00:00.000000Z');
  assert.equal(r5.S, null);
});

test('type round-trip: values that do not fit their column load as null, the row is kept', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await engine.createTable('Bad_CL', [
    { name: 'Id', type: 'int' },
    { name: 'I', type: 'int' },
    { name: 'G', type: 'guid' },
  ]);
  await engine.append([
    { table: 'Bad_CL', ndjson: '{"Id":1,"I":99999999999,"G":"not-a-guid"}\n{"Id":2,"I":7,"G":"6f9619ff-8b86-d011-b42d-00c04fc964ff"}\n', rows: 2 },
  ]);
  await engine.flush();
  const res = await engine.query('SELECT Id, I, G FROM Bad_CL ORDER BY Id');
  assert.deepEqual(res.rows, [
    [1, null, null],
    [2, 7, '6f9619ff-8b86-d011-b42d-00c04fc964ff'],
  ]);
  assert.equal(engine.stats().tables['Bad_CL']!.rowsRejected, 0);
  assert.equal(engine.stats().tables['Bad_CL']!.rowsLoaded, 2);
});

test('type round-trip: a line that is not a JSON object is dropped and counted, the rest of the segment loads', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await engine.createTable('Torn_CL', [{ name: 'Id', type: 'int' }]);
  await engine.createTable('Other_CL', [{ name: 'Id', type: 'int' }]);
  await engine.append([
    { table: 'Torn_CL', ndjson: '{"Id":1}\n{"Id":2\n[3]\n{"Id":4}\n', rows: 4 },
    { table: 'Other_CL', ndjson: '{"Id":10}\n', rows: 1 },
  ]);
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT Id FROM Torn_CL ORDER BY Id')).rows, [[1], [4]]);
  assert.deepEqual((await engine.query('SELECT Id FROM Other_CL')).rows, [[10]]);
  const s = engine.stats();
  assert.equal(s.tables['Torn_CL']!.rowsRejected, 2);
  assert.equal(s.tables['Torn_CL']!.rowsLoaded, 2);
  assert.match(s.load.lastError ?? '', /malformed/);
});
