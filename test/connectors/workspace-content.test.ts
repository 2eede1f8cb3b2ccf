// Microsoft.SecurityInsights resources held by the workspace: connector definitions and data
// connectors validated as spec/ccf-solutions.md §4, §5, §11.1 describe them, upserts, references
// (a data connector's definition, DCR and stream — R11), and persistence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationFailed, Conflict } from '../../src/workspace/errors.js';
import { CONTOSO_DIR, openRig } from './helpers.js';

const CCF = join(CONTOSO_DIR, 'Data Connectors', 'ContosoSecurityAlerts_ccf');
const json = (f: string): any => JSON.parse(readFileSync(join(CCF, f), 'utf8'));

function issuesOf(e: unknown): { code: string; target: string }[] {
  assert.ok(e instanceof ValidationFailed, `ValidationFailed expected, got ${String(e)}`);
  return e.issues.map((i) => ({ code: i.code, target: i.target }));
}

test('a connector definition is stored as submitted, upserted, found by name or connectorUiConfig.id, and survives a restart', async (t) => {
  const rig = await openRig(t);
  const def = json('connectorDefinition.json');
  const first = await rig.ws.putSentinel('dataConnectorDefinitions', def.name, def);
  assert.equal(first.created, true);
  assert.equal(first.resource.kind, 'Customizable');
  const again = await rig.ws.putSentinel('dataConnectorDefinitions', def.name.toUpperCase(), def);
  assert.equal(again.created, false, 'PUT of the same name (any case) replaces');
  assert.equal(again.resource.name, 'ContosoSecurityAlertsPush', 'the first casing is kept');
  assert.notEqual(again.resource.etag, first.resource.etag);
  assert.equal(rig.ws.listSentinel('dataConnectorDefinitions').length, 1);

  await rig.reopen();
  const stored = rig.ws.findConnectorDefinition('contososecurityalertspush');
  assert.ok(stored);
  assert.deepEqual(stored.properties, def.properties, 'the body comes back as submitted');
});

test('a definition without the connectorUiConfig fields the gallery reads is refused with one located issue per field', async (t) => {
  const rig = await openRig(t);
  const def = json('connectorDefinition.json');
  const ui = def.properties.connectorUiConfig;
  delete ui.title;
  delete ui.dataTypes;
  ui.id = 'Contoso Push';
  const e = await rig.ws.putSentinel('dataConnectorDefinitions', 'x', def).catch((err: unknown) => err);
  assert.deepEqual(issuesOf(e).sort((a, b) => a.target.localeCompare(b.target)), [
    { code: 'MissingProperty', target: 'properties.connectorUiConfig.dataTypes' },
    { code: 'InvalidConnectorId', target: 'properties.connectorUiConfig.id' },
    { code: 'MissingProperty', target: 'properties.connectorUiConfig.title' },
  ]);
  const wrongKind = json('connectorDefinition.json');
  wrongKind.kind = 'Static';
  assert.deepEqual(issuesOf(await rig.ws.putSentinel('dataConnectorDefinitions', 'x', wrongKind).catch((err: unknown) => err)), [{ code: 'InvalidKind', target: 'kind' }]);
});

test('a data connector must name an installed definition, and a stream its DCR declares', async (t) => {
  const rig = await openRig(t);
  const dc = json('dataConnector.json');
  assert.deepEqual(issuesOf(await rig.ws.putSentinel('dataConnectors', dc.name, dc).catch((e: unknown) => e)), [
    { code: 'ConnectorDefinitionNotFound', target: 'properties.connectorDefinitionName' },
  ]);

  await rig.ws.putSentinel('dataConnectorDefinitions', 'ContosoSecurityAlertsPush', json('connectorDefinition.json'));
  // Unevaluated phase-two expressions (`[[parameters('dcrConfig')…]`) cannot be checked and are accepted as they are.
  assert.equal((await rig.ws.putSentinel('dataConnectors', dc.name, dc)).created, true);

  await rig.ws.putTable('ContosoSecurityAlerts_CL', json('table.json'));
  const { dcr } = await rig.ws.putDcr('ContosoSecurityAlertsPushDCR', json('DCR.json'));
  const wrongStream = structuredClone(dc);
  wrongStream.properties.dcrConfig.dataCollectionRuleImmutableId = dcr.immutableId;
  wrongStream.properties.dcrConfig.streamName = 'Custom-ContosoSecurityAlerts_CL';
  const e = await rig.ws.putSentinel('dataConnectors', dc.name, wrongStream).catch((err: unknown) => err);
  assert.deepEqual(issuesOf(e), [{ code: 'StreamNotDeclared', target: 'properties.dcrConfig.streamName' }]);
  assert.match((e as Error).message, /'Custom-ContosoSecurityAlerts'/, 'the message names the stream the DCR does declare');

  const unknownDcr = structuredClone(dc);
  unknownDcr.properties.dcrConfig.dataCollectionRuleImmutableId = 'dcr-00000000000000000000000000000000';
  assert.deepEqual(issuesOf(await rig.ws.putSentinel('dataConnectors', dc.name, unknownDcr).catch((err: unknown) => err)), [
    { code: 'DataCollectionRuleNotFound', target: 'properties.dcrConfig.dataCollectionRuleImmutableId' },
  ]);
});

test('a definition with data connector instances cannot be deleted; without them it can', async (t) => {
  const rig = await openRig(t);
  await rig.ws.putSentinel('dataConnectorDefinitions', 'ContosoSecurityAlertsPush', json('connectorDefinition.json'));
  const dc = json('dataConnector.json');
  await rig.ws.putSentinel('dataConnectors', dc.name, dc);
  assert.deepEqual(rig.ws.dataConnectorsOf('ContosoSecurityAlertsPush').map((d) => d.name), [dc.name]);
  const e = await rig.ws.deleteSentinel('dataConnectorDefinitions', 'ContosoSecurityAlertsPush').catch((err: unknown) => err);
  assert.ok(e instanceof Conflict && e.code === 'ConnectorDefinitionInUse', String(e));
  assert.equal(await rig.ws.deleteSentinel('dataConnectors', dc.name), true);
  assert.equal(await rig.ws.deleteSentinel('dataConnectorDefinitions', 'ContosoSecurityAlertsPush'), true);
  assert.equal(await rig.ws.deleteSentinel('dataConnectorDefinitions', 'ContosoSecurityAlertsPush'), false, 'nothing left to delete');
});
