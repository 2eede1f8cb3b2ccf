// Connector status the way the Data connectors page computes it (spec/ccf-solutions.md §11.2–11.5,
// seed 003), and transparent about it (R13): every criterion is returned with the query that decided
// it and that query's result or error, so "Not connected while data flows" can be diagnosed.
//
// - `IsConnectedQuery`: each KQL text is run; it holds when a row has `IsConnected == true` (a query
//   without an IsConnected column holds when it returns rows).
// - `HasDataConnectors`: holds when at least one data connector instance of the definition exists.
// - Several criteria or query texts: all must hold, unless `isConnectivityCriteriasMatchSome` is set
//   (then one suffices) [inf — spec §11.5].
// - Last data received per data type: the first value of `lastDataReceivedQuery`.
// - Data received graph: each `graphQueries[].baseQuery` counted per day (14 days) or hour (24 hours).
import { prop } from '../workspace/validation/read.js';
import type { WorkspaceService } from '../workspace/service.js';
import { KqlQueryError, type KqlColumn, type KqlDiagnosticInfo, type RunKql } from './kql-runner.js';
import { hopCountersFor, type HopCounters, type HopCounterSource } from './hop-counters.js';
import { findGalleryEntry, galleryEntries, isCriterionType, type GalleryEntry } from './ui-config.js';

export type ConnectionState = 'Connected' | 'Disconnected';
export type Granularity = 'daily' | 'hourly';

export interface QueryOutcome {
  query: string;
  ok: boolean;
  columns?: KqlColumn[];
  rows?: unknown[][];
  error?: { message: string; diagnostics: readonly KqlDiagnosticInfo[] };
}

export interface CriterionResult {
  type: string;
  satisfied: boolean;
  /** One sentence saying why. */
  explanation: string;
  /** IsConnectedQuery: each query, its result, and whether it said connected. */
  queries?: (QueryOutcome & { isConnected: boolean })[];
  /** HasDataConnectors: the instances found. */
  dataConnectors?: string[];
}

export interface DataTypeStatus {
  name: string;
  query?: string;
  lastDataReceived: string | null;
  outcome?: QueryOutcome;
}

export interface GraphPoint {
  time: string;
  count: number;
}

export interface GraphSeries {
  metricName: string;
  legend: string;
  /** The query that was run (the baseQuery, windowed and counted per bin). */
  query: string;
  granularity: Granularity;
  points: GraphPoint[];
  error?: QueryOutcome['error'];
}

export interface DataConnectorInfo {
  name: string;
  kind?: string;
  streamName?: string;
  dataCollectionRuleImmutableId?: string;
  dataCollectionEndpoint?: string;
  appId?: string;
}

export interface ConnectorStatus {
  id: string;
  name: string;
  title: string;
  publisher: string;
  source: GalleryEntry['source'];
  status: ConnectionState;
  /** The latest of the data types' last data received, ISO time, or null. */
  lastDataReceived: string | null;
  matchSome: boolean;
  criteria: CriterionResult[];
  dataTypes: DataTypeStatus[];
  dataConnectors: DataConnectorInfo[];
  /** Tables this connector's queries and DCRs refer to that exist in the workspace. */
  tables: string[];
  /** Per-hop pipeline counters for this connector's DCRs and tables (when a source is given). */
  hops?: HopCounters;
  graph?: GraphSeries[];
}

export interface StatusOptions {
  runKql: RunKql;
  counters?: HopCounterSource;
  /** Include the data-received series. */
  graph?: Granularity | false;
  now?: () => Date;
}

async function run(runKql: RunKql, query: string): Promise<QueryOutcome> {
  try {
    const r = await runKql(query);
    return { query, ok: true, columns: r.columns, rows: r.rows };
  } catch (e) {
    if (e instanceof KqlQueryError) return { query, ok: false, error: { message: e.message, diagnostics: e.diagnostics } };
    return { query, ok: false, error: { message: (e as Error).message, diagnostics: [] } };
  }
}

function saysConnected(o: QueryOutcome): boolean {
  if (!o.ok || !o.rows || !o.columns) return false;
  const i = o.columns.findIndex((c) => c.name.toLowerCase() === 'isconnected');
  if (i < 0) return o.rows.length > 0;
  return o.rows.some((r) => r[i] === true || r[i] === 'true' || r[i] === 1);
}

function describe(o: QueryOutcome): string {
  if (!o.ok) return `failed: ${o.error?.message ?? 'unknown error'}`;
  const i = o.columns?.findIndex((c) => c.name.toLowerCase() === 'isconnected') ?? -1;
  if (i < 0) return `returned ${o.rows?.length ?? 0} row(s) (no IsConnected column)`;
  const values = (o.rows ?? []).map((r) => String(r[i]));
  return values.length === 0 ? 'returned no rows' : `returned IsConnected = ${values.join(', ')}`;
}

function dataConnectorInfo(ws: WorkspaceService, entry: GalleryEntry): DataConnectorInfo[] {
  const instances = entry.source === 'definition' ? ws.dataConnectorsOf(entry.name) : [entry.resource];
  return instances.map((d) => {
    const info: DataConnectorInfo = { name: d.name };
    if (d.kind) info.kind = d.kind;
    const dcrConfig = prop(d.properties, 'dcrConfig');
    const s = prop(dcrConfig, 'streamName');
    const id = prop(dcrConfig, 'dataCollectionRuleImmutableId');
    const dce = prop(dcrConfig, 'dataCollectionEndpoint');
    const appId = prop(prop(d.properties, 'auth'), 'appId');
    if (typeof s === 'string') info.streamName = s;
    if (typeof id === 'string') info.dataCollectionRuleImmutableId = id;
    if (typeof dce === 'string') info.dataCollectionEndpoint = dce;
    if (typeof appId === 'string') info.appId = appId;
    return info;
  });
}

/** Workspace tables named in the connector's queries or written by the DCRs of its data connectors. */
export function connectorTables(ws: WorkspaceService, entry: GalleryEntry, instances: DataConnectorInfo[]): string[] {
  const texts = [
    ...entry.ui.dataTypes.flatMap((d) => [d.name, d.lastDataReceivedQuery ?? '']),
    ...entry.ui.graphQueries.map((g) => g.baseQuery),
    ...entry.ui.criteria.flatMap((c) => c.queries),
  ];
  const found = new Set<string>();
  for (const t of texts) {
    for (const word of t.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
      const table = ws.getTable(word);
      if (table && table.name === word) found.add(table.name);
    }
  }
  for (const i of instances) {
    const dcr = i.dataCollectionRuleImmutableId ? ws.getDcrByImmutableId(i.dataCollectionRuleImmutableId) : undefined;
    if (dcr) for (const t of ws.dcrOutputTables(dcr)) found.add(t);
  }
  return [...found].sort();
}

function latest(values: (string | null)[]): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    const ms = Date.parse(v);
    if (!Number.isNaN(ms) && ms > bestMs) {
      best = v;
      bestMs = ms;
    }
  }
  return best;
}

function firstValueAsTime(o: QueryOutcome): string | null {
  const v = o.ok ? o.rows?.[0]?.[0] : undefined;
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v);
}

/** The graph query Vigil runs for one `graphQueries` entry. */
export function graphQueryText(baseQuery: string, granularity: Granularity): string {
  const [window, bin] = granularity === 'daily' ? ['14d', '1d'] : ['24h', '1h'];
  return `${baseQuery}\n| where TimeGenerated > ago(${window})\n| summarize Count = count() by bin(TimeGenerated, ${bin})`;
}

async function graphSeries(runKql: RunKql, entry: GalleryEntry, granularity: Granularity, now: Date): Promise<GraphSeries[]> {
  const stepMs = granularity === 'daily' ? 86_400_000 : 3_600_000;
  const bins = granularity === 'daily' ? 14 : 24;
  const lastBin = Math.floor(now.getTime() / stepMs) * stepMs;
  const out: GraphSeries[] = [];
  for (const g of entry.ui.graphQueries) {
    const query = graphQueryText(g.baseQuery, granularity);
    const o = await run(runKql, query);
    const counts = new Map<number, number>();
    if (o.ok && o.columns && o.rows) {
      const ti = o.columns.findIndex((c) => c.name === 'TimeGenerated');
      const ci = o.columns.findIndex((c) => c.name === 'Count');
      for (const r of o.rows) {
        const t = Date.parse(String(r[ti]));
        if (!Number.isNaN(t)) counts.set(t, (counts.get(t) ?? 0) + Number(r[ci]));
      }
    }
    // Zero-filled, oldest first, one point per bin of the window (bins the query found outside it are kept too).
    const times = new Set<number>();
    for (let i = bins; i >= 0; i--) times.add(lastBin - i * stepMs);
    for (const t of counts.keys()) times.add(t);
    const points = [...times].sort((a, b) => a - b).map((t) => ({ time: new Date(t).toISOString(), count: counts.get(t) ?? 0 }));
    const series: GraphSeries = { metricName: g.metricName, legend: g.legend, query, granularity, points };
    if (!o.ok && o.error) series.error = o.error;
    out.push(series);
  }
  return out;
}

export async function connectorStatus(ws: WorkspaceService, entry: GalleryEntry, options: StatusOptions): Promise<ConnectorStatus> {
  const instances = dataConnectorInfo(ws, entry);
  const criteria: CriterionResult[] = [];
  for (const c of entry.ui.criteria) {
    if (isCriterionType(c, 'HasDataConnectors')) {
      const names = instances.map((i) => i.name);
      criteria.push({
        type: c.type, satisfied: names.length > 0, dataConnectors: names,
        explanation: names.length > 0 ? `${names.length} data connector instance(s): ${names.join(', ')}` : 'no data connector instance of this definition exists',
      });
    } else if (isCriterionType(c, 'IsConnectedQuery')) {
      const queries: (QueryOutcome & { isConnected: boolean })[] = [];
      for (const q of c.queries) {
        const o = await run(options.runKql, q);
        queries.push({ ...o, isConnected: saysConnected(o) });
      }
      const held = queries.filter((q) => q.isConnected).length;
      const satisfied = queries.length > 0 && (entry.ui.matchSome ? held > 0 : held === queries.length);
      const explanation = queries.length === 0
        ? 'the criterion has no query'
        : queries.map((q, i) => `query ${i + 1} ${describe(q)}`).join('; ');
      criteria.push({ type: c.type, satisfied, explanation, queries });
    } else {
      criteria.push({ type: c.type, satisfied: false, explanation: `criterion type '${c.type}' is not known to Vigil` });
    }
  }
  const held = criteria.filter((c) => c.satisfied).length;
  const connected = criteria.length > 0 && (entry.ui.matchSome ? held > 0 : held === criteria.length);

  const dataTypes: DataTypeStatus[] = [];
  for (const d of entry.ui.dataTypes) {
    if (!d.lastDataReceivedQuery) {
      dataTypes.push({ name: d.name, lastDataReceived: null });
      continue;
    }
    const o = await run(options.runKql, d.lastDataReceivedQuery);
    dataTypes.push({ name: d.name, query: d.lastDataReceivedQuery, lastDataReceived: firstValueAsTime(o), outcome: o });
  }

  const tables = connectorTables(ws, entry, instances);
  const status: ConnectorStatus = {
    id: entry.id,
    name: entry.name,
    title: entry.ui.title,
    publisher: entry.ui.publisher,
    source: entry.source,
    status: connected ? 'Connected' : 'Disconnected',
    lastDataReceived: latest(dataTypes.map((d) => d.lastDataReceived)),
    matchSome: entry.ui.matchSome,
    criteria,
    dataTypes,
    dataConnectors: instances,
    tables,
  };
  if (options.counters) {
    const dcrIds = instances.map((i) => i.dataCollectionRuleImmutableId).filter((x): x is string => typeof x === 'string');
    status.hops = hopCountersFor(options.counters, dcrIds, tables);
  }
  if (options.graph) status.graph = await graphSeries(options.runKql, entry, options.graph, (options.now ?? (() => new Date()))());
  return status;
}

export async function listConnectorStatuses(ws: WorkspaceService, options: StatusOptions): Promise<ConnectorStatus[]> {
  const out: ConnectorStatus[] = [];
  for (const e of galleryEntries(ws)) out.push(await connectorStatus(ws, e, options));
  return out;
}

export async function connectorStatusByRef(ws: WorkspaceService, ref: string, options: StatusOptions): Promise<ConnectorStatus | undefined> {
  const e = findGalleryEntry(ws, ref);
  return e ? connectorStatus(ws, e, options) : undefined;
}

export interface SampleQueryRun {
  connector: string;
  index: number;
  description: string;
  outcome: QueryOutcome;
}

/**
 * Runs one of a connector's sample queries, chosen by its description (case-insensitive; a unique
 * prefix is enough) or by its 1-based position.
 */
export async function runSampleQuery(ws: WorkspaceService, ref: string, which: string, runKql: RunKql): Promise<SampleQueryRun | { error: string }> {
  const e = findGalleryEntry(ws, ref);
  if (!e) return { error: `no connector '${ref}' is installed` };
  const list = e.ui.sampleQueries;
  let index = /^\d+$/.test(which) ? Number(which) - 1 : list.findIndex((s) => s.description.toLowerCase() === which.toLowerCase());
  if (index < 0 && !/^\d+$/.test(which)) {
    const prefixed = list.map((s, i) => [s, i] as const).filter(([s]) => s.description.toLowerCase().startsWith(which.toLowerCase()));
    if (prefixed.length === 1) index = prefixed[0][1];
  }
  const chosen = list[index];
  if (!chosen) {
    return { error: `connector '${e.id}' has no sample query '${which}'; it has: ${list.map((s, i) => `${i + 1}. ${s.description}`).join('; ') || 'none'}` };
  }
  return { connector: e.id, index: index + 1, description: chosen.description, outcome: await run(runKql, chosen.query) };
}
