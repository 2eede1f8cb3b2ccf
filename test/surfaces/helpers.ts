// A real Vigil server on a free port in a temporary data folder, and a small HTTPS client that
// trusts its CA.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import pino from 'pino';
import { startServer, type RunningServer, type StartOptions } from '../../src/surfaces/server.js';
import { resolveServerConfig, type ServeFlags } from '../../src/surfaces/config.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server and removes its data folder. */
  dispose(): Promise<void>;
}

export async function startTestServer(flags: ServeFlags = {}, options: StartOptions = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'vigil-srv-')));
  const config = resolveServerConfig({ port: 0, ...flags, dataDir: dir }, {});
  const server = await startServer(config, { logger: pino({ level: 'silent' }), ...options });
  return {
    ...server,
    dataDir: dir,
    dispose: async () => {
      await server.close();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export function https(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; ca?: string } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca: init.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** POSTs an application/x-www-form-urlencoded body. */
export function postForm(url: string, fields: Record<string, string>, ca: string | undefined, headers: Record<string, string> = {}): Promise<HttpResult> {
  return https(url, {
    method: 'POST',
    ca,
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** ARM/Graph call with the admin key. */
export function admin(server: RunningServer, method: string, path: string, body?: unknown, key = server.adminKey): Promise<HttpResult> {
  const sep = path.includes('?') ? '&' : '?';
  const url = path.startsWith('/subscriptions') ? `${server.url}${path}${sep}api-version=2023-03-11` : `${server.url}${path}`;
  return https(url, {
    method,
    ca: server.caPem,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}

/** Creates an app with a secret through the workspace service (the management API is tested separately). */
export async function createApp(server: RunningServer, name = 'test app'): Promise<{ appId: string; secret: string; servicePrincipalId: string; objectId: string }> {
  const app = await server.ctx.workspace.createApp({ displayName: name });
  const { secretText } = await server.ctx.workspace.addSecret(app.appId);
  return { appId: app.appId, secret: secretText, servicePrincipalId: app.servicePrincipalId, objectId: app.objectId };
}
