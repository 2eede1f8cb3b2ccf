// The management surface for content and connectors, over real HTTPS: ARM PUT/GET/DELETE of
// Microsoft.SecurityInsights resources and of Microsoft.Resources/deployments, and the connectors
// API behind the portal's buttons (content hub install, Deploy push connector, status).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { admin, https, startTestServer, type TestServer } from '../surfaces/helpers.js';
import { CONTOSO_DIR, ORCA_TEMPLATE } from './helpers.js';

async function server(t: TestContext): Promise<TestServer> {
  const s = await startTestServer();
  t.after(() => s.dispose());
  return s;
}

const CCF = join(CONTOSO_DIR, 'Data Connectors', 'ContosoSecurityAlerts_ccf');
const seedFile = (f: string): any => JSON.parse(readFileSync(join(CCF, f), 'utf8'));

function wsPath(s: TestServer): string {
  const w = s.ctx.workspace.workspace;
  return `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${w.name}`;
}

function deploymentsPath(s: TestServer, name = ''): string {
  const w = s.ctx.workspace.workspace;
  return `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/Microsoft.Resources/deployments${name ? `/${name}` : ''}`;
}

test('ARM PUT/GET/DELETE of a connector definition and a data connector; refusals carry located details', async (t) => {
  const s = await server(t);
  const defPath = `${wsPath(s)}/providers/Microsoft.SecurityInsights/dataConnectorDefinitions/ContosoSecurityAlertsPush`;
  const created = await admin(s, 'PUT', defPath, seedFile('connectorDefinition.json'));
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.type, 'Microsoft.SecurityInsights/dataConnectorDefinitions');
  assert.equal(created.json.kind, 'Customizable');
  assert.equal(created.json.id, defPath);
  assert.equal((await admin(s, 'PUT', defPath, seedFile('connectorDefinition.json'))).status, 200, 'PUT again replaces');
  const got = await admin(s, 'GET', defPath);
  assert.equal(got.json.properties.connectorUiConfig.id, 'ContosoSecurityAlertsPush');
  const list = await admin(s, 'GET', `${wsPath(s)}/providers/Microsoft.SecurityInsights/dataConnectorDefinitions`);
  assert.equal(list.json.value.length, 1);

  const dc = seedFile('dataConnector.json');
  dc.properties.connectorDefinitionName = 'NoSuchDefinition';
  const refused = await admin(s, 'PUT', `${wsPath(s)}/providers/Microsoft.SecurityInsights/dataConnectors/${dc.name}`, dc);
  assert.equal(refused.status, 400);
  assert.equal(refused.json.error.code, 'InvalidPayload');
  assert.deepEqual(refused.json.error.details.map((d: any) => [d.code, d.target]), [['ConnectorDefinitionNotFound', 'properties.connectorDefinitionName']]);

  assert.equal((await admin(s, 'DELETE', defPath)).status, 200);
  assert.equal((await admin(s, 'GET', defPath)).status, 404);
  assert.equal((await admin(s, 'GET', `${wsPath(s)}/providers/Microsoft.SecurityInsights/watchlists/x`)).json.error.code, 'InvalidResourceType');
});

test('PUT of a Microsoft.Resources/deployments resource deploys the Orca package; a broken template is refused with its location', async (t) => {
  const s = await server(t);
  const template = JSON.parse(readFileSync(ORCA_TEMPLATE, 'utf8'));
  const r = await admin(s, 'PUT', deploymentsPath(s, 'orca'), { properties: { mode: 'Incremental', template, parameters: { workspace: { value: s.ctx.workspace.workspace.name } } } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.properties.provisioningState, 'Succeeded');
  assert.equal(r.json.properties.outputResources.length, 9);
  assert.equal((await admin(s, 'GET', deploymentsPath(s, 'orca'))).json.properties.provisioningState, 'Succeeded');

  const connectors = await admin(s, 'GET', '/vigil/connectors');
  assert.equal(connectors.status, 200, connectors.text);
  assert.deepEqual(connectors.json.value.map((c: any) => [c.id, c.status]).sort(), [['OrcaSecurityAlerts', 'Disconnected'], ['OrcaSecurityAlertsCCF', 'Disconnected']]);

  const broken = { parameters: {}, resources: [{ type: 'Microsoft.OperationalInsights/workspaces/tables', apiVersion: '2025-07-01', name: "[parameters('missing')]", properties: {} }] };
  const bad = await admin(s, 'PUT', `${deploymentsPath(s, 'broken')}?file=broken.json`, { properties: { mode: 'Incremental', template: broken } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'InvalidTemplate');
  assert.deepEqual(bad.json.error.details.map((d: any) => [d.code, d.target]), [['ARM005', 'broken.json:/resources/0/name']]);
  assert.equal((await admin(s, 'GET', deploymentsPath(s, 'broken'))).json.properties.provisioningState, 'Failed');

  // What-if (validate): the server's transform check runs as on a real deployment, and nothing is written.
  const widgets = {
    parameters: { workspace: { type: 'string' } },
    resources: [
      { type: 'Microsoft.OperationalInsights/workspaces/tables', apiVersion: '2025-07-01', name: "[concat(parameters('workspace'), '/Widgets_CL')]", properties: { schema: { name: 'Widgets_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Colour', type: 'string' }] } } },
      {
        type: 'Microsoft.Insights/dataCollectionRules', apiVersion: '2023-03-11', name: 'WidgetsDCR', location: 'local',
        properties: {
          streamDeclarations: { 'Custom-Widgets': { columns: [{ name: 'Colour', type: 'string' }] } },
          destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]" }] },
          dataFlows: [{ streams: ['Custom-Widgets'], destinations: ['la'], transformKql: 'source | extend TimeGenerated = now(), Shade = toupper(Color)', outputStream: 'Custom-Widgets_CL' }],
        },
      },
    ],
  };
  const whatIf = await admin(s, 'POST', `${deploymentsPath(s, 'widgets')}/validate?file=widgets.json`, { properties: { mode: 'Incremental', template: widgets } });
  assert.equal(whatIf.status, 400, whatIf.text);
  assert.equal(whatIf.json.error.code, 'DeploymentFailed');
  const detail = whatIf.json.error.details[0];
  assert.equal(detail.target, 'widgets.json:/resources/1/properties/dataFlows/0/transformKql');
  assert.match(detail.message, /Color/, 'the misspelt column is named');
  assert.equal(s.ctx.workspace.getTable('Widgets_CL'), undefined, 'nothing was written');
  (widgets.resources[1] as any).properties.dataFlows[0].transformKql = 'source | extend TimeGenerated = now()';
  const fixed = await admin(s, 'POST', `${deploymentsPath(s, 'widgets')}/validate`, { properties: { mode: 'Incremental', template: widgets } });
  assert.equal(fixed.status, 200, fixed.text);
  assert.deepEqual(fixed.json.properties.validatedResources.map((v: any) => [v.name, v.action]), [['Widgets_CL', 'create'], ['WidgetsDCR', 'create']]);
  assert.equal((await admin(s, 'GET', deploymentsPath(s, 'widgets'))).status, 404, 'a what-if leaves no deployment record');
});

test('content hub install and "Deploy push connector" through the connectors API; a Reader may look but not deploy', async (t) => {
  const s = await server(t);
  const before = await admin(s, 'GET', '/vigil/content');
  assert.deepEqual(before.json.value.map((c: any) => [c.id, c.installed]), [['ContosoSecurityAlerts', false], ['Darktrace', false], ['Halcyon', false]]);
  const installed = await admin(s, 'POST', '/vigil/content/Halcyon/install', {});
  assert.equal(installed.status, 200, installed.text);
  const after = await admin(s, 'GET', '/vigil/content');
  const halcyon = after.json.value.find((c: any) => c.id === 'Halcyon');
  assert.equal(halcyon.installed, true);
  assert.deepEqual(halcyon.connectors, ['HalcyonPush']);

  const d = await admin(s, 'POST', '/vigil/connectors/HalcyonPush/deploy', {});
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.details.DataCollectionEndpoint, s.url, 'senders post to this server');
  assert.equal(d.json.details.StreamName, 'Custom-Halcyon');
  assert.equal(d.json.details.TenantId, s.ctx.workspace.tenant.id);
  assert.ok(d.json.details.ApplicationSecret);
  assert.deepEqual(d.json.resources.tables.sort(), ['HalcyonAuthenticationEvents_CL', 'HalcyonDnsActivity_CL', 'HalcyonFileActivity_CL', 'HalcyonNetworkSession_CL', 'HalcyonProcessEvent_CL']);

  // The curl sender it hands out works as printed (with one real record in place of the placeholder).
  const record = JSON.stringify([{ TimeGenerated: new Date().toISOString(), EventSchema: 'Dns', DnsQuery: 'curl.example' }]);
  const script = String(d.json.curl).replace("'[{ … one record of the stream … }]'", `'${record}'`) + ' -o /dev/null -w "%{http_code}"';
  const sent = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: { PATH: process.env.PATH, CA: s.info.caCertPath! } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
  assert.equal(sent, '204');
  await s.ctx.engine.flush();
  assert.deepEqual((await s.ctx.engine.query('SELECT "DnsQuery" FROM "HalcyonDnsActivity_CL"')).rows, [['curl.example']]);

  const show = await admin(s, 'GET', '/vigil/connectors/HalcyonPush');
  assert.equal(show.json.status, 'Connected', 'the curl record made it connected');
  assert.equal(show.json.dataTypes.length, 5);
  assert.equal(show.json.graph.length, 5);
  assert.equal(show.json.definition.sampleQueries.length, 5);

  // An app holding Reader on the resource group (a Vigil management token) can read the page but not press Deploy.
  const reader = await s.ctx.workspace.createApp({ displayName: 'reader' });
  const { secretText } = await s.ctx.workspace.addSecret(reader.appId);
  await s.ctx.workspace.assignRole({ principalId: reader.servicePrincipalId, role: 'Reader', scope: s.ctx.workspace.resourceGroupScope });
  const token = await https(`${s.url}/${s.ctx.workspace.tenant.id}/oauth2/v2.0/token`, {
    method: 'POST', ca: s.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: reader.appId, client_secret: secretText, scope: 'https://management.azure.com/.default' }).toString(),
  });
  assert.equal(token.status, 200, token.text);
  const asReader = (method: string, path: string, body?: unknown) => https(`${s.url}${path}`, {
    method, ca: s.caPem, headers: { authorization: `Bearer ${token.json.access_token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal((await asReader('GET', '/vigil/connectors')).status, 200);
  const denied = await asReader('POST', '/vigil/connectors/HalcyonPush/deploy', {});
  assert.equal(denied.status, 403);
  assert.equal(denied.json.error.code, 'AuthorizationFailed');

  const missing = await admin(s, 'POST', '/vigil/connectors/NoSuchConnector/deploy', {});
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'ConnectorNotFound');
  const inUse = await admin(s, 'POST', '/vigil/content/Halcyon/uninstall', {});
  assert.equal(inUse.status, 409);
  assert.equal(inUse.json.error.code, 'ContentInUse');
  const gone = await admin(s, 'POST', '/vigil/content/Halcyon/uninstall', { disconnect: true });
  assert.equal(gone.status, 200, gone.text);
  assert.deepEqual(gone.json.disconnected, ['HalcyonPush']);
  assert.equal((await admin(s, 'GET', '/vigil/connectors')).json.value.length, 0);
  assert.ok(s.ctx.workspace.getTable('HalcyonProcessEvent_CL'), 'tables stay');
});
