// Raw HTTPS against the authority: discovery documents, the token response shape, and every token
// error in Entra's JSON shape (spec/azure-wire-contracts.md §3.2–3.6).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startTestServer, createApp, https, postForm, type TestServer, type HttpResult } from '../helpers.js';

let server: TestServer;
let app: { appId: string; secret: string; servicePrincipalId: string };
before(async () => {
  server = await startTestServer();
  app = await createApp(server);
});
after(async () => {
  await server?.dispose();
});

const tokenUrl = (tenant: string, v: 'v2' | 'v1' = 'v2'): string => `${server.url}/${tenant}/oauth2/${v === 'v2' ? 'v2.0/' : ''}token`;
const good = (): Record<string, string> => ({ grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret, scope: 'https://monitor.azure.com/.default' });

/** Asserts Entra's error shape (§3.6) and returns the body. */
function assertEntraError(res: HttpResult, status: number, error: string, code: number, correlationId?: string): any {
  assert.equal(res.status, status, res.text);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const b = res.json;
  assert.equal(b.error, error);
  assert.deepEqual(b.error_codes, [code]);
  assert.match(b.error_description, new RegExp(`^AADSTS${code}: `));
  assert.match(b.error_description, /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(b.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(b.trace_id, /^[0-9a-f-]{36}$/);
  assert.match(b.correlation_id, /^[0-9a-f-]{36}$/);
  if (correlationId) assert.equal(b.correlation_id, correlationId);
  assert.equal(b.error_uri, `${server.url}/error?code=${code}`);
  return b;
}

test('v2 discovery: required keys, issuer on the authority host, endpoints carrying the real tenant id', async () => {
  for (const seg of [server.info.tenantId, server.info.tenantId.toUpperCase(), 'vigil.localhost']) {
    const res = await https(`${server.url}/${seg}/v2.0/.well-known/openid-configuration`, { ca: server.caPem });
    assert.equal(res.status, 200);
    const d = res.json;
    const tid = server.info.tenantId;
    assert.equal(d.issuer, `${server.url}/${tid}/v2.0`);
    assert.equal(d.authorization_endpoint, `${server.url}/${tid}/oauth2/v2.0/authorize`);
    assert.equal(d.token_endpoint, `${server.url}/${tid}/oauth2/v2.0/token`);
    assert.equal(d.jwks_uri, `${server.url}/${tid}/discovery/v2.0/keys`);
  }
});

test('AD FS discovery at /adfs/.well-known/openid-configuration points at /adfs endpoints on the same host', async () => {
  const res = await https(`${server.url}/adfs/.well-known/openid-configuration`, { ca: server.caPem });
  assert.equal(res.status, 200);
  assert.equal(res.json.token_endpoint, `${server.url}/adfs/oauth2/token`);
  assert.equal(new URL(res.json.issuer).origin, server.url);
  for (const k of ['authorization_endpoint', 'token_endpoint', 'issuer', 'jwks_uri']) assert.ok(k in res.json, k);
});

test('JWKS serves the RS256 key that signs the tokens', async () => {
  const res = await https(`${server.url}/${server.info.tenantId}/discovery/v2.0/keys`, { ca: server.caPem });
  assert.equal(res.status, 200);
  const tok = await postForm(tokenUrl(server.info.tenantId), good(), server.caPem);
  const kid = decodeProtectedHeader(tok.json.access_token).kid;
  const key = res.json.keys.find((k: { kid: string }) => k.kid === kid);
  assert.ok(key);
  assert.equal(key.kty, 'RSA');
  assert.equal(key.d, undefined, 'no private parts in the JWKS');
});

test('token success: the documented v2 shape with numeric expires_in, and Entra v1 claims', async () => {
  const res = await postForm(`${tokenUrl(server.info.tenantId)}?client-request-id=9d2d3a4e-1111-4222-8333-944445555666`, good(), server.caPem);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.keys(res.json).sort(), ['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
  assert.equal(res.json.token_type, 'Bearer');
  assert.equal(typeof res.json.expires_in, 'number');
  assert.ok(res.json.expires_in >= 3600 && res.json.expires_in <= 5400);
  const c = decodeJwt(res.json.access_token);
  assert.equal(c.aud, 'https://monitor.azure.com');
  assert.equal(c.iss, `${server.url}/${server.info.tenantId}/`);
  assert.equal(c.tid, server.info.tenantId);
  assert.equal(c.appid, app.appId);
  assert.equal(c.oid, app.servicePrincipalId);
  assert.equal(c.sub, app.servicePrincipalId);
  assert.equal(c.ver, '1.0');
  assert.equal(c.idtyp, 'app');
  assert.equal(c.appidacr, '1');
  assert.equal((c.exp as number) - (c.iat as number), res.json.expires_in);
  assert.equal(c.nbf, c.iat);
  assert.equal(decodeProtectedHeader(res.json.access_token).alg, 'RS256');
});

test('scopes seen in the wild map to audiences: double slash, query API, OpenID scopes alongside', async () => {
  const cases: [string, string][] = [
    ['https://monitor.azure.com//.default', 'https://monitor.azure.com'],
    ['https://api.loganalytics.io/.default', 'https://api.loganalytics.io'],
    ['https://monitor.azure.com/.default openid profile offline_access', 'https://monitor.azure.com'],
    ['HTTPS://MONITOR.AZURE.COM/.default', 'https://monitor.azure.com'],
  ];
  for (const [scope, aud] of cases) {
    const res = await postForm(tokenUrl(server.info.tenantId), { ...good(), scope }, server.caPem);
    assert.equal(res.status, 200, `${scope}: ${res.text}`);
    assert.equal(decodeJwt(res.json.access_token).aud, aud, scope);
  }
});

test('CAE: a claims request for cp1 (what SDK clients send) is accepted and reflected as xms_cc', async () => {
  const claims = JSON.stringify({ access_token: { xms_cc: { values: ['cp1'] } } });
  const res = await postForm(tokenUrl(server.info.tenantId), { ...good(), claims, 'x-client-SKU': 'msal.js.node', 'x-client-VER': '5.6.0' }, server.caPem);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(decodeJwt(res.json.access_token).xms_cc, ['CP1']);
});

test('client credentials by HTTP Basic authentication', async () => {
  const { client_id: _i, client_secret: _s, ...rest } = good();
  const basic = Buffer.from(`${encodeURIComponent(app.appId)}:${encodeURIComponent(app.secret)}`).toString('base64');
  const res = await postForm(tokenUrl(server.info.tenantId), rest, server.caPem, { authorization: `Basic ${basic}` });
  assert.equal(res.status, 200, res.text);
});

test('v1 endpoint with resource= answers string-typed numbers and the resource', async () => {
  const { scope: _s, ...rest } = good();
  const res = await postForm(tokenUrl(server.info.tenantId, 'v1'), { ...rest, resource: 'https://monitor.azure.com/' }, server.caPem);
  assert.equal(res.status, 200, res.text);
  for (const k of ['expires_in', 'ext_expires_in', 'expires_on', 'not_before']) assert.match(res.json[k], /^\d+$/, k);
  assert.equal(res.json.resource, 'https://monitor.azure.com/');
  assert.equal(decodeJwt(res.json.access_token).aud, 'https://monitor.azure.com');
});

test('errors: wrong secret is 401 invalid_client AADSTS7000215, correlation id echoed', async () => {
  const cid = '0b8f3a52-7b2c-4c5e-9d1a-2f3e4d5c6b7a';
  const res = await postForm(tokenUrl(server.info.tenantId), { ...good(), client_secret: 'wrong' }, server.caPem, { 'x-ms-client-request-id': cid });
  assertEntraError(res, 401, 'invalid_client', 7000215, cid);
});

test('errors: no secret is 401 invalid_client AADSTS7000218', async () => {
  const { client_secret: _s, ...rest } = good();
  assertEntraError(await postForm(tokenUrl(server.info.tenantId), rest, server.caPem), 401, 'invalid_client', 7000218);
});

test('errors: an expired secret is 401 invalid_client AADSTS7000222', async () => {
  const a = await server.ctx.workspace.createApp({ displayName: 'short-lived' });
  const { secretText } = await server.ctx.workspace.addSecret(a.appId, { endDateTime: new Date(Date.now() + 1000) });
  await new Promise((r) => setTimeout(r, 1200));
  const res = await postForm(tokenUrl(server.info.tenantId), { ...good(), client_id: a.appId, client_secret: secretText }, server.caPem);
  assertEntraError(res, 401, 'invalid_client', 7000222);
});

test('errors: unknown application is 400 unauthorized_client AADSTS700016', async () => {
  const res = await postForm(tokenUrl(server.info.tenantId), { ...good(), client_id: '11111111-2222-3333-4444-555555555555' }, server.caPem);
  const b = assertEntraError(res, 400, 'unauthorized_client', 700016);
  assert.match(b.error_description, /11111111-2222-3333-4444-555555555555/);
});

test('errors: unknown, non-.default, several or missing scopes are 400 invalid_scope AADSTS70011', async () => {
  for (const scope of ['https://storage.azure.com/.default', 'https://monitor.azure.com/user_impersonation', 'https://monitor.azure.com/.default https://api.loganalytics.io/.default', '']) {
    const fields = scope ? { ...good(), scope } : (({ scope: _s, ...r }) => r)(good());
    assertEntraError(await postForm(tokenUrl(server.info.tenantId), fields, server.caPem), 400, 'invalid_scope', 70011);
  }
});

test('errors: v1 resource that is not served is 400 invalid_resource AADSTS500011', async () => {
  const { scope: _s, ...rest } = good();
  assertEntraError(await postForm(tokenUrl(server.info.tenantId, 'v1'), { ...rest, resource: 'https://vault.azure.net' }, server.caPem), 400, 'invalid_resource', 500011);
});

test('errors: missing grant_type is AADSTS900144; another grant is unsupported_grant_type', async () => {
  const { grant_type: _g, ...rest } = good();
  assertEntraError(await postForm(tokenUrl(server.info.tenantId), rest, server.caPem), 400, 'invalid_request', 900144);
  assertEntraError(await postForm(tokenUrl(server.info.tenantId), { ...good(), grant_type: 'password' }, server.caPem), 400, 'unsupported_grant_type', 70003);
});

test('errors: unknown tenant is AADSTS90002, malformed tenant AADSTS900023 (token and discovery alike)', async () => {
  assertEntraError(await postForm(tokenUrl('72f988bf-86f1-41af-91ab-2d7cd011db47'), good(), server.caPem), 400, 'invalid_request', 90002);
  assertEntraError(await postForm(tokenUrl('contoso.onmicrosoft.com'), good(), server.caPem), 400, 'invalid_request', 90002);
  assertEntraError(await postForm(tokenUrl('not_a_tenant!'), good(), server.caPem), 400, 'invalid_request', 900023);
  assertEntraError(await https(`${server.url}/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0/.well-known/openid-configuration`, { ca: server.caPem }), 400, 'invalid_request', 90002);
});

test('errors: GET on the token endpoint is JSON, not HTML; so is an unparseable body', async () => {
  assertEntraError(await https(tokenUrl(server.info.tenantId), { ca: server.caPem }), 405, 'invalid_request', 900561);
  const res = await https(tokenUrl(server.info.tenantId), { method: 'POST', ca: server.caPem, headers: { 'content-type': 'application/json' }, body: '{not json' });
  assertEntraError(res, 400, 'invalid_request', 900144);
});

test('an unknown path on the authority host answers JSON', async () => {
  const res = await https(`${server.url}/${server.info.tenantId}/oauth2/v2.0/authorize`, { ca: server.caPem });
  assert.equal(res.status, 404);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.ok(res.json);
});
