// The HTTP Data Collector API over real HTTPS (spec/azure-wire-contracts.md §5): routing by Host
// and by path, SharedKey with either key, key regeneration, replay window, every error in the API's
// own shape, the Vector health check, and durability before 200.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../helpers.js';
import { post, sql, startCollectorServer, sign } from './helpers.js';

const OTHER_WS = '00000000-1111-2222-3333-444444444444';

function expectError(r: { status: number; json: any; headers: Record<string, unknown> }, status: number, error: string, message?: RegExp | string): void {
  assert.equal(r.status, status, `status (body ${JSON.stringify(r.json)})`);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  assert.deepEqual(Object.keys(r.json ?? {}), ['Error', 'Message']);
  assert.equal(r.json.Error, error);
  if (typeof message === 'string') assert.equal(r.json.Message, message);
  else if (message) assert.match(r.json.Message, message);
}

test('a signed post is stored: Host form, path form and a plain host; 200 with an empty body only after the rows are durable', async (t) => {
  const server = await startCollectorServer(t);
  const ws = server.ctx.workspace.workspace.id;
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;

  const r1 = await post(server, { workspaceId: ws, key, logType: 'Routes', body: JSON.stringify([{ via: 'host' }]) });
  assert.equal(r1.status, 200);
  assert.equal(r1.text, '');
  const r2 = await post(server, { workspaceId: ws, key, logType: 'Routes', body: JSON.stringify([{ via: 'path' }]), host: 'localhost', path: `/workspaces/${ws}/api/logs?api-version=2016-04-01` });
  assert.equal(r2.status, 200);
  const r3 = await post(server, { workspaceId: ws, key, logType: 'Routes', body: JSON.stringify({ via: 'plain host' }), host: 'localhost' });
  assert.equal(r3.status, 200);
  // Upper-case workspace id in the host, Vector-style lower-case header names.
  const r4 = await post(server, { workspaceId: ws, key, logType: null, body: '[{"via":"upper"}]', host: `${ws.toUpperCase()}.ods.vigil.local:443`, headers: { 'log-type': 'Routes' } });
  assert.equal(r4.status, 200);

  // Durable before 200: the journal holds the rows even before any load.
  assert.equal(server.ctx.engine.stats().tables['Routes_CL']?.rowsAppended, 4);
  const rows = await sql(server, 'SELECT via_s FROM Routes_CL ORDER BY via_s');
  assert.deepEqual(rows, [['host'], ['path'], ['plain host'], ['upper']]);
});

test('either workspace key signs; a regenerated key stops working at once (management API)', async (t) => {
  const server = await startCollectorServer(t);
  const ws = server.ctx.workspace.workspace.id;
  const { primarySharedKey: oldPrimary, secondarySharedKey: secondary } = server.ctx.workspace.sharedKeys();
  assert.equal((await post(server, { workspaceId: ws, key: oldPrimary, body: '[{"k":1}]' })).status, 200);
  assert.equal((await post(server, { workspaceId: ws, key: secondary, body: '[{"k":2}]' })).status, 200);

  const regen = await admin(server, 'POST', `${server.ctx.workspace.workspaceResourceId}/regenerateSharedKey`, { keyType: 'primary' });
  assert.equal(regen.status, 200);
  const newPrimary = regen.json.primarySharedKey as string;
  assert.notEqual(newPrimary, oldPrimary);
  assert.equal(regen.json.secondarySharedKey, secondary);

  expectError(await post(server, { workspaceId: ws, key: oldPrimary, body: '[{"k":3}]' }), 403, 'InvalidAuthorization', 'An invalid signature was specified in the Authorization header');
  assert.equal((await post(server, { workspaceId: ws, key: newPrimary, body: '[{"k":4}]' })).status, 200);
  assert.equal((await post(server, { workspaceId: ws, key: secondary, body: '[{"k":5}]' })).status, 200);
  assert.deepEqual(await sql(server, 'SELECT k_d FROM VigilTest_CL ORDER BY k_d'), [[1], [2], [4], [5]]);
});

test('the Vector health check POST [] answers 200 and creates nothing', async (t) => {
  const server = await startCollectorServer(t);
  const ws = server.ctx.workspace.workspace.id;
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;
  const r = await post(server, { workspaceId: ws, key, logType: 'vector_health', body: '[]', headers: { 'user-agent': 'Vector' } });
  assert.equal(r.status, 200);
  assert.equal(server.ctx.workspace.getTable('vector_health_CL'), undefined);
  // Unsigned, it is refused: Vector then reports the sink unhealthy, as against Azure.
  expectError(await post(server, { workspaceId: ws, key, logType: 'vector_health', body: '[]', authorization: null }), 403, 'InvalidAuthorization');
});

test('content type: signed verbatim in strict mode (as Azure); the bare media type also passes in loose mode', async (t) => {
  const strict = await startCollectorServer(t);
  const ws = strict.ctx.workspace.workspace.id;
  const key = strict.ctx.workspace.sharedKeys().primarySharedKey;
  const sent = 'application/json; charset=utf-8';
  expectError(await post(strict, { workspaceId: ws, key, body: '[{"a":1}]', contentType: sent, signedContentType: 'application/json' }), 403, 'InvalidAuthorization', 'An invalid signature was specified in the Authorization header');
  assert.equal((await post(strict, { workspaceId: ws, key, body: '[{"a":1}]', contentType: sent })).status, 200);

  const loose = await startCollectorServer(t, { signatureMode: 'loose' });
  const lws = loose.ctx.workspace.workspace.id;
  const lkey = loose.ctx.workspace.sharedKeys().primarySharedKey;
  assert.equal((await post(loose, { workspaceId: lws, key: lkey, body: '[{"a":1}]', contentType: sent, signedContentType: 'application/json' })).status, 200);
  expectError(await post(loose, { workspaceId: lws, key: strict.ctx.workspace.sharedKeys().primarySharedKey, body: '[{"a":1}]', contentType: sent, signedContentType: 'application/json' }), 403, 'InvalidAuthorization');
});

test('content type with whitespace on the wire: the server signs the value as received (HTTP trims it), so only a trimmed signature passes', async (t) => {
  const server = await startCollectorServer(t);
  const ws = server.ctx.workspace.workspace.id;
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;
  // Sent as "application/json  ": what arrives is "application/json".
  assert.equal((await post(server, { workspaceId: ws, key, body: '[{"a":1}]', contentType: 'application/json  ', signedContentType: 'application/json' })).status, 200);
  expectError(await post(server, { workspaceId: ws, key, body: '[{"a":1}]', contentType: 'application/json  ' }), 403, 'InvalidAuthorization', 'An invalid signature was specified in the Authorization header');
  // The parameters stay verbatim: a charset is part of what is signed.
  assert.equal((await post(server, { workspaceId: ws, key, body: '[{"a":2}]', contentType: 'application/json;charset=UTF-8' })).status, 200);
  expectError(await post(server, { workspaceId: ws, key, body: '[{"a":2}]', contentType: 'application/json;charset=UTF-8', signedContentType: 'application/json; charset=UTF-8' }), 403, 'InvalidAuthorization');
});

test('every error in the API shape {"Error","Message"} with its documented status', async (t) => {
  const server = await startCollectorServer(t, { maxBodyBytes: 4096 });
  const ws = server.ctx.workspace.workspace.id;
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;
  const ok = { workspaceId: ws, key, body: '[{"a":1}]' };

  // Workspace
  expectError(await post(server, { ...ok, host: `${OTHER_WS}.ods.opinsights.azure.com` }), 400, 'InvalidCustomerId');
  expectError(await post(server, { ...ok, host: 'localhost', path: `/workspaces/${OTHER_WS}/api/logs?api-version=2016-04-01` }), 400, 'InvalidCustomerId');
  expectError(await post(server, { ...ok, host: 'localhost', path: '/workspaces/not-a-guid/api/logs?api-version=2016-04-01' }), 400, 'InvalidCustomerId');
  // api-version
  expectError(await post(server, { ...ok, path: '/api/logs' }), 400, 'MissingApiVersion');
  expectError(await post(server, { ...ok, path: '/api/logs?api-version=2023-01-01' }), 400, 'InvalidApiVersion');
  // Authorization (messages of the three cases Azure is known to send, verbatim)
  expectError(await post(server, { ...ok, authorization: null }), 403, 'InvalidAuthorization', 'No Authorization header was specified');
  expectError(await post(server, { ...ok, authorization: 'Bearer abc' }), 403, 'InvalidAuthorization', 'An invalid scheme was specified in the Authorization header');
  expectError(await post(server, { ...ok, key: Buffer.alloc(64, 7).toString('base64') }), 403, 'InvalidAuthorization', 'An invalid signature was specified in the Authorization header');
  expectError(await post(server, { ...ok, authWorkspaceId: OTHER_WS }), 403, 'InvalidAuthorization', /workspace/);
  expectError(await post(server, { ...ok, date: null, authorization: `SharedKey ${ws}:${sign(key, 9, 'application/json', '')}` }), 403, 'InvalidAuthorization', /x-ms-date/);
  expectError(await post(server, { ...ok, date: '2025-01-01T00:00:00Z' }), 403, 'InvalidAuthorization', /RFC 1123/);
  // A replayed request: correctly signed 20 minutes ago.
  expectError(await post(server, { ...ok, date: new Date(Date.now() - 20 * 60_000).toUTCString() }), 403, 'InvalidAuthorization', /seconds away/);
  assert.equal((await post(server, { ...ok, date: new Date(Date.now() - 10 * 60_000).toUTCString() })).status, 200, '10 minutes is inside the ±15 min window');
  // Content-Type
  expectError(await post(server, { ...ok, contentType: null }), 400, 'MissingContentType');
  expectError(await post(server, { ...ok, contentType: 'text/plain' }), 400, 'UnsupportedContentType');
  // Log-Type
  expectError(await post(server, { ...ok, logType: null }), 400, 'MissingLogType');
  expectError(await post(server, { ...ok, logType: 'bad-name' }), 400, 'InvalidLogType');
  expectError(await post(server, { ...ok, logType: 'x'.repeat(101) }), 400, 'InvalidLogType');
  // Body
  expectError(await post(server, { ...ok, body: '[{"a":' }), 400, 'InvalidDataFormat');
  expectError(await post(server, { ...ok, body: '42' }), 400, 'InvalidDataFormat');
  expectError(await post(server, { ...ok, body: '' }), 400, 'InvalidDataFormat');
  expectError(await post(server, { ...ok, body: '[{"TimeGenerated":"2025-01-01T00:00:00Z"}]' }), 400, 'InvalidDataFormat', /reserved/);
  // Too large: 404 as documented ("the URL is wrong, or the request is too large")
  expectError(await post(server, { ...ok, body: JSON.stringify([{ big: 'x'.repeat(5000) }]) }), 404, 'RequestTooLarge');

  assert.deepEqual(await sql(server, 'SELECT count(*) FROM VigilTest_CL'), [[1n]], 'only the one good request stored a row');
});

test('path prefixes; headers time-generated-field and x-ms-AzureResourceId in any case', async (t) => {
  const server = await startCollectorServer(t, { prefixes: ['/ods'] });
  const ws = server.ctx.workspace.workspace.id;
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;
  const at = new Date(Date.now() - 3_600_000);
  const r = await post(server, {
    workspaceId: ws, key, logType: 'Hdr', host: 'localhost', path: `/ods/workspaces/${ws}/api/logs?api-version=2016-04-01`,
    body: JSON.stringify([{ when: at.toISOString() }]),
    headers: { 'time-generated-field': 'when', 'x-ms-azureresourceid': '/subscriptions/x/resourceGroups/y' },
  });
  assert.equal(r.status, 200);
  const [[tg, rid]] = await sql(server, 'SELECT TimeGenerated, _ResourceId FROM Hdr_CL');
  assert.equal(tg, at.toISOString().replace('Z', '000Z'));
  assert.equal(rid, '/subscriptions/x/resourceGroups/y');
});

test('a Log-Type of 100 characters is accepted (table of 103) and its table answers KQL; 101 is InvalidLogType', async (t) => {
  const server = await startCollectorServer(t);
  const ws = server.ctx.workspace.workspace.id;
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;
  const logType = 'Darktrace' + 'x'.repeat(91);
  assert.equal(logType.length, 100);
  const r = await post(server, { workspaceId: ws, key, logType, body: '[{"model":"Unrestricted Test Model","score":0.9}]' });
  assert.equal(r.status, 200, r.text);
  const table = `${logType}_CL`;
  assert.equal(server.ctx.workspace.getTable(table)?.name, table);
  await server.ctx.engine.flush();
  const out = await server.ctx.query.run({ query: `${table} | project model_s, score_d` });
  assert.deepEqual(out.table.rows, [['Unrestricted Test Model', 0.9]]);
  expectError(await post(server, { workspaceId: ws, key, logType: logType + 'y', body: '[{"a":1}]' }), 400, 'InvalidLogType', /101 characters/);
});

test('concurrent clients posting to one new Log-Type over HTTPS create one table with one set of columns', async (t) => {
  const server = await startCollectorServer(t);
  const ws = server.ctx.workspace.workspace.id;
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;
  const n = 16;
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => post(server, { workspaceId: ws, key, logType: 'Herd', body: JSON.stringify([{ id: i, host: `h${i}`, seen: '2025-02-03T04:05:06Z' }]) })));
  assert.deepEqual(replies.map((r) => r.status), Array(n).fill(200));
  const created = replies.map((r) => JSON.parse(String(r.headers['x-vigil-receipt'])).columnsAdded as number).filter((c) => c > 0);
  assert.equal(created.length, 1, 'one request created the table and its columns');
  const names = server.ctx.workspace.getTable('Herd_CL')!.columns.map((c) => c.name).filter((c) => /_[sdbtg]$/.test(c)).sort();
  assert.deepEqual(names, ['host_s', 'id_d', 'seen_t']);
  assert.deepEqual(await sql(server, 'SELECT count(*), count(DISTINCT id_d) FROM Herd_CL'), [[BigInt(n), BigInt(n)]]);
});
