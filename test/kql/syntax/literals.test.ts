// Literal forms and their parsed values. Expected values are computed independently here (plain
// arithmetic on the documented unit lengths, JavaScript's Date.UTC for calendar dates) from the
// forms listed on the Kusto reference pages for timespan, datetime, string, dynamic, guid, real.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DynamicValue, Literal } from '../../../src/kql/syntax/index.js';
import { exprOf, firstError } from './helpers.js';
import { parse } from '../../../src/kql/syntax/index.js';
import { compileQuery, duckdbDialect, emptySchema } from '../../../src/kql/index.js';

const TICK = 1n;
const MICRO = 10n * TICK;
const MS = 1000n * MICRO;
const SEC = 1000n * MS;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const DAY = 24n * HOUR;

function literal(expr: string): Literal {
  const e = exprOf(expr);
  assert.equal(e.kind, 'Literal', `${expr} is not a literal`);
  return e as Literal;
}

function valueOf(expr: string): unknown {
  return literal(expr).value;
}

/** Ticks since the Unix epoch from calendar fields (month 1-based), plus sub-millisecond ticks. */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ticksAfterSecond = 0): bigint {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return BigInt(date.getTime()) * 10_000n + BigInt(ticksAfterSecond);
}

test('timespan suffix literals, every unit', () => {
  const cases: Array<[string, bigint]> = [
    ['2d', 2n * DAY], ['1day', DAY], ['3days', 3n * DAY],
    ['1.5h', HOUR + 30n * MIN], ['2hr', 2n * HOUR], ['2hrs', 2n * HOUR], ['1hour', HOUR], ['4hours', 4n * HOUR],
    ['30m', 30n * MIN], ['1min', MIN], ['1minute', MIN], ['5minutes', 5n * MIN],
    ['10s', 10n * SEC], ['0.1s', 100n * MS], ['1sec', SEC], ['1second', SEC], ['2seconds', 2n * SEC],
    ['100ms', 100n * MS], ['1milli', MS], ['2millis', 2n * MS], ['1millisec', MS], ['1millisecond', MS], ['3milliseconds', 3n * MS],
    ['10microsecond', 10n * MICRO], ['1micro', MICRO], ['2micros', 2n * MICRO], ['1microsec', MICRO], ['4microseconds', 4n * MICRO],
    ['1tick', TICK], ['25ticks', 25n * TICK],
    ['100nanoseconds', TICK], ['1000nanosec', 10n * TICK], ['200nano', 2n * TICK], ['300nanos', 3n * TICK], ['100nanosecond', TICK],
  ];
  for (const [text, ticks] of cases) {
    const lit = literal(text);
    assert.equal(lit.type, 'timespan', text);
    assert.equal(lit.value, ticks, text);
  }
});

test('timespan(…) and time(…) literals', () => {
  assert.equal(valueOf('time(1.2:3:4)'), DAY + 2n * HOUR + 3n * MIN + 4n * SEC);
  assert.equal(valueOf('timespan(0.12:34:56.7)'), 12n * HOUR + 34n * MIN + 56n * SEC + 700n * MS);
  assert.equal(valueOf('timespan(2)'), 2n * DAY); // a bare number counts days
  assert.equal(valueOf('time(0s)'), 0n);
  assert.equal(valueOf('timespan(1d)'), DAY);
  assert.equal(valueOf('time(12:30)'), 12n * HOUR + 30n * MIN);
  assert.equal(valueOf('time(-1h)'), -HOUR);
  assert.equal(valueOf('timespan(null)'), null);
  assert.equal(literal('time(1h)').type, 'timespan');
});

test('datetime literals in the documented ISO 8601 forms', () => {
  const f = 1_234_560; // .123456 s in ticks
  const cases: Array<[string, bigint]> = [
    ['datetime(2015-12-31 23:59:59.9)', utc(2015, 12, 31, 23, 59, 59, 9_000_000)],
    ['datetime(2015-12-31)', utc(2015, 12, 31)],
    ['datetime(2014-05-25T08:20:03.123456Z)', utc(2014, 5, 25, 8, 20, 3, f)],
    ['datetime(2014-05-25T08:20:03.123456)', utc(2014, 5, 25, 8, 20, 3, f)],
    ['datetime(2014-05-25T08:20)', utc(2014, 5, 25, 8, 20)],
    ['datetime(2014-11-08 15:55:55.123456Z)', utc(2014, 11, 8, 15, 55, 55, f)],
    ['datetime(2014-11-08 15:55:55)', utc(2014, 11, 8, 15, 55, 55)],
    ['datetime(2014-11-08 15:55)', utc(2014, 11, 8, 15, 55)],
    ['datetime(2014-11-08)', utc(2014, 11, 8)],
    ['date(2014-11-08)', utc(2014, 11, 8)],
    ['datetime(2014-11-08T15:55:55.1234567Z)', utc(2014, 11, 8, 15, 55, 55, 1_234_567)],
    ['datetime(2014-11-08T15:55:55+02:00)', utc(2014, 11, 8, 13, 55, 55)],
    ['datetime(1969-07-20 20:17)', utc(1969, 7, 20, 20, 17)],
    ['datetime(0001-01-01)', utc(1, 1, 1)],
  ];
  for (const [text, ticks] of cases) assert.equal(valueOf(text), ticks, text);
});

test('datetime literals in the documented RFC 822 and RFC 850 forms', () => {
  const full = utc(2014, 11, 8, 15, 5, 2);
  const noSec = utc(2014, 11, 8, 15, 5);
  const cases: Array<[string, bigint]> = [
    ['Sat, 8 Nov 14 15:05:02 GMT', full], ['Sat, 8 Nov 14 15:05:02', full], ['Sat, 8 Nov 14 15:05', noSec],
    ['Sat, 8 Nov 14 15:05 GMT', noSec], ['8 Nov 14 15:05:02 GMT', full], ['8 Nov 14 15:05:02', full],
    ['8 Nov 14 15:05', noSec], ['8 Nov 14 15:05 GMT', noSec],
    ['Saturday, 08-Nov-14 15:05:02 GMT', full], ['Saturday, 08-Nov-14 15:05:02', full],
    ['Saturday, 08-Nov-14 15:05', noSec], ['Saturday, 08-Nov-14 15:05 GMT', noSec],
    ['08-Nov-14 15:05:02 GMT', full], ['08-Nov-14 15:05:02', full], ['08-Nov-14 15:05', noSec],
  ];
  for (const [text, ticks] of cases) assert.equal(valueOf(`datetime(${text})`), ticks, text);
});

test('datetime forms used by the reference examples, null and now', () => {
  // `datetime(2025, 6, 14)` (startofweek page) and `datetime('12-02-2022')` equal to todatetime('12-02-2022')
  assert.equal(valueOf('datetime(2025, 6, 14)'), utc(2025, 6, 14));
  assert.equal(valueOf("datetime('12-02-2022')"), utc(2022, 12, 2));
  assert.equal(valueOf('datetime("2015-01-01")'), utc(2015, 1, 1));
  assert.equal(valueOf('datetime(null)'), null);
  const now = literal('datetime()');
  assert.equal(now.type, 'datetime');
  assert.equal(now.type === 'datetime' && now.now, true);
});

test('invalid typed-literal contents are not syntax errors (the official parser accepts them); the binder refuses them at the literal', () => {
  for (const text of ['datetime(2020-13-01)', 'datetime(2019-02-29)', 'datetime(garbage)', 'datetime("Insert date")', 'timespan(abc)', 'guid(xyz)', 'long(1.5)', 'int(99999999999)', 'bool(maybe)']) {
    assert.deepEqual(parse(`print ${text}`).diagnostics, [], text);
    const d = compileQuery(`print x = ${text}`, { schema: emptySchema, dialect: duckdbDialect }).diagnostics.filter((x) => x.severity === 'error');
    assert.equal(d[0]?.code, 'KQL2027', text);
    assert.equal(d[0]?.start, 10, text);
    assert.equal(d[0]?.end, 10 + text.length, text);
    assert.match(d[0]!.message, new RegExp(`^Invalid ${text.slice(0, text.indexOf('('))} literal: `), text);
  }
});

test('numbers: long, real, hexadecimal, exponent; integers beyond the long range become real', () => {
  assert.deepEqual([literal('42').type, valueOf('42')], ['long', 42n]);
  assert.deepEqual([literal('0x1F').type, valueOf('0x1F')], ['long', 31n]);
  assert.deepEqual([literal('1.5').type, valueOf('1.5')], ['real', 1.5]);
  assert.deepEqual([literal('1e3').type, valueOf('1e3')], ['real', 1000]);
  assert.deepEqual([literal('1.5e-3').type, valueOf('1.5e-3')], ['real', 0.0015]);
  assert.deepEqual([literal('1.').type, valueOf('1.')], ['real', 1]);
  assert.equal(valueOf('9223372036854775807'), 9223372036854775807n);
  assert.deepEqual([literal('99999999999999999999').type, valueOf('99999999999999999999')], ['real', 1e20]);
});

test('typed scalar literals: long, int, real, double, decimal, bool, guid', () => {
  assert.deepEqual([literal('long(-7)').type, valueOf('long(-7)')], ['long', -7n]);
  assert.deepEqual([literal('int(5)').type, valueOf('int(5)')], ['int', 5]);
  assert.ok(Number.isNaN(valueOf('real(nan)')));
  assert.equal(valueOf('real(+inf)'), Infinity);
  assert.equal(valueOf('real(-inf)'), -Infinity);
  assert.deepEqual([literal('double(1.25)').type, valueOf('double(1.25)')], ['real', 1.25]);
  assert.deepEqual([literal('decimal(1.50)').type, valueOf('decimal(1.50)')], ['decimal', '1.50']);
  assert.deepEqual([literal('bool(true)').type, valueOf('bool(false)')], ['bool', false]);
  assert.deepEqual([literal('true').type, valueOf('True'), valueOf('FALSE')], ['bool', true, false]);
  assert.equal(valueOf('guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642)'), '74be27de-1e4e-49d9-b579-fe0b331d3642');
  for (const t of ['long', 'int', 'real', 'decimal', 'bool', 'guid', 'datetime', 'timespan']) {
    assert.equal(valueOf(`${t}(null)`), null, t);
  }
});

test('strings: escapes, quotes, verbatim, multi-line, adjacent concatenation, obfuscated', () => {
  assert.equal(valueOf(String.raw`"a\"b\\c\nd\te\rf"`), 'a"b\\c\nd\te\rf');
  assert.equal(valueOf(String.raw`'it\'s'`), "it's");
  assert.equal(valueOf(String.raw`"\u0041\x42"`), 'AB');
  assert.equal(valueOf('@"c:\\path\\file"'), 'c:\\path\\file');
  assert.equal(valueOf(`@"say ""hi"""`), 'say "hi"');
  assert.equal(valueOf(`@'it''s'`), "it's");
  assert.equal(valueOf("```line1\nline2 \\n```"), 'line1\nline2 \\n');
  assert.equal(valueOf('~~~x~~~'), 'x');
  const adj = literal(`"a" 'b' @"c\\d"`);
  assert.equal(adj.value, 'abc\\d');
  assert.equal(adj.type === 'string' && adj.parts, 3);
  const hidden = literal('h"secret"');
  assert.equal(hidden.value, 'secret');
  assert.equal(hidden.type === 'string' && hidden.obfuscated, true);
  assert.equal(valueOf(`H@'x\\y'`), 'x\\y');
  assert.equal(valueOf('"{{StartTimeISO}}"'), '{{StartTimeISO}}');
});

function plain(v: DynamicValue): unknown {
  switch (v.kind) {
    case 'DynamicNull':
      return null;
    case 'DynamicArray':
      return v.items.map(plain);
    case 'DynamicBag':
      return Object.fromEntries(v.properties.map((p) => [p.key, plain(p.value)]));
    default:
      return v.value;
  }
}

test('dynamic literals: arrays, bags, scalars, typed values, nested dynamic, negative numbers', () => {
  const lit = literal('dynamic({"a": [1, -2.5, "x", true, null], "b": {"c": datetime(2020-01-01)}, "t": 1d, "n": -3, "d": dynamic([7])})');
  assert.equal(lit.type, 'dynamic');
  assert.deepEqual(plain(lit.value as DynamicValue), {
    a: [1n, -2.5, 'x', true, null],
    b: { c: utc(2020, 1, 1) },
    t: DAY,
    n: -3n,
    d: [7n],
  });
  assert.deepEqual(plain(literal('dynamic(null)').value as DynamicValue), null);
  assert.deepEqual(plain(literal("dynamic('text')").value as DynamicValue), 'text');
  assert.deepEqual(plain(literal('dynamic([])').value as DynamicValue), []);
});
