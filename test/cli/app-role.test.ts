// `vigil app create --role R`: the newcomer's way to let an app query with LogsQueryClient. The
// query API admits an app that holds Log Analytics Reader on the workspace (README, spec
// azure-wire-contracts §Log Analytics query) and answers 403 to one that does not; the command
// grants the role at the workspace scope, and refuses an unknown role before creating anything.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { startTestServer, type TestServer } from '../surfaces/helpers.js';
import { vigil } from '../connectors/cli-helpers.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.dispose());

function queryClient(clientId: string, secret: string): LogsQueryClient {
  const tlsOptions = { ca: server.caPem };
  const credential = new ClientSecretCredential(server.info.tenantId, clientId, secret, {
    authorityHost: server.url,
    disableInstanceDiscovery: true,
    tlsOptions,
  } as ConstructorParameters<typeof ClientSecretCredential>[3]);
  return new LogsQueryClient(credential, { endpoint: `${server.url}/v1`, tlsOptions } as ConstructorParameters<typeof LogsQueryClient>[1]);
}

test('app create --role "Log Analytics Reader": the printed credentials query with LogsQueryClient; without the role the API answers 403', async () => {
  const reader = await vigil(['app', 'create', '--name', 'analyst', '--role', 'Log Analytics Reader', '--json', '--data-dir', server.dataDir]);
  assert.equal(reader.status, 0, reader.stdout + reader.stderr);
  assert.deepEqual(reader.json.workspaceRoles.map((r: { role: string }) => r.role), ['Log Analytics Reader']);
  assert.equal(reader.json.workspaceRoles[0].scope.toLowerCase(), server.ctx.workspace.workspaceResourceId.toLowerCase());

  const ok = await queryClient(reader.json.clientId, reader.json.clientSecret).queryWorkspace(server.info.workspaceId, 'print x = 41 + 1', { duration: 'PT1H' });
  assert.equal(ok.status, LogsQueryResultStatus.Success);
  if (ok.status !== LogsQueryResultStatus.Success) return;
  assert.deepEqual(ok.tables[0]!.rows, [[42]]);

  const plain = await vigil(['app', 'create', '--name', 'no role', '--json', '--data-dir', server.dataDir]);
  assert.equal(plain.status, 0, plain.stdout + plain.stderr);
  assert.equal(plain.json.workspaceRoles, undefined);
  await assert.rejects(
    queryClient(plain.json.clientId, plain.json.clientSecret).queryWorkspace(server.info.workspaceId, 'print x = 1', { duration: 'PT1H' }),
    (e: { statusCode?: number }) => e.statusCode === 403,
  );
});

test('app create --role with a role Vigil does not know fails, names the known roles, and creates no app', async () => {
  const before = server.ctx.workspace.listApps().length;
  const r = await vigil(['app', 'create', '--name', 'typo', '--role', 'Log Reader', '--data-dir', server.dataDir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error: unknown role 'Log Reader': use one of .*'Log Analytics Reader'/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(server.ctx.workspace.listApps().length, before);
});
