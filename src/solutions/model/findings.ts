// Findings: what every check in src/solutions reports. One shape for the loader, the validator, the
// packager's self-checks and the template evaluator, so the CLI and the server print them the same way.
import { RULES, type RuleCode } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable rule code from codes.ts (e.g. `SOL302`). */
  code: RuleCode;
  severity: Severity;
  /** Path relative to the solution root, always with forward slashes; '' when the finding is about the folder. */
  file: string;
  /** RFC 6901 JSON pointer inside `file` ('' = the whole document), spelled with the file's own key casing. */
  pointer: string;
  message: string;
  /** 1-based position inside the string at `pointer` (KQL findings). */
  line?: number;
  column?: number;
}

export interface FindingInput {
  file?: string;
  pointer?: string;
  line?: number;
  column?: number;
  /** Overrides the rule's default severity (a few rules report errors and warnings, e.g. N14). */
  severity?: Severity;
}

export function finding(code: RuleCode, message: string, at: FindingInput = {}): Finding {
  const f: Finding = {
    code,
    severity: at.severity ?? RULES[code].severity,
    file: at.file ?? '',
    pointer: at.pointer ?? '',
    message,
  };
  if (at.line !== undefined) f.line = at.line;
  if (at.column !== undefined) f.column = at.column;
  return f;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, then pointer, then position, then code — so output is diffable between runs. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      cmp(a.pointer, b.pointer) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `file:pointer[:line:column]: severity CODE: message` — the compiler-style line editors and CI logs understand. */
export function formatFinding(f: Finding): string {
  let where = f.file === '' ? '.' : f.file;
  if (f.pointer !== '') where += `:${f.pointer}`;
  if (f.line !== undefined) where += `:${f.line}:${f.column ?? 1}`;
  return `${where}: ${f.severity} ${f.code}: ${f.message}`;
}

export function formatFindings(findings: readonly Finding[]): string {
  return sortFindings(findings).map(formatFinding).join('\n');
}

/** Machine-readable form for `--format json`: the findings plus counts, keys in a fixed order. */
export function findingsToJson(findings: readonly Finding[]): string {
  const sorted = sortFindings(findings);
  const counts = countBySeverity(sorted);
  return JSON.stringify({ errors: counts.error, warnings: counts.warning, infos: counts.info, findings: sorted }, null, 2);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
