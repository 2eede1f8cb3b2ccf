// evaluate rolling_percentile (rolling-percentile-plugin.md).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KqlRunner } from './run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

const T = `let T = range idx from 0 to 24 * 5 - 1 step 1
  | project Timestamp = datetime(2018-01-01) + 1h * idx, val = idx + 1
  | extend EvenOrOdd = iff(val % 2 == 0, "Even", "Odd");`;

test('the percentile of each day and the two before it (nearest rank), as the page computes', async () => {
  const r = await k.run(`${T} T | evaluate rolling_percentile(val, 50, Timestamp, 1d, 3) | order by Timestamp asc`);
  assert.deepEqual(r.columns.map((c) => c.name), ['Timestamp', 'rolling_3_percentile_val_50']);
  // day 0: 1…24 → 12; day 1: 1…48 → 24; day 2: 1…72 → 36; day 3: 25…96 → 60; day 4: 49…120 → 84
  assert.deepEqual(r.rows.map((x) => x[1]), [12n, 24n, 36n, 60n, 84n]);
});

test('per dimension value', async () => {
  const r = await k.run(`${T} T | evaluate rolling_percentile(val, 100, Timestamp, 1d, 2, EvenOrOdd) | where Timestamp == datetime(2018-01-02) | order by EvenOrOdd asc`);
  assert.deepEqual(r.columns.map((c) => c.name), ['Timestamp', 'EvenOrOdd', 'rolling_2_percentile_val_100']);
  assert.deepEqual(r.rows.map((x) => [x[1], x[2]]), [['Even', 48n], ['Odd', 47n]]);
});
