// A filter after an innerunique join on left-side columns is applied before the left side's
// de-duplication, as Kusto pushes it (join-innerunique.md): whichever row the de-duplication
// would keep, the rows satisfying the filter appear in the output.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KqlRunner } from '../dialects/run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

const T = `let t1 = datatable(key: long, value: string) [1, "val1.1", 1, "val1.2", 1, "val1.0"];
let t2 = datatable(key: long, value: string) [1, "val1.3", 1, "val1.4"];`;

test('a left-side filter keeps its rows, whichever row the de-duplication would have kept', async () => {
  for (const v of ['val1.0', 'val1.1', 'val1.2']) {
    const r = await k.run(`${T} t1 | join kind=innerunique t2 on key | where value == "${v}" | project value, value1 | sort by value1 asc`);
    assert.deepEqual(r.rows, [[v, 'val1.3'], [v, 'val1.4']], v);
  }
});

test('a filter on a right-side column stays after the join (one left row per key)', async () => {
  const r = await k.run(`${T} t1 | join kind=innerunique t2 on key | where value1 == "val1.4" | count`);
  assert.deepEqual(r.rows, [[1n]]);
});

test('the default join kind is innerunique and gets the same treatment', async () => {
  const r = await k.run(`${T} t1 | join t2 on key | where value startswith "val1.2" | count`);
  assert.deepEqual(r.rows, [[2n]]);
});
