// The query executor: KQL against the workspace's stored tables (see executor.ts).
export { QueryExecutor, DEFAULT_QUERY_LIMITS, TIME_COLUMN, RESOURCE_COLUMN } from './executor.js';
export type { QueryExecutorOptions, QueryLimits, QueryRequest, QueryOutcome, QueryTable, QueryStatistics, PreparedQuery } from './executor.js';
export { QueryFailure } from './errors.js';
export type { QueryFailureKind, QueryDiagnostic, PartialProblem } from './errors.js';
export { WorkspaceSchema, type SchemaSource } from './schema.js';
export { encodeCell, formatTimespan, formatDatetime, formatDecimal, type Cell } from './encode.js';
export { resolveTimespan, intersectTimespans, parseIsoDuration, parseIsoDateTime, TimespanError, type TimeRange } from './timespan.js';
