// The Logs Ingestion API over real HTTPS (spec/azure-wire-contracts.md §4): success shapes the
// clients send, and every error of the surface's table with Azure.Core's body and x-ms-error-code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { request } from 'node:https';
import { startTestServer, type TestServer } from '../helpers.js';
import { parseReceiptHeader, RECEIPT_HEADER } from '../../../src/surfaces/ingestion/plugin.js';
import { IdentityService } from '../../../src/surfaces/identity/identity-service.js';
import { azureError, count, createRoute, createSender, ingestUrl, post, token, STREAM, TABLE, type Sender } from './helpers.js';

let server: TestServer;
let dcr: string;
let sender: Sender;

before(async () => {
  server = await startTestServer({}, { ingestion: { prefixes: ['', '/ingest'] } });
  dcr = await createRoute(server);
  sender = await createSender(server, 'probe-dcr');
});
after(async () => {
  await server?.dispose();
});

const rec = (id: number, extra: Record<string, unknown> = {}) => ({ TimeGenerated: '2024-05-01T12:00:00Z', RecordId: id, Name: `n${id}`, Count: id % 7, ...extra });

test('a gzip JSON array as the JS SDK sends it (percent-encoded api-version name) answers 204 with an empty body, and the rows are stored', async () => {
  const before = await count(server);
  const r = await post(server, ingestUrl(server, dcr, STREAM, '?api%2Dversion=2023-01-01'), [rec(1), rec(2, { Undeclared: true })], {
    token: sender.token, gzip: true, headers: { 'x-ms-client-request-id': 'c0ffee00-0000-4000-8000-000000000001' },
  });
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  assert.equal(r.headers['x-ms-client-request-id'], 'c0ffee00-0000-4000-8000-000000000001');
  assert.deepEqual(parseReceiptHeader(String(r.headers[RECEIPT_HEADER])), { records: 2, stored: 2, filtered: 0, 'dead-lettered': 0, 'dropped-fields': 1, 'truncated-fields': 0 });
  assert.equal(await count(server), before + 2);
});

test("Fluent Bit's api-version, an identity body, a path prefix and doubled slashes are accepted", async () => {
  const before = await count(server);
  const fluent = await post(server, ingestUrl(server, dcr, STREAM, '?api-version=2021-11-01-preview'), [rec(10)], { token: sender.token });
  assert.equal(fluent.status, 204, fluent.text);
  const prefixed = await post(server, `${server.url}/ingest/dataCollectionRules/${dcr}/streams/${STREAM}?api-version=2023-01-01`, [rec(11)], { token: sender.token });
  assert.equal(prefixed.status, 204, prefixed.text);
  const doubled = await post(server, `${server.url}//dataCollectionRules/${dcr}/streams/${STREAM}?api-version=2023-01-01`, [rec(12)], { token: sender.token });
  assert.equal(doubled.status, 204, doubled.text);
  assert.equal(await count(server), before + 3);
});

test('an empty array answers 204 (shippers use it as a health check) and stores nothing', async () => {
  const before = await count(server);
  const r = await post(server, ingestUrl(server, dcr), [], { token: sender.token });
  assert.equal(r.status, 204);
  assert.equal(await count(server), before);
});

test('400: missing or unknown api-version', async () => {
  const missing = await post(server, ingestUrl(server, dcr, STREAM, ''), [rec(1)], { token: sender.token });
  assert.equal(missing.status, 400);
  assert.equal(azureError(missing).code, 'MissingApiVersion');
  const wrong = await post(server, ingestUrl(server, dcr, STREAM, '?api-version=2099-01-01'), [rec(1)], { token: sender.token });
  assert.equal(wrong.status, 400);
  assert.equal(azureError(wrong).code, 'InvalidApiVersion');
});

test('400 InvalidPayload: malformed JSON, not an array of objects, broken gzip', async () => {
  const before = await count(server);
  const cases: { body: string | Buffer; gzipHeader?: boolean; target?: string }[] = [
    { body: '[{"RecordId": 1,' },
    { body: '42' },
    { body: '[{"RecordId": 1}, "text"]', target: '[1]' },
    { body: Buffer.from('not gzip at all'), gzipHeader: true },
  ];
  for (const c of cases) {
    const r = await post(server, ingestUrl(server, dcr), c.body, { token: sender.token, headers: c.gzipHeader ? { 'content-encoding': 'gzip' } : {} });
    assert.equal(r.status, 400, `${String(c.body)} → ${r.status} ${r.text}`);
    const e = azureError(r);
    assert.equal(e.code, 'InvalidPayload');
    if (c.target) assert.equal(e.target, c.target);
  }
  assert.equal(await count(server), before);
});

test('400: a value that does not fit its declared type names the record and field; nothing of the request is stored', async () => {
  const before = await count(server);
  const r = await post(server, ingestUrl(server, dcr), [rec(20), rec(21, { Count: 'seven' })], { token: sender.token, gzip: true });
  assert.equal(r.status, 400);
  const e = azureError(r);
  assert.equal(e.code, 'InvalidPayload');
  assert.equal(e.target, '[1].Count');
  assert.match(e.message, /Record 1\b/);
  assert.match(e.message, /'Count'/);
  assert.match(e.message, /int/);
  assert.equal(await count(server), before);
});

test('401: no token, a token that is not a JWT, a tampered token, an expired token, a token for another audience', async () => {
  const url = ingestUrl(server, dcr);
  const none = await post(server, url, [rec(1)]);
  assert.equal(none.status, 401);
  assert.equal(azureError(none).code, 'InvalidAuthenticationToken');
  const junk = await post(server, url, [rec(1)], { token: 'not-a-jwt' });
  assert.equal(junk.status, 401);
  assert.equal(azureError(junk).code, 'InvalidAuthenticationToken');
  // Change one claim: the signature no longer matches.
  const [h, p, s] = sender.token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  claims.oid = '00000000-0000-0000-0000-000000000000';
  const tampered = await post(server, url, [rec(1)], { token: `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}` });
  assert.equal(tampered.status, 401);
  assert.equal(azureError(tampered).code, 'InvalidAuthenticationToken');
  // A token Vigil's own key signed two hours ago, valid for one hour: expired.
  const past = new Date(Date.now() - 2 * 3600_000);
  const oldIssuer = await IdentityService.open({ documents: server.ctx.engine.documents, tenantId: server.info.tenantId, issuerOrigin: () => server.url, tokenLifetimeSeconds: 3600, now: () => past });
  const expired = await oldIssuer.issueToken(server.ctx.workspace.getApp(sender.appId)!, 'https://monitor.azure.com');
  const exp = await post(server, url, [rec(1)], { token: expired.accessToken });
  assert.equal(exp.status, 401);
  const expErr = azureError(exp);
  assert.equal(expErr.code, 'InvalidAuthenticationToken');
  assert.match(expErr.message, /expired/);
  const queryToken = await token(server, sender.appId, sender.secret, 'https://api.loganalytics.io/.default');
  const aud = await post(server, url, [rec(1)], { token: queryToken });
  assert.equal(aud.status, 401);
  assert.equal(azureError(aud).code, 'InvalidAudience');
});

test('403: an app with a role on one DCR cannot send to a second DCR; the message names the DCR and the caller', async () => {
  const second = await createRoute(server, 'second-dcr', 'Second_CL', 'Custom-Second');
  const ok = await post(server, ingestUrl(server, dcr), [rec(30)], { token: sender.token });
  assert.equal(ok.status, 204);
  const r = await post(server, ingestUrl(server, second, 'Custom-Second'), [rec(31)], { token: sender.token });
  assert.equal(r.status, 403);
  const e = azureError(r);
  assert.equal(e.code, 'OperationFailed');
  assert.ok(e.message.includes(`immutable Id '${second}'`), e.message);
  assert.ok(e.message.includes(sender.servicePrincipalId), e.message);
  assert.equal(await count(server, 'Second_CL'), 0);
  // An app without any role assignment is refused too.
  const stranger = await createSender(server, undefined, 'stranger');
  const s = await post(server, ingestUrl(server, dcr), [rec(32)], { token: stranger.token });
  assert.equal(s.status, 403);
});

test('404: an unknown DCR (Azure\'s text) and an unknown stream', async () => {
  const missing = 'dcr-0123456789abcdef0123456789abcdef';
  const r = await post(server, ingestUrl(server, missing), [rec(1)], { token: sender.token });
  assert.equal(r.status, 404);
  const e = azureError(r);
  assert.equal(e.code, 'NotFound');
  assert.equal(e.message, `Data collection rule with immutable Id '${missing}' not found.`);
  const s = await post(server, ingestUrl(server, dcr, 'Custom-Nope'), [rec(1)], { token: sender.token });
  assert.equal(s.status, 404);
  assert.equal(azureError(s).code, 'InvalidStream');
});

test('413 ContentLengthLimitExceeded: measured on the wire Content-Length, with Azure\'s text; a 1 MB gzip body that inflates further is fine', async () => {
  const big = Buffer.alloc(1_048_577, 0x20);
  const r = await post(server, ingestUrl(server, dcr), big, { token: sender.token });
  assert.equal(r.status, 413);
  const e = azureError(r);
  assert.equal(e.code, 'ContentLengthLimitExceeded');
  assert.equal(e.message, 'Maximum allowed content length: 1048576 bytes (1 MB). Provided content length: 1048577 bytes.');

  // ~2 MB of JSON compresses far below 1 MB: the limit applies to the body as sent.
  const before = await count(server);
  const many = Array.from({ length: 8000 }, (_, i) => rec(100_000 + i, { Name: `name-${i}-${'x'.repeat(200)}` }));
  const json = JSON.stringify(many);
  assert.ok(Buffer.byteLength(json) > 1_048_576);
  const ok = await post(server, ingestUrl(server, dcr), json, { token: sender.token, gzip: true });
  assert.equal(ok.status, 204, ok.text);
  assert.equal(await count(server), before + many.length);
});

test('413 also for a chunked body (no Content-Length) that exceeds the limit while being read', async () => {
  const r = await new Promise<{ status: number; body: string; code: unknown }>((resolve, reject) => {
    const req = request(ingestUrl(server, dcr), { method: 'POST', ca: server.caPem, agent: false, headers: { authorization: `Bearer ${sender.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, code: res.headers['x-ms-error-code'] }));
    });
    req.on('error', reject);
    for (let i = 0; i < 20; i++) req.write(Buffer.alloc(64 * 1024, 0x20));
    req.end();
  });
  assert.equal(r.status, 413);
  assert.equal(r.code, 'ContentLengthLimitExceeded');
});

test('every refusal is counted against its DCR and stream', async () => {
  const snap = server.ctx.pipeline.snapshot();
  const probe = snap.streams.find((s) => s.dcrImmutableId === dcr && s.stream === STREAM)!;
  assert.ok(probe.rejected['uncoercible_value'] >= 1, JSON.stringify(probe.rejected));
  assert.ok(probe.rejected['InvalidPayload'] >= 1, JSON.stringify(probe.rejected));
  assert.ok(probe.requests >= 5);
  assert.ok((snap.unrouted['InvalidAuthenticationToken'] ?? 0) >= 3, JSON.stringify(snap.unrouted));
});

test('429 with Retry-After once a DCR is over its request rate; other DCRs are not affected', async () => {
  const s2 = await startTestServer({}, { ingestion: { requestsPerMinute: 3 } });
  try {
    const d1 = await createRoute(s2, 'limited');
    const d2 = await createRoute(s2, 'other', 'Other_CL', 'Custom-Other');
    const a = await createSender(s2, 'limited');
    await s2.ctx.workspace.assignRole({ principalId: a.servicePrincipalId, role: 'Monitoring Metrics Publisher', scope: s2.ctx.workspace.dcrResourceId('other') });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(s2, ingestUrl(s2, d1), [rec(i)], { token: a.token })).status);
    assert.deepEqual(statuses, [204, 204, 204, 429]);
    const r = await post(s2, ingestUrl(s2, d1), [rec(9)], { token: a.token });
    assert.equal(r.status, 429);
    assert.equal(azureError(r).code, 'TooManyRequests');
    assert.ok(Number(r.headers['retry-after']) >= 1, String(r.headers['retry-after']));
    assert.equal((await post(s2, ingestUrl(s2, d2, 'Custom-Other'), [rec(1)], { token: a.token })).status, 204);
    assert.equal(await count(s2), 3);
  } finally {
    await s2.dispose();
  }
});

test('503 with Retry-After once shutting down', async () => {
  const s3 = await startTestServer();
  try {
    const d = await createRoute(s3);
    const a = await createSender(s3, 'probe-dcr');
    assert.equal((await post(s3, ingestUrl(s3, d), [rec(1)], { token: a.token })).status, 204);
    s3.ctx.pipeline.beginShutdown();
    const r = await post(s3, ingestUrl(s3, d), [rec(2)], { token: a.token });
    assert.equal(r.status, 503);
    assert.equal(azureError(r).code, 'ServiceUnavailable');
    assert.ok(Number(r.headers['retry-after']) >= 1);
    assert.equal(await count(s3), 1);
  } finally {
    await s3.dispose();
  }
});
