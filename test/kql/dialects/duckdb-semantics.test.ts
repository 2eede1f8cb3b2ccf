// The semantic rules of spec/kql.md §4 (S1–S15), each executed end to end: KQL → Vigil's compiler
// → DuckDB. Expected values are the ones the rules (and the Kusto docs they cite) state.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KqlRunner } from './run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

describe('S1 join defaults to innerunique, with suffix 1 for duplicate right columns', () => {
  const L = 'datatable(Key:long, Left:string)[1, "a", 1, "b", 2, "c"]';
  const R = 'datatable(Key:long, Right:string)[1, "x", 1, "y", 2, "z"]';
  test('the left side is de-duplicated on the key before the inner join', async () => {
    // innerunique: one left row per key (2) → k=1 matches 2 right rows, k=2 one: 3 rows (a SQL inner join gives 5).
    assert.equal(await k.scalar(`${L} | join (${R}) on Key | count`), 3n);
    assert.equal(await k.scalar(`${L} | join kind=inner (${R}) on Key | count`), 5n);
  });
  test('the right key column is kept with suffix 1', async () => {
    const r = await k.run(`${L} | join (${R}) on Key | where Key == 2`);
    assert.deepEqual(r.columns.map((c) => c.name), ['Key', 'Left', 'Key1', 'Right']);
    assert.deepEqual(r.rows, [[2n, 'c', 2n, 'z']]);
  });
  test('leftouter, leftanti, rightanti, leftsemi', async () => {
    const A = 'datatable(Id:string, V:long)["a", 1, "b", 2]';
    const B = 'datatable(Id:string, W:long)["b", 20, "c", 30]';
    assert.deepEqual((await k.run(`${A} | join kind=leftouter (${B}) on Id | sort by Id asc`)).rows, [['a', 1n, '', null], ['b', 2n, 'b', 20n]]);
    assert.deepEqual((await k.run(`${A} | join kind=leftanti (${B}) on Id`)).rows, [['a', 1n]]);
    assert.deepEqual((await k.run(`${A} | join kind=rightanti (${B}) on Id`)).rows, [['c', 30n]]);
    assert.deepEqual((await k.run(`${A} | join kind=leftsemi (${B}) on Id`)).rows, [['b', 2n]]);
    assert.deepEqual((await k.run(`${A} | join kind=inner (${B}) on $left.Id == $right.Id`)).rows, [['b', 2n, 'b', 20n]]);
  });
});

describe('S2 case rules of string operators', () => {
  test('== and in are case-sensitive; =~ and in~ are not', async () => {
    assert.equal(await k.scalar('print "ABC" == "abc"'), false);
    assert.equal(await k.scalar('print "ABC" =~ "abc"'), true);
    assert.equal(await k.scalar('print "ABC" !~ "abc"'), false);
    assert.equal(await k.scalar('print "ABC" in ("abc", "x")'), false);
    assert.equal(await k.scalar('print "ABC" in~ ("abc", "x")'), true);
    assert.equal(await k.scalar('print "ABC" !in~ ("abc")'), false);
  });
  test('contains/startswith/endswith ignore case; the _cs forms do not', async () => {
    assert.equal(await k.scalar('print "Hello World" contains "WORLD"'), true);
    assert.equal(await k.scalar('print "Hello World" contains_cs "WORLD"'), false);
    assert.equal(await k.scalar('print "Hello World" startswith "hello"'), true);
    assert.equal(await k.scalar('print "Hello World" startswith_cs "hello"'), false);
    assert.equal(await k.scalar('print "Hello World" endswith "WORLD"'), true);
    assert.equal(await k.scalar('print "Hello World" endswith_cs "WORLD"'), false);
    assert.equal(await k.scalar('print "Hello World" !contains "xyz"'), true);
  });
  test('has ignores case; has_cs does not', async () => {
    assert.equal(await k.scalar('print "Hello World" has "world"'), true);
    assert.equal(await k.scalar('print "Hello World" has_cs "world"'), false);
    assert.equal(await k.scalar('print "Hello World" has_cs "World"'), true);
  });
  test('matches regex is case-sensitive', async () => {
    assert.equal(await k.scalar('print "ABC" matches regex "a.c"'), false);
    assert.equal(await k.scalar('print "abc" matches regex "a.c"'), true);
  });
});

describe('S3 has matches whole terms', () => {
  test('a term inside a longer run of letters is not a match', async () => {
    assert.equal(await k.scalar('print "KustoExplorerQueryRun" has "Explorer"'), false);
    assert.equal(await k.scalar('print "KustoExplorerQueryRun" contains "Explorer"'), true);
    assert.equal(await k.scalar('print "Kusto Explorer query" has "explorer"'), true);
    assert.equal(await k.scalar('print "user@contoso.com logged" has "contoso"'), true);
  });
  test('hasprefix and hassuffix apply at term level', async () => {
    assert.equal(await k.scalar('print "North America" hasprefix "amer"'), true);
    assert.equal(await k.scalar('print "North America" hasprefix "rica"'), false);
    assert.equal(await k.scalar('print "North America" hassuffix "rica"'), true);
    assert.equal(await k.scalar('print "North America" hassuffix "amer"'), false);
  });
  test('has_any and has_all', async () => {
    assert.equal(await k.scalar('print "alpha beta gamma" has_any ("delta", "beta")'), true);
    assert.equal(await k.scalar('print "alpha beta gamma" has_all ("alpha", "gamma")'), true);
    assert.equal(await k.scalar('print "alpha beta gamma" has_all ("alpha", "delta")'), false);
    assert.equal(await k.scalar('print "alpha beta gamma" has_any (dynamic(["x", "GAMMA"]))'), true);
  });
});

describe('S4 strings are never null; null comparisons', () => {
  test('tostring(null) is the empty string', async () => {
    assert.equal(await k.scalar('print tostring(long(null))'), '');
    assert.equal(await k.scalar('print isempty(tostring(long(null)))'), true);
    assert.equal(await k.scalar('print isnull("")'), false);
  });
  test('a missing string value reads as ""', async () => {
    const r = await k.run('datatable(a:string, b:long)["x", 1] | join kind=leftouter (datatable(b:long, c:string)[2, "y"]) on b | project c, isempty(c)');
    assert.deepEqual(r.rows, [['', true]]);
  });
  test('null == x is false, null != x is true, null == null is null', async () => {
    const r = await k.run('print a = long(null) == 1, b = long(null) != 1, c = long(null) == long(null)');
    assert.deepEqual(r.rows, [[false, true, null]]);
  });
  test('where drops rows whose predicate is null', async () => {
    assert.equal(await k.scalar('datatable(v:long)[1, long(null), 3] | where v > 1 | count'), 1n);
    assert.equal(await k.scalar('datatable(v:long)[1, long(null), 3] | where v != 1 | count'), 2n);
  });
});

describe('S5 aggregates ignore nulls; empty-input summarize', () => {
  const EMPTY = 'datatable(a:string, v:long)[]';
  test('without by: one row of defaults', async () => {
    const r = await k.run(`${EMPTY} | summarize count(), countif(v > 0), dcount(a), sum(v), make_set(a), make_list(v), max(v), avg(v)`);
    assert.deepEqual(r.rows, [[0n, 0n, 0n, 0n, [], [], null, null]]);
  });
  test('with by: no rows', async () => {
    assert.deepEqual((await k.run(`${EMPTY} | summarize count() by a`)).rows, []);
  });
  test('nulls are ignored', async () => {
    const r = await k.run('datatable(v:long)[1, long(null), 3] | summarize avg(v), max(v), make_list(v), dcount(v)');
    assert.deepEqual(r.rows, [[2, 3n, [1, 3], 2n]]);
  });
});

describe('S7 sorting', () => {
  const T = 'datatable(v:long)[2, long(null), 3, 1]';
  test('sort defaults to descending with nulls last', async () => {
    assert.deepEqual((await k.run(`${T} | sort by v`)).rows, [[3n], [2n], [1n], [null]]);
  });
  test('ascending puts nulls first', async () => {
    assert.deepEqual((await k.run(`${T} | sort by v asc`)).rows, [[null], [1n], [2n], [3n]]);
  });
  test('explicit nulls placement', async () => {
    assert.deepEqual((await k.run(`${T} | order by v asc nulls last`)).rows, [[1n], [2n], [3n], [null]]);
  });
  test('top N by x = sort by x | take N', async () => {
    assert.deepEqual((await k.run(`${T} | top 2 by v`)).rows, [[3n], [2n]]);
    assert.deepEqual((await k.run(`${T} | sort by v desc | take 2`)).rows, [[3n], [2n]]);
  });
  test('order survives later filters and projections', async () => {
    assert.deepEqual((await k.run(`${T} | sort by v asc | where isnotnull(v) | extend w = v * 10 | project w`)).rows, [[10n], [20n], [30n]]);
  });
});

describe('S8 arithmetic', () => {
  test('integer division truncates; a real operand gives real', async () => {
    assert.equal(await k.scalar('print 1 / 2'), 0n);
    assert.equal(await k.scalar('print -7 / 2'), -3n);
    assert.equal(await k.scalar('print 1.0 / 2'), 0.5);
  });
  test('modulo is never negative', async () => {
    assert.equal(await k.scalar('print -14 % 12'), 10n);
    assert.equal(await k.scalar('print 14 % -12'), 2n);
  });
  test('timespan / timespan is real', async () => {
    assert.equal(await k.scalar('print 10m / 1s'), 600);
  });
  test('datetime - datetime is a timespan; datetime + timespan a datetime', async () => {
    assert.equal(await k.scalar('print datetime(2020-01-02) - datetime(2020-01-01) == 1d'), true);
    assert.equal(await k.scalar('print datetime(2020-01-01) + 36h'), '2020-01-02T12:00:00.000000Z');
  });
});

describe('S9 literals and now()', () => {
  test('timespan literal units', async () => {
    const r = await k.run('print tolong(2d), tolong(1.5h), tolong(30m), tolong(10s), tolong(100ms), tolong(10microsecond), tolong(1tick), tolong(time(0s))');
    assert.deepEqual(r.rows, [[1728000000000n, 54000000000n, 18000000000n, 100000000n, 1000000n, 100n, 1n, 0n]]);
  });
  test('datetime literal forms', async () => {
    assert.equal(await k.scalar('print datetime(2015-12-31 23:59:59.9)'), '2015-12-31T23:59:59.900000Z');
    assert.equal(await k.scalar('print datetime(2015-12-31)'), '2015-12-31T00:00:00.000000Z');
    assert.equal(await k.scalar('print isnull(datetime(null))'), true);
  });
  test('dynamic literals', async () => {
    assert.deepEqual(await k.scalar('print dynamic({"a": [1, "x", {"b": null}]})'), { a: [1, 'x', { b: null }] });
  });
  test('now() is fixed for the whole query; ago(x) = now() - x', async () => {
    assert.equal(await k.scalar('range x from 1 to 1000 step 1 | extend n = now() | summarize dcount(n)'), 1n);
    assert.equal(await k.scalar('print ago(1h) == now() - 1h'), true);
  });
});

describe('S10 bin floors to a multiple of its size', () => {
  test('numbers, negative values and datetimes', async () => {
    const r = await k.run('print bin(4.5, 1), bin(7, 5), bin(-7, 5), bin(datetime(1970-05-11 13:45:07), 1d), bin(time(16h), 1d)');
    assert.deepEqual(r.rows, [[4, 5n, -10n, '1970-05-11T00:00:00.000000Z', 0n]]);
  });
  test('null value or non-positive size gives null', async () => {
    const r = await k.run('print bin(long(null), 5), bin(7, -1), bin(7, 0)');
    assert.deepEqual(r.rows, [[null, null, null]]);
  });
  test('summarize by bin(TimeGenerated, 1h) keeps the column name', async () => {
    const r = await k.run('datatable(TimeGenerated:datetime)[datetime(2020-01-01 10:15), datetime(2020-01-01 10:45), datetime(2020-01-01 11:05)] | summarize count() by bin(TimeGenerated, 1h) | sort by TimeGenerated asc');
    assert.deepEqual(r.columns.map((c) => c.name), ['TimeGenerated', 'count_']);
    assert.deepEqual(r.rows, [['2020-01-01T10:00:00.000000Z', 2n], ['2020-01-01T11:00:00.000000Z', 1n]]);
  });
});

describe('S11 dynamic values', () => {
  const D = 'print d = dynamic({"s": "text", "n": 5, "bag": {"x": 1}, "arr": [1, 2]})';
  test('member access is dynamic; a missing key is null', async () => {
    const r = await k.run(`${D} | project a = d.s, b = d["n"], c = d.nokey, e = isnull(d.nokey), f = d.arr[-1]`);
    assert.deepEqual(r.rows, [['text', 5, null, true, 2]]);
  });
  test('tostring of a dynamic string is the raw text; of a bag its compact JSON', async () => {
    const r = await k.run(`${D} | project tostring(d.s), tostring(d.bag), tostring(d.n)`);
    assert.deepEqual(r.rows, [['text', '{"x":1}', '5']]);
  });
  test('parse_json of non-JSON text is a string value', async () => {
    assert.equal(await k.scalar('print tostring(parse_json("not json"))'), 'not json');
    assert.equal(await k.scalar('print gettype(parse_json("not json"))'), 'string');
  });
  test('mv-expand: one row per element, dynamic unless typed', async () => {
    const r = await k.run('print a = "k", arr = dynamic([1, 2, 3]) | mv-expand arr to typeof(long) | summarize sum(arr), count()');
    assert.deepEqual(r.rows, [[6n, 3n]]);
    const bag = await k.run('print b = dynamic({"x": 1, "y": 2}) | mv-expand b');
    assert.deepEqual(bag.rows, [[{ x: 1 }], [{ y: 2 }]]);
  });
});

describe('S12 in and between', () => {
  test('in accepts a dynamic array (flattened) and a tabular expression', async () => {
    assert.equal(await k.scalar('print 2 in (dynamic([1, 2]), 5)'), true);
    assert.equal(await k.scalar('let T = datatable(x:long)[7, 8]; print 8 in (T)'), true);
    assert.equal(await k.scalar('let T = datatable(x:string)["A"]; print "a" in~ (T)'), true);
  });
  test('between is inclusive on both ends', async () => {
    assert.equal(await k.scalar('print 5 between (1 .. 5)'), true);
    assert.equal(await k.scalar('print 1 between (1 .. 5)'), true);
    assert.equal(await k.scalar('print 6 !between (1 .. 5)'), true);
    assert.equal(await k.scalar('print datetime(2020-01-02) between (datetime(2020-01-01) .. 1d)'), true);
  });
});

describe('S13 dcount', () => {
  test('is exact for small cardinalities', async () => {
    assert.equal(await k.scalar('range x from 1 to 1000 step 1 | summarize dcount(x % 37)'), 37n);
  });
});

describe('S14 extend onto an existing name replaces the column in place', () => {
  test('position kept, value replaced', async () => {
    const r = await k.run('print a = 1, b = 2 | extend a = 5');
    assert.deepEqual(r.columns.map((c) => c.name), ['a', 'b']);
    assert.deepEqual(r.rows, [[5n, 2n]]);
  });
});

describe('S15 implicit comparison coercion', () => {
  test('a string column compared with numbers compares as a number', async () => {
    const T = 'datatable(ResultType:string)["0", "50126", "abc"]';
    assert.equal(await k.scalar(`${T} | where ResultType == 0 | count`), 1n);
    assert.equal(await k.scalar(`${T} | where ResultType in (50126, 50053) | count`), 1n);
    assert.equal(await k.scalar(`${T} | where ResultType != 0 | count`), 2n);
  });
});
