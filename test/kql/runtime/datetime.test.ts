// Expected values come from the Kusto docs (datetime.md format table, todatetime/parse pages) and
// from the documented hash_sha256 example that pins tostring(datetime) to 7 fractional digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  datetimeParts,
  formatDatetime,
  makeDatetime,
  MAX_DATETIME,
  MIN_DATETIME,
  parseDatetime,
} from '../../../src/kql/runtime/datetime.js';

function iso(s: string | null): string | null {
  const t = s === null ? null : parseDatetime(s);
  return t === null ? null : formatDatetime(t);
}

test('ISO 8601 formats from datetime.md', () => {
  assert.equal(iso('2014-05-25T08:20:03.123456Z'), '2014-05-25T08:20:03.1234560Z');
  assert.equal(iso('2014-05-25T08:20:03.123456'), '2014-05-25T08:20:03.1234560Z');
  assert.equal(iso('2014-05-25T08:20'), '2014-05-25T08:20:00.0000000Z');
  assert.equal(iso('2014-11-08 15:55:55.123456Z'), '2014-11-08T15:55:55.1234560Z');
  assert.equal(iso('2014-11-08 15:55:55'), '2014-11-08T15:55:55.0000000Z');
  assert.equal(iso('2014-11-08 15:55'), '2014-11-08T15:55:00.0000000Z');
  assert.equal(iso('2014-11-08'), '2014-11-08T00:00:00.0000000Z');
});

test('seven fractional digits are kept (100 ns), more are dropped', () => {
  assert.equal(iso('2017-10-30 01:02:03.7654321'), '2017-10-30T01:02:03.7654321Z');
  assert.equal(iso('2024-12-26T15:02:18.775485968Z'), '2024-12-26T15:02:18.7754859Z');
  assert.equal(iso('2015-12-31 23:59:59.9'), '2015-12-31T23:59:59.9000000Z');
});

test('RFC 822 formats from datetime.md', () => {
  const want = '2014-11-08T15:05:02.0000000Z';
  assert.equal(iso('Sat, 8 Nov 14 15:05:02 GMT'), want);
  assert.equal(iso('Sat, 8 Nov 14 15:05:02'), want);
  assert.equal(iso('Sat, 8 Nov 14 15:05'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('Sat, 8 Nov 14 15:05 GMT'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('8 Nov 14 15:05:02 GMT'), want);
  assert.equal(iso('8 Nov 14 15:05:02'), want);
  assert.equal(iso('8 Nov 14 15:05'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('8 Nov 14 15:05 GMT'), '2014-11-08T15:05:00.0000000Z');
});

test('RFC 850 formats from datetime.md', () => {
  const want = '2014-11-08T15:05:02.0000000Z';
  assert.equal(iso('Saturday, 08-Nov-14 15:05:02 GMT'), want);
  assert.equal(iso('Saturday, 08-Nov-14 15:05:02'), want);
  assert.equal(iso('Saturday, 08-Nov-14 15:05 GMT'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('Saturday, 08-Nov-14 15:05'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('08-Nov-14 15:05:02 GMT'), want);
  assert.equal(iso('08-Nov-14 15:05:02'), want);
  assert.equal(iso('08-Nov-14 15:05 GMT'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('08-Nov-14 15:05'), '2014-11-08T15:05:00.0000000Z');
});

test('sortable formats from datetime.md', () => {
  assert.equal(iso('2014-11-08 15:05:25'), '2014-11-08T15:05:25.0000000Z');
  assert.equal(iso('2014-11-08 15:05:25 GMT'), '2014-11-08T15:05:25.0000000Z');
  assert.equal(iso('2014-11-08 15:05'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('2014-11-08 15:05 GMT'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('2014-11-08T15:05:25'), '2014-11-08T15:05:25.0000000Z');
  assert.equal(iso('2014-11-08T15:05:25 GMT'), '2014-11-08T15:05:25.0000000Z');
  assert.equal(iso('2014-11-08T15:05'), '2014-11-08T15:05:00.0000000Z');
  assert.equal(iso('2014-11-08T15:05 GMT'), '2014-11-08T15:05:00.0000000Z');
});

test('forms shown working elsewhere in the docs', () => {
  // parse-operator.md: `releaseTime: date` of "02/17/2016 08:40:01" is 2016-02-17 08:40:01
  assert.equal(iso('02/17/2016 08:40:01'), '2016-02-17T08:40:01.0000000Z');
  // CEF timestamps (spec/syslog-cef.md §6.2): MMM dd yyyy HH:mm:ss
  assert.equal(iso('Sep 07 2018 14:50:39'), '2018-09-07T14:50:39.0000000Z');
  assert.equal(iso('Nov 04 2018 07:15:46 GMT'), '2018-11-04T07:15:46.0000000Z');
  // todatetime('12-02-2022') parses (todatetime-function.md compares it with the literal)
  assert.notEqual(parseDatetime('12-02-2022'), null);
  assert.equal(iso('2021/03/18 10:31:26'), '2021-03-18T10:31:26.0000000Z');
});

test('zone offsets convert to UTC', () => {
  assert.equal(iso('2015-05-20T14:30:20-05:00'), '2015-05-20T19:30:20.0000000Z');
  assert.equal(iso('2015-05-20T14:30:20+0130'), '2015-05-20T13:00:20.0000000Z');
});

test('invalid text and out-of-range parts are null', () => {
  for (const s of ['', '   ', 'nonValidDateTime', 'nonValidDateTime 08:40:01', '2015-13-01', '2015-02-30', '2015-01-01T25:00', '10000-01-01', '1432146610']) {
    assert.equal(parseDatetime(s), null, s);
  }
});

test('tostring(datetime) form: ISO 8601, 7 digits, Z; range ends', () => {
  assert.equal(formatDatetime(makeDatetime(2020, 1, 1)!), '2020-01-01T00:00:00.0000000Z');
  assert.equal(formatDatetime(MIN_DATETIME), '0001-01-01T00:00:00.0000000Z');
  assert.equal(formatDatetime(MAX_DATETIME), '9999-12-31T23:59:59.9999999Z');
  assert.equal(formatDatetime(makeDatetime(1969, 12, 31, 23, 59, 59, 9_999_999)!), '1969-12-31T23:59:59.9999999Z');
  // ticks of 0100-01-01 as documented (31241376000000000 since 0001-01-01)
  assert.equal(makeDatetime(100, 1, 1)! - MIN_DATETIME, 31241376000000000n);
});

test('datetimeParts splits negative (pre-1970) values correctly', () => {
  const p = datetimeParts(parseDatetime('1947-11-30 10:00:05')!);
  assert.deepEqual([p.year, p.month, p.day, p.hour, p.minute, p.second], [1947, 11, 30, 10, 0, 5]);
});
