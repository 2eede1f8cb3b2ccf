// Window functions computed in one ordered pass (plan/window-sessions.ts): row_window_session
// (row-window-session-function.md), row_rank_min / row_rank_dense (row-rank-min-function.md,
// row-rank-dense-function.md) and row_cumsum with a restart (row-cumsum-function.md).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KqlRunner } from './run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

const iso = (s: string) => `${s}:00.000000Z`;

test('the documented example: restart on a new ID, a new session after a gap above 5m', async () => {
  const r = await k.run(`datatable (ID:string, Timestamp:datetime) [
    "1", datetime(2024-04-11 10:00:00), "2", datetime(2024-04-11 10:18:00), "1", datetime(2024-04-11 11:00:00),
    "3", datetime(2024-04-11 11:30:00), "2", datetime(2024-04-11 13:30:00), "2", datetime(2024-04-11 10:16:00)]
    | sort by ID asc, Timestamp asc
    | extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))`);
  assert.deepEqual(r.rows.map((x) => [x[0], x[2]]), [
    ['1', iso('2024-04-11T10:00')], ['1', iso('2024-04-11T11:00')],
    ['2', iso('2024-04-11T10:16')], ['2', iso('2024-04-11T10:16')], ['2', iso('2024-04-11T13:30')],
    ['3', iso('2024-04-11T11:30')],
  ]);
});

test('a session also ends when the value is more than MaxDistanceFromFirst after its first value', async () => {
  // Every step is 4m (below the 5m gap), but 10m from the first value starts a new session.
  const r = await k.run(`range t from datetime(2024-01-01 00:00) to datetime(2024-01-01 00:24) step 4m
    | serialize | extend s = row_window_session(t, 10m, 5m), n = row_number()`);
  assert.deepEqual(r.rows.map((x) => x[1]), [
    iso('2024-01-01T00:00'), iso('2024-01-01T00:00'), iso('2024-01-01T00:00'),
    iso('2024-01-01T00:12'), iso('2024-01-01T00:12'), iso('2024-01-01T00:12'),
    iso('2024-01-01T00:24'),
  ]);
  assert.deepEqual(r.rows.map((x) => x[2]), [1n, 2n, 3n, 4n, 5n, 6n, 7n]);
});

test('the Sentinel idiom: sessions then summarize by session (MultipleFailedFollowedBySuccess shape)', async () => {
  const r = await k.run(`datatable(Account:string, TimeGenerated:datetime, Outcome:string)[
    "a", datetime(2024-01-01 00:00), "Failure", "a", datetime(2024-01-01 00:10), "Failure", "a", datetime(2024-01-01 00:20), "Success",
    "a", datetime(2024-01-01 00:30), "Failure", "b", datetime(2024-01-01 00:05), "Failure"]
    | sort by Account asc, TimeGenerated asc
    | serialize
    | extend S = row_window_session(TimeGenerated, 1d, 1h, Account != prev(Account) or prev(Outcome) == "Success")
    | summarize Failures = countif(Outcome == "Failure"), Rows = count() by Account, S
    | order by Account asc, S asc`);
  assert.deepEqual(r.rows, [['a', iso('2024-01-01T00:00'), 2n, 3n], ['a', iso('2024-01-01T00:30'), 1n, 1n], ['b', iso('2024-01-01T00:05'), 1n, 1n]]);
});

test('row_rank_min with a restart: the documented example (equal values share the smallest row number)', async () => {
  const r = await k.run(`datatable(Category:string, Item:string, Value:int)["A", "item1", 10, "A","item2", 10, "A", "item3", 5, "A", "item4", 20, "B", "item2", 5, "B", "item1", 7]
    | sort by Category asc, Value asc
    | extend rank = row_rank_min(Value, Category != prev(Category))`);
  assert.deepEqual(r.rows.map((x) => [x[0], x[2], x[3]]), [['A', 5, 1n], ['A', 10, 2n], ['A', 10, 2n], ['A', 20, 4n], ['B', 5, 1n], ['B', 7, 2n]]);
});

test('row_rank_dense, and row_cumsum restarting when the key changes', async () => {
  const r = await k.run(`datatable(k:string, v:long)["a",1,"a",2,"b",3,"b",4,"b",5,"a",6] | serialize
    | extend c = row_cumsum(v, k != prev(k)), d = row_rank_dense(k), d2 = row_rank_dense(v % 2, k != prev(k)), plain = row_cumsum(v)`);
  assert.deepEqual(r.rows.map((x) => x.slice(2)), [
    [1n, 1n, 1n, 1n], [3n, 1n, 2n, 3n], [3n, 2n, 1n, 6n], [7n, 2n, 2n, 10n], [12n, 2n, 3n, 15n], [6n, 3n, 1n, 21n],
  ]);
});
