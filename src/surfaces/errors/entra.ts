// Wire errors of the Entra-compatible authority (OIDC discovery, token endpoint), in Entra's JSON
// shape (spec/azure-wire-contracts.md §3.6). The AADSTS codes and HTTP statuses are the table;
// entries marked [inf] in the spec are Vigil's best guess and live only here so they can be corrected.
import { randomUUID } from 'node:crypto';
import { WireError, fill } from './wire-error.js';

interface EntraEntry {
  readonly status: number;
  readonly error: string;
  readonly aadsts: number;
  readonly message: string;
}

export const ENTRA_ERRORS = {
  InvalidClientSecret: {
    status: 401, error: 'invalid_client', aadsts: 7000215,
    message: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.",
  },
  ExpiredClientSecret: {
    status: 401, error: 'invalid_client', aadsts: 7000222,
    message: "The provided client secret keys for app '{clientId}' are expired. Create a new client secret for the app.",
  },
  MissingClientCredential: {
    status: 401, error: 'invalid_client', aadsts: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  },
  UnknownApplication: {
    status: 400, error: 'unauthorized_client', aadsts: 700016,
    message: "Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.",
  },
  InvalidScope: {
    status: 400, error: 'invalid_scope', aadsts: 70011,
    message: "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.",
  },
  TenantNotFound: {
    status: 400, error: 'invalid_request', aadsts: 90002,
    message: "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
  },
  MalformedTenant: {
    status: 400, error: 'invalid_request', aadsts: 900023,
    message: "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain.",
  },
  MissingParameter: {
    status: 400, error: 'invalid_request', aadsts: 900144,
    message: "The request body must contain the following parameter: '{parameter}'.",
  },
  UnsupportedGrantType: {
    status: 400, error: 'unsupported_grant_type', aadsts: 70003,
    message: "The app requested an unsupported grant type '{grantType}'. Vigil supports only 'client_credentials'.",
  },
  ResourceNotFound: {
    status: 400, error: 'invalid_resource', aadsts: 500011,
    message: "The resource principal named {resource} was not found in the tenant named {tenant}.",
  },
  MalformedRequest: {
    status: 400, error: 'invalid_request', aadsts: 900144,
    message: "The request body could not be read: {detail}",
  },
  MethodNotAllowed: {
    status: 405, error: 'invalid_request', aadsts: 900561,
    message: "The endpoint only accepts {allowed} requests. Received a {method} request.",
  },
} as const satisfies Record<string, EntraEntry>;

export type EntraErrorName = keyof typeof ENTRA_ERRORS;

export interface EntraErrorContext {
  /** Echoed as correlation_id, as Entra does with the client's `client-request-id`. */
  correlationId?: string;
  /** Origin used for `error_uri`; a relative URI when unknown. */
  origin?: string;
  now?: Date;
}

/** `2025-01-01 00:00:00Z` — Entra's timestamp format in error bodies. */
export function entraTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function entraError(
  name: EntraErrorName,
  args: Readonly<Record<string, string | number>> = {},
  ctx: EntraErrorContext = {},
): WireError {
  const e: EntraEntry = ENTRA_ERRORS[name];
  const traceId = randomUUID();
  const correlationId = ctx.correlationId && /^[0-9a-fA-F-]{36}$/.test(ctx.correlationId) ? ctx.correlationId : randomUUID();
  const ts = entraTimestamp(ctx.now ?? new Date());
  const text = fill(e.message, args);
  const body = {
    error: e.error,
    error_description: `AADSTS${e.aadsts}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${ts}`,
    error_codes: [e.aadsts],
    timestamp: ts,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${ctx.origin ?? ''}/error?code=${e.aadsts}`,
  };
  return new WireError(e.status, name, `AADSTS${e.aadsts}: ${text}`, body);
}
