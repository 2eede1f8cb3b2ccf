// The DCR transform dry run and the transform check of DCR creation (see dry-run.ts, transform-check.ts).
export { dryRun, type DryRunInput, type DryRunReport } from './dry-run.js';
export { loadOffline, parseRecords, parseJsonFile, type OfflineDcr, type SourceFile } from './offline.js';
export { renderReport } from './render.js';
export { DRY_RUN_CODES, formatProblem, hasErrors, targetToPointer, type DryRunProblem, type ProblemSeverity } from './problems.js';
export type { StreamRun, FlowRun, DryRunRow, DryRunDeadLetter, DryRunColumn } from './run-stream.js';
export { kqlTransformCheck } from './transform-check.js';
