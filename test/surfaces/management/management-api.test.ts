// The management API over real HTTPS: ARM-shaped tables, DCRs, DCEs, role assignments and shared
// keys; Graph-shaped app registrations; authentication by admin key or management token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startTestServer, admin, https, postForm, type TestServer } from '../helpers.js';

let server: TestServer;
let rg: string;
before(async () => {
  server = await startTestServer();
  rg = `/subscriptions/${server.info.subscriptionId}/resourceGroups/${server.info.resourceGroup}`;
});
after(async () => {
  await server?.dispose();
});

const seed = async (name: string): Promise<any> => JSON.parse(await readFile(`test/workspace/fixtures/${name}`, 'utf8'));
const tablePath = (name: string): string => `${rg}/providers/Microsoft.OperationalInsights/workspaces/${server.info.workspaceName}/tables/${name}`;
const dcrPath = (name: string): string => `${rg}/providers/Microsoft.Insights/dataCollectionRules/${name}`;

test("the seed's Contoso table.json and DCR.json are created through the management API", async () => {
  const t = await admin(server, 'PUT', tablePath('ContosoSecurityAlerts_CL'), await seed('contoso-table.json'));
  assert.equal(t.status, 201, t.text);
  assert.equal(t.json.id, `${server.info.workspaceResourceId}/tables/ContosoSecurityAlerts_CL`);
  assert.equal(t.json.type, 'Microsoft.OperationalInsights/workspaces/tables');
  assert.equal(t.json.properties.schema.tableSubType, 'DataCollectionRuleBased');
  assert.deepEqual(t.json.properties.schema.columns.map((c: { name: string }) => c.name), ['TimeGenerated', 'EventSeverity', 'EventType', 'UserName', 'SourceIP', 'DeviceId', 'AlertMessage']);
  assert.deepEqual(t.json.properties.schema.standardColumns.map((c: { name: string }) => c.name), ['TenantId', 'Type', '_ResourceId', '_SubscriptionId', '_ItemId', '_TimeReceived']);
  // Same body again: an update, 200.
  assert.equal((await admin(server, 'PUT', tablePath('ContosoSecurityAlerts_CL'), await seed('contoso-table.json'))).status, 200);

  const d = await admin(server, 'PUT', dcrPath('ContosoSecurityAlertsPushDCR'), await seed('contoso-dcr.json'));
  assert.equal(d.status, 201, d.text);
  assert.match(d.json.properties.immutableId, /^dcr-[0-9a-f]{32}$/);
  assert.equal(d.json.properties.destinations.logAnalytics[0].workspaceResourceId, server.info.workspaceResourceId);
  assert.equal(d.json.properties.dataCollectionEndpointId, server.info.dceResourceId);
  assert.equal(d.json.properties.dataFlows[0].outputStream, 'Custom-ContosoSecurityAlerts_CL');

  const got = await admin(server, 'GET', dcrPath('contososecurityalertspushdcr'));
  assert.equal(got.status, 200);
  assert.equal(got.json.properties.immutableId, d.json.properties.immutableId);
  const list = await admin(server, 'GET', `${rg}/providers/Microsoft.Insights/dataCollectionRules`);
  assert.deepEqual(list.json.value.map((x: { name: string }) => x.name), ['ContosoSecurityAlertsPushDCR']);
  const tables = await admin(server, 'GET', `${rg}/providers/Microsoft.OperationalInsights/workspaces/${server.info.workspaceName}/tables`);
  assert.deepEqual(tables.json.value.map((x: { name: string }) => x.name), ['ContosoSecurityAlerts_CL']);
});

test('validation failures are ARM errors with one located, coded detail per problem', async () => {
  const res = await admin(server, 'PUT', tablePath('Broken_CL'), { properties: { schema: { columns: [{ name: 'Message', type: 'text' }, { name: 'Title', type: 'string' }] } } });
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'InvalidPayload');
  const details = res.json.error.details.map((x: { code: string; target: string }) => `${x.code}@${x.target}`).sort();
  assert.deepEqual(details, ['InvalidColumnType@properties.schema.columns[0].type', 'ReservedColumnName@properties.schema.columns[1].name']);

  const dcr = await seed('contoso-dcr.json');
  dcr.properties.dataFlows[0].outputStream = 'Custom-Nowhere_CL';
  const r2 = await admin(server, 'PUT', dcrPath('Nowhere'), dcr);
  assert.equal(r2.status, 400);
  assert.deepEqual(r2.json.error.details, [{ code: 'OutputTableNotFound', message: "output stream 'Custom-Nowhere_CL' writes to table 'Nowhere_CL', which does not exist in this workspace; create the table first", target: 'properties.dataFlows[0].outputStream' }]);
  assert.equal(r2.json.error.target, 'properties.dataFlows[0].outputStream');

  const r3 = await https(`${server.url}${dcrPath('X')}?api-version=2023-03-11`, { method: 'PUT', ca: server.caPem, headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' }, body: '{"properties": ' });
  assert.equal(r3.status, 400);
  assert.equal(r3.json.error.code, 'InvalidRequestContent');
});

test('ARM errors: missing api-version, unknown subscription, resource group, resource and type', async () => {
  const noVersion = await https(`${server.url}${dcrPath('x')}`, { ca: server.caPem, headers: { authorization: `Bearer ${server.adminKey}` } });
  assert.equal(noVersion.status, 400);
  assert.equal(noVersion.json.error.code, 'MissingApiVersionParameter');
  assert.equal((await admin(server, 'GET', `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/x`)).json.error.code, 'SubscriptionNotFound');
  assert.equal((await admin(server, 'GET', `/subscriptions/${server.info.subscriptionId}/resourceGroups/other/providers/Microsoft.Insights/dataCollectionRules`)).json.error.code, 'ResourceGroupNotFound');
  const missing = await admin(server, 'GET', dcrPath('Missing'));
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'ResourceNotFound');
  assert.equal((await admin(server, 'GET', `${rg}/providers/Microsoft.Storage/storageAccounts/x`)).json.error.code, 'InvalidResourceType');
});

test('authentication: no header is 401 AuthenticationFailed, a wrong key 401 InvalidAuthenticationToken', async () => {
  const none = await https(`${server.url}${dcrPath('x')}?api-version=2023-03-11`, { ca: server.caPem });
  assert.equal(none.status, 401);
  assert.equal(none.json.error.code, 'AuthenticationFailed');
  const wrong = await admin(server, 'GET', dcrPath('x'), undefined, 'vigil-admin-wrong');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.error.code, 'InvalidAuthenticationToken');
  const graph = await https(`${server.url}/v1.0/applications`, { ca: server.caPem });
  assert.equal(graph.status, 401);
  assert.equal(graph.json.error.code, 'InvalidAuthenticationToken');
});

test('shared keys: read and regenerate one of them', async () => {
  const wsPath = `${rg}/providers/Microsoft.OperationalInsights/workspaces/${server.info.workspaceName}`;
  const before = await admin(server, 'POST', `${wsPath}/sharedKeys`);
  assert.equal(before.status, 200);
  assert.deepEqual(before.json, server.ctx.workspace.sharedKeys());
  const regen = await admin(server, 'POST', `${wsPath}/regenerateSharedKey`, { keyType: 'secondary' });
  assert.equal(regen.status, 200);
  assert.equal(regen.json.primarySharedKey, before.json.primarySharedKey);
  assert.notEqual(regen.json.secondarySharedKey, before.json.secondarySharedKey);
  const ws = await admin(server, 'GET', wsPath);
  assert.equal(ws.json.properties.customerId, server.info.workspaceId);
});

test('Graph-shaped apps: create, add a secret shown once, the secret gets a token; role assignment on the DCR; delete', async () => {
  await admin(server, 'PUT', tablePath('ContosoSecurityAlerts_CL'), await seed('contoso-table.json'));
  await admin(server, 'PUT', dcrPath('ForApps'), await seed('contoso-dcr.json'));
  const created = await admin(server, 'POST', '/v1.0/applications', { displayName: 'Contoso sender' });
  assert.equal(created.status, 201, created.text);
  const { id, appId, servicePrincipalId } = created.json;
  const pw = await admin(server, 'POST', `/v1.0/applications/${id}/addPassword`, { passwordCredential: { displayName: 'ci' } });
  assert.equal(pw.status, 200);
  assert.equal(typeof pw.json.secretText, 'string');
  const shown = await admin(server, 'GET', `/v1.0/applications/${appId}`);
  assert.equal(shown.json.passwordCredentials[0].secretText, null);
  assert.equal(shown.json.passwordCredentials[0].hint, pw.json.secretText.slice(0, 3));
  const byFilter = await admin(server, 'GET', `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`);
  assert.equal(byFilter.json.value[0].id, servicePrincipalId);

  const tok = await postForm(`${server.url}/${server.info.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: appId, client_secret: pw.json.secretText, scope: 'https://monitor.azure.com//.default' }, server.caPem);
  assert.equal(tok.status, 200, tok.text);

  const scope = dcrPath('ForApps');
  const name = '7d3f1c2a-5b6e-4f70-8a91-b2c3d4e5f607';
  const ra = await admin(server, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, {
    properties: { roleDefinitionId: `/subscriptions/${server.info.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/3913510d-42f4-4e42-8a64-420c390055eb`, principalId: servicePrincipalId },
  });
  assert.equal(ra.status, 201, ra.text);
  assert.equal(ra.json.properties.roleDefinitionName, 'Monitoring Metrics Publisher');
  assert.equal(server.ctx.workspace.hasRole(servicePrincipalId, 'Monitoring Metrics Publisher', server.ctx.workspace.dcrResourceId('ForApps')), true);
  const dup = await admin(server, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/11111111-1111-4111-8111-111111111111`, {
    properties: { roleDefinitionId: 'Monitoring Metrics Publisher', principalId: servicePrincipalId },
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.code, 'RoleAssignmentExists');
  const listed = await admin(server, 'GET', `${scope}/providers/Microsoft.Authorization/roleAssignments`);
  assert.deepEqual(listed.json.value.map((x: { name: string }) => x.name), [name]);

  assert.equal((await admin(server, 'DELETE', `/v1.0/applications/${id}`)).status, 204);
  assert.equal(server.ctx.workspace.hasRole(servicePrincipalId, 'Monitoring Metrics Publisher', server.ctx.workspace.dcrResourceId('ForApps')), false);
  const gone = await admin(server, 'GET', `/v1.0/applications/${id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.json.error.code, 'Request_ResourceNotFound');
  assert.equal((await admin(server, 'DELETE', dcrPath('ForApps'))).status, 200);
  assert.equal((await admin(server, 'DELETE', dcrPath('ForApps'))).status, 204);
});

test('a management token is honoured per role: Reader reads, cannot write; Contributor writes; the Graph routes stay admin-only', async () => {
  const ws = server.ctx.workspace;
  const app = await ws.createApp({ displayName: 'automation' });
  const { secretText } = await ws.addSecret(app.appId);
  const token = async (): Promise<string> => (await postForm(`${server.url}/${server.info.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: app.appId, client_secret: secretText, scope: 'https://management.azure.com/.default' }, server.caPem)).json.access_token;
  const t = await token();
  const call = (method: string, path: string, body?: unknown) => admin(server, method, path, body, t);

  const denied = await call('GET', `${rg}/providers/Microsoft.Insights/dataCollectionRules`);
  assert.equal(denied.status, 403);
  assert.equal(denied.json.error.code, 'AuthorizationFailed');

  await ws.assignRole({ principalId: app.servicePrincipalId, role: 'Reader', scope: ws.resourceGroupScope });
  assert.equal((await call('GET', `${rg}/providers/Microsoft.Insights/dataCollectionRules`)).status, 200);
  const tableBody = { properties: { schema: { columns: [{ name: 'TimeGenerated', type: 'datetime' }] } } };
  assert.equal((await call('PUT', tablePath('ByToken_CL'), tableBody)).status, 403);

  await ws.assignRole({ principalId: app.servicePrincipalId, role: 'Contributor', scope: ws.subscriptionScope });
  assert.equal((await call('PUT', tablePath('ByToken_CL'), tableBody)).status, 201);
  assert.equal((await call('GET', '/v1.0/applications')).status, 403);

  // A monitor token is not a management token.
  const monitor = (await postForm(`${server.url}/${server.info.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: app.appId, client_secret: secretText, scope: 'https://monitor.azure.com/.default' }, server.caPem)).json.access_token;
  const wrongAud = await admin(server, 'GET', `${rg}/providers/Microsoft.Insights/dataCollectionRules`, undefined, monitor);
  assert.equal(wrongAud.status, 401);
  assert.equal(wrongAud.json.error.code, 'InvalidAuthenticationToken');
});
