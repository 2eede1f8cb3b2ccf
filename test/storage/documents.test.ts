import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEngine, StorageError } from '../../src/storage/engine.js';
import { tempDataDir } from './helpers.js';

test('documents: put, get, list in id order, replace, delete', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  const docs = engine.documents;
  assert.equal(await docs.get('dcr', 'x'), undefined);
  await docs.put('dcr', 'b', { name: 'b', streams: ['Custom-B'] });
  await docs.put('dcr', 'a', { name: 'a', nested: { n: 1, s: 'é"\\' } });
  await docs.put('dce', 'a', { other: true });
  assert.deepEqual(await docs.get('dcr', 'a'), { name: 'a', nested: { n: 1, s: 'é"\\' } });
  assert.deepEqual(
    (await docs.list('dcr')).map((d) => d.id),
    ['a', 'b'],
  );
  await docs.put('dcr', 'a', { replaced: 1 });
  assert.deepEqual(await docs.get('dcr', 'a'), { replaced: 1 });
  assert.equal((await docs.list('dcr')).length, 2, 'a replace does not add a document');
  assert.equal(await docs.delete('dcr', 'a'), true);
  assert.equal(await docs.delete('dcr', 'a'), false);
  assert.equal(await docs.get('dcr', 'a'), undefined);
  assert.deepEqual(await docs.get('dce', 'a'), { other: true }, 'kinds are separate namespaces');
});

test('documents: survive close and reopen', async (t) => {
  const dataDir = await tempDataDir(t);
  let engine = await openEngine({ dataDir });
  await engine.documents.put('workspace', 'default', { id: 'w1', keys: ['k1', 'k2'] });
  await Promise.all(Array.from({ length: 20 }, (_, i) => engine.documents.put('app', `app-${String(i).padStart(2, '0')}`, { i })));
  await engine.close();
  engine = await openEngine({ dataDir });
  t.after(() => engine.close());
  assert.deepEqual(await engine.documents.get('workspace', 'default'), { id: 'w1', keys: ['k1', 'k2'] });
  const apps = await engine.documents.list<{ i: number }>('app');
  assert.equal(apps.length, 20);
  assert.deepEqual(apps.map((a) => a.body.i), Array.from({ length: 20 }, (_, i) => i));
});

test('documents: reject empty keys and non-JSON bodies', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await assert.rejects(() => engine.documents.put('', 'x', {}), (e: unknown) => e instanceof StorageError && e.code === 'invalid_name');
  await assert.rejects(() => engine.documents.put('k', 'x', undefined), (e: unknown) => e instanceof StorageError);
});
