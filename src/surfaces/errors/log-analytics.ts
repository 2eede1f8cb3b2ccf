// Wire errors of the Log Analytics query API (spec/azure-wire-contracts.md §6.3):
// `{"error":{"message","code","correlationId","innererror":{"code","message","innererror":{…}}}}`.
// Outer codes, statuses and messages of documented entries are Azure's; the nested SyntaxError /
// SemanticError shape (SYN0002, SEM0100, line/pos/token) follows real service responses. Entries
// and inner codes Azure does not document are marked [inf] and live only here.
//
// Partial errors are not failures: the answer is 200 with the table and an `error` beside it, built
// by `partialError` from the same table of messages.
import { randomUUID } from 'node:crypto';
import { WireError, fill } from './wire-error.js';

interface Inner {
  readonly code: string;
  readonly message: string;
}

interface LogAnalyticsEntry {
  readonly status: number;
  /** The outer `error.code` on the wire (several entries share one). */
  readonly code: string;
  readonly message: string;
  /** The first `innererror`, when the entry has one. */
  readonly inner?: Inner;
}

const INVALID_PROPERTIES = 'The request had some invalid properties';

export const LOG_ANALYTICS_ERRORS = {
  // 400 [doc]; the inner levels as real responses carry them [obs]
  SyntaxError: { status: 400, code: 'BadArgumentError', message: INVALID_PROPERTIES, inner: { code: 'SyntaxError', message: 'A recognition error occurred in the query.' } },
  SemanticError: { status: 400, code: 'BadArgumentError', message: INVALID_PROPERTIES, inner: { code: 'SemanticError', message: 'A semantic error occurred.' } },
  // 400 for the request around the query [inf: inner codes and messages]
  MissingQuery: { status: 400, code: 'BadArgumentError', message: INVALID_PROPERTIES, inner: { code: 'QueryValidationError', message: "The 'query' property is required and must be a non-empty string." } },
  InvalidTimespan: { status: 400, code: 'BadArgumentError', message: INVALID_PROPERTIES, inner: { code: 'InvalidTimespan', message: '{detail}' } },
  InvalidBody: { status: 400, code: 'BadArgumentError', message: INVALID_PROPERTIES, inner: { code: 'InvalidBody', message: '{detail}' } },
  InvalidBatch: { status: 400, code: 'BadArgumentError', message: INVALID_PROPERTIES, inner: { code: 'InvalidBatchRequest', message: '{detail}' } },
  InvalidWorkspaces: { status: 400, code: 'BadArgumentError', message: INVALID_PROPERTIES, inner: { code: 'WorkspaceNotFoundError', message: "The workspace '{workspace}' could not be found; Vigil serves one workspace." } },

  // 401 / 403 [doc]
  MissingAuthorization: { status: 401, code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." },
  // [inf: message]
  InvalidAuthorizationScheme: { status: 401, code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header must carry a Bearer token." },
  InvalidToken: { status: 403, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.', inner: { code: '{reason}', message: '{detail}' } },
  WrongAudience: { status: 403, code: 'InvalidAuthenticationTokenAudience', message: 'The access token is for the wrong audience or resource.', inner: { code: 'wrong_audience', message: '{detail}' } },
  InsufficientAccess: { status: 403, code: 'InsufficientAccessError', message: 'The provided credentials have insufficient access to perform the requested operation' },

  // 404 [doc]: also for an unknown workspace
  PathNotFound: { status: 404, code: 'PathNotFoundError', message: 'The requested path does not exist' },

  // 5xx [inf]
  EngineError: { status: 500, code: 'InternalServerError', message: 'Something went wrong processing your query on the server.', inner: { code: 'EngineError', message: '{detail}' } },
  ServiceUnavailable: { status: 503, code: 'ServiceUnavailable', message: 'The service is shutting down; retry the request.' },
} as const satisfies Record<string, LogAnalyticsEntry>;

export type LogAnalyticsErrorName = keyof typeof LOG_ANALYTICS_ERRORS;

/** Where a syntax or semantic error is: 1-based line, 0-based position in the line, the token. */
export interface QueryErrorLocation {
  /** Vigil's diagnostic code (KQL1xxx / KQL2xxx), kept beside Log Analytics' code. */
  diagnosticCode: string;
  detail: string;
  line: number;
  pos: number;
  token: string;
}

const RETRY_AFTER_SECONDS = '5';

export function logAnalyticsError(
  name: LogAnalyticsErrorName,
  args: Readonly<Record<string, string | number>> = {},
  options: { correlationId?: string; location?: QueryErrorLocation } = {},
): WireError {
  const e: LogAnalyticsEntry = LOG_ANALYTICS_ERRORS[name];
  const message = fill(e.message, args);
  const error: Record<string, unknown> = { message, code: e.code, correlationId: options.correlationId ?? randomUUID() };
  if (e.inner) {
    const inner: Record<string, unknown> = { code: fill(e.inner.code, args), message: fill(e.inner.message, args) };
    const at = options.location;
    if (at) {
      // The innermost level names the place: SYN0002 / SEM0100 as the service reports them.
      const syntax = name === 'SyntaxError';
      inner.innererror = {
        code: syntax ? 'SYN0002' : 'SEM0100',
        message: syntax ? `Query could not be parsed at '${at.token}' on line [${at.line},${at.pos}]: ${at.detail}` : at.detail,
        line: at.line,
        pos: at.pos,
        token: at.token,
        diagnosticCode: at.diagnosticCode,
      };
    }
    error.innererror = inner;
  }
  const headers: Record<string, string> = e.status === 503 ? { 'retry-after': RETRY_AFTER_SECONDS } : {};
  return new WireError(e.status, name, message, { error }, headers);
}

/** One reason a result is incomplete (see PartialProblem in src/query/errors.ts). */
export type PartialReason = { kind: 'rowLimit'; limit: number } | { kind: 'timeout'; timeoutMs: number };

/**
 * The `error` object of a 200 answer whose table is incomplete. The row-limit detail is the
 * service's own [obs]; the timeout detail has the same shape with Vigil's code and message [inf].
 */
export function partialError(reasons: readonly PartialReason[]): Record<string, unknown> {
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: reasons.map((r) => ({
      code: 'EngineError',
      message: 'Something went wrong processing your query on the server.',
      innererror: r.kind === 'rowLimit'
        ? { code: '-2133196797', message: `The results of this query exceed the set limit of ${r.limit} records.`, severity: 2, severityName: 'Error' }
        : { code: 'QueryTimeout', message: `The query ran longer than its limit of ${formatSeconds(r.timeoutMs)} seconds and was stopped; the results are incomplete.`, severity: 2, severityName: 'Error' },
    })),
  };
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
