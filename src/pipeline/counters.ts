// What the pipeline received, stored, filtered, dead-lettered and dropped, per DCR and stream, each
// with a reason. These counters are the honest account behind the connector status page and
// `/health`: a record that did not become a row is always counted somewhere here.
//
// Counts of a request are added only once its outcome is final: after the commit for stored
// requests, or when it is refused (then only `rejected` moves).

export interface FlowCounters {
  /** Position of the flow in the DCR's dataFlows (at the time of counting). */
  index: number;
  outputTable: string;
  rowsStored: number;
  /** Records a `where` of the flow's transform dropped. */
  filtered: number;
  /** Rows stored without a TimeGenerated value, which the table filled with the ingestion time. */
  timeGeneratedFilled: number;
  /** Records sent to the dead-letter table, by reason. */
  deadLettered: Record<string, number>;
}

export interface StreamCounters {
  dcrImmutableId: string;
  dcrName: string;
  stream: string;
  /** Requests whose records were committed (including empty ones). */
  requests: number;
  /** Records in those requests. */
  records: number;
  /** Request bytes as sent (compressed when gzipped) of those requests. */
  bytes: number;
  /** Refused requests, by error code (`uncoercible_value`, `ContentLengthLimitExceeded`, …). */
  rejected: Record<string, number>;
  /** Undeclared properties dropped, by property name (Azure drops them silently). */
  droppedFields: Record<string, number>;
  /** String values cut to the 64 KB field limit, by column. */
  truncatedFields: Record<string, number>;
  flows: FlowCounters[];
  /** ISO time of the last committed request. */
  lastIngestAt: string | null;
}

export interface IngestCountersSnapshot {
  streams: StreamCounters[];
  /** Requests refused before a DCR and stream were known (401, unknown DCR, …), by code. */
  unrouted: Record<string, number>;
}

/** The counts of one committed request, as the pipeline collected them. */
export interface RequestTally {
  records: number;
  bytes: number;
  droppedFields: Map<string, number> | null;
  truncatedFields: Map<string, number> | null;
  flows: { index: number; outputTable: string; stored: number; filtered: number; timeGeneratedFilled?: number; deadLettered: Map<string, number> | null }[];
}

/** Caps the distinct field names kept per stream, so a sender inventing keys cannot grow memory without bound. */
const MAX_FIELD_KEYS = 1000;
const OTHER_FIELDS = '(other fields)';

function bump(target: Record<string, number>, key: string, n: number, cap = Infinity): void {
  if (!(key in target) && Object.keys(target).length >= cap) key = OTHER_FIELDS;
  target[key] = (target[key] ?? 0) + n;
}

export class IngestCounters {
  private readonly streams = new Map<string, StreamCounters>();
  private readonly unrouted: Record<string, number> = Object.create(null) as Record<string, number>;

  private entry(dcrImmutableId: string, dcrName: string, stream: string): StreamCounters {
    const key = `${dcrImmutableId}\u0000${stream}`;
    let s = this.streams.get(key);
    if (!s) {
      s = {
        dcrImmutableId, dcrName, stream, requests: 0, records: 0, bytes: 0,
        rejected: Object.create(null) as Record<string, number>,
        droppedFields: Object.create(null) as Record<string, number>,
        truncatedFields: Object.create(null) as Record<string, number>,
        flows: [], lastIngestAt: null,
      };
      this.streams.set(key, s);
    }
    s.dcrName = dcrName;
    return s;
  }

  /** Adds a committed request. */
  committed(dcrImmutableId: string, dcrName: string, stream: string, tally: RequestTally, at: Date): void {
    const s = this.entry(dcrImmutableId, dcrName, stream);
    s.requests++;
    s.records += tally.records;
    s.bytes += tally.bytes;
    s.lastIngestAt = at.toISOString();
    if (tally.droppedFields) for (const [k, n] of tally.droppedFields) bump(s.droppedFields, k, n, MAX_FIELD_KEYS);
    if (tally.truncatedFields) for (const [k, n] of tally.truncatedFields) bump(s.truncatedFields, k, n, MAX_FIELD_KEYS);
    for (const f of tally.flows) {
      let fc = s.flows.find((x) => x.index === f.index && x.outputTable === f.outputTable);
      if (!fc) {
        fc = { index: f.index, outputTable: f.outputTable, rowsStored: 0, filtered: 0, timeGeneratedFilled: 0, deadLettered: Object.create(null) as Record<string, number> };
        s.flows.push(fc);
        s.flows.sort((a, b) => a.index - b.index || a.outputTable.localeCompare(b.outputTable));
      }
      fc.rowsStored += f.stored;
      fc.filtered += f.filtered;
      fc.timeGeneratedFilled += f.timeGeneratedFilled ?? 0;
      if (f.deadLettered) for (const [k, n] of f.deadLettered) bump(fc.deadLettered, k, n);
    }
  }

  /** Adds a refused request: for a known DCR and stream, or `unrouted` when they are not known. */
  rejected(code: string, route?: { dcrImmutableId: string; dcrName: string; stream: string }): void {
    if (route) bump(this.entry(route.dcrImmutableId, route.dcrName, route.stream).rejected, code, 1);
    else bump(this.unrouted, code, 1);
  }

  snapshot(): IngestCountersSnapshot {
    const streams = [...this.streams.values()]
      .map((s) => ({ ...s, rejected: { ...s.rejected }, droppedFields: { ...s.droppedFields }, truncatedFields: { ...s.truncatedFields }, flows: s.flows.map((f) => ({ ...f, deadLettered: { ...f.deadLettered } })) }))
      .sort((a, b) => a.dcrName.localeCompare(b.dcrName) || a.stream.localeCompare(b.stream));
    return { streams, unrouted: { ...this.unrouted } };
  }
}
