// Public entry of the KQL library (pure: no I/O, no imports from the rest of Vigil).
//
//   compileQuery(text, { schema, dialect, now?, parameters? }) → { sql, columns, render, diagnostics }
//   bind(text, { schema }) → { query (the typed bound tree), diagnostics }   (validators, row compiler)

import { parse } from './syntax/parse.js';
import { bindScript, type BindResult } from './semantic/binder.js';
import type { SchemaProvider } from './semantic/schema-provider.js';
import type { ScalarType } from './semantic/types.js';

export { compileQuery, compileQueryWithProbes, type CompileOptions, type CompiledQuery, type SchemaProbeRequest } from './compile.js';
export { duckdbDialect } from './dialects/duckdb/index.js';
export type { SqlDialect, PrintOptions, ScanScope, SqlJsFunction, SqlJsValueType } from './dialects/dialect.js';
export { sessionSetupOf } from './dialects/dialect.js';
export { staticSchema, emptySchema, type SchemaProvider, type TableSchema } from './semantic/schema-provider.js';
export type { Column, ScalarType, Schema } from './semantic/types.js';
export { parseTypeName, SCALAR_TYPES } from './semantic/types.js';
export type * from './semantic/bound.js';
export { catalogue, type Catalogue, type FunctionDef } from './catalogue/index.js';
export type { Diagnostic as SemanticDiagnostic } from './semantic/diagnostics.js';
export { parse } from './syntax/parse.js';

/** Parses and binds a query without planning it (validators; the DCR row compiler's static types). */
export function bind(
  text: string,
  options: { schema: SchemaProvider; parameters?: Record<string, { type: ScalarType }> },
): BindResult & { syntaxErrors: boolean } {
  const parsed = parse(text);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { diagnostics: errors as BindResult['diagnostics'], syntaxErrors: true };
  return { ...bindScript(parsed.script, text, options), syntaxErrors: false };
}
