// The server frame: restart on an existing data folder, vigil.json, bring-your-own certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, createApp, postForm, https } from './helpers.js';
import { AUDIENCES } from '../../src/surfaces/identity/audiences.js';
import { ensureLocalTls } from '../../src/surfaces/tls/local-ca.js';

test('a restart on the same data folder reuses ids, shared keys, the CA and the signing key; app secrets keep working', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-restart-'));
  try {
    const a = await startTestServer({}, {}, dir);
    const app = await createApp(a);
    const tok = await postForm(`${a.url}/${a.info.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret, scope: 'https://monitor.azure.com/.default' }, a.caPem);
    const first = { info: a.info, keys: a.ctx.workspace.sharedKeys(), ca: a.caPem, adminKey: a.adminKey };
    const written = JSON.parse(await readFile(join(dir, 'vigil.json'), 'utf8'));
    assert.deepEqual(written, first.info);
    await a.close();

    const b = await startTestServer({ port: new URL(first.info.url).port }, {}, dir);
    try {
      for (const k of ['tenantId', 'workspaceId', 'subscriptionId', 'workspaceResourceId', 'dceImmutableId', 'url'] as const) assert.equal(b.info[k], first.info[k], k);
      assert.deepEqual(b.ctx.workspace.sharedKeys(), first.keys);
      assert.equal(b.caPem, first.ca);
      assert.equal(b.adminKey, first.adminKey);
      // The token issued before the restart still verifies: same key, same issuer.
      const v = await b.ctx.identity.verifyAccessToken(tok.json.access_token, AUDIENCES.monitor);
      assert.ok(v.ok, JSON.stringify(v));
      const again = await postForm(`${b.url}/${b.info.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret, scope: 'https://monitor.azure.com/.default' }, b.caPem);
      assert.equal(again.status, 200);
    } finally {
      await b.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('vigil.json lists what clients need and no secrets', async () => {
  const s = await startTestServer();
  try {
    const info = JSON.parse(await readFile(join(s.dataDir, 'vigil.json'), 'utf8'));
    assert.match(info.url, /^https:\/\/localhost:\d+$/);
    assert.equal(info.dceUrl, info.url);
    assert.equal(info.authorityHost, info.url);
    assert.equal(info.caCertPath, join(s.dataDir, 'tls', 'ca.pem'));
    assert.equal(await readFile(info.caCertPath, 'utf8'), s.caPem);
    for (const k of ['tenantId', 'workspaceId']) assert.match(info[k], /^[0-9a-f-]{36}$/);
    const text = JSON.stringify(info);
    assert.equal(text.includes(s.adminKey), false);
    assert.equal(text.includes(s.ctx.workspace.sharedKeys().primarySharedKey), false);
  } finally {
    await s.dispose();
  }
});

test('bring-your-own certificate and key are served as given; no CA is listed', async () => {
  const certDir = await mkdtemp(join(tmpdir(), 'vigil-byo-'));
  try {
    const own = await ensureLocalTls({ dir: certDir, names: ['byo.test'] });
    const s = await startTestServer({ tlsCert: own.certPath, tlsKey: own.keyPath });
    try {
      assert.equal(s.info.caCertPath, null);
      const res = await https(`${s.url}/${s.info.tenantId}/v2.0/.well-known/openid-configuration`, { ca: own.ca });
      assert.equal(res.status, 200);
    } finally {
      await s.dispose();
    }
  } finally {
    await rm(certDir, { recursive: true, force: true });
  }
});

test('repeated slashes collapse before routing (the query SDK sends //subscriptions)', async () => {
  const s = await startTestServer();
  try {
    const res = await https(`${s.url}//${s.info.tenantId}//v2.0/.well-known/openid-configuration`, { ca: s.caPem });
    assert.equal(res.status, 200);
  } finally {
    await s.dispose();
  }
});

test('percent-encoded query parameter names are decoded (the ingestion SDK sends api%2Dversion)', async () => {
  const s = await startTestServer();
  try {
    const path = `/subscriptions/${s.info.subscriptionId}/resourceGroups/${s.info.resourceGroup}/providers/Microsoft.Insights/dataCollectionRules`;
    const res = await https(`${s.url}${path}?api%2Dversion=2023-03-11`, { ca: s.caPem, headers: { authorization: `Bearer ${s.adminKey}` } });
    assert.equal(res.status, 200, res.text);
  } finally {
    await s.dispose();
  }
});
