// The official clients, unmodified, against a running Vigil: @azure/identity gets the token and
// @azure/monitor-ingestion's LogsIngestionClient.upload splits, gzips and sends the records
// (spec/azure-wire-contracts.md §3.1, §4.5); then the seed's Contoso connector end to end through the
// management API and the CCF push guide's request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { ClientSecretCredential } from '@azure/identity';
import { LogsIngestionClient } from '@azure/monitor-ingestion';
import { startTestServer, admin, https, postForm, type TestServer } from '../surfaces/helpers.js';
import { createRoute, createSender, count } from '../surfaces/ingestion/helpers.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.dispose();
});

/** ~500-byte records with a unique RecordId each. */
function records(first: number, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    TimeGenerated: new Date(Date.UTC(2025, 0, 1) + (first + i) * 1000).toISOString(),
    RecordId: first + i,
    Name: `record ${first + i} ${'lorem ipsum dolor sit amet '.repeat(15)}`,
    Count: (first + i) % 100,
  }));
}

test('ClientSecretCredential (authorityHost = Vigil, disableInstanceDiscovery) + LogsIngestionClient.upload of 10,000 records → 10,000 rows', async () => {
  const dcr = await createRoute(server, 'sdk-dcr', 'SdkCode_CL', 'Custom-SdkCode');
  const sender = await createSender(server, 'sdk-dcr');
  const tlsOptions = { ca: server.caPem };
  const credential = new ClientSecretCredential(server.info.tenantId, sender.appId, sender.secret, {
    authorityHost: server.url,
    disableInstanceDiscovery: true,
    tlsOptions,
  } as ConstructorParameters<typeof ClientSecretCredential>[3]);
  const client = new LogsIngestionClient(server.info.dceUrl, credential, { tlsOptions } as ConstructorParameters<typeof LogsIngestionClient>[2]);
  const logs = records(0, 10_000);
  await client.upload(dcr, 'Custom-SdkCode', logs);

  assert.equal(await count(server, 'SdkCode_CL'), 10_000);
  const ids = await server.ctx.engine.query('SELECT count(DISTINCT "RecordId"), min("RecordId"), max("RecordId") FROM "SdkCode_CL"');
  assert.deepEqual(ids.rows, [[10_000n, 0n, 9_999n]]);
  // The SDK cut ~5 MB of records into chunks below 1 MB each, and every chunk was one request.
  const s = server.ctx.pipeline.snapshot().streams.find((x) => x.dcrImmutableId === dcr)!;
  assert.ok(s.requests >= 5, `${s.requests} requests`);
  assert.equal(s.records, 10_000);
  assert.ok(s.bytes / s.requests < 1_048_576);
});

function runChild(env: NodeJS.ProcessEnv, code: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('the same through environment variables only (AZURE_TENANT_ID=adfs, AZURE_AUTHORITY_HOST, client id/secret, NODE_EXTRA_CA_CERTS)', async () => {
  const dcr = await createRoute(server, 'sdk-env-dcr', 'SdkEnv_CL', 'Custom-SdkEnv');
  const sender = await createSender(server, 'sdk-env-dcr');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AZURE_TENANT_ID: 'adfs',
    AZURE_CLIENT_ID: sender.appId,
    AZURE_CLIENT_SECRET: sender.secret,
    AZURE_AUTHORITY_HOST: server.url,
    NODE_EXTRA_CA_CERTS: server.info.caCertPath!,
    // Where to send: the application's own settings, not the SDK's.
    DCE_URL: server.info.dceUrl,
    DCR_ID: dcr,
  };
  // An unmodified application: DefaultAzureCredential and LogsIngestionClient with no options.
  const code = `
    import { DefaultAzureCredential } from '@azure/identity';
    import { LogsIngestionClient } from '@azure/monitor-ingestion';
    const client = new LogsIngestionClient(process.env.DCE_URL, new DefaultAzureCredential());
    const logs = Array.from({ length: 10000 }, (_, i) => ({ TimeGenerated: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), RecordId: i, Name: 'env record ' + i + ' ' + 'x'.repeat(400), Count: i % 10 }));
    await client.upload(process.env.DCR_ID, 'Custom-SdkEnv', logs);
    console.log('uploaded');
  `;
  const r = await runChild(env, code);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /uploaded/);
  assert.equal(await count(server, 'SdkEnv_CL'), 10_000);
});

test('the SDK surfaces a refused chunk as its error, and the chunks that were accepted stay stored', async () => {
  const dcr = await createRoute(server, 'sdk-err-dcr', 'SdkErr_CL', 'Custom-SdkErr');
  const sender = await createSender(server, 'sdk-err-dcr');
  const tlsOptions = { ca: server.caPem };
  const credential = new ClientSecretCredential(server.info.tenantId, sender.appId, sender.secret, { authorityHost: server.url, disableInstanceDiscovery: true, tlsOptions } as ConstructorParameters<typeof ClientSecretCredential>[3]);
  const client = new LogsIngestionClient(server.info.dceUrl, credential, { tlsOptions } as ConstructorParameters<typeof LogsIngestionClient>[2]);
  // ~3,000 good records (several chunks), then one chunk whose first record has an int that is not an int.
  const good = records(0, 3000);
  const bad = [{ ...records(5000, 1)[0], Count: 'seven' }, ...records(5001, 10)];
  const failed: { code?: string; n: number }[] = [];
  await assert.rejects(
    client.upload(dcr, 'Custom-SdkErr', [...good, ...bad], { maxConcurrency: 1, onError: (e) => failed.push({ code: (e.cause as { code?: string }).code, n: e.failedLogs.length }) }),
    (e: Error) => e.name === 'AggregateLogsUploadError',
  );
  assert.equal(failed.length, 1);
  assert.equal(failed[0].code, 'InvalidPayload');
  const stored = await count(server, 'SdkErr_CL');
  assert.equal(stored, 3011 - failed[0].n);
});

test("the seed's Contoso connector: table.json + DCR.json through the management API, an app with the role, the guide's example event", async () => {
  const rg = `/subscriptions/${server.info.subscriptionId}/resourceGroups/${server.info.resourceGroup}`;
  const seed = async (name: string): Promise<unknown> => JSON.parse(await readFile(`test/workspace/fixtures/${name}`, 'utf8'));
  const t = await admin(server, 'PUT', `${rg}/providers/Microsoft.OperationalInsights/workspaces/${server.info.workspaceName}/tables/ContosoSecurityAlerts_CL`, await seed('contoso-table.json'));
  assert.equal(t.status, 201, t.text);
  const d = await admin(server, 'PUT', `${rg}/providers/Microsoft.Insights/dataCollectionRules/ContosoSecurityAlertsPushDCR`, await seed('contoso-dcr.json'));
  assert.equal(d.status, 201, d.text);
  const immutableId = d.json.properties.immutableId as string;

  const app = await admin(server, 'POST', '/v1.0/applications', { displayName: 'Contoso push connector' });
  const pw = await admin(server, 'POST', `/v1.0/applications/${app.json.id}/addPassword`, { passwordCredential: { displayName: 'guide' } });
  const ra = await admin(server, 'PUT', `${rg}/providers/Microsoft.Insights/dataCollectionRules/ContosoSecurityAlertsPushDCR/providers/Microsoft.Authorization/roleAssignments/0b5c1d2e-3f40-4a51-8b62-7c8d9e0f1a2b`, {
    properties: { roleDefinitionId: `/subscriptions/${server.info.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/3913510d-42f4-4e42-8a64-420c390055eb`, principalId: app.json.servicePrincipalId },
  });
  assert.equal(ra.status, 201, ra.text);

  // The guide's Python sample, request for request: the token with the double-slash scope, then a
  // plain (not gzipped) JSON POST to {dce}/dataCollectionRules/{id}/streams/{stream}.
  const tok = await postForm(`${server.url}/${server.info.tenantId}/oauth2/v2.0/token`, { client_id: app.json.appId, scope: 'https://monitor.azure.com//.default', client_secret: pw.json.secretText, grant_type: 'client_credentials' }, server.caPem);
  assert.equal(tok.status, 200, tok.text);
  const event = [{
    TimeGenerated: new Date().toISOString(), EventSeverity: 'Medium', EventType: 'LoginAlert', UserName: 'alice@contoso.com',
    SourceIP: '192.168.1.100', DeviceId: 'device-12345', AlertMessage: 'Multiple failed login attempts detected',
  }];
  const body = JSON.stringify(event);
  const r = await https(`${server.info.dceUrl}/dataCollectionRules/${immutableId}/streams/Custom-ContosoSecurityAlerts?api-version=2023-01-01`, {
    method: 'POST', ca: server.caPem, body,
    headers: { authorization: `Bearer ${tok.json.access_token}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  });
  assert.equal(r.status, 204, r.text);
  await server.ctx.engine.flush();
  const rows = await server.ctx.engine.query('SELECT "EventSeverity", "EventType", "UserName", "SourceIP", "DeviceId", "AlertMessage", "TimeGenerated" IS NOT NULL, "Type" FROM "ContosoSecurityAlerts_CL"');
  assert.deepEqual(rows.rows, [['Medium', 'LoginAlert', 'alice@contoso.com', '192.168.1.100', 'device-12345', 'Multiple failed login attempts detected', true, 'ContosoSecurityAlerts_CL']]);
});
