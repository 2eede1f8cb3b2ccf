// The public API of the DCR transform compiler.
//
//   const t = compileTransform(dataFlow.transformKql, { input: streamColumns, output: tableColumns });
//   for (const rec of records) { const row = t.run(coerce(rec)); if (row !== null) write(row); }
//
// compileTransform runs once per DCR data flow (at DCR creation/update, and when the pipeline
// loads the DCR); it throws TransformCompileError with every error when the transform is outside
// the subset, refers to unknown columns, is ill-typed, or does not fit the destination table. run()
// is the per-record hot path: a generated JS function, no allocation beyond the output row.

import { parse } from '../../syntax/parse.js';
import type { RuntimeServices } from '../functions/index.js';
import type { ColumnDecl, KqlType, KqlValue } from '../types.js';
import { systemClock } from './clock.js';
import { bindScript } from '../../semantic/binder.js';
import { staticSchema } from '../../semantic/schema-provider.js';
import { BoundRowCompiler } from './bound-compiler.js';
import {
  transformDiagnostic,
  TransformCompileError,
  TransformError,
  type TransformDiagnostic,
  type TransformOrigin,
} from './diagnostics.js';
import { checkSubset } from './subset.js';

/** A record as the transform receives it: declared column name → typed value (see coerce.ts). */
export type InputRecord = Record<string, KqlValue>;
/** A row the transform produced: output column name → typed value, in outputSchema order. */
export type OutputRow = Record<string, KqlValue>;

export interface TransformOptions {
  /** The stream declaration's columns: the schema of `source`. */
  input: readonly ColumnDecl[];
  /**
   * The destination table's columns. When given, the output is checked against it: every output
   * column must exist in the table with a type that can be stored there.
   */
  output?: readonly ColumnDecl[];
  /** Destination table name, for messages. */
  outputTable?: string;
  /** Reject tolerated functions/operators (outside the documented list but accepted by Azure). */
  strict?: boolean;
  /** Where the transformKql came from, added to every diagnostic. */
  origin?: TransformOrigin;
  /** Clock for now()/ago(); defaults to the system clock. */
  runtime?: RuntimeServices;
  /** Require a TimeGenerated datetime output column (default true, as Azure documents). */
  requireTimeGenerated?: boolean;
}

export interface CompiledTransform {
  /** The output columns, in order. */
  readonly outputSchema: readonly ColumnDecl[];
  /** Warnings (tolerated functions, …): the transform compiles. */
  readonly warnings: readonly TransformDiagnostic[];
  /** Every diagnostic (with warnings; never errors — those throw). */
  readonly diagnostics: readonly TransformDiagnostic[];
  /** The transform is `source`: run() returns its input record unchanged. */
  readonly passThrough: boolean;
  /**
   * Transforms one record. Returns the output row, or null when a `where` filtered the record out.
   * Throws TransformError when the record cannot be evaluated. The returned object may be the
   * input record itself (pass-through) — treat both as read-only.
   */
  run(record: InputRecord): OutputRow | null;
}

export interface TransformValidation {
  ok: boolean;
  diagnostics: TransformDiagnostic[];
  outputSchema?: ColumnDecl[];
}

/** Types a destination column of type `to` can store a value of type `from` in. */
export function canStore(from: KqlType, to: KqlType): boolean {
  if (from === to) return true;
  if (to === 'long') return from === 'int';
  if (to === 'real') return from === 'int' || from === 'long' || from === 'decimal';
  if (to === 'decimal') return from === 'int' || from === 'long' || from === 'real';
  if (to === 'dynamic') return true;
  return false;
}

function withOrigin(d: TransformDiagnostic, origin?: TransformOrigin): TransformDiagnostic {
  return { ...d, ...(origin?.file !== undefined ? { file: origin.file } : {}), ...(origin?.jsonPath !== undefined ? { jsonPath: origin.jsonPath } : {}) };
}

function compileInternal(kql: string, options: TransformOptions) {
  const text = kql.trim().length === 0 ? 'source' : kql;
  const origin = options.origin;
  const parsed = parse(text);
  const diagnostics: TransformDiagnostic[] = parsed.diagnostics.map((d) => withOrigin(d, origin));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, compiled: undefined };
  diagnostics.push(...checkSubset(text, parsed.script, { strict: options.strict ?? false, origin }));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, compiled: undefined };
  const queries = parsed.script.statements.filter((st) => st.kind === 'ExpressionStatement');
  if (queries.length > 1) {
    diagnostics.push(transformDiagnostic(text, 'SeveralQueries', queries[1].span.start, queries[1].span.end, [], 'error', origin));
    return { diagnostics, compiled: undefined };
  }
  // Types, names and implicit conversions come from the shared binder (one rule set with the
  // query engine); `source` is the stream declaration.
  const bound = bindScript(parsed.script, text, { schema: staticSchema([{ name: 'source', columns: options.input }]) });
  if (!bound.query) {
    diagnostics.push(...bound.diagnostics.map((d) => withOrigin(d, origin)));
    return { diagnostics, compiled: undefined };
  }
  const result = new BoundRowCompiler({ text, script: parsed.script, query: bound.query, sourceTable: 'source', runtime: options.runtime ?? systemClock(), origin }).compile();
  if (!('fn' in result)) {
    diagnostics.push(result);
    return { diagnostics, compiled: undefined };
  }
  const whole = { start: 0, end: text.length };
  const at = (id: Parameters<typeof transformDiagnostic>[1], args: string[]) =>
    diagnostics.push(transformDiagnostic(text, id, whole.start, whole.end, args, 'error', origin));
  if (result.start.kind !== 'source' && result.start.kind !== 'print') {
    at('UnsupportedSource', ['datatable']);
  }
  const tg = result.columns.find((c) => c.name === 'TimeGenerated');
  if (options.requireTimeGenerated ?? true) {
    if (!tg) at('TimeGeneratedMissing', []);
    else if (tg.type !== 'datetime') at('TimeGeneratedType', [tg.type]);
  }
  if (options.output) {
    const table = new Map(options.output.map((c) => [c.name, c.type]));
    const suffix = options.outputTable ? ` '${options.outputTable}'` : '';
    for (const c of result.columns) {
      const t = table.get(c.name);
      if (t === undefined) at('OutputColumnNotInTable', [c.name, suffix]);
      else if (!canStore(c.type, t)) at('OutputTypeMismatch', [c.name, c.type, t]);
    }
  }
  return { diagnostics, compiled: result };
}

/** Checks a transform without building it for use; never throws on bad input. */
export function validateTransform(kql: string, options: TransformOptions): TransformValidation {
  const { diagnostics, compiled } = compileInternal(kql, options);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return ok && compiled ? { ok, diagnostics, outputSchema: compiled.columns } : { ok, diagnostics };
}

/** Compiles a transform for one DCR data flow. Throws TransformCompileError when it has errors. */
export function compileTransform(kql: string, options: TransformOptions): CompiledTransform {
  const { diagnostics, compiled } = compileInternal(kql, options);
  if (!compiled || diagnostics.some((d) => d.severity === 'error')) throw new TransformCompileError(diagnostics);
  const fn = compiled.fn;
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  let run: (r: InputRecord) => OutputRow | null;
  if (compiled.passThrough) {
    run = (r) => r;
  } else if (compiled.start.kind === 'print') {
    run = () => guarded(fn, {});
  } else {
    run = (r) => guarded(fn, r);
  }
  return { outputSchema: compiled.columns, warnings, diagnostics, passThrough: compiled.passThrough, run };
}

function guarded(fn: (r: InputRecord) => OutputRow | null, r: InputRecord): OutputRow | null {
  try {
    return fn(r);
  } catch (e) {
    throw new TransformError(`the transformation failed on this record: ${(e as Error).message}`);
  }
}
