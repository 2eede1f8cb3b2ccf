// The DCR creation/update check of a flow's transformKql (the workspace's `TransformCheck`): the
// same compiler the pipeline runs (src/kql/runtime `validateTransform`), here with the destination
// table, so a DCR the pipeline could not run is refused when it is written, not at the first record.
//
// - anything outside the transform subset: KQL30xx, naming the operator/function and its position;
// - syntax (KQL1xxx), unknown names and types (the shared binder's KQL2xxx);
// - output schema (KQL31xx): no TimeGenerated column (Azure: the output "must" include it), a
//   column the table lacks, a type the table's column cannot store.
import { validateTransform } from '../../kql/runtime/transform/compile-transform.js';
import type { TransformCheck, TransformProblem } from '../../workspace/validation/dcr.js';

export const kqlTransformCheck: TransformCheck = (kql, target) => {
  const v = validateTransform(kql, {
    input: target.columns,
    ...(target.output ? { output: target.output.columns, outputTable: target.output.table } : {}),
  });
  const text = kql.trim().length === 0 ? 'source' : kql;
  return v.diagnostics.map((d): TransformProblem => {
    const p: TransformProblem = { code: d.code, message: d.message, severity: d.severity === 'error' ? 'error' : 'warning' };
    // Output-schema problems span the whole transform: a position would point at its first character.
    if (!wholeText(d, text)) {
      p.line = d.line;
      p.column = d.column;
    }
    return p;
  });
};

export function wholeText(d: { start: number; end: number }, text: string): boolean {
  return d.start === 0 && d.end >= text.length;
}
