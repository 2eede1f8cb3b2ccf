// How CLI commands reach a running server: `--data-dir DIR` (reads DIR/vigil.json for the URL, the
// CA certificate and the admin key file) or `--url URL` (with `--admin-key`/VIGIL_ADMIN_KEY, and the
// CA from `--ca` or NODE_EXTRA_CA_CERTS). Without either, the default data folder (VIGIL_DATA_DIR or
// ./data) is used, so commands work next to a plain `npm start`.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { request } from 'node:https';
import { readConnectionInfo, type ConnectionInfo } from '../surfaces/connection-info.js';

export interface ConnectionOptions {
  dataDir?: string;
  url?: string;
  adminKey?: string;
  ca?: string;
}

/** A failure the CLI reports and exits non-zero for; `body` is the server's error JSON when there is one. */
export class CliError extends Error {
  readonly body: unknown;
  constructor(message: string, body?: unknown) {
    super(message);
    this.name = 'CliError';
    this.body = body;
  }
}

export interface VigilClient {
  url: string;
  /** Present with `--data-dir` (or the default folder). */
  info?: ConnectionInfo;
  /** Calls the management API; resolves the JSON body of a 2xx answer, rejects with CliError otherwise. */
  call(method: string, path: string, body?: unknown): Promise<any>;
  /** Sends a request and resolves the answer whatever its status (APIs with their own error shapes). */
  raw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string; json: any }>;
}

export const ARM_API_VERSION = '2023-03-11';

export async function connect(opts: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): Promise<VigilClient> {
  let url = opts.url === undefined ? undefined : checkedUrl(opts.url);
  let info: ConnectionInfo | undefined;
  let ca: string | undefined;
  let adminKey = opts.adminKey ?? env.VIGIL_ADMIN_KEY;
  if (!url) {
    const dir = resolve(opts.dataDir ?? env.VIGIL_DATA_DIR ?? 'data');
    try {
      info = await readConnectionInfo(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`no Vigil server details in ${dir}/vigil.json — start one with \`vigil serve --data-dir ${dir}\`, or pass --url`);
      throw new CliError(`cannot read ${dir}/vigil.json: ${(e as Error).message}`);
    }
    url = info.url;
    if (info.caCertPath) ca = await readFile(info.caCertPath, 'utf8').catch(() => undefined);
    adminKey ??= (await readFile(info.adminKeyPath, 'utf8').catch(() => '')).trim() || undefined;
  }
  if (opts.ca) {
    const file = opts.ca;
    ca = await readFile(file, 'utf8').catch((e: Error) => {
      throw new CliError(`cannot read the CA certificate '${file}' (--ca): ${e.message}`);
    });
  }
  if (!adminKey) throw new CliError('no admin key: pass --data-dir (the key is read from the data folder), --admin-key, or set VIGIL_ADMIN_KEY');
  const base = url;
  const key = adminKey;
  const reach = (target: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
    send(target, method, key, ca, body, headers).catch((e: NodeJS.ErrnoException) => {
      const hint = e.code === 'ECONNREFUSED' ? ' (is `vigil serve` running?)' : /certificate|CERT/i.test(`${e.code} ${e.message}`) ? ' (the server certificate is not trusted: use --data-dir, --ca or NODE_EXTRA_CA_CERTS)' : '';
      throw new CliError(`cannot reach ${base}: ${e.message}${hint}`);
    });
  return {
    url: base,
    info,
    call: async (method, path, body) => {
      const sep = path.includes('?') ? '&' : '?';
      const target = `${base}${path}${path.startsWith('/subscriptions/') ? `${sep}api-version=${ARM_API_VERSION}` : ''}`;
      const res = await reach(target, method, body);
      if (res.status >= 200 && res.status < 300) return res.json;
      throw new CliError(describeError(res.status, res.json, res.text), res.json);
    },
    raw: (method, path, body, headers) => reach(`${base}${path}`, method, body, headers),
  };
}

/**
 * The server origin given with --url, without trailing slashes. Vigil serves HTTPS only, and a value
 * that is not a URL would otherwise surface as a bare "Invalid URL" from the HTTP client.
 */
function checkedUrl(given: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(given);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:') throw new CliError(`--url takes the server's https:// origin, e.g. https://localhost:8443; got '${given}'`);
  return given.replace(/\/+$/, '');
}

function send(url: string, method: string, key: string, ca: string | undefined, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, {
      method,
      ca,
      headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
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
        resolvePromise({ status: res.statusCode ?? 0, json, text });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** One readable text for an ARM or Graph error body, with each located detail on its own line. */
export function describeError(status: number, body: any, text: string): string {
  const e = body?.error;
  if (e && typeof e === 'object') {
    const lines = [`${e.code ?? status}: ${e.message ?? ''}`.trim()];
    for (const d of Array.isArray(e.details) ? e.details : []) lines.push(`  ${d.target ? `${d.target}: ` : ''}${d.code}: ${d.message}`);
    return lines.join('\n');
  }
  return `HTTP ${status}${text ? `: ${text.slice(0, 500)}` : ''}`;
}
