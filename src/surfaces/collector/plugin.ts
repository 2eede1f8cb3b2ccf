// The HTTP Data Collector API surface (spec/azure-wire-contracts.md §5): `POST /api/logs?api-version=
// 2016-04-01` addressed to the workspace by the Host header (`{workspaceId}.ods.<domain>`, as real
// clients build it) or by the path form `/workspaces/{workspaceId}/api/logs` [Vigil extension],
// authorised by SharedKey, answered 200 with an empty body only once the rows are durable, and
// every error in the API's own shape `{"Error":…,"Message":…}` (src/surfaces/errors/data-collector.ts).
//
// Checks run in this order: workspace, api-version, Authorization (scheme, signature with the
// primary or secondary key, x-ms-date within the skew window), Content-Type, Log-Type, body.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import type { SurfacePlugin } from '../server.js';
import { isWireError, sendWireError, type WireError } from '../errors/wire-error.js';
import { dataCollectorError } from '../errors/data-collector.js';
import { IngestError, IngestPipeline } from '../../pipeline/index.js';
import { LegacyIngest, LegacyIngestError, logTypeProblem, type LegacyIngestReceipt } from '../../pipeline/legacy/index.js';
import { parseAuthorization, parseRfc1123, signatureMatches } from './shared-key.js';
import { DATA_COLLECTOR_API_VERSION, resolveCollectorOptions, type CollectorSurfaceOptions, type RelayTarget, type ResolvedCollectorOptions } from './options.js';
import { registerMigrationRoute } from './migration-route.js';

export interface CollectorPluginOptions extends SurfaceContext {
  collector?: CollectorSurfaceOptions;
  /** The administrator key: when given, the migration API is served (admin only). */
  adminKey?: string;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ODS_HOST = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.ods\.([^:]+?)\.?(?::\d+)?$/;

/** A surface plugin for `startServer({ surfaces })`, with these settings. */
export function collectorSurface(options: Omit<CollectorPluginOptions, keyof SurfaceContext> = {}): SurfacePlugin {
  return async (app, ctx) => collectorPlugin(app, { ...ctx, ...options });
}

export async function collectorPlugin(app: FastifyInstance, opts: CollectorPluginOptions): Promise<void> {
  const o = resolveCollectorOptions(opts.collector);
  const ws = opts.workspace;
  const legacy = new LegacyIngest({
    workspace: ws,
    engine: opts.engine,
    documents: opts.engine.documents,
    counters: opts.pipeline.counters,
    profiles: o.profiles,
    maxFieldBytes: o.maxFieldBytes,
    maxColumns: o.maxColumns,
  });
  // Relay mode forwards through the server's ingestion pipeline (shared counters, same commit path).
  const pipeline = opts.pipeline;
  app.addHook('onClose', async () => legacy.close());

  // Bodies are read raw: the signature covers the byte length as sent, and the content type is
  // checked (and named in errors) by this surface, not by a generic parser.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: o.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, req, reply) => {
    const wire = isWireError(err) ? err : fromFastifyError(err, o);
    // Shutdown and overload are expected 503s that senders retry, not failures of the server.
    if (wire.status >= 500 && wire.code !== 'ServiceUnavailable' && wire.code !== 'Overloaded') req.log.error({ err }, 'data collector request failed');
    return sendWireError(reply, wire);
  });

  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const receipt = await handle(req, { ...opts, pipeline }, o, legacy);
    if (receipt) reply.header('x-vigil-receipt', JSON.stringify(receipt));
    reply.code(200).send();
  };
  for (const prefix of o.prefixes) {
    app.post(`${prefix}/api/logs`, { bodyLimit: o.maxBodyBytes }, handler);
    app.post(`${prefix}/workspaces/:workspaceId/api/logs`, { bodyLimit: o.maxBodyBytes }, handler);
  }
  if (opts.adminKey) registerMigrationRoute(app, opts, opts.adminKey, legacy, o.profiles);
}

type Receipt = Pick<LegacyIngestReceipt, 'table' | 'records' | 'rowsStored' | 'truncatedFields' | 'droppedFields' | 'overflowFields'> & { columnsAdded: number; relayedTo?: string };

async function handle(req: FastifyRequest, opts: CollectorPluginOptions, o: ResolvedCollectorOptions, legacy: LegacyIngest): Promise<Receipt | undefined> {
  const ws = opts.workspace;
  const auth = parseAuthorization(req.headers.authorization);

  // 1. The workspace: path form, then the Host header, then (plain host) the Authorization header.
  const fromPath = (req.params as { workspaceId?: string }).workspaceId;
  const target = fromPath ?? workspaceFromHost(req.headers.host, o) ?? (auth.ok ? auth.workspaceId : undefined);
  if (target === undefined) throw authFailure(auth);
  if (!GUID.test(target) || target.toLowerCase() !== ws.workspace.id.toLowerCase()) throw dataCollectorError('InvalidCustomerId', { customerId: target });

  // 2. api-version.
  const apiVersion = (req.query as Record<string, unknown>)['api-version'];
  if (apiVersion === undefined || apiVersion === '') throw dataCollectorError('MissingApiVersion');
  if (apiVersion !== DATA_COLLECTOR_API_VERSION) throw dataCollectorError('InvalidApiVersion', { apiVersion: String(apiVersion) });

  // 3. SharedKey.
  if (!auth.ok) throw authFailure(auth);
  if (auth.workspaceId.toLowerCase() !== target.toLowerCase()) throw dataCollectorError('WorkspaceMismatch', { authWorkspace: auth.workspaceId, workspaceId: target });
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const date = header(req, 'x-ms-date');
  if (date === undefined) throw dataCollectorError('MissingDate');
  const contentType = header(req, 'content-type') ?? '';
  const keys = ws.sharedKeys();
  const signed = signatureMatches({
    signature: auth.signature,
    keys: [keys.primarySharedKey, keys.secondarySharedKey],
    contentLength: body.length,
    contentType,
    xMsDate: date,
    loose: o.signatureMode === 'loose',
  });
  if (!signed) throw dataCollectorError('InvalidSignature');
  const dateMs = parseRfc1123(date);
  if (dateMs === null) throw dataCollectorError('InvalidDate', { date });
  if (Math.abs(Date.now() - dateMs) > o.clockSkewSeconds * 1000) throw dataCollectorError('DateOutOfRange', { date, skewSeconds: o.clockSkewSeconds });

  // 4. Content-Type and Log-Type.
  if (contentType.trim() === '') throw dataCollectorError('MissingContentType');
  if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') throw dataCollectorError('UnsupportedContentType', { contentType });
  const logType = header(req, 'log-type');
  if (logType === undefined || logType === '') throw dataCollectorError('MissingLogType');
  const problem = logTypeProblem(logType);
  if (problem) throw dataCollectorError('InvalidLogType', { logType, detail: problem });

  // 5. The body.
  const parsed = parseBody(body);
  const relay = o.relay.get(logType.toLowerCase());
  if (relay) return relayTo(opts.pipeline!, ws, relay, parsed, body.length);
  try {
    const r = await legacy.ingest({
      logType,
      body: parsed,
      bytes: body.length,
      timeGeneratedField: header(req, 'time-generated-field'),
      resourceId: header(req, 'x-ms-azureresourceid'),
    });
    return { table: r.table, records: r.records, rowsStored: r.rowsStored, columnsAdded: r.columnsAdded.length, truncatedFields: r.truncatedFields, droppedFields: r.droppedFields, overflowFields: r.overflowFields };
  } catch (e) {
    throw e instanceof LegacyIngestError ? fromLegacyError(e, logType) : e;
  }
}

async function relayTo(pipeline: IngestPipeline, ws: CollectorPluginOptions['workspace'], target: RelayTarget, body: unknown, bytes: number): Promise<Receipt> {
  const dcr = ws.getDcrByImmutableId(target.dcr) ?? ws.getDcr(target.dcr);
  if (!dcr) throw dataCollectorError('UnspecifiedError', { detail: `the relay target data collection rule '${target.dcr}' does not exist` });
  try {
    const r = await pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream: target.stream, body, bytes });
    return { table: Object.keys(r.tables).join(','), records: r.records, rowsStored: r.rowsStored, columnsAdded: 0, truncatedFields: r.truncatedFields, droppedFields: r.droppedFields, overflowFields: 0, relayedTo: target.stream };
  } catch (e) {
    throw e instanceof IngestError ? fromRelayError(e) : e;
  }
}

/** Seconds an overloaded server asks senders to wait: long enough for the load to catch up (as the Logs Ingestion surface). */
const OVERLOAD_RETRY_AFTER_SECONDS = 10;

/** How a refusal of the Logs Ingestion pipeline looks on this API's wire (relay mode). */
export function fromRelayError(e: IngestError): WireError {
  switch (e.code) {
    case 'invalid_payload':
    case 'uncoercible_value':
      return dataCollectorError('InvalidDataFormat', { detail: e.message });
    case 'shutting_down':
      return dataCollectorError('ServiceUnavailable');
    case 'overloaded':
      return dataCollectorError('Overloaded', { detail: e.message }, { retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS });
    default:
      // unknown_dcr, unknown_stream, transform_unavailable, storage_failed: the relay is misconfigured or broken.
      return dataCollectorError('UnspecifiedError', { detail: e.message });
  }
}

function workspaceFromHost(host: string | undefined, o: ResolvedCollectorOptions): string | undefined {
  if (!host) return undefined;
  const m = ODS_HOST.exec(host);
  if (!m) return undefined;
  if (o.odsDomains && !o.odsDomains.includes(m[2].toLowerCase())) return undefined;
  return m[1];
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function authFailure(auth: ReturnType<typeof parseAuthorization>): WireError {
  if (auth.ok) return dataCollectorError('InvalidSignature');
  return auth.reason === 'missing' ? dataCollectorError('MissingAuthorization') : auth.reason === 'scheme' ? dataCollectorError('InvalidScheme') : dataCollectorError('InvalidSignature');
}

function parseBody(body: Buffer): unknown {
  // A UTF-8 byte order mark is tolerated (some Windows senders write one).
  const start = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  const text = body.toString('utf8', start);
  if (text.trim().length === 0) throw dataCollectorError('InvalidDataFormat', { detail: 'The body is empty; send a JSON array of records.' });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw dataCollectorError('InvalidDataFormat', { detail: (e as Error).message });
  }
}

/** How a refusal of the classic ingest path looks on this API's wire. */
export function fromLegacyError(e: LegacyIngestError, logType: string): WireError {
  switch (e.code) {
    case 'invalid_log_type':
    case 'table_refused':
      return dataCollectorError('InvalidLogType', { logType, detail: e.message });
    case 'invalid_payload':
      return dataCollectorError('InvalidDataFormat', { detail: e.message });
    case 'reserved_property':
      return dataCollectorError('ReservedPropertyName', { recordIndex: e.detail.recordIndex ?? 0, property: e.detail.property ?? '' });
    case 'shutting_down':
      return dataCollectorError('ServiceUnavailable');
    case 'overloaded':
      return dataCollectorError('Overloaded', { detail: e.message }, { retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS });
    case 'storage_failed':
      return dataCollectorError('UnspecifiedError', { detail: e.message });
  }
}

function fromFastifyError(err: unknown, o: ResolvedCollectorOptions): WireError {
  const code = (err as { code?: string }).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return dataCollectorError('RequestTooLarge', { limit: o.maxBodyBytes });
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return dataCollectorError('UnsupportedContentType', { contentType: '' });
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) return dataCollectorError('InvalidDataFormat', { detail: (err as Error).message });
  return dataCollectorError('UnspecifiedError', { detail: (err as Error)?.message ?? String(err) });
}
