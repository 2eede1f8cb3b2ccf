// The ingest path of the HTTP Data Collector API: schema-on-write into classic `<Log-Type>_CL`
// tables. A parsed request body goes through flattening, column choice (plan-rows.ts), a schema
// change through the workspace service when new columns are needed, and one atomic, durable
// `append`; the caller answers 200 only after `ingest` resolves.
//
// Schema changes are serialised per table and planned twice: first against the schema as it is,
// without a lock (the common case needs no change and takes no lock); when the plan adds columns,
// again under the table's lock against the schema as it is then — so many clients posting to the
// same new Log-Type at once create one table with one set of columns. Columns are only ever added,
// so rows planned against a schema stay valid after later additions.
import type { StorageEngine, DocumentStore } from '../../storage/engine.js';
import { StorageError } from '../../storage/engine.js';
import type { ColumnDef, TableDef } from '../../workspace/model.js';
import type { WorkspaceService } from '../../workspace/service.js';
import { ValidationFailed } from '../../workspace/errors.js';
import { Serial } from '../../workspace/serial.js';
import { IngestCounters, type RequestTally } from '../counters.js';
import { LegacyIngestError } from './errors.js';
import { flattenRecord } from './flatten.js';
import { logTypeProblem, tableForLogType } from './log-type.js';
import { planRows, type PlannedColumn, type RowPlan } from './plan-rows.js';
import { profileFor, type ClassicProfileInput } from './profiles.js';
import { RequestGate } from '../request-gate.js';

/** Documented limit of one field value (§5.4): 32 KB, longer strings are truncated. */
export const DATA_COLLECTOR_FIELD_LIMIT = 32 * 1024;

/** Reserved property names (§5.3 [doc]); compared case-insensitively [inf]. */
export const RESERVED_PROPERTIES: readonly string[] = ['tenant', 'TimeGenerated', 'RawData'];

/** How Data Collector requests appear in the shared ingest counters (they have no DCR). */
export const COLLECTOR_ROUTE = { dcrImmutableId: 'data-collector-api', dcrName: 'HTTP Data Collector API' } as const;

/** Document kind of the per-table state: which property each collector-made column came from. */
export const COLLECTOR_TABLE_DOC = 'collectorTable';

export interface CollectorTableDoc {
  table: string;
  logType: string;
  createdAt: string;
  /** Column name → the property path it was created for. */
  sources: Record<string, string[]>;
}

export interface LegacyIngestOptions {
  workspace: WorkspaceService;
  engine: Pick<StorageEngine, 'append'>;
  documents: DocumentStore;
  /** Shared counters (e.g. the DCR pipeline's, so one snapshot shows every surface). */
  counters?: IngestCounters;
  /** Per-table compatibility lists, over the built-in ones (profiles.ts). */
  profiles?: Readonly<Record<string, ClassicProfileInput>>;
  maxFieldBytes?: number;
  /** Column limit per table (default 500; tests lower it). */
  maxColumns?: number;
  now?: () => Date;
}

export interface LegacyIngestRequest {
  logType: string;
  /** The parsed body: an array of objects, or one object. */
  body: unknown;
  /** Body size as sent (for counters). */
  bytes?: number;
  /** The `time-generated-field` header. */
  timeGeneratedField?: string;
  /** The `x-ms-AzureResourceId` header. */
  resourceId?: string;
}

export interface LegacyIngestReceipt {
  table: string;
  records: number;
  rowsStored: number;
  /** Columns this request added (the table's creation included). */
  columnsAdded: string[];
  tableCreated: boolean;
  truncatedFields: number;
  droppedFields: number;
  /** Values stored in AdditionalFields because the table is full. */
  overflowFields: number;
  commit: number | null;
}

export class LegacyIngest {
  readonly counters: IngestCounters;
  private readonly ws: WorkspaceService;
  private readonly engine: Pick<StorageEngine, 'append'>;
  private readonly documents: DocumentStore;
  private readonly profiles: Readonly<Record<string, ClassicProfileInput>>;
  private readonly maxFieldBytes: number;
  private readonly maxColumns: number | undefined;
  private readonly now: () => Date;
  private readonly locks = new Map<string, Serial>();
  private readonly gate = new RequestGate();

  constructor(options: LegacyIngestOptions) {
    this.ws = options.workspace;
    this.engine = options.engine;
    this.documents = options.documents;
    this.counters = options.counters ?? new IngestCounters();
    this.profiles = options.profiles ?? {};
    this.maxFieldBytes = options.maxFieldBytes ?? DATA_COLLECTOR_FIELD_LIMIT;
    this.maxColumns = options.maxColumns;
    this.now = options.now ?? (() => new Date());
  }

  get isAccepting(): boolean {
    return this.gate.isAccepting;
  }

  /** Where each collector-made column of a table came from (for migration), or undefined. */
  tableSources(table: string): Promise<CollectorTableDoc | undefined> {
    return this.documents.get<CollectorTableDoc>(COLLECTOR_TABLE_DOC, table.toLowerCase());
  }

  /** Ingests one request; resolves once its rows are durable. */
  async ingest(req: LegacyIngestRequest): Promise<LegacyIngestReceipt> {
    return this.gate.run(() => new LegacyIngestError('shutting_down', 'The service is shutting down; retry the request.'), () => this.ingestNow(req));
  }

  private async ingestNow(req: LegacyIngestRequest): Promise<LegacyIngestReceipt> {
    const problem = logTypeProblem(req.logType);
    if (problem) {
      this.counters.rejected('invalid_log_type');
      throw new LegacyIngestError('invalid_log_type', `The Log-Type '${req.logType}' is not valid: ${problem}.`);
    }
    const table = this.ws.getTable(tableForLogType(req.logType))?.name ?? tableForLogType(req.logType);
    const route = { ...COLLECTOR_ROUTE, stream: table };
    let records: Record<string, unknown>[];
    try {
      records = recordsOf(req.body);
    } catch (e) {
      this.counters.rejected((e as LegacyIngestError).code, route);
      throw e;
    }
    const empty: LegacyIngestReceipt = { table, records: 0, rowsStored: 0, columnsAdded: [], tableCreated: false, truncatedFields: 0, droppedFields: 0, overflowFields: 0, commit: null };
    // An empty array is a health check (Vector sends `[]`): nothing to store, no table to create.
    if (records.length === 0) return empty;

    const flat = records.map(flattenRecord);
    const receivedAt = this.now();
    const planFor = (def: TableDef | undefined): RowPlan => planRows({
      columns: def?.columns ?? [],
      tableExists: def !== undefined,
      profile: profileFor(table, this.profiles),
      records: flat,
      raw: records,
      timeGeneratedField: req.timeGeneratedField,
      resourceId: req.resourceId,
      receivedAt,
      maxFieldBytes: this.maxFieldBytes,
      maxColumns: this.maxColumns,
    });

    let tableName = table;
    let created = false;
    let plan = planFor(this.ws.getTable(table));
    if (plan.additions.length > 0) {
      ({ plan, tableName, created } = await this.lockFor(table).run(async () => {
        const current = this.ws.getTable(table);
        const fresh = planFor(current);
        if (fresh.additions.length === 0) return { plan: fresh, tableName: current!.name, created: false };
        const def = await this.applyAdditions(table, req.logType, current, fresh.additions, route);
        return { plan: fresh, tableName: def.name, created: current === undefined };
      }));
    }

    let commit: number;
    try {
      commit = (await this.engine.append([{ table: tableName, ndjson: plan.lines.join('\n') + '\n', rows: plan.lines.length }])).commit;
    } catch (e) {
      const err = e instanceof StorageError && e.code === 'closed'
        ? new LegacyIngestError('shutting_down', 'The service is shutting down; retry the request.', {}, { cause: e })
        : e instanceof StorageError && e.code === 'overloaded'
          ? new LegacyIngestError('overloaded', 'The service is catching up with the data it has accepted.', {}, { cause: e })
          : new LegacyIngestError('storage_failed', `The records could not be stored: ${(e as Error).message}`, {}, { cause: e });
      this.counters.rejected(err.code, { ...route, stream: tableName });
      throw err;
    }

    const tally: RequestTally = {
      records: records.length,
      bytes: req.bytes ?? 0,
      droppedFields: plan.dropped.size > 0 ? plan.dropped : null,
      truncatedFields: plan.truncated.size > 0 ? plan.truncated : null,
      flows: [{ index: 0, outputTable: tableName, stored: plan.lines.length, filtered: 0, deadLettered: null }],
    };
    this.counters.committed(COLLECTOR_ROUTE.dcrImmutableId, COLLECTOR_ROUTE.dcrName, tableName, tally, receivedAt);
    const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    return {
      table: tableName,
      records: records.length,
      rowsStored: plan.lines.length,
      columnsAdded: plan.additions.map((c) => c.name),
      tableCreated: created,
      truncatedFields: sum(plan.truncated),
      droppedFields: sum(plan.dropped),
      overflowFields: sum(plan.overflow),
      commit,
    };
  }

  private lockFor(table: string): Serial {
    const key = table.toLowerCase();
    let s = this.locks.get(key);
    if (!s) this.locks.set(key, (s = new Serial()));
    return s;
  }

  /** Creates the table or adds the planned columns through the workspace (durable when it resolves). */
  private async applyAdditions(table: string, logType: string, current: TableDef | undefined, additions: readonly PlannedColumn[], route: { dcrImmutableId: string; dcrName: string; stream: string }): Promise<TableDef> {
    const columns: Record<string, unknown>[] = [...(current?.columns ?? []).map(columnBody), ...additions.map(columnBody)];
    const properties: Record<string, unknown> = {
      plan: current?.plan ?? 'Analytics',
      schema: {
        name: current?.name ?? table,
        description: current?.description ?? `Custom log '${logType}' received through the HTTP Data Collector API.`,
        columns,
      },
    };
    if (current?.retentionInDays !== undefined) properties.retentionInDays = current.retentionInDays;
    if (current?.totalRetentionInDays !== undefined) properties.totalRetentionInDays = current.totalRetentionInDays;
    let def: TableDef;
    try {
      def = (await this.ws.putTable(current?.name ?? table, { properties }, { classic: true })).table;
    } catch (e) {
      if (e instanceof ValidationFailed) {
        this.counters.rejected('table_refused', route);
        throw new LegacyIngestError('table_refused', `Table '${table}' cannot take these records: ${e.issues.map((i) => i.message).join('; ')}`, {}, { cause: e });
      }
      throw e;
    }
    // Record where each new column came from; the migration to a DCR-based table reads it.
    const key = def.name.toLowerCase();
    const doc = (await this.documents.get<CollectorTableDoc>(COLLECTOR_TABLE_DOC, key)) ?? { table: def.name, logType, createdAt: this.now().toISOString(), sources: {} };
    for (const c of additions) if (c.source) doc.sources[c.name] = c.source;
    await this.documents.put(COLLECTOR_TABLE_DOC, key, doc);
    return def;
  }

  /** Refuses new requests from now on; requests in flight complete. */
  beginShutdown(): void {
    this.gate.beginShutdown();
  }

  drain(): Promise<void> {
    return this.gate.drain();
  }

  async close(): Promise<void> {
    this.beginShutdown();
    await this.drain();
  }
}

function columnBody(c: ColumnDef): Record<string, unknown> {
  const out: Record<string, unknown> = { name: c.name, type: c.type };
  if (c.description) out.description = c.description;
  if (c.isDefaultDisplay !== undefined) out.isDefaultDisplay = c.isDefaultDisplay;
  if (c.isHidden !== undefined) out.isHidden = c.isHidden;
  return out;
}

/** The records of a body (an array of objects, or one object); throws invalid_payload / reserved_property. */
function recordsOf(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body) ? body : isObject(body) ? [body] : undefined;
  if (!list) throw new LegacyIngestError('invalid_payload', 'The body must be a JSON object or an array of JSON objects.');
  const reserved = new Map(RESERVED_PROPERTIES.map((r) => [r.toLowerCase(), r]));
  list.forEach((r, i) => {
    if (!isObject(r)) throw new LegacyIngestError('invalid_payload', `Record ${i} of the body is not a JSON object.`, { recordIndex: i });
    for (const k in r) {
      if (reserved.has(k.toLowerCase())) throw new LegacyIngestError('reserved_property', `Record ${i} uses the reserved property name '${k}'.`, { recordIndex: i, property: k });
    }
  });
  return list as Record<string, unknown>[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
