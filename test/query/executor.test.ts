// The query executor against a real DuckDB engine: schema from the workspace (standard columns,
// case-sensitive names, wildcards), cells encoded by KQL type as the query API documents them
// (spec/azure-wire-contracts.md §6.2), now() fixed per query, the timespan applied to every scan,
// the row cap and the timeout as partial results, and located syntax/semantic errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openQueryFixture } from './helpers.js';
import { QueryFailure } from '../../src/query/index.js';

const NOW = new Date('2025-06-01T12:00:00Z');

async function eventsFixture(t: Parameters<typeof openQueryFixture>[0], limits = {}) {
  const f = await openQueryFixture(t, limits);
  await f.table('Events_CL', {
    Computer: 'string', Count: 'long', Small: 'int', Ratio: 'real', Flag: 'boolean', Props: 'dynamic', Duration: 'timespan', EventGuid: 'guid', Amount: 'decimal',
  });
  await f.insert('Events_CL', [
    { TimeGenerated: '2025-06-01T11:30:00.123456Z', Computer: 'web-1', Count: '9007199254740993', Small: 7, Ratio: 'NaN', Flag: true, Props: { ips: ['10.0.0.1', '10.0.0.2'], n: 1 }, Duration: 1, EventGuid: '0F8FAD5B-D9CB-469F-A165-70867728950E', Amount: '1.10' },
    { TimeGenerated: '2025-06-01T09:00:00Z', Computer: 'web-2', Count: 42, Small: -3, Ratio: 1.5, Flag: false, Props: [{ a: 1 }], Duration: 937840000000, EventGuid: null, Amount: 2 },
    { TimeGenerated: '2025-05-30T12:00:00Z', Computer: null, Count: null, Small: null, Ratio: 'Infinity', Flag: null, Props: null, Duration: -10_000_000, EventGuid: null, Amount: null },
  ]);
  return f;
}

test('cells are encoded by their KQL type as the query API writes them', async (t) => {
  const f = await eventsFixture(t);
  const out = await f.executor.run({ query: 'Events_CL | project TimeGenerated, Computer, Count, Small, Ratio, Flag, Props, Duration, EventGuid, Amount | order by TimeGenerated desc', now: NOW });
  assert.deepEqual(out.table.columns, [
    { name: 'TimeGenerated', type: 'datetime' }, { name: 'Computer', type: 'string' }, { name: 'Count', type: 'long' }, { name: 'Small', type: 'int' },
    { name: 'Ratio', type: 'real' }, { name: 'Flag', type: 'bool' }, { name: 'Props', type: 'dynamic' }, { name: 'Duration', type: 'timespan' },
    { name: 'EventGuid', type: 'guid' }, { name: 'Amount', type: 'decimal' },
  ]);
  assert.equal(out.table.name, 'PrimaryResult');
  assert.equal(out.sorted, true);
  const [a, b, c] = out.table.rows;
  // datetime: ISO 8601 UTC ending in Z, parseable to the stored instant.
  assert.match(String(a![0]), /^2025-06-01T11:30:00\.123456Z$/);
  assert.equal(new Date(String(b![0])).toISOString(), '2025-06-01T09:00:00.000Z');
  assert.match(String(b![0]), /Z$/);
  // long beyond 2^53 stays exact; int is a number.
  assert.equal(a![2], 9007199254740993n);
  assert.equal(a![3], 7);
  assert.equal(b![3], -3);
  // real: NaN / Infinity as strings, finite as numbers.
  assert.equal(a![4], 'NaN');
  assert.equal(b![4], 1.5);
  assert.equal(c![4], 'Infinity');
  assert.equal(a![5], true);
  assert.equal(b![5], false);
  // dynamic: a JSON-encoded string, not a nested value.
  assert.equal(typeof a![6], 'string');
  assert.deepEqual(JSON.parse(String(a![6])), { ips: ['10.0.0.1', '10.0.0.2'], n: 1 });
  assert.deepEqual(JSON.parse(String(b![6])), [{ a: 1 }]);
  // timespan: [d.]hh:mm:ss[.fffffff] — the spec's own examples: 1 tick and 1.02:03:04.
  assert.equal(a![7], '00:00:00.0000001');
  assert.equal(b![7], '1.02:03:04');
  assert.equal(c![7], '-00:00:01');
  // guid and decimal are strings.
  assert.equal(a![8], '0f8fad5b-d9cb-469f-a165-70867728950e');
  assert.equal(typeof a![9], 'string');
  assert.equal(Number(a![9]), 1.1);
  assert.equal(Number(b![9]), 2);
  // Nulls: a string is never null (S4), every other type is null.
  assert.equal(c![1], '');
  for (const i of [2, 3, 5, 6, 8, 9]) assert.equal(c![i], null, `column ${i}`);
});

test('the standard columns are part of every table and carry the workspace id and the table name', async (t) => {
  const f = await eventsFixture(t);
  const out = await f.executor.run({ query: 'Events_CL | where Computer == "web-1" | project TenantId, Type, _ItemId, _TimeReceived', now: NOW });
  assert.equal(out.table.rows.length, 1);
  const [tenant, type, item, received] = out.table.rows[0]!;
  assert.equal(tenant, f.ws.workspace.id);
  assert.equal(type, 'Events_CL');
  assert.match(String(item), /^[0-9a-f-]{36}$/);
  assert.match(String(received), /Z$/);
});

test('table names are case-sensitive and `union T*` expands over the workspace tables', async (t) => {
  const f = await eventsFixture(t);
  await f.table('EventsArchive_CL', { Computer: 'string' });
  await f.insert('EventsArchive_CL', [{ TimeGenerated: '2025-06-01T10:00:00Z', Computer: 'old-1' }]);
  await assert.rejects(f.executor.run({ query: 'events_cl | count', now: NOW }), (e: unknown) => e instanceof QueryFailure && e.kind === 'semantic');
  const out = await f.executor.run({ query: 'union Events* | summarize n = count() by Type | order by Type asc', now: NOW });
  assert.deepEqual(out.table.rows, [['EventsArchive_CL', 1n], ['Events_CL', 3n]]);
});

test('a table created after the first query is visible to the next one', async (t) => {
  const f = await eventsFixture(t);
  await f.executor.run({ query: 'Events_CL | count', now: NOW });
  await f.table('Late_CL', { Message: 'string' });
  await f.insert('Late_CL', [{ TimeGenerated: '2025-06-01T10:00:00Z', Message: 'hello' }]);
  const out = await f.executor.run({ query: 'Late_CL | project Message', now: NOW });
  assert.deepEqual(out.table.rows, [['hello']]);
});

test('now() is fixed for the whole query and is the request time', async (t) => {
  const f = await openQueryFixture(t);
  const out = await f.executor.run({ query: 'print a = now(), b = now(), c = ago(1h)', now: NOW });
  const [a, b, c] = out.table.rows[0]!;
  assert.equal(a, b);
  assert.equal(new Date(String(a)).toISOString(), NOW.toISOString());
  assert.equal(new Date(String(c)).getTime(), NOW.getTime() - 3_600_000);
  assert.equal(out.now.getTime(), NOW.getTime());
});

test('the timespan limits every table scan, including the inner side of a join and a subquery', async (t) => {
  const f = await eventsFixture(t);
  const count = async (query: string, timespans: string[]) => (await f.executor.run({ query, timespans, now: NOW })).table.rows[0]![0];
  // PT1H ends at now (12:00): only 11:30 is inside.
  assert.equal(await count('Events_CL | count', ['PT1H']), 1n);
  assert.equal(await count('Events_CL | count', ['P1D']), 2n);
  assert.equal(await count('Events_CL | count', []), 3n);
  // start/end, start/duration and duration/end intervals.
  assert.equal(await count('Events_CL | count', ['2025-06-01T08:00:00Z/2025-06-01T10:00:00Z']), 1n);
  assert.equal(await count('Events_CL | count', ['2025-05-30T00:00:00Z/P1D']), 1n);
  assert.equal(await count('Events_CL | count', ['PT4H/2025-06-01T12:00:00Z']), 2n);
  // Two timespans (body and query string) are intersected.
  assert.equal(await count('Events_CL | count', ['P3D', '2025-06-01T08:00:00Z/2025-06-01T10:00:00Z']), 1n);
  // Both sides of a join are scans of the table: the right side is limited too.
  assert.equal(await count('Events_CL | project Computer | join kind=inner (Events_CL | project Computer, Count) on Computer | count', ['PT1H']), 1n);
  // A tabular `in` operand is a scan too.
  assert.equal(await count('Events_CL | where Computer in ((Events_CL | project Computer)) | count', ['PT1H']), 1n);
  await assert.rejects(f.executor.run({ query: 'Events_CL', timespans: ['yesterday'], now: NOW }), (e: unknown) => e instanceof QueryFailure && e.kind === 'timespan' && /yesterday/.test(e.message));
});

test('a resource-centric query sees only rows of that resource', async (t) => {
  const f = await openQueryFixture(t);
  await f.table('Res_CL', { Message: 'string' });
  const vm = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
  await f.insert('Res_CL', [
    { TimeGenerated: '2025-06-01T10:00:00Z', Message: 'mine', _ResourceId: vm.toLowerCase() },
    { TimeGenerated: '2025-06-01T10:00:00Z', Message: 'other', _ResourceId: '/subscriptions/x/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm2' },
  ]);
  const out = await f.executor.run({ query: 'Res_CL | project Message', resourceId: vm, now: NOW });
  assert.deepEqual(out.table.rows, [['mine']]);
});

test('the row cap cuts the result and reports it as a partial problem', async (t) => {
  const f = await openQueryFixture(t, { maxRows: 10 });
  const out = await f.executor.run({ query: 'range x from 1 to 25 step 1', now: NOW });
  assert.equal(out.table.rows.length, 10);
  assert.deepEqual(out.partial, [{ kind: 'rowLimit', limit: 10 }]);
  // A request may ask for fewer rows, never more.
  const fewer = await f.executor.run({ query: 'range x from 1 to 25 step 1', maxRows: 3, now: NOW });
  assert.equal(fewer.table.rows.length, 3);
  const more = await f.executor.run({ query: 'range x from 1 to 25 step 1', maxRows: 1000, now: NOW });
  assert.equal(more.table.rows.length, 10);
  const exact = await f.executor.run({ query: 'range x from 1 to 10 step 1', now: NOW });
  assert.deepEqual(exact.partial, []);
  assert.equal(exact.table.rows.length, 10);
});

test('a query that outlives its timeout returns a partial result instead of hanging', async (t) => {
  const f = await openQueryFixture(t, { timeoutMs: 200 });
  const out = await f.executor.run({ query: 'range x from 1 to 100000000000 step 1 | summarize sum(x % 7)', now: NOW });
  assert.deepEqual(out.partial, [{ kind: 'timeout', timeoutMs: 200 }]);
  assert.equal(out.table.rows.length, 0);
  // Prefer: wait asks for another limit, clamped to the maximum.
  const f2 = await openQueryFixture(t, { timeoutMs: 60_000, maxTimeoutMs: 300 });
  const out2 = await f2.executor.run({ query: 'range x from 1 to 100000000000 step 1 | summarize sum(x % 7)', waitSeconds: 600, now: NOW });
  assert.deepEqual(out2.partial, [{ kind: 'timeout', timeoutMs: 300 }]);
});

test('an aborted query fails as cancelled', async (t) => {
  const f = await openQueryFixture(t);
  const ac = new AbortController();
  const running = f.executor.run({ query: 'range x from 1 to 100000000000 step 1 | summarize sum(x % 7)', signal: ac.signal, now: NOW });
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(running, (e: unknown) => e instanceof QueryFailure && e.kind === 'cancelled');
});

test('syntax and semantic errors carry their line, column and token', async (t) => {
  const f = await eventsFixture(t);
  await assert.rejects(f.executor.run({ query: 'Events_CL\n| where Computer == ', now: NOW }), (e: unknown) => {
    assert.ok(e instanceof QueryFailure);
    assert.equal(e.kind, 'syntax');
    assert.equal(e.diagnostic?.line, 2);
    assert.match(e.diagnostic!.code, /^KQL1/);
    return true;
  });
  await assert.rejects(f.executor.run({ query: 'Events_CL | where Nope == 1', now: NOW }), (e: unknown) => {
    assert.ok(e instanceof QueryFailure);
    assert.equal(e.kind, 'semantic');
    assert.equal(e.diagnostic?.line, 1);
    assert.equal(e.diagnostic?.column, 19);
    assert.equal(e.diagnostic?.token, 'Nope');
    return true;
  });
  await assert.rejects(f.executor.run({ query: '   ', now: NOW }), (e: unknown) => e instanceof QueryFailure && e.kind === 'emptyQuery');
});

test('queries needing the dialect helpers run on every pooled connection, concurrently', async (t) => {
  const f = await eventsFixture(t);
  // `has` and tostring(real) use the dialect's session macros; more queries than pooled connections.
  const runs = Array.from({ length: 12 }, (_, i) => f.executor.run({ query: `Events_CL | where Computer has "web" | extend s = tostring(${i}.5) | project s, Computer | order by Computer asc`, now: NOW }));
  const outs = await Promise.all(runs);
  outs.forEach((o, i) => assert.deepEqual(o.table.rows, [[`${i}.5`, 'web-1'], [`${i}.5`, 'web-2']]));
});

test('render metadata is returned with the result', async (t) => {
  const f = await eventsFixture(t);
  const out = await f.executor.run({ query: "Events_CL | summarize count() by bin(TimeGenerated, 1d) | render timechart with (title='Events per day')", now: NOW });
  assert.equal(out.render?.visualization, 'timechart');
  assert.equal(out.render?.properties.title, 'Events per day');
});

test('evaluate bag_unpack and pivot run through the executor: their columns come from the rows the query reads (the timespan included)', async (t) => {
  const f = await eventsFixture(t);
  // bag_unpack-plugin.md: each property of the bag becomes a column; rows without it get null.
  const bags = await f.executor.run({ query: "Events_CL | where isnotnull(Props) | project Props | evaluate bag_unpack(Props) | project-reorder * asc", now: NOW });
  assert.deepEqual(bags.table.columns.map((c) => c.name), ['ips', 'n']);
  assert.deepEqual(bags.table.columns.map((c) => c.type), ['dynamic', 'dynamic']);
  // The second row's Props is an array, not a bag: it contributes no column and its row is kept with nulls.
  assert.deepEqual(bags.table.rows.map((r) => r.map((c) => (c === null ? null : JSON.parse(String(c))))), [[['10.0.0.1', '10.0.0.2'], 1], [null, null]]);
  // pivot-plugin.md: one column per distinct value of the pivot column, counts by the other columns.
  const pivot = await f.executor.run({ query: 'Events_CL | project Computer, Flag | evaluate pivot(Computer)', now: NOW, timespans: ['P1D'] });
  // The 2025-05-30 row (Computer empty) lies outside P1D, so the probe does not see it either.
  assert.deepEqual(pivot.table.columns.map((c) => c.name), ['Flag', 'web-1', 'web-2']);
  assert.equal(pivot.table.rows.length, 2);
});
