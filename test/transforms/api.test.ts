// The dry run through the management API (`POST /vigil/transforms/test`) on a real server: a
// stored DCR by name, or a DCR body checked as PUT would check it, with the workspace's tables —
// and nothing written (no rows, no DCR, no dead-letter table).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { admin, createApp, https, postForm, startTestServer } from '../surfaces/helpers.js';

const CONTOSO_DCR = 'test/workspace/fixtures/contoso-dcr.json';
const CONTOSO_TABLE = 'test/workspace/fixtures/contoso-table.json';
const readJson = async (p: string) => JSON.parse(await readFile(p, 'utf8'));
const EVENT = { EventSeverity: 'High', EventType: 'LoginAlert', UserName: 'bob@contoso.com', SourceIP: '10.0.0.1', DeviceId: 'd-1', AlertMessage: 'x', Extra: 1 };

test('dry run of a stored DCR and of a DCR body; nothing is written', async (t) => {
  const server = await startTestServer();
  t.after(() => server.dispose());
  const ws = server.ctx.workspace;
  await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
  const { dcr } = await ws.putDcr('ContosoSecurityAlertsPushDCR', await readJson(CONTOSO_DCR));

  const byName = await admin(server, 'POST', '/vigil/transforms/test', { dcr: 'ContosoSecurityAlertsPushDCR', records: [EVENT], now: '2026-02-01T00:00:00Z' });
  assert.equal(byName.status, 200, byName.text);
  assert.equal(byName.json.ok, true);
  const flow = byName.json.streams[0].flows[0];
  assert.equal(flow.rows[0].values.UserName, 'bob@contoso.com');
  // `extend TimeGenerated = now()` at the requested time.
  assert.equal(Date.parse(flow.rows[0].values.TimeGenerated), Date.parse('2026-02-01T00:00:00Z'));
  assert.deepEqual(byName.json.streams[0].droppedFields, { Extra: [0] });
  // By immutable id as well.
  assert.equal((await admin(server, 'POST', '/vigil/transforms/test', { dcr: dcr.immutableId, records: [EVENT] })).json.ok, true);

  // A DCR body with a broken transform: located inside the request body, line:column in the transform.
  const body = await readJson(CONTOSO_DCR);
  body.properties.dataFlows[0].transformKql = 'source | extend TimeGenerated = now() | extend r = rand()';
  const broken = await admin(server, 'POST', '/vigil/transforms/test', { dcr: body, records: [EVENT] });
  assert.equal(broken.status, 200);
  assert.equal(broken.json.ok, false);
  assert.deepEqual(broken.json.problems.map((p: Record<string, unknown>) => [p.code, p.pointer, p.line, p.column]), [['KQL3002', '/dcr/properties/dataFlows/0/transformKql', 1, 52]]);

  // A body the workspace would refuse (its table does not exist) is reported, not stored.
  body.properties.dataFlows[0].transformKql = 'source | extend TimeGenerated = now()';
  body.properties.dataFlows[0].outputStream = 'Custom-Nope_CL';
  const noTable = await admin(server, 'POST', '/vigil/transforms/test', { dcr: body, records: [EVENT] });
  assert.deepEqual(noTable.json.problems.map((p: Record<string, unknown>) => [p.code, p.pointer]), [['OutputTableNotFound', '/dcr/properties/dataFlows/0/outputStream']]);
  // …unless the request brings the table along (for this run only).
  body.properties.dataFlows[0].transformKql = 'source | extend TimeGenerated = now() | project TimeGenerated, UserName';
  const withTable = await admin(server, 'POST', '/vigil/transforms/test', { dcr: body, records: [EVENT], tables: [{ properties: { schema: { name: 'Nope_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'UserName', type: 'string' }] } } }] });
  assert.equal(withTable.json.ok, true, withTable.text);
  assert.deepEqual(withTable.json.streams[0].flows[0].columns.map((c: { name: string }) => c.name), ['TimeGenerated', 'UserName']);

  assert.equal(ws.getTable('Nope_CL'), undefined);
  assert.deepEqual(ws.listDcrs().map((d) => d.name), ['ContosoSecurityAlertsPushDCR']);
  await server.ctx.engine.flush();
  assert.equal(Number((await server.ctx.engine.query('SELECT count(*) FROM "ContosoSecurityAlerts_CL"')).rows[0][0]), 0);
});

test('the dry-run route needs the management authentication and a well-formed request', async (t) => {
  const server = await startTestServer();
  t.after(() => server.dispose());
  const anon = await https(`${server.url}/vigil/transforms/test`, { method: 'POST', ca: server.caPem, headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(anon.status, 401);
  assert.equal(anon.json.error.code, 'AuthenticationFailed');
  const bad = await admin(server, 'POST', '/vigil/transforms/test', { dcr: 'x' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'InvalidRequestContent');
  const unknown = await admin(server, 'POST', '/vigil/transforms/test', { dcr: 'no-such-dcr', records: [] });
  assert.equal(unknown.status, 404);

  // An app without a role on the workspace may not; with Reader it may.
  const app = await createApp(server);
  const token = (await postForm(`${server.url}/${server.info.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret, scope: 'https://management.azure.com/.default' }, server.caPem)).json.access_token as string;
  const asApp = () => https(`${server.url}/vigil/transforms/test`, { method: 'POST', ca: server.caPem, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ dcr: 'no-such-dcr', records: [] }) });
  assert.equal((await asApp()).status, 403);
  await server.ctx.workspace.assignRole({ principalId: app.servicePrincipalId, role: 'Reader', scope: server.ctx.workspace.workspaceResourceId });
  assert.equal((await asApp()).status, 404);
});
