// Darktrace end to end: the test plays a Darktrace master pushing over the HTTP Data Collector API
// with a SharedKey client written from the documented algorithm (test/surfaces/collector/helpers.ts),
// then runs the connector's "Look for Test Alerts" sample query, its connectivity criterion and the
// three analytic rules of the Darktrace solution (fixtures, verbatim) through the KQL compiler
// against what was stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { compileQuery, duckdbDialect, staticSchema, type Column, type ScalarType } from '../../src/kql/index.js';
import { physicalColumns } from '../../src/workspace/standard-columns.js';
import type { TestServer } from '../surfaces/helpers.js';
import { post, sql, startCollectorServer } from '../surfaces/collector/helpers.js';
import { connectorStatusByRef, executorKqlRunner, installContent, runSampleQuery } from '../../src/connectors/index.js';

const DT = '../shared/fixtures/azure-sentinel/Solutions/Darktrace';
const TABLE = 'darktrace_model_alerts_CL';

// Shaped like Darktrace's HTTPS (JSON) alerts: property names and value kinds chosen so that the
// Data Collector naming rules give the columns the analytic rules reference (sourcePort_s is text,
// tags_s an array, uuid_g a GUID, SourceIP/Message/Category/Severity bare).
const testAlert = {
  dtProduct: 'Policy Breach', modelName: 'Unrestricted Test Model', score: 0.1, breachTime: '2025-06-01 10:00:00', pid: 1, threatID: 1,
  SourceIP: '10.0.0.1', hostname: 'darktrace-master', sourceMac: '00:11:22:33:44:55', sourcePort: '0', destIP: '10.0.0.2', destPort: '0',
  destHost: 'sentinel', destMac: '66:77:88:99:aa:bb', compliance: false, cSensor: false, description: 'Test alert sent by Verify Alert Settings',
  antigena: false, deviceId: 1, sid: 1, tags: ['test'], mitreTechniques: [], Message: 'This is a test alert', uuid: '11111111-2222-4333-8444-555555555555',
  breachUrl: 'https://darktrace-master/#modelbreach/1', typeLabel: 'Server', triggeredComponents: [{ id: 1 }], details: 'test', longitude: 0.5, latitude: 51.5, Category: 'Informational',
};
const modelBreach = {
  ...testAlert, modelName: 'Anomalous Connection / Data Sent to Rare Domain', score: 0.87, pid: 4321, threatID: 99, SourceIP: '192.168.1.20',
  hostname: 'ws-042', sourcePort: '51515', destIP: '203.0.113.9', destPort: '443', destHost: 'rare.example', compliance: true, deviceId: 42,
  Message: 'Large outbound transfer to a rare external endpoint', uuid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', Category: 'Critical', tags: ['exfil', 'rare'],
};
const systemAlert = {
  dtProduct: 'System Alert', time: '2025-06-01 10:05:00', friendlyName: 'Probe connectivity lost', deviceIP: '10.0.0.9', hostname: 'probe-1',
  priority_code: 3, priority: 'high', Severity: 3, name: 'probe-disconnect', status: 'active', Message: 'Probe 1 has not reported for 15 minutes',
  url: 'https://darktrace-master/#systemstatus', uuid: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
};
const aiAnalyst = {
  dtProduct: 'AI Analyst', startTime: '2025-06-01 09:00:00', endTime: '2025-06-01 09:30:00', title: 'Possible SSL Command and Control',
  externalId: 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f', score: 92, hostname: 'ws-042', url: 'https://darktrace-master/#aianalyst/7',
  summary: 'The device ws-042 made repeated SSL connections to an unusual endpoint.', groupScore: 77.5, groupCategory: 'critical', bestDeviceName: 'ws-042.corp',
};

function kqlColumns(server: TestServer): Column[] {
  const def = server.ctx.workspace.getTable(TABLE);
  assert.ok(def, `${TABLE} exists`);
  return physicalColumns(def).map((c) => ({ name: c.name, type: c.type as ScalarType }));
}

/** Parses, binds and plans the query against the table as stored, then runs the SQL. */
async function runKql(server: TestServer, text: string): Promise<{ columns: string[]; rows: unknown[][] }> {
  const compiled = compileQuery(text, { schema: staticSchema([{ name: TABLE, columns: kqlColumns(server) }]), dialect: duckdbDialect });
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === 'error'), [], `query compiles:\n${text}`);
  await server.ctx.engine.flush();
  // The dialect's helper macros are per connection: create them in the same call.
  const res = await server.ctx.engine.query([...duckdbDialect.prelude, compiled.sql!].join(';\n'));
  return { columns: res.columns.map((c) => c.name), rows: res.rows };
}

function rule(file: string): { name: string; query: string } {
  return loadYaml(readFileSync(join(DT, 'Analytic Rules', file), 'utf8')) as { name: string; query: string };
}

test('Darktrace master → Data Collector API → darktrace_model_alerts_CL → sample query, connectivity and the three analytic rules', async (t) => {
  const server = await startCollectorServer(t);
  const ws = server.ctx.workspace.workspace.id;
  // The built-in Darktrace solution from the content hub: its legacy connector is Disconnected until the master sends.
  await installContent(server.ctx.workspace, 'Darktrace');
  const runKqlHere = executorKqlRunner(server.ctx.query, server.ctx.engine);
  const statusOf = () => connectorStatusByRef(server.ctx.workspace, 'DarktraceRESTConnector', { runKql: runKqlHere, counters: server.ctx.pipeline });
  assert.equal((await statusOf())?.status, 'Disconnected');
  // Darktrace is configured with the workspace id and the primary key only (seed 001).
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;
  const send = async (records: unknown[]) => {
    const r = await post(server, { workspaceId: ws, key, logType: 'darktrace_model_alerts', body: JSON.stringify(records) });
    assert.equal(r.status, 200, r.text);
  };
  // "Verify Alert Settings" sends a test alert first; then the master streams what it sees.
  await send([testAlert]);
  await send([modelBreach, systemAlert]);
  await send([aiAnalyst]);

  // The ingest half, checked with SQL.
  const stored = await sql(server, `SELECT modelName_s, dtProduct_s, SourceIP, sourcePort_s, uuid_g, Category, SourceSystem FROM ${TABLE} WHERE dtProduct_s = 'Policy Breach' ORDER BY score_d`);
  assert.deepEqual(stored, [
    ['Unrestricted Test Model', 'Policy Breach', '10.0.0.1', '0', '11111111-2222-4333-8444-555555555555', 'Informational', 'RestAPI'],
    ['Anomalous Connection / Data Sent to Rare Domain', 'Policy Breach', '192.168.1.20', '51515', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', 'Critical', 'RestAPI'],
  ]);
  // Every column the analytic rules name exists with the name the fixture schema gives it.
  const schema = JSON.parse(readFileSync('../shared/fixtures/schemas/darktrace_model_alerts_CL.json', 'utf8')) as { columns: { name: string }[] };
  const have = new Set(kqlColumns(server).map((c) => c.name));
  const referenced = readdirSync(join(DT, 'Analytic Rules')).flatMap((f) => [...rule(f).query.matchAll(/\b(\w+_[sdbg]|SourceIP|Message|Category|Severity)\b/g)].map((m) => m[1]));
  for (const c of new Set(referenced)) {
    assert.ok(have.has(c), `column ${c} exists`);
    assert.ok(schema.columns.some((s) => s.name === c), `column ${c} is in the published schema`);
  }

  // The connector's "Look for Test Alerts" sample query returns the test alert.
  const connector = JSON.parse(readFileSync(join(DT, 'Data Connectors/DarktraceConnectorRESTAPI.json'), 'utf8')) as {
    sampleQueries: { description: string; query: string }[];
    connectivityCriterias: { type: string; value: string[] }[];
  };
  const lookFor = connector.sampleQueries.find((q) => q.description === 'Look for Test Alerts')!;
  const testRows = await runKql(server, lookFor.query);
  assert.equal(testRows.rows.length, 1);
  assert.equal(testRows.rows[0][testRows.columns.indexOf('Message')], 'This is a test alert');

  // Its connectivity criterion: Connected.
  const connected = await runKql(server, connector.connectivityCriterias[0].value[0]);
  assert.deepEqual(connected, { columns: ['IsConnected'], rows: [[true]] });

  // The three analytic rules, as published.
  const breach = await runKql(server, rule('CreateAlertFromModelBreach.yaml').query);
  const names = breach.rows.map((r) => r[breach.columns.indexOf('NetworkRuleName')]).sort();
  assert.deepEqual(names, ['Anomalous Connection / Data Sent to Rare Domain', 'Unrestricted Test Model']);
  const critical = breach.rows.find((r) => r[breach.columns.indexOf('SrcIpAddr')] === '192.168.1.20')!;
  assert.equal(critical[breach.columns.indexOf('DtSentinelCategory')], 'High');
  assert.equal(critical[breach.columns.indexOf('DstPortNumber')], '443');

  const status = await runKql(server, rule('CreateAlertFromSystemStatus.yaml').query);
  assert.equal(status.rows.length, 1);
  assert.equal(status.rows[0][status.columns.indexOf('NetworkRuleName')], 'Probe connectivity lost');
  assert.equal(status.rows[0][status.columns.indexOf('DtSeverity')], 3);

  // The built-in connector on the Data connectors page: Connected, last data received, per-hop counters,
  // and its own "Look for Test Alerts" sample query finds the test alert.
  const builtIn = await statusOf();
  assert.equal(builtIn?.status, 'Connected', JSON.stringify(builtIn?.criteria));
  assert.ok(builtIn?.lastDataReceived);
  assert.equal(builtIn?.hops?.totals.received, 4, 'four records were posted');
  assert.equal(builtIn?.hops?.totals.stored, 4);
  const sample = await runSampleQuery(server.ctx.workspace, 'DarktraceRESTConnector', 'Look for Test Alerts', runKqlHere);
  assert.ok('outcome' in sample, JSON.stringify(sample));
  assert.equal(sample.outcome.ok, true, JSON.stringify(sample.outcome.error));
  assert.equal(sample.outcome.rows?.length, 1);

  const ai = await runKql(server, rule('CreateIncidentFromAIAnalystIncident.yaml').query);
  assert.equal(ai.rows.length, 1);
  assert.equal(ai.rows[0][ai.columns.indexOf('NetworkRuleName')], 'Possible SSL Command and Control');
  assert.equal(ai.rows[0][ai.columns.indexOf('CurrentGroup')], 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f');
  assert.equal(ai.rows[0][ai.columns.indexOf('GroupScore')], 77.5);
});
