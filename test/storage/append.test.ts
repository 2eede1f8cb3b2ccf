import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openEngine, StorageError } from '../../src/storage/engine.js';
import { Journal } from '../../src/storage/journal/journal.js';
import { ndjsonToElements } from '../../src/storage/journal/json-elements.js';
import { ndjson, tempDataDir, until } from './helpers.js';

test('append: concurrent calls share group commits and every call is acknowledged with its own counts', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await engine.createTable('G_CL', [{ name: 'Id', type: 'long' }]);
  const calls = 200;
  const receipts = await Promise.all(
    Array.from({ length: calls }, (_, i) => {
      const rows = Array.from({ length: (i % 5) + 1 }, (_, j) => ({ Id: i * 10 + j }));
      const text = ndjson(rows);
      return engine.append([{ table: 'G_CL', ndjson: text, rows: rows.length }]).then((r) => ({ r, rows: rows.length, bytes: Buffer.byteLength(text) }));
    }),
  );
  for (const { r, rows, bytes } of receipts) {
    assert.equal(r.rows, rows);
    assert.equal(r.bytes, bytes);
  }
  const commits = new Set(receipts.map((x) => x.r.commit));
  assert.ok(commits.size < calls, `${calls} calls used ${commits.size} group commits`);
  const s = engine.stats();
  assert.equal(s.journal.appendCalls, calls);
  assert.equal(s.journal.commits, commits.size);
  const expectedRows = receipts.reduce((n, x) => n + x.rows, 0);
  assert.equal(s.tables['G_CL']!.rowsAppended, expectedRows);
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT count(*), count(DISTINCT Id) FROM G_CL')).rows, [[BigInt(expectedRows), BigInt(expectedRows)]]);
  assert.equal(engine.stats().tables['G_CL']!.rowsLoaded, expectedRows);
});

test('append: batches without a final newline do not run into the next batch', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await engine.createTable('N_CL', [{ name: 'Id', type: 'long' }]);
  await Promise.all([
    engine.append([
      { table: 'N_CL', ndjson: '{"Id":1}', rows: 1 },
      { table: 'N_CL', ndjson: Buffer.from('{"Id":2}\n{"Id":3}'), rows: 2 },
    ]),
    engine.append([{ table: 'N_CL', ndjson: '{"Id":4}', rows: 1 }]),
  ]);
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT Id FROM N_CL ORDER BY Id')).rows, [[1n], [2n], [3n], [4n]]);
  assert.equal(engine.stats().tables['N_CL']!.rowsRejected, 0);
});

test('append: a call spanning several tables becomes visible in all of them at once', { timeout: 120_000 }, async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 1 });
  t.after(() => engine.close());
  await engine.createTable('A_CL', [{ name: 'Id', type: 'long' }]);
  await engine.createTable('B_CL', [{ name: 'Id', type: 'long' }, { name: 'Flow', type: 'string' }]);
  let next = 0;
  let stop = false;
  const writers = Array.from({ length: 6 }, async () => {
    while (!stop) {
      const ids = Array.from({ length: 25 }, () => next++);
      // One input, two flows: the same records to two tables in one call (a multi-flow DCR).
      await engine.append([
        { table: 'A_CL', ndjson: ndjson(ids.map((Id) => ({ Id }))), rows: ids.length },
        { table: 'B_CL', ndjson: ndjson(ids.map((Id) => ({ Id, Flow: 'second' }))), rows: ids.length },
      ]);
    }
  });
  let observations = 0;
  let nonEmpty = 0;
  while (engine.stats().load.cycles < 15) {
    // One statement reads one snapshot: both counts come from the same committed state.
    const r = await engine.query('SELECT (SELECT count(*) FROM A_CL) AS a, (SELECT count(*) FROM B_CL) AS b');
    const [a, b] = r.rows[0] as [bigint, bigint];
    assert.equal(a, b, 'a load never shows one flow of a call without the other');
    observations++;
    if (a > 0n) nonEmpty++;
  }
  stop = true;
  await Promise.all(writers);
  await engine.flush();
  const r = await engine.query('SELECT (SELECT count(*) FROM A_CL), (SELECT count(*) FROM B_CL)');
  assert.deepEqual(r.rows, [[BigInt(next), BigInt(next)]]);
  assert.ok(nonEmpty > 0 && observations > 1, `observed ${observations} snapshots, ${nonEmpty} non-empty`);
});

test('append: acknowledged rows become visible within two load cycles, without flush', { timeout: 120_000 }, async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 20 });
  t.after(() => engine.close());
  await engine.createTable('V_CL', [{ name: 'Id', type: 'long' }]);
  // Continuous background traffic keeps the loader cycling, and lands acks at every phase of a cycle.
  let stop = false;
  let bg = 0;
  const background = (async () => {
    while (!stop) await engine.append([{ table: 'V_CL', ndjson: ndjson([{ Id: -1 - bg++ }]), rows: 1 }]);
  })();
  for (let mine = 0; mine < 12; mine++) {
    await engine.append([{ table: 'V_CL', ndjson: ndjson([{ Id: mine }]), rows: 1 }]);
    const cyclesAtAck = engine.stats().load.cycles;
    await until(() => engine.stats().load.cycles >= cyclesAtAck + 2);
    const r = await engine.query('SELECT count(*) FROM V_CL WHERE Id = $1', [mine]);
    assert.deepEqual(r.rows, [[1n]], `row ${mine} visible two cycles after its ack`);
  }
  stop = true;
  await background;
});

test('close: finishes in-flight appends, loads everything acknowledged, then refuses work', async (t) => {
  const dataDir = await tempDataDir(t);
  let engine = await openEngine({ dataDir, loadIntervalMs: 60_000 });
  await engine.createTable('C_CL', [{ name: 'Id', type: 'long' }]);
  const inflight = Array.from({ length: 50 }, (_, i) => engine.append([{ table: 'C_CL', ndjson: ndjson([{ Id: i }]), rows: 1 }]));
  const closing = engine.close();
  await assert.rejects(
    () => engine.append([{ table: 'C_CL', ndjson: '{"Id":-1}\n', rows: 1 }]),
    (e: unknown) => e instanceof StorageError && e.code === 'closed',
  );
  const receipts = await Promise.all(inflight);
  assert.equal(receipts.length, 50);
  await closing;
  await engine.close(); // idempotent
  await assert.rejects(() => engine.query('SELECT 1'), (e: unknown) => e instanceof StorageError && e.code === 'closed');
  // Loaded at close: the journal holds nothing, and a reopen has every row without replaying.
  assert.deepEqual(await readdir(join(dataDir, 'journal')), []);
  engine = await openEngine({ dataDir });
  t.after(() => engine.close());
  assert.equal(engine.stats().load.segments, 0, 'nothing was left to replay');
  assert.deepEqual((await engine.query('SELECT count(*), min(Id), max(Id) FROM C_CL')).rows, [[50n, 0n, 49n]]);
});

test('append: a segment never takes one table past segmentRows, so no load exceeds a row group', async (t) => {
  const dataDir = await tempDataDir(t);
  // How the journal cuts segments, seen directly: the engine would load (and delete) a segment that
  // ends a row group as soon as it is sealed.
  const { journal } = await Journal.open(join(dataDir, 'journal-only'), 0, 100, 100);
  journal.setTableRows('S_CL', 0);
  journal.setTableRows('Small_CL', 0);
  const batch = (table: string, ids: number[]) => ({ table, data: ndjsonToElements(Buffer.from(ndjson(ids.map((Id) => ({ Id }))))), rows: ids.length });
  const ids = (call: number) => Array.from({ length: 30 }, (_, i) => call * 30 + i);
  for (let c = 0; c < 10; c++) await journal.append([batch('S_CL', ids(c)), batch('Small_CL', [c])]);
  const segments = await journal.seal();
  await journal.close();
  const lines = segments.map((s) => s.files.find((f) => f.table === 'S_CL')?.rows ?? 0);
  // Calls of 30 rows against row groups of 100: 30, 60, 90 — the next call takes the table from 90
  // to 120, past its first row group's end: it gets a segment of its own, sealed before and after it
  // (90 | 30); then 150, 180 | 210 crosses 200 (60 | 30), and 240, 270 | 300 reaches 300 (60 | 30).
  assert.deepEqual(lines, [90, 30, 60, 30, 60, 30], 'a call that ends a row group is alone in its segment');
  assert.deepEqual(segments.map((s) => s.endsRowGroup === true), [false, true, false, true, false, true]);
  assert.ok(lines.every((n) => n <= 100), 'no segment holds more than a row group');

  const engine = await openEngine({ dataDir, loadIntervalMs: 60_000, segmentRows: 100, rowGroupRows: 100 });
  t.after(() => engine.close());
  await engine.createTable('S_CL', [{ name: 'Id', type: 'long' }]);
  await engine.createTable('Small_CL', [{ name: 'Id', type: 'long' }]);
  for (let c = 0; c < 10; c++) {
    await engine.append([
      { table: 'S_CL', ndjson: ndjson(ids(c).map((Id) => ({ Id }))), rows: 30 },
      { table: 'Small_CL', ndjson: ndjson([{ Id: c }]), rows: 1 },
    ]);
  }
  await engine.flush();
  assert.equal(engine.stats().load.segments, 6);
  // A checkpoint follows each row-group end (100, 200, 300), and only those.
  assert.equal(engine.stats().load.checkpoints, 3);
  assert.deepEqual((await engine.query('SELECT count(*), count(DISTINCT Id) FROM S_CL')).rows, [[300n, 300n]]);
  assert.deepEqual((await engine.query('SELECT count(*) FROM Small_CL')).rows, [[10n]]);
});

test('append: when the load is behind by more than maxPendingBytes, appends are refused as overloaded until it catches up', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 60_000, maxPendingBytes: 1000 });
  t.after(() => engine.close());
  await engine.createTable('O_CL', [{ name: 'Id', type: 'long' }, { name: 'Pad', type: 'string' }]);
  const call = (id: number) => engine.append([{ table: 'O_CL', ndjson: ndjson([{ Id: id, Pad: 'p'.repeat(600) }]), rows: 1 }]);
  await call(1);
  await call(2); // 1,200+ bytes now pending: over the limit
  await assert.rejects(() => call(3), (e: unknown) => e instanceof StorageError && e.code === 'overloaded');
  await engine.flush();
  await call(4);
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT list(Id ORDER BY Id) FROM O_CL')).rows, [[[1n, 2n, 4n]]]);
});

test('append: after a reopen, the rows already stored count towards the row group, so the segment that fills it ends there', async (t) => {
  const dataDir = await tempDataDir(t);
  let engine = await openEngine({ dataDir, loadIntervalMs: 60_000, segmentRows: 100, rowGroupRows: 100 });
  await engine.createTable('R_CL', [{ name: 'Id', type: 'long' }]);
  const call = (first: number, n: number) =>
    engine.append([{ table: 'R_CL', ndjson: ndjson(Array.from({ length: n }, (_, i) => ({ Id: first + i }))), rows: n }]);
  await call(0, 80);
  await engine.close();
  engine = await openEngine({ dataDir, loadIntervalMs: 60_000, segmentRows: 100, rowGroupRows: 100 });
  t.after(() => engine.close());
  await call(80, 30); // 80 stored + 30 = 110: past the first row group's end
  await call(110, 5);
  const files = (await readdir(join(dataDir, 'journal'))).filter((f) => f.endsWith('.R_CL.json'));
  const lines = await Promise.all(files.map(async (f) => (await readFile(join(dataDir, 'journal', f), 'utf8')).trim().split('\n').length));
  assert.deepEqual(lines, [30, 5], 'the segment was sealed right after the group that crossed 100 rows');
  await engine.flush();
  assert.equal(engine.stats().load.checkpoints, 1);
  assert.deepEqual((await engine.query('SELECT count(*), count(DISTINCT Id) FROM R_CL')).rows, [[115n, 115n]]);
});

test('append: when more than maxPendingRows acknowledged rows are not loaded, an append waits for the load, which starts at once', async (t) => {
  // An interval of an hour: only the back-pressure can start this load.
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 3_600_000, maxPendingRows: 50 });
  t.after(() => engine.close());
  await engine.createTable('P_CL', [{ name: 'Id', type: 'long' }]);
  const rows = (first: number, n: number) => ndjson(Array.from({ length: n }, (_, i) => ({ Id: first + i })));
  await engine.append([{ table: 'P_CL', ndjson: rows(0, 60), rows: 60 }]);
  assert.equal(engine.stats().journal.appendWaits, 0, '0 rows were pending: no wait');
  await engine.append([{ table: 'P_CL', ndjson: rows(60, 10), rows: 10 }]);
  assert.equal(engine.stats().journal.appendWaits, 1, '60 rows pending > 50: the second call waited');
  // The first call's rows were loaded before the second was journaled, so they are queryable now.
  assert.deepEqual((await engine.query('SELECT count(*) FROM P_CL WHERE Id < 60')).rows, [[60n]]);
  assert.equal(engine.stats().journal.pendingRows, 10);
});

test('append: calls that wait behind calls let in but not yet committed go in once those commit and load, with no cadence to start the load', { timeout: 60_000 }, async (t) => {
  // An hour's cadence: only back-pressure can start these loads. The first two calls go in at once
  // (0 and then 60 rows pending or admitted, ≤ 100); the third waits while their rows are still on
  // their way to the journal — a load started then finds nothing committed — and must not wait for
  // an hour once they are.
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs: 3_600_000, maxPendingRows: 100 });
  t.after(() => engine.close());
  await engine.createTable('Q_CL', [{ name: 'Id', type: 'long' }]);
  const calls = Array.from({ length: 10 }, (_, c) => engine.append([{ table: 'Q_CL', ndjson: ndjson(Array.from({ length: 60 }, (_, i) => ({ Id: c * 60 + i }))), rows: 60 }]));
  const receipts = await Promise.all(calls);
  assert.equal(receipts.length, 10);
  assert.ok(engine.stats().journal.appendWaits >= 8, `${engine.stats().journal.appendWaits} calls waited`);
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT count(*), count(DISTINCT Id) FROM Q_CL')).rows, [[600n, 600n]]);
});

test('append: a group of concurrent calls ends with the call that fills a row group, so the next row group starts with at most that call', async (t) => {
  const dataDir = await tempDataDir(t);
  // Seen on the journal itself: the engine would load (and delete) a segment that ends a row group
  // as soon as it is sealed.
  const { journal } = await Journal.open(join(dataDir, 'journal'), 0, 100, 100);
  t.after(() => journal.close());
  journal.setTableRows('G_CL', 0);
  // Ten calls of 30 rows at once: the first is committed alone; the other nine queue behind it.
  await Promise.all(
    Array.from({ length: 10 }, (_, call) =>
      journal.append([{ table: 'G_CL', data: ndjsonToElements(Buffer.from(ndjson(Array.from({ length: 30 }, (_, i) => ({ Id: call * 30 + i }))))), rows: 30 }]),
    ),
  );
  const segments = await journal.seal();
  // 30, then the queued nine: 60, 90 | 120 crosses 100: the calls before it form a group, the
  // crossing call another, alone in its segment; 150, 180 | 210; 240, 270 | 300. As one group the
  // nine would have made one 270-row segment.
  assert.deepEqual(segments.map((s) => s.rows), [90, 30, 60, 30, 60, 30]);
  assert.deepEqual(segments.map((s) => s.rowGroupEnds), [
    undefined, [{ table: 'G_CL', rows: 10 }], undefined, [{ table: 'G_CL', rows: 20 }], undefined, [{ table: 'G_CL', rows: 30 }],
  ]);
});
