// Semantic diagnostics (KQL2xxx): one table of codes, each with a message template.

export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

export const SEMANTIC_CODES = {
  unknownTable: { code: 'KQL2001', text: "'{0}' does not refer to any known table, tabular variable or function" },
  unknownColumn: { code: 'KQL2002', text: "'{0}' does not refer to any known column" },
  unknownFunction: { code: 'KQL2003', text: "'{0}' is not a known function" },
  unsupportedFunction: { code: 'KQL2004', text: "the function '{0}' is not supported by Vigil" },
  unsupportedOperator: { code: 'KQL2005', text: "the operator '{0}' is not supported by Vigil" },
  wrongArgumentCount: { code: 'KQL2006', text: "function '{0}' expects {1} argument(s), got {2}" },
  wrongArgumentType: { code: 'KQL2007', text: "function '{0}': argument {1} has type {2}, which is not accepted ({3})" },
  operatorTypes: { code: 'KQL2008', text: "operator '{0}' cannot be applied to {1} and {2}" },
  notBoolean: { code: 'KQL2009', text: 'the expression must be of type bool, not {0}' },
  aggregateOutsideSummarize: { code: 'KQL2010', text: "aggregate function '{0}' is only allowed in summarize, make-series or similar" },
  notAggregate: { code: 'KQL2011', text: "'{0}' is not an aggregate function; summarize needs aggregates" },
  unsupportedParameter: { code: 'KQL2012', text: "the parameter '{0}' of '{1}' is not supported by Vigil" },
  expectedScalar: { code: 'KQL2013', text: 'a scalar expression was expected here' },
  expectedTabular: { code: 'KQL2014', text: 'a tabular expression was expected here' },
  constantRequired: { code: 'KQL2015', text: "'{0}' requires a constant value here" },
  duplicateColumn: { code: 'KQL2016', text: "the column '{0}' is produced more than once" },
  unsupportedPlugin: { code: 'KQL2017', text: "the plugin '{0}' is not supported by Vigil" },
  invalidJoinKey: { code: 'KQL2018', text: 'join conditions must be column names or $left.X == $right.Y equalities' },
  windowNeedsOrder: { code: 'KQL2019', text: "the function '{0}' needs a serialized row set (sort, serialize or similar before it)" },
  unsupportedSyntax: { code: 'KQL2020', text: '{0} is not supported by Vigil' },
  invalidType: { code: 'KQL2021', text: "'{0}' is not a scalar type" },
  unknownParameter: { code: 'KQL2022', text: "unknown parameter '{0}' for '{1}'" },
  noResult: { code: 'KQL2023', text: 'the query has no result expression' },
  unsupportedInDialect: { code: 'KQL2024', text: "the function '{0}' is not available in the {1} dialect" },
  invalidArgument: { code: 'KQL2025', text: '{0}' },
  externalDataNotAllowed: { code: 'KQL2026', text: "externaldata: '{0}' is not a URI Vigil is allowed to read" },
  invalidLiteral: { code: 'KQL2027', text: "Invalid {0} literal: '{1}'." },
} as const;

export type SemanticCodeName = keyof typeof SEMANTIC_CODES;

export function formatMessage(name: SemanticCodeName, args: readonly (string | number)[]): string {
  return SEMANTIC_CODES[name].text.replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; last = i + 1; }
  }
  return { line, column: offset - last + 1 };
}

/** The error thrown inside the binder; the binder turns it into a Diagnostic at the API boundary. */
export class SemanticError extends Error {
  constructor(
    readonly codeName: SemanticCodeName,
    readonly args: readonly (string | number)[],
    readonly start: number,
    readonly end: number,
  ) {
    super(formatMessage(codeName, args));
  }
  get code(): string {
    return SEMANTIC_CODES[this.codeName].code;
  }
}
