// Expected values from timespan.md (literal table), totimespan/make_timespan/strcat_delim pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimespan, parseTimespan, parseTimespanLiteral } from '../../../src/kql/runtime/timespan.js';

const S = 10_000_000n;

test('literal forms from timespan.md', () => {
  assert.equal(parseTimespanLiteral('2d'), 2n * 86400n * S);
  assert.equal(parseTimespanLiteral('1.5h'), 5400n * S);
  assert.equal(parseTimespanLiteral('30m'), 1800n * S);
  assert.equal(parseTimespanLiteral('10s'), 10n * S);
  assert.equal(parseTimespanLiteral('0.1s'), S / 10n);
  assert.equal(parseTimespanLiteral('100ms'), S / 10n);
  assert.equal(parseTimespanLiteral('10microsecond'), 100n);
  assert.equal(parseTimespanLiteral('1tick'), 1n);
  assert.equal(parseTimespanLiteral('15 seconds'), 15n * S);
  assert.equal(parseTimespanLiteral('2'), 2n * 86400n * S); // time(2) is 2 days
  assert.equal(parseTimespanLiteral('25min'), 1500n * S);
});

test('clock form: time(0.12:34:56.7) = 0d+12h+34m+56.7s', () => {
  assert.equal(parseTimespan('0.12:34:56.7'), (12n * 3600n + 34n * 60n + 56n) * S + 7n * S / 10n);
  assert.equal(parseTimespan('0.00:03:00'), 180n * S); // totimespan page
  assert.equal(parseTimespan('0.00:01:00'), 60n * S);
  assert.equal(parseTimespan('-01:00:00'), -3600n * S);
  assert.equal(parseTimespan('garbage'), null);
  assert.equal(parseTimespan('25:00:00'), null);
});

test('string form [-][d.]hh:mm:ss[.fffffff]', () => {
  assert.equal(formatTimespan(180n * S), '00:03:00');
  assert.equal(formatTimespan(4n * 86400n * S), '4.00:00:00');
  assert.equal(formatTimespan(S), '00:00:01'); // strcat_delim('-', …, 1s) → …-00:00:01
  assert.equal(formatTimespan((86400n + 12n * 3600n + 30n * 60n + 55n) * S + 1_230_000n), '1.12:30:55.1230000');
  assert.equal(formatTimespan(365n * 86400n * S), '365.00:00:00');
  assert.equal(formatTimespan(-60n * S), '-00:01:00');
  assert.equal(formatTimespan(0n), '00:00:00');
});
