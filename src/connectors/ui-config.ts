// Reading a connector's `connectorUiConfig` (spec/ccf-solutions.md §11) the way the Data connectors
// page does: keys case-insensitively, the legacy spelling `connectivityCriterias`, and
// `{{graphQueriesTableName}}` substituted into queries and names when the config sets it.
import { isObject, prop, type JsonObject } from '../workspace/validation/read.js';
import type { SentinelResource } from '../workspace/sentinel-model.js';
import type { WorkspaceService } from '../workspace/service.js';

export interface GraphQuery {
  metricName: string;
  legend: string;
  baseQuery: string;
}

export interface DataType {
  name: string;
  lastDataReceivedQuery?: string;
}

export interface SampleQuery {
  description: string;
  query: string;
}

export interface Criterion {
  /** As written (`IsConnectedQuery`, `isConnectedQuery`, `HasDataConnectors`, …). */
  type: string;
  /** The KQL texts of an IsConnectedQuery; empty for HasDataConnectors. */
  queries: string[];
}

export interface Instruction {
  type: string;
  parameters: JsonObject;
}

export interface UiConfigView {
  id: string;
  title: string;
  publisher: string;
  descriptionMarkdown: string;
  graphQueries: GraphQuery[];
  dataTypes: DataType[];
  sampleQueries: SampleQuery[];
  criteria: Criterion[];
  /** `isConnectivityCriteriasMatchSome`: any criterion suffices instead of all. */
  matchSome: boolean;
  /** Every instruction of every step, inner steps and groups included, in reading order. */
  instructions: Instruction[];
}

/** One entry of the Data connectors page: a connector definition, or a legacy GenericUI data connector. */
export interface GalleryEntry {
  /** `connectorUiConfig.id`. */
  id: string;
  /** The ARM resource name. */
  name: string;
  source: 'definition' | 'genericUI';
  resource: SentinelResource;
  ui: UiConfigView;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function readUiConfig(raw: unknown): UiConfigView {
  const tableName = str(prop(raw, 'graphQueriesTableName'));
  // Azure substitutes the placeholder in graph queries and their names; Vigil does it everywhere a query is read.
  const sub = (s: string): string => (tableName ? s.replace(/\{\{graphQueriesTableName\}\}/g, tableName) : s);
  const criteriaRaw = prop(raw, 'connectivityCriteria') ?? prop(raw, 'connectivityCriterias');
  return {
    id: str(prop(raw, 'id')),
    title: str(prop(raw, 'title')),
    publisher: str(prop(raw, 'publisher')),
    descriptionMarkdown: str(prop(raw, 'descriptionMarkdown')),
    graphQueries: arr(prop(raw, 'graphQueries')).filter(isObject).map((g) => ({
      metricName: sub(str(prop(g, 'metricName'))), legend: sub(str(prop(g, 'legend'))), baseQuery: sub(str(prop(g, 'baseQuery'))),
    })),
    dataTypes: arr(prop(raw, 'dataTypes')).filter(isObject).map((d) => {
      const q = prop(d, 'lastDataReceivedQuery');
      return typeof q === 'string' ? { name: sub(str(prop(d, 'name'))), lastDataReceivedQuery: sub(q) } : { name: sub(str(prop(d, 'name'))) };
    }),
    sampleQueries: arr(prop(raw, 'sampleQueries')).filter(isObject).map((s) => ({ description: str(prop(s, 'description')), query: sub(str(prop(s, 'query'))) })),
    criteria: arr(criteriaRaw).filter(isObject).map((c) => {
      const v = prop(c, 'value');
      const queries = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((q): q is string => typeof q === 'string').map(sub);
      return { type: str(prop(c, 'type')), queries };
    }),
    matchSome: prop(raw, 'isConnectivityCriteriasMatchSome') === true,
    instructions: flattenInstructions(prop(raw, 'instructionSteps')),
  };
}

function flattenInstructions(steps: unknown): Instruction[] {
  const out: Instruction[] = [];
  for (const step of arr(steps)) {
    for (const i of arr(prop(step, 'instructions'))) {
      const type = str(prop(i, 'type'));
      const parameters = prop(i, 'parameters');
      const params = isObject(parameters) ? parameters : {};
      out.push({ type, parameters: params });
      // InstructionStepsGroup nests steps inside its parameters.
      if (type.toLowerCase() === 'instructionstepsgroup') out.push(...flattenInstructions(prop(params, 'instructionSteps')));
    }
    out.push(...flattenInstructions(prop(step, 'innerSteps')));
  }
  return out;
}

export function isCriterionType(c: Criterion, type: 'IsConnectedQuery' | 'HasDataConnectors'): boolean {
  return c.type.toLowerCase() === type.toLowerCase();
}

/** The Data connectors page: every connector definition, then every GenericUI data connector. */
export function galleryEntries(ws: WorkspaceService): GalleryEntry[] {
  const out: GalleryEntry[] = [];
  for (const d of ws.listSentinel('dataConnectorDefinitions')) {
    const ui = readUiConfig(prop(d.properties, 'connectorUiConfig'));
    out.push({ id: ui.id || d.name, name: d.name, source: 'definition', resource: d, ui });
  }
  for (const c of ws.listSentinel('dataConnectors')) {
    if (c.kind?.toLowerCase() !== 'genericui') continue;
    const ui = readUiConfig(prop(c.properties, 'connectorUiConfig'));
    out.push({ id: ui.id || c.name, name: c.name, source: 'genericUI', resource: c, ui });
  }
  return out;
}

/** A gallery entry by `connectorUiConfig.id` or resource name, case-insensitively (ids first). */
export function findGalleryEntry(ws: WorkspaceService, ref: string): GalleryEntry | undefined {
  const want = ref.toLowerCase();
  const all = galleryEntries(ws);
  return all.find((e) => e.id.toLowerCase() === want) ?? all.find((e) => e.name.toLowerCase() === want);
}
