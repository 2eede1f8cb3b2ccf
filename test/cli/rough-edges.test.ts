// Mistakes a first user makes with the CLI get a message that names the mistake, exit 1, and no
// stack trace: a data folder that another server already holds, a graph granularity the connector
// page does not have, a records file that is not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand, startChildServer } from '../e2e/child-server.js';

function vigil(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...cliCommand(), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a second serve on a data folder in use names the process that holds it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-lock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const first = await startChildServer(dir);
  t.after(async () => {
    first.child.kill('SIGTERM');
    await first.exited;
  });
  const second = vigil(['serve', '--data-dir', dir, '--port', '0', '--log-level', 'warn']);
  assert.equal(second.status, 1);
  assert.ok(second.stderr.includes(`the data folder ${dir} is already served by process ${first.child.pid}`), second.stderr);
  assert.doesNotMatch(second.stderr, /\n\s+at /);
});

test('connector status --graph takes daily, hourly or none, refused before any request', () => {
  const r = vigil(['connector', 'status', 'X', '--graph', 'weekly', '--url', 'https://localhost:9', '--admin-key', 'k']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--graph <granularity>' argument 'weekly' is invalid\. Allowed choices are daily, hourly, none/);
});

test('legacy send names a records file it cannot read, before any request', () => {
  const r = vigil(['legacy', 'send', '--log-type', 'MyLog', '--file', 'no-such-records.json', '--url', 'https://localhost:9', '--admin-key', 'k']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error: cannot read no-such-records\.json: ENOENT/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
