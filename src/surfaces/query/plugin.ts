// The Log Analytics query API (spec/azure-wire-contracts.md §6), served under `/v1` so that both
// `@azure/monitor-query-logs` (endpoint `https://H/v1`, used verbatim) and the older
// `@azure/monitor-query` (which forces the path `/v1`) reach it:
//
//   GET|POST /v1/workspaces/{workspaceId}/query     query, timespan (body and/or query string), workspaces
//   POST     /v1/$batch                             {"requests":[{id, headers, body, path:"/query", method, workspace}]}
//   GET|POST /v1/{resourceId}/query                 the workspace's resource id, or any resource (resource-centric)
//
// Order of checks: route, token (401/403), workspace or resource (404), role at that scope (403),
// body, query (400), then the run. Every error is built by src/surfaces/errors/log-analytics.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import type { SurfacePlugin } from '../server.js';
import { isWireError, sendWireError, type WireError } from '../errors/wire-error.js';
import { logAnalyticsError } from '../errors/log-analytics.js';
import { QueryFailure } from '../../query/index.js';
import { normaliseScope } from '../../workspace/resource-ids.js';
import { authenticate, authorize, type QueryCaller } from './auth.js';
import { parsePrefer, type Preferences } from './prefer.js';
import { queryResponseJson } from './response.js';

export interface QueryPluginOptions extends SurfaceContext {
  /** The administrator key, accepted as a bearer token (the CLI's credential). */
  adminKey?: string;
  /** Largest request body, bytes. Default 8 MiB. */
  bodyLimit?: number;
}

/** Sub-requests a `$batch` may carry [inf: Azure documents no number]. */
export const MAX_BATCH_REQUESTS = 100;

const JSON_TYPE = 'application/json; charset=utf-8';

/** What a query runs against: the workspace, or the rows of one resource (resource-centric). */
type Target = { kind: 'workspace' } | { kind: 'resource'; resourceId: string };

/** The query inputs of one request, whichever form it came in. */
interface QueryInput {
  query: unknown;
  timespans: unknown[];
  workspaces: unknown;
}

export function querySurface(options: Omit<QueryPluginOptions, keyof SurfaceContext> = {}): SurfacePlugin {
  return async (app, ctx) => queryPlugin(app, { ...ctx, ...options });
}

export async function queryPlugin(app: FastifyInstance, opts: QueryPluginOptions): Promise<void> {
  const bodyLimit = opts.bodyLimit ?? 8 * 1024 * 1024;
  // Bodies are read raw and parsed here, so that a malformed body is answered in this API's shape
  // and an empty POST can take the documented empty answer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, req, reply) => {
    const wire = isWireError(err) ? err : fromFastifyError(err);
    if (wire.status >= 500) req.log.error({ err }, 'query request failed');
    return sendWireError(reply, wire);
  });

  const single = (target: (req: FastifyRequest) => Target) => async (req: FastifyRequest, reply: FastifyReply) => {
    const caller = await authenticate(req, opts, opts.adminKey);
    const t = target(req);
    const input = readInput(req);
    if (input === 'empty') {
      // Documented quirk: a POST without a body answers 200 with an empty result.
      return reply.code(200).type(JSON_TYPE).send('{"tables":[]}');
    }
    const json = await runQuery(opts, caller, t, input, parsePrefer(req.headers.prefer), abortOnClose(reply));
    return reply.code(200).type(JSON_TYPE).send(json);
  };

  const workspaceTarget = (req: FastifyRequest): Target => {
    const id = (req.params as { workspaceId: string }).workspaceId;
    if (id.toLowerCase() !== opts.workspace.workspace.id.toLowerCase()) throw logAnalyticsError('PathNotFound');
    return { kind: 'workspace' };
  };
  app.route({ method: ['GET', 'POST'], url: '/v1/workspaces/:workspaceId/query', bodyLimit, handler: single(workspaceTarget) });

  app.post('/v1/$batch', { bodyLimit }, async (req, reply) => {
    const caller = await authenticate(req, opts, opts.adminKey);
    const json = await runBatch(opts, caller, req.body, abortOnClose(reply));
    return reply.code(200).type(JSON_TYPE).send(json);
  });

  // `/v1/{resourceId}/query` (the new SDK sends `/v1//subscriptions/…`; slashes are collapsed first).
  const resourceTarget = (req: FastifyRequest): Target => {
    const path = '/' + String((req.params as Record<string, string>)['*'] ?? '');
    const m = /^(\/subscriptions\/[^/]+\/.+)\/query$/i.exec(path);
    if (!m) throw logAnalyticsError('PathNotFound');
    return targetForResource(opts, m[1]!);
  };
  app.route({ method: ['GET', 'POST'], url: '/v1/*', bodyLimit, handler: single(resourceTarget) });
}

/** The workspace's own resource id means the workspace; any other ARM id is a resource-centric query. */
function targetForResource(ctx: SurfaceContext, resourceId: string): Target {
  if (normaliseScope(resourceId) === normaliseScope(ctx.workspace.workspaceResourceId)) return { kind: 'workspace' };
  if (!/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+/i.test(resourceId)) throw logAnalyticsError('PathNotFound');
  return { kind: 'resource', resourceId };
}

function readInput(req: FastifyRequest): QueryInput | 'empty' {
  const qs = (req.query ?? {}) as Record<string, unknown>;
  const body = Buffer.isBuffer(req.body) ? req.body : undefined;
  if (req.method === 'GET' || !body || body.length === 0 || body.toString('utf8').trim() === '') {
    if (req.method !== 'GET' && qs.query === undefined) return 'empty';
    return { query: qs.query, timespans: [qs.timespan], workspaces: typeof qs.workspaces === 'string' ? qs.workspaces.split(',') : qs.workspaces };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw logAnalyticsError('InvalidBody', { detail: `The body is not valid JSON: ${(e as Error).message}` });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw logAnalyticsError('InvalidBody', { detail: 'The body must be a JSON object {"query": "...", "timespan": "..."}.' });
  const b = parsed as Record<string, unknown>;
  return { query: b.query, timespans: [b.timespan, qs.timespan], workspaces: b.workspaces };
}

/** Runs one query request and returns the 200 body; throws a WireError for every failure. */
async function runQuery(ctx: SurfaceContext, caller: QueryCaller, target: Target, input: QueryInput, prefer: Preferences, signal: AbortSignal): Promise<string> {
  authorize(caller, ctx, target.kind === 'workspace' ? ctx.workspace.workspaceResourceId : target.resourceId);
  checkWorkspaces(ctx, input.workspaces);
  if (typeof input.query !== 'string' || input.query.trim() === '') throw logAnalyticsError('MissingQuery');
  const timespans: string[] = [];
  for (const t of input.timespans) {
    if (t === undefined || t === null || t === '') continue;
    if (typeof t !== 'string') throw logAnalyticsError('InvalidTimespan', { detail: "'timespan' must be an ISO 8601 duration or interval string." });
    timespans.push(t);
  }
  try {
    const outcome = await ctx.query.run({
      query: input.query,
      timespans,
      resourceId: target.kind === 'resource' ? target.resourceId : undefined,
      waitSeconds: prefer.waitSeconds,
      signal,
    });
    return queryResponseJson(outcome, prefer);
  } catch (e) {
    if (e instanceof QueryFailure) throw fromQueryFailure(e);
    throw e;
  }
}

/** `workspaces` may only name this workspace (by id, name or resource id): Vigil serves one. */
function checkWorkspaces(ctx: SurfaceContext, workspaces: unknown): void {
  if (workspaces === undefined || workspaces === null) return;
  if (!Array.isArray(workspaces)) throw logAnalyticsError('InvalidBody', { detail: "'workspaces' must be an array of workspace ids." });
  const ws = ctx.workspace.workspace;
  const known = new Set([ws.id.toLowerCase(), ws.name.toLowerCase(), normaliseScope(ctx.workspace.workspaceResourceId)]);
  for (const w of workspaces) {
    const ref = String(w);
    if (!known.has(ref.toLowerCase()) && !known.has(normaliseScope(ref))) throw logAnalyticsError('InvalidWorkspaces', { workspace: ref });
  }
}

function fromQueryFailure(e: QueryFailure): WireError {
  switch (e.kind) {
    case 'syntax':
    case 'semantic': {
      const d = e.diagnostic;
      const location = d ? { diagnosticCode: d.code, detail: d.message, line: d.line, pos: d.column - 1, token: d.token } : undefined;
      return logAnalyticsError(e.kind === 'syntax' ? 'SyntaxError' : 'SemanticError', {}, { location });
    }
    case 'emptyQuery':
      return logAnalyticsError('MissingQuery');
    case 'timespan':
      return logAnalyticsError('InvalidTimespan', { detail: e.message });
    case 'unavailable':
      return logAnalyticsError('ServiceUnavailable');
    case 'cancelled':
    case 'engine':
      return logAnalyticsError('EngineError', { detail: e.message });
  }
}

/** Aborts the running query when the client goes away before the answer is written. */
function abortOnClose(reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) ac.abort();
  });
  return ac.signal;
}

// ---- $batch

interface SubResponse {
  id: unknown;
  status: number;
  /** JSON text of the body. */
  body: string;
}

async function runBatch(ctx: SurfaceContext, caller: QueryCaller, raw: unknown, signal: AbortSignal): Promise<string> {
  const body = Buffer.isBuffer(raw) ? raw.toString('utf8').replace(/^\uFEFF/, '') : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw logAnalyticsError('InvalidBatch', { detail: `The body is not valid JSON: ${(e as Error).message}` });
  }
  const requests = (parsed as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw logAnalyticsError('InvalidBatch', { detail: "The body must be {\"requests\": [...]} with at least one request." });
  if (requests.length > MAX_BATCH_REQUESTS) throw logAnalyticsError('InvalidBatch', { detail: `A batch may carry at most ${MAX_BATCH_REQUESTS} requests; it has ${requests.length}.` });
  // Sub-requests run concurrently (the engine queues beyond its pool); answers keep request order,
  // which clients that do not sort by id rely on.
  const responses = await Promise.all(requests.map((r) => runSubRequest(ctx, caller, r, signal)));
  const parts = responses.map((r) => `{"id":${JSON.stringify(r.id ?? null)},"status":${r.status},"headers":{},"body":${r.body}}`);
  return `{"responses":[${parts.join(',')}]}`;
}

async function runSubRequest(ctx: SurfaceContext, caller: QueryCaller, r: unknown, signal: AbortSignal): Promise<SubResponse> {
  const req = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
  const id = req.id;
  try {
    if (id === undefined || id === null || id === '') throw logAnalyticsError('InvalidBatch', { detail: "Each request needs an 'id'." });
    const path = typeof req.path === 'string' ? req.path.replace(/\/+$/, '').toLowerCase() : '/query';
    if (path !== '/query') throw logAnalyticsError('PathNotFound');
    const method = typeof req.method === 'string' ? req.method.toUpperCase() : 'POST';
    if (method !== 'POST' && method !== 'GET') throw logAnalyticsError('InvalidBatch', { detail: `The method '${String(req.method)}' is not supported; use POST.` });
    let target: Target;
    if (typeof req.resource === 'string' && req.resource !== '') target = targetForResource(ctx, req.resource);
    else {
      const ws = String(req.workspace ?? '');
      const w = ctx.workspace.workspace;
      if (![w.id.toLowerCase(), w.name.toLowerCase()].includes(ws.toLowerCase()) && normaliseScope(ws) !== normaliseScope(ctx.workspace.workspaceResourceId)) {
        throw logAnalyticsError('PathNotFound');
      }
      target = { kind: 'workspace' };
    }
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const headers = (req.headers && typeof req.headers === 'object' ? req.headers : {}) as Record<string, unknown>;
    const preferHeader = Object.entries(headers).find(([k]) => k.toLowerCase() === 'prefer')?.[1];
    const prefer = parsePrefer(typeof preferHeader === 'string' ? preferHeader : undefined);
    const json = await runQuery(ctx, caller, target, { query: b.query, timespans: [b.timespan], workspaces: b.workspaces }, prefer, signal);
    return { id, status: 200, body: json };
  } catch (e) {
    if (!isWireError(e)) throw e;
    return { id, status: e.status, body: JSON.stringify(e.body) };
  }
}

function fromFastifyError(err: unknown): WireError {
  const code = (err as { code?: string }).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return logAnalyticsError('InvalidBody', { detail: 'The request body is too large.' });
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) return logAnalyticsError('InvalidBody', { detail: (err as Error).message });
  return logAnalyticsError('EngineError', { detail: (err as Error)?.message ?? String(err) });
}
