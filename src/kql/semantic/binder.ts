// Entry point of the binder: resolves a parsed script against a schema provider and returns the
// bound, typed tree (see bound.ts) or coded, located diagnostics.

import type * as A from '../syntax/ast.js';
import type { BoundQuery, BTabular } from './bound.js';
import { Env, type BindContext, type BindOptions, type SchemaProbe } from './bind-context.js';
export type { SchemaProbe } from './bind-context.js';
import { bindStatement, bindTabular, isTabularExpression } from './bind-tabular.js';
import { bindExpr } from './bind-expr.js';
import { SemanticError, lineColumnOf, SEMANTIC_CODES, type Diagnostic } from './diagnostics.js';

export type { BindOptions } from './bind-context.js';

export interface BindResult {
  query?: BoundQuery;
  diagnostics: Diagnostic[];
  /**
   * Data-dependent schemas (bag_unpack) to resolve first: run each probe, then bind again with
   * `pluginSchemas`. Diagnostics may be consequences of the missing columns.
   */
  probes?: SchemaProbe[];
}

function toDiagnostic(text: string, err: SemanticError): Diagnostic {
  const { line, column } = lineColumnOf(text, err.start);
  return { code: err.code, severity: 'error', message: err.message, start: err.start, end: err.end, line, column };
}

/**
 * Binds the script's result: its first tabular expression statement (a query with several returns
 * several tables, the first being the primary result; Vigil returns that one).
 */
export function bindScript(script: A.Script, text: string, options: BindOptions): BindResult {
  const ctx: BindContext = { text, options, refCounter: 0, probes: [] };
  const env = new Env();
  try {
    const results = script.statements.filter((s): s is A.ExpressionStatement => s.kind === 'ExpressionStatement');
    if (results.length === 0) {
      const { line, column } = lineColumnOf(text, text.length);
      return { diagnostics: [{ code: SEMANTIC_CODES.noResult.code, severity: 'error', message: SEMANTIC_CODES.noResult.text, start: 0, end: text.length, line, column }] };
    }
    let root: BTabular | undefined;
    for (const s of script.statements) {
      if (s.kind !== 'ExpressionStatement') { bindStatement(ctx, s, env); continue; }
      root = resultOf(ctx, s.expression, env);
      break; // the primary result; later statements are not evaluated
    }
    const probes = ctx.probes.length ? ctx.probes : undefined;
    return { query: { root: root!, columns: root!.schema.map((c) => ({ ...c })), render: ctx.render }, diagnostics: [], probes };
  } catch (err) {
    if (err instanceof SemanticError) return { diagnostics: [toDiagnostic(text, err)], probes: ctx.probes.length ? ctx.probes : undefined };
    throw err;
  }
}

function resultOf(ctx: BindContext, e: A.Expression, env: Env): BTabular {
  if (isTabularExpression(ctx, e, env)) return bindTabular(ctx, e, env);
  // A scalar query (`1 + 1`, `toscalar(...)`) is returned as a one-row table, like `print`.
  const expr = bindExpr(ctx, e, { env, aggregates: false, serialized: false });
  return {
    kind: 'project', origin: 'print', input: { kind: 'singleRow', schema: [] },
    columns: [{ name: 'print_0', expr }], schema: [{ name: 'print_0', type: expr.type }],
  };
}
