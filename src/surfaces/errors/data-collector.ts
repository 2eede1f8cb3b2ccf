// Wire errors of the HTTP Data Collector API (spec/azure-wire-contracts.md §5.3): JSON with
// capitalised keys, `{"Error":"InvalidAuthorization","Message":"…"}`. The `Error` codes and HTTP
// statuses of the documented entries are Azure's; the three InvalidAuthorization messages Azure is
// known to send are quoted verbatim. Entries whose code or message Azure does not document are
// marked [inf] and live only here, so they can be corrected in one place.
import { WireError, fill } from './wire-error.js';

interface DataCollectorEntry {
  readonly status: number;
  /** The `Error` value on the wire (several entries share InvalidAuthorization). */
  readonly error: string;
  readonly message: string;
}

export const DATA_COLLECTOR_ERRORS = {
  // 400 [doc]
  InactiveCustomer: { status: 400, error: 'InactiveCustomer', message: 'The workspace {workspaceId} is closed.' },
  InvalidApiVersion: { status: 400, error: 'InvalidApiVersion', message: "The api-version '{apiVersion}' is not recognized; the HTTP Data Collector API supports api-version=2016-04-01." },
  InvalidCustomerId: { status: 400, error: 'InvalidCustomerId', message: "The workspace id '{customerId}' is not valid for this service." },
  InvalidDataFormat: { status: 400, error: 'InvalidDataFormat', message: 'Invalid JSON was specified. {detail}' },
  InvalidLogType: { status: 400, error: 'InvalidLogType', message: "The Log-Type '{logType}' is not valid: {detail}" },
  MissingApiVersion: { status: 400, error: 'MissingApiVersion', message: 'The api-version query parameter was not specified; use api-version=2016-04-01.' },
  MissingContentType: { status: 400, error: 'MissingContentType', message: 'The Content-Type header was not specified.' },
  MissingLogType: { status: 400, error: 'MissingLogType', message: 'The Log-Type header was not specified.' },
  UnsupportedContentType: { status: 400, error: 'UnsupportedContentType', message: "The content type '{contentType}' is not supported; send application/json." },
  // 400, documented as an error without a published code [inf: code]
  ReservedPropertyName: { status: 400, error: 'InvalidDataFormat', message: "Record {recordIndex} uses the reserved property name '{property}' (tenant, TimeGenerated and RawData are reserved)." },

  // 403 [obs] (MicrosoftDocs/azure-docs #32455, #48771, #114105) — messages verbatim
  InvalidSignature: { status: 403, error: 'InvalidAuthorization', message: 'An invalid signature was specified in the Authorization header' },
  MissingAuthorization: { status: 403, error: 'InvalidAuthorization', message: 'No Authorization header was specified' },
  InvalidScheme: { status: 403, error: 'InvalidAuthorization', message: 'An invalid scheme was specified in the Authorization header' },
  // 403, Vigil's wording for the date and workspace checks [inf]
  MissingDate: { status: 403, error: 'InvalidAuthorization', message: 'The x-ms-date header was not specified; it is part of the signed string.' },
  InvalidDate: { status: 403, error: 'InvalidAuthorization', message: "The x-ms-date header '{date}' is not an RFC 1123 date (e.g. 'Mon, 04 Apr 2016 08:00:00 GMT')." },
  DateOutOfRange: { status: 403, error: 'InvalidAuthorization', message: "The x-ms-date '{date}' is more than {skewSeconds} seconds away from the server time; the request may be a replay or the client clock is wrong." },
  WorkspaceMismatch: { status: 403, error: 'InvalidAuthorization', message: "The Authorization header is for workspace '{authWorkspace}' but the request is addressed to workspace '{workspaceId}'." },

  // 404 [doc]: "the URL is wrong, or the request is too large" [inf: code and body]
  RequestTooLarge: { status: 404, error: 'RequestTooLarge', message: 'The request body is larger than the {limit} bytes a post may carry.' },

  // 500 / 503 [doc]
  UnspecifiedError: { status: 500, error: 'UnspecifiedError', message: 'The records could not be stored: {detail}' },
  ServiceUnavailable: { status: 503, error: 'ServiceUnavailable', message: 'The service is shutting down; retry the request.' },
  // 503 [doc: "The service currently is unavailable to receive requests. Please retry your request."]:
  // the storage's load is too far behind. Retry-After [inf: not documented for this API] as every
  // Vigil surface sends it under overload (spec §4.4), so that each client backs off.
  Overloaded: { status: 503, error: 'ServiceUnavailable', message: 'The service currently is unavailable to receive requests: {detail} Please retry your request.' },
} as const satisfies Record<string, DataCollectorEntry>;

export type DataCollectorErrorName = keyof typeof DATA_COLLECTOR_ERRORS;

/** Seconds a 503 asks the client to wait, unless the caller says otherwise. */
const RETRY_AFTER_SECONDS = 5;

export function dataCollectorError(name: DataCollectorErrorName, args: Readonly<Record<string, string | number>> = {}, opts: { retryAfterSeconds?: number } = {}): WireError {
  const e: DataCollectorEntry = DATA_COLLECTOR_ERRORS[name];
  const message = fill(e.message, args);
  const headers: Record<string, string> = e.status === 503 ? { 'retry-after': String(opts.retryAfterSeconds ?? RETRY_AFTER_SECONDS) } : {};
  return new WireError(e.status, name, message, { Error: e.error, Message: message }, headers);
}
