// Built-in content: every solution shipped in src/content validates clean (KQL included), packages, passes the
// template rules and installs (evaluates) into the resources a workspace needs. Facts checked against the seeds
// (000 Halcyon, 001 Darktrace, 002 Contoso walkthrough) and the schema fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { listBuiltinContent } from '../../src/content/index.js';
import { checkTemplate, planContentInstall, planContentUninstall, validateSolution } from '../../src/solutions/index.js';
import { oracleAnalyzer } from '../solutions/helpers/oracle-kql.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const entries = listBuiltinContent();

test('the content hub lists Contoso, Darktrace and Halcyon with support type and "Supported by"', () => {
  assert.deepEqual(
    entries.map((e) => [e.id, e.supportTier, e.supportedBy.name]),
    [
      ['ContosoSecurityAlerts', 'Partner', 'Contoso Corporation'],
      ['Darktrace', 'Partner', 'Darktrace'],
      ['Halcyon', 'Partner', 'Halcyon'],
    ],
  );
  assert.equal(entries.find((e) => e.id === 'Halcyon')!.solutionId, 'halcyontech1743610828684.azure-sentinel-solution-halcyon');
});

for (const e of entries) {
  test(`${e.name}: validates clean with KQL checks, packages, passes the template rules and installs`, async () => {
    // Clean with Vigil's own KQL step and with the official parser as the KQL step.
    for (const kql of [undefined, oracleAnalyzer]) {
      const v = validateSolution(e.dir, kql ? { kql } : {});
      assert.deepEqual(v.findings, [], v.findings.map((f) => `${f.file}:${f.pointer}: ${f.code} ${f.message}`).join('\n'));
    }
    const plan = await planContentInstall(e.id, { workspace: 'ws1', location: 'westeurope' });
    assert.ok(plan && plan.ok, JSON.stringify(plan?.findings.filter((f) => f.severity !== 'info')));
    assert.deepEqual(checkTemplate(plan.package.mainTemplate!, 'mainTemplate.json', plan.package.testParameters), []);
    const types = plan.evaluation!.resources.map((r) => r.resourceType);
    assert.equal(types[0], 'Microsoft.SecurityInsights/contentPackages', 'the package is created first');
    assert.deepEqual(planContentUninstall(plan.evaluation!)[types.length - 1], plan.evaluation!.resources[0].id, 'and removed last');
  });
}

const schema = (t: string): any => JSON.parse(readFileSync(`../shared/fixtures/schemas/${t}.json`, 'utf8'));

test('Halcyon: connector HalcyonPush, five tables from the schema fixtures, one stream routed by EventSchema', () => {
  const v = validateSolution(entries.find((e) => e.id === 'Halcyon')!.dir);
  const g = v.graph;
  assert.deepEqual(g.definitions.map((d) => d.id), ['HalcyonPush']);
  const tables = ['HalcyonAuthenticationEvents_CL', 'HalcyonDnsActivity_CL', 'HalcyonFileActivity_CL', 'HalcyonNetworkSession_CL', 'HalcyonProcessEvent_CL'];
  assert.deepEqual(g.tables.map((t) => t.name).sort(), tables);
  for (const t of g.tables) {
    const s = schema(t.name);
    assert.deepEqual(t.columns, s.columns.map((c: any) => ({ name: c.name, type: c.type })), t.name);
  }
  assert.equal(g.dcrs.length, 1);
  const dcr = g.dcrs[0];
  assert.deepEqual(dcr.streams.map((s) => s.name), ['Custom-Halcyon']);
  assert.equal(g.dataConnectors[0].streamName, 'Custom-Halcyon');
  for (const flow of dcr.flows) {
    const s = schema(flow.table!.name);
    assert.equal(flow.outputStream, s.dcr.outputStream);
    const eventSchema = /EventSchema *== *'([^']+)'/.exec(s.dcr.transformKql)![1];
    assert.match(flow.transformKql!, new RegExp(`where EventSchema == '${eventSchema}'`));
  }
  // The push body's events are read at $.messages (schema fixtures' connector section).
  assert.deepEqual((g.dataConnectors[0].artifact.json as any).properties.response.eventsJsonPaths, ['$.messages']);
});

test('Darktrace: legacy REST connector with Workspace ID and Primary Key labels, setup steps, the test-alert query', () => {
  const v = validateSolution(entries.find((e) => e.id === 'Darktrace')!.dir);
  assert.equal(v.graph.legacy.length, 1);
  const c = v.graph.legacy[0].artifact.json as any;
  assert.equal(c.id, 'DarktraceRESTConnector');
  const labels = c.instructionSteps.flatMap((s: any) => s.instructions ?? []).map((i: any) => [i.type, i.parameters.label, i.parameters.fillWith]);
  assert.deepEqual(labels, [
    ['CopyableLabel', 'Workspace ID', ['WorkspaceId']],
    ['CopyableLabel', 'Primary Key', ['PrimaryKey']],
  ]);
  assert.match(c.instructionSteps[1].description, /Main Menu > Admin > System Config/);
  const testQuery = c.sampleQueries.find((q: any) => q.description === 'Look for Test Alerts');
  assert.match(testQuery.query, /modelName_s == "Unrestricted Test Model"/);
  assert.match(c.connectivityCriterias[0].value[0], /IsConnected = LastLogReceived > ago\(30d\)/);
  assert.deepEqual(c.dataTypes.map((d: any) => d.name), ['darktrace_model_alerts_CL']);
});

test('Contoso: the push guide example — stream Custom-ContosoSecurityAlerts into ContosoSecurityAlerts_CL', () => {
  const v = validateSolution(entries.find((e) => e.id === 'ContosoSecurityAlerts')!.dir);
  assert.deepEqual(v.graph.definitions.map((d) => [d.id, d.title]), [['ContosoSecurityAlertsPush', 'Contoso Security Alerts (Push)']]);
  assert.equal(v.graph.dcrs[0].flows[0].table?.name, 'ContosoSecurityAlerts_CL');
  assert.equal(v.graph.dataConnectors[0].dcrs[0].name, 'ContosoSecurityAlertsPushDCR');
});
