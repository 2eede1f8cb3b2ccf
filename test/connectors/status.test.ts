// Connector status the way the Data connectors page computes it (issue §3, spec §11.2–11.5, R13):
// the seed's IsConnectedQuery run through the KQL engine, last data received per data type, the
// data-received series, sample queries by name, and the pipeline's per-hop counters beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  connectorStatusByRef, deployPushConnector, disconnectPushConnector, listConnectorStatuses, runSampleQuery, type ConnectorStatus,
} from '../../src/connectors/index.js';
import { CONTOSO_DIR, ENDPOINT, installSolution, openRig, type Rig } from './helpers.js';

const CCF = join(CONTOSO_DIR, 'Data Connectors', 'ContosoSecurityAlerts_ccf');
const seedUi = (): any => JSON.parse(readFileSync(join(CCF, 'connectorDefinition.json'), 'utf8')).properties.connectorUiConfig;
const DEF = 'ContosoSecurityAlertsPush';

async function status(rig: Rig, ref = DEF, graph: 'daily' | 'hourly' | false = false): Promise<ConnectorStatus> {
  const s = await connectorStatusByRef(rig.ws, ref, { runKql: rig.runKql, counters: rig.pipeline, graph });
  assert.ok(s, `${ref} is in the gallery`);
  return s;
}

test('Disconnected before data, with the deciding query and its result shown; Connected once an event is stored', async (t) => {
  const rig = await openRig(t);
  await installSolution(rig.ws, CONTOSO_DIR);
  const d = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });

  const before = await status(rig);
  assert.equal(before.status, 'Disconnected');
  assert.equal(before.lastDataReceived, null);
  assert.equal(before.criteria.length, 1);
  const c = before.criteria[0];
  assert.equal(c.type, 'IsConnectedQuery');
  assert.equal(c.queries?.[0].query, seedUi().connectivityCriteria[0].value[0], 'the query shown is the definition\'s');
  // max() over no rows is null, so IsConnected is null: not connected.
  assert.deepEqual(c.queries?.[0].rows, [[null]]);
  assert.equal(c.queries?.[0].isConnected, false);
  assert.match(c.explanation, /IsConnected = null/);
  assert.equal(before.dataTypes[0].name, 'ContosoSecurityAlerts_CL');
  assert.equal(before.dataTypes[0].query, seedUi().dataTypes[0].lastDataReceivedQuery);
  assert.deepEqual(before.dataConnectors.map((x) => x.dataCollectionRuleImmutableId), [d.details.DataCollectionRuleId]);

  // The seed's example event (its TimeGenerated is not a declared stream column; the transform sets it).
  const event = { TimeGenerated: new Date().toISOString(), EventSeverity: 'Medium', EventType: 'LoginAlert', UserName: 'alice@contoso.com', SourceIP: '192.168.1.100', DeviceId: 'device-12345', AlertMessage: 'Multiple failed login attempts detected' };
  await rig.pipeline.ingest({ dcrImmutableId: d.details.DataCollectionRuleId, stream: d.details.StreamName, body: [event] });

  const after = await status(rig, 'contososecurityalertspush', 'daily');
  assert.equal(after.status, 'Connected');
  assert.deepEqual(after.criteria[0].queries?.[0].rows, [[true]]);
  const stored = await rig.runKql('ContosoSecurityAlerts_CL | project TimeGenerated');
  assert.equal(stored.rows.length, 1);
  assert.equal(after.lastDataReceived, stored.rows[0][0], 'last data received is the stored row\'s TimeGenerated');
  assert.equal(after.dataTypes[0].lastDataReceived, stored.rows[0][0]);

  // The data-received graph: one series per graphQueries entry, one point per day, the event in today's bin.
  assert.equal(after.graph?.length, 1);
  const series = after.graph![0];
  assert.equal(series.legend, seedUi().graphQueries[0].legend);
  assert.equal(series.points.reduce((a, p) => a + p.count, 0), 1);
  const day = String(stored.rows[0][0]).slice(0, 10);
  assert.equal(series.points.find((p) => p.count === 1)?.time.slice(0, 10), day);
  assert.ok(series.points.length >= 14, 'zero-filled over the window');

  // Per-hop counters of the pipeline beside it.
  assert.deepEqual(after.hops?.totals, { received: 1, rejectedRequests: 0, filtered: 0, droppedFields: 1, deadLettered: 0, stored: 1 });
  assert.deepEqual(after.hops?.streams[0].droppedFields, { TimeGenerated: 1 }, 'the undeclared TimeGenerated property was dropped, and said so');
});

test('"Not connected while data flows" is diagnosable: the failing query and its error are shown next to the counters', async (t) => {
  const rig = await openRig(t);
  await installSolution(rig.ws, CONTOSO_DIR);
  const d = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });
  await rig.pipeline.ingest({ dcrImmutableId: d.details.DataCollectionRuleId, stream: d.details.StreamName, body: [{ EventSeverity: 'High' }] });
  // An author's typo in the connectivity query: the table is misspelt.
  const def = rig.ws.findConnectorDefinition(DEF)!;
  const ui = structuredClone(def.properties.connectorUiConfig) as any;
  ui.connectivityCriteria[0].value[0] = ui.connectivityCriteria[0].value[0].replace('ContosoSecurityAlerts_CL', 'ContosoSecurityAlert_CL');
  await rig.ws.putSentinel('dataConnectorDefinitions', def.name, { kind: 'Customizable', properties: { ...def.properties, connectorUiConfig: ui } });

  const s = await status(rig);
  assert.equal(s.status, 'Disconnected');
  const q = s.criteria[0].queries![0];
  assert.equal(q.ok, false);
  assert.equal(q.error?.diagnostics[0].code, 'KQL2001', 'unknown table');
  assert.match(s.criteria[0].explanation, /ContosoSecurityAlert_CL/);
  assert.equal(s.hops?.totals.stored, 1, 'while the counters show the data arriving');
  assert.notEqual(s.lastDataReceived, null);
});

test('HasDataConnectors holds while a data connector instance exists', async (t) => {
  const rig = await openRig(t);
  await installSolution(rig.ws, CONTOSO_DIR);
  const def = rig.ws.findConnectorDefinition(DEF)!;
  const ui = structuredClone(def.properties.connectorUiConfig) as any;
  ui.connectivityCriteria = [{ type: 'HasDataConnectors', value: null }];
  await rig.ws.putSentinel('dataConnectorDefinitions', def.name, { kind: 'Customizable', properties: { ...def.properties, connectorUiConfig: ui } });
  assert.equal((await status(rig)).status, 'Disconnected');
  await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });
  const s = await status(rig);
  assert.equal(s.status, 'Connected');
  assert.equal(s.criteria[0].dataConnectors?.length, 1);
  await disconnectPushConnector(rig.ws, DEF);
  assert.equal((await status(rig)).status, 'Disconnected');
});

test('sample queries run by description or position; the list covers every connector of the gallery', async (t) => {
  const rig = await openRig(t);
  await installSolution(rig.ws, CONTOSO_DIR);
  const d = await deployPushConnector(rig.ws, DEF, { endpoint: ENDPOINT });
  await rig.pipeline.ingest({
    dcrImmutableId: d.details.DataCollectionRuleId, stream: d.details.StreamName,
    body: [{ EventSeverity: 'Critical', UserName: 'a' }, { EventSeverity: 'Low', UserName: 'b' }, { EventSeverity: 'High', UserName: 'c' }],
  });
  const r = await runSampleQuery(rig.ws, DEF, 'Critical and High severity alerts', rig.runKql);
  assert.ok('outcome' in r, JSON.stringify(r));
  assert.equal(r.index, 2);
  const sev = r.outcome.columns!.findIndex((c) => c.name === 'EventSeverity');
  assert.deepEqual(r.outcome.rows!.map((row) => row[sev]).sort(), ['Critical', 'High']);
  const all = await runSampleQuery(rig.ws, DEF, '1', rig.runKql);
  assert.ok('outcome' in all && all.outcome.rows!.length === 3);
  const missing = await runSampleQuery(rig.ws, DEF, 'nope', rig.runKql);
  assert.ok('error' in missing && /All security alerts/.test(missing.error), 'a wrong name lists the sample queries');

  const list = await listConnectorStatuses(rig.ws, { runKql: rig.runKql });
  assert.deepEqual(list.map((s) => [s.id, s.status]), [[DEF, 'Connected']]);
});
