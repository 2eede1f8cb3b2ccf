// The Data Collector API's ingest path (schema-on-write into classic `_CL` tables), for the
// collector surface and the migration generator.
export { LegacyIngest, DATA_COLLECTOR_FIELD_LIMIT, RESERVED_PROPERTIES, COLLECTOR_ROUTE, COLLECTOR_TABLE_DOC } from './legacy-ingest.js';
export type { LegacyIngestOptions, LegacyIngestRequest, LegacyIngestReceipt, CollectorTableDoc } from './legacy-ingest.js';
export { LegacyIngestError } from './errors.js';
export type { LegacyIngestErrorCode, LegacyIngestErrorDetail } from './errors.js';
export { logTypeProblem, tableForLogType, MAX_LOG_TYPE_LENGTH } from './log-type.js';
export { naturalSuffix, splitSuffixed, isIsoDatetime, isGuidShaped, SUFFIX_TYPES } from './classify.js';
export type { Suffix, LeafValue } from './classify.js';
export { flattenRecord, baseName } from './flatten.js';
export { profileFor, BUILT_IN_PROFILES, DEFAULT_SYSTEM_COLUMNS, SOURCE_SYSTEM_VALUE } from './profiles.js';
export type { ClassicProfile, ClassicProfileInput } from './profiles.js';
export { ADDITIONAL_FIELDS, TIME_GENERATED } from './plan-rows.js';
export { describeLegacyTable } from './describe.js';
export type { LegacyTableDescription, LegacyColumn, LegacyColumnRole } from './describe.js';
