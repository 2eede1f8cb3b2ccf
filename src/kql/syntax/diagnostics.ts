// Syntax diagnostics: one table of codes (KQL1xxx), the diagnostic shape shared with the semantic
// layer (KQL2xxx) and the transform subset (KQL3xxx), and offset → line:column conversion.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, e.g. `KQL1101`. */
  code: string;
  severity: Severity;
  message: string;
  /** UTF-16 offsets into the text, end exclusive (`start === end` for a missing item). */
  start: number;
  end: number;
  /** 1-based line and column (column counts UTF-16 code units) of `start`. */
  line: number;
  column: number;
}

/**
 * Every syntax diagnostic code. Messages are templates: `{0}` is replaced by the first argument.
 * Codes are stable: add new ones, never renumber.
 */
export const SyntaxDiagnostics = {
  // Lexical (10xx)
  UnexpectedCharacter: { code: 'KQL1001', message: "Unexpected character '{0}'." },
  UnterminatedString: { code: 'KQL1002', message: 'Unterminated string literal: missing closing {0}.' },
  UnterminatedLiteral: { code: 'KQL1003', message: "Unterminated {0} literal: missing ')'." },
  InvalidLiteral: { code: 'KQL1004', message: 'Invalid {0} literal: {1}.' },
  InvalidEscape: { code: 'KQL1005', message: 'Invalid escape sequence in string literal.' },
  RawGuidNotAllowed: { code: 'KQL1006', message: 'Raw guid literals are not allowed here; use guid(...).' },
  // Syntax (11xx)
  ExpectedToken: { code: 'KQL1101', message: "Expected '{0}'." },
  MissingExpression: { code: 'KQL1102', message: 'Missing expression.' },
  MissingName: { code: 'KQL1103', message: 'Missing name.' },
  QueryOperatorExpected: { code: 'KQL1104', message: 'Query operator expected.' },
  UnexpectedToken: { code: 'KQL1105', message: "Unexpected '{0}'." },
  KeywordAsName: {
    code: 'KQL1106',
    message: "The keyword '{0}' cannot be used as a name here; write it as ['{0}'].",
  },
  MissingType: { code: 'KQL1107', message: 'Missing type: expected a scalar type name.' },
  UnknownType: { code: 'KQL1108', message: "Unknown type '{0}'." },
  MissingValue: { code: 'KQL1109', message: 'Missing {0}.' },
  UnexpectedAfterExpression: { code: 'KQL1110', message: "Unexpected '{0}' after the end of the expression." },
  MissingDynamicValue: { code: 'KQL1111', message: 'Missing JSON value in dynamic literal.' },
  OperatorNotNonAssociative: {
    code: 'KQL1112',
    message: "Operator '{0}' cannot follow another comparison of the same precedence; add parentheses.",
  },
  MaterializeNotAllowed: {
    code: 'KQL1113',
    message: "'materialize' is only allowed as the whole value of a let statement.",
  },
  EmptyStatement: { code: 'KQL1114', message: "Unexpected ';': empty statement." },
  UnknownVisualization: {
    code: 'KQL1115',
    message:
      'Expected a visualization: table, list, barchart, piechart, ladderchart, timechart, linechart, anomalychart, ' +
      'pivotchart, areachart, stackedareachart, scatterchart, timepivot, columnchart, timeline, 3Dchart, card, ' +
      'treemap, plotly, graph or sankey.',
  },
} as const satisfies Record<string, { code: string; message: string }>;

export type SyntaxDiagnosticId = keyof typeof SyntaxDiagnostics;

export function formatMessage(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? '');
}

/**
 * 1-based line and column of a UTF-16 offset. Line breaks are `\n`, `\r\n` and a lone `\r`
 * (and U+2028/U+2029, which Kusto also treats as line breaks).
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 0x2028 || ch === 0x2029) {
      line++;
      lineStart = i + 1;
    } else if (ch === 13) {
      if (i + 1 < text.length && text.charCodeAt(i + 1) === 10) {
        // `\r\n` counts once; the `\n` (if before `end`) moves lineStart past itself
        if (i + 1 < end) continue;
      }
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export function makeDiagnostic(
  text: string,
  id: SyntaxDiagnosticId,
  start: number,
  end: number,
  args: readonly string[] = [],
  severity: Severity = 'error',
): Diagnostic {
  const def = SyntaxDiagnostics[id];
  const { line, column } = lineColumn(text, start);
  return { code: def.code, severity, message: formatMessage(def.message, args), start, end, line, column };
}
