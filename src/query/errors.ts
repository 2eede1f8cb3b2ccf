// What can go wrong running a query, independent of any wire format: the query surface maps these
// to Log Analytics errors (src/surfaces/errors/log-analytics.ts), other callers (connector status,
// the CLI) report them their own way.

/** A located problem in the query text (0-based offsets, 1-based line and column). */
export interface QueryDiagnostic {
  /** Vigil's stable diagnostic code (`KQL1xxx` syntax, `KQL2xxx` semantic). */
  code: string;
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
  /** The text at the error: the span, or the word starting there when the span is empty. */
  token: string;
}

export type QueryFailureKind =
  /** The text does not parse. */
  | 'syntax'
  /** It parses but does not bind or is not supported (unknown column, unsupported function). */
  | 'semantic'
  /** The query text is missing or blank. */
  | 'emptyQuery'
  /** A timespan is not an ISO 8601 duration or interval. */
  | 'timespan'
  /** The engine failed running a query that compiled. */
  | 'engine'
  /** The caller aborted. */
  | 'cancelled'
  /** The engine is closing. */
  | 'unavailable';

export class QueryFailure extends Error {
  constructor(
    readonly kind: QueryFailureKind,
    message: string,
    readonly diagnostic?: QueryDiagnostic,
    /** Every error diagnostic when there were several (the first is `diagnostic`). */
    readonly diagnostics: readonly QueryDiagnostic[] = diagnostic ? [diagnostic] : [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'QueryFailure';
  }
}

/**
 * Non-fatal problems: the result holds the rows produced before it stopped (Log Analytics answers
 * these with a PartialError beside the table).
 */
export type PartialProblem =
  | { kind: 'rowLimit'; limit: number }
  | { kind: 'timeout'; timeoutMs: number };
