// The official Kusto analyzer (`@kusto/language-service-next`, devDependency) as a test oracle for
// output column names and types (spec/kql.md §5). Loaded once per process: its two scripts install
// globals (`Bridge`/`System`, then `Kusto`).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';

interface DotNetList<T> {
  Count: number;
  getItem(i: number): T;
}

interface Analyzed {
  GetDiagnostics(): DotNetList<{ Code: string; Severity: string; Message: string; Start: number }>;
  ResultType: { Name: string; Columns?: DotNetList<{ Name: string; Type: { Name: string } }> } | null;
}

interface KustoGlobal {
  Language: { KustoCode: { ParseAndAnalyze(text: string): Analyzed } };
}

let kusto: KustoGlobal | undefined;

function load(): KustoGlobal {
  if (!kusto) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@kusto/language-service-next/package.json'));
    for (const f of ['bridge.min.js', 'Kusto.Language.Bridge.min.js']) runInThisContext(readFileSync(join(dir, f), 'utf8'), { filename: f });
    kusto = (globalThis as unknown as { Kusto: KustoGlobal }).Kusto;
  }
  return kusto;
}

export interface OracleResult {
  columns: Array<{ name: string; type: string }>;
  errors: string[];
}

/** Output columns (`name`, KQL type name) and error diagnostics the analyzer reports for a query. */
export function oracleAnalyze(query: string): OracleResult {
  const code = load().Language.KustoCode.ParseAndAnalyze(query);
  const d = code.GetDiagnostics();
  const errors: string[] = [];
  for (let i = 0; i < d.Count; i++) {
    const x = d.getItem(i);
    if (x.Severity === 'Error') errors.push(`${x.Code} ${x.Message}`);
  }
  const cols = code.ResultType?.Columns;
  const columns: OracleResult['columns'] = [];
  if (cols) for (let i = 0; i < cols.Count; i++) columns.push({ name: cols.getItem(i).Name, type: cols.getItem(i).Type.Name });
  return { columns, errors };
}
