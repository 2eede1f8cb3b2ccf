// What happens to one received record: the declaration check (undeclared properties dropped and
// counted), then for each data flow that reads the stream either the pass-through encoder or
// coercion → compiled transform → row encoder, ending in a stored row, a record filtered by a
// `where`, or a dead letter with its reason. This is the one definition of that step: the
// ingestion pipeline (pipeline.ts) and the transform dry run (dryrun/) both call it, so a dry run
// shows exactly what ingestion would do.
//
// The outcomes go to a sink instead of being collected here, so the pipeline writes rows straight
// into its NDJSON buffers and the dry run keeps them per record.
import { CoercionFailure, type CompiledStream } from './compile-stream.js';
import type { DeadLetter } from './dead-letter.js';
import type { RowContext } from './encode/row-encoder.js';
import { IngestError } from './errors.js';
import { transformFailureReason } from './transform.js';

/** Dead-letter reason: a value does not fit its column. */
export const REASON_NOT_STORABLE = 'ValueNotStorable';

export interface RecordSink {
  /** Flow at position `f` of `cs.flows` produced this NDJSON row (without the trailing newline). */
  row(f: number, line: string): void;
  /** Flow `f`'s `where` dropped the record. */
  filtered(f: number): void;
  /** Flow `f` could not store the record; it goes to the dead-letter table. */
  dead(f: number, d: DeadLetter): void;
  /** An undeclared property of the record was dropped (Azure drops them silently). */
  dropped(field: string): void;
  /** A string value of `field` was cut to the 64 KB field limit. */
  truncated(field: string): void;
  /**
   * Flow `f`'s row has no TimeGenerated: it is stored without one and the table's load-time default
   * fills in the ingestion time (the time `_TimeReceived` holds), as Azure Monitor documents.
   */
  timeGeneratedFilled(f: number): void;
}

/**
 * Processes record `i` of a request. Throws IngestError when the whole request must be refused: the
 * record is not a JSON object (`invalid_payload`), or a value does not take the type its stream
 * declares (`uncoercible_value`). Outcomes reported to the sink before such a throw must be discarded.
 */
export function processRecord(cs: CompiledStream, rec: unknown, i: number, ctx: RowContext, sink: RecordSink): void {
  if (!isRecord(rec)) {
    throw new IngestError('invalid_payload', `Record ${i} of the request body is not a JSON object.`, { recordIndex: i });
  }
  const declared = cs.declared;
  for (const k in rec) if (declared[k] !== true) sink.dropped(k);
  const flows = cs.flows;
  let typed: ReturnType<CompiledStream['coerce']> | undefined;
  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f];
    let line: string | null;
    if (flow.passThrough) {
      line = flow.encodeRecord!(rec, ctx);
    } else {
      if (typed === undefined) {
        typed = cs.coerce(rec);
        if (typed instanceof CoercionFailure) throw uncoercible(cs, i, typed.field, typed.type, typed.value);
      }
      let row;
      try {
        row = flow.transform!.run(typed as never);
      } catch (e) {
        sink.dead(f, { flowIndex: flow.index, outputTable: flow.outputTable, reason: transformFailureReason(e), detail: (e as Error)?.message ?? String(e), recordIndex: i, record: rec });
        continue;
      }
      if (row === null) {
        sink.filtered(f);
        continue;
      }
      line = flow.encodeOutput!(row, ctx);
    }
    if (ctx.truncated.length > 0) {
      for (const k of ctx.truncated) sink.truncated(k);
      ctx.truncated.length = 0;
    }
    if (line !== null) {
      if (ctx.defaulted) {
        ctx.defaulted = false;
        sink.timeGeneratedFilled(f);
      }
      sink.row(f, line);
      continue;
    }
    const kind = ctx.failKind;
    ctx.failKind = null;
    ctx.defaulted = false;
    if (kind === 'uncoercible') {
      const col = cs.columns.find((c) => c.name === ctx.failField);
      throw uncoercible(cs, i, ctx.failField, col?.type ?? 'string', ctx.failValue);
    }
    sink.dead(f, {
      flowIndex: flow.index, outputTable: flow.outputTable, reason: REASON_NOT_STORABLE,
      detail: `The value ${preview(ctx.failValue)} of column '${ctx.failField}' cannot be stored in table '${flow.outputTable}'.`,
      field: ctx.failField, recordIndex: i, record: rec,
    });
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function uncoercible(cs: CompiledStream, index: number, field: string, type: string, value: unknown): IngestError {
  return new IngestError(
    'uncoercible_value',
    `Record ${index}: the value ${preview(value)} of field '${field}' cannot be converted to ${type}, the type stream '${cs.stream}' declares for it.`,
    { recordIndex: index, field, declaredType: type },
  );
}

/** A short JSON rendering of a value for messages. */
export function preview(v: unknown): string {
  let s: string;
  try {
    s = v === undefined ? 'undefined' : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}
