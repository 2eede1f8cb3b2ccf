// The official @azure/monitor-query-logs LogsQueryClient, unmodified, with endpoint = Vigil and a
// ClientSecretCredential whose authorityHost is Vigil: queryWorkspace, queryBatch and queryResource
// over rows stored through the real storage engine; partial results and errors as the SDK reports them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { Durations, LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { createApp, type TestServer } from '../surfaces/helpers.js';
import { EVENTS, startQueryServer } from '../surfaces/query/helpers.js';

let server: TestServer;
before(async () => {
  server = await startQueryServer(null);
});
after(() => server.dispose());

async function client(s: TestServer, role: string | null = 'Log Analytics Reader'): Promise<LogsQueryClient> {
  const app = await createApp(s, `sdk reader ${Math.random()}`);
  if (role) await s.ctx.workspace.assignRole({ principalId: app.servicePrincipalId, role, scope: s.ctx.workspace.workspaceResourceId });
  const tlsOptions = { ca: s.caPem };
  const credential = new ClientSecretCredential(s.info.tenantId, app.appId, app.secret, {
    authorityHost: s.url,
    disableInstanceDiscovery: true,
    tlsOptions,
  } as ConstructorParameters<typeof ClientSecretCredential>[3]);
  // monitor-query-logs uses `endpoint` verbatim: it must carry the /v1.
  return new LogsQueryClient(credential, { endpoint: `${s.url}/v1`, tlsOptions } as ConstructorParameters<typeof LogsQueryClient>[1]);
}

test('queryWorkspace: typed columns, datetime cells as Date, dynamic cells parsed, statistics and visualization on request', async () => {
  const logs = await client(server);
  const result = await logs.queryWorkspace(
    server.info.workspaceId,
    `${EVENTS} | project TimeGenerated, Computer, EventID, Props | order by TimeGenerated desc | render table title='recent'`,
    { duration: Durations.oneDay },
    { includeQueryStatistics: true, includeVisualization: true, serverTimeoutInSeconds: 60 },
  );
  assert.equal(result.status, LogsQueryResultStatus.Success);
  if (result.status !== LogsQueryResultStatus.Success) return;
  const [table] = result.tables;
  assert.equal(table!.name, 'PrimaryResult');
  assert.deepEqual(table!.columnDescriptors.map((c) => [c.name, c.type]), [['TimeGenerated', 'datetime'], ['Computer', 'string'], ['EventID', 'int'], ['Props', 'dynamic']]);
  // P1D holds the rows 10 min, 30 min and 3 h old (the fourth is 3 days old).
  assert.deepEqual(table!.rows.map((r) => r[1]), ['web-1', 'web-2', 'db-1']);
  const [first] = table!.rows;
  assert.ok(first![0] instanceof Date);
  assert.ok(Math.abs(Date.now() - 10 * 60_000 - (first![0] as Date).getTime()) < 60_000);
  assert.deepEqual(first![3], { ip: '10.0.0.1' });
  assert.equal(first![2], 4625);
  assert.ok(result.statistics);
  assert.equal((result.visualization as { visualization?: string } | undefined)?.visualization, 'table');
});

test('queryWorkspace with a start/end interval', async () => {
  const logs = await client(server);
  const endTime = new Date(Date.now() - 20 * 60_000);
  const startTime = new Date(Date.now() - 4 * 3_600_000);
  const result = await logs.queryWorkspace(server.info.workspaceId, `${EVENTS} | summarize n = count()`, { startTime, endTime });
  assert.equal(result.status, LogsQueryResultStatus.Success);
  if (result.status === LogsQueryResultStatus.Success) assert.deepEqual(result.tables[0]!.rows, [[2]]);
});

test('queryResource with the workspace resource id', async () => {
  const logs = await client(server);
  const result = await logs.queryResource(server.ctx.workspace.workspaceResourceId, `${EVENTS} | summarize n = dcount(Computer)`, { duration: Durations.sevenDays });
  assert.equal(result.status, LogsQueryResultStatus.Success);
  if (result.status === LogsQueryResultStatus.Success) assert.deepEqual(result.tables[0]!.rows, [[4]]);
});

test('queryBatch: results in request order, a failing query reported on its own', async () => {
  const logs = await client(server);
  const ws = server.info.workspaceId;
  const results = await logs.queryBatch([
    { workspaceId: ws, query: `${EVENTS} | count`, timespan: { duration: Durations.oneHour } },
    { workspaceId: ws, query: `${EVENTS} | where Account == 'dave' | project Computer`, timespan: { duration: Durations.sevenDays }, includeQueryStatistics: true },
    { workspaceId: ws, query: `${EVENTS} | where`, timespan: { duration: Durations.oneHour } },
  ]);
  assert.equal(results.length, 3);
  const [a, b, c] = results as Array<{ status: string; tables?: { rows: unknown[][] }[]; partialError?: { code?: string }; statistics?: unknown }>;
  assert.equal(a!.status, LogsQueryResultStatus.Success);
  assert.deepEqual(a!.tables![0]!.rows, [[2]]);
  assert.equal(b!.status, LogsQueryResultStatus.Success);
  assert.deepEqual(b!.tables![0]!.rows, [['db-2']]);
  assert.ok(b!.statistics);
  // The SDK turns a sub-request's error body into a partial failure carrying that error.
  assert.equal(c!.status, LogsQueryResultStatus.PartialFailure);
  assert.equal(c!.partialError?.code, 'BadArgumentError');
});

test('errors surface as RestError with the API code and status', async () => {
  const logs = await client(server);
  await assert.rejects(logs.queryWorkspace(server.info.workspaceId, `${EVENTS} | project Computer,, Account`, { duration: Durations.oneDay }), (e: { code?: string; statusCode?: number }) => {
    assert.equal(e.statusCode, 400);
    assert.equal(e.code, 'BadArgumentError');
    return true;
  });
  const outsider = await client(server, null);
  await assert.rejects(outsider.queryWorkspace(server.info.workspaceId, `${EVENTS} | count`, { duration: Durations.oneDay }), (e: { code?: string; statusCode?: number }) => {
    assert.equal(e.statusCode, 403);
    assert.equal(e.code, 'InsufficientAccessError');
    return true;
  });
  await assert.rejects(logs.queryWorkspace('00000000-0000-0000-0000-000000000000', `${EVENTS} | count`, { duration: Durations.oneDay }), (e: { code?: string; statusCode?: number }) => e.statusCode === 404 && e.code === 'PathNotFoundError');
});

test('a result over the row cap is a PartialFailure with the rows so far', async (t) => {
  const capped = await startQueryServer(t, { query: { maxRows: 2 } });
  const logs = await client(capped);
  const result = await logs.queryWorkspace(capped.info.workspaceId, `${EVENTS} | project Computer`, { duration: Durations.sevenDays });
  assert.equal(result.status, LogsQueryResultStatus.PartialFailure);
  if (result.status !== LogsQueryResultStatus.PartialFailure) return;
  assert.equal(result.partialTables[0]!.rows.length, 2);
  assert.equal(result.partialError.code, 'PartialError');
});
