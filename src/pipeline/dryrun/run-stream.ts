// Runs records through one compiled stream exactly as the pipeline would (`processRecord`, the
// pipeline's own per-record step) and keeps, per record, what each flow made of it: the row as it
// would be written to the table (the encoded NDJSON, read back), a `where` that filtered it, a dead
// letter and its reason, the undeclared properties dropped. Nothing is written anywhere.
//
// One difference from a request, on purpose: a value that does not take its declared type makes the
// Logs Ingestion API refuse the whole request (400); the dry run reports that record as an error
// and goes on with the next one, so one run shows every problem of the input.
import { formatDatetime } from '../../kql/runtime/datetime.js';
import { formatTimespan } from '../../kql/runtime/timespan.js';
import type { KqlType } from '../../kql/runtime/types.js';
import type { TableDef } from '../../workspace/model.js';
import type { CompiledStream } from '../compile-stream.js';
import { IngestCounters, type RequestTally, type StreamCounters } from '../counters.js';
import type { DeadLetter } from '../dead-letter.js';
import { newRowContext } from '../encode/row-encoder.js';
import { IngestError } from '../errors.js';
import { processRecord, type RecordSink } from '../process-record.js';
import { DRY_RUN_CODES, type DryRunProblem } from './problems.js';

export interface DryRunColumn {
  name: string;
  type: KqlType;
}

export interface DryRunRow {
  /** Index of the input record. */
  record: number;
  /** The row as the table would receive it (nulls and empty strings absent, as stored). */
  values: Record<string, unknown>;
  /** TimeGenerated was missing and is shown as the ingestion time the table fills in. */
  timeGeneratedFilled?: true;
}

export interface DryRunDeadLetter {
  record: number;
  reason: string;
  detail: string;
  field?: string;
}

export interface FlowRun {
  /** Position in the DCR's dataFlows. */
  index: number;
  outputTable: string;
  /** The flow's transformKql (`source` when absent). */
  transformKql: string;
  passThrough: boolean;
  /** The columns the flow writes, in row order, with the table's types. */
  columns: DryRunColumn[];
  /** Columns the flow produces that the table lacks: not stored (Azure drops them). */
  columnsNotInTable: string[];
  rows: DryRunRow[];
  /** Records the flow's `where` dropped. */
  filtered: number[];
  deadLetters: DryRunDeadLetter[];
}

export interface StreamRun {
  stream: string;
  records: number;
  /** Records for which the real request would be refused (400): a value not of its declared type, not an object. */
  refused: number[];
  /** Undeclared properties dropped (Azure drops them), each with the records that had it. */
  droppedFields: Record<string, number[]>;
  /** String values cut to the 64 KB field limit, per column. */
  truncatedFields: Record<string, number[]>;
  flows: FlowRun[];
  /**
   * The pipeline's own counters (`IngestPipeline.snapshot()` shape) for these records: the records
   * the API accepts as one committed request, each refused record as one refused request.
   */
  counters: StreamCounters;
}

export interface RunStreamOptions {
  getTable(name: string): TableDef | undefined;
  /** The ingestion time shown for rows whose TimeGenerated the table fills in. */
  now: Date;
  /** Locates input records in problems. */
  inputFile?: string;
  recordPointer?(index: number): string;
}

export function runStream(cs: CompiledStream, records: readonly unknown[], options: RunStreamOptions): { run: StreamRun; problems: DryRunProblem[] } {
  const problems: DryRunProblem[] = [];
  const pointerOf = options.recordPointer ?? ((i: number) => `/${i}`);
  const ingestionTime = formatDatetime(BigInt(options.now.getTime()) * 10_000n);
  const flows: FlowRun[] = cs.flows.map((flow) => {
    const dcrFlow = cs.dcr.dataFlows[flow.index];
    const table = options.getTable(flow.outputTable);
    const types = new Map((table?.columns ?? []).map((c) => [c.name, c.type]));
    const produced = flow.passThrough ? cs.columns : flow.transform!.outputSchema;
    return {
      index: flow.index,
      outputTable: flow.outputTable,
      transformKql: dcrFlow?.transformKql ?? 'source',
      passThrough: flow.passThrough,
      columns: produced.filter((c) => types.has(c.name)).map((c) => ({ name: c.name, type: types.get(c.name)! })),
      columnsNotInTable: [...flow.columnsNotInTable],
      rows: [],
      filtered: [],
      deadLetters: [],
    };
  });
  const run = { stream: cs.stream, records: records.length, refused: [] as number[], droppedFields: {} as Record<string, number[]>, truncatedFields: {} as Record<string, number[]>, flows };
  const timespanCols = flows.map((f) => f.columns.filter((c) => c.type === 'timespan').map((c) => c.name));
  const ctx = newRowContext();
  const refusedCodes = new Map<number, string>();

  // Outcomes of the current record, applied only if the record is not refused.
  let rows: { f: number; line: string; filled: boolean }[] = [];
  let filled = new Set<number>();
  let filteredBy: number[] = [];
  let dead: { f: number; d: DeadLetter }[] = [];
  let dropped: string[] = [];
  let truncated: string[] = [];
  const sink: RecordSink = {
    row: (f, line) => rows.push({ f, line, filled: filled.has(f) }),
    filtered: (f) => filteredBy.push(f),
    dead: (f, d) => dead.push({ f, d }),
    dropped: (k) => dropped.push(k),
    truncated: (k) => truncated.push(k),
    timeGeneratedFilled: (f) => filled.add(f),
  };

  for (let i = 0; i < records.length; i++) {
    rows = [];
    filled = new Set();
    filteredBy = [];
    dead = [];
    dropped = [];
    truncated = [];
    try {
      processRecord(cs, records[i], i, ctx, sink);
    } catch (e) {
      if (!(e instanceof IngestError)) throw e;
      run.refused.push(i);
      refusedCodes.set(i, e.code);
      const field = e.detail.field;
      problems.push({
        severity: 'error',
        code: e.code === 'uncoercible_value' ? DRY_RUN_CODES.uncoercible : DRY_RUN_CODES.invalidRecord,
        message: `${e.message} The Logs Ingestion API refuses the whole request (400) and stores none of it.`,
        ...(options.inputFile !== undefined ? { file: options.inputFile } : {}),
        pointer: pointerOf(i) + (field !== undefined ? '/' + field.replace(/~/g, '~0').replace(/\//g, '~1') : ''),
        record: i,
      });
      ctx.failKind = null;
      ctx.defaulted = false;
      ctx.truncated.length = 0;
      continue;
    }
    for (const k of dropped) (run.droppedFields[k] ??= []).push(i);
    for (const k of truncated) (run.truncatedFields[k] ??= []).push(i);
    for (const f of filteredBy) flows[f].filtered.push(i);
    for (const { f, d } of dead) {
      const dl: DryRunDeadLetter = { record: i, reason: d.reason, detail: d.detail, ...(d.field !== undefined ? { field: d.field } : {}) };
      flows[f].deadLetters.push(dl);
      problems.push({
        severity: 'error',
        code: DRY_RUN_CODES.deadLetter,
        message: `data flow ${flows[f].index} (→ ${flows[f].outputTable}) cannot store this record: ${d.reason}: ${d.detail} It would go to the dead-letter table.`,
        ...(options.inputFile !== undefined ? { file: options.inputFile } : {}),
        pointer: pointerOf(i),
        flow: flows[f].index,
        record: i,
      });
    }
    for (const r of rows) {
      const values = JSON.parse(r.line) as Record<string, unknown>;
      for (const name of timespanCols[r.f]) {
        const v = values[name];
        if (typeof v === 'number' || typeof v === 'string') values[name] = formatTimespan(BigInt(v));
      }
      const row: DryRunRow = { record: i, values };
      if (r.filled) {
        row.values = { TimeGenerated: ingestionTime, ...values };
        row.timeGeneratedFilled = true;
        problems.push({
          severity: 'warning',
          code: DRY_RUN_CODES.timeGeneratedFilled,
          message: `data flow ${flows[r.f].index} (→ ${flows[r.f].outputTable}) produces no TimeGenerated for this record; it is stored with the ingestion time (as Azure Monitor does: the time of _TimeReceived).`,
          ...(options.inputFile !== undefined ? { file: options.inputFile } : {}),
          pointer: pointerOf(i),
          flow: flows[r.f].index,
          record: i,
        });
      }
      flows[r.f].rows.push(row);
    }
  }
  // The same counters the pipeline keeps, fed the same tally.
  const counters = new IngestCounters();
  const route = { dcrImmutableId: cs.dcr.immutableId, dcrName: cs.dcr.name, stream: cs.stream };
  const count = (m: Record<string, number[]>): Map<string, number> | null => {
    const e = Object.entries(m);
    return e.length > 0 ? new Map(e.map(([k, v]) => [k, v.length])) : null;
  };
  const tally: RequestTally = {
    records: records.length - run.refused.length,
    bytes: 0,
    droppedFields: count(run.droppedFields),
    truncatedFields: count(run.truncatedFields),
    flows: flows.map((f) => {
      const byReason = new Map<string, number>();
      for (const d of f.deadLetters) byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + 1);
      return { index: f.index, outputTable: f.outputTable, stored: f.rows.length, filtered: f.filtered.length, timeGeneratedFilled: f.rows.filter((r) => r.timeGeneratedFilled).length, deadLettered: byReason.size > 0 ? byReason : null };
    }),
  };
  counters.committed(route.dcrImmutableId, route.dcrName, route.stream, tally, options.now);
  for (const i of run.refused) counters.rejected(refusedCodes.get(i) ?? 'uncoercible_value', route);
  return { run: { ...run, counters: counters.snapshot().streams[0] }, problems };
}
