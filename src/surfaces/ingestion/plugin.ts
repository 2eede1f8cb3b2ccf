// The Logs Ingestion API surface (spec/azure-wire-contracts.md §4):
//   POST {prefix}/dataCollectionRules/{dcrImmutableId}/streams/{stream}?api-version=2023-01-01
// Everything that can be decided from the headers is decided before the body is read (shutdown,
// Content-Length, api-version, token, DCR, role, stream, throttling); then the raw body is
// decompressed, parsed once and handed to the pipeline, and 204 is sent only once the pipeline
// reports the rows durable. Errors are Azure.Core ErrorResponses from one table
// (src/surfaces/errors/logs-ingestion.ts).
//
// The path is the same whether the sender was given a DCE URL or a DCR's own logsIngestion
// endpoint (only the host differs in Azure), so one route serves both; prefixes serve endpoints
// configured with a path (`https://H/ingest/`).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { isWireError, sendWireError, WireError } from '../errors/wire-error.js';
import { logsIngestionError } from '../errors/logs-ingestion.js';
import { clientRequestId } from '../http.js';
import { IngestError, type IngestPipeline, type IngestReceipt, type IngestRequest } from '../../pipeline/index.js';
import { IngestionAuth } from './auth.js';
import { decodeContent, parseJsonBody } from './body.js';
import { resolveIngestionOptions, SUPPORTED_API_VERSIONS, type IngestionSurfaceOptions } from './options.js';
import { DcrRateLimiter } from './rate-limit.js';

export interface IngestionPluginOptions extends SurfaceContext {
  pipeline: IngestPipeline;
  ingestion?: IngestionSurfaceOptions;
}

export const RECEIPT_HEADER = 'x-vigil-ingest-receipt';

type Params = { dcrImmutableId: string; stream: string };
interface Route {
  dcrImmutableId: string;
  dcrName: string;
  stream: string;
}

export async function ingestionPlugin(app: FastifyInstance, opts: IngestionPluginOptions): Promise<void> {
  const o = resolveIngestionOptions(opts.ingestion);
  const pipeline = opts.pipeline;
  const auth = new IngestionAuth(opts.identity, opts.workspace);
  const limiter = new DcrRateLimiter(o.requestsPerMinute, o.bytesPerMinute);
  const routes = new WeakMap<FastifyRequest, Route>();
  /** Errors the pipeline has already counted. */
  const counted = new WeakSet<object>();
  let closing = false;

  const unsubscribe = opts.workspace.onChange((c) => {
    if (c.kind === 'dcr' && c.op === 'delete') limiter.forget(c.immutableId);
  });

  // The body is taken as raw bytes whatever its Content-Type: it may be gzip, and it is parsed once,
  // by the handler, after the checks.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: o.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const wire = toWireError(err, o.maxBodyBytes);
    if (!counted.has(err)) pipeline.counters.rejected(wire.code, routes.get(req));
    if (wire.status >= 500 && !(err instanceof IngestError && (err.code === 'shutting_down' || err.code === 'overloaded'))) req.log.error({ err }, 'ingestion request failed');
    return sendWireError(reply, wire);
  });

  app.addHook('preClose', async () => {
    closing = true;
    pipeline.beginShutdown();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await pipeline.close();
  });

  const guard = async (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<void> => {
    const requestId = clientRequestId(req);
    if (requestId) reply.header('x-ms-client-request-id', requestId);
    if (closing || !pipeline.isAccepting) {
      throw logsIngestionError('ServiceUnavailable', { detail: 'The service is shutting down; retry the request.' }, { retryAfterSeconds: o.shutdownRetryAfterSeconds });
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > o.maxBodyBytes) {
      throw logsIngestionError('ContentLengthLimitExceeded', { limit: o.maxBodyBytes, limitText: sizeText(o.maxBodyBytes), length });
    }
    const apiVersion = (req.query as Record<string, unknown>)['api-version'];
    const supported = SUPPORTED_API_VERSIONS.join(', ');
    if (apiVersion === undefined || apiVersion === '') throw logsIngestionError('MissingApiVersion', { supported });
    if (typeof apiVersion !== 'string' || !SUPPORTED_API_VERSIONS.includes(apiVersion)) {
      throw logsIngestionError('InvalidApiVersion', { apiVersion: String(apiVersion), supported });
    }

    const principal = await auth.authenticate(req.headers.authorization);
    const { dcrImmutableId, stream } = req.params;
    const dcr = pipeline.dcr(dcrImmutableId);
    if (!dcr) throw logsIngestionError('NotFound', { dcr: dcrImmutableId });
    auth.authorize(principal, dcr);
    const route: Route = { dcrImmutableId: dcr.immutableId, dcrName: dcr.name, stream };
    try {
      pipeline.resolve(dcrImmutableId, stream);
    } catch (e) {
      // An unknown stream is not a route worth its own counters: count it under the DCR's '*'.
      if (e instanceof IngestError && e.code === 'unknown_stream') routes.set(req, { ...route, stream: '*' });
      else routes.set(req, route);
      throw e;
    }
    routes.set(req, route);
    const verdict = limiter.admit(dcr.immutableId);
    if (!verdict.ok) {
      const limit = verdict.limit === 'requests' ? `${o.requestsPerMinute} requests per minute` : `${sizeText(o.bytesPerMinute)} per minute`;
      throw logsIngestionError('TooManyRequests', { dcr: dcr.immutableId, limit, retryAfter: Math.max(1, Math.ceil(verdict.retryAfterSeconds)) }, { retryAfterSeconds: verdict.retryAfterSeconds });
    }
  };

  const handler = async (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<void> => {
    const route = routes.get(req)!;
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const cap = o.strictDecompressedLimit ? Math.min(o.maxBodyBytes, o.maxDecompressedBytes) : o.maxDecompressedBytes;
    const t0 = performance.now();
    const decoded = decodeContent(raw, req.headers['content-encoding'], { maxDecompressedBytes: cap });
    if (decoded.length > cap) throw logsIngestionError('DecompressedLengthLimitExceeded', { limit: cap });
    limiter.charge(route.dcrImmutableId, decoded.length);
    const t1 = performance.now();
    // The parsed body goes straight into the request object, which the pipeline empties once the
    // records are encoded: no local here keeps it alive while the request waits for its commit.
    const ingestRequest: IngestRequest = { dcrImmutableId: route.dcrImmutableId, stream: route.stream, body: parseJsonBody(decoded), raw: decoded, bytes: raw.length, requestId: clientRequestId(req) };
    const t2 = performance.now();
    let receipt: IngestReceipt;
    try {
      receipt = await pipeline.ingest(ingestRequest);
    } catch (e) {
      if (e instanceof IngestError) counted.add(e);
      throw e;
    }
    pipeline.stages.decodeMs += t1 - t0;
    pipeline.stages.parseMs += t2 - t1;
    reply.code(204).header(RECEIPT_HEADER, receiptHeader(receipt));
    return reply.send();
  };

  for (const prefix of o.prefixes) {
    app.post<{ Params: Params }>(`${prefix}/dataCollectionRules/:dcrImmutableId/streams/:stream`, { bodyLimit: o.maxBodyBytes, onRequest: guard }, handler);
  }
}

/** `records=…, stored=…, filtered=…, dead-lettered=…, dropped-fields=…, truncated-fields=…`. */
export function receiptHeader(r: IngestReceipt): string {
  return `records=${r.records}, stored=${r.rowsStored}, filtered=${r.filtered}, dead-lettered=${r.deadLettered}, dropped-fields=${r.droppedFields}, truncated-fields=${r.truncatedFields}`;
}

/** Parses the receipt header back (for clients and tests). */
export function parseReceiptHeader(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && v !== undefined) out[k] = Number(v);
  }
  return out;
}

function sizeText(n: number): string {
  if (n % (1024 * 1024 * 1024) === 0) return `${n / (1024 * 1024 * 1024)} GB`;
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  return `${n} bytes`;
}

/** Maps whatever a route threw to the Logs Ingestion wire error to send. */
export function toWireError(err: unknown, maxBodyBytes = 1_048_576): WireError {
  if (isWireError(err)) return err;
  if (err instanceof IngestError) {
    const d = err.detail;
    switch (err.code) {
      case 'unknown_dcr':
        return logsIngestionError('NotFound', { dcr: /'(dcr-[^']*)'/.exec(err.message)?.[1] ?? '' });
      case 'unknown_stream':
        return logsIngestionError('InvalidStream', { detail: err.message });
      case 'invalid_payload':
        return logsIngestionError('InvalidPayload', { detail: err.message }, d.recordIndex !== undefined ? { target: `[${d.recordIndex}]` } : {});
      case 'uncoercible_value':
        return logsIngestionError('InvalidRecordValue', { detail: err.message }, { target: `[${d.recordIndex}].${d.field}` });
      case 'transform_unavailable':
        return logsIngestionError('TransformUnavailable', { detail: err.message });
      case 'shutting_down':
        return logsIngestionError('ServiceUnavailable', { detail: err.message }, { retryAfterSeconds: 5 });
      case 'overloaded':
        // The load is behind by more than the engine's bound: back senders off long enough for it to catch up.
        return logsIngestionError('ServiceUnavailable', { detail: err.message }, { retryAfterSeconds: 10 });
      case 'storage_failed':
        return logsIngestionError('InternalServerError', { detail: err.message });
    }
  }
  const e = err as FastifyError;
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return logsIngestionError('ContentLengthLimitExceeded', { limit: maxBodyBytes, limitText: sizeText(maxBodyBytes), length: `more than ${maxBodyBytes}` });
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return logsIngestionError('InvalidPayload', { detail: e.message });
  }
  return logsIngestionError('InternalServerError', { detail: 'internal error' });
}
