// A KqlAnalyzer backed by the official parser (@kusto/language-service-next), for tests only (spec/kql.md §5:
// the oracle never runs on a product path). Tables are made known to it by prefixing the text with
// `let T = datatable(...)[];` statements; diagnostics inside the prefix cannot occur and offsets are shifted back.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type { KqlAnalysis, KqlAnalyzer, KqlColumn, KqlIssue, KqlSchema } from '../../../src/solutions/kql/analyzer.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
let kusto: any;

function oracle(): any {
  if (kusto) return kusto;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@kusto/language-service-next/package.json'));
  vm.runInThisContext(readFileSync(join(dir, 'bridge.min.js'), 'utf8'));
  vm.runInThisContext(readFileSync(join(dir, 'Kusto.Language.Bridge.min.js'), 'utf8'));
  kusto = (globalThis as any).Kusto.Language;
  return kusto;
}

/** Functions Azure supports only in transforms; the oracle does not know them (spec/kql.md §3.4). */
const TRANSFORM_ONLY = new Set(['parse_cef_dictionary', 'geo_location']);

function quote(name: string): string {
  return `['${name.replace(/'/g, "\\'")}']`;
}

function declare(name: string, columns: readonly KqlColumn[]): string {
  const cols = columns.length > 0 ? columns.map((c) => `${quote(c.name)}:${c.type}`).join(', ') : 'Dummy_:string';
  return `let ${name} = datatable(${cols})[];\n`;
}

function analyze(prefix: string, text: string): KqlAnalysis {
  const K = oracle();
  const full = prefix + text;
  const shift = prefix.length;
  const syntax = new Set<string>();
  const parsed = K.KustoCode.Parse(full).GetDiagnostics();
  for (let i = 0; i < parsed.Count; i++) {
    const d = parsed.getItem(i);
    syntax.add(`${d.Code}@${d.Start}`);
  }
  const code = K.KustoCode.ParseAndAnalyze(full);
  const diags = code.GetDiagnostics();
  const issues: KqlIssue[] = [];
  for (let i = 0; i < diags.Count; i++) {
    const d = diags.getItem(i);
    if (d.Severity !== 'Error' || d.Start < shift) continue;
    const name = /The name '([^']+)'/.exec(d.Message)?.[1];
    let kind: KqlIssue['kind'] = 'semantic';
    if (syntax.has(`${d.Code}@${d.Start}`)) kind = 'syntax';
    else if (d.Code === 'KS204') kind = 'unknown-table';
    else if (d.Code === 'KS142') kind = 'unknown-name';
    else if (d.Code === 'KS211' && name !== undefined && TRANSFORM_ONLY.has(name)) continue;
    issues.push({ kind, code: d.Code, message: d.Message, start: d.Start - shift, length: d.Length, ...(name ? { name } : {}) });
  }
  const operators: { name: string; start: number }[] = [];
  const functions: { name: string; start: number }[] = [];
  code.Syntax.WalkElements((e: any) => {
    if (e.TextStart < shift) return;
    if (e instanceof K.Syntax.QueryOperator) {
      const t = e.GetFirstToken();
      operators.push({ name: String(t.Text).toLowerCase(), start: t.TextStart - shift });
    } else if (e instanceof K.Syntax.FunctionCallExpression) {
      functions.push({ name: String(e.Name.SimpleName).toLowerCase(), start: e.TextStart - shift });
    }
  });
  const analysis: KqlAnalysis = { issues, operators, functions };
  const cols = code.ResultType?.Columns;
  if (cols && issues.length === 0) {
    analysis.outputColumns = [];
    for (let i = 0; i < cols.Count; i++) {
      const c = cols.getItem(i);
      analysis.outputColumns.push({ name: c.Name, type: c.Type.Name });
    }
  }
  return analysis;
}

export const oracleAnalyzer: KqlAnalyzer = {
  name: 'official parser (@kusto/language-service-next 12.4.1)',
  analyzeQuery(text: string, schema: KqlSchema): KqlAnalysis {
    let prefix = '';
    for (const [name, columns] of schema.tables) if (text.includes(name)) prefix += declare(name, columns);
    return analyze(prefix, text);
  },
  analyzeTransform(text: string, input: readonly KqlColumn[]): KqlAnalysis {
    return analyze(declare('source', input), text);
  },
};
