// Why the Data Collector ingest path refused a request. Like the DCR pipeline's IngestError, these
// codes speak no wire format: the Data Collector surface maps them to its own error table.

export type LegacyIngestErrorCode =
  /** The Log-Type has characters other than letters, digits and `_`, is empty or too long. */
  | 'invalid_log_type'
  /** The body is not a JSON object or an array of objects. */
  | 'invalid_payload'
  /** A record uses a reserved property name (tenant, TimeGenerated, RawData). */
  | 'reserved_property'
  /** The workspace refused the table or a column change (e.g. a name it cannot hold). */
  | 'table_refused'
  /** The rows could not be made durable; nothing of the request is stored. */
  | 'storage_failed'
  /** The path is shutting down; retry later. */
  | 'shutting_down'
  /** The storage's load is too far behind (StorageError `overloaded`); nothing is stored, retry shortly. */
  | 'overloaded';

export interface LegacyIngestErrorDetail {
  recordIndex?: number;
  property?: string;
}

export class LegacyIngestError extends Error {
  readonly code: LegacyIngestErrorCode;
  readonly detail: LegacyIngestErrorDetail;

  constructor(code: LegacyIngestErrorCode, message: string, detail: LegacyIngestErrorDetail = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LegacyIngestError';
    this.code = code;
    this.detail = detail;
  }
}
