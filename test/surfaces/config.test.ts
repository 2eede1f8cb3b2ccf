import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { resolveServerConfig, ConfigError, DEFAULT_PORT } from '../../src/surfaces/config.js';
import { startTestServer } from './helpers.js';

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

test('DuckDB memory and threads: by flag or environment, checked at start, and applied to the engine the server opens', async (t) => {
  assert.deepEqual(
    [resolveServerConfig({}, { VIGIL_ENGINE_MEMORY: '2GB', VIGIL_ENGINE_THREADS: '2' })].map((c) => [c.engineMemoryLimit, c.engineThreads]),
    [['2GB', 2]],
  );
  assert.equal(resolveServerConfig({ engineMemory: '1.5 GiB' }, { VIGIL_ENGINE_MEMORY: '2GB' }).engineMemoryLimit, '1.5GiB');
  assert.throws(() => resolveServerConfig({ engineMemory: 'lots' }, {}), (e: unknown) => e instanceof ConfigError && /engine memory/.test(e.message));
  assert.throws(() => resolveServerConfig({ engineThreads: '0' }, {}), (e: unknown) => e instanceof ConfigError && /engine threads/.test(e.message));
  const server = await startTestServer({ engineMemory: '768MB', engineThreads: '2' });
  t.after(() => server.dispose());
  const r = await server.ctx.engine.query("SELECT current_setting('memory_limit'), current_setting('threads')");
  // DuckDB reports the limit in its own units (768MB = 768,000,000 bytes ≈ 732.4 MiB).
  assert.match(String(r.rows[0]![0]), /^732\.\d MiB$/);
  assert.equal(Number(r.rows[0]![1]), 2);
});
