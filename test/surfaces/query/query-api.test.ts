// The Log Analytics query API over raw HTTPS (spec/azure-wire-contracts.md §6): the response shape,
// the GET/POST/resource forms, Prefer, timespan, and every error in the API's own shape.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, caller, EVENTS, queryPath, startQueryServer } from './helpers.js';
import { oracleSyntaxErrors } from '../../conformance/parse-parity-oracle.js';
import type { TestServer } from '../helpers.js';

// One server for the tests that need no special limits (starting one costs seconds).
let shared: TestServer;
before(async () => {
  shared = await startQueryServer(null);
});
after(() => shared.dispose());

function assertLaError(res: { status: number; json: any; headers: Record<string, unknown> }, status: number, code: string): any {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.equal(res.json?.error?.code, code, JSON.stringify(res.json));
  assert.equal(typeof res.json.error.message, 'string');
  assert.match(String(res.json.error.correlationId), /^[0-9a-f-]{36}$/);
  return res.json.error;
}

test('POST /v1/workspaces/{ws}/query answers {"tables":[PrimaryResult]} with Log Analytics types and cells', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const res = await call(server, 'POST', queryPath(server), {
    token: reader.token,
    body: { query: `${EVENTS} | where Computer startswith "web" | project TimeGenerated, Computer, EventID, Props, Score | order by Computer asc` },
  });
  assert.equal(res.status, 200, res.text);
  assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/);
  assert.deepEqual(Object.keys(res.json), ['tables']);
  const [table] = res.json.tables;
  assert.equal(table.name, 'PrimaryResult');
  assert.deepEqual(table.columns, [
    { name: 'TimeGenerated', type: 'datetime' }, { name: 'Computer', type: 'string' }, { name: 'EventID', type: 'int' },
    { name: 'Props', type: 'dynamic' }, { name: 'Score', type: 'real' },
  ]);
  assert.equal(table.rows.length, 2);
  const [web1, web2] = table.rows;
  assert.match(web1[0], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/);
  assert.equal(web1[1], 'web-1');
  assert.equal(web1[2], 4625);
  assert.equal(web1[3], '{"ip":"10.0.0.1"}');
  assert.equal(web1[4], 0.5);
  assert.equal(web2[4], 'NaN');
});

test('GET with query and timespan in the query string; a body timespan and a query-string timespan are intersected', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Reader' });
  const count = async (method: string, path: string, body?: unknown) => {
    const res = await call(server, method, path, { token: reader.token, body });
    assert.equal(res.status, 200, res.text);
    return res.json.tables[0].rows[0][0];
  };
  const q = encodeURIComponent(`${EVENTS} | count`);
  assert.equal(await count('GET', `${queryPath(server)}?query=${q}`), 4);
  // Rows are 10 min, 30 min, 3 h and 3 days old.
  assert.equal(await count('GET', `${queryPath(server)}?query=${q}&timespan=PT1H`), 2);
  assert.equal(await count('POST', queryPath(server), { query: `${EVENTS} | count`, timespan: 'P1D' }), 3);
  assert.equal(await count('POST', `${queryPath(server)}?timespan=PT20M`, { query: `${EVENTS} | count`, timespan: 'P1D' }), 1);
  const start = new Date(Date.now() - 4 * 3_600_000).toISOString();
  const end = new Date(Date.now() - 2 * 3_600_000).toISOString();
  assert.equal(await count('POST', queryPath(server), { query: `${EVENTS} | count`, timespan: `${start}/${end}` }), 1);
});

test('Prefer: include-statistics and include-render add statistics and render; absent, neither is sent', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const query = `${EVENTS} | summarize count() by bin(TimeGenerated, 1h) | render barchart title='24H events'`;
  const plain = await call(server, 'POST', queryPath(server), { token: reader.token, body: { query } });
  assert.equal(plain.status, 200);
  assert.equal(plain.json.render, undefined);
  assert.equal(plain.json.statistics, undefined);
  const res = await call(server, 'POST', queryPath(server), { token: reader.token, body: { query }, headers: { prefer: 'wait=60,include-statistics=true,include-render=true' } });
  assert.equal(res.status, 200, res.text);
  // The documented render object: visualization and its properties.
  assert.equal(res.json.render.visualization, 'barchart');
  assert.equal(res.json.render.title, '24H events');
  assert.equal(typeof res.json.render.accumulate, 'boolean');
  assert.equal(typeof res.json.statistics.query.executionTime, 'number');
  assert.equal(res.json.statistics.query.datasetStatistics[0].tableRowCount, res.json.tables[0].rows.length);
});

test('authentication errors: missing header 401, bad scheme 401, invalid token 403, wrong audience 403', async (t) => {
  const server = shared;
  const body = { query: `${EVENTS} | count` };
  let e = assertLaError(await call(server, 'POST', queryPath(server), { body }), 401, 'AuthenticationFailed');
  assert.equal(e.message, "Authentication failed. The 'Authorization' header is missing.");
  assertLaError(await call(server, 'POST', queryPath(server), { body, headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'AuthenticationFailed');
  e = assertLaError(await call(server, 'POST', queryPath(server), { body, token: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }), 403, 'InvalidAuthenticationToken');
  assert.equal(e.message, 'The access token is invalid.');
  const monitor = await caller(server, { role: 'Log Analytics Reader', resource: 'https://monitor.azure.com' });
  assertLaError(await call(server, 'POST', queryPath(server), { body, token: monitor.token }), 403, 'InvalidAuthenticationTokenAudience');
});

test('authorisation: no role, or only Monitoring Metrics Publisher, is InsufficientAccessError; roles above the workspace count', async (t) => {
  const server = shared;
  const body = { query: `${EVENTS} | count` };
  const none = await caller(server);
  const e = assertLaError(await call(server, 'POST', queryPath(server), { body, token: none.token }), 403, 'InsufficientAccessError');
  assert.equal(e.message, 'The provided credentials have insufficient access to perform the requested operation');
  const publisher = await caller(server, { role: 'Monitoring Metrics Publisher' });
  assertLaError(await call(server, 'POST', queryPath(server), { body, token: publisher.token }), 403, 'InsufficientAccessError');
  const rgReader = await caller(server, { role: 'Reader', scope: server.ctx.workspace.resourceGroupScope });
  assert.equal((await call(server, 'POST', queryPath(server), { body, token: rgReader.token })).status, 200);
  // The local administrator key (the CLI's credential) is accepted.
  assert.equal((await call(server, 'POST', queryPath(server), { body, token: server.adminKey })).status, 200);
});

test('404 PathNotFoundError for an unknown workspace or path', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const body = { query: `${EVENTS} | count` };
  const e = assertLaError(await call(server, 'POST', '/v1/workspaces/00000000-0000-0000-0000-000000000000/query', { body, token: reader.token }), 404, 'PathNotFoundError');
  assert.equal(e.message, 'The requested path does not exist');
  assertLaError(await call(server, 'POST', `/v1/workspaces/${server.info.workspaceId}/metadata`, { body, token: reader.token }), 404, 'PathNotFoundError');
  assertLaError(await call(server, 'POST', '/v1/subscriptions/x/query', { body, token: reader.token }), 404, 'PathNotFoundError');
});

test('a syntax error is BadArgumentError › SyntaxError › SYN0002 at the line, position and token the official parser reports', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const query = `${EVENTS}\n| project Computer,, Account`;
  const res = await call(server, 'POST', queryPath(server), { token: reader.token, body: { query } });
  const e = assertLaError(res, 400, 'BadArgumentError');
  assert.equal(e.message, 'The request had some invalid properties');
  assert.equal(e.innererror.code, 'SyntaxError');
  const inner = e.innererror.innererror;
  assert.equal(inner.code, 'SYN0002');
  const [oracle] = oracleSyntaxErrors(query);
  assert.ok(oracle, 'the oracle rejects the query too');
  const before = query.slice(0, oracle!.start);
  const line = before.split('\n').length;
  const pos = oracle!.start - (before.lastIndexOf('\n') + 1);
  assert.equal(inner.line, line);
  assert.equal(inner.pos, pos);
  assert.equal(typeof inner.token, 'string');
});

test('a semantic error is BadArgumentError › SemanticError with the place of the unknown name', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const query = `${EVENTS}\n| where NoSuchColumn == 1`;
  const e = assertLaError(await call(server, 'POST', queryPath(server), { token: reader.token, body: { query } }), 400, 'BadArgumentError');
  assert.equal(e.innererror.code, 'SemanticError');
  assert.equal(e.innererror.innererror.line, 2);
  assert.equal(e.innererror.innererror.pos, '| where '.length);
  assert.equal(e.innererror.innererror.token, 'NoSuchColumn');
  // An unknown table (table names are case-sensitive) is a semantic error too.
  const t2 = assertLaError(await call(server, 'POST', queryPath(server), { token: reader.token, body: { query: EVENTS.toLowerCase() } }), 400, 'BadArgumentError');
  assert.equal(t2.innererror.code, 'SemanticError');
});

test('malformed requests are BadArgumentError; an empty POST is the documented empty 200', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const path = queryPath(server);
  assertLaError(await call(server, 'POST', path, { token: reader.token, body: {} }), 400, 'BadArgumentError');
  assertLaError(await call(server, 'POST', path, { token: reader.token, body: { query: '   ' } }), 400, 'BadArgumentError');
  assertLaError(await call(server, 'POST', path, { token: reader.token, body: '{"query": ' }), 400, 'BadArgumentError');
  assertLaError(await call(server, 'POST', path, { token: reader.token, body: '[1,2]' }), 400, 'BadArgumentError');
  const ts = assertLaError(await call(server, 'POST', path, { token: reader.token, body: { query: `${EVENTS} | count`, timespan: 'last week' } }), 400, 'BadArgumentError');
  assert.match(ts.innererror.message, /last week/);
  assertLaError(await call(server, 'POST', path, { token: reader.token, body: { query: `${EVENTS} | count`, timespan: 5 } }), 400, 'BadArgumentError');
  const empty = await call(server, 'POST', path, { token: reader.token });
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.json, { tables: [] });
});

test('`workspaces` may name this workspace (id, name, resource id); another one is refused', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const ws = server.ctx.workspace;
  const ok = await call(server, 'POST', queryPath(server), { token: reader.token, body: { query: `${EVENTS} | count`, workspaces: [ws.workspace.id, ws.workspace.name, ws.workspaceResourceId] } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.tables[0].rows[0][0], 4);
  assertLaError(await call(server, 'POST', queryPath(server), { token: reader.token, body: { query: `${EVENTS} | count`, workspaces: ['11111111-1111-1111-1111-111111111111'] } }), 400, 'BadArgumentError');
});

test('the row cap and the timeout answer 200 with the table so far and a PartialError', async (t) => {
  const server = await startQueryServer(t, { query: { maxRows: 3, timeoutMs: 300 } });
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const capped = await call(server, 'POST', queryPath(server), { token: reader.token, body: { query: `${EVENTS} | project Computer` } });
  assert.equal(capped.status, 200, capped.text);
  assert.equal(capped.json.tables[0].rows.length, 3);
  assert.equal(capped.json.error.code, 'PartialError');
  assert.equal(capped.json.error.message, 'There were some errors when processing your query.');
  assert.equal(capped.json.error.details[0].innererror.message, 'The results of this query exceed the set limit of 3 records.');
  const slow = await call(server, 'POST', queryPath(server), { token: reader.token, body: { query: 'range x from 1 to 100000000000 step 1 | summarize sum(x % 7)' } });
  assert.equal(slow.status, 200, slow.text);
  assert.equal(slow.json.error.code, 'PartialError');
  assert.ok(Array.isArray(slow.json.tables[0].rows));
});

test('POST /v1/$batch answers each sub-request in order with its own status', async (t) => {
  const server = shared;
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const ws = server.info.workspaceId;
  const res = await call(server, 'POST', '/v1/$batch', {
    token: reader.token,
    body: {
      requests: [
        { id: 'query-0', headers: { prefer: 'include-statistics=true' }, body: { query: `${EVENTS} | count`, timespan: 'PT1H' }, path: '/query', method: 'POST', workspace: ws },
        { id: 'query-1', body: { query: `${EVENTS} | where Computer == "db-1" | project Account` }, path: '/query', method: 'POST', workspace: ws },
        { id: 'query-2', body: { query: `${EVENTS} | where` }, path: '/query', method: 'POST', workspace: ws },
        { id: 'query-3', body: { query: `${EVENTS} | count` }, path: '/query', method: 'POST', workspace: '00000000-0000-0000-0000-000000000000' },
      ],
    },
  });
  assert.equal(res.status, 200, res.text);
  const r = res.json.responses;
  assert.deepEqual(r.map((x: any) => [x.id, x.status]), [['query-0', 200], ['query-1', 200], ['query-2', 400], ['query-3', 404]]);
  assert.equal(r[0].body.tables[0].rows[0][0], 2);
  assert.equal(typeof r[0].body.statistics.query.executionTime, 'number');
  assert.deepEqual(r[1].body.tables[0].rows, [['carol']]);
  assert.equal(r[2].body.error.code, 'BadArgumentError');
  assert.equal(r[3].body.error.code, 'PathNotFoundError');
  // The batch itself needs a token, and a body of requests.
  assertLaError(await call(server, 'POST', '/v1/$batch', { body: { requests: [] } }), 401, 'AuthenticationFailed');
  assertLaError(await call(server, 'POST', '/v1/$batch', { token: reader.token, body: { requests: [] } }), 400, 'BadArgumentError');
  assertLaError(await call(server, 'POST', '/v1/$batch', { token: reader.token, body: 'nope' }), 400, 'BadArgumentError');
});

test('the resource-scoped form: the workspace resource id (with the SDK\'s double slash), and resource-centric queries', async (t) => {
  const server = await startQueryServer(t); // it adds rows
  const reader = await caller(server, { role: 'Log Analytics Reader' });
  const wsId = server.ctx.workspace.workspaceResourceId;
  const res = await call(server, 'POST', `/v1/${wsId}/query`, { token: reader.token, body: { query: `${EVENTS} | count` } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.tables[0].rows[0][0], 4);
  // A resource whose rows carry it in _ResourceId: only those rows, and only for a caller with a role
  // that covers the resource (here its resource group; a role on the workspace alone does not).
  const vm = `${server.ctx.workspace.resourceGroupScope}/providers/Microsoft.Compute/virtualMachines/vm1`;
  await server.ctx.engine.append([{ table: EVENTS, ndjson: JSON.stringify({ TimeGenerated: new Date().toISOString(), Computer: 'vm1', _ResourceId: vm.toLowerCase() }) + '\n', rows: 1 }]);
  await server.ctx.engine.flush();
  const vmReader = await caller(server, { role: 'Reader', scope: server.ctx.workspace.resourceGroupScope });
  const scoped = await call(server, 'POST', `/v1/${vm}/query`, { token: vmReader.token, body: { query: `${EVENTS} | project Computer` } });
  assert.equal(scoped.status, 200, scoped.text);
  assert.deepEqual(scoped.json.tables[0].rows, [['vm1']]);
  assertLaError(await call(server, 'POST', `/v1/${vm}/query`, { token: reader.token, body: { query: `${EVENTS} | count` } }), 403, 'InsufficientAccessError');
});

test('a query the engine fails at run time is a 500 in the API shape; a closing engine is 503 with Retry-After', async (t) => {
  const reader = await caller(shared, { role: 'Log Analytics Reader' });
  // A 64-bit overflow computed per row: DuckDB stops the query (Vigil does not emulate wrap-around).
  const failing = await call(shared, 'POST', queryPath(shared), { token: reader.token, body: { query: `${EVENTS} | extend x = tolong(EventID) * 9223372036854775807` } });
  const e = assertLaError(failing, 500, 'InternalServerError');
  assert.equal(e.innererror.code, 'EngineError');

  const server = await startQueryServer(t);
  const token = (await caller(server, { role: 'Log Analytics Reader' })).token;
  await server.ctx.engine.close();
  const closed = await call(server, 'POST', queryPath(server), { token, body: { query: `${EVENTS} | count` } });
  assertLaError(closed, 503, 'ServiceUnavailable');
  assert.equal(closed.headers['retry-after'], '5');
});
