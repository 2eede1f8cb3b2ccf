// The ingestion pipeline shared by every surface: a parsed request body for (DCR, stream) goes
// through the stream declaration check, each data flow's transform and routing, is encoded to the
// NDJSON of each output table, and is committed durably — all output rows of a request, in every
// table, dead letters included, in one atomic `append`. The caller acknowledges only after
// `ingest` resolves: a resolved receipt means the rows are fsynced.
//
// A record travels forward only: it is parsed once by the surface, coerced and encoded once here
// (straight from the parsed JSON for pass-through flows) — or, when the request would be stored
// exactly as sent, not encoded at all: its body's bytes are the rows (as-sent.ts) — and the storage
// engine never re-parses it before its bulk load.
import type { AppendBatch, StorageEngine } from '../storage/engine.js';
import { StorageError } from '../storage/engine.js';
import type { DataCollectionRule } from '../workspace/model.js';
import type { WorkspaceService } from '../workspace/service.js';
import { CompiledStreamCache } from './compiled-cache.js';
import type { CompiledStream } from './compile-stream.js';
import { IngestCounters, type IngestCountersSnapshot, type RequestTally } from './counters.js';
import { DEAD_LETTER_TABLE, deadLetterHeader, encodeDeadLetter, ensureDeadLetterTable, type DeadLetter } from './dead-letter.js';
import { bodyElements, checkAsSent, type AsSentTally } from './as-sent.js';
import { RowsBuffer } from './encode/rows-buffer.js';
import { newRowContext, type RowContext } from './encode/row-encoder.js';
import { IngestError } from './errors.js';
import { StageTimes } from './stage-times.js';
import { isRecord, processRecord, type RecordSink } from './process-record.js';
import { kqlTransformCompiler, type TransformCompiler } from './transform.js';
import { RequestGate } from './request-gate.js';

export interface IngestPipelineOptions {
  workspace: WorkspaceService;
  engine: Pick<StorageEngine, 'append'>;
  /**
   * Compiles flows' non-trivial transformKql. Default: the KQL runtime's row compiler. `null`
   * disables transforms (such flows are refused with `transform_unavailable`).
   */
  compileTransform?: TransformCompiler | null;
  now?: () => Date;
}

export interface IngestRequest {
  dcrImmutableId: string;
  stream: string;
  /** The parsed request body: an array of records (or a single record, treated as one-element array). */
  body: unknown;
  /** Request body size as sent (for counters). */
  bytes?: number;
  /** The sender's request id (x-ms-client-request-id), recorded on dead letters. */
  requestId?: string;
  /**
   * The decoded body (UTF-8 JSON) that `body` was parsed from. Given, it lets the pipeline store a
   * request that needs no re-encoding as it was sent (as-sent.ts).
   */
  raw?: Buffer;
}

export interface IngestReceipt {
  /** Records in the request. */
  records: number;
  /** Rows written to output tables (one record can make a row in each of several flows' tables). */
  rowsStored: number;
  /** Records dropped by a flow's `where`. */
  filtered: number;
  /** Records (per flow) written to the dead-letter table instead of their table. */
  deadLettered: number;
  /** Undeclared properties dropped. */
  droppedFields: number;
  /** String values cut to the 64 KB field limit. */
  truncatedFields: number;
  /**
   * Rows stored without a TimeGenerated (the transform produced null, or a pass-through stream has
   * none): the table fills in the ingestion time, the value of `_TimeReceived`.
   */
  timeGeneratedFilled: number;
  /** Rows per output table (the dead-letter table included when used). */
  tables: Record<string, number>;
  /** The group commit that made the rows durable; null when there was nothing to store. */
  commit: number | null;
}

/** Records encoded between two yields to the event loop. */
const SLICE_RECORDS = 256;
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Initial NDJSON room per record (bytes): a typical request's rows fit without growing the buffer. */
const BYTES_PER_RECORD_GUESS = 560;

export class IngestPipeline {
  readonly counters = new IngestCounters();
  /** Time per stage of committed requests (surfaces add their decode and parse times). */
  readonly stages = new StageTimes();
  private readonly ws: WorkspaceService;
  private readonly engine: Pick<StorageEngine, 'append'>;
  private readonly cache: CompiledStreamCache;
  private readonly now: () => Date;
  private readonly ctx: RowContext = newRowContext();
  private readonly gate = new RequestGate();

  private constructor(options: IngestPipelineOptions) {
    this.ws = options.workspace;
    this.engine = options.engine;
    this.cache = new CompiledStreamCache(options.workspace, options.compileTransform === null ? undefined : options.compileTransform ?? kqlTransformCompiler);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Opens the pipeline. The dead-letter table is created with the first dead letter, so a workspace
   * that never needed one does not list it.
   */
  static async open(options: IngestPipelineOptions): Promise<IngestPipeline> {
    return new IngestPipeline(options);
  }

  get isAccepting(): boolean {
    return this.gate.isAccepting;
  }

  /** The DCR with this immutable id, or undefined (a synchronous lookup, for authorisation before the body is read). */
  dcr(dcrImmutableId: string): DataCollectionRule | undefined {
    return this.ws.getDcrByImmutableId(dcrImmutableId);
  }

  /**
   * Checks that the DCR exists and one of its data flows reads the stream, compiling it if needed;
   * throws IngestError (`unknown_dcr`, `unknown_stream`, `transform_unavailable`).
   */
  resolve(dcrImmutableId: string, stream: string): CompiledStream {
    return this.cache.get(dcrImmutableId, stream);
  }

  snapshot(): IngestCountersSnapshot {
    return this.counters.snapshot();
  }

  /**
   * Ingests one request. Resolves once every output row is durable; rejects with IngestError and
   * stores nothing when the request is refused (an uncoercible value, a malformed body, …).
   */
  async ingest(req: IngestRequest): Promise<IngestReceipt> {
    return this.gate.run(() => new IngestError('shutting_down', 'The service is shutting down; retry the request.'), () => this.ingestNow(req));
  }

  private async ingestNow(req: IngestRequest): Promise<IngestReceipt> {
    const cs = this.resolve(req.dcrImmutableId, req.stream);
    const route = { dcrImmutableId: cs.dcr.immutableId, dcrName: cs.dcr.name, stream: cs.stream };
    let records: unknown[];
    if (Array.isArray(req.body)) records = req.body;
    else if (isRecord(req.body)) records = [req.body];
    else {
      const e = new IngestError('invalid_payload', 'The request body must be a JSON array of objects.');
      this.counters.rejected(e.code, route);
      throw e;
    }

    let encoded: Encoded;
    const t0 = performance.now();
    try {
      const asSent = req.raw ? await this.encodeAsSent(cs, records, req.raw) : null;
      if (asSent) this.stages.asSentRequests++;
      encoded = asSent ?? (await this.encode(cs, records, req.requestId));
    } catch (e) {
      if (e instanceof IngestError) this.counters.rejected(e.code, route);
      throw e;
    }
    // The parsed records are not needed once encoded. A request then waits for its group commit, and
    // for the load when the load is behind: drop them now, so that the requests waiting do not keep
    // megabytes of objects each alive (and promoted to V8's old generation) for that long.
    const recordCount = records.length;
    records = [];
    req.body = undefined;

    const t1 = performance.now();
    let commit: number | null = null;
    if (encoded.batches.length > 0) {
      if (encoded.deadLetters > 0) await ensureDeadLetterTable(this.ws);
      try {
        commit = (await this.engine.append(encoded.batches)).commit;
      } catch (e) {
        const err = e instanceof StorageError && e.code === 'closed'
          ? new IngestError('shutting_down', 'The service is shutting down; retry the request.', {}, { cause: e })
          : e instanceof StorageError && e.code === 'overloaded'
            ? new IngestError('overloaded', 'The service is catching up with the data it has accepted; retry the request shortly.', {}, { cause: e })
            : new IngestError('storage_failed', `The records could not be stored: ${(e as Error).message}`, {}, { cause: e });
        this.counters.rejected(err.code, route);
        throw err;
      }
    }
    const st = this.stages;
    st.requests++;
    st.records += recordCount;
    st.encodeMs += t1 - t0;
    st.commitMs += performance.now() - t1;
    encoded.tally.bytes = req.bytes ?? 0;
    this.counters.committed(route.dcrImmutableId, route.dcrName, route.stream, encoded.tally, this.now());
    return encoded.receipt(commit);
  }

  /**
   * The request as sent (as-sent.ts), or null when it must be encoded: the stream has other than one
   * pass-through flow, or the body or a record is not as it would be stored.
   */
  private async encodeAsSent(cs: CompiledStream, records: unknown[], raw: Buffer): Promise<Encoded | null> {
    const flow = cs.flows.length === 1 ? cs.flows[0]! : undefined;
    if (!flow?.asSent || records.length === 0) return null;
    const elements = bodyElements(raw);
    if (!elements) return null;
    const tally: AsSentTally = { dropped: null, timeGeneratedFilled: 0 };
    for (let i = 0; i < records.length; i += SLICE_RECORDS) {
      if (i > 0) await yieldToIo();
      if (!checkAsSent(flow, cs.declared, records, i, Math.min(records.length, i + SLICE_RECORDS), tally)) return null;
    }
    const n = records.length;
    const dropped = tally.dropped;
    const filled = tally.timeGeneratedFilled;
    return {
      batches: [{ table: flow.outputTable, jsonElements: elements, rows: n }],
      deadLetters: 0,
      tally: {
        records: n, bytes: 0, droppedFields: dropped, truncatedFields: null,
        flows: [{ index: flow.index, outputTable: flow.outputTable, stored: n, filtered: 0, timeGeneratedFilled: filled, deadLettered: null }],
      },
      receipt: (commit) => ({
        records: n, rowsStored: n, filtered: 0, deadLettered: 0,
        droppedFields: dropped ? [...dropped.values()].reduce((a, b) => a + b, 0) : 0,
        truncatedFields: 0, timeGeneratedFilled: filled, tables: { [flow.outputTable]: n }, commit,
      }),
    };
  }

  /** Encodes every record for every flow; throws IngestError when the request must be refused. */
  private async encode(cs: CompiledStream, records: unknown[], requestId: string | undefined): Promise<Encoded> {
    const ctx = this.ctx;
    const flows = cs.flows;
    // One NDJSON buffer per table: flows writing the same table share it.
    const byTable = new Map<string, RowsBuffer>();
    const initial = Math.min(8 * 1024 * 1024, Math.max(16 * 1024, records.length * BYTES_PER_RECORD_GUESS));
    const out = flows.map((flow) => {
      let b = byTable.get(flow.outputTable);
      if (!b) byTable.set(flow.outputTable, (b = new RowsBuffer(initial)));
      return b;
    });
    const stored = flows.map(() => 0);
    const filtered = flows.map(() => 0);
    const filled = flows.map(() => 0);
    const dead: DeadLetter[] = [];
    let dropped: Map<string, number> | null = null;
    let truncated: Map<string, number> | null = null;
    const sink: RecordSink = {
      row(f, line) {
        out[f].add(line);
        stored[f]++;
      },
      filtered(f) {
        filtered[f]++;
      },
      dead(_f, d) {
        dead.push(d);
      },
      dropped(k) {
        if (dropped === null) dropped = new Map();
        dropped.set(k, (dropped.get(k) ?? 0) + 1);
      },
      truncated(k) {
        if (truncated === null) truncated = new Map();
        truncated.set(k, (truncated.get(k) ?? 0) + 1);
      },
      timeGeneratedFilled(f) {
        filled[f]++;
      },
    };

    for (let i = 0; i < records.length; i++) {
      // Let I/O callbacks run between slices: the journal needs several event-loop turns per group
      // commit, and a 1 MB request encoded in one go would hold all of them back for its duration.
      if (i > 0 && i % SLICE_RECORDS === 0) await yieldToIo();
      processRecord(cs, records[i], i, ctx, sink);
    }

    const deadByFlow = new Map<number, Map<string, number>>();
    if (dead.length > 0) {
      const header = deadLetterHeader(this.now(), cs.dcr.immutableId, cs.dcr.name, cs.stream, requestId);
      let dl = byTable.get(DEAD_LETTER_TABLE);
      if (!dl) byTable.set(DEAD_LETTER_TABLE, (dl = new RowsBuffer()));
      for (const d of dead) {
        dl.add(encodeDeadLetter(header, d));
        let m = deadByFlow.get(d.flowIndex);
        if (!m) deadByFlow.set(d.flowIndex, (m = new Map()));
        m.set(d.reason, (m.get(d.reason) ?? 0) + 1);
      }
    }
    const batches: AppendBatch[] = [];
    const tables: Record<string, number> = {};
    let rowsStored = 0;
    for (const [table, b] of byTable) {
      if (b.rows === 0) continue;
      batches.push({ table, jsonElements: b.bytes(), rows: b.rows });
      tables[table] = b.rows;
      if (table !== DEAD_LETTER_TABLE) rowsStored += b.rows;
    }
    const tally: RequestTally = {
      records: records.length,
      bytes: 0,
      droppedFields: dropped,
      truncatedFields: truncated,
      flows: flows.map((flow, f) => ({ index: flow.index, outputTable: flow.outputTable, stored: stored[f], filtered: filtered[f], timeGeneratedFilled: filled[f], deadLettered: deadByFlow.get(flow.index) ?? null })),
    };
    const recordCount = records.length;
    const sum = (m: Map<string, number> | null): number => (m ? [...m.values()].reduce((a, b) => a + b, 0) : 0);
    const filteredTotal = filtered.reduce((a, b) => a + b, 0);
    return {
      batches,
      deadLetters: dead.length,
      tally,
      receipt: (commit) => ({
        records: recordCount, rowsStored, filtered: filteredTotal, deadLettered: dead.length,
        droppedFields: sum(dropped), truncatedFields: sum(truncated), timeGeneratedFilled: filled.reduce((a, b) => a + b, 0), tables, commit,
      }),
    };
  }

  /** Refuses new requests from now on (they get `shutting_down`); requests in flight complete. */
  beginShutdown(): void {
    this.gate.beginShutdown();
  }

  /** Resolves when no request is in flight. */
  drain(): Promise<void> {
    return this.gate.drain();
  }

  /** Stops accepting, waits for requests in flight, and detaches from the workspace. */
  async close(): Promise<void> {
    this.beginShutdown();
    await this.drain();
    this.cache.close();
  }
}

interface Encoded {
  batches: AppendBatch[];
  deadLetters: number;
  tally: RequestTally;
  receipt(commit: number | null): IngestReceipt;
}
