// A Data Collector API client written from the documented algorithm (spec/azure-wire-contracts.md
// §5.2) — deliberately not importing Vigil's own signing code — and a server with the surface.
import { createHmac } from 'node:crypto';
import { request } from 'node:https';
import type { TestContext } from 'node:test';
import { startTestServer, type TestServer } from '../helpers.js';
import type { CollectorSurfaceOptions } from '../../../src/surfaces/collector/index.js';
import type { StartOptions } from '../../../src/surfaces/server.js';

/** A Vigil server (the collector surface is built in) with these Data Collector settings. */
export async function startCollectorServer(t: TestContext, collector: CollectorSurfaceOptions = {}, start: StartOptions = {}): Promise<TestServer> {
  const server = await startTestServer({}, { ...start, collector });
  t.after(() => server.dispose());
  return server;
}

/** `Base64(HMAC-SHA256(Base64Decode(key), "POST\n<len>\n<type>\nx-ms-date:<date>\n/api/logs"))`. */
export function sign(key: string, contentLength: number, contentType: string, date: string): string {
  const text = ['POST', String(contentLength), contentType, `x-ms-date:${date}`, '/api/logs'].join('\n');
  return createHmac('sha256', Buffer.from(key, 'base64')).update(Buffer.from(text, 'utf8')).digest('base64');
}

export interface PostOptions {
  workspaceId: string;
  key: string;
  body: string | Buffer;
  logType?: string | null;
  /** Content-Type sent (null: none). Default application/json. */
  contentType?: string | null;
  /** Content-Type the signature is computed over (default: the one sent). */
  signedContentType?: string;
  /** x-ms-date (null: none). Default now. */
  date?: string | null;
  /** Authorization header as sent (overrides the computed one; null: none). */
  authorization?: string | null;
  /** Workspace id written into the Authorization header (default workspaceId). */
  authWorkspaceId?: string;
  /** Host header; default `{workspaceId}.ods.opinsights.azure.com`. */
  host?: string;
  /** Path and query; default `/api/logs?api-version=2016-04-01`. */
  path?: string;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** Posts like a Data Collector client: SharedKey over the body as sent. */
export function post(server: TestServer, o: PostOptions): Promise<Reply> {
  const body = typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : o.body;
  const contentType = o.contentType === undefined ? 'application/json' : o.contentType;
  const date = o.date === undefined ? new Date().toUTCString() : o.date;
  const headers: Record<string, string> = { host: o.host ?? `${o.workspaceId}.ods.opinsights.azure.com`, 'content-length': String(body.length) };
  if (contentType !== null) headers['content-type'] = contentType;
  if (date !== null) headers['x-ms-date'] = date;
  if (o.logType !== null) headers['Log-Type'] = o.logType ?? 'VigilTest';
  const auth = o.authorization === undefined
    ? `SharedKey ${o.authWorkspaceId ?? o.workspaceId}:${sign(o.key, body.length, o.signedContentType ?? contentType ?? '', date ?? '')}`
    : o.authorization;
  if (auth !== null) headers.Authorization = auth;
  Object.assign(headers, o.headers ?? {});
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({
      hostname: url.hostname, port: url.port, method: 'POST', path: o.path ?? '/api/logs?api-version=2016-04-01',
      headers, ca: server.caPem, servername: url.hostname, agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Loads everything acknowledged and runs SQL against the server's engine. */
export async function sql(server: TestServer, text: string): Promise<unknown[][]> {
  await server.ctx.engine.flush();
  return (await server.ctx.engine.query(text)).rows;
}
