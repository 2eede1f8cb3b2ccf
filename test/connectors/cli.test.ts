// The `vigil solution|deploy|content|connector` commands as a user runs them: compiler-style findings
// and exit codes, skipped resources listed, deploy failures located at file and JSON pointer, and the
// content hub and connector commands against a running server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../surfaces/helpers.js';
import { vigil } from './cli-helpers.js';
import { CONTOSO_DIR } from './helpers.js';

let server: TestServer;
let work: string;
let at: string[];
before(async () => {
  server = await startTestServer();
  work = await mkdtemp(join(tmpdir(), 'vigil-cli-connectors-'));
  at = ['--data-dir', server.dataDir];
});
after(async () => {
  await server?.dispose();
  await rm(work, { recursive: true, force: true });
});

test('solution validate prints findings like a compiler and exits 1 on errors; --format json for tools', async () => {
  const dir = join(work, 'broken', 'ContosoSecurityAlerts');
  await cp(CONTOSO_DIR, dir, { recursive: true });
  // The data connector now posts to a stream no DCR declares (spec §6: an error).
  const dcPath = join(dir, 'Data Connectors', 'ContosoSecurityAlerts_ccf', 'dataConnector.json');
  const dc = JSON.parse(await readFile(dcPath, 'utf8'));
  dc.properties.dcrConfig.streamName = 'Custom-ContosoSecurityAlerts_CL';
  await writeFile(dcPath, JSON.stringify(dc, null, 2));

  const text = await vigil(['solution', 'validate', dir]);
  assert.equal(text.status, 1);
  const line = text.stdout.split('\n').find((l) => l.includes(' error '));
  assert.ok(line, text.stdout);
  assert.match(line, /^Data Connectors\/ContosoSecurityAlerts_ccf\/dataConnector\.json:\/properties\/dcrConfig\/streamName: error [A-Z]+\d+: /);
  const json = await vigil(['solution', 'validate', dir, '--format', 'json']);
  assert.equal(json.status, 1);
  assert.ok(json.json.errors >= 1);
  assert.ok(json.json.findings.some((f: any) => f.severity === 'error' && f.pointer === '/properties/dcrConfig/streamName'));

  const pkg = await vigil(['solution', 'package', dir]);
  assert.equal(pkg.status, 1, 'a solution with errors does not package');
});

test('deploy lists skipped resource types, and a refused resource fails with its file and JSON pointer', async () => {
  const ok = join(work, 'widgets.json');
  await writeFile(ok, JSON.stringify({
    parameters: { workspace: { type: 'string' } },
    resources: [
      { type: 'Microsoft.Insights/workbooks', apiVersion: '2021-08-01', name: 'a1b2c3d4-0000-4000-8000-000000000001', kind: 'shared', properties: {} },
      { type: 'Microsoft.OperationalInsights/workspaces/tables', apiVersion: '2025-07-01', name: "[concat(parameters('workspace'), '/Widgets_CL')]", properties: { schema: { name: 'Widgets_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }] } } },
    ],
  }));
  const r = await vigil(['deploy', ok, ...at]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^skipped {2}Microsoft\.Insights\/workbooks a1b2c3d4-0000-4000-8000-000000000001 {2}\(.*widgets\.json:\/resources\/0\)$/m);
  assert.match(r.stdout, /1 resource\(s\) applied, 1 skipped/);
  const whatIf = await vigil(['deploy', ok, '--what-if', ...at]);
  assert.equal(whatIf.status, 0, whatIf.stdout + whatIf.stderr);
  assert.match(whatIf.stdout, /^would update {2}Microsoft\.OperationalInsights\/workspaces\/tables Widgets_CL$/m, 'the table exists now, so it would be updated');
  assert.match(whatIf.stdout, /checked \(nothing written\)/);

  const bad = join(work, 'bad-table.json');
  await writeFile(bad, JSON.stringify({
    parameters: { workspace: { type: 'string' } },
    resources: [{ type: 'Microsoft.OperationalInsights/workspaces/tables', apiVersion: '2025-07-01', name: "[concat(parameters('workspace'), '/Bad_CL')]", properties: { schema: { name: 'Bad_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Size', type: 'number' }] } } }],
  }));
  const refused = await vigil(['deploy', bad, ...at]);
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:/resources/0/properties/schema/columns/1/type: error \\w+: `));
  assert.match(refused.stdout, /deployment 'bad-table' failed/);

  const notJson = join(work, 'not-json.json');
  await writeFile(notJson, '{ "resources": [ }');
  const nj = await vigil(['deploy', notJson, ...at]);
  assert.equal(nj.status, 1);
  assert.match(nj.stderr, /not-json\.json: error SOL001: not valid JSON/);
});

test('content install, connector list/show/deploy/disconnect, and connector deploy of a solution folder', async () => {
  const installed = await vigil(['content', 'install', 'Halcyon', ...at]);
  assert.equal(installed.status, 0, installed.stdout + installed.stderr);
  const list = await vigil(['content', 'list', '--json', ...at]);
  assert.equal(list.json.find((c: any) => c.id === 'Halcyon').installed, true);

  // A solution folder: packaged and deployed, then its push connector deployed, in one command.
  const dir = join(work, 'folder', 'ContosoSecurityAlerts');
  await cp(CONTOSO_DIR, dir, { recursive: true });
  const fromFolder = await vigil(['connector', 'deploy', dir, '--json', ...at]);
  assert.equal(fromFolder.status, 0, fromFolder.stdout + fromFolder.stderr);
  assert.equal(fromFolder.json.StreamName, 'Custom-ContosoSecurityAlerts');

  const connectors = await vigil(['connector', 'list', '--json', ...at]);
  assert.deepEqual(connectors.json.map((c: any) => [c.id, c.status]).sort(), [['ContosoSecurityAlertsPush', 'Disconnected'], ['HalcyonPush', 'Disconnected']]);
  const text = await vigil(['connector', 'list', ...at]);
  assert.match(text.stdout, /^CONNECTOR\s+STATUS\s+LAST DATA RECEIVED\s+TITLE$/m);

  const show = await vigil(['connector', 'show', 'HalcyonPush', ...at]);
  assert.equal(show.status, 0);
  assert.match(show.stdout, /1\. Latest authentication events/);

  const redeploy = await vigil(['connector', 'deploy', 'ContosoSecurityAlertsPush', ...at]);
  assert.match(redeploy.stdout, /nothing new \(redeploy\)/);
  assert.match(redeploy.stdout, /Client secret\s+\(not shown/);

  const disconnected = await vigil(['connector', 'disconnect', 'ContosoSecurityAlertsPush', ...at]);
  assert.equal(disconnected.status, 0);
  assert.match(disconnected.stdout, /kept tables ContosoSecurityAlerts_CL/);

  const missing = await vigil(['connector', 'status', 'NoSuchConnector', ...at]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /ConnectorNotFound/);
});
