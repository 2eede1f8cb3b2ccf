// `vigil serve` settings of the Data Collector API: flags win over environment variables, which win
// over the surface defaults; each value is checked so that a typo stops the server at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCollectorFlags } from '../../../src/surfaces/collector/serve-flags.js';
import { resolveCollectorOptions } from '../../../src/surfaces/collector/options.js';
import { ConfigError } from '../../../src/surfaces/config.js';

test('nothing given: the surface keeps its documented defaults (any ODS domain, ±15 min, strict, no relay)', () => {
  const o = resolveCollectorOptions(resolveCollectorFlags({}, {}));
  assert.equal(o.odsDomains, null);
  assert.equal(o.clockSkewSeconds, 900);
  assert.equal(o.signatureMode, 'strict');
  assert.deepEqual(o.prefixes, ['']);
  assert.equal(o.relay.size, 0);
  // spec §5.4 [doc]: 30 MB per post, 32 KB per field; 500 columns is the workspace's table limit (undefined = that default).
  assert.equal(o.maxBodyBytes, 30 * 1024 * 1024);
  assert.equal(o.maxFieldBytes, 32 * 1024);
  assert.equal(o.maxColumns, undefined);
});

test('environment variables set every option; flags win over them', () => {
  const env = {
    VIGIL_ODS_DOMAINS: 'opinsights.azure.com, vigil.local',
    VIGIL_COLLECTOR_CLOCK_SKEW: '120',
    VIGIL_COLLECTOR_SIGNATURE: 'LOOSE',
    VIGIL_COLLECTOR_PREFIXES: '/ods',
    VIGIL_COLLECTOR_RELAY: 'Darktrace=darktrace-dcr:Custom-DarktraceStream,AppLog=dcr-1a2b:Custom-AppLog',
  };
  const fromEnv = resolveCollectorFlags({}, env);
  assert.deepEqual(fromEnv, {
    odsDomains: ['opinsights.azure.com', 'vigil.local'],
    clockSkewSeconds: 120,
    signatureMode: 'loose',
    prefixes: ['', '/ods'],
    relay: { Darktrace: { dcr: 'darktrace-dcr', stream: 'Custom-DarktraceStream' }, AppLog: { dcr: 'dcr-1a2b', stream: 'Custom-AppLog' } },
  });
  const fromFlags = resolveCollectorFlags({ odsDomain: ['example.org'], collectorClockSkew: '0', collectorSignature: 'strict', collectorPrefix: ['/a', '/b'], relay: ['X=d:Custom-X'] }, env);
  assert.deepEqual(fromFlags, {
    odsDomains: ['example.org'],
    clockSkewSeconds: 0,
    signatureMode: 'strict',
    prefixes: ['', '/a', '/b'],
    relay: { X: { dcr: 'd', stream: 'Custom-X' } },
  });
});

test('values that cannot work are refused with a message naming the setting', () => {
  const refuses = (flags: Parameters<typeof resolveCollectorFlags>[0], pattern: RegExp): void => {
    assert.throws(() => resolveCollectorFlags(flags, {}), (e: unknown) => e instanceof ConfigError && pattern.test(e.message));
  };
  refuses({ odsDomain: ['https://vigil.local'] }, /ODS domain/);
  refuses({ odsDomain: ['ods.vigil.local'] }, /ODS domain/);
  refuses({ collectorClockSkew: '-1' }, /clock skew/);
  refuses({ collectorClockSkew: 'ten' }, /clock skew/);
  refuses({ collectorSignature: 'lenient' }, /strict or loose/);
  refuses({ collectorPrefix: ['ods'] }, /must start with '\/'/);
  refuses({ relay: ['Darktrace'] }, /LogType=dcr:stream/);
  refuses({ relay: ['bad-name=d:Custom-X'] }, /Log-Type 'bad-name' is not valid/);
  refuses({ relay: ['A=d:Custom-A', 'a=e:Custom-B'] }, /relayed twice/);
});
