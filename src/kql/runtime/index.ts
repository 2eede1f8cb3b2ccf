// Public surface of the KQL row runtime (see README.md): values, parsing/formatting, ingestion
// coercion, and the DCR transform compiler.

export * from './types.js';
export {
  parseDatetime,
  formatDatetime,
  makeDatetime,
  datetimeFromUnixMs,
  nowDatetime,
  MIN_DATETIME,
  MAX_DATETIME,
  TICKS_PER_SECOND,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MICROSECOND,
  TICKS_PER_DAY,
} from './datetime.js';
export { parseTimespan, formatTimespan } from './timespan.js';
export { parseReal, parseLong, parseInt32, formatReal, formatLong } from './numbers.js';
export { parseGuid, parseGuidStrict } from './guid.js';
export { parseJson, typeJson, formatDynamic, dynamicToString, dynamicTypeName, dynGet, dynIndex } from './dynamic.js';
export { convert, converter } from './convert.js';
export { compileRecordCoercer, valueCoercer, COERCION_FAILED, type CoercionFailureHandler, type TypedRecord, type ValueCoercer } from './coerce.js';
export { parseCef, parseCefExtension, type CefHeader, type CefMessage } from './cef.js';
export { parseCefDictionary, GEO_LOCATION_REASON, lookupFunction, functionNames } from './functions/index.js';
export {
  compileTransform,
  validateTransform,
  canStore,
  type CompiledTransform,
  type TransformOptions,
  type TransformValidation,
  type InputRecord,
  type OutputRow,
} from './transform/compile-transform.js';
export { evaluateQuery, type QueryResult, type EvaluateOptions } from './transform/evaluate-query.js';
export { systemClock, fixedClock } from './transform/clock.js';
export {
  TransformDiagnostics,
  TransformCompileError,
  TransformError,
  formatDiagnostic,
  type TransformDiagnostic,
  type TransformOrigin,
} from './transform/diagnostics.js';
export {
  DOCUMENTED_FUNCTIONS,
  DOCUMENTED_OPERATORS,
  DOCUMENTED_STRING_OPERATORS,
  TOLERATED_FUNCTIONS,
  TOLERATED_OPERATORS,
  MAX_PARSE_COLUMNS,
} from './transform/subset.js';
