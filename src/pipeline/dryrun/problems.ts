// What a dry run reports besides rows: every error and warning, located in the file it came from —
// the DCR file (RFC 6901 pointer, and line:column inside a transformKql) or the input file (the
// record's pointer) — and printed the way the solution validator prints its findings:
// `file:pointer[:line:column]: severity CODE: message`.

export type ProblemSeverity = 'error' | 'warning';

export interface DryRunProblem {
  severity: ProblemSeverity;
  /** Stable code: KQL diagnostics (KQL1xxx–KQL3xxx), workspace validation codes, or the dry run's own (below). */
  code: string;
  message: string;
  /** The file the problem is in: the DCR file, a table file or the input file (absent through the API without files). */
  file?: string;
  /** RFC 6901 pointer inside that document ('' = the whole document). */
  pointer?: string;
  /** 1-based position inside the string at `pointer` (transformKql problems). */
  line?: number;
  column?: number;
  /** The data flow (position in dataFlows) the problem belongs to, when it belongs to one. */
  flow?: number;
  /** The input record (0-based), when the problem is about one. */
  record?: number;
}

/** The dry run's own codes, for what happens to records (the others come from the checks it runs). */
export const DRY_RUN_CODES = {
  /** A value does not take its declared type: the Logs Ingestion API refuses the whole request. */
  uncoercible: 'UncoercibleValue',
  /** An input item is not a JSON object: the request would be refused. */
  invalidRecord: 'InvalidRecord',
  /** The input cannot be read as JSON / NDJSON. */
  invalidInput: 'InvalidInput',
  /** A flow dead-letters the record (the reason follows). */
  deadLetter: 'DeadLetter',
  /** The row has no TimeGenerated; the table fills in the ingestion time. */
  timeGeneratedFilled: 'TimeGeneratedFilled',
  /** No table definition was found for a flow's output table (offline); the output is not checked against one. */
  tableNotFound: 'TableNotFound',
  /** The stream to test cannot be chosen or is not read by any flow. */
  stream: 'StreamNotTestable',
} as const;

export function formatProblem(p: DryRunProblem): string {
  let where = p.file ?? '.';
  if (p.pointer !== undefined && p.pointer !== '') where += `:${p.pointer}`;
  if (p.line !== undefined) where += `:${p.line}:${p.column ?? 1}`;
  return `${where}: ${p.severity} ${p.code}: ${p.message}`;
}

export function hasErrors(problems: readonly DryRunProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export { pointerSegment, targetToPointer } from '../../workspace/validation/target-pointer.js';
