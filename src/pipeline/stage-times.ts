// Where the time of committed requests goes, per stage, summed since start: the surface's decode
// (gunzip) and parse, the pipeline's encode (declaration check, transforms, row encoding) and the wait for
// the durable commit. Cheap enough to keep always on (two clock reads per stage per request), and
// what the ingest benchmark reads to name a bottleneck.

export interface StageTimesSnapshot {
  requests: number;
  records: number;
  /** Requests whose body was stored as sent, without encoding a row (as-sent.ts). */
  asSentRequests: number;
  decodeMs: number;
  parseMs: number;
  encodeMs: number;
  /** Waiting for the group commit (write + fsync), other requests' work interleaved. */
  commitMs: number;
}

export class StageTimes {
  requests = 0;
  records = 0;
  asSentRequests = 0;
  decodeMs = 0;
  parseMs = 0;
  encodeMs = 0;
  commitMs = 0;

  snapshot(): StageTimesSnapshot {
    return { requests: this.requests, records: this.records, asSentRequests: this.asSentRequests, decodeMs: this.decodeMs, parseMs: this.parseMs, encodeMs: this.encodeMs, commitMs: this.commitMs };
  }
}
