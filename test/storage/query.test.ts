import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEngine, StorageError, type StorageErrorCode } from '../../src/storage/engine.js';
import { tempDataDir } from './helpers.js';

const code = (c: StorageErrorCode) => (e: unknown) => e instanceof StorageError && e.code === c;
// A statement that runs for minutes unless interrupted (a large cross join aggregated).
const SLOW = 'SELECT count(*) FROM range(100000000) a, range(100000) b WHERE (a.range * b.range) % 7 = 3';

test('query: positional and named parameters, column types, value conversion', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  const r = await engine.query(
    `SELECT $1::VARCHAR AS s, $2 + 1 AS i, $3 AS big, $4 AS d, TIMESTAMP '2024-05-06 07:08:09.123456' AS ts, DATE '2024-05-06' AS dt, 1.25::DECIMAL(10,3) AS dec, [1, 2] AS l, {'k': 'v'} AS st, NULL AS n`,
    ['a', 41, 9007199254740993n, 0.5],
  );
  assert.deepEqual(r.columns, [
    { name: 's', sqlType: 'VARCHAR' },
    { name: 'i', sqlType: 'INTEGER' },
    { name: 'big', sqlType: 'BIGINT' },
    { name: 'd', sqlType: 'DOUBLE' },
    { name: 'ts', sqlType: 'TIMESTAMP' },
    { name: 'dt', sqlType: 'DATE' },
    { name: 'dec', sqlType: 'DECIMAL(10,3)' },
    { name: 'l', sqlType: 'INTEGER[]' },
    { name: 'st', sqlType: 'STRUCT("k" VARCHAR)' },
    { name: 'n', sqlType: 'INTEGER' },
  ]);
  assert.deepEqual(r.rows, [['a', 42, 9007199254740993n, 0.5, '2024-05-06T07:08:09.123456Z', '2024-05-06', '1.250', [1, 2], { k: 'v' }, null]]);
  const named = await engine.query('SELECT $name AS who, $when AS at', { name: 'x', when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) });
  assert.deepEqual(named.rows, [['x', '2024-01-02T03:04:05.006000Z']]);
  const old = await engine.query(`SELECT TIMESTAMP '1969-12-31 23:59:59.999999'`);
  assert.deepEqual(old.rows, [['1969-12-31T23:59:59.999999Z']], 'timestamps before the epoch keep their microseconds');
});

test('query: maxRows cuts the result and says so', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  const cut = await engine.query('SELECT range AS n FROM range(10000) ORDER BY n', undefined, { maxRows: 2500 });
  assert.equal(cut.rows.length, 2500);
  assert.equal(cut.truncated, true);
  assert.deepEqual(cut.rows[2499], [2499n]);
  const whole = await engine.query('SELECT range AS n FROM range(2500)', undefined, { maxRows: 2500 });
  assert.equal(whole.rows.length, 2500);
  assert.equal(whole.truncated, false);
});

test('query: stream delivers every row in chunks and can stop early', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t), maxConcurrentQueries: 1 });
  t.after(() => engine.close());
  const s = await engine.stream('SELECT range AS n FROM range(50000)');
  assert.deepEqual(s.columns, [{ name: 'n', sqlType: 'BIGINT' }]);
  let n = 0n;
  let sum = 0n;
  let chunks = 0;
  for await (const chunk of s) {
    chunks++;
    for (const [v] of chunk) {
      sum += v as bigint;
      n++;
    }
  }
  assert.equal(n, 50000n);
  assert.equal(sum, (49999n * 50000n) / 2n);
  assert.ok(chunks > 1);
  // Leaving early frees the (single) connection for the next statement.
  const early = await engine.stream('SELECT range FROM range(1000000)');
  for await (const chunk of early) {
    assert.ok(chunk.length > 0);
    break;
  }
  assert.deepEqual((await engine.query('SELECT 1')).rows, [[1]]);
});

test('query: an abort signal interrupts a running statement', { timeout: 120_000 }, async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  const ac = new AbortController();
  const running = engine.query(SLOW, undefined, { signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(running, code('cancelled'));
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(() => engine.query('SELECT 1', undefined, { signal: pre.signal }), code('cancelled'));
  assert.deepEqual((await engine.query('SELECT 2')).rows, [[2]], 'the engine serves after an interrupt');
});

test('query: a timeout interrupts a running statement', { timeout: 120_000 }, async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await assert.rejects(() => engine.query(SLOW, undefined, { timeoutMs: 50 }), code('timeout'));
  // Depending on the plan, DuckDB reports the interrupt when the stream starts or on its first chunk.
  await assert.rejects(async () => {
    const s = await engine.stream(SLOW, undefined, { timeoutMs: 50 });
    for await (const _ of s) void _;
  }, code('timeout'));
});

test('query: SQL errors carry code sql', async (t) => {
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  await assert.rejects(() => engine.query('SELECT * FROM no_such_table'), code('sql'));
  await assert.rejects(() => engine.query('SELEC 1'), code('sql'));
});

test('query: an abort that arrives between session set-up statements still interrupts the query', { timeout: 300_000 }, async (t) => {
  // DuckDB forgets an interrupt made while the connection runs nothing. Many tiny set-up statements
  // leave many such gaps; aborts at several moments during the set-up land in some of them. Each
  // must end the slow query as cancelled instead of letting it run for minutes.
  const engine = await openEngine({ dataDir: await tempDataDir(t) });
  t.after(() => engine.close());
  for (let trial = 0; trial < 8; trial++) {
    const setup = Array.from({ length: 400 }, (_, i) => `SELECT ${trial * 1000 + i}`);
    const ac = new AbortController();
    const running = engine.query(SLOW, undefined, { signal: ac.signal, setup });
    setTimeout(() => ac.abort(), 2 + trial * 3);
    await assert.rejects(running, code('cancelled'));
  }
  assert.deepEqual((await engine.query('SELECT 2')).rows, [[2]], 'the engine serves after the interrupts');
});
