import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { resolveServerConfig, ConfigError, DEFAULT_PORT } from '../../src/surfaces/config.js';

test('defaults: ./data, localhost, 8443, info, generated TLS', () => {
  const c = resolveServerConfig({}, {});
  assert.deepEqual(c, { dataDir: resolve('data'), host: 'localhost', port: DEFAULT_PORT, tlsNames: [], logLevel: 'info' });
});

test('environment variables configure every setting; flags win over them', () => {
  const env = {
    VIGIL_DATA_DIR: '/srv/vigil', VIGIL_HOST: '0.0.0.0', VIGIL_PORT: '9443', VIGIL_TLS_CERT: '/c.pem', VIGIL_TLS_KEY: '/k.pem',
    VIGIL_TLS_NAMES: 'a.test, b.test', VIGIL_PUBLIC_URL: 'https://logs.example.test/', VIGIL_LOG_LEVEL: 'WARN',
  };
  assert.deepEqual(resolveServerConfig({}, env), {
    dataDir: '/srv/vigil', host: '0.0.0.0', port: 9443, tlsCertPath: '/c.pem', tlsKeyPath: '/k.pem',
    tlsNames: ['a.test', 'b.test'], publicUrl: 'https://logs.example.test', logLevel: 'warn',
  });
  const c = resolveServerConfig({ dataDir: '/other', port: '0', logLevel: 'debug', tlsName: ['c.test'] }, env);
  assert.equal(c.dataDir, '/other');
  assert.equal(c.port, 0);
  assert.equal(c.logLevel, 'debug');
  assert.deepEqual(c.tlsNames, ['c.test']);
});

test('invalid settings are refused with a message naming them', () => {
  const bad: [Parameters<typeof resolveServerConfig>[0], RegExp][] = [
    [{ port: '70000' }, /port/],
    [{ port: 'abc' }, /port/],
    [{ logLevel: 'loud' }, /log level/],
    [{ tlsCert: '/c.pem' }, /certificate and key go together/],
    [{ publicUrl: 'http://insecure.test' }, /https/],
  ];
  for (const [flags, re] of bad) assert.throws(() => resolveServerConfig(flags, {}), (e: unknown) => e instanceof ConfigError && re.test(e.message), JSON.stringify(flags));
});
