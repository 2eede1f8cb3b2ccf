// The official @azure/identity client obtains tokens from Vigil, configured in code and through
// environment variables only (spec/azure-wire-contracts.md §3.1), and Vigil verifies what it issued.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ClientSecretCredential } from '@azure/identity';
import { startTestServer, createApp, type TestServer } from '../helpers.js';
import { AUDIENCES } from '../../../src/surfaces/identity/audiences.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.dispose();
});

test('ClientSecretCredential with authorityHost = Vigil and disableInstanceDiscovery gets tokens Vigil verifies, per audience', async () => {
  const { appId, secret, servicePrincipalId } = await createApp(server);
  const credential = new ClientSecretCredential(server.info.tenantId, appId, secret, {
    authorityHost: server.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: server.caPem },
  } as ConstructorParameters<typeof ClientSecretCredential>[3]);

  const monitor = await credential.getToken('https://monitor.azure.com/.default');
  assert.ok(monitor.token.split('.').length === 3);
  // Entra's default lifetime: 60 to 90 minutes.
  const lifetimeMin = (monitor.expiresOnTimestamp - Date.now()) / 60_000;
  assert.ok(lifetimeMin > 55 && lifetimeMin <= 90, `lifetime ${lifetimeMin} min`);
  const v = await server.ctx.identity.verifyAccessToken(monitor.token, AUDIENCES.monitor);
  assert.ok(v.ok, JSON.stringify(v));
  assert.equal(v.tid, server.info.tenantId);
  assert.equal(v.appid, appId);
  assert.equal(v.oid, servicePrincipalId);
  // A monitor token is not a query token.
  const wrong = await server.ctx.identity.verifyAccessToken(monitor.token, AUDIENCES.logAnalytics);
  assert.equal(wrong.ok, false);
  assert.equal(!wrong.ok && wrong.reason, 'wrong_audience');

  const query = await credential.getToken('https://api.loganalytics.io/.default');
  const q = await server.ctx.identity.verifyAccessToken(query.token, AUDIENCES.logAnalytics);
  assert.ok(q.ok);
});

test('a wrong secret surfaces as an authentication error carrying AADSTS7000215', async () => {
  const { appId } = await createApp(server);
  const credential = new ClientSecretCredential(server.info.tenantId, appId, 'not-the-secret', {
    authorityHost: server.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: server.caPem },
  } as ConstructorParameters<typeof ClientSecretCredential>[3]);
  await assert.rejects(credential.getToken('https://monitor.azure.com/.default'), (e: Error) => /7000215/.test(e.message) && /invalid_client/.test(e.message));
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

test('environment variables only: AZURE_TENANT_ID=adfs, AZURE_AUTHORITY_HOST, client id/secret and NODE_EXTRA_CA_CERTS', async () => {
  const { appId, secret, servicePrincipalId } = await createApp(server);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AZURE_TENANT_ID: 'adfs',
    AZURE_CLIENT_ID: appId,
    AZURE_CLIENT_SECRET: secret,
    AZURE_AUTHORITY_HOST: server.url,
    NODE_EXTRA_CA_CERTS: server.info.caCertPath!,
  };
  // The child uses the library exactly as an unmodified application would.
  const code = `
    import { DefaultAzureCredential } from '@azure/identity';
    const t = await new DefaultAzureCredential().getToken('https://monitor.azure.com//.default');
    process.stdout.write(t.token);
  `;
  const res = await runChild(env, code);
  assert.equal(res.status, 0, res.stderr);
  const v = await server.ctx.identity.verifyAccessToken(res.stdout.trim(), AUDIENCES.monitor);
  assert.ok(v.ok, JSON.stringify(v));
  assert.equal(v.tid, server.info.tenantId);
  assert.equal(v.oid, servicePrincipalId);
});
