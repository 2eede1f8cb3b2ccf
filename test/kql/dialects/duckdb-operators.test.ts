// Tabular operators end to end on DuckDB (P0/P1 of spec/kql.md §1.2). Expected results follow the
// operators' documented semantics.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KqlRunner } from './run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

const Logins = `datatable(User:string, App:string, Ok:bool, At:datetime)[
  "ann", "mail", true, datetime(2024-01-01 08:00),
  "ann", "mail", false, datetime(2024-01-01 09:00),
  "bob", "crm", true, datetime(2024-01-01 10:00),
  "ann", "crm", true, datetime(2024-01-02 08:00)]`;

test('union withsource names each row\'s input', async () => {
  const r = await k.run('let A = print x = 1; let B = print x = 2; union withsource=Src A, B | sort by x asc');
  assert.deepEqual(r.rows, [['A', 1n], ['B', 2n]]);
});

test('lookup adds right columns and keeps unmatched left rows', async () => {
  const r = await k.run(`${Logins} | summarize n = count() by User | lookup (datatable(User:string, Dept:string)["ann", "ops"]) on User | sort by User asc`);
  assert.deepEqual(r.columns.map((c) => c.name), ['User', 'n', 'Dept']);
  assert.deepEqual(r.rows, [['ann', 3n, 'ops'], ['bob', 1n, '']]);
});

test('mv-expand with_itemindex numbers the elements from 0', async () => {
  const r = await k.run('print a = dynamic(["x", "y"]) | mv-expand with_itemindex=i a to typeof(string)');
  assert.deepEqual(r.rows, [['x', 0n], ['y', 1n]]);
});

test('mv-apply runs the sub-query per input row', async () => {
  const r = await k.run('datatable(id:long, xs:dynamic)[1, dynamic([3, 1, 2]), 2, dynamic([5])] | mv-apply x = xs to typeof(long) on (top 1 by x) | project id, x | sort by id asc');
  assert.deepEqual(r.rows, [[1n, 3n], [2n, 5n]]);
});

test('make-series fills missing bins with the default', async () => {
  const r = await k.run(`${Logins} | make-series n = count() default = 0 on At from datetime(2024-01-01) to datetime(2024-01-03) step 1d by User | sort by User asc`);
  assert.deepEqual(r.rows, [
    ['ann', [2, 1], ['2024-01-01T00:00:00.0000000Z', '2024-01-02T00:00:00.0000000Z']],
    ['bob', [1, 0], ['2024-01-01T00:00:00.0000000Z', '2024-01-02T00:00:00.0000000Z']],
  ]);
});

test('parse: simple pattern with typed columns; parse-where drops non-matching rows', async () => {
  const T = 'datatable(s:string)["user=ann id=7", "garbage"]';
  assert.deepEqual((await k.run(`${T} | parse s with "user=" u " id=" id:long | project u, id`)).rows, [['ann', 7n], ['', null]]);
  assert.deepEqual((await k.run(`${T} | parse-where s with "user=" u " id=" id:long | project u, id`)).rows, [['ann', 7n]]);
  assert.deepEqual((await k.run(`${T} | parse kind=regex s with @"user=(\\w)" rest " " * | project rest`)).rows, [['nn'], ['']]);
});

test('evaluate bag_unpack: one column per property (found by a schema probe), sorted', async () => {
  const r = await k.run('datatable(d:dynamic)[dynamic({"b": 1, "a": "x"}), dynamic({"c": true})] | evaluate bag_unpack(d)');
  assert.deepEqual(r.columns.map((c) => c.name), ['a', 'b', 'c']);
  assert.deepEqual(r.rows, [['x', 1, null], [null, null, true]]);
});

test('evaluate pivot: one column per value, count() by default', async () => {
  const r = await k.run(`${Logins} | project User, App | evaluate pivot(App) | sort by User asc`);
  assert.deepEqual(r.columns.map((c) => c.name), ['User', 'crm', 'mail']);
  assert.deepEqual(r.rows, [['ann', 1n, 2n], ['bob', 1n, 0n]]);
});

test('serialize with row_number, prev and next', async () => {
  const r = await k.run('range x from 1 to 3 step 1 | serialize rn = row_number(), p = prev(x), n = next(x, 1, -1)');
  assert.deepEqual(r.rows, [[1n, 1n, null, 2n], [2n, 2n, 1n, 3n], [3n, 3n, 2n, -1n]]);
});

test('distinct, count, take, project-away/-rename/-reorder', async () => {
  assert.equal(await k.scalar(`${Logins} | distinct User, App | count`), 3n);
  assert.equal(await k.scalar(`${Logins} | take 2 | count`), 2n);
  const r = await k.run(`${Logins} | project-away Ok, At | project-rename Who = User | project-reorder App | take 1`);
  assert.deepEqual(r.columns.map((c) => c.name), ['App', 'Who']);
});

test('let functions with tabular parameters and materialize', async () => {
  const q = `let ok = (T:(Ok:bool)) { T | where Ok };
             let M = materialize(${Logins});
             ok(M) | summarize count() by User | sort by User asc`;
  assert.deepEqual((await k.run(q)).rows, [['ann', 2n], ['bob', 1n]]);
});

test('in with a let-bound table (Sentinel idiom)', async () => {
  const q = `let VIP = datatable(U:string)["ANN"]; ${Logins} | where User in~ (VIP) | count`;
  assert.equal(await k.scalar(q), 3n);
});

test('externaldata reads only URIs the caller maps to files, converting each column', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kql-'));
  try {
    writeFileSync(join(dir, 'roles.csv'), 'Role,Id,Since\nReader,1,2024-01-02T00:00:00Z\n"Owner, Global",2,2024-01-03T00:00:00Z\n');
    writeFileSync(join(dir, 'apps.json'), '{"AppId":"a1","Count":3}\n{"AppId":"a2","Count":4}\n');
    const files: Record<string, string> = {
      'https://example.org/roles.csv': join(dir, 'roles.csv'),
      'https://example.org/apps.json': join(dir, 'apps.json'),
    };
    const opts = { externalData: (u: string) => files[u] };
    const csv = await k.runWith('externaldata(Role:string, Id:long, Since:datetime)[@"https://example.org/roles.csv"] with (format="csv", ignoreFirstRecord=true) | sort by Id asc', opts);
    assert.deepEqual(csv.rows, [['Reader', 1n, '2024-01-02T00:00:00.000000Z'], ['Owner, Global', 2n, '2024-01-03T00:00:00.000000Z']]);
    const json = await k.runWith("externaldata(AppId:string, Count:int)[h'https://example.org/apps.json'] with (format='multijson') | summarize sum(Count)", opts);
    assert.deepEqual(json.rows, [[7n]]);
    const denied = k.compileWith('externaldata(a:string)["https://elsewhere.example/x.csv"]', opts);
    assert.equal(denied.diagnostics[0]?.code, 'KQL2026');
    assert.equal(k.compileWith('externaldata(a:string)["https://example.org/roles.csv"]', {}).diagnostics[0]?.code, 'KQL2005');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('top-nested keeps the top groups level by level', async () => {
  const T = 'datatable(State:string, Source:string, D:long)["TX","a",5, "TX","b",7, "TX","a",1, "CA","c",9, "CA","c",1, "NY","a",1]';
  const r = await k.run(`${T} | top-nested 2 of State by sum(D), top-nested 1 of Source by count() | sort by State asc`);
  assert.deepEqual(r.columns.map((c) => c.name), ['State', 'aggregated_State', 'Source', 'aggregated_Source']);
  assert.deepEqual(r.rows, [['CA', 10n, 'c', 2n], ['TX', 13n, 'a', 2n]]);
});

test('search: bare terms match any string column; several tables give $table', async () => {
  const { staticSchema } = await import('../../../src/kql/index.js');
  const schema = staticSchema([
    { name: 'A', columns: [{ name: 'Msg', type: 'string' }, { name: 'N', type: 'long' }] },
    { name: 'B', columns: [{ name: 'Text', type: 'string' }] },
  ]);
  await k.con.run(`CREATE TABLE "A" ("Msg" VARCHAR, "N" BIGINT); INSERT INTO "A" VALUES ('login failed', 1), ('ok', 2)`);
  await k.con.run(`CREATE TABLE "B" ("Text" VARCHAR); INSERT INTO "B" VALUES ('user FAILED twice'), ('fine')`);
  try {
    const r = await k.run('search "failed" | project $table, N, Msg, Text | sort by $table asc', schema);
    assert.deepEqual(r.rows, [['A', 1n, 'login failed', ''], ['B', null, '', 'user FAILED twice']]);
    assert.equal((await k.run('A | search "fail*"', schema)).rows.length, 1);
    assert.equal((await k.run('search kind=case_sensitive in (B) "failed"', schema)).rows.length, 0);
    assert.deepEqual((await k.run('search * | distinct $table | sort by $table asc', schema)).rows, [['A'], ['B']]);
  } finally {
    await k.con.run('DROP TABLE "A"; DROP TABLE "B"');
  }
});

test('in / !in / has_any against a let-bound table (watchlist idiom)', async () => {
  const T = 'datatable(Msg:string, N:long)["alpha beta", 1, "gamma", 2, "delta", long(null)]';
  const W = 'let W = datatable(Term:string, V:long)["beta", 1, "GAMMA", long(null)];';
  assert.equal(await k.scalar(`${W} ${T} | where Msg has_any (W) | count`), 2n);
  assert.equal(await k.scalar(`${W} ${T} | where N !in ((W | project V)) | count`), 2n);
  assert.equal(await k.scalar(`${W} ${T} | where N in ((W | project V)) | count`), 1n);
});

test('partition by runs the sub-query per key value', async () => {
  const T = 'datatable(k:string, v:long)["a", 1, "a", 5, "b", 2, "b", 3, "b", 9]';
  const r = await k.run(`${T} | partition by k (top 2 by v | summarize s = sum(v), n = count()) | sort by s asc`);
  assert.deepEqual(r.columns.map((c) => c.name), ['s', 'n']);
  assert.deepEqual(r.rows, [[6n, 2n], [12n, 2n]]);
});
