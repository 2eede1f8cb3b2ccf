// The Data Collector API options of `vigil serve` as an operator sets them: documented in
// `vigil serve --help`, and applied by a real server in a child process — flags (clock skew,
// signature mode) and environment variables (ODS domain, relay).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cliCommand, serveToEnd, startChildServerForTest } from './child-server.js';
import { https } from '../surfaces/helpers.js';
import { post } from '../surfaces/collector/helpers.js';
import type { TestServer } from '../surfaces/helpers.js';

const OTHER_WS = '00000000-1111-2222-3333-444444444444';

test('vigil serve --help documents each Data Collector option with its environment variable and default', () => {
  const r = spawnSync(process.execPath, [...cliCommand(), 'serve', '--help'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const help = r.stdout.replace(/\s+/g, ' ');
  for (const [flag, env, dflt] of [
    ['--ods-domain <domain>', 'VIGIL_ODS_DOMAINS', 'default any domain'],
    ['--collector-clock-skew <seconds>', 'VIGIL_COLLECTOR_CLOCK_SKEW', 'default 900'],
    ['--collector-signature <mode>', 'VIGIL_COLLECTOR_SIGNATURE', 'default strict'],
    ['--collector-prefix <path>', 'VIGIL_COLLECTOR_PREFIXES', ''],
    ['--relay <LogType=dcr:stream>', 'VIGIL_COLLECTOR_RELAY', ''],
  ]) {
    assert.ok(help.includes(flag), flag);
    assert.ok(help.includes(env), env);
    if (dflt) assert.ok(help.includes(dflt), `${flag}: ${dflt}`);
  }
});

test('a bad value stops vigil serve at start with a message naming the setting', async () => {
  const r = await serveToEnd(['--collector-signature', 'lenient']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /signature mode must be strict or loose/);
});

test('a child vigil serve applies the flags and environment variables to the Data Collector API', { timeout: 300_000 }, async (t) => {
  const child = await startChildServerForTest(t,
    { VIGIL_ODS_DOMAINS: 'vigil.local', VIGIL_COLLECTOR_RELAY: 'AppLog=relay-dcr:Custom-AppLog' },
    ['--collector-clock-skew', '60', '--collector-signature', 'loose']);
  const { info, ca, adminKey } = child;
  const server = { url: info.url, caPem: ca } as unknown as TestServer;
  const keys = await https(`${info.url}${info.workspaceResourceId}/sharedKeys?api-version=2020-08-01`, { method: 'POST', ca, headers: { authorization: `Bearer ${adminKey}` } });
  assert.equal(keys.status, 200, keys.text);
  const key = keys.json.primarySharedKey as string;
  const ws = info.workspaceId;
  const at = (host: string) => ({ workspaceId: ws, key, host });

  // --collector-clock-skew 60: a request signed 5 minutes ago is a replay (the default ±15 min would accept it).
  const old = await post(server, { ...at(`${ws}.ods.vigil.local`), body: '[{"a":1}]', date: new Date(Date.now() - 5 * 60_000).toUTCString() });
  assert.equal(old.status, 403);
  assert.match(old.json.Message, /60 seconds/);
  assert.equal((await post(server, { ...at(`${ws}.ods.vigil.local`), body: '[{"a":1}]', date: new Date(Date.now() - 30_000).toUTCString() })).status, 200);

  // --collector-signature loose: signed over application/json, sent with a charset.
  assert.equal((await post(server, { ...at(`${ws}.ods.vigil.local`), body: '[{"a":2}]', contentType: 'application/json; charset=utf-8', signedContentType: 'application/json' })).status, 200);

  // VIGIL_ODS_DOMAINS=vigil.local: {id}.ods.vigil.local names a workspace; another domain does not route by host.
  assert.equal((await post(server, { ...at(`${OTHER_WS}.ods.vigil.local`), body: '[{"a":3}]' })).json.Error, 'InvalidCustomerId');
  assert.equal((await post(server, { ...at(`${OTHER_WS}.ods.elsewhere.example`), body: '[{"a":3}]' })).status, 200, 'routed by the Authorization header instead');

  // VIGIL_COLLECTOR_RELAY: the relay is configured (its DCR does not exist yet, so the relayed Log-Type says so).
  const relayed = await post(server, { ...at(`${ws}.ods.vigil.local`), logType: 'AppLog', body: '[{"device":"d1"}]' });
  assert.equal(relayed.status, 500);
  assert.equal(relayed.json.Error, 'UnspecifiedError');
  assert.match(relayed.json.Message, /relay-dcr/);
});

test('vigil workspace keys shows both keys and --regenerate rotates one: a post signed with the old key fails at once', { timeout: 300_000 }, async (t) => {
  const child = await startChildServerForTest(t);
  const dir = child.dataDir;
  const server = { url: child.info.url, caPem: child.ca } as unknown as TestServer;
  const cli = (...args: string[]): { status: number | null; json: any; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [...cliCommand(), 'workspace', 'keys', '--data-dir', dir, ...args], { encoding: 'utf8', timeout: 120_000 });
    let json: unknown;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
    return { status: r.status, json, stdout: r.stdout, stderr: r.stderr };
  };
  const shown = cli('--json');
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal(shown.json.workspaceId, child.info.workspaceId);
  const { primarySharedKey: primary, secondarySharedKey: oldSecondary } = shown.json as { primarySharedKey: string; secondarySharedKey: string };
  // 64 bytes in base64, as Log Analytics keys are.
  for (const k of [primary, oldSecondary]) assert.equal(Buffer.from(k, 'base64').length, 64);
  const human = cli();
  assert.equal(human.status, 0);
  assert.match(human.stdout, /Primary key/);
  assert.ok(human.stdout.includes(primary));

  const ws = child.info.workspaceId;
  assert.equal((await post(server, { workspaceId: ws, key: oldSecondary, body: '[{"k":1}]' })).status, 200);
  const rotated = cli('--regenerate', 'secondary', '--json');
  assert.equal(rotated.status, 0, rotated.stderr);
  assert.equal(rotated.json.primarySharedKey, primary, 'the other key is kept');
  assert.notEqual(rotated.json.secondarySharedKey, oldSecondary);
  const refused = await post(server, { workspaceId: ws, key: oldSecondary, body: '[{"k":2}]' });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.Error, 'InvalidAuthorization');
  assert.equal((await post(server, { workspaceId: ws, key: rotated.json.secondarySharedKey, body: '[{"k":3}]' })).status, 200);
  assert.equal((await post(server, { workspaceId: ws, key: primary, body: '[{"k":4}]' })).status, 200);
});
