// Back-pressure admission (src/storage/duckdb/admission.ts): calls wait in arrival order while the
// backlog is over the limit; the rows of calls let in but not yet committed count; and a running load
// lets calls in as it is expected to advance, never more than its own rows early.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admission } from '../../src/storage/duckdb/admission.js';

/** An admission over a backlog the test sets, recording how often a load was asked for. */
function setup(limit: number, backlog: number) {
  const state = { backlog, loadsAsked: 0 };
  const admission = new Admission(limit, () => state.backlog, () => state.loadsAsked++);
  return { admission, state };
}

/** Enters a call and records when (in which order) it is let in. */
function enter(admission: Admission, rows: number, log: string[], name: string): Promise<boolean> {
  return Promise.resolve(admission.enter(rows)).then((ok) => {
    log.push(name);
    return ok;
  });
}

const settle = () => new Promise((r) => setImmediate(r));

test('admission: under the limit a call goes in at once; over it, calls wait in arrival order and one at a time as room appears', async () => {
  const { admission, state } = setup(10, 4);
  assert.equal(admission.enter(5), true, 'backlog 4 ≤ 10: in at once, synchronously');
  // 4 + 5 admitted = 9 ≤ 10: the next goes in too; then 4 + 10 = 14 > 10.
  assert.equal(admission.enter(5), true);
  const log: string[] = [];
  const a = enter(admission, 5, log, 'a');
  const b = enter(admission, 5, log, 'b');
  await settle();
  assert.deepEqual(log, [], 'both wait');
  assert.equal(state.loadsAsked, 2, 'each waiting call asks for a load');
  assert.equal(admission.waits, 2);
  // The two first calls are committed (their rows move into the backlog: 14, as the journal counts
  // them before the calls return and leave), then a load takes 12.
  state.backlog = 14;
  admission.leave(5);
  admission.leave(5);
  await settle();
  assert.deepEqual(log, [], '14 > 10: still waiting');
  state.backlog = 14 - 12;
  admission.progress();
  await settle();
  // 2 ≤ 10: `a` goes in; now 2 + 5 admitted = 7 ≤ 10: `b` too.
  assert.deepEqual(log, ['a', 'b']);
  assert.equal(await a, true);
  assert.equal(await b, true);
});

test('admission: rows let in but not yet committed count, so one load does not let every waiting call in at once', async () => {
  const { admission, state } = setup(10, 20);
  const log: string[] = [];
  const calls = ['a', 'b', 'c'].map((n) => enter(admission, 6, log, n));
  state.backlog = 0; // a load took everything
  admission.progress();
  await settle();
  // 0 ≤ 10: a (6 admitted); 6 ≤ 10: b (12); 12 > 10: c waits until a or b is committed and loaded.
  assert.deepEqual(log, ['a', 'b']);
  state.backlog = 6; // `a` committed …
  admission.leave(6);
  await settle();
  assert.deepEqual(log, ['a', 'b'], '6 committed + 6 admitted = 12 > 10');
  state.backlog = 0; // … and loaded
  admission.progress();
  await settle();
  assert.deepEqual(log, ['a', 'b', 'c']);
  assert.deepEqual(await Promise.all(calls), [true, true, true]);
});

test('admission: a running load lets calls in as it is expected to advance, and at most its own rows early', { timeout: 30_000 }, async () => {
  const { admission, state } = setup(20_000, 25_000);
  const log: string[] = [];
  const calls = Array.from({ length: 10 }, (_, i) => enter(admission, 1_000, log, String(i)));
  await settle();
  assert.equal(log.length, 0);
  // A load of 10,000 rows starts; nothing commits and the test never ends it: calls go in on the
  // load's expected progress alone (~50 ms at the starting estimate of 5 µs/row).
  admission.loadStarted(10_000);
  await calls[0];
  // Once the whole load counts as done (its expected time is past): 25,000 − 10,000 = 15,000, and
  // calls go in while 15,000 + admitted ≤ 20,000 — six of them — however late the load runs.
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(log, ['0', '1', '2', '3', '4', '5']);
  // The load commits: its rows leave the backlog and the rest go in.
  admission.loadEnded(10_000, 300);
  state.backlog = 15_000 + 6_000; // … and the six calls let in are committed
  for (let i = 0; i < 6; i++) admission.leave(1_000);
  await settle();
  assert.deepEqual(log, ['0', '1', '2', '3', '4', '5'], '21,000 > 20,000: the rest still waits');
  state.backlog = 0;
  admission.progress();
  await settle();
  assert.equal(log.length, 10);
  assert.deepEqual(log, [...log].sort((x, y) => Number(x) - Number(y)), 'in arrival order');
  await Promise.all(calls);
});

test('admission: closing lets every waiting call go, not admitted, and admits none after', async () => {
  const { admission } = setup(1, 5);
  const waiting = admission.enter(1);
  assert.notEqual(waiting, true);
  admission.close();
  assert.equal(await waiting, false);
  assert.equal(admission.enter(1), false);
});
