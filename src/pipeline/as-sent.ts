// Storing a request as it was sent. When a stream has one data flow, that flow is a pass-through,
// and every record would be encoded to exactly the JSON it arrived as (encode/as-sent-check.ts),
// the request body's bytes between its brackets are the rows: they go to the storage engine as they
// are (AppendBatch.jsonElements) and no record is serialised again. Any record that is not as sent
// sends the whole request down the ordinary path, which then also produces its errors: this path
// only ever stores what the ordinary one would, and decides nothing on its own.
import { isUtf8 } from 'node:buffer';
import type { CompiledFlow } from './compile-stream.js';
import { isRecord } from './process-record.js';

/**
 * The elements of a request body — the bytes between the outer `[` and `]`, or a single object's
 * bytes — or null when they cannot be stored as they are: not UTF-8 (the parser replaced bad
 * sequences), or a line break in them (the journal keeps line breaks between rows only, for the
 * salvage of a failed load; compact bodies, as every SDK sends them, have none).
 */
export function bodyElements(raw: Buffer): Buffer | null {
  let a = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  let b = raw.length;
  while (a < b && isJsonSpace(raw[a]!)) a++;
  while (b > a && isJsonSpace(raw[b - 1]!)) b--;
  if (b - a < 2) return null;
  let inner: Buffer;
  if (raw[a] === 0x5b && raw[b - 1] === 0x5d) inner = raw.subarray(a + 1, b - 1);
  else if (raw[a] === 0x7b && raw[b - 1] === 0x7d) inner = raw.subarray(a, b);
  else return null;
  if (inner.indexOf(0x0a) !== -1 || !isUtf8(inner)) return null;
  return inner;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export interface AsSentTally {
  /** Undeclared properties (none of them a column), dropped by the load as Azure drops them. */
  dropped: Map<string, number> | null;
  /** Records without TimeGenerated: the table's load-time default fills it in. */
  timeGeneratedFilled: number;
}

/**
 * Checks records `from`..`to` (exclusive) of a request for the as-sent path, adding to `tally`.
 * False as soon as one is not as sent.
 */
export function checkAsSent(
  flow: CompiledFlow,
  declared: Record<string, true>,
  records: readonly unknown[],
  from: number,
  to: number,
  tally: AsSentTally,
): boolean {
  const { check, tableColumns } = flow.asSent!;
  for (let i = from; i < to; i++) {
    const rec = records[i];
    if (!isRecord(rec)) return false;
    for (const k in rec) {
      if (declared[k] === true) continue;
      if (tableColumns[k] === true) return false;
      const dropped = (tally.dropped ??= new Map());
      dropped.set(k, (dropped.get(k) ?? 0) + 1);
    }
    const r = check(rec);
    if (r === 0) return false;
    if (r === 2) tally.timeGeneratedFilled++;
  }
  return true;
}
