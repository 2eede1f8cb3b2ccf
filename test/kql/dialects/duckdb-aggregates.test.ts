// Aggregates whose DuckDB translation takes a shortcut, against their documented behaviour.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KqlRunner } from './run-kql.js';

let k: KqlRunner;
before(async () => {
  k = await KqlRunner.create();
});
after(() => k.close());

test('dcount is exact up to 1,000 distinct values at the default accuracy (dcount-aggfunction.md, Estimation accuracy)', async () => {
  // Groups of 10, 100 and 1,000 distinct values, each value repeated three times.
  const r = await k.run('range i from 0 to 3329 step 1 | extend g = case(i < 30, 10, i < 330, 100, 1000) | extend v = i / 3 | summarize d = dcount(v) by g | order by g asc');
  assert.deepEqual(r.rows, [[10n, 10n], [100n, 100n], [1000n, 1000n]]);
  const exact = await k.run('range v from 0 to 999 step 1 | summarize d = dcount(v), d0 = dcount(v, 0), d4 = dcount(v, 4)');
  assert.deepEqual(exact.rows, [[1000n, 1000n, 1000n]]);
  const small = await k.run('datatable(g:string, v:string)["a","x","a","y","a","x","b","z","b",""] | summarize d = dcount(v) by g | order by g asc');
  assert.deepEqual(small.rows, [['a', 2n], ['b', 2n]]);
});

test('arg_max / arg_min: null keys are ignored unless the whole group has null keys, which still gives a row of the group', async () => {
  const dt = await k.run(`datatable(g:string, t:datetime, v:string)[
    "a", datetime(null), "x", "a", datetime(null), "x",
    "b", datetime(2020-01-01), "p", "b", datetime(null), "q", "b", datetime(2021-01-01), "r"]
    | summarize arg_max(t, v), arg_min(t, v) by g | order by g asc`);
  assert.deepEqual(dt.rows, [['a', null, 'x', null, 'x'], ['b', '2021-01-01T00:00:00.000000Z', 'r', '2020-01-01T00:00:00.000000Z', 'p']]);
  // int keys include the extremes of the type.
  const n = await k.run(`datatable(g:string, t:int, v:string)["a", int(null), "x", "b", 1, "p", "b", int(null), "q", "b", 2147483647, "r", "b", -2147483648, "s"]
    | summarize arg_max(t, v), arg_min(t, v) by g | order by g asc`);
  assert.deepEqual(n.rows, [['a', null, 'x', null, 'x'], ['b', 2147483647, 'r', -2147483648, 's']]);
  // Other key types (here long) keep the general form.
  const l = await k.run('datatable(g:string, t:long, v:string)["a", long(null), "x", "b", 5, "p", "b", long(null), "q"] | summarize arg_max(t, v) by g | order by g asc');
  assert.deepEqual(l.rows, [['a', null, 'x'], ['b', 5n, 'p']]);
});
