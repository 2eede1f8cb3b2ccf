// ARM template deployments into the workspace (issue §5): the Orca reference package (spec §9.10)
// deploys and both of its connectors reach the gallery; redeploying is an upsert (R12); unknown
// resource types are listed as skipped; refusals and evaluation errors are located (R17).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deployTemplate, galleryEntries } from '../../src/connectors/index.js';
import { ORCA_TEMPLATE, openRig } from './helpers.js';

const orca = (): unknown => JSON.parse(readFileSync(ORCA_TEMPLATE, 'utf8'));

test('the Orca reference mainTemplate deploys: the nine resources of spec §9.10, its two connectors in the gallery', async (t) => {
  const rig = await openRig(t);
  const r = await deployTemplate(rig.ws, { name: 'orca', template: orca(), file: 'mainTemplate.json' });
  assert.equal(r.record.provisioningState, 'Succeeded', JSON.stringify(r.record.error));
  assert.deepEqual(r.record.skippedResources, []);
  // §9.10: 4 content templates (legacy connector, CCF definition, Connections, workbook), 2 metadata,
  // 1 GenericUI data connector, 1 definition, 1 content package.
  const count = (type: string): number => r.applied.filter((a) => a.type === type).length;
  assert.equal(r.applied.length, 9);
  assert.equal(count('Microsoft.SecurityInsights/contentTemplates'), 4);
  assert.equal(count('Microsoft.SecurityInsights/metadata'), 2);
  assert.equal(count('Microsoft.SecurityInsights/dataConnectors'), 1);
  assert.equal(count('Microsoft.SecurityInsights/dataConnectorDefinitions'), 1);
  assert.equal(count('Microsoft.SecurityInsights/contentPackages'), 1);
  assert.ok(r.applied.every((a) => a.created));
  assert.deepEqual(
    galleryEntries(rig.ws).map((e) => [e.id, e.source]).sort(),
    [['OrcaSecurityAlerts', 'genericUI'], ['OrcaSecurityAlertsCCF', 'definition']],
  );
  const ccf = galleryEntries(rig.ws).find((e) => e.id === 'OrcaSecurityAlertsCCF')!;
  // The title as the connector definition file of the solution folder spells it.
  const source = JSON.parse(readFileSync('../shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Data Connectors/OrcaSecurityAlertsCCF/OrcaSecurityAlerts_ConnectorDefinition.json', 'utf8'));
  assert.equal(ccf.ui.title, source.properties.connectorUiConfig.title);
  // The parameters the portal fills from the chosen workspace were filled from this server's.
  assert.deepEqual(r.record.parameters.workspace, { type: 'string', value: rig.ws.workspace.name });

  // Deploying the same package again creates nothing new: same names, upserted.
  const again = await deployTemplate(rig.ws, { name: 'orca', template: orca(), file: 'mainTemplate.json' });
  assert.equal(again.record.provisioningState, 'Succeeded');
  assert.deepEqual(again.applied.map((a) => a.id).sort(), r.applied.map((a) => a.id).sort());
  assert.ok(again.applied.every((a) => !a.created));
  assert.equal(rig.ws.listSentinel('contentTemplates').length, 4);
  assert.equal(rig.ws.listDeployments().length, 1, 'one record per deployment name');

  await rig.reopen();
  assert.equal(rig.ws.getDeployment('ORCA')?.outputResources.length, 9);
  assert.equal(galleryEntries(rig.ws).length, 2);
});

const TABLE = {
  type: 'Microsoft.OperationalInsights/workspaces/tables',
  apiVersion: '2025-07-01',
  name: "[concat(parameters('workspace'), '/Widgets_CL')]",
  properties: { schema: { name: 'Widgets_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Colour', type: 'string' }] } },
};

test('resource types Vigil does not create are listed as skipped with their place in the template, the rest is created', async (t) => {
  const rig = await openRig(t);
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { workspace: { type: 'string' } },
    resources: [
      { type: 'Microsoft.Insights/workbooks', apiVersion: '2021-08-01', name: 'a1b2c3d4-0000-4000-8000-000000000001', kind: 'shared', location: 'local', properties: { displayName: 'Widgets' } },
      TABLE,
    ],
  };
  const r = await deployTemplate(rig.ws, { name: 'widgets', template, file: 'widgets.json' });
  assert.equal(r.record.provisioningState, 'Succeeded');
  assert.deepEqual(r.record.skippedResources.map((s) => ({ type: s.type, pointer: s.pointer })), [{ type: 'Microsoft.Insights/workbooks', pointer: '/resources/0' }]);
  assert.match(r.record.skippedResources[0].reason, /does not create Microsoft\.Insights\/workbooks/);
  assert.ok(rig.ws.getTable('Widgets_CL'), 'the table was created');
});

test('a resource the workspace refuses fails the deployment at its file and JSON pointer; earlier resources stay', async (t) => {
  const rig = await openRig(t);
  const dcr = {
    type: 'Microsoft.Insights/dataCollectionRules',
    apiVersion: '2023-03-11',
    name: 'WidgetsDCR',
    location: 'local',
    properties: {
      streamDeclarations: { 'Custom-Widgets': { columns: [{ name: 'Colour', type: 'string' }] } },
      destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]" }] },
      dataFlows: [{ streams: ['Custom-Widgets'], destinations: ['la'], transformKql: 'source', outputStream: 'Custom-Gadgets_CL' }],
    },
  };
  const template = { parameters: { workspace: { type: 'string' } }, resources: [TABLE, dcr] };
  const r = await deployTemplate(rig.ws, { name: 'bad', template, file: 'bad.json' });
  assert.equal(r.record.provisioningState, 'Failed');
  assert.equal(r.record.error?.code, 'DeploymentFailed');
  const detail = r.record.error!.details[0];
  assert.equal(detail.file, 'bad.json');
  assert.equal(detail.pointer, '/resources/1/properties/dataFlows/0/outputStream');
  assert.match(detail.message, /Gadgets_CL/);
  assert.ok(rig.ws.getTable('Widgets_CL'), 'the table before it was created');
  assert.equal(rig.ws.getDcr('WidgetsDCR'), undefined);
  assert.equal(rig.ws.getDeployment('bad')?.provisioningState, 'Failed', 'the failed deployment is recorded');
});

test('a template expression that does not evaluate stops the deployment before anything is written', async (t) => {
  const rig = await openRig(t);
  const template = {
    parameters: { workspace: { type: 'string' } },
    resources: [TABLE, { ...TABLE, name: "[concat(parameters('workspace'), '/', parameters('tableName'))]" }],
  };
  const r = await deployTemplate(rig.ws, { name: 'expr', template, file: 'expr.json' });
  assert.equal(r.record.provisioningState, 'Failed');
  assert.equal(r.record.error?.code, 'InvalidTemplate');
  assert.deepEqual(r.record.error!.details.map((d) => [d.code, d.file, d.pointer]), [['ARM005', 'expr.json', '/resources/1/name']]);
  assert.equal(rig.ws.getTable('Widgets_CL'), undefined, 'nothing was created');
});

test('what-if checks every resource as the deployment would, a DCR against a table the same template adds, and writes nothing', async (t) => {
  const rig = await openRig(t);
  const dcr = (outputStream: string) => ({
    type: 'Microsoft.Insights/dataCollectionRules', apiVersion: '2023-03-11', name: 'WidgetsDCR', location: 'local',
    properties: {
      streamDeclarations: { 'Custom-Widgets': { columns: [{ name: 'Colour', type: 'string' }] } },
      destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]" }] },
      dataFlows: [{ streams: ['Custom-Widgets'], destinations: ['la'], transformKql: 'source', outputStream }],
    },
  });
  const good = { parameters: { workspace: { type: 'string' } }, resources: [dcr('Custom-Widgets_CL'), TABLE] };
  const r = await deployTemplate(rig.ws, { name: 'widgets', template: good, file: 'widgets.json', dryRun: true });
  assert.equal(r.record.provisioningState, 'Succeeded', JSON.stringify(r.record.error));
  assert.deepEqual(r.applied.map((a) => [a.type, a.name, a.created]), [
    ['Microsoft.OperationalInsights/workspaces/tables', 'Widgets_CL', true],
    ['Microsoft.Insights/dataCollectionRules', 'WidgetsDCR', true],
  ], 'the table is checked first, so the DCR may write to it');
  assert.equal(rig.ws.getTable('Widgets_CL'), undefined, 'nothing was written');
  assert.equal(rig.ws.getDcr('WidgetsDCR'), undefined);
  assert.equal(rig.ws.getDeployment('widgets'), undefined, 'not even the record');

  const bad = { parameters: { workspace: { type: 'string' } }, resources: [TABLE, dcr('Custom-Gadgets_CL')] };
  const refused = await deployTemplate(rig.ws, { name: 'widgets', template: bad, file: 'widgets.json', dryRun: true });
  assert.equal(refused.record.provisioningState, 'Failed');
  assert.deepEqual(refused.record.error!.details.map((d) => [d.file, d.pointer]), [['widgets.json', '/resources/1/properties/dataFlows/0/outputStream']]);
  assert.equal(rig.ws.getTable('Widgets_CL'), undefined);
});
