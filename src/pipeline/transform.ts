// The seam between the pipeline and the DCR transform row compiler (kql-runtime's
// `compileTransform`). A flow whose transformKql is absent or `source` never reaches it: the
// pipeline encodes such records straight from the parsed JSON (the fast path). Other flows run
// `coerce → transform.run → encode`, with the compiled transform cached per DCR version.
import type { TypedRecord } from '../kql/runtime/coerce.js';
import type { ColumnDecl, KqlValue } from '../kql/runtime/types.js';
import { compileTransform } from '../kql/runtime/transform/compile-transform.js';

export type { ColumnDecl, KqlValue, TypedRecord };

/** One output row of a transform: output column name → KQL value of the column's type. */
export type TransformRow = Record<string, KqlValue>;

export interface CompiledTransform {
  /** The columns `run` produces, with their static types. */
  readonly outputSchema: readonly ColumnDecl[];
  /**
   * Runs the transform over one typed record. Returns null when a `where` filters the record out.
   * Throws when the record cannot be transformed (the pipeline dead-letters it with the error's
   * `code`, when it has a string one, as the reason).
   */
  run(record: TypedRecord): TransformRow | null;
}

/** What a flow's transform is compiled for. */
export interface TransformTarget {
  /** The stream's declared columns: the schema of `source`. */
  input: readonly ColumnDecl[];
  /** The destination table, for messages (columns it lacks are dropped by the pipeline, as Azure does). */
  outputTable: string;
}

/**
 * Compiles a transformKql for a stream's columns; throws (with a message naming the problem) when
 * the transform cannot be compiled.
 */
export type TransformCompiler = (kql: string, target: TransformTarget) => CompiledTransform;

/** The KQL runtime's row compiler (kql-runtime `compileTransform`), the pipeline's default. */
export const kqlTransformCompiler: TransformCompiler = (kql, target) =>
  compileTransform(kql, { input: target.input, outputTable: target.outputTable });

/** True when a transform is absent or the pass-through `source`. */
export function isPassThroughTransform(kql: string | undefined): boolean {
  return kql === undefined || kql.trim() === '' || kql.trim() === 'source';
}

/** The dead-letter reason for an error thrown by `run`. */
export function transformFailureReason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'TransformFailed';
}
