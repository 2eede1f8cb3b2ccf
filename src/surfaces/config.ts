// `vigil serve` configuration: flags win over environment variables, which win over defaults.
//
// | setting     | flag            | environment          | default                 |
// |-------------|-----------------|----------------------|-------------------------|
// | data folder | --data-dir      | VIGIL_DATA_DIR       | ./data                  |
// | host        | --host          | VIGIL_HOST           | localhost (loopback)    |
// | HTTPS port  | --port          | VIGIL_PORT           | 8443 (0 = a free port)  |
// | TLS cert    | --tls-cert      | VIGIL_TLS_CERT       | generated local CA      |
// | TLS key     | --tls-key       | VIGIL_TLS_KEY        | generated local CA      |
// | TLS names   | --tls-name (×n) | VIGIL_TLS_NAMES (,)  | localhost, 127.0.0.1, ::1 |
// | public URL  | --public-url    | VIGIL_PUBLIC_URL     | https://<host>:<port>   |
// | log level   | --log-level     | VIGIL_LOG_LEVEL      | info                    |
// | query time  | --query-timeout | VIGIL_QUERY_TIMEOUT  | 600 s (longest a query may run; `Prefer: wait` default 180 s) |
// | query rows  | --query-max-rows| VIGIL_QUERY_MAX_ROWS | 500000                  |
// | DuckDB memory | --engine-memory | VIGIL_ENGINE_MEMORY | 128MB (tuned for ingest RSS; see src/storage/engine.ts) |
// | DuckDB threads | --engine-threads | VIGIL_ENGINE_THREADS | cores − 1, at least 1 |
import { resolve } from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  dataDir: string;
  host: string;
  port: number;
  /** Bring-your-own certificate and key (PEM files); both or neither. */
  tlsCertPath?: string;
  tlsKeyPath?: string;
  /** Extra names for the generated server certificate. */
  tlsNames: string[];
  /** The origin clients use, when it differs from https://<host>:<port> (proxy, DNS override). */
  publicUrl?: string;
  logLevel: LogLevel;
  /** Longest a query may run, seconds (undefined: the query API's 600 s). */
  queryTimeoutSeconds?: number;
  /** Most rows a query result may hold (undefined: the query API's 500,000). */
  queryMaxRows?: number;
  /**
   * DuckDB's memory limit, in DuckDB's size syntax ('2GB'); undefined: the storage engine's
   * ingest-tuned default. Queries that group many wide rows (`arg_max(…, *)` over millions) need more.
   */
  engineMemoryLimit?: string;
  /** DuckDB worker threads (undefined: the storage engine's default). */
  engineThreads?: number;
}

export interface ServeFlags {
  dataDir?: string;
  host?: string;
  port?: string | number;
  tlsCert?: string;
  tlsKey?: string;
  tlsName?: string[];
  publicUrl?: string;
  logLevel?: string;
  queryTimeout?: string | number;
  queryMaxRows?: string | number;
  engineMemory?: string;
  engineThreads?: string | number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_PORT = 8443;

/** A setting's text: the flag if given, else the environment variable `name` if set; empty counts as unset. */
export function flagOrEnv(flag: string | number | undefined, env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (flag !== undefined && flag !== '') return String(flag);
  const v = env[name];
  return v !== undefined && v !== '' ? v : undefined;
}

export function resolveServerConfig(flags: ServeFlags = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const pick = (flag: string | undefined, name: string): string | undefined => flagOrEnv(flag, env, name);

  const portText = flags.port !== undefined ? String(flags.port) : pick(undefined, 'VIGIL_PORT');
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`port must be an integer from 0 to 65535; got '${portText}'`);

  const level = (pick(flags.logLevel, 'VIGIL_LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError(`log level must be one of ${LOG_LEVELS.join(', ')}; got '${level}'`);

  const cert = pick(flags.tlsCert, 'VIGIL_TLS_CERT');
  const key = pick(flags.tlsKey, 'VIGIL_TLS_KEY');
  if ((cert === undefined) !== (key === undefined)) throw new ConfigError('a TLS certificate and key go together: give both --tls-cert and --tls-key, or neither');

  const names = flags.tlsName && flags.tlsName.length > 0 ? flags.tlsName : (pick(undefined, 'VIGIL_TLS_NAMES') ?? '').split(',');

  const publicUrl = pick(flags.publicUrl, 'VIGIL_PUBLIC_URL');
  if (publicUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(publicUrl);
    } catch {
      throw new ConfigError(`public URL '${publicUrl}' is not a URL`);
    }
    if (u.protocol !== 'https:') throw new ConfigError(`public URL must use https (Azure clients refuse plain HTTP); got '${publicUrl}'`);
  }

  const positive = (flag: string | number | undefined, name: string, what: string, integer: boolean): number | undefined => {
    const text = flagOrEnv(flag, env, name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!(n > 0) || (integer && !Number.isInteger(n))) throw new ConfigError(`${what} must be a positive ${integer ? 'integer' : 'number'}; got '${text}'`);
    return n;
  };
  const queryTimeoutSeconds = positive(flags.queryTimeout, 'VIGIL_QUERY_TIMEOUT', 'query timeout (seconds)', false);
  const queryMaxRows = positive(flags.queryMaxRows, 'VIGIL_QUERY_MAX_ROWS', 'query row limit', true);
  const engineThreads = positive(flags.engineThreads, 'VIGIL_ENGINE_THREADS', 'engine threads', true);
  const engineMemory = pick(flags.engineMemory, 'VIGIL_ENGINE_MEMORY');
  // Checked here so a typo fails at start with the setting's name, not inside DuckDB's open.
  if (engineMemory !== undefined && !/^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i.test(engineMemory)) {
    throw new ConfigError(`engine memory must be a size such as 512MB or 2GB; got '${engineMemory}'`);
  }

  const config: ServerConfig = {
    dataDir: resolve(pick(flags.dataDir, 'VIGIL_DATA_DIR') ?? 'data'),
    host: pick(flags.host, 'VIGIL_HOST') ?? 'localhost',
    port,
    tlsNames: names.map((n) => n.trim()).filter((n) => n.length > 0),
    logLevel: level as LogLevel,
  };
  if (cert !== undefined && key !== undefined) {
    config.tlsCertPath = resolve(cert);
    config.tlsKeyPath = resolve(key);
  }
  if (publicUrl !== undefined) config.publicUrl = publicUrl.replace(/\/+$/, '');
  if (queryTimeoutSeconds !== undefined) config.queryTimeoutSeconds = queryTimeoutSeconds;
  if (queryMaxRows !== undefined) config.queryMaxRows = queryMaxRows;
  if (engineMemory !== undefined) config.engineMemoryLimit = engineMemory.replace(/\s+/g, '');
  if (engineThreads !== undefined) config.engineThreads = engineThreads;
  return config;
}
