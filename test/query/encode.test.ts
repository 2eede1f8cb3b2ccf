// Cell encodings of the query API (spec/azure-wire-contracts.md §6.2) for values the engine can
// return for each KQL type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCell, formatTimespan } from '../../src/query/index.js';

test('timespans are written [-][d.]hh:mm:ss[.fffffff]', () => {
  assert.equal(formatTimespan(1n), '00:00:00.0000001');
  assert.equal(formatTimespan(((26n * 60n + 3n) * 60n + 4n) * 10_000_000n), '1.02:03:04');
  assert.equal(formatTimespan(0n), '00:00:00');
  assert.equal(formatTimespan(-15_000_000n), '-00:00:01.5000000');
});

test('each type has its JSON form; only strings are never null', () => {
  assert.equal(encodeCell('datetime', '2024-01-01T00:00:00.123456Z'), '2024-01-01T00:00:00.123456Z');
  assert.equal(new Date(String(encodeCell('datetime', '2024-01-01T00:00:00.000000Z'))).toISOString(), '2024-01-01T00:00:00.000Z');
  assert.match(String(encodeCell('datetime', '2024-01-01T00:00:00.000000Z')), /Z$/);
  assert.equal(encodeCell('real', Number.NaN), 'NaN');
  assert.equal(encodeCell('real', Infinity), 'Infinity');
  assert.equal(encodeCell('real', -Infinity), '-Infinity');
  assert.equal(encodeCell('real', 2.5), 2.5);
  assert.equal(encodeCell('long', 12n), 12n);
  assert.equal(encodeCell('int', 12), 12);
  assert.equal(encodeCell('bool', true), true);
  assert.equal(encodeCell('dynamic', '[{"a":1}]'), '[{"a":1}]');
  assert.equal(encodeCell('dynamic', [1, 2]), '[1,2]');
  assert.equal(encodeCell('guid', '0F8FAD5B-D9CB-469F-A165-70867728950E'), '0f8fad5b-d9cb-469f-a165-70867728950e');
  assert.equal(typeof encodeCell('decimal', '1.100000000000000000'), 'string');
  assert.equal(Number(encodeCell('decimal', '1.100000000000000000')), 1.1);
  assert.equal(encodeCell('timespan', 10_000_000n), '00:00:01');
  for (const t of ['bool', 'datetime', 'dynamic', 'int', 'long', 'real', 'guid', 'decimal', 'timespan'] as const) assert.equal(encodeCell(t, null), null, t);
  assert.equal(encodeCell('string', null), '');
});
