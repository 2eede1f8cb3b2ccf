// The ingestion pipeline's public interface, for the surfaces (Logs Ingestion API, Data Collector
// API, syslog/CEF receivers) and the server frame.
export { IngestPipeline } from './pipeline.js';
export type { IngestPipelineOptions, IngestRequest, IngestReceipt } from './pipeline.js';
export { IngestError, isIngestError } from './errors.js';
export type { IngestErrorCode, IngestErrorDetail } from './errors.js';
export { IngestCounters } from './counters.js';
export type { IngestCountersSnapshot, StreamCounters, FlowCounters } from './counters.js';
export { DEAD_LETTER_TABLE, DEAD_LETTER_COLUMNS, ensureDeadLetterTable } from './dead-letter.js';
export { isPassThroughTransform, kqlTransformCompiler } from './transform.js';
export type { CompiledTransform, TransformCompiler, TransformRow, TransformTarget } from './transform.js';
export { StageTimes } from './stage-times.js';
export type { StageTimesSnapshot } from './stage-times.js';
