// verifyAccessToken: what the resource surfaces rely on to refuse a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdentityService, readBearer } from '../../../src/surfaces/identity/identity-service.js';
import { AUDIENCES } from '../../../src/surfaces/identity/audiences.js';
import { withWorkspace } from '../../workspace/helpers.js';

test('verifyAccessToken accepts its own token and refuses tampering, expiry, another audience, issuer or signing key', async () => {
  await withWorkspace(async ({ ws, engine }) => {
    let clock = new Date('2031-03-01T12:00:00Z');
    const origin = 'https://vigil.test:8443';
    const ids = await IdentityService.open({ documents: engine.documents, tenantId: ws.tenant.id, issuerOrigin: () => origin, now: () => clock, tokenLifetimeSeconds: 3599 });
    const app = await ws.createApp({ displayName: 'x' });
    const { accessToken, expiresIn } = await ids.issueToken(app, AUDIENCES.monitor);
    assert.equal(expiresIn, 3599);

    const ok = await ids.verifyAccessToken(accessToken, 'https://monitor.azure.com/');
    assert.deepEqual(ok, { ok: true, tid: ws.tenant.id, oid: app.servicePrincipalId, appid: app.appId, aud: 'https://monitor.azure.com', exp: Math.floor(clock.getTime() / 1000) + 3599 });

    const reason = async (t: string, aud: string = AUDIENCES.monitor, svc = ids): Promise<string> => {
      const r = await svc.verifyAccessToken(t, aud);
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(await reason(accessToken, AUDIENCES.logAnalytics), 'wrong_audience');
    const [h, p, s] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, appid: 'someone-else' })).toString('base64url')}.${s}`;
    assert.equal(await reason(forged), 'bad_signature');
    assert.equal(await reason('not.a.jwt'), 'malformed');
    assert.equal(await reason('garbage'), 'malformed');

    // Within the 5-minute skew the token still holds; beyond it, it has expired.
    clock = new Date(clock.getTime() + (3599 + 200) * 1000);
    assert.equal(await reason(accessToken), 'ok');
    clock = new Date(clock.getTime() + 200 * 1000);
    assert.equal(await reason(accessToken), 'expired');
    clock = new Date('2031-03-01T12:00:00Z');

    // Same key (same store), another issuer origin: refused.
    const other = await IdentityService.open({ documents: engine.documents, tenantId: ws.tenant.id, issuerOrigin: () => 'https://elsewhere.test', now: () => clock });
    assert.equal(await reason(accessToken, AUDIENCES.monitor, other), 'wrong_issuer');
    // Another tenant id: refused.
    const otherTenant = await IdentityService.open({ documents: engine.documents, tenantId: '00000000-0000-0000-0000-000000000001', issuerOrigin: () => origin, now: () => clock });
    assert.equal(await reason(accessToken, AUDIENCES.monitor, otherTenant), 'wrong_tenant');
  });
});

test('a token signed by another deployment\'s key is refused', async () => {
  await withWorkspace(async (a) => {
    await withWorkspace(async (b) => {
      const origin = 'https://vigil.test';
      const ia = await IdentityService.open({ documents: a.engine.documents, tenantId: 't', issuerOrigin: () => origin });
      const ib = await IdentityService.open({ documents: b.engine.documents, tenantId: 't', issuerOrigin: () => origin });
      const app = await a.ws.createApp({ displayName: 'x' });
      const { accessToken } = await ia.issueToken(app, AUDIENCES.monitor);
      const r = await ib.verifyAccessToken(accessToken, AUDIENCES.monitor);
      assert.equal(r.ok ? 'ok' : r.reason, 'bad_signature');
    });
  });
});

test('readBearer reads the Bearer scheme case-insensitively and names what is wrong otherwise', () => {
  assert.deepEqual(readBearer('Bearer abc.def.ghi'), { ok: true, token: 'abc.def.ghi' });
  assert.deepEqual(readBearer('bearer   x '), { ok: true, token: 'x' });
  assert.deepEqual(readBearer(undefined), { ok: false, reason: 'missing' });
  assert.deepEqual(readBearer('SharedKey ws:sig'), { ok: false, reason: 'wrong_scheme' });
});
