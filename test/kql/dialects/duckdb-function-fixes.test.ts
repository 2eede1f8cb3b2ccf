// Functions whose DuckDB translation was corrected against the documented behaviour; each
// expectation comes from the function's page in the Kusto reference (cited per test).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KqlRunner } from './run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

test('percentilesw: weighted nearest rank (percentilesw-aggregation-function.md)', async () => {
  const r = await k.run(`datatable (ReqCount:long, LatencyBucket:long) [8, 10, 6, 20, 3, 30, 1, 40]
| summarize percentilesw(LatencyBucket, ReqCount, 50, 75, 99.9), a = percentilesw_array(LatencyBucket, ReqCount, dynamic([50, 75, 99.9])), w = percentilew(LatencyBucket, ReqCount, 75)`);
  assert.deepEqual(r.rows, [[20n, 20n, 40n, [20, 20, 40], 20n]]);
});

test('range(): the default step of timespans and datetimes is 1h (range-function.md)', async () => {
  assert.deepEqual(await k.scalar('print range(1h, 3h)'), ['01:00:00', '02:00:00', '03:00:00']);
  assert.equal((await k.scalar('print array_length(range(datetime(2024-01-01), datetime(2024-01-02)))')), 25n);
});

test('bag_zip: values that are not an array give the string keys null (bag-zip.md)', async () => {
  assert.deepEqual(await k.scalar(`print bag_zip(dynamic(['a', 8, 'b']), dynamic(1))`), { a: null, b: null });
});

test('tohex: an int is 32-bit two\'s complement; a shorter minimum length is ignored (tohex-function.md)', async () => {
  const r = await k.run('print a = tohex(toint(-256), 8), b = tohex(256, 2), c = tohex(-256), d = tohex(256, 8)');
  assert.deepEqual(r.rows, [['ffffff00', '100', 'ffffffffffffff00', '00000100']]);
});

test('url_encode / url_encode_component: lower-case escapes, url_encode writes a space as + (url-encode-function.md)', async () => {
  const r = await k.run(`print a = url_encode('https://www.bing.com/hello world'), b = url_encode_component('https://www.bing.com/hello world')`);
  assert.deepEqual(r.rows, [['https%3a%2f%2fwww.bing.com%2fhello+world', 'https%3a%2f%2fwww.bing.com%2fhello%20world']]);
});

test('datetime_local_to_utc: a local time in the spring-forward gap takes the later offset (datetime-local-to-utc-function.md)', async () => {
  const r = await k.run(`print a = datetime_local_to_utc(datetime(2022-03-27 02:00), 'Europe/Brussels'),
  b = datetime_local_to_utc(datetime(2022-03-27 01:00), 'Europe/Brussels'), c = datetime_local_to_utc(datetime(2022-03-27 03:00), 'Europe/Brussels')`);
  assert.deepEqual(r.rows, [['2022-03-27T00:00:00.000000Z', '2022-03-27T00:00:00.000000Z', '2022-03-27T01:00:00.000000Z']]);
});

test('series_fill_linear: interpolation, edges, constant for an all-missing series (series-fill-linear-function.md)', async () => {
  const r = await k.run(`print a = series_fill_linear(dynamic([null, 111, null, 36, 41, null, null, 16, 61, 33, null, null])),
  b = series_fill_linear(dynamic([null, 111, null, 36]), double(null), false),
  c = series_fill_linear(dynamic([null, null]), double(null), true, 3.5),
  d = series_fill_linear(dynamic([1.5, -1, 2.5]), -1)`);
  assert.deepEqual(r.rows, [[[111, 111, 73, 36, 41, 32, 24, 16, 61, 33, 33, 33], [null, 111, 73, 36], [3.5, 3.5], [1.5, 2, 2.5]]]);
});

test('todatetime: a UTC offset converts to UTC (datetime.md: offsets; as the row evaluator)', async () => {
  const r = await k.run('print a = todatetime("2023-01-31T16:39:29.737+02:00"), b = todatetime("2023-01-31T16:39:29-05:30"), c = todatetime("2023-01-31 16:39:29"), d = todatetime("2023-01-31T16:39:29Z"), e = todatetime("2023-01-31T16:39:29+0200"), f = todatetime("2015-12-31")');
  assert.deepEqual(r.rows, [['2023-01-31T14:39:29.737000Z', '2023-01-31T22:09:29.000000Z', '2023-01-31T16:39:29.000000Z', '2023-01-31T16:39:29.000000Z', '2023-01-31T14:39:29.000000Z', '2015-12-31T00:00:00.000000Z']]);
});

test('numbers of a dynamic boolean are 1 and 0 (bool.md: "true (1), false (0)"); of a dynamic string "true", null', async () => {
  const r = await k.run('print d = dynamic({"a": true, "b": false, "s": "true", "n": "12"}) | project toint(d.a), tolong(d.b), toreal(d.a), toreal(d.s), toint(d.n), x = toreal(dynamic(true)), y = tolong(todynamic("false"))');
  assert.deepEqual(r.rows, [[1, 0n, 1, null, 12, 1, 0n]]);
});

test('indexof with start, length and occurrence (indexof-function.md examples)', async () => {
  const r = await k.run('print a = indexof("abcdefgabcdefg", "cde", 1, 10, 2), b = indexof("abcdefgabcdefg", "cde", 1, -1, 3), c = indexof("abcdefg", "cde", -5), d = indexof("aaaa", "aa", 0, -1, 3), e = indexof("abc", "b", 0, -1, 0), f = indexof("abc", "b", 0, -2)');
  // d: occurrences overlap (0, 1, 2); e: an occurrence below 1 and f: a length below -1 give null.
  assert.deepEqual(r.rows, [[9n, -1n, 2n, 2n, null, null]]);
});
