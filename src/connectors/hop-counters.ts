// The pipeline's per-hop counters (received, refused, dropped fields, filtered, dead-lettered,
// stored) narrowed to one connector: the streams of the DCRs its data connectors post to, the flows
// that write its tables, and Data Collector API traffic into its tables. The shape of the counters is
// declared here structurally, so this layer does not import the pipeline (it only reads a snapshot).

export interface FlowCountersLike {
  outputTable: string;
  rowsStored: number;
  filtered: number;
  deadLettered: Record<string, number>;
}

export interface StreamCountersLike {
  dcrImmutableId: string;
  dcrName: string;
  stream: string;
  requests: number;
  records: number;
  bytes: number;
  rejected: Record<string, number>;
  droppedFields: Record<string, number>;
  truncatedFields: Record<string, number>;
  flows: FlowCountersLike[];
  lastIngestAt: string | null;
}

/** Anything that can give a counters snapshot: the ingest pipeline (`IngestPipeline.snapshot`). */
export interface HopCounterSource {
  snapshot(): { streams: StreamCountersLike[] };
}

export interface HopStream {
  dcrName: string;
  dcrImmutableId: string;
  stream: string;
  requests: number;
  /** Records received in committed requests. */
  received: number;
  /** Refused requests by error code. */
  rejectedRequests: Record<string, number>;
  /** Undeclared fields dropped, by field name. */
  droppedFields: Record<string, number>;
  truncatedFields: Record<string, number>;
  flows: { outputTable: string; filtered: number; deadLettered: Record<string, number>; stored: number }[];
  lastIngestAt: string | null;
}

export interface HopCounters {
  streams: HopStream[];
  totals: { received: number; rejectedRequests: number; filtered: number; droppedFields: number; deadLettered: number; stored: number };
}

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

/**
 * The counters that concern a connector. A stream counts when its DCR is one of `dcrImmutableIds`,
 * or when one of its flows writes one of `tables` (Data Collector API traffic has no DCR and is
 * counted per table).
 */
export function hopCountersFor(source: HopCounterSource, dcrImmutableIds: readonly string[], tables: readonly string[]): HopCounters {
  const dcrs = new Set(dcrImmutableIds);
  const tableSet = new Set(tables.map((t) => t.toLowerCase()));
  const streams: HopStream[] = [];
  for (const s of source.snapshot().streams) {
    const writesOurs = s.flows.some((f) => tableSet.has(f.outputTable.toLowerCase()));
    if (!dcrs.has(s.dcrImmutableId) && !writesOurs) continue;
    streams.push({
      dcrName: s.dcrName,
      dcrImmutableId: s.dcrImmutableId,
      stream: s.stream,
      requests: s.requests,
      received: s.records,
      rejectedRequests: { ...s.rejected },
      droppedFields: { ...s.droppedFields },
      truncatedFields: { ...s.truncatedFields },
      flows: s.flows.map((f) => ({ outputTable: f.outputTable, filtered: f.filtered, deadLettered: { ...f.deadLettered }, stored: f.rowsStored })),
      lastIngestAt: s.lastIngestAt,
    });
  }
  const totals = { received: 0, rejectedRequests: 0, filtered: 0, droppedFields: 0, deadLettered: 0, stored: 0 };
  for (const s of streams) {
    totals.received += s.received;
    totals.rejectedRequests += sum(s.rejectedRequests);
    totals.droppedFields += sum(s.droppedFields);
    for (const f of s.flows) {
      totals.filtered += f.filtered;
      totals.deadLettered += sum(f.deadLettered);
      totals.stored += f.stored;
    }
  }
  return { streams, totals };
}
