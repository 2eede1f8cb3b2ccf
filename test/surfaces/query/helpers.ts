// A real Vigil server with a table of events, and callers of the query API: an app with a token for
// the Log Analytics audience (with or without a role on the workspace) and raw HTTPS requests.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, createApp, postForm, https, type TestServer, type HttpResult } from '../helpers.js';
import type { StartOptions } from '../../../src/surfaces/server.js';

export const EVENTS = 'SecurityEvents_CL';

/** Rows relative to the time the test runs, so `timespan` durations (which end "now") select them. */
export function eventRows(now = Date.now()): Record<string, unknown>[] {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  return [
    { TimeGenerated: at(10), Computer: 'web-1', Account: 'alice', EventID: 4625, Props: { ip: '10.0.0.1' }, Score: 0.5 },
    { TimeGenerated: at(30), Computer: 'web-2', Account: 'bob', EventID: 4624, Props: { ip: '10.0.0.2' }, Score: 'NaN' },
    { TimeGenerated: at(180), Computer: 'db-1', Account: 'carol', EventID: 4625, Props: [1, 2], Score: 2 },
    { TimeGenerated: at(3 * 24 * 60), Computer: 'db-2', Account: 'dave', EventID: 4688, Props: null, Score: null },
  ];
}

/** A server with the events table; disposed after the test `t`, or by the caller when `t` is null. */
export async function startQueryServer(t: TestContext | null, start: StartOptions = {}): Promise<TestServer> {
  const server = await startTestServer({}, start);
  t?.after(() => server.dispose());
  const ws = server.ctx.workspace;
  const columns = [
    { name: 'TimeGenerated', type: 'datetime' }, { name: 'Computer', type: 'string' }, { name: 'Account', type: 'string' },
    { name: 'EventID', type: 'int' }, { name: 'Props', type: 'dynamic' }, { name: 'Score', type: 'real' },
  ];
  await ws.putTable(EVENTS, { properties: { schema: { name: EVENTS, columns } } });
  const rows = eventRows();
  await server.ctx.engine.append([{ table: EVENTS, ndjson: rows.map((r) => JSON.stringify(r)).join('\n') + '\n', rows: rows.length }]);
  await server.ctx.engine.flush();
  return server;
}

export interface Caller {
  appId: string;
  secret: string;
  servicePrincipalId: string;
  token: string;
}

/** An app with a client secret and a token for `resource` (default the Log Analytics API); `role` on `scope`. */
export async function caller(server: TestServer, options: { role?: string; scope?: string; resource?: string } = {}): Promise<Caller> {
  const app = await createApp(server, `query caller ${Math.random()}`);
  if (options.role) await server.ctx.workspace.assignRole({ principalId: app.servicePrincipalId, role: options.role, scope: options.scope ?? server.ctx.workspace.workspaceResourceId });
  const res = await postForm(`${server.url}/${server.info.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret, scope: `${options.resource ?? 'https://api.loganalytics.io'}/.default`,
  }, server.caPem);
  assert.equal(res.status, 200, res.text);
  return { ...app, token: res.json.access_token as string };
}

export function queryPath(server: TestServer): string {
  return `/v1/workspaces/${server.info.workspaceId}/query`;
}

/** A raw HTTPS call; `body` objects are sent as JSON. */
export function call(server: TestServer, method: string, path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  return https(`${server.url}${path}`, { method, ca: server.caPem, headers, body });
}
