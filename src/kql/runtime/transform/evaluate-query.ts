// Runs a self-contained query through the row evaluator (print/datatable/let sources, or `source`
// over given records): the DCR dry run and the conformance runner use it. Only the transform
// operators exist here; anything else is reported as a diagnostic.

import { parse } from '../../syntax/parse.js';
import type { ColumnDecl, KqlValue } from '../types.js';
import { fixedClock, systemClock } from './clock.js';
import { bindScript } from '../../semantic/binder.js';
import { staticSchema } from '../../semantic/schema-provider.js';
import { BoundRowCompiler } from './bound-compiler.js';
import type { TransformDiagnostic } from './diagnostics.js';

export interface QueryResult {
  columns: ColumnDecl[];
  rows: KqlValue[][];
}

export interface EvaluateOptions {
  /** Records for `source` (typed values). */
  source?: { columns: readonly ColumnDecl[]; records: readonly Record<string, KqlValue>[] };
  /** Fixed now() (100 ns ticks since the Unix epoch); the system clock when absent. */
  now?: bigint;
}

export function evaluateQuery(kql: string, options: EvaluateOptions = {}): QueryResult | { diagnostics: TransformDiagnostic[] } {
  const parsed = parse(kql);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: parsed.diagnostics };
  const runtime = options.now !== undefined ? fixedClock(options.now) : systemClock();
  const tables = options.source ? [{ name: 'source', columns: options.source.columns }] : [];
  const bound = bindScript(parsed.script, kql, { schema: staticSchema(tables) });
  if (!bound.query) return { diagnostics: bound.diagnostics };
  const result = new BoundRowCompiler({ text: kql, script: parsed.script, query: bound.query, sourceTable: 'source', runtime }).compile();
  if (!('fn' in result)) return { diagnostics: [result] };
  const inputs: readonly Record<string, KqlValue>[] =
    result.start.kind === 'rows' ? result.start.rows : result.start.kind === 'print' ? [{}] : options.source?.records ?? [];
  const rows: KqlValue[][] = [];
  for (const rec of inputs) {
    const out = result.fn(rec);
    if (out !== null) rows.push(result.columns.map((c) => out[c.name]));
  }
  return { columns: result.columns, rows };
}
