// Public surface of the KQL front end.
export * from './ast.js';
export { parse, type ParseResult } from './parse.js';
export { lineColumn, SyntaxDiagnostics, type Diagnostic, type Severity } from './diagnostics.js';
export { printAst } from './print-ast.js';
export {
  decodeString,
  parseDatetimeText,
  parseTimespanText,
  parseGuidText,
  formatDatetimeTicks,
  UNIX_EPOCH_TICKS,
  TICKS_PER_DAY,
  TICKS_PER_SECOND,
} from './literals.js';
export { walk, childrenOf } from './walk.js';
