// DCR transforms are checked when the DCR is created or updated (the issue's "rejected when the DCR
// is created or updated"): the workspace service with the KQL transform check the server installs,
// on a real storage engine, and the same through the management API over HTTPS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationFailed, type ValidationIssue } from '../../src/workspace/errors.js';
import { kqlTransformCheck } from '../../src/pipeline/dryrun/transform-check.js';
import { CONTOSO_DCR, CONTOSO_TABLE, HALCYON_V2, readJson, withWorkspace } from '../workspace/helpers.js';
import { admin, startTestServer } from '../surfaces/helpers.js';

type Dcr = { properties: { dataFlows: { transformKql?: string }[] } };

async function contosoWith(transformKql: string): Promise<Dcr> {
  const body = (await readJson(CONTOSO_DCR)) as Dcr;
  body.properties.dataFlows[0].transformKql = transformKql;
  return body;
}

async function issuesOf(p: Promise<unknown>): Promise<readonly ValidationIssue[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationFailed) return e.issues;
    throw e;
  }
  assert.fail('expected the DCR to be refused');
}

const TARGET = 'properties.dataFlows[0].transformKql';

test('operators and functions outside the subset are refused at creation by name, with their line:column', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    // `summarize` starts at the 10th character of `source | summarize …`.
    const a = await issuesOf(ws.putDcr('c', await contosoWith('source | summarize count() by UserName')));
    assert.equal(a.length, 1);
    assert.deepEqual([a[0].code, a[0].target], ['KQL3001', TARGET]);
    assert.match(a[0].message, /^at line 1, column 10: The 'summarize' operator is not supported/);
    // A function on the third line of a multi-line transform.
    const b = await issuesOf(ws.putDcr('c', await contosoWith('source\n| extend TimeGenerated = now()\n| extend x = rand()')));
    assert.deepEqual(b.map((i) => [i.code, i.target]), [['KQL3002', TARGET]]);
    assert.match(b[0].message, /^at line 3, column 14: The function 'rand' is not supported/);
    // Operators the article does not list (in~) and unknown columns are refused too.
    const c = await issuesOf(ws.putDcr('c', await contosoWith('source | extend TimeGenerated = now() | where UserName in~ ("a")')));
    assert.match(c[0].message, /^at line 1, column 47: .*'in~'/);
    const d = await issuesOf(ws.putDcr('c', await contosoWith('source | extend TimeGenerated = now() | where Nope == 1')));
    assert.match(d[0].message, /^at line 1, column 47: .*'Nope'/);
    assert.equal(ws.listDcrs().length, 0, 'nothing was stored');
  }, { transformCheck: kqlTransformCheck });
});

test('the output schema is checked against the destination table at creation', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    const extra = await issuesOf(ws.putDcr('c', await contosoWith('source | extend TimeGenerated = now(), Extra = 1')));
    assert.deepEqual(extra.map((i) => [i.code, i.target]), [['KQL3103', TARGET]]);
    assert.match(extra[0].message, /'Extra'.*'ContosoSecurityAlerts_CL'/);
    assert.doesNotMatch(extra[0].message, /line \d/, 'an output problem is about the whole transform, not a position');
    // UserName is a string column; the transform makes it a long.
    const type = await issuesOf(ws.putDcr('c', await contosoWith('source | extend TimeGenerated = now(), UserName = 5')));
    assert.deepEqual(type.map((i) => i.code), ['KQL3104']);
    assert.match(type[0].message, /'UserName' is long.*string/);
    // The article: the output must include TimeGenerated.
    const tg = await issuesOf(ws.putDcr('c', await contosoWith('source | project UserName')));
    assert.deepEqual(tg.map((i) => i.code), ['KQL3101']);
  }, { transformCheck: kqlTransformCheck });
});

test('a valid transform is stored; tolerated functions only warn; an update is checked like a creation', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    const { dcr } = await ws.putDcr('c', await contosoWith('source | extend TimeGenerated = now(), EventType = iff(EventType == "", "none", EventType)'));
    assert.match(dcr.dataFlows[0].transformKql!, /iff/);
    const issues = await issuesOf(ws.putDcr('c', await contosoWith('source | take 5')));
    assert.equal(issues[0].code, 'KQL3001');
    assert.match(ws.getDcr('c')!.dataFlows[0].transformKql!, /iff/, 'the refused update left the rule as it was');
  }, { transformCheck: kqlTransformCheck });
});

test('real solution files pass the check: Halcyon v2 (two flows, todynamic) with its tables', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('HalcyonEventsV2_CL', await readJson(`${HALCYON_V2}/Halcyon_table_events.json`));
    await ws.putTable('HalcyonAlertUpdatesV2_CL', await readJson(`${HALCYON_V2}/Halcyon_table_alert_updates.json`));
    const { dcr } = await ws.putDcr('HalcyonDCRv2', await readJson(`${HALCYON_V2}/Halcyon_DCR.json`));
    assert.equal(dcr.dataFlows.length, 2);
  }, { transformCheck: kqlTransformCheck });
});

test('the server checks transforms: PUT of a DCR outside the subset is a 400 ARM error naming the operator and its position', async (t) => {
  const server = await startTestServer();
  t.after(() => server.dispose());
  const ws = server.ctx.workspace;
  const base = `/subscriptions/${ws.workspace.subscriptionId}/resourceGroups/${ws.workspace.resourceGroup}`;
  const tablePath = `${base}/providers/Microsoft.OperationalInsights/workspaces/${ws.workspace.name}/tables/ContosoSecurityAlerts_CL`;
  assert.equal((await admin(server, 'PUT', tablePath, await readJson(CONTOSO_TABLE))).status < 300, true);
  const dcrPath = `${base}/providers/Microsoft.Insights/dataCollectionRules/contoso`;
  const res = await admin(server, 'PUT', dcrPath, await contosoWith('source | extend TimeGenerated = now()\n| join (source) on UserName'));
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'InvalidPayload');
  const [detail] = res.json.error.details;
  assert.deepEqual([detail.code, detail.target], ['KQL3001', TARGET]);
  assert.match(detail.message, /^at line 2, column 3: The 'join' operator/);
  // The valid transform of the same file is accepted.
  assert.equal((await admin(server, 'PUT', dcrPath, await readJson(CONTOSO_DCR))).status < 300, true);
});
