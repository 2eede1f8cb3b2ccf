// The content hub in a workspace (issue §6): the built-in solutions listed with their installed state,
// installed idempotently (the solution shows as installed), uninstalled without touching data; the
// legacy Darktrace connector's status over the Data Collector API path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectorError, connectorStatusByRef, deployPushConnector, galleryEntries, installContent, listContent, uninstallContent,
} from '../../src/connectors/index.js';
import { LegacyIngest } from '../../src/pipeline/legacy/index.js';
import { ENDPOINT, openRig } from './helpers.js';

test('the built-in solutions install idempotently and show as installed; uninstalling removes the content, not the data', async (t) => {
  const rig = await openRig(t);
  assert.deepEqual(listContent(rig.ws).map((c) => [c.id, c.installed]), [['ContosoSecurityAlerts', false], ['Darktrace', false], ['Halcyon', false]]);

  const first = await installContent(rig.ws, 'halcyon');
  assert.equal(first.id, 'Halcyon');
  assert.equal(first.updated.length, 0);
  assert.ok(first.created.length >= 5, 'content package, two content templates, the definition and its metadata');
  const second = await installContent(rig.ws, 'Halcyon');
  assert.deepEqual(second.created, [], 'installing again creates nothing');
  assert.deepEqual([...second.updated].sort(), [...first.created].sort());

  const halcyon = listContent(rig.ws).find((c) => c.id === 'Halcyon')!;
  assert.equal(halcyon.installed, true);
  assert.equal(halcyon.installedVersion, halcyon.version);
  assert.deepEqual(halcyon.connectors, ['HalcyonPush']);
  assert.deepEqual(galleryEntries(rig.ws).map((e) => e.id), ['HalcyonPush']);

  // Contoso's data file says Version 1.0.0 (as the seed writes it); the packager makes it at least
  // 3.0.0 (spec §9.1), and the hub offers and reports the version that gets installed.
  const contosoInstall = await installContent(rig.ws, 'ContosoSecurityAlerts');
  const contoso = listContent(rig.ws).find((c) => c.id === 'ContosoSecurityAlerts')!;
  assert.deepEqual([contosoInstall.version, contoso.version, contoso.installedVersion], ['3.0.0', '3.0.0', '3.0.0']);
  await uninstallContent(rig.ws, 'ContosoSecurityAlerts');

  // Deployed, it blocks the uninstall until disconnected; the tables and rows stay either way.
  const d = await deployPushConnector(rig.ws, 'HalcyonPush', { endpoint: ENDPOINT });
  await rig.pipeline.ingest({ dcrImmutableId: d.details.DataCollectionRuleId, stream: d.details.StreamName, body: [{ TimeGenerated: new Date().toISOString(), EventSchema: 'Dns', DnsQuery: 'example.com' }] });
  const blocked = await uninstallContent(rig.ws, 'Halcyon').catch((e: unknown) => e);
  assert.ok(blocked instanceof ConnectorError && blocked.code === 'ContentInUse', String(blocked));
  const removed = await uninstallContent(rig.ws, 'Halcyon', { disconnect: true });
  assert.deepEqual(removed.disconnected, ['HalcyonPush']);
  // Everything the install created, plus the metadata the deployment of its Connections template added.
  assert.ok(first.created.every((id) => removed.removed.includes(id)));
  assert.deepEqual(removed.removed.filter((id) => !first.created.includes(id)), [`${rig.ws.workspaceResourceId}/providers/Microsoft.SecurityInsights/metadata/DataConnector-HalcyonPushConnections`]);
  assert.equal(listContent(rig.ws).find((c) => c.id === 'Halcyon')!.installed, false);
  assert.deepEqual(galleryEntries(rig.ws), []);
  assert.equal(rig.ws.listSentinel('contentTemplates').length, 0);
  assert.equal(rig.ws.listApps().length, 0, 'the connector\'s app went with the disconnect');
  assert.equal(Number((await rig.runKql('HalcyonDnsActivity_CL | count')).rows[0][0]), 1, 'the row stays');
  assert.equal((await uninstallContent(rig.ws, 'Halcyon').catch((e: unknown) => e) as ConnectorError).code, 'ContentNotFound');
});

test('Darktrace (a legacy GenericUI connector): no table, then Data Collector API rows; status, last data and counters follow', async (t) => {
  const rig = await openRig(t);
  await installContent(rig.ws, 'Darktrace');
  const entry = galleryEntries(rig.ws);
  assert.deepEqual(entry.map((e) => [e.id, e.source]), [['DarktraceRESTConnector', 'genericUI']]);
  const push = await deployPushConnector(rig.ws, 'DarktraceRESTConnector', { endpoint: ENDPOINT }).catch((e: unknown) => e);
  assert.ok(push instanceof ConnectorError && push.code === 'NotAPushConnector', String(push));

  // Before the appliance sends, the table does not exist: the criterion's query says so.
  const before = await connectorStatusByRef(rig.ws, 'DarktraceRESTConnector', { runKql: rig.runKql, counters: rig.pipeline });
  assert.equal(before?.status, 'Disconnected');
  assert.equal(before?.criteria[0].queries?.[0].error?.diagnostics[0].code, 'KQL2001');

  // The master sends a model breach with the workspace id and key (the collector surface hands it to LegacyIngest).
  const legacy = new LegacyIngest({ workspace: rig.ws, engine: rig.engine, documents: rig.engine.documents, counters: rig.pipeline.counters });
  await legacy.ingest({ logType: 'darktrace_model_alerts', body: [{ dtProduct: 'Policy Breach', modelName: 'Anomalous Connection', score: 0.87, hostname: 'ws-042' }] });
  const after = await connectorStatusByRef(rig.ws, 'DarktraceRESTConnector', { runKql: rig.runKql, counters: rig.pipeline, graph: 'hourly' });
  assert.equal(after?.status, 'Connected', JSON.stringify(after?.criteria));
  assert.ok(after?.lastDataReceived);
  assert.deepEqual(after?.tables, ['darktrace_model_alerts_CL']);
  assert.equal(after?.hops?.totals.received, 1);
  assert.equal(after?.hops?.totals.stored, 1);
  assert.equal(after?.graph?.[0].points.reduce((a, p) => a + p.count, 0), 1);
});
