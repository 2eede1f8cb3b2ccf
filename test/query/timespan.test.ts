// The query API's timespan forms (spec/azure-wire-contracts.md §6.1): ISO 8601 duration (the span
// ending now), `start/end`, `start/duration`, `duration/end`; several are intersected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intersectTimespans, parseIsoDateTime, parseIsoDuration, resolveTimespan, TimespanError } from '../../src/query/index.js';

const S = 10_000_000n; // ticks per second
const ticks = (iso: string) => BigInt(Date.parse(iso)) * 10_000n;
const NOW = ticks('2025-06-01T12:00:00Z');

test('ISO 8601 durations, as the SDK constants spell them', () => {
  // Durations constants of @azure/monitor-query-logs: P7D, P3D, P2D, P1D, PT1H, PT4H, PT24H, PT48H, PT30M, PT5M.
  assert.equal(parseIsoDuration('P7D'), 7n * 86_400n * S);
  assert.equal(parseIsoDuration('PT24H'), parseIsoDuration('P1D'));
  assert.equal(parseIsoDuration('PT48H'), parseIsoDuration('P2D'));
  assert.equal(parseIsoDuration('PT30M'), 1_800n * S);
  assert.equal(parseIsoDuration('PT5M'), 300n * S);
  assert.equal(parseIsoDuration('P1DT12H'), 36n * 3_600n * S);
  assert.equal(parseIsoDuration('PT1.5S'), 15_000_000n);
  assert.equal(parseIsoDuration('PT0.0000001S'), 1n);
  assert.equal(parseIsoDuration('P1W'), 7n * 86_400n * S);
  // M before T is months, after T minutes.
  assert.notEqual(parseIsoDuration('P1M'), parseIsoDuration('PT1M'));
  for (const bad of ['P', 'PT', 'P1DT', '1h', 'PT1X', '', 'P-1D']) assert.equal(parseIsoDuration(bad), undefined, bad);
});

test('ISO 8601 date-times: zone-less is UTC, offsets are applied, impossible dates refused', () => {
  assert.equal(parseIsoDateTime('2025-06-01T12:00:00Z'), NOW);
  assert.equal(parseIsoDateTime('2025-06-01T12:00:00'), NOW);
  assert.equal(parseIsoDateTime('2025-06-01T14:00:00+02:00'), NOW);
  assert.equal(parseIsoDateTime('2025-06-01T12:00:00.0000001Z'), NOW + 1n);
  // The SDK's own form: Date.toISOString().
  assert.equal(parseIsoDateTime(new Date('2025-06-01T12:00:00Z').toISOString()), NOW);
  assert.equal(parseIsoDateTime('2025-06-01'), ticks('2025-06-01T00:00:00Z'));
  assert.equal(parseIsoDateTime('2025-02-30T00:00:00Z'), undefined);
  assert.equal(parseIsoDateTime('June 1st'), undefined);
});

test('each timespan form resolves against now', () => {
  assert.deepEqual(resolveTimespan('PT1H', NOW), { start: NOW - 3_600n * S, end: NOW });
  assert.deepEqual(resolveTimespan('2025-06-01T00:00:00Z/2025-06-01T06:00:00Z', NOW), { start: ticks('2025-06-01T00:00:00Z'), end: ticks('2025-06-01T06:00:00Z') });
  assert.deepEqual(resolveTimespan('2025-06-01T00:00:00Z/PT6H', NOW), { start: ticks('2025-06-01T00:00:00Z'), end: ticks('2025-06-01T06:00:00Z') });
  assert.deepEqual(resolveTimespan('PT6H/2025-06-01T06:00:00Z', NOW), { start: ticks('2025-06-01T00:00:00Z'), end: ticks('2025-06-01T06:00:00Z') });
  for (const bad of ['PT1H/PT2H', '2025-06-01T06:00:00Z/2025-06-01T00:00:00Z', 'a/b/c', '2025-06-01T00:00:00Z', 'soon']) {
    assert.throws(() => resolveTimespan(bad, NOW), TimespanError, bad);
  }
});

test('several timespans are intersected; none means no filter', () => {
  assert.equal(intersectTimespans([], NOW), undefined);
  assert.equal(intersectTimespans([undefined], NOW), undefined);
  assert.deepEqual(intersectTimespans(['P1D', 'PT1H'], NOW), { start: NOW - 3_600n * S, end: NOW });
  assert.deepEqual(intersectTimespans(['P1D', '2025-05-31T00:00:00Z/2025-05-31T18:00:00Z'], NOW), { start: NOW - 86_400n * S, end: ticks('2025-05-31T18:00:00Z') });
  const disjoint = intersectTimespans(['PT1H', '2025-01-01T00:00:00Z/2025-01-02T00:00:00Z'], NOW)!;
  assert.ok(disjoint.start > disjoint.end);
});
