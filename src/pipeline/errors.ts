// Why the pipeline refused a request. The pipeline speaks no wire format: each surface maps these
// codes to its own error table (src/surfaces/errors/), so the Logs Ingestion API and, later, the Data
// Collector API can answer in their own shapes from the same causes.

export type IngestErrorCode =
  /** No DCR has this immutable id. */
  | 'unknown_dcr'
  /** The DCR neither declares the stream nor reads it in a data flow. */
  | 'unknown_stream'
  /** The body is not a JSON array of objects (or one object). */
  | 'invalid_payload'
  /** A value does not fit the type its stream declares. */
  | 'uncoercible_value'
  /** A flow's transform cannot be compiled (no compiler configured, or the KQL is refused). */
  | 'transform_unavailable'
  /** The pipeline is shutting down; retry later. */
  | 'shutting_down'
  /** The storage engine's load is too far behind to accept more now; retry later. */
  | 'overloaded'
  /** The storage engine failed to make the rows durable; nothing of the request is stored. */
  | 'storage_failed';

export interface IngestErrorDetail {
  /** 0-based index of the offending record in the request body. */
  recordIndex?: number;
  /** The offending field (property) of that record. */
  field?: string;
  /** The declared type the value had to fit. */
  declaredType?: string;
}

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly detail: IngestErrorDetail;

  constructor(code: IngestErrorCode, message: string, detail: IngestErrorDetail = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestError';
    this.code = code;
    this.detail = detail;
  }
}

export function isIngestError(e: unknown): e is IngestError {
  return e instanceof IngestError;
}
