// `vigil transform test` as a connector author runs it in CI: solution files as they are, no
// server, problems printed `file:pointer[:line:col]: severity CODE: message` like the solution
// validator, exit code 0 when every record is stored as shown and 1 on any error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VIGIL = 'bin/vigil.js';
const CONTOSO_DCR = 'test/workspace/fixtures/contoso-dcr.json';
const CONTOSO_TABLE = 'test/workspace/fixtures/contoso-table.json';

function vigil(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [VIGIL, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-transform-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// The seed's example event (TimeGenerated is not declared by the Contoso stream, so it is dropped).
const SEED_EVENT = { TimeGenerated: '2025-11-21T10:30:00Z', EventSeverity: 'Medium', EventType: 'LoginAlert', UserName: 'alice@contoso.com', SourceIP: '192.168.1.100', DeviceId: 'device-12345', AlertMessage: 'Multiple failed login attempts detected' };

test("the seed's Contoso files with its example event: rows printed, dropped field named, exit 0", async (t) => {
  const dir = await tempDir(t);
  const events = join(dir, 'events.json');
  await writeFile(events, JSON.stringify([SEED_EVENT]));
  // The table file sits next to the DCR in the fixtures folder and is found there.
  const r = vigil(['transform', 'test', '--dcr', CONTOSO_DCR, '--input', events, '--now', '2026-01-01T00:00:00Z']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Flow 0 → ContosoSecurityAlerts_CL/);
  assert.match(r.stdout, /alice@contoso\.com/);
  // `extend TimeGenerated = now()` at the run's time.
  assert.match(r.stdout, /2026-01-01T00:00:00\.0000000Z/);
  assert.match(r.stdout, /Fields dropped \(the stream declaration lacks them\):\n {2}TimeGenerated {2}\(record 0\)/);
  assert.match(r.stdout, /0 errors, 0 warnings/);

  const j = vigil(['transform', 'test', '--dcr', CONTOSO_DCR, '--table', CONTOSO_TABLE, '--input', events, '--json']);
  assert.equal(j.status, 0);
  const report = JSON.parse(j.stdout);
  assert.equal(report.ok, true);
  assert.equal(report.streams[0].stream, 'Custom-ContosoSecurityAlerts');
  assert.equal(report.streams[0].flows[0].rows[0].values.UserName, 'alice@contoso.com');
});

test('errors anywhere — the transform, a record — exit 1 with file:pointer:line:col lines', async (t) => {
  const dir = await tempDir(t);
  const dcr = JSON.parse(await (await import('node:fs/promises')).readFile(CONTOSO_DCR, 'utf8'));
  dcr.properties.dataFlows[0].transformKql = 'source\n| extend TimeGenerated = now()\n| extend n = toint(DeviceId) | summarize count() by UserName';
  const dcrFile = join(dir, 'DCR.json');
  await writeFile(dcrFile, JSON.stringify(dcr, null, 2));
  await copyFile(CONTOSO_TABLE, join(dir, 'table.json'));
  const events = join(dir, 'events.json');
  await writeFile(events, JSON.stringify([SEED_EVENT]));
  const r = vigil(['transform', 'test', '--dcr', dcrFile, '--input', events]);
  assert.equal(r.status, 1);
  // `summarize` is on line 3, column 32 of the transform (`| extend n = toint(DeviceId) | summarize`).
  assert.ok(r.stdout.includes(`${dcrFile}:/properties/dataFlows/0/transformKql:3:32: error KQL3001: The 'summarize' operator is not supported`), r.stdout);

  // A record whose value does not take its declared type: the request would be refused.
  const typed = JSON.parse(JSON.stringify(dcr));
  typed.properties.dataFlows[0].transformKql = 'source | extend TimeGenerated = now() | project-away Port';
  typed.properties.streamDeclarations['Custom-ContosoSecurityAlerts'].columns.push({ name: 'Port', type: 'int' });
  await writeFile(dcrFile, JSON.stringify(typed));
  const ndjson = join(dir, 'events.ndjson');
  await writeFile(ndjson, `${JSON.stringify(SEED_EVENT)}\n${JSON.stringify({ ...SEED_EVENT, Port: 'https' })}\n`);
  const r2 = vigil(['transform', 'test', '--dcr', dcrFile, '--input', ndjson]);
  assert.equal(r2.status, 1);
  assert.ok(r2.stdout.includes(`${ndjson}:/1/Port: error UncoercibleValue: Record 1: the value "https" of field 'Port' cannot be converted to int`), r2.stdout);
  assert.match(r2.stdout, /1 error, 0 warnings/);
});

test('a DCR whose flows read several streams needs --stream; a missing file is a usage error (exit 2)', async (t) => {
  const dir = await tempDir(t);
  const two = {
    properties: {
      streamDeclarations: {
        'Custom-A': { columns: [{ name: 'TimeGenerated', type: 'datetime' }] },
        'Custom-B': { columns: [{ name: 'TimeGenerated', type: 'datetime' }] },
      },
      destinations: { logAnalytics: [{ name: 'ws', workspaceResourceId: '{{workspaceResourceId}}' }] },
      dataFlows: [
        { streams: ['Custom-A'], destinations: ['ws'], outputStream: 'Custom-T_CL' },
        { streams: ['Custom-B'], destinations: ['ws'], outputStream: 'Custom-T_CL' },
      ],
    },
  };
  const dcrFile = join(dir, 'DCR.json');
  await writeFile(dcrFile, JSON.stringify(two));
  await writeFile(join(dir, 'table.json'), JSON.stringify({ properties: { schema: { name: 'T_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }] } } }));
  const events = join(dir, 'e.json');
  await writeFile(events, '[{"TimeGenerated":"2024-01-01T00:00:00Z"}]');
  const r = vigil(['transform', 'test', '--dcr', dcrFile, '--input', events]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /error StreamNotTestable: the data flows read 2 streams \(Custom-A, Custom-B\)/);
  const ok = vigil(['transform', 'test', '--dcr', dcrFile, '--input', events, '--stream', 'Custom-B']);
  assert.equal(ok.status, 0, ok.stdout);
  assert.match(ok.stdout, /stream Custom-B: 1 record/);
  const missing = vigil(['transform', 'test', '--dcr', join(dir, 'nope.json')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read/);
});

test('vigil dcr create --file: a transform refused by the server is reported against the file, with pointer and line:column', async (t) => {
  const { startTestServer } = await import('../surfaces/helpers.js');
  const { spawn } = await import('node:child_process');
  const { readFile } = await import('node:fs/promises');
  const server = await startTestServer();
  t.after(() => server.dispose());
  const dir = await tempDir(t);
  await server.ctx.workspace.putTable('ContosoSecurityAlerts_CL', JSON.parse(await readFile(CONTOSO_TABLE, 'utf8')));
  const dcr = JSON.parse(await readFile(CONTOSO_DCR, 'utf8'));
  dcr.properties.dataFlows[0].transformKql = 'source\n| extend TimeGenerated = now()\n| where UserName in~ ("a")';
  const dcrFile = join(dir, 'DCR.json');
  await writeFile(dcrFile, JSON.stringify(dcr));
  const ca = join(dir, 'ca.pem');
  await writeFile(ca, server.caPem!);
  // The server runs in this process: the CLI child must not be waited for synchronously.
  const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [VIGIL, 'dcr', 'create', '--file', dcrFile, '--url', server.url, '--admin-key', server.adminKey, '--ca', ca], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
  assert.equal(r.status, 1);
  // The `UserName in~ (…)` expression starts at line 3, column 9 of the transform.
  assert.ok(r.stderr.includes(`${dcrFile}:/properties/dataFlows/0/transformKql:3:9: error KQL3004: The operator 'in~' is not supported in DCR transformations.`), r.stderr);
});
