// Batches given as array elements (a request body between its brackets), alone and mixed with NDJSON
// batches in one journal file, and the fallback when DuckDB's JSON reader refuses a file that
// JavaScript's JSON.parse accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openEngine } from '../../src/storage/engine.js';
import { ndjson, tempDataDir } from './helpers.js';

/** What a sender's body holds between its `[` and `]`, as bytes. */
function elementsOf(body: string): Buffer {
  const t = body.trim();
  return Buffer.from(t.slice(1, -1));
}

test('json elements: a compact request body is stored as sent, next to NDJSON batches of the same table', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 60_000 });
  t.after(() => engine.close());
  await engine.createTable('E_CL', [
    { name: 'Id', type: 'int' },
    { name: 'S', type: 'string' },
    { name: 'D', type: 'dynamic' },
  ]);
  const body = JSON.stringify([
    { Id: 1, S: 'a,b', D: { k: [1, 2], s: '}, {' }, Extra: 'ignored' },
    { Id: 2, S: 'line\nbreak', D: null },
  ]);
  await Promise.all([
    engine.append([{ table: 'E_CL', jsonElements: elementsOf(body), rows: 2 }]),
    engine.append([{ table: 'E_CL', ndjson: ndjson([{ Id: 3, S: 'c' }]), rows: 1 }]),
    engine.append([{ table: 'E_CL', jsonElements: elementsOf(' [ {"Id":4} ] '), rows: 1 }]),
  ]);
  await engine.flush();
  const r = await engine.query(`SELECT Id, S, CAST(D AS VARCHAR) FROM E_CL ORDER BY Id`);
  assert.deepEqual(r.rows, [
    [1, 'a,b', '{"k":[1,2],"s":"}, {"}'],
    [2, 'line\nbreak', null],
    [3, 'c', null],
    [4, null, null],
  ]);
  assert.equal(engine.stats().tables['E_CL']!.rowsRejected, 0);
  assert.equal(engine.stats().load.lastError, undefined, 'the strict load succeeded');
});

test('json elements: a duplicate key (refused by DuckDB) loads with the value JSON.parse keeps, and the rest of the file loads', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 60_000 });
  t.after(() => engine.close());
  await engine.createTable('Dup_CL', [{ name: 'Id', type: 'int' }, { name: 'N', type: 'int' }]);
  await engine.append([{ table: 'Dup_CL', jsonElements: Buffer.from('{"Id":1,"N":5},{"Id":2,"N":4,"N":7}'), rows: 2 }]);
  await engine.append([{ table: 'Dup_CL', ndjson: '{"Id":3,"N":9}\n', rows: 1 }]);
  await engine.flush();
  // JSON.parse keeps the last of duplicate keys: that is the value the pipeline checked.
  assert.deepEqual(JSON.parse('{"N":4,"N":7}'), { N: 7 });
  assert.deepEqual((await engine.query('SELECT Id, N FROM Dup_CL ORDER BY Id')).rows, [[1, 5], [2, 7], [3, 9]]);
  const s = engine.stats();
  assert.equal(s.tables['Dup_CL']!.rowsRejected, 0);
  assert.equal(s.tables['Dup_CL']!.rowsLoaded, 3);
  assert.match(s.load.lastError ?? '', /duplicate key/i, 'the strict load failed and says why');
});

test('json elements: a malformed NDJSON line costs only its own row, not the request bodies in the same file', async (t) => {
  const dataDir = await tempDataDir(t);
  const engine = await openEngine({ dataDir, loadIntervalMs: 60_000 });
  t.after(() => engine.close());
  await engine.createTable('Mix_CL', [{ name: 'Id', type: 'int' }]);
  await engine.append([{ table: 'Mix_CL', jsonElements: Buffer.from('{"Id":1},{"Id":2}'), rows: 2 }]);
  await engine.append([{ table: 'Mix_CL', ndjson: '{"Id":3}\n{"Id":\n"text"\n', rows: 3 }]);
  await engine.append([{ table: 'Mix_CL', jsonElements: Buffer.from('{"Id":6}'), rows: 1 }]);
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT Id FROM Mix_CL ORDER BY Id')).rows, [[1], [2], [3], [6]]);
  const s = engine.stats();
  assert.equal(s.tables['Mix_CL']!.rowsRejected, 2);
  assert.equal(s.tables['Mix_CL']!.rowsLoaded, 4);
  const rejected = await readdir(join(dataDir, 'rejected'));
  assert.equal(rejected.length, 1);
  const kept = (await readFile(join(dataDir, 'rejected', rejected[0]!), 'utf8')).trim().split('\n');
  assert.deepEqual(kept, ['{"Id":', '"text"'], 'the rejected rows are kept for inspection');
});
