// The scriptable interface end to end: `vigil serve` in a child process, the other commands finding
// it through --data-dir, JSON output, exit codes, graceful shutdown and restart on the same folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';

const VIGIL = 'bin/vigil.js';

function vigil(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [VIGIL, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `vigil serve` and resolves once it printed that it is ready. */
function serve(dataDir: string, port = '0'): Promise<{ child: ChildProcess; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VIGIL, 'serve', '--data-dir', dataDir, '--port', port, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Stop with Ctrl-C.')) resolve({ child, stdout: out });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`vigil serve exited early (${code}): ${err}`)));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

function token(info: { tokenEndpoint: string }, ca: string, clientId: string, secret: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'https://monitor.azure.com//.default' }).toString();
    const req = request(info.tokenEndpoint, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('serve, then table/dcr/app create with the seed files, then SIGTERM and a restart on the same folder', { timeout: 600_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-cli-'));
  let child: ChildProcess | undefined;
  try {
    const started = await serve(dir);
    child = started.child;
    const info = JSON.parse(await readFile(join(dir, 'vigil.json'), 'utf8'));
    for (const k of ['url', 'tenantId', 'workspaceId', 'dceUrl', 'caCertPath']) assert.ok(info[k], k);
    // The person-facing text carries the same details and the NODE_EXTRA_CA_CERTS line.
    assert.ok(started.stdout.includes(info.url));
    assert.ok(started.stdout.includes(info.tenantId));
    assert.ok(started.stdout.includes(`NODE_EXTRA_CA_CERTS=${info.caCertPath}`));

    const t = vigil(['table', 'create', '--file', 'test/workspace/fixtures/contoso-table.json', '--data-dir', dir, '--json']);
    assert.equal(t.status, 0, t.stderr + t.stdout);
    assert.equal(JSON.parse(t.stdout).name, 'ContosoSecurityAlerts_CL');

    const d = vigil(['dcr', 'create', '--file', 'test/workspace/fixtures/contoso-dcr.json', '--data-dir', dir, '--json']);
    assert.equal(d.status, 0, d.stderr + d.stdout);
    const dcr = JSON.parse(d.stdout);
    assert.match(dcr.properties.immutableId, /^dcr-[0-9a-f]{32}$/);

    const a = vigil(['app', 'create', '--name', 'contoso-sender', '--dcr', dcr.properties.immutableId, '--data-dir', dir, '--json']);
    assert.equal(a.status, 0, a.stderr + a.stdout);
    const app = JSON.parse(a.stdout);
    assert.equal(app.tenantId, info.tenantId);
    assert.match(app.clientId, /^[0-9a-f-]{36}$/);
    assert.equal(typeof app.clientSecret, 'string');
    assert.equal(app.dcr.immutableId, dcr.properties.immutableId);
    const ca = await readFile(info.caCertPath, 'utf8');
    assert.equal(await token(info, ca, app.clientId, app.clientSecret), 200);

    // The role assignment is visible through the management API.
    const adminKey = (await readFile(join(dir, 'admin.key'), 'utf8')).trim();
    const ras: any = await new Promise((resolve, reject) => {
      const req = request(`${info.url}${dcr.id}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`, { ca, headers: { authorization: `Bearer ${adminKey}` } }, (res) => {
        let s = '';
        res.on('data', (c: Buffer) => (s += c));
        res.on('end', () => resolve(JSON.parse(s)));
      });
      req.on('error', reject);
      req.end();
    });
    assert.deepEqual(ras.value.map((r: any) => [r.properties.principalId, r.properties.roleDefinitionName]), [[app.servicePrincipalId, 'Monitoring Metrics Publisher']]);

    // Errors: non-zero exit, located message for a person, the ARM error as JSON with --json.
    const bad = vigil(['dcr', 'create', '--file', 'test/workspace/fixtures/contoso-dcr.json', '--name', 'bad name', '--data-dir', dir]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /InvalidPayload/);
    assert.match(bad.stderr, /:\/name: error InvalidDcrName: /);
    const badJson = vigil(['app', 'create', '--name', 'x', '--dcr', 'NoSuchRule', '--data-dir', dir, '--json']);
    assert.equal(badJson.status, 1);
    assert.match(JSON.parse(badJson.stdout).error.message, /NoSuchRule/);
    const apps = vigil(['app', 'list', '--data-dir', dir, '--json']);
    assert.deepEqual(JSON.parse(apps.stdout).map((x: any) => x.displayName), ['contoso-sender'], 'a failed create leaves nothing behind');

    assert.equal(await stop(child), 0, 'graceful shutdown exits 0');
    child = undefined;

    const again = await serve(dir, new URL(info.url).port);
    child = again.child;
    const info2 = JSON.parse(await readFile(join(dir, 'vigil.json'), 'utf8'));
    assert.equal(info2.tenantId, info.tenantId);
    assert.equal(info2.workspaceId, info.workspaceId);
    assert.equal(await readFile(info2.caCertPath, 'utf8'), ca);
    assert.equal(await token(info2, ca, app.clientId, app.clientSecret), 200);
    const shown = vigil(['dcr', 'show', 'contososecurityalertspushdcr', '--data-dir', dir, '--json']);
    assert.equal(JSON.parse(shown.stdout).properties.immutableId, dcr.properties.immutableId);
    assert.equal(await stop(child, 'SIGINT'), 0);
    child = undefined;
  } finally {
    if (child) await stop(child, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

test('commands without a running server fail with a hint and exit 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-cli-none-'));
  try {
    const r = vigil(['table', 'list', '--data-dir', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /vigil serve --data-dir/);
    await assert.rejects(access(join(dir, 'vigil.json')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
