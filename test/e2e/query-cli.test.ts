// `vigil query` as a person and a script use it: a real server (its vigil.json in the data folder),
// the CLI in a child process finding it through --data-dir, each output format, stdin, --timespan,
// and a rejected query.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { TestServer } from '../surfaces/helpers.js';
import { call, EVENTS, queryPath, startQueryServer } from '../surfaces/query/helpers.js';

let server: TestServer;
before(async () => {
  server = await startQueryServer(null);
});
after(() => server.dispose());

function vigil(args: string[], stdin?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

test('the default is a readable table with the column names, the rows and a row count', async () => {
  const r = await vigil(['query', `${EVENTS} | where EventID == 4625 | project Computer, Account, EventID | order by Computer asc`, '--data-dir', server.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^Computer\s+Account\s+EventID$/);
  assert.match(lines[1]!, /^-+\s+-+\s+-+$/);
  assert.match(lines[2]!, /^db-1\s+carol\s+4625$/);
  assert.match(lines[3]!, /^web-1\s+alice\s+4625$/);
  assert.equal(lines[4], '(2 rows)');
});

test('--format json prints the API response body', async () => {
  const query = `${EVENTS} | summarize n = count() by Computer | order by Computer asc`;
  const r = await vigil(['query', query, '--format', 'json', '--data-dir', server.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  const printed = JSON.parse(r.stdout);
  const direct = await call(server, 'POST', queryPath(server), { token: server.adminKey, body: { query } });
  assert.deepEqual(printed.tables, direct.json.tables);
});

test('--format csv, the query read from stdin, and --timespan', async () => {
  const r = await vigil(['query', '--format', 'csv', '--timespan', 'PT1H', '--data-dir', server.dataDir], `${EVENTS}\n| project Computer, Props\n| order by Computer asc\n`);
  assert.equal(r.status, 0, r.stderr);
  // Within the last hour: web-1 (10 min) and web-2 (30 min); dynamic values are JSON text, quoted for CSV.
  assert.equal(r.stdout, 'Computer,Props\r\nweb-1,"{""ip"":""10.0.0.1""}"\r\nweb-2,"{""ip"":""10.0.0.2""}"\r\n');
});

test('a rejected query exits 1 and shows where the error is', async () => {
  const r = await vigil(['query', `${EVENTS}\n| where NoSuchColumn == 1`, '--data-dir', server.dataDir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /BadArgumentError/);
  assert.match(r.stderr, /SemanticError/);
  assert.match(r.stderr, /line 2, position 9/);
  assert.match(r.stderr, /\n {4}\| where NoSuchColumn == 1\n {12}\^/);
  const json = await vigil(['query', `${EVENTS} | where`, '--format', 'json', '--data-dir', server.dataDir]);
  assert.equal(json.status, 1);
  assert.equal(JSON.parse(json.stdout).error.code, 'BadArgumentError');
});

test('no query at all is a usage error', async () => {
  const r = await vigil(['query', '--data-dir', server.dataDir], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no query/);
});
