// The transform dry run (`vigil transform test`, `POST /vigil/transforms/test`): what ingestion
// would make of some records, without a server and without writing anything.
//
// It runs the very code the pipeline runs: the DCR creation check of every transform
// (`kqlTransformCheck`, as `putDcr` does), then for the stream the pipeline's `compileStream`
// (declaration check + coercion, the compiled transforms, routing to each flow's table, the row
// encoders) and its per-record step `processRecord` (same dead-letter reasons, same counts).
import { compileTransform } from '../../kql/runtime/transform/compile-transform.js';
import { fixedClock } from '../../kql/runtime/transform/clock.js';
import type { DataCollectionRule, TableDef } from '../../workspace/model.js';
import { isPassThrough, outputTableName } from '../../workspace/validation/dcr.js';
import { compileStream, streamColumns } from '../compile-stream.js';
import { IngestError } from '../errors.js';
import { kqlTransformCompiler, type TransformCompiler } from '../transform.js';
import { DRY_RUN_CODES, hasErrors, targetToPointer, type DryRunProblem } from './problems.js';
import { runStream, type StreamRun } from './run-stream.js';
import { kqlTransformCheck } from './transform-check.js';

export interface DryRunInput {
  dcr: DataCollectionRule;
  getTable(name: string): TableDef | undefined;
  records: readonly unknown[];
  /** The stream the records are sent to; may be omitted when the DCR's flows read only one. */
  stream?: string;
  /** The time of the run: now() in transforms and the ingestion time of filled TimeGenerated values. Default: the clock. */
  now?: Date;
  /** Where the DCR came from: problems in it are located with its file and pointers. */
  dcrOrigin?: { file?: string; doc?: unknown; base?: string };
  /** Where the records came from. */
  inputOrigin?: { file?: string; recordPointer?(index: number): string };
  /** Only the DCR's checks, no records (`vigil transform test` without --input). */
  checkOnly?: boolean;
}

export interface DryRunReport {
  dcr: string;
  /** No errors: every record would be stored (or filtered) as shown. */
  ok: boolean;
  /** The time the run used for now() and filled TimeGenerated values (ISO). */
  now: string;
  problems: DryRunProblem[];
  /** The stream tested (none when the DCR itself has errors). */
  streams: StreamRun[];
}

export function dryRun(input: DryRunInput): DryRunReport {
  const { dcr } = input;
  const fixedNow = input.now !== undefined;
  const now = input.now ?? new Date();
  const problems: DryRunProblem[] = [];
  const dcrFile = input.dcrOrigin?.file;
  const at = (target: string): { file?: string; pointer: string } => ({
    ...(dcrFile !== undefined ? { file: dcrFile } : {}),
    pointer: targetToPointer(target, input.dcrOrigin?.doc, input.dcrOrigin?.base ?? ''),
  });
  const report = (streams: StreamRun[]): DryRunReport => ({ dcr: dcr.name, ok: !hasErrors(problems), now: now.toISOString(), problems, streams });

  // 1. The check a DCR gets when it is created: a transform the pipeline could not run stops here.
  dcr.dataFlows.forEach((flow, i) => {
    if (flow.transformKql === undefined || isPassThrough(flow.transformKql)) return;
    const outStream = flow.outputStream ?? (flow.streams.length === 1 ? flow.streams[0] : undefined);
    const resolved = outStream ? outputTableName(outStream) : undefined;
    const table = resolved ? input.getTable(resolved.table) : undefined;
    const seen = new Set<string>();
    for (const s of flow.streams) {
      const columns = streamColumns(dcr, s, { getTable: input.getTable }) ?? [];
      const output = table ? { table: table.name, columns: table.columns.map((c) => ({ name: c.name, type: c.type })) } : undefined;
      for (const p of kqlTransformCheck(flow.transformKql, { stream: s, columns, ...(output ? { output } : {}) })) {
        const key = `${p.code}:${p.line}:${p.column}:${p.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push({
          severity: p.severity ?? 'error',
          code: p.code,
          message: flow.streams.length > 1 ? `${p.message} (input stream '${s}')` : p.message,
          ...at(`properties.dataFlows[${i}].transformKql`),
          ...(p.line !== undefined ? { line: p.line, column: p.column ?? 1 } : {}),
          flow: i,
        });
      }
    }
  });
  if (hasErrors(problems) || input.checkOnly) return report([]);

  // 2. The stream the records are sent to.
  const readStreams = [...new Set(dcr.dataFlows.flatMap((f) => f.streams))];
  let stream = input.stream;
  if (stream === undefined) {
    if (readStreams.length !== 1) {
      problems.push({
        severity: 'error', code: DRY_RUN_CODES.stream, ...at('properties.dataFlows'),
        message: `the data flows read ${readStreams.length} streams (${readStreams.join(', ')}); say which one the records are sent to (--stream)`,
      });
      return report([]);
    }
    stream = readStreams[0];
  }

  // 3. The pipeline's compilation of the stream and its per-record step.
  const compiler: TransformCompiler = fixedNow
    ? (kql, target) => compileTransform(kql, { input: target.input, outputTable: target.outputTable, runtime: fixedClock(BigInt(now.getTime()) * 10_000n) })
    : kqlTransformCompiler;
  let cs;
  try {
    cs = compileStream(dcr, stream, { getTable: input.getTable, compileTransform: compiler });
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    problems.push({
      severity: 'error',
      code: e.code === 'unknown_stream' ? DRY_RUN_CODES.stream : e.code,
      message: `${e.message} Every request to this stream would be refused.`,
      ...at(e.code === 'unknown_stream' ? 'properties.streamDeclarations' : 'properties.dataFlows'),
    });
    return report([]);
  }
  const { run, problems: recordProblems } = runStream(cs, input.records, {
    getTable: input.getTable,
    now,
    ...(input.inputOrigin?.file !== undefined ? { inputFile: input.inputOrigin.file } : {}),
    ...(input.inputOrigin?.recordPointer ? { recordPointer: input.inputOrigin.recordPointer } : {}),
  });
  problems.push(...recordProblems);
  return report([run]);
}
