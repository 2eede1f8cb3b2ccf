// The load of a segment that takes a table past a row-group end, split in two transactions so that
// the checkpoint between them lands exactly on DuckDB's row-group end (src/storage/duckdb/
// row-group-split.ts). What is checked comes from DuckDB itself: the row group size the engine
// attaches its file with (ROW_GROUP_ROWS), pragma_storage_info (which rows are persisted in which row group), and the rows read
// back — not from the engine's own arithmetic.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { openEngine, type StorageEngine, type TableInfo } from '../../src/storage/engine.js';
import { loadStatement } from '../../src/storage/duckdb/load-sql.js';
import { unloadedPart } from '../../src/storage/duckdb/unloaded-part.js';
import { Journal, ROW_GROUP_ROWS } from '../../src/storage/journal/journal.js';
import { ndjson, runUntilKilled, tempDataDir, until } from './helpers.js';

const ROW_GROUP = ROW_GROUP_ROWS;
const PER_CALL = 5_000;
// Calls of 5,000 rows, each loaded before the next: call CROSSING (0-based) takes the table past the
// first row-group end (61,440: the 13th call, from 60,000 to 65,000 rows), and is the last call.
const CROSSING = Math.floor(ROW_GROUP / PER_CALL);
const CALLS = CROSSING + 1;

const here = fileURLToPath(import.meta.url);
const CHILD = fileURLToPath(new URL(`./fixtures/split-child${extname(here)}`, import.meta.url));

/** Call `call`'s records (`per` of them, ids from call × per), with some lines replaced by `bad`. */
function rows(call: number, bad: Map<number, string> = new Map(), per = PER_CALL): string {
  let s = '';
  for (let id = call * per; id < (call + 1) * per; id++) s += (bad.get(id) ?? JSON.stringify({ Id: id, Call: call })) + '\n';
  return s;
}

/**
 * An engine on a fresh data folder (loading only on flush() and at row-group ends unless
 * `loadIntervalMs` says otherwise) with `tables` of an Id and a Call column; closed when the test ends.
 */
async function engineWithTables(t: TestContext, tables: string[], loadIntervalMs = 1_000_000_000): Promise<StorageEngine> {
  const engine = await openEngine({ dataDir: await tempDataDir(t), loadIntervalMs });
  t.after(() => engine.close());
  for (const table of tables) {
    await engine.createTable(table, [
      { name: 'Id', type: 'long' },
      { name: 'Call', type: 'int' },
    ]);
  }
  return engine;
}

/** Rows per persisted-or-not state of `table`'s first column, per row group, from DuckDB. */
async function storage(engine: StorageEngine, table: string): Promise<{ rowGroup: number; persistent: boolean; rows: number }[]> {
  const r = await engine.query(
    `SELECT row_group_id, persistent, sum(count) FROM pragma_storage_info('${table}') ` +
      `WHERE column_id = 0 AND column_path = '[0]' GROUP BY ALL ORDER BY 1, 2`,
  );
  return r.rows.map(([g, p, n]) => ({ rowGroup: Number(g), persistent: p as boolean, rows: Number(n) }));
}

test('split: the checkpoint after a segment that crosses a row-group end persists exactly the full row group, in every table that crossed', { timeout: 300_000 }, async (t) => {
  const engine = await engineWithTables(t, ['A_CL', 'B_CL']);
  for (let call = 0; call < CALLS; call++) {
    const text = rows(call);
    await engine.append([
      { table: 'A_CL', ndjson: text, rows: PER_CALL },
      { table: 'B_CL', ndjson: text, rows: PER_CALL },
    ]);
    await engine.flush();
  }
  const total = CALLS * PER_CALL;
  for (const table of ['A_CL', 'B_CL']) {
    // One row group written by the checkpoint, full; the rows after it only in memory (WAL).
    assert.deepEqual(await storage(engine, table), [
      { rowGroup: 0, persistent: true, rows: ROW_GROUP },
      { rowGroup: 1, persistent: false, rows: total - ROW_GROUP },
    ], table);
    const r = await engine.query(`SELECT count(*), count(DISTINCT Id), min(Id), max(Id) FROM ${table}`);
    assert.deepEqual(r.rows, [[BigInt(total), BigInt(total), 0n, BigInt(total - 1)]], table);
  }
  const s = engine.stats();
  assert.equal(s.load.checkpoints, 1);
  assert.equal(s.load.segments, CALLS);
  assert.equal(s.tables['A_CL']!.rowsLoaded, total);
  assert.equal(s.tables['A_CL']!.rowsRejected, 0);
});

test('split: LIMIT and OFFSET over read_json take a journal file in order, with several DuckDB threads', { timeout: 120_000 }, async (t) => {
  const dir = await tempDataDir(t);
  // ~27 MB: several of the JSON reader's buffers, so several threads scan it. A journal table file:
  // a JSON array, elements joined by `,\n`, some lines holding two (request bodies as sent).
  const n = 200_000;
  const file = join(dir, 'f.json');
  const lines: string[] = [];
  for (let i = 0; i < n; ) {
    const k = i % 3 === 0 || i === n - 1 ? 1 : 2;
    lines.push(Array.from({ length: k }, (_, j) => JSON.stringify({ Id: i + j, Pad: 'p'.repeat(120) })).join(','));
    i += k;
  }
  await writeFile(file, '[' + lines.join(',\n') + ']');
  const instance = await DuckDBInstance.create(join(dir, 'x.duckdb'), { threads: '4', preserve_insertion_order: 'true' });
  const conn = await instance.connect();
  t.after(() => {
    conn.closeSync();
    instance.closeSync();
  });
  const table: TableInfo = { name: 'O_CL', columns: [{ name: 'Id', type: 'long' }, { name: 'Pad', type: 'string' }], options: {} };
  await conn.run(`CREATE TABLE main."O_CL" ("Id" BIGINT, "Pad" VARCHAR)`);
  const k = 123_457;
  assert.equal((await conn.run(loadStatement(table, file, { limit: k }))).rowsChanged, k);
  const head = await conn.runAndReadAll(`SELECT count(*), min(Id), max(Id), count(DISTINCT Id) FROM main."O_CL"`);
  assert.deepEqual(head.getRows(), [[BigInt(k), 0n, BigInt(k - 1), BigInt(k)]], 'the first k records of the file');
  assert.equal((await conn.run(loadStatement(table, file, { offset: k }))).rowsChanged, n - k);
  const all = await conn.runAndReadAll(`SELECT count(*), count(DISTINCT Id), count(*) FILTER (WHERE Id <> rowid) FROM main."O_CL"`);
  assert.deepEqual(all.getRows(), [[BigInt(n), BigInt(n), 0n]], 'every record once, in file order');
});

test('split: what unloadedPart leaves of a journal file past k rows is what DuckDB reads with OFFSET k', { timeout: 120_000 }, async (t) => {
  const dir = await tempDataDir(t);
  // Strings holding commas, brackets, braces, quotes and backslashes; nested objects and arrays;
  // several rows on a line (a request body as sent); rows of ~300 kB across the 1 MB read chunks.
  const row = (i: number) =>
    JSON.stringify({
      Id: i,
      S: i % 4 === 0 ? 'a, b] c} [d {e "q" \\ \\" ,' : 'x',
      D: { a: [1, { b: '],' }], c: i },
      Pad: i % 9 === 0 ? 'q'.repeat(300_000) : '',
    });
  const lines: string[] = [];
  for (let i = 0; i < 300; ) {
    const k = i % 5 === 0 ? 3 : 1;
    lines.push(Array.from({ length: k }, (_, j) => row(i + j)).join(','));
    i += k;
  }
  const file = join(dir, 'r.json');
  await writeFile(file, '[' + lines.join(',\n') + ']');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  t.after(() => {
    conn.closeSync();
    instance.closeSync();
  });
  const ids = async (path: string, offset = 0) =>
    (await conn.runAndReadAll(`SELECT list(Id) FROM (SELECT Id FROM read_json('${path}', columns = {'Id': 'BIGINT'}, format = 'array') OFFSET ${offset})`))
      .getRows()[0]![0];
  assert.equal(await unloadedPart(file, 0), file);
  for (const k of [1, 2, 3, 4, 5, 6, 9, 10, 150, 299]) {
    const rest = await unloadedPart(file, k);
    assert.ok(rest !== null && rest !== file, `rows remain after ${k}`);
    assert.deepEqual(await ids(rest), await ids(file, k), `past ${k} rows`);
  }
  assert.equal(await unloadedPart(file, 300), null, 'nothing past the last row');
  assert.equal(await unloadedPart(file, 400), null);
});

/** Calls the child acknowledged before it was killed (its last `acked <n>` line). */
async function runChild(dataDir: string, killAt: string): Promise<number> {
  const lines = await runUntilKilled(CHILD, [dataDir, killAt]);
  return Number(/^acked (\d+)$/.exec(lines.at(-1) ?? '')?.[1] ?? 0);
}

for (const killAt of ['checkpoint', 'after-checkpoint']) {
  test(`split: a crash between the two transactions (${killAt}) loads only the rest on reopen, every row exactly once`, { timeout: 300_000 }, async (t) => {
    const dataDir = await tempDataDir(t);
    const acked = await runChild(dataDir, killAt);
    assert.equal(acked, CROSSING + 1, 'killed while loading the call that crossed the row-group end');

    // What the crash left in DuckDB: the first transaction — the table exactly at its row-group end —
    // and its note.
    const instance = await DuckDBInstance.create(join(dataDir, 'vigil.duckdb'));
    const conn = await instance.connect();
    try {
      const r = await conn.runAndReadAll(`SELECT (SELECT count(*) FROM main."S_CL"), (SELECT list(rows) FROM _vigil.journal_partial)`);
      const [count, notes] = r.getRows()[0]!;
      assert.equal(count, BigInt(ROW_GROUP));
      assert.deepEqual((notes as { items: unknown[] }).items, [BigInt(ROW_GROUP - CROSSING * PER_CALL)]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }

    const engine = await openEngine({ dataDir });
    t.after(() => engine.close());
    const total = acked * PER_CALL;
    const r = await engine.query('SELECT count(*), count(DISTINCT Id), min(Id), max(Id) FROM S_CL');
    assert.deepEqual(r.rows, [[BigInt(total), BigInt(total), 0n, BigInt(total - 1)]]);
    assert.deepEqual((await engine.query('SELECT count(*) FROM _vigil.journal_partial')).rows, [[0n]], 'the note is spent');
    assert.deepEqual(await readdir(join(dataDir, 'journal')), [], 'the segment is deleted once loaded');
    assert.equal(engine.stats().tables['S_CL']?.rowsRejected ?? 0, 0);
  });
}

test('row groups: while rows arrive faster than a row group per maxLoadDelayMs, each load is exactly one row group and the rest waits for the next', { timeout: 300_000 }, async (t) => {
  // A cadence of "never": only a full row group starts a load; flush() loads the rest.
  const engine = await engineWithTables(t, ['W_CL']);
  // Past two row-group ends and half way to the third.
  const calls = Math.ceil((2.5 * ROW_GROUP) / PER_CALL);
  for (let call = 0; call < calls; call++) await engine.append([{ table: 'W_CL', ndjson: rows(call), rows: PER_CALL }]);
  await until(() => engine.stats().load.checkpoints >= 2);
  // What DuckDB holds: exactly two row groups, both written to the file — every load ended exactly
  // at a row-group end, and the rows past the second wait.
  assert.deepEqual((await engine.query('SELECT count(*), count(DISTINCT Id), max(Id) FROM W_CL')).rows, [[BigInt(2 * ROW_GROUP), BigInt(2 * ROW_GROUP), BigInt(2 * ROW_GROUP - 1)]]);
  assert.deepEqual(await storage(engine, 'W_CL'), [
    { rowGroup: 0, persistent: true, rows: ROW_GROUP },
    { rowGroup: 1, persistent: true, rows: ROW_GROUP },
  ]);
  assert.equal(engine.stats().journal.pendingRows, calls * PER_CALL - 2 * ROW_GROUP, 'the rest is pending');
  await engine.flush();
  const total = calls * PER_CALL;
  assert.deepEqual((await engine.query('SELECT count(*), count(DISTINCT Id), max(Id) FROM W_CL')).rows, [[BigInt(total), BigInt(total), BigInt(total - 1)]]);
  assert.deepEqual((await engine.query('SELECT count(*) FROM _vigil.journal_partial')).rows, [[0n]], 'every note is spent');
  assert.equal(engine.stats().tables['W_CL']!.rowsLoaded, total);
});

test('row groups: two tables filling their row groups at different paces, in separate concurrent calls, are each loaded exactly once', { timeout: 300_000 }, async (t) => {
  const engine = await engineWithTables(t, ['P_CL', 'Q_CL'], 20);
  // P in calls of 5,000 rows, Q in calls of 3,000, four writers each: their row-group ends fall in
  // different segments, so loads up to one table's end carry the other's rows at any point.
  const write = async (table: string, per: number, calls: number, writer: number) => {
    for (let c = writer; c < calls; c += 4) await engine.append([{ table, ndjson: rows(c, undefined, per), rows: per }]);
  };
  const pCalls = Math.ceil((3.3 * ROW_GROUP) / 5_000);
  const qCalls = Math.ceil((2.6 * ROW_GROUP) / 3_000);
  await Promise.all([0, 1, 2, 3].flatMap((w) => [write('P_CL', 5_000, pCalls, w), write('Q_CL', 3_000, qCalls, w)]));
  await engine.flush();
  for (const [table, total] of [['P_CL', pCalls * 5_000], ['Q_CL', qCalls * 3_000]] as const) {
    const r = await engine.query(`SELECT count(*), count(DISTINCT Id), min(Id), max(Id) FROM ${table}`);
    assert.deepEqual(r.rows, [[BigInt(total), BigInt(total), 0n, BigInt(total - 1)]], table);
  }
  assert.deepEqual((await engine.query('SELECT count(*) FROM _vigil.journal_partial')).rows, [[0n]]);
  assert.ok(engine.stats().load.checkpoints >= 5, `${engine.stats().load.checkpoints} checkpoints`);
});

test('row groups: when the load up to a row-group end fails, the segments load one by one (tolerantly where needed) and the next row-group end is still reached', { timeout: 300_000 }, async (t) => {
  const engine = await engineWithTables(t, ['F_CL']);
  // An id that does not cast, in call 2: the one-transaction load of calls 0 … CROSSING fails.
  const badId = 2 * PER_CALL + 7;
  const bad = new Map([[badId, `{"Id":"not a number","Call":2}`]]);
  for (let call = 0; call <= CROSSING; call++) await engine.append([{ table: 'F_CL', ndjson: rows(call, call === 2 ? bad : undefined), rows: PER_CALL }]);
  await until(() => engine.stats().load.checkpoints >= 1);
  // The segment with the bad row was loaded on its own, tolerantly.
  assert.match(engine.stats().load.lastError ?? '', /segment \d+ loaded skipping malformed rows/);
  // Every row before the end once, the bad id as null, and nothing past the end: the crossing call's
  // rest still waits for its row group.
  const r = await engine.query('SELECT count(*), count(DISTINCT Id), count(*) FILTER (WHERE Id IS NULL), max(Id) FROM F_CL');
  assert.deepEqual(r.rows, [[BigInt(ROW_GROUP), BigInt(ROW_GROUP - 1), 1n, BigInt(ROW_GROUP - 1)]]);
  await engine.flush();
  const total = (CROSSING + 1) * PER_CALL;
  assert.deepEqual((await engine.query('SELECT count(*), count(DISTINCT Id) FROM F_CL')).rows, [[BigInt(total), BigInt(total - 1)]]);
  assert.equal(engine.stats().tables['F_CL']!.rowsRejected, 0);
});

test('row groups: a crash right after a load that took carried rows with the next row group loads each row exactly once on reopen', { timeout: 300_000 }, async (t) => {
  const dataDir = await tempDataDir(t);
  const acked = await runChild(dataDir, 'carry');
  const instance = await DuckDBInstance.create(join(dataDir, 'vigil.duckdb'));
  const conn = await instance.connect();
  try {
    // Two loads of exactly a row group each; the note says how many records of the segment that
    // crossed the second end are in (the crossing call has a segment of its own).
    const r = await conn.runAndReadAll(`SELECT (SELECT count(*) FROM main."S_CL"), (SELECT list(rows) FROM _vigil.journal_partial)`);
    const [count, notes] = r.getRows()[0]!;
    assert.equal(count, BigInt(2 * ROW_GROUP));
    assert.deepEqual((notes as { items: unknown[] }).items, [BigInt(2 * ROW_GROUP - Math.floor((2 * ROW_GROUP) / PER_CALL) * PER_CALL)]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  const engine = await openEngine({ dataDir });
  t.after(() => engine.close());
  const total = acked * PER_CALL;
  assert.ok(acked * PER_CALL >= 2 * ROW_GROUP, `${acked} calls acknowledged`);
  const r = await engine.query('SELECT count(*), count(DISTINCT Id), min(Id), max(Id) FROM S_CL');
  assert.deepEqual(r.rows, [[BigInt(total), BigInt(total), 0n, BigInt(total - 1)]]);
  assert.deepEqual((await engine.query('SELECT count(*) FROM _vigil.journal_partial')).rows, [[0n]], 'the note is spent');
  assert.deepEqual(await readdir(join(dataDir, 'journal')), [], 'every segment is deleted once loaded');
});

test('split: when the second part fails strictly, the tolerant retry skips exactly the records the first part loaded', { timeout: 300_000 }, async (t) => {
  const engine = await engineWithTables(t, ['T_CL']);
  const crossing = CROSSING;
  const first = crossing * PER_CALL;
  // In the crossing call: a record DuckDB's reader accepts but JSON.parse does not (trailing comma),
  // before the row-group end, so the first part loads it and the tolerant retry's cleaning drops it;
  // and, past the end, a value that does not cast, which fails the second part's strict load.
  const bad = new Map([
    [first + 10, `{"Id":${first + 10},"Call":${crossing},}`],
    [first + PER_CALL - 1, `{"Id":"not a number","Call":${crossing}}`],
  ]);
  // One call after the crossing one, so that the highest id is a good one.
  const calls = CROSSING + 2;
  for (let call = 0; call < calls; call++) {
    await engine.append([{ table: 'T_CL', ndjson: rows(call, call === crossing ? bad : undefined), rows: PER_CALL }]);
    await engine.flush();
  }
  const total = calls * PER_CALL;
  assert.deepEqual(await storage(engine, 'T_CL'), [
    { rowGroup: 0, persistent: true, rows: ROW_GROUP },
    { rowGroup: 1, persistent: false, rows: total - ROW_GROUP },
  ], 'the segment was split at the row-group end');
  const r = await engine.query(
    `SELECT count(*), count(DISTINCT Id), count(*) FILTER (WHERE Id IS NULL), count(*) FILTER (WHERE Id = ${first + 10}), max(Id) FROM T_CL`,
  );
  // Every record once; the uncastable id loads as null.
  assert.deepEqual(r.rows, [[BigInt(total), BigInt(total - 1), 1n, 1n, BigInt(total - 1)]]);
  assert.equal(engine.stats().tables['T_CL']!.rowsRejected, 0);
});

test('split: the journal records, for each table a segment takes past a row-group end, how many of its records complete the row group', async (t) => {
  const dir = await tempDataDir(t);
  const { journal } = await Journal.open(dir, 0, 100, 100);
  t.after(() => journal.close());
  journal.setTableRows('A', 50); // 50 rows already in the engine
  journal.setTableRows('B', 0);
  const call = (table: string, n: number) => ({ table, data: Buffer.from(ndjson(Array.from({ length: n }, (_, i) => ({ i })))), rows: n });
  await journal.append([call('A', 30), call('B', 30)]); // A 80, B 30
  const first = await journal.seal();
  assert.deepEqual(first.map((s) => s.rowGroupEnds), [undefined], 'no row-group end crossed');
  await journal.append([call('A', 15), call('B', 15)]); // A 95, B 45
  await journal.append([call('A', 40), call('B', 60)]); // A 135, B 105: both cross 100
  const second = await journal.seal();
  // The crossing call has a segment of its own (sealed before and after it).
  assert.deepEqual(second.map((s) => [s.rows, s.endsRowGroup === true]), [[30, false], [100, true]]);
  // A: the segment starts at row 95; 5 of its records reach row 100. B: it starts at 45; 55 reach 100.
  assert.deepEqual(second[1]!.rowGroupEnds, [
    { table: 'A', rows: 5 },
    { table: 'B', rows: 55 },
  ]);
  await journal.append([call('A', 265)]); // 135 → 400: past 200 and 300, exactly at 400
  const third = await journal.seal();
  assert.deepEqual(third[0]!.rowGroupEnds, [{ table: 'A', rows: 265 }], 'the last end crossed; here the whole call');
});

test('split: a database file from before the split (no _vigil.journal_partial) opens and loads', { timeout: 120_000 }, async (t) => {
  const dataDir = await tempDataDir(t);
  let engine = await openEngine({ dataDir });
  await engine.createTable('M_CL', [{ name: 'Id', type: 'long' }]);
  await engine.close();
  const instance = await DuckDBInstance.create(join(dataDir, 'vigil.duckdb'));
  const conn = await instance.connect();
  await conn.run('DROP TABLE _vigil.journal_partial');
  conn.closeSync();
  instance.closeSync();
  engine = await openEngine({ dataDir });
  t.after(() => engine.close());
  await engine.append([{ table: 'M_CL', ndjson: ndjson([{ Id: 1 }, { Id: 2 }]), rows: 2 }]);
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT count(*) FROM M_CL')).rows, [[2n]]);
});
