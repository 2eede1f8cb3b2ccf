// Wire errors of the Microsoft Graph-shaped application API (`/v1.0/applications`), in Graph's shape:
// `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
import { randomUUID } from 'node:crypto';
import { WireError, fill } from './wire-error.js';

interface GraphEntry {
  readonly status: number;
  readonly message: string;
}

export const GRAPH_ERRORS = {
  InvalidAuthenticationToken: { status: 401, message: 'Access token is empty or invalid. {detail}' },
  Authorization_RequestDenied: { status: 403, message: 'Insufficient privileges to complete the operation.' },
  Request_ResourceNotFound: { status: 404, message: "Resource '{id}' does not exist or one of its queried reference-property objects are not present." },
  Request_BadRequest: { status: 400, message: '{detail}' },
  Request_UnsupportedQuery: { status: 400, message: 'Unsupported query: {detail}' },
} as const satisfies Record<string, GraphEntry>;

export type GraphErrorName = keyof typeof GRAPH_ERRORS;

export function graphError(name: GraphErrorName, args: Readonly<Record<string, string | number>> = {}, clientRequestId?: string): WireError {
  const e: GraphEntry = GRAPH_ERRORS[name];
  const message = fill(e.message, args);
  const requestId = randomUUID();
  const body = {
    error: {
      code: name,
      message,
      innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId },
    },
  };
  return new WireError(e.status, name, message, body);
}
