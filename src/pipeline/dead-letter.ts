// The dead-letter table: where a record goes when a flow cannot store it (its transform failed at
// run time, a value cannot be represented in its column, TimeGenerated is missing) instead of
// disappearing. It is an ordinary custom table of the workspace, so it is queryable with KQL like
// any other: `VigilDeadLetter_CL | summarize count() by Reason, Stream`.
import type { WorkspaceService } from '../workspace/service.js';

export const DEAD_LETTER_TABLE = 'VigilDeadLetter_CL';

export const DEAD_LETTER_COLUMNS = [
  { name: 'TimeGenerated', type: 'datetime', description: 'When Vigil received the record.' },
  { name: 'DcrImmutableId', type: 'string', description: 'The data collection rule the record was sent to.' },
  { name: 'DcrName', type: 'string', description: 'Name of that rule.' },
  { name: 'Stream', type: 'string', description: 'The input stream the record was sent to.' },
  { name: 'FlowIndex', type: 'int', description: "Position of the data flow in the rule's dataFlows." },
  { name: 'OutputTable', type: 'string', description: 'The table the flow would have written.' },
  { name: 'Reason', type: 'string', description: 'Stable reason code (TransformFailed, ValueNotStorable, …).' },
  { name: 'Detail', type: 'string', description: 'What went wrong, for a person.' },
  { name: 'Field', type: 'string', description: 'The column at fault, when one is.' },
  { name: 'RecordIndex', type: 'int', description: 'Index of the record in the request body.' },
  { name: 'RequestId', type: 'string', description: "The sender's x-ms-client-request-id, when it sent one." },
  { name: 'Record', type: 'dynamic', description: 'The record exactly as received.' },
] as const;

/** Creates the dead-letter table when it does not exist (idempotent). */
export async function ensureDeadLetterTable(ws: WorkspaceService, name = DEAD_LETTER_TABLE): Promise<void> {
  if (ws.getTable(name)) return;
  await ws.putTable(name, {
    properties: {
      plan: 'Analytics',
      schema: {
        name,
        description: 'Records Vigil received but could not store in their destination table, with the reason.',
        columns: DEAD_LETTER_COLUMNS.map((c) => ({ ...c })),
      },
    },
  });
}

export interface DeadLetter {
  flowIndex: number;
  outputTable: string;
  reason: string;
  detail: string;
  field?: string;
  recordIndex: number;
  record: unknown;
}

/** Request-wide values of the dead-letter rows, encoded once per request. */
export interface DeadLetterHeader {
  /** Pre-encoded NDJSON tokens. */
  timeGenerated: string;
  dcrImmutableId: string;
  dcrName: string;
  stream: string;
  requestId: string | null;
}

export function deadLetterHeader(at: Date, dcrImmutableId: string, dcrName: string, stream: string, requestId?: string): DeadLetterHeader {
  return {
    timeGenerated: JSON.stringify(at.toISOString()),
    dcrImmutableId: JSON.stringify(dcrImmutableId),
    dcrName: JSON.stringify(dcrName),
    stream: JSON.stringify(stream),
    requestId: requestId ? JSON.stringify(requestId) : null,
  };
}

/** One NDJSON line of the dead-letter table. */
export function encodeDeadLetter(h: DeadLetterHeader, d: DeadLetter): string {
  let line =
    '{"TimeGenerated":' + h.timeGenerated +
    ',"DcrImmutableId":' + h.dcrImmutableId +
    ',"DcrName":' + h.dcrName +
    ',"Stream":' + h.stream +
    ',"FlowIndex":' + d.flowIndex +
    ',"OutputTable":' + JSON.stringify(d.outputTable) +
    ',"Reason":' + JSON.stringify(d.reason) +
    ',"Detail":' + JSON.stringify(d.detail) +
    ',"RecordIndex":' + d.recordIndex;
  if (d.field !== undefined) line += ',"Field":' + JSON.stringify(d.field);
  if (h.requestId !== null) line += ',"RequestId":' + h.requestId;
  if (d.record !== undefined && d.record !== null) line += ',"Record":' + JSON.stringify(d.record);
  return line + '}';
}
