// The Logs Ingestion API's per-DCR limits as an operator sets them on `vigil serve`: documented in
// `--help`, refused at start when malformed, and applied by a real server in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { call, cliCommand, provisionPush, serveToEnd, startChildServerForTest } from './child-server.js';

test('vigil serve --help documents the per-DCR limits with their environment variables and defaults', () => {
  const r = spawnSync(process.execPath, [...cliCommand(), 'serve', '--help'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const help = r.stdout.replace(/\s+/g, ' ');
  for (const text of ['--dcr-requests-per-minute <n>', 'VIGIL_DCR_REQUESTS_PER_MINUTE', 'default 12000', '--dcr-data-per-minute <size>', 'VIGIL_DCR_DATA_PER_MINUTE', 'default 2GiB', '0 = no limit']) {
    assert.ok(help.includes(text), text);
  }
});

test('a malformed per-DCR limit stops vigil serve at start with a message naming it', async () => {
  const r = await serveToEnd(['--dcr-data-per-minute', 'lots']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /DCR data per minute must be a size/);
});

test('a child vigil serve throttles a DCR at the request rate its flag sets, with Retry-After', { timeout: 300_000 }, async (t) => {
  // The flag (2 a minute) over the environment (1,000 a minute); no data limit.
  const child = await startChildServerForTest(t, { VIGIL_DCR_REQUESTS_PER_MINUTE: '1000', VIGIL_DCR_DATA_PER_MINUTE: '0' }, ['--dcr-requests-per-minute', '2']);
  const columns = [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Message', type: 'string' },
  ];
  const { dcr, token } = await provisionPush(child, { table: 'Limit_CL', stream: 'Custom-Limit', columns, dcrName: 'limit-dcr' });
  const url = `${child.info.dceUrl}/dataCollectionRules/${dcr}/streams/Custom-Limit?api-version=2023-01-01`;
  const replies = [];
  for (let i = 0; i < 3; i++) {
    replies.push(await call(child, false, 'POST', url, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify([{ TimeGenerated: new Date().toISOString(), Message: `m${i}` }])));
  }
  assert.deepEqual(replies.map((r) => r.status), [204, 204, 429]);
  assert.ok(Number(replies[2]!.headers['retry-after']) >= 1, 'Retry-After in seconds');
  assert.match(JSON.parse(replies[2]!.text).error.message, /2 requests per minute/);
});
