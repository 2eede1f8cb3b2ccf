// "Deploy push connector" (issue §2, spec §10, seed 002): from the installed Contoso solution of the
// seed, provision table, DCR (on the default DCE), app + secret, Monitoring Metrics Publisher on the
// DCR and the Push data connector; answer with the six connection details and the seed's example
// configuration filled in. Redeploying rotates nothing unless asked; disconnect keeps the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorError, deployPushConnector, disconnectPushConnector } from '../../src/connectors/index.js';
import { prop } from '../../src/workspace/validation/read.js';
import { CONTOSO_DIR, ENDPOINT, installSolution, openRig } from './helpers.js';

const CCF = join(CONTOSO_DIR, 'Data Connectors', 'ContosoSecurityAlerts_ccf');
const seedFile = (f: string): any => JSON.parse(readFileSync(join(CCF, f), 'utf8'));
const DEF = 'ContosoSecurityAlertsPush';

test('deploying the Contoso push connector provisions everything the Deploy button does and returns the seed\'s connection details', async (t) => {
  const rig = await openRig(t);
  await installSolution(rig.ws, CONTOSO_DIR);
  const r = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });
  const ws = rig.ws;

  // The six values, under the seed's fillWith names.
  assert.deepEqual(Object.keys(r.details).sort(), ['ApplicationId', 'ApplicationSecret', 'DataCollectionEndpoint', 'DataCollectionRuleId', 'StreamName', 'TenantId']);
  assert.equal(r.details.TenantId, ws.tenant.id);
  assert.equal(r.details.DataCollectionEndpoint, ENDPOINT);
  assert.match(r.details.DataCollectionRuleId, /^dcr-[0-9a-f]{32}$/);
  // The stream is the one the seed's Stream Name label shows and its data connector posts to.
  assert.equal(r.details.StreamName, seedFile('dataConnector.json').properties.dcrConfig.streamName);
  assert.equal(r.details.StreamName, 'Custom-ContosoSecurityAlerts');
  assert.equal(ws.verifyClientSecret(r.details.ApplicationId, r.details.ApplicationSecret!).ok, true, 'the secret is a working client secret of the app');

  // The resources behind them.
  const table = ws.getTable('ContosoSecurityAlerts_CL');
  assert.deepEqual(table?.columns.map((c) => c.name), seedFile('table.json').properties.schema.columns.map((c: { name: string }) => c.name));
  const dcr = ws.getDcrByImmutableId(r.details.DataCollectionRuleId)!;
  assert.equal(dcr.name, seedFile('DCR.json').name);
  assert.ok(r.details.StreamName in dcr.streamDeclarations);
  assert.equal(dcr.dataCollectionEndpointId, ws.dceResourceId(ws.defaultDce.name), 'the DCR sits on the default DCE');
  const app = ws.getApp(r.details.ApplicationId)!;
  const button = seedFile('connectorDefinition.json').properties.connectorUiConfig.instructionSteps[0].instructions[1];
  assert.equal(button.type, 'DeployPushConnectorButton');
  assert.equal(app.displayName, button.parameters.applicationDisplayName);
  assert.equal(ws.hasRole(app.servicePrincipalId, 'Monitoring Metrics Publisher', ws.dcrResourceId(dcr.name)), true);
  assert.equal(ws.listRoleAssignments({ scope: ws.dcrResourceId(dcr.name), atScopeOnly: true }).length, 1, 'assigned on the DCR itself');
  const instances = ws.dataConnectorsOf(DEF);
  assert.equal(instances.length, 1);
  assert.equal(instances[0].kind, 'Push');
  const cfg = prop(instances[0].properties, 'dcrConfig');
  assert.equal(prop(cfg, 'dataCollectionRuleImmutableId'), r.details.DataCollectionRuleId);
  assert.equal(prop(cfg, 'dataCollectionEndpoint'), ENDPOINT);
  assert.equal(prop(prop(instances[0].properties, 'auth'), 'appId'), app.appId, 'the instance records its app (the seed spells the key AppId)');

  // The connector page's CopyableLabel rows, filled.
  assert.deepEqual(r.labels.map((l) => [l.label, l.value]), [
    ['Tenant ID (Directory ID)', ws.tenant.id],
    ['Entra App Registration Application ID', app.appId],
    ['Entra App Registration Secret', r.details.ApplicationSecret],
    ['Data Collection Endpoint Uri', ENDPOINT],
    ['Data Collection Rule Immutable ID', r.details.DataCollectionRuleId],
    ['Stream Name', 'Custom-ContosoSecurityAlerts'],
  ]);
  // The seed's "Example configuration", placeholders replaced.
  assert.deepEqual(r.exampleConfiguration?.json, {
    azure: {
      tenant_id: ws.tenant.id,
      client_id: app.appId,
      client_secret: r.details.ApplicationSecret,
      dce_endpoint: ENDPOINT,
      dcr_immutable_id: r.details.DataCollectionRuleId,
      stream_name: 'Custom-ContosoSecurityAlerts',
    },
  });
  assert.deepEqual(r.created, { app: true, secret: true, roleAssignment: true, dataConnector: true });
});

test('redeploying changes nothing and shows no secret; a rotation issues a new secret and retires the old one', async (t) => {
  const rig = await openRig(t);
  await installSolution(rig.ws, CONTOSO_DIR);
  const first = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });
  const again = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });
  assert.equal(again.details.ApplicationId, first.details.ApplicationId);
  assert.equal(again.details.DataCollectionRuleId, first.details.DataCollectionRuleId);
  assert.equal(again.details.ApplicationSecret, null, 'the secret is shown once');
  assert.equal(again.secret.shown, false);
  assert.deepEqual(again.created, { app: false, secret: false, roleAssignment: false, dataConnector: false });
  assert.deepEqual(again.resources.dataConnectors, first.resources.dataConnectors, 'the instance keeps its name');
  assert.equal(rig.ws.listApps().length, 1);
  assert.equal(rig.ws.listRoleAssignments().length, 1);
  assert.equal(rig.ws.dataConnectorsOf(DEF).length, 1);
  assert.equal(rig.ws.verifyClientSecret(first.details.ApplicationId, first.details.ApplicationSecret!).ok, true, 'the first secret still works');

  const rotated = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT, rotateSecret: true });
  assert.equal(rotated.details.ApplicationId, first.details.ApplicationId);
  assert.ok(rotated.details.ApplicationSecret && rotated.details.ApplicationSecret !== first.details.ApplicationSecret);
  assert.equal(rig.ws.verifyClientSecret(first.details.ApplicationId, rotated.details.ApplicationSecret).ok, true);
  assert.deepEqual(rig.ws.verifyClientSecret(first.details.ApplicationId, first.details.ApplicationSecret!), { ok: false, reason: 'invalid_secret' });
  assert.equal(rig.ws.listSecrets(first.details.ApplicationId).length, 1);
});

test('disconnect removes the data connector, its app and role, and keeps the table, the DCR and the rows', async (t) => {
  const rig = await openRig(t);
  await installSolution(rig.ws, CONTOSO_DIR);
  const r = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });
  await rig.pipeline.ingest({ dcrImmutableId: r.details.DataCollectionRuleId, stream: r.details.StreamName, body: [{ EventSeverity: 'High', EventType: 'LoginAlert' }] });

  const d = await disconnectPushConnector(rig.ws, DEF);
  assert.deepEqual(d.removedDataConnectors, r.resources.dataConnectors);
  assert.deepEqual(d.removedApps, [r.details.ApplicationId]);
  assert.deepEqual(d.keptTables, ['ContosoSecurityAlerts_CL']);
  assert.equal(rig.ws.dataConnectorsOf(DEF).length, 0);
  assert.deepEqual(rig.ws.verifyClientSecret(r.details.ApplicationId, r.details.ApplicationSecret!), { ok: false, reason: 'unknown_app' });
  assert.equal(rig.ws.listRoleAssignments().length, 0);
  assert.ok(rig.ws.getDcrByImmutableId(r.details.DataCollectionRuleId), 'the DCR stays');
  const rows = await rig.runKql('ContosoSecurityAlerts_CL | count');
  assert.equal(Number(rows.rows[0][0]), 1, 'the data stays');
  assert.ok(rig.ws.findConnectorDefinition(DEF), 'the connector stays installed');

  // Deploying again after a disconnect starts over with a new app on the same DCR.
  const back = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });
  assert.notEqual(back.details.ApplicationId, r.details.ApplicationId);
  assert.equal(back.details.DataCollectionRuleId, r.details.DataCollectionRuleId);
  assert.ok(back.details.ApplicationSecret);
});

test('a definition that was not installed from a package, or is unknown, is refused with a reason', async (t) => {
  const rig = await openRig(t);
  const unknown = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT }).catch((e: unknown) => e);
  assert.ok(unknown instanceof ConnectorError && unknown.code === 'ConnectorNotFound', String(unknown));
  await rig.ws.putSentinel('dataConnectorDefinitions', DEF, seedFile('connectorDefinition.json'));
  const bare = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT }).catch((e: unknown) => e);
  assert.ok(bare instanceof ConnectorError && bare.code === 'ConnectorTemplateMissing', String(bare));
  assert.match(bare.message, /content template/);
  assert.equal(rig.ws.listApps().length, 0, 'nothing was provisioned');
});
