// `vigil serve` in a child process on a data folder, as an operator runs it: started, read through
// its `vigil.json`, stopped with a signal (SIGTERM for a graceful stop, SIGKILL for a crash).
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { request, type Agent } from 'node:https';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ConnectionInfo } from '../../src/surfaces/connection-info.js';

export interface ChildServer {
  info: ConnectionInfo;
  ca: string;
  adminKey: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | string | null>;
  stderr(): string;
}

/** The command line that runs the CLI from source (under tsx) or from the build (dist/). */
export function cliCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return ['--import', 'tsx', join(here, '../../../src/cli/main.ts')];
  return [join(here, '../../../src/cli/main.js')];
}

export async function startChildServer(dataDir: string, port = 0, extraEnv: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): Promise<ChildServer> {
  // A stale connection file from an earlier (killed) run must not be mistaken for this one's.
  await rm(join(dataDir, 'vigil.json'), { force: true });
  const child = spawn(process.execPath, [...cliCommand(), 'serve', '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn', ...extraArgs], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 100_000) err = err.slice(-50_000);
  });
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`vigil serve exited before it was ready:\n${err}`);
    try {
      const info = JSON.parse(await readFile(join(dataDir, 'vigil.json'), 'utf8')) as ConnectionInfo;
      if (info.pid === child.pid) {
        const ca = await readFile(info.caCertPath!, 'utf8');
        const adminKey = (await readFile(info.adminKeyPath, 'utf8')).trim();
        return { info, ca, adminKey, child, exited, stderr: () => err };
      }
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTPS request to a child server, trusting its CA. */
export function call(s: ChildServer, agent: Agent | false, method: string, url: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, ca: s.ca, headers: body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A management call (ARM or Graph shape) with the admin key; throws unless it succeeds. */
async function arm(s: ChildServer, method: string, path: string, body?: unknown): Promise<any> {
  const sep = path.includes('?') ? '&' : '?';
  const url = path.startsWith('/subscriptions') ? `${s.info.url}${path}${sep}api-version=2023-03-11` : `${s.info.url}${path}`;
  const r = await call(s, false, method, url, { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.text ? JSON.parse(r.text) : undefined;
}

export interface PushTarget {
  table: string;
  stream: string;
  columns: { name: string; type: string }[];
  dcrName: string;
}

/**
 * What a push connector needs, through the management API: the table, a DCR routing the stream to it,
 * an app with a secret and Monitoring Metrics Publisher on the DCR. Returns the DCR's immutable id and
 * a token for the app.
 */
export async function provisionPush(s: ChildServer, t: PushTarget): Promise<{ dcr: string; token: string }> {
  const rg = `/subscriptions/${s.info.subscriptionId}/resourceGroups/${s.info.resourceGroup}`;
  await arm(s, 'PUT', `${rg}/providers/Microsoft.OperationalInsights/workspaces/${s.info.workspaceName}/tables/${t.table}`, { properties: { schema: { name: t.table, columns: t.columns } } });
  const dcr = await arm(s, 'PUT', `${rg}/providers/Microsoft.Insights/dataCollectionRules/${t.dcrName}`, {
    location: 'local',
    properties: {
      streamDeclarations: { [t.stream]: { columns: t.columns } },
      destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: s.info.workspaceResourceId }] },
      dataFlows: [{ streams: [t.stream], destinations: ['la'], outputStream: `Custom-${t.table}` }],
    },
  });
  const app = await arm(s, 'POST', '/v1.0/applications', { displayName: `${t.dcrName} sender` });
  const pw = await arm(s, 'POST', `/v1.0/applications/${app.id}/addPassword`, { passwordCredential: {} });
  await arm(s, 'PUT', `${rg}/providers/Microsoft.Insights/dataCollectionRules/${t.dcrName}/providers/Microsoft.Authorization/roleAssignments/3b1f0c9e-8d7a-4c6b-9e5f-4a3b2c1d0e9f`, {
    properties: { roleDefinitionId: 'Monitoring Metrics Publisher', principalId: app.servicePrincipalId },
  });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.appId, client_secret: pw.secretText, scope: 'https://monitor.azure.com//.default' }).toString();
  const r = await call(s, false, 'POST', `${s.info.url}/${s.info.tenantId}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded' }, form);
  if (r.status !== 200) throw new Error(`token: ${r.status} ${r.text}`);
  return { dcr: dcr.properties.immutableId, token: JSON.parse(r.text).access_token as string };
}

/**
 * A child `vigil serve` on a fresh temporary data folder (`dataDir`), stopped gracefully (SIGTERM)
 * and the folder removed when the test ends.
 */
export async function startChildServerForTest(t: TestContext, extraEnv: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): Promise<ChildServer & { dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-child-'));
  let child: ChildServer | undefined;
  t.after(async () => {
    if (child && child.child.exitCode === null) {
      child.child.kill('SIGTERM');
      await child.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });
  child = await startChildServer(dataDir, 0, extraEnv, extraArgs);
  return { ...child, dataDir };
}

/** `vigil serve --port 0 …args` on a fresh temporary data folder, run to its end (a setting that must stop it at start). */
export async function serveToEnd(args: string[]): Promise<SpawnSyncReturns<string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-child-'));
  try {
    return spawnSync(process.execPath, [...cliCommand(), 'serve', '--data-dir', dataDir, '--port', '0', ...args], { encoding: 'utf8', timeout: 120_000 });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
