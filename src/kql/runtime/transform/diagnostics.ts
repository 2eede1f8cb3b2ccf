// The transform-subset diagnostics (KQL3xxx): one table of stable codes for everything the DCR
// transform compiler reports — subset violations, and (until the shared binder is wired in) the
// name/type errors it finds itself. Codes are stable: add new ones, never renumber.

import { lineColumn, type Diagnostic, type Severity } from '../../syntax/diagnostics.js';

export const TransformDiagnostics = {
  // Subset (30xx)
  UnsupportedOperator: {
    code: 'KQL3001',
    message: "The '{0}' operator is not supported in DCR transformations: a transformation runs once per record and allows only extend, project, print, where, parse, project-away, project-rename and datatable.",
  },
  UnsupportedFunction: { code: 'KQL3002', message: "The function '{0}' is not supported in DCR transformations." },
  ToleratedFunction: {
    code: 'KQL3003',
    message: "The function '{0}' is not in the documented list of DCR transformation functions; Azure accepts it in practice ({1}).",
  },
  UnsupportedScalarOperator: { code: 'KQL3004', message: "The operator '{0}' is not supported in DCR transformations." },
  ToleratedScalarOperator: {
    code: 'KQL3005',
    message: "The operator '{0}' is not in the documented list of DCR transformation operators; Azure accepts it in practice ({1}).",
  },
  ParseTooManyColumns: {
    code: 'KQL3006',
    message: 'This parse extracts {0} columns; DCR transformations allow at most 10 per parse statement (split it into several parse statements).',
  },
  UnsupportedSource: {
    code: 'KQL3007',
    message: "A DCR transformation reads only from 'source' (or starts with print); '{0}' is not available.",
  },
  UnsupportedStatement: { code: 'KQL3008', message: "The '{0}' statement is not supported in DCR transformations." },
  TabularParameter: { code: 'KQL3009', message: "User-defined functions in DCR transformations take scalar arguments only; '{0}' is tabular." },
  GeoLocationUnavailable: { code: 'KQL3010', message: '{0}' },
  RenamedFunction: { code: 'KQL3011', message: "The function '{0}' is not supported in DCR transformations; use '{1}'." },
  SeveralQueries: { code: 'KQL3013', message: 'A transformation is one query; found a second tabular expression statement.' },
  // Output schema (31xx)
  TimeGeneratedMissing: {
    code: 'KQL3101',
    message: 'The transformation output has no TimeGenerated column; add it with extend (for example `extend TimeGenerated = now()`).',
  },
  TimeGeneratedType: { code: 'KQL3102', message: 'TimeGenerated must be a datetime; the transformation produces {0}.' },
  OutputColumnNotInTable: { code: 'KQL3103', message: "The output column '{0}' does not exist in the destination table{1}." },
  OutputTypeMismatch: {
    code: 'KQL3104',
    message: "The output column '{0}' is {1}, but the destination table's column is {2}.",
  },
  // Evaluation (32xx): what the row evaluator itself cannot run. Name and type errors come from the
  // shared binder with its KQL2xxx codes.
  UnknownName: { code: 'KQL3201', message: "The name '{0}' does not refer to any column of the input stream or any let variable." },
  UnknownFunction: { code: 'KQL3202', message: "Unknown function '{0}'." },
  ArgumentCount: { code: 'KQL3203', message: "{0}() takes {1} argument(s); {2} given." },
  ArgumentTypes: { code: 'KQL3204', message: '{0}' },
  OperatorTypes: { code: 'KQL3205', message: '{0}' },
  PredicateType: { code: 'KQL3206', message: 'The where predicate must be a bool; it is {0}.' },
  NotScalar: { code: 'KQL3207', message: "'{0}' is a table, not a scalar value." },
  NotTabular: { code: 'KQL3208', message: "'{0}' is not a table." },
  ConstantRequired: { code: 'KQL3209', message: '{0} must be a constant.' },
  InvalidRegex: { code: 'KQL3210', message: 'Invalid regular expression: {0}' },
  MemberOfNonDynamic: { code: 'KQL3211', message: "'{0}' is {1}; only dynamic values have members and elements." },
  UnsupportedExpression: { code: 'KQL3212', message: 'The expression {0} is not supported by the row evaluator.' },
  RecursionLimit: { code: 'KQL3213', message: "The function '{0}' expands too deeply (recursive?)." },
  DuplicateColumn: { code: 'KQL3214', message: "The column '{0}' is produced twice." },
  UnknownColumn: { code: 'KQL3215', message: "The column '{0}' does not exist at this point of the query." },
} as const satisfies Record<string, { code: string; message: string }>;

export type TransformDiagnosticId = keyof typeof TransformDiagnostics;

/** A diagnostic of a transform; file and JSON path locate the transformKql when it came from a DCR file. */
export interface TransformDiagnostic extends Diagnostic {
  file?: string;
  jsonPath?: string;
}

export interface TransformOrigin {
  /** The DCR file the transformKql was read from. */
  file?: string;
  /** JSON path of the transformKql in that file, e.g. `$.properties.dataFlows[0].transformKql`. */
  jsonPath?: string;
}

export function transformDiagnostic(
  text: string,
  id: TransformDiagnosticId,
  start: number,
  end: number,
  args: readonly string[] = [],
  severity: Severity = 'error',
  origin?: TransformOrigin,
): TransformDiagnostic {
  const def = TransformDiagnostics[id];
  const { line, column } = lineColumn(text, start);
  const message = def.message.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? '');
  const d: TransformDiagnostic = { code: def.code, severity, message, start, end, line, column };
  if (origin?.file !== undefined) d.file = origin.file;
  if (origin?.jsonPath !== undefined) d.jsonPath = origin.jsonPath;
  return d;
}

/** One line per diagnostic: `file $.path line:col KQL3002 error: message`. */
export function formatDiagnostic(d: TransformDiagnostic): string {
  const where = [d.file, d.jsonPath].filter((x) => x !== undefined).join(' ');
  return `${where ? where + ' ' : ''}${d.line}:${d.column} ${d.code} ${d.severity}: ${d.message}`;
}

/** Thrown by compileTransform when the transform has errors (DCR creation/update must fail). */
export class TransformCompileError extends Error {
  constructor(readonly diagnostics: TransformDiagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'TransformCompileError';
  }
}

/** Thrown by a compiled transform's run() when a record cannot be evaluated. */
export class TransformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransformError';
  }
}
