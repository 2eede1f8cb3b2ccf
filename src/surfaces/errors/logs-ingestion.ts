// Wire errors of the Logs Ingestion API (spec/azure-wire-contracts.md §4.3): the Azure.Core
// ErrorResponse body `{"error":{"code","message","target"?}}` plus the `x-ms-error-code` header.
// Codes and texts marked [obs] in the spec are Azure's own; the others are Vigil's choices ([inf],
// open point 1 of the spec) and live only here so that they can be corrected in one place.
import { WireError, fill } from './wire-error.js';

interface IngestionEntry {
  readonly status: number;
  /** The `error.code` on the wire (several entries may share one). */
  readonly code: string;
  readonly message: string;
}

export const LOGS_INGESTION_ERRORS = {
  /** [obs] real 413 text. */
  ContentLengthLimitExceeded: {
    status: 413, code: 'ContentLengthLimitExceeded',
    message: 'Maximum allowed content length: {limit} bytes ({limitText}). Provided content length: {length} bytes.',
  },
  /** [inf] the decompressed body is over Vigil's memory cap (or the strict 1 MB limit). */
  DecompressedLengthLimitExceeded: {
    status: 413, code: 'ContentLengthLimitExceeded',
    message: 'Maximum allowed decompressed content length: {limit} bytes. The request body decompresses to more than that.',
  },
  /** [inf] */
  MissingApiVersion: { status: 400, code: 'MissingApiVersion', message: "The 'api-version' query parameter is required. Supported versions: {supported}." },
  /** [inf] */
  InvalidApiVersion: { status: 400, code: 'InvalidApiVersion', message: "The api-version '{apiVersion}' is not supported. Supported versions: {supported}." },
  /** [inf] body not JSON, not an array of objects, or not valid gzip. */
  InvalidPayload: { status: 400, code: 'InvalidPayload', message: '{detail}' },
  /** [inf] a value that does not fit its declared type; `target` names the record and field. */
  InvalidRecordValue: { status: 400, code: 'InvalidPayload', message: '{detail}' },
  /** [inf] */
  UnsupportedContentEncoding: { status: 415, code: 'UnsupportedContentEncoding', message: "Content-Encoding '{encoding}' is not supported; send the body uncompressed or with 'gzip'." },
  /** [inf] missing, malformed, expired or badly signed bearer token. */
  InvalidAuthenticationToken: { status: 401, code: 'InvalidAuthenticationToken', message: 'The access token is missing or invalid: {detail}' },
  /** [obs] name only; the message is Vigil's. */
  InvalidAudience: { status: 401, code: 'InvalidAudience', message: "The access token audience is not valid for this API: {detail}. Request a token for the scope 'https://monitor.azure.com//.default'." },
  /** [obs] azure-sdk-for-net ingestion troubleshooting guide. */
  OperationFailed: {
    status: 403, code: 'OperationFailed',
    message: "The authentication token provided does not have access to ingest data for the data collection rule with immutable Id '{dcr}' PipelineAccessResult: AccessGranted: False, IsRbacPresent: False, IsDcrDceBindingValid: , DcrId: {dcrResourceId}, Message: Required authorization action was not found for tenantId {tid} objectId {oid} on resourceId {dcrResourceId} ConfigurationId: {dcr}.",
  },
  /** [obs] */
  NotFound: { status: 404, code: 'NotFound', message: "Data collection rule with immutable Id '{dcr}' not found." },
  /** [inf] the data-plane code for an unknown stream is not published; the status follows Vigil's issue (404). */
  InvalidStream: { status: 404, code: 'InvalidStream', message: '{detail}' },
  /** [doc] throttling with Retry-After; the code is Vigil's. */
  TooManyRequests: { status: 429, code: 'TooManyRequests', message: "The data collection rule with immutable Id '{dcr}' is over its limit of {limit}. Retry after {retryAfter} seconds." },
  /** [doc] with Retry-After. */
  ServiceUnavailable: { status: 503, code: 'ServiceUnavailable', message: '{detail}' },
  /** [inf] a data flow cannot run (its transform cannot be compiled, its table is gone). */
  TransformUnavailable: { status: 500, code: 'InternalServerError', message: '{detail}' },
  /** [inf] */
  InternalServerError: { status: 500, code: 'InternalServerError', message: 'The records could not be stored: {detail}' },
} as const satisfies Record<string, IngestionEntry>;

export type LogsIngestionErrorName = keyof typeof LOGS_INGESTION_ERRORS;

export interface LogsIngestionErrorOptions {
  /** `error.target`: where in the request the fault is, e.g. `[17].Count`. */
  target?: string;
  /** Seconds for `Retry-After` (429, 503). */
  retryAfterSeconds?: number;
}

export function logsIngestionError(
  name: LogsIngestionErrorName,
  args: Readonly<Record<string, string | number>> = {},
  options: LogsIngestionErrorOptions = {},
): WireError {
  const e: IngestionEntry = LOGS_INGESTION_ERRORS[name];
  const message = fill(e.message, args);
  const error: Record<string, unknown> = { code: e.code, message };
  if (options.target !== undefined) error.target = options.target;
  const headers: Record<string, string> = { 'x-ms-error-code': e.code };
  if (options.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(options.retryAfterSeconds)));
  return new WireError(e.status, e.code, message, { error }, headers);
}
