// A running Vigil with one table, one pass-through DCR and an app allowed to send to it, plus small
// helpers to get tokens from Vigil's token endpoint and POST to the Logs Ingestion API.
import { gzipSync } from 'node:zlib';
import { createApp, https, postForm, type HttpResult, type TestServer } from '../helpers.js';

export const STREAM = 'Custom-Probe';
export const TABLE = 'Probe_CL';
export const COLUMNS = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'RecordId', type: 'long' },
  { name: 'Name', type: 'string' },
  { name: 'Count', type: 'int' },
];

export interface Sender {
  appId: string;
  secret: string;
  servicePrincipalId: string;
  token: string;
}

/** Creates a table and a pass-through DCR named `dcrName` writing to it; returns the DCR's immutable id. */
export async function createRoute(server: TestServer, dcrName = 'probe-dcr', table = TABLE, stream = STREAM): Promise<string> {
  const ws = server.ctx.workspace;
  if (!ws.getTable(table)) await ws.putTable(table, { properties: { schema: { name: table, columns: COLUMNS } } });
  const { dcr } = await ws.putDcr(dcrName, {
    location: 'local',
    properties: {
      streamDeclarations: { [stream]: { columns: COLUMNS } },
      destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: ws.workspaceResourceId }] },
      dataFlows: [{ streams: [stream], destinations: ['la'], transformKql: 'source', outputStream: `Custom-${table}` }],
    },
  });
  return dcr.immutableId;
}

export async function token(server: TestServer, appId: string, secret: string, scope = 'https://monitor.azure.com//.default'): Promise<string> {
  const r = await postForm(`${server.url}/${server.info.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: appId, client_secret: secret, scope }, server.caPem);
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${r.text}`);
  return r.json.access_token as string;
}

/** An app with a secret and a token; with `dcrName`, it holds Monitoring Metrics Publisher on that DCR. */
export async function createSender(server: TestServer, dcrName?: string, name = 'sender'): Promise<Sender> {
  const app = await createApp(server, name);
  if (dcrName) {
    await server.ctx.workspace.assignRole({ principalId: app.servicePrincipalId, role: 'Monitoring Metrics Publisher', scope: server.ctx.workspace.dcrResourceId(dcrName) });
  }
  return { ...app, token: await token(server, app.appId, app.secret) };
}

export function ingestUrl(server: TestServer, dcr: string, stream = STREAM, query = '?api-version=2023-01-01'): string {
  return `${server.url}/dataCollectionRules/${dcr}/streams/${stream}${query}`;
}

export interface PostOptions {
  token?: string;
  gzip?: boolean;
  headers?: Record<string, string>;
}

export function post(server: TestServer, url: string, body: unknown, o: PostOptions = {}): Promise<HttpResult> {
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const payload = o.gzip ? gzipSync(text) : text;
  // Real clients send Content-Length (Node's request would otherwise stream the body chunked).
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...(o.gzip ? { 'content-encoding': 'gzip' } : {}), ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  return https(url, { method: 'POST', ca: server.caPem, headers, body: payload });
}

export async function count(server: TestServer, table = TABLE): Promise<number> {
  await server.ctx.engine.flush();
  const r = await server.ctx.engine.query(`SELECT count(*) FROM "${table}"`);
  return Number(r.rows[0][0]);
}

/** Asserts the Azure.Core error shape and returns `error`. */
export function azureError(r: HttpResult): { code: string; message: string; target?: string } {
  const e = r.json?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') throw new Error(`not an Azure.Core error body: ${r.status} ${r.text}`);
  if (r.headers['x-ms-error-code'] !== e.code) throw new Error(`x-ms-error-code ${String(r.headers['x-ms-error-code'])} differs from ${e.code}`);
  return e;
}
