import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEngine, StorageError, type StorageErrorCode } from '../../src/storage/engine.js';
import { ndjson, tempDataDir } from './helpers.js';

const code = (c: StorageErrorCode) => (e: unknown) => e instanceof StorageError && e.code === c;

test('tables: create, list, get, add columns, drop; the catalog survives reopen', async (t) => {
  const dataDir = await tempDataDir(t);
  let engine = await openEngine({ dataDir });
  await engine.createTable('Beta_CL', [{ name: 'TimeGenerated', type: 'datetime' }]);
  await engine.createTable('Alpha_CL', [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Duration', type: 'timespan' },
    { name: 'Count', type: 'long' },
  ]);
  assert.deepEqual((await engine.listTables()).map((x) => x.name), ['Alpha_CL', 'Beta_CL']);
  const added = await engine.addColumns('Alpha_CL', [
    { name: 'Count', type: 'long' }, // already there, identical: no-op
    { name: 'Extra', type: 'dynamic' },
  ]);
  assert.deepEqual(added.columns.map((c) => c.name), ['TimeGenerated', 'Duration', 'Count', 'Extra']);
  await engine.dropTable('Beta_CL');
  await engine.close();

  engine = await openEngine({ dataDir });
  t.after(() => engine.close());
  const alpha = await engine.getTable('alpha_cl'); // names resolve case-insensitively, like DuckDB's
  assert.ok(alpha);
  assert.equal(alpha.name, 'Alpha_CL');
  // long and timespan are both BIGINT in DuckDB: the KQL type must come back from the catalog.
  assert.deepEqual(alpha.columns, [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Duration', type: 'timespan' },
    { name: 'Count', type: 'long' },
    { name: 'Extra', type: 'dynamic' },
  ]);
  assert.equal(await engine.getTable('Beta_CL'), undefined);
  const cols = await engine.query(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'Alpha_CL' ORDER BY ordinal_position`,
  );
  assert.deepEqual(cols.rows, [
    ['TimeGenerated', 'TIMESTAMP'],
    ['Duration', 'BIGINT'],
    ['Count', 'BIGINT'],
    ['Extra', 'JSON'],
  ]);
});

test('tables: invalid names, types and duplicates are refused with codes', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await assert.rejects(() => engine.createTable('bad name', [{ name: 'a', type: 'string' }]), code('invalid_name'));
  await assert.rejects(() => engine.createTable('x"; DROP TABLE y; --', [{ name: 'a', type: 'string' }]), code('invalid_name'));
  await assert.rejects(() => engine.createTable('T1', [{ name: 'a-b', type: 'string' }]), code('invalid_name'));
  await assert.rejects(() => engine.createTable('T1', [{ name: 'a', type: 'boolean' as never }]), code('invalid_schema'));
  await assert.rejects(() => engine.createTable('T1', []), code('invalid_schema'));
  await assert.rejects(
    () => engine.createTable('T1', [{ name: 'a', type: 'string' }, { name: 'A', type: 'long' }]),
    code('invalid_schema'),
  );
  await engine.createTable('T1', [{ name: 'a', type: 'string' }]);
  await assert.rejects(() => engine.createTable('t1', [{ name: 'a', type: 'string' }]), code('table_exists'));
  await assert.rejects(() => engine.addColumns('T1', [{ name: 'a', type: 'long' }]), code('invalid_schema'));
  await assert.rejects(() => engine.addColumns('Nope', [{ name: 'a', type: 'long' }]), code('unknown_table'));
  await assert.rejects(() => engine.dropTable('Nope'), code('unknown_table'));
  await assert.rejects(() => engine.append([{ table: 'Nope', ndjson: '{}\n', rows: 1 }]), code('unknown_table'));
});

test('tables: load-time defaults fill uuid, constants and the load time when the row does not carry them', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await engine.createTable(
    'Def_CL',
    [
      { name: 'Id', type: 'int' },
      { name: '_ItemId', type: 'guid' },
      { name: 'ItemText', type: 'string' },
      { name: 'Type', type: 'string' },
      { name: 'TenantId', type: 'guid' },
      { name: 'Received', type: 'datetime' },
      { name: 'Meta', type: 'dynamic' },
    ],
    {
      defaults: {
        _ItemId: { kind: 'uuid' },
        ItemText: { kind: 'uuid' },
        Type: { kind: 'constant', value: 'Def_CL' },
        TenantId: { kind: 'constant', value: '11111111-2222-3333-4444-555555555555' },
        Received: { kind: 'loadTime' },
        Meta: { kind: 'constant', value: 'x' },
      },
    },
  );
  await assert.rejects(
    () => engine.setTableOptions('Def_CL', { defaults: { Id: { kind: 'constant', value: 'not a number' } } }),
    code('invalid_schema'),
  );
  await assert.rejects(() => engine.setTableOptions('Def_CL', { defaults: { Id: { kind: 'uuid' } } }), code('invalid_schema'));
  await assert.rejects(() => engine.setTableOptions('Def_CL', { defaults: { Nope: { kind: 'uuid' } } }), code('invalid_schema'));

  const before = Date.now();
  await engine.append([
    { table: 'Def_CL', ndjson: ndjson([{ Id: 1 }, { Id: 2 }, { Id: 3, Type: 'Explicit', _ItemId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }]), rows: 3 },
  ]);
  await engine.flush();
  const res = await engine.query('SELECT Id, _ItemId, ItemText, Type, TenantId, Received, Meta FROM Def_CL ORDER BY Id');
  const [r1, r2, r3] = res.rows;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  assert.match(String(r1![1]), uuid);
  assert.match(String(r1![2]), uuid);
  assert.notEqual(r1![1], r2![1], 'a fresh uuid per row');
  assert.equal(r3![1], 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'a value the row carries wins over the default');
  assert.deepEqual([r1![3], r2![3], r3![3]], ['Def_CL', 'Def_CL', 'Explicit']);
  assert.equal(r1![4], '11111111-2222-3333-4444-555555555555');
  assert.equal(r1![6], '"x"', 'a dynamic constant is stored as JSON');
  const received = Date.parse(String(r1![5]));
  assert.ok(received >= before - 1000 && received <= Date.now() + 1000, `load time ${r1![5]} is now (UTC)`);
});

test('tables: adding columns while rows flow — earlier rows read null, later rows fill the column', { timeout: 120_000 }, async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 1 });
  t.after(() => engine.close());
  await engine.createTable('Grow_CL', [{ name: 'Id', type: 'long' }]);
  let id = 0;
  let addedAt = -1;
  let stop = false;
  const writers = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const rows = Array.from({ length: 20 }, () => ({ Id: id++, New: `v${id}` }));
      await engine.append([{ table: 'Grow_CL', ndjson: ndjson(rows), rows: rows.length }]);
    }
  });
  while (engine.stats().load.cycles < 3) await new Promise((r) => setTimeout(r, 1));
  await engine.addColumns('Grow_CL', [{ name: 'New', type: 'string' }]);
  addedAt = id; // every row appended from here on is loaded after the column exists
  while (engine.stats().load.cycles < 8) await new Promise((r) => setTimeout(r, 1));
  stop = true;
  await Promise.all(writers);
  await engine.flush();
  const total = await engine.query('SELECT count(*) AS n, count(DISTINCT Id) AS d FROM Grow_CL');
  assert.deepEqual(total.rows, [[BigInt(id), BigInt(id)]]);
  const missing = await engine.query('SELECT count(*) FROM Grow_CL WHERE Id >= $1 AND New IS NULL', [addedAt]);
  assert.deepEqual(missing.rows, [[0n]]);
  const filled = await engine.query('SELECT count(*) FROM Grow_CL WHERE New IS NOT NULL');
  assert.ok((filled.rows[0]![0] as bigint) >= BigInt(id - addedAt));
});

test('tables: dropping a table discards its rows still in the journal and counts them', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 60_000 });
  t.after(() => engine.close());
  await engine.createTable('Gone_CL', [{ name: 'Id', type: 'long' }]);
  await engine.createTable('Kept_CL', [{ name: 'Id', type: 'long' }]);
  await engine.append([
    { table: 'Gone_CL', ndjson: ndjson([{ Id: 1 }, { Id: 2 }]), rows: 2 },
    { table: 'Kept_CL', ndjson: ndjson([{ Id: 3 }]), rows: 1 },
  ]);
  await engine.dropTable('Gone_CL');
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT Id FROM Kept_CL')).rows, [[3n]]);
  assert.equal(engine.stats().tables['Gone_CL']!.rowsRejected, 2);
});
