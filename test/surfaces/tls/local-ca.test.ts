import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:https';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ensureLocalTls } from '../../../src/surfaces/tls/local-ca.js';

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-tls-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function get(port: number, host: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/', ca, servername: host === '127.0.0.1' ? undefined : host, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('first call creates a CA and a server certificate for localhost, 127.0.0.1 and ::1 signed by it', async () => {
  await withDir(async (dir) => {
    const tls = await ensureLocalTls({ dir, names: ['vigil.example.test'] });
    assert.equal(tls.created, 'ca');
    const ca = new X509Certificate(tls.ca);
    const cert = new X509Certificate(tls.cert);
    assert.equal(ca.ca, true);
    assert.equal(cert.ca, false);
    assert.equal(cert.verify(ca.publicKey), true);
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkHost('vigil.example.test'), 'vigil.example.test');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkIP('::1'), '::1');
    assert.equal(cert.checkHost('example.com'), undefined);
    // Private keys are readable by the owner only.
    assert.equal((await stat(join(dir, 'ca.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'server.key'))).mode & 0o777, 0o600);
  });
});

test('a real TLS handshake succeeds for a client that trusts the CA and fails for one that does not', async () => {
  await withDir(async (dir) => {
    const tls = await ensureLocalTls({ dir });
    const server = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      assert.equal(await get(port, '127.0.0.1', tls.ca), 200);
      await assert.rejects(get(port, '127.0.0.1'), (e: NodeJS.ErrnoException) => /CERT|SELF_SIGNED|unable to verify/i.test(`${e.code} ${e.message}`));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

test('a second start reuses the CA and certificate; a new name or near expiry re-issues only the server certificate', async () => {
  await withDir(async (dir) => {
    const first = await ensureLocalTls({ dir });
    const again = await ensureLocalTls({ dir });
    assert.equal(again.created, 'none');
    assert.equal(again.cert, first.cert);
    assert.equal(again.ca, first.ca);

    const named = await ensureLocalTls({ dir, names: ['logs.internal.test'] });
    assert.equal(named.created, 'server');
    assert.equal(named.ca, first.ca);
    assert.notEqual(named.cert, first.cert);
    assert.equal(new X509Certificate(named.cert).checkHost('logs.internal.test'), 'logs.internal.test');

    // 380 days later the 397-day certificate is within its renewal window.
    const later = new Date(Date.now() + 380 * 86_400_000);
    const renewed = await ensureLocalTls({ dir, names: ['logs.internal.test'], now: later });
    assert.equal(renewed.created, 'server');
    assert.equal(renewed.ca, first.ca);
    assert.ok(new Date(new X509Certificate(renewed.cert).validTo).getTime() > later.getTime() + 300 * 86_400_000);
  });
});
