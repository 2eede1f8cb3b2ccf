// The pluggable KQL step of the validator. The solution validator does not parse KQL itself: it is given an
// analyzer (Vigil's own parser/binder once src/kql lands, the official parser in tests) and turns what the
// analyzer reports into findings with file, JSON pointer and line:column.

export interface KqlColumn {
  name: string;
  /** KQL scalar type name (`string`, `long`, `bool`, …). */
  type: string;
}

/** Tables a query may reference, by exact (case-sensitive) name. */
export interface KqlSchema {
  tables: ReadonlyMap<string, readonly KqlColumn[]>;
}

/**
 * `syntax`: the text does not parse. `unknown-table`: a table name resolves to nothing. `unknown-name`: a column,
 * variable or function name resolves to nothing. `semantic`: any other binding/type error. `unsupported`: valid
 * KQL the analyzing engine cannot run. Transforms only: `subset` — outside the DCR transformation subset (N13);
 * `output` — the output columns are wrong (N14).
 */
export type KqlIssueKind = 'syntax' | 'unknown-table' | 'unknown-name' | 'semantic' | 'unsupported' | 'subset' | 'output';

export interface KqlIssue {
  kind: KqlIssueKind;
  /** The analyzer's own diagnostic code (e.g. `KQL1003`, `KS204`), kept in the message for reference. */
  code: string;
  message: string;
  /** Character offset and length inside the analysed text. */
  start: number;
  length: number;
  /** The name involved for unknown-table / unknown-name issues. */
  name?: string;
  /** Analyzer-assigned severity (subset issues: tolerated functions are warnings). Default: error. */
  severity?: 'error' | 'warning';
}

export interface KqlAnalysis {
  issues: KqlIssue[];
  /** Result schema when the text bound (used for DCR transform output checks, N14). */
  outputColumns?: KqlColumn[];
  /** Tabular operators in source order, by keyword (`extend`, `project-away`, `summarize`, …). */
  operators?: { name: string; start: number }[];
  /** Scalar/aggregate function calls in source order (lower-case names). */
  functions?: { name: string; start: number }[];
}

export interface KqlAnalyzer {
  /** Shown in reports ("official parser 12.4.1", "vigil"). */
  readonly name: string;
  /** A query against the solution's tables (sample, graph, data-type and connectivity queries). */
  analyzeQuery(text: string, schema: KqlSchema): KqlAnalysis;
  /** A DCR transform: `source` is the stream with `input` columns; the run is per record (spec/kql.md §3.1). */
  analyzeTransform(text: string, input: readonly KqlColumn[]): KqlAnalysis;
}

/** 1-based line and column of a character offset (line breaks: \n, \r\n, \r). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let col = 1;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      col = 1;
    } else if (ch !== 13) {
      col++;
    }
  }
  return { line, column: col };
}

/** Table/stream column types spelled for KQL (`boolean` → `bool`). */
export function kqlTypeOf(columnType: string): string {
  const t = columnType.toLowerCase();
  return t === 'boolean' ? 'bool' : t;
}
