// The per-DCR limits of the Logs Ingestion API as `vigil serve` reads them (flags over environment
// over Azure's defaults), and a limit of 0 meaning none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/surfaces/config.js';
import { resolveIngestionFlags } from '../../../src/surfaces/ingestion/serve-flags.js';
import { DcrRateLimiter } from '../../../src/surfaces/ingestion/rate-limit.js';

test('ingestion flags: a flag wins over the environment; sizes take decimal and binary units; unset means the defaults', () => {
  assert.deepEqual(resolveIngestionFlags({}, {}), {}, "unset: options.ts's defaults (Azure's) apply");
  assert.deepEqual(resolveIngestionFlags({}, { VIGIL_DCR_REQUESTS_PER_MINUTE: '600', VIGIL_DCR_DATA_PER_MINUTE: '8GiB' }), { requestsPerMinute: 600, bytesPerMinute: 8 * 2 ** 30 });
  assert.deepEqual(resolveIngestionFlags({ dcrRequestsPerMinute: '0', dcrDataPerMinute: '500MB' }, { VIGIL_DCR_REQUESTS_PER_MINUTE: '600', VIGIL_DCR_DATA_PER_MINUTE: '8GiB' }), { requestsPerMinute: 0, bytesPerMinute: 500_000_000 });
  assert.deepEqual(resolveIngestionFlags({ dcrDataPerMinute: '1048576' }, {}), { bytesPerMinute: 1_048_576 }, 'a bare number is bytes');
  assert.deepEqual(resolveIngestionFlags({ dcrDataPerMinute: '1.5 kib' }, {}), { bytesPerMinute: 1536 });
});

test('ingestion flags: a value that is not a count or a size is refused, naming the setting', () => {
  for (const [flags, message] of [
    [{ dcrRequestsPerMinute: '-1' }, /DCR requests per minute must be an integer ≥ 0/],
    [{ dcrRequestsPerMinute: '12.5' }, /DCR requests per minute/],
    [{ dcrDataPerMinute: '2 gigabytes' }, /DCR data per minute must be a size/],
    [{ dcrDataPerMinute: '-2GB' }, /DCR data per minute/],
  ] as const) {
    assert.throws(() => resolveIngestionFlags(flags, {}), (e: unknown) => e instanceof ConfigError && message.test(e.message), JSON.stringify(flags));
  }
});

test('rate limit: 0 is no limit, for requests and for data alike', () => {
  const now = () => 0;
  // Five requests of 600 bytes each, as fast as they come.
  const verdicts = (l: DcrRateLimiter) =>
    Array.from({ length: 5 }, () => {
      const v = l.admit('dcr-a');
      if (v.ok) l.charge('dcr-a', 600);
      return v.ok ? 'ok' : v.limit;
    });
  // 1,000 bytes a minute: the second request still finds 400 in the bucket; then it is empty.
  assert.deepEqual(verdicts(new DcrRateLimiter(100, 1000, now)), ['ok', 'ok', 'bytes', 'bytes', 'bytes']);
  assert.deepEqual(verdicts(new DcrRateLimiter(0, 1000, now)), ['ok', 'ok', 'bytes', 'bytes', 'bytes'], 'no request limit, the data limit holds');
  assert.deepEqual(verdicts(new DcrRateLimiter(2, 0, now)), ['ok', 'ok', 'requests', 'requests', 'requests'], 'no data limit, the request limit holds');
  assert.deepEqual(verdicts(new DcrRateLimiter(0, 0, now)), ['ok', 'ok', 'ok', 'ok', 'ok']);
});
