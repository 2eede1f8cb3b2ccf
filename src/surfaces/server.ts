// The server frame: opens the data folder (storage engine, control plane, TLS material, identity
// key, admin credential), assembles one Fastify instance over HTTPS with one plugin per surface, and
// writes `<data>/vigil.json` once it listens. `close()` stops accepting requests, lets in-flight
// ones finish, then closes the engine (which completes in-flight commits and loads).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import { openEngine, type StorageEngine } from '../storage/engine.js';
import { WorkspaceService } from '../workspace/service.js';
import type { ServerConfig } from './config.js';
import type { SurfaceContext } from './context.js';
import { ensureLocalTls } from './tls/local-ca.js';
import { IdentityService } from './identity/identity-service.js';
import { identityPlugin } from './identity/plugin.js';
import { managementPlugin } from './management/plugin.js';
import { ensureAdminKey } from './admin-key.js';
import { writeConnectionInfo, type ConnectionInfo } from './connection-info.js';
import { notFoundBody } from './not-found.js';
import { VERSION } from './version.js';
import { IngestPipeline, kqlTransformCompiler, type TransformCompiler } from '../pipeline/index.js';
import { ingestionPlugin } from './ingestion/plugin.js';
import type { IngestionSurfaceOptions } from './ingestion/options.js';
import { collectorPlugin } from './collector/plugin.js';
import { kqlTransformCheck } from '../pipeline/dryrun/transform-check.js';
import type { TransformCheck } from '../workspace/validation/dcr.js';
import type { CollectorSurfaceOptions } from './collector/options.js';
import { QueryExecutor, WorkspaceSchema, DEFAULT_QUERY_LIMITS, type QueryLimits } from '../query/index.js';
import { queryPlugin } from './query/plugin.js';

/** A surface plugin: registered with the shared context as its options. */
export type SurfacePlugin = FastifyPluginAsync<SurfaceContext>;

export interface StartOptions {
  /** A logger to use instead of a new pino logger at the configured level (tests pass a silent one). */
  logger?: Logger;
  /** Extra surface plugins, registered after the built-in ones. */
  surfaces?: SurfacePlugin[];
  /** Logs Ingestion API settings (limits, path prefixes); Azure's defaults otherwise. */
  ingestion?: IngestionSurfaceOptions;
  /** The DCR transform compiler; the KQL runtime's row compiler unless a test substitutes one. */
  compileTransform?: TransformCompiler;
  /** The check of transforms at DCR creation/update; the KQL runtime's by default, `null` for none. */
  transformCheck?: TransformCheck | null;
  /** HTTP Data Collector API settings (host domains, clock skew, limits, table profiles, relay). */
  collector?: CollectorSurfaceOptions;
  /** Query limits, over the config's (tests use small ones). */
  query?: Partial<QueryLimits>;
}

export interface RunningServer {
  url: string;
  info: ConnectionInfo;
  connectionFile: string;
  /** PEM of the CA certificate clients should trust (undefined with a bring-your-own certificate). */
  caPem: string | undefined;
  adminKey: string;
  ctx: SurfaceContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  await mkdir(config.dataDir, { recursive: true });
  const log = options.logger ?? pino({ level: config.logLevel, base: { name: 'vigil' } });

  const engine: StorageEngine = await openEngine({
    dataDir: join(config.dataDir, 'storage'),
    ...(config.engineMemoryLimit !== undefined ? { memoryLimit: config.engineMemoryLimit } : {}),
    ...(config.engineThreads !== undefined ? { threads: config.engineThreads } : {}),
  });
  let app: FastifyInstance | undefined;
  try {
    // DCR transforms are checked when a DCR is written, by the compiler the pipeline runs.
    const transformCheck = options.transformCheck === null ? undefined : options.transformCheck ?? kqlTransformCheck;
    const workspace = await WorkspaceService.open({ documents: engine.documents, tables: engine, transformCheck });

    const tls = config.tlsCertPath && config.tlsKeyPath
      ? { cert: await readFile(config.tlsCertPath, 'utf8'), key: await readFile(config.tlsKeyPath, 'utf8'), ca: undefined, caCertPath: null }
      : await ensureLocalTls({ dir: join(config.dataDir, 'tls'), names: config.tlsNames });
    const admin = await ensureAdminKey(config.dataDir);

    let origin = config.publicUrl ?? '';
    const identity = await IdentityService.open({ documents: engine.documents, tenantId: workspace.tenant.id, issuerOrigin: () => origin });
    const pipeline = await IngestPipeline.open({ workspace, engine, compileTransform: options.compileTransform ?? kqlTransformCompiler });
    const query = new QueryExecutor({ schema: new WorkspaceSchema(workspace), engine, limits: { ...queryLimits(config), ...options.query } });
    const ctx: SurfaceContext = { workspace, identity, engine, pipeline, query, origin: () => origin, log };

    // Typed as the generic instance: plugins are written against FastifyInstance, not the https flavour.
    app = Fastify({
      https: { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' },
      loggerInstance: log,
      // Fastify's per-request lines are replaced by one line per response (below), debug level when it succeeded.
      logController: new LogController({ disableRequestLogging: true }),
      routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 1000 },
      // Each surface sets its own body limit where the wire contract defines one.
      bodyLimit: 32 * 1024 * 1024,
      // While closing, requests still arriving on open connections reach the surfaces, which answer
      // in their own wire shape (the Logs Ingestion API: 503 with Retry-After, Azure.Core body).
      return503OnClosing: false,
    }) as unknown as FastifyInstance;
    app.addHook('onResponse', async (req, reply) => {
      const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'info' : 'debug';
      req.log[level]({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    });
    // Every answer is JSON, 404s included: MSAL and the SDKs JSON.parse every body.
    app.setNotFoundHandler((req, reply) => {
      reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(notFoundBody(req.method, req.url)));
    });

    await app.register(identityPlugin, ctx);
    await app.register(managementPlugin, { ...ctx, adminKey: admin.key });
    await app.register(ingestionPlugin, { ...ctx, ingestion: options.ingestion });
    await app.register(collectorPlugin, { ...ctx, adminKey: admin.key, collector: options.collector });
    await app.register(queryPlugin, { ...ctx, adminKey: admin.key });
    for (const s of options.surfaces ?? []) await app.register(s, ctx);

    await app.listen({ host: config.host, port: config.port });
    const port = (app.server.address() as AddressInfo).port;
    if (!config.publicUrl) origin = `https://${urlHost(config.host)}:${port}`;

    const info = connectionInfo(ctx, origin, tls.caCertPath, admin.path);
    const connectionFile = await writeConnectionInfo(config.dataDir, info);
    log.info({ url: origin, dataDir: config.dataDir }, 'vigil ready');

    const running = app;
    let closing: Promise<void> | undefined;
    return {
      url: origin, info, connectionFile, caPem: tls.ca, adminKey: admin.key, ctx, app: running,
      close: () => {
        closing ??= (async () => {
          try {
            await running.close();
          } finally {
            await engine.close();
          }
        })();
        return closing;
      },
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    await engine.close().catch(() => undefined);
    throw e;
  }
}

/** `--query-timeout` is the longest run; a query that asks for nothing gets the API's 180 s default, or less. */
function queryLimits(config: ServerConfig): Partial<QueryLimits> {
  const limits: Partial<QueryLimits> = {};
  if (config.queryMaxRows !== undefined) limits.maxRows = config.queryMaxRows;
  if (config.queryTimeoutSeconds !== undefined) {
    limits.maxTimeoutMs = config.queryTimeoutSeconds * 1000;
    limits.timeoutMs = Math.min(DEFAULT_QUERY_LIMITS.timeoutMs, limits.maxTimeoutMs);
  }
  return limits;
}

function urlHost(host: string): string {
  if (host === 'localhost' || host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function connectionInfo(ctx: SurfaceContext, url: string, caCertPath: string | null, adminKeyPath: string): ConnectionInfo {
  const ws = ctx.workspace;
  const dce = ws.defaultDce;
  return {
    url,
    tenantId: ws.tenant.id,
    workspaceId: ws.workspace.id,
    workspaceName: ws.workspace.name,
    subscriptionId: ws.workspace.subscriptionId,
    resourceGroup: ws.workspace.resourceGroup,
    workspaceResourceId: ws.workspaceResourceId,
    dceUrl: url,
    dceName: dce.name,
    dceResourceId: ws.dceResourceId(dce.name),
    dceImmutableId: dce.immutableId,
    authorityHost: url,
    tokenEndpoint: `${url}/${ws.tenant.id}/oauth2/v2.0/token`,
    queryEndpoint: `${url}/v1`,
    caCertPath,
    adminKeyPath,
    pid: process.pid,
    version: VERSION,
    startedAt: new Date().toISOString(),
  };
}
