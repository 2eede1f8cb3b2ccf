// The migration API and the `vigil legacy` commands against a running server: administrator-only
// access, the generated folder written by `vigil legacy migrate`, and `vigil legacy send` posting
// as a Data Collector client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin, https } from '../helpers.js';
import { post, sql, startCollectorServer } from './helpers.js';
import { legacyCommand } from '../../../src/cli/commands/legacy.js';
import { validateSolution } from '../../../src/solutions/validate/index.js';

/** Runs a `vigil legacy …` command in this process; returns its JSON output and exit code. */
async function vigilLegacy(args: string[]): Promise<{ code: number; json: any }> {
  let out = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await legacyCommand().parseAsync([...args, '--json'], { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { code, json: out ? JSON.parse(out) : undefined };
}

test('POST /vigil/legacy/tables/{table}/migration: admin only, 404 for an unknown table, the skeleton for a classic one', async (t) => {
  const server = await startCollectorServer(t);
  const ws = server.ctx.workspace.workspace.id;
  const key = server.ctx.workspace.sharedKeys().primarySharedKey;
  assert.equal((await post(server, { workspaceId: ws, key, logType: 'Legacy', body: '[{"user":"ann","n":1,"detail":{"ip":"10.0.0.1"}}]' })).status, 200);

  const path = '/vigil/legacy/tables/Legacy_CL/migration';
  const anonymous = await https(`${server.url}${path}`, { method: 'POST', ca: server.caPem });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.json.error.code, 'AuthenticationFailed');
  assert.equal((await admin(server, 'POST', path, {}, 'wrong-key')).status, 401);
  const missing = await admin(server, 'POST', '/vigil/legacy/tables/Nope_CL/migration', {});
  assert.equal(missing.status, 404);

  const r = await admin(server, 'POST', path, { solutionName: 'LegacyMoved', publisher: 'Contoso' });
  assert.equal(r.status, 200);
  assert.equal(r.json.solutionName, 'LegacyMoved');
  assert.equal(r.json.table, 'Legacy_CL');
  assert.deepEqual(r.json.fields.map((f: { name: string; streamType: string }) => `${f.name}:${f.streamType}`), ['user:string', 'n:real', 'detail:dynamic']);
  assert.match(r.json.transformKql, /extend detail_ip_s = tostring\(detail\.ip\)/);
  assert.ok(r.json.files.some((f: { path: string }) => f.path === 'LegacyMoved/Data Connectors/LegacyMoved_ccf/DCR.json'));
});

test('vigil legacy send posts as a Data Collector client; vigil legacy migrate writes a folder that validates', async (t) => {
  const server = await startCollectorServer(t);
  const out = await mkdtemp(join(tmpdir(), 'vigil-legacy-cli-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const records = join(out, 'records.json');
  await writeFile(records, JSON.stringify([{ device: 'sensor-1', temp: 21.5, at: new Date().toISOString() }, { device: 'sensor-2', temp: 19 }]));

  const sent = await vigilLegacy(['send', '--data-dir', server.dataDir, '--log-type', 'Sensors', '--file', records, '--time-field', 'at']);
  assert.equal(sent.code, 0, JSON.stringify(sent.json));
  assert.equal(sent.json.rowsStored, 2);
  assert.equal(sent.json.table, 'Sensors_CL');
  assert.deepEqual(await sql(server, 'SELECT device_s, temp_d FROM Sensors_CL ORDER BY device_s'), [['sensor-1', 21.5], ['sensor-2', 19]]);

  const migrated = await vigilLegacy(['migrate', '--data-dir', server.dataDir, '--table', 'Sensors_CL', '--out', out, '--time-field', 'at']);
  assert.equal(migrated.code, 0, JSON.stringify(migrated.json));
  const folder = join(out, 'Sensors');
  assert.equal(migrated.json.folder, folder);
  assert.ok(existsSync(join(folder, 'Data Connectors', 'Sensors_ccf', 'connectorDefinition.json')));
  assert.match(migrated.json.transformKql, /todatetime\(at\)/);
  const errors = validateSolution(folder).findings.filter((f) => f.severity === 'error');
  assert.deepEqual(errors, []);

  // A second run refuses to overwrite; the command fails with a message, not a stack.
  const again = await vigilLegacy(['migrate', '--data-dir', server.dataDir, '--table', 'Sensors_CL', '--out', out]);
  assert.equal(again.code, 1);
  assert.match(again.json.error.message, /exists/);
});
