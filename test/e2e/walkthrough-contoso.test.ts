// The seed's "Building your first push connector" (seeds/002, spec §10) done with Vigil, end to end:
// the four files and the metadata of the seed (test/solutions/fixtures/contoso) → `vigil solution
// validate` → `vigil solution package` → `vigil deploy Package/mainTemplate.json` → `vigil connector
// deploy` (the Deploy button) → the seed's example event pushed with the official SDK using the
// returned details → the three queries of "Query your data" → the connector turns Connected, with its
// last data received and the data-received graph showing the event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { LogsIngestionClient } from '@azure/monitor-ingestion';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { createApp, startTestServer, type TestServer } from '../surfaces/helpers.js';
import { vigil } from '../connectors/cli-helpers.js';

const SEED_SOLUTION = 'test/solutions/fixtures/contoso/ContosoSecurityAlerts';

/** The three queries of the seed's "Query your data", verbatim. */
const QUERY_RECENT = 'ContosoSecurityAlerts_CL\n| where TimeGenerated > ago(1h)\n| order by TimeGenerated desc';
const QUERY_HIGH = 'ContosoSecurityAlerts_CL\n| where EventSeverity == "High"\n| project TimeGenerated, EventType, UserName, SourceIP, AlertMessage';
const QUERY_SUMMARY = 'ContosoSecurityAlerts_CL\n| where TimeGenerated > ago(7d)\n| summarize Count=count() by EventSeverity';

/** The analyst's side: the official LogsQueryClient with an app holding Log Analytics Reader on the workspace. */
async function analyst(server: TestServer): Promise<(query: string) => Promise<{ columns: string[]; rows: unknown[][] }>> {
  const app = await createApp(server, 'analyst');
  await server.ctx.workspace.assignRole({ principalId: app.servicePrincipalId, role: 'Log Analytics Reader', scope: server.ctx.workspace.workspaceResourceId });
  const tlsOptions = { ca: server.caPem };
  const credential = new ClientSecretCredential(server.info.tenantId, app.appId, app.secret, {
    authorityHost: server.url, disableInstanceDiscovery: true, tlsOptions,
  } as ConstructorParameters<typeof ClientSecretCredential>[3]);
  const client = new LogsQueryClient(credential, { endpoint: `${server.url}/v1`, tlsOptions } as ConstructorParameters<typeof LogsQueryClient>[1]);
  return async (query) => {
    // Acknowledged rows become queryable within a load cycle of the engine; wait for it rather than sleep.
    await server.ctx.engine.flush();
    const r = await client.queryWorkspace(server.info.workspaceId, query, { duration: 'P7D' });
    assert.equal(r.status, LogsQueryResultStatus.Success, query);
    if (r.status !== LogsQueryResultStatus.Success) throw new Error('unreachable');
    return { columns: r.tables[0]!.columnDescriptors.map((c) => c.name ?? ''), rows: r.tables[0]!.rows as unknown[][] };
  };
}

test('the seed walkthrough: validate, package, deploy the package, deploy the push connector, push with the SDK, query, Connected', { timeout: 900_000 }, async (t) => {
  const server = await startTestServer();
  const work = await mkdtemp(join(tmpdir(), 'vigil-walkthrough-'));
  t.after(async () => {
    await server.dispose();
    await rm(work, { recursive: true, force: true });
  });
  const dir = join(work, 'ContosoSecurityAlerts');
  await cp(SEED_SOLUTION, dir, { recursive: true });
  const at = ['--data-dir', server.dataDir];

  // Validate: clean (the hard-coded BasePath is only noted).
  const validated = await vigil(['solution', 'validate', dir]);
  assert.equal(validated.status, 0, validated.stdout + validated.stderr);
  assert.match(validated.stdout, /^0 error\(s\), 0 warning\(s\)/m);

  // Package: the three files the seed's packaging step checks, and a summary.
  const packaged = await vigil(['solution', 'package', dir]);
  assert.equal(packaged.status, 0, packaged.stdout + packaged.stderr);
  for (const f of ['mainTemplate.json', 'createUiDefinition.json', 'testParameters.json']) assert.ok((await stat(join(dir, 'Package', f))).size > 0, f);
  assert.match(packaged.stdout, /Packaged ContosoSecurityAlerts/);

  // Deploy the package: the connector appears on the Data connectors page, not connected yet.
  const deployed = await vigil(['deploy', join(dir, 'Package', 'mainTemplate.json'), ...at]);
  assert.equal(deployed.status, 0, deployed.stdout + deployed.stderr);
  assert.match(deployed.stdout, /deployment 'mainTemplate' succeeded/);
  const listed = await vigil(['connector', 'list', '--json', ...at]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(listed.json.map((c: any) => ({ id: c.id, title: c.title, status: c.status, lastDataReceived: c.lastDataReceived })), [
    { id: 'ContosoSecurityAlertsPush', title: 'Contoso Security Alerts (Push)', status: 'Disconnected', lastDataReceived: null },
  ]);

  // "Deploy Contoso Security Alerts connector": the six connection details, by their fillWith names.
  const pushed = await vigil(['connector', 'deploy', 'ContosoSecurityAlertsPush', '--json', ...at]);
  assert.equal(pushed.status, 0, pushed.stdout + pushed.stderr);
  const details = pushed.json;
  assert.deepEqual(Object.keys(details).sort(), ['ApplicationId', 'ApplicationSecret', 'DataCollectionEndpoint', 'DataCollectionRuleId', 'StreamName', 'TenantId']);
  assert.equal(details.StreamName, 'Custom-ContosoSecurityAlerts');

  // The sender: the official SDK with only those values (Vigil is also the authority host; the CA is trusted explicitly).
  const tlsOptions = { ca: server.caPem };
  const credential = new ClientSecretCredential(details.TenantId, details.ApplicationId, details.ApplicationSecret, {
    authorityHost: server.info.authorityHost, disableInstanceDiscovery: true, tlsOptions,
  } as ConstructorParameters<typeof ClientSecretCredential>[3]);
  const client = new LogsIngestionClient(details.DataCollectionEndpoint, credential, { tlsOptions } as ConstructorParameters<typeof LogsIngestionClient>[2]);
  // The seed's example event, as its Python code builds it.
  const event = {
    TimeGenerated: new Date().toISOString(), EventSeverity: 'Medium', EventType: 'LoginAlert', UserName: 'alice@contoso.com',
    SourceIP: '192.168.1.100', DeviceId: 'device-12345', AlertMessage: 'Multiple failed login attempts detected',
  };
  await client.upload(details.DataCollectionRuleId, details.StreamName, [event]);

  // "Query your data" in the Logs blade (the query API with the official client) — no 5–10 minute wait.
  const runKql = await analyst(server);
  const recent = await runKql(QUERY_RECENT);
  const col = (name: string): number => recent.columns.indexOf(name);
  assert.equal(recent.rows.length, 1);
  assert.equal(recent.rows[0][col('UserName')], 'alice@contoso.com');
  assert.equal(recent.rows[0][col('AlertMessage')], event.AlertMessage);
  assert.deepEqual((await runKql(QUERY_HIGH)).rows, [], 'the seed\'s event is Medium, so the High query has nothing yet');
  assert.deepEqual((await runKql(QUERY_SUMMARY)).rows.map(([s, n]) => [s, Number(n)]), [['Medium', 1]]);
  // The same alert at High severity shows in the second query.
  await client.upload(details.DataCollectionRuleId, details.StreamName, [{ ...event, EventSeverity: 'High' }]);
  const high = await runKql(QUERY_HIGH);
  assert.deepEqual(high.columns, ['TimeGenerated', 'EventType', 'UserName', 'SourceIP', 'AlertMessage']);
  assert.deepEqual(high.rows.map((r) => r.slice(1)), [['LoginAlert', 'alice@contoso.com', '192.168.1.100', 'Multiple failed login attempts detected']]);
  assert.deepEqual((await runKql(QUERY_SUMMARY)).rows.map(([s, n]) => [s, Number(n)]).sort(), [['High', 1], ['Medium', 1]]);

  // The connector page: Connected, last data received = the newest row, and the graph shows both events today.
  const status = await vigil(['connector', 'status', 'ContosoSecurityAlertsPush', '--json', ...at]);
  assert.equal(status.status, 0, status.stderr);
  const s = status.json;
  assert.equal(s.status, 'Connected');
  const newest = (await runKql('ContosoSecurityAlerts_CL | summarize max(TimeGenerated)')).rows[0][0] as Date;
  assert.ok(newest instanceof Date);
  assert.equal(Date.parse(s.lastDataReceived), newest.getTime());
  assert.equal(s.criteria[0].queries[0].rows[0][0], true);
  const points = s.graph[0].points as { time: string; count: number }[];
  assert.equal(points.reduce((a, p) => a + p.count, 0), 2);
  assert.equal(points.find((p) => p.count === 2)?.time.slice(0, 10), newest.toISOString().slice(0, 10));
  assert.equal(s.hops.totals.stored, 2);
  const text = await vigil(['connector', 'status', 'ContosoSecurityAlertsPush', ...at]);
  assert.match(text.stdout, /\[ContosoSecurityAlertsPush\]\s+Connected/);
  assert.match(text.stdout, /IsConnected = true/);
});
