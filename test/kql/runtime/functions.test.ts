// Scalar functions through the row evaluator, with expected values from the Kusto reference pages
// (the function's own examples) and from the official analyzer where noted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateQuery, type QueryResult } from '../../../src/kql/runtime/transform/evaluate-query.js';
import { formatDatetime } from '../../../src/kql/runtime/datetime.js';
import { formatTimespan } from '../../../src/kql/runtime/timespan.js';
import { formatDynamic } from '../../../src/kql/runtime/dynamic.js';
import type { Dynamic, KqlValue } from '../../../src/kql/runtime/types.js';

function run(kql: string): QueryResult {
  const r = evaluateQuery(kql);
  if ('diagnostics' in r) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return r;
}

/** The single row of a print query, each value in its KQL string form. */
function row(kql: string): string[] {
  const r = run(kql);
  assert.equal(r.rows.length, 1);
  return r.rows[0].map((v, i) => text(v, r.columns[i].type));
}

function text(v: KqlValue, type: string): string {
  if (v === null) return 'null';
  if (type === 'datetime') return formatDatetime(v as bigint);
  if (type === 'timespan') return formatTimespan(v as bigint);
  if (type === 'dynamic') return formatDynamic(v as Dynamic);
  return String(v);
}

test('countof (countof-function.md): plain matches overlap, regex matches do not', () => {
  assert.deepEqual(
    row('print countof("aaa", "a"), countof("aaaa", "aa"), countof("ababa", "ab", "normal"), countof("ababa", "aba"), countof("ababa", "aba", "regex"), countof("abcabc", "a.c", "regex")'),
    ['3', '3', '2', '2', '1', '2'],
  );
});

test('substring (substring-function.md)', () => {
  assert.deepEqual(row('print substring("123456", 1), substring("123456", 2, 2), substring("ABCD", 0, 2), substring("123456", -2, 2)'), ['23456', '34', 'AB', '56']);
});

test('round (round-function.md): half away from zero on the written decimal, negative precision', () => {
  assert.deepEqual(row('print round(2.98765, 3), round(2.15, 1), round(2.15), round(-50.55, -2), round(21.5, -1)'), ['2.988', '2.2', '2', '-100', '20']);
});

test('trim (trim-function.md)', () => {
  assert.deepEqual(row('let string_to_trim = @"--https://bing.com--"; let substring = "--"; print trimmed_string = trim(substring,string_to_trim)'), ['https://bing.com']);
  assert.deepEqual(row('print trim(@"[^\\w]+", strcat("-  ","Te st",1,@"// $"))'), ['Te st1']);
  assert.deepEqual(row('print trim(@"\\s+", @"    Hello, world!    ")'), ['Hello, world!']);
});

test('startofweek (startofweek-function.md): weeks start on Sunday; offsets move by weeks', () => {
  assert.deepEqual(
    row('print startofweek(datetime(2017-01-01 10:10:17), -1), startofweek(datetime(2017-01-01 10:10:17)), startofweek(datetime(2017-01-01 10:10:17), 1)'),
    ['2016-12-25T00:00:00.0000000Z', '2017-01-01T00:00:00.0000000Z', '2017-01-08T00:00:00.0000000Z'],
  );
  // The page's "week from Monday" user function over a datatable.
  const r = run(`let startofweekFromMonday = (dateArg: datetime) {
    datetime_add('day', 1, startofweek(datetime_add('day', -1, dateArg)))
};
let data=datatable(Date: datetime, day: string)
[
datetime(2025, 6, 14), "Saturday",
datetime(2025, 6, 15), "Sunday",
datetime(2025, 6, 16), "Monday",
datetime(2025, 6, 17), "Tuesday"
];
data
| extend MondayWeek=startofweekFromMonday(Date)`);
  assert.deepEqual(r.rows.map((x) => formatDatetime(x[2] as bigint).slice(0, 10)), ['2025-06-09', '2025-06-09', '2025-06-16', '2025-06-16']);
});

test('replace_string and the legacy replace(regex, rewrite, source)', () => {
  // replace_string-function.md: 'Number is 1' → 'Number was 1'
  assert.deepEqual(row("print replace_string('Number is 1', 'is', 'was')"), ['Number was 1']);
  // The official analyzer's signature of replace is (regex, rewrite, source); \\1 refers to a group.
  assert.deepEqual(row('print replace(";", " ", "a;b;c"), replace(@"(\\d+)-(\\d+)", @"\\2-\\1", "12-34")'), ['a b c', '34-12']);
});

test('conversions: null on failure, tostring never null', () => {
  assert.deepEqual(row('print toint("abc"), tolong("12"), todouble("1.5"), tobool("TRUE"), tobool("yes"), toguid("nope"), tostring(int(null)), totimespan("1.02:03:04")'), [
    'null', '12', '1.5', 'true', 'null', 'null', '', '1.02:03:04',
  ]);
  assert.deepEqual(row('print todatetime("2015-12-31 23:59:59.9"), todatetime("not a date")'), ['2015-12-31T23:59:59.9000000Z', 'null']);
});

test('null semantics (null-values.md, spec S4): comparisons, arithmetic, isempty/isnull', () => {
  assert.deepEqual(row('print int(null) == int(null), 5 == int(null), 5 != int(null), int(null) + 1, isnull(""), isempty(""), isempty(int(null)), isnotempty("a")'), [
    'null', 'false', 'true', 'null', 'false', 'true', 'true', 'true',
  ]);
});

test('dynamic functions: pack, pack_array, array_concat, zip, parse_xml (parse-xml-function.md table)', () => {
  assert.deepEqual(row('print pack("a", 1, "b", "x"), pack_array(1, "two", datetime(2020-01-01)), array_concat(dynamic([1,2]), dynamic([3]))'), [
    '{"a":1,"b":"x"}', '[1,"two","2020-01-01T00:00:00.0000000Z"]', '[1,2,3]',
  ]);
  assert.deepEqual(
    row('print parse_xml("<e/>"), parse_xml("<e>text</e>"), parse_xml(\'<e name="value" />\'), parse_xml(\'<e name="value">text</e>\'), parse_xml("<e> <a>text</a> <b>text</b> </e>"), parse_xml("<e> <a>text</a> <a>text</a> </e>"), parse_xml("<e> text <a>text</a> </e>")'),
    ['{"e":null}', '{"e":"text"}', '{"e":{"@name":"value"}}', '{"e":{"@name":"value","#text":"text"}}', '{"e":{"a":"text","b":"text"}}', '{"e":{"a":["text","text"]}}', '{"e":{"#text":"text","a":"text"}}'],
  );
  assert.deepEqual(row('print parse_xml("<unclosed>")'), ['null']);
});

test('string functions: strcat with non-strings, split with index, extract with typeof, base64 round trip', () => {
  assert.deepEqual(row('print strcat("a", 1, 2.5, true), split("aaa_bbb_ccc", "_", 1), extract("(\\\\d+)", 1, "x42y", typeof(long)), base64_decodestring(base64_encodestring("Kusto ✓"))'), [
    'a12.5true', '["bbb"]', '42', 'Kusto ✓',
  ]);
});

test('datetime and timespan arithmetic', () => {
  assert.deepEqual(row('print datetime(2020-01-01) + 1d, datetime(2020-01-02) - datetime(2020-01-01), 1h * 2, 1d / 1h, -1h, 5 * 4s'), [
    '2020-01-02T00:00:00.0000000Z', '1.00:00:00', '02:00:00', '24', '-01:00:00', '00:00:20',
  ]);
  assert.deepEqual(row('print endofday(datetime(2017-01-01 10:10:17)), endofmonth(datetime(2017-02-10)), startofyear(datetime(2017-06-01)), weekofyear(datetime(2020-12-31))'), [
    '2017-01-01T23:59:59.9999999Z', '2017-02-28T23:59:59.9999999Z', '2017-01-01T00:00:00.0000000Z', '53',
  ]);
});
