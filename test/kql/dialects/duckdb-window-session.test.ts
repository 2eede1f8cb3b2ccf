// row_window_session (row-window-session-function.md): sequential session starts over a serialized
// row set, planned as its own node (plan/window-sessions.ts).
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
