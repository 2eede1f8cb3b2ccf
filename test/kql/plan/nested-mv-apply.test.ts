// Nested mv-apply: the inner sub-query runs once per element of the outer element (mv-apply
// operator docs: the sub-query runs on each row's expanded set), and the outer sub-query's
// operators still work per outer row. Expectations are computed by hand from the data.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KqlRunner } from '../dialects/run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

const DATA = `datatable(id:int, groups:dynamic) [
  1, dynamic([[1, 2], [3, 4, 5]]),
  2, dynamic([[10], [20, 30]]),
]`;

test('an inner summarize per inner row, an outer summarize per outer row', async () => {
  const r = await k.run(`${DATA}
| mv-apply g = groups on (
    mv-apply x = g to typeof(long) on (summarize s = sum(x))
    | summarize total = sum(s), n = count()
  )
| project id, total, n
| sort by id asc`);
  // id 1: inner sums 3 and 12; id 2: 10 and 50.
  assert.deepEqual(r.rows, [[1, 15n, 2n], [2, 60n, 2n]]);
});

test('inner top and outer make_list keep their own rows apart', async () => {
  const r = await k.run(`${DATA}
| mv-apply g = groups on (
    mv-apply x = g to typeof(long) on (top 1 by x desc)
    | summarize maxima = make_list(x)
  )
| project id, maxima
| sort by id asc`);
  assert.deepEqual(r.rows.map((row) => [row[0], (row[1] as number[]).slice().sort((a, b) => a - b)]), [[1, [2, 5]], [2, [10, 30]]]);
});

test('the Sentinel shape: extend, then an inner mv-apply that filters (rows without a match drop out)', async () => {
  const r = await k.run(`datatable(TargetResources:dynamic, Who:string) [
  dynamic([{"displayName": "u1", "modifiedProperties": [{"displayName": "A", "newValue": "a1"}, {"displayName": "B", "newValue": "b1"}]}]), "x",
  dynamic([{"displayName": "u2", "modifiedProperties": [{"displayName": "A", "newValue": "a2"}]}]), "y",
]
| mv-apply tr = TargetResources on (
    extend targetResource = tostring(tr.displayName)
    | mv-apply mp = tr.modifiedProperties on (
        where mp.displayName == "B"
        | extend NewValue = tostring(mp.newValue))
  )
| project Who, targetResource, NewValue`);
  assert.deepEqual(r.rows, [['x', 'u1', 'b1']]);
});
