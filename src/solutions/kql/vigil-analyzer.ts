// The KQL step wired to Vigil's own KQL library (src/kql): queries are parsed and bound against the solution's
// tables with `bind`, transforms are checked by the DCR transform compiler (`validateTransform`) — the same
// compiler the ingestion pipeline uses when a DCR is created, so validate and deploy agree.
import { bind, staticSchema, type ScalarType } from '../../kql/index.js';
import { validateTransform } from '../../kql/runtime/transform/compile-transform.js';
import type { KqlType } from '../../kql/runtime/types.js';
import type { KqlAnalysis, KqlAnalyzer, KqlColumn, KqlIssue, KqlIssueKind, KqlSchema } from './analyzer.js';

/** Binder codes (spec: src/kql/semantic/diagnostics.ts) for features Vigil has not implemented yet. */
const UNSUPPORTED = new Set(['KQL2004', 'KQL2005', 'KQL2012', 'KQL2017', 'KQL2020', 'KQL2024']);

function queryKind(code: string, syntax: boolean): KqlIssueKind {
  if (syntax) return 'syntax';
  if (code === 'KQL2001') return 'unknown-table';
  if (code === 'KQL2002' || code === 'KQL2003') return 'unknown-name';
  if (UNSUPPORTED.has(code)) return 'unsupported';
  return 'semantic';
}

function transformKind(code: string): KqlIssueKind {
  if (code.startsWith('KQL1')) return 'syntax';
  if (code.startsWith('KQL30')) return 'subset';
  if (code.startsWith('KQL31')) return 'output';
  // The transform compiler binds with the query binder, so unknown names arrive with binder codes too.
  if (code === 'KQL3201' || code === 'KQL3215' || code === 'KQL2002' || code === 'KQL2003') return 'unknown-name';
  if (code === 'KQL3212' || UNSUPPORTED.has(code)) return 'unsupported';
  return 'semantic';
}

function quotedName(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

function asType(t: string): string {
  return t === 'boolean' ? 'bool' : t;
}

export const vigilAnalyzer: KqlAnalyzer = {
  name: 'vigil (src/kql)',
  analyzeQuery(text: string, schema: KqlSchema): KqlAnalysis {
    const tables = [...schema.tables].map(([name, columns]) => ({
      name,
      columns: columns.map((c) => ({ name: c.name, type: asType(c.type) as ScalarType })),
    }));
    const r = bind(text, { schema: staticSchema(tables) });
    const issues: KqlIssue[] = r.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => {
        const issue: KqlIssue = { kind: queryKind(d.code, r.syntaxErrors), code: d.code, message: d.message, start: d.start, length: d.end - d.start };
        const name = quotedName(d.message);
        if (name !== undefined) issue.name = name;
        return issue;
      });
    const analysis: KqlAnalysis = { issues };
    if (r.query && issues.length === 0) analysis.outputColumns = r.query.columns.map((c) => ({ name: c.name, type: c.type }));
    return analysis;
  },
  analyzeTransform(text: string, input: readonly KqlColumn[]): KqlAnalysis {
    const v = validateTransform(text, {
      input: input.map((c) => ({ name: c.name, type: asType(c.type) as KqlType })),
      // TimeGenerated and the destination table are checked by the validator itself (N14), with the spec's
      // severities; here only the transform's own correctness is asked for.
      requireTimeGenerated: false,
    });
    const issues: KqlIssue[] = v.diagnostics.map((d) => {
      const issue: KqlIssue = {
        kind: transformKind(d.code),
        code: d.code,
        message: d.message,
        start: d.start,
        length: d.end - d.start,
        severity: d.severity === 'warning' ? 'warning' : 'error',
      };
      const name = quotedName(d.message);
      if (name !== undefined) issue.name = name;
      return issue;
    });
    const analysis: KqlAnalysis = { issues };
    if (v.outputSchema) analysis.outputColumns = v.outputSchema.map((c) => ({ name: c.name, type: c.type }));
    return analysis;
  },
};
