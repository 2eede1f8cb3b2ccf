// The links between a solution's artifacts (spec §6): definition ← data connector → DCR stream → dataFlows →
// output tables. Unlike the official packager, which compares only dataFlows[0].streams[0], Vigil links every
// dataFlow, because a push sender may post to any declared stream. The validator reports on this graph; the
// packager and the deployer walk it.
import { ciArray, ciGet, ciPointer, ciString, isObject, pointerJoin, type Json, type JsonObject } from '../model/json.js';
import type { Artifact, LoadedSolution } from './index.js';

export interface Column {
  name: string;
  type: string;
}

export interface DcrStream {
  name: string;
  columns: Column[];
  pointer: string;
}

export interface DcrFlow {
  index: number;
  pointer: string;
  streams: string[];
  destinations: string[];
  outputStream?: string;
  transformKql?: string;
  /** Table file written by this flow (custom tables only). */
  table?: TableNode;
}

export interface DcrNode {
  artifact: Artifact;
  name: string;
  streams: DcrStream[];
  flows: DcrFlow[];
}

export interface TableNode {
  artifact: Artifact;
  name: string;
  columns: Column[];
  writtenBy: { dcr: DcrNode; flow: DcrFlow }[];
}

export interface DataConnectorNode {
  artifact: Artifact;
  name: string;
  kind: string;
  definitionName?: string;
  streamName?: string;
  definition?: DefinitionNode;
  /** Every DCR that declares the connector's stream (more than one is the X12 ambiguity). */
  dcrs: DcrNode[];
}

export interface DefinitionNode {
  artifact: Artifact;
  id: string;
  name?: string;
  title?: string;
  dataConnectors: DataConnectorNode[];
}

export interface LegacyNode {
  artifact: Artifact;
  id: string;
  title?: string;
  /** Tables named by dataTypes[].name (the Data Collector API creates them on first post). */
  tables: string[];
}

export interface ConnectorGraph {
  definitions: DefinitionNode[];
  dataConnectors: DataConnectorNode[];
  dcrs: DcrNode[];
  tables: TableNode[];
  legacy: LegacyNode[];
}

export function buildGraph(sol: LoadedSolution): ConnectorGraph {
  const g: ConnectorGraph = { definitions: [], dataConnectors: [], dcrs: [], tables: [], legacy: [] };

  for (const a of sol.artifacts) {
    switch (a.kind) {
      case 'definition':
        g.definitions.push({
          artifact: a,
          id: ciString(a.json, 'properties', 'connectorUiConfig', 'id') ?? '',
          name: ciString(a.json, 'name'),
          title: ciString(a.json, 'properties', 'connectorUiConfig', 'title'),
          dataConnectors: [],
        });
        break;
      case 'dataConnector':
        g.dataConnectors.push({
          artifact: a,
          name: ciString(a.json, 'name') ?? '',
          kind: ciString(a.json, 'kind') ?? '',
          definitionName: ciString(a.json, 'properties', 'connectorDefinitionName'),
          streamName: ciString(a.json, 'properties', 'dcrConfig', 'streamName'),
          dcrs: [],
        });
        break;
      case 'dcr':
        g.dcrs.push(dcrNode(a));
        break;
      case 'table':
        g.tables.push({ artifact: a, name: ciString(a.json, 'name') ?? '', columns: tableColumns(a.json), writtenBy: [] });
        break;
      case 'legacyConnector':
        g.legacy.push({
          artifact: a,
          id: ciString(a.json, 'id') ?? '',
          title: ciString(a.json, 'title'),
          tables: (ciArray(a.json, 'dataTypes') ?? []).map((d) => ciString(d, 'name')).filter((n): n is string => !!n),
        });
        break;
    }
  }

  for (const dc of g.dataConnectors) {
    dc.definition = g.definitions.find((d) => dc.definitionName !== undefined && d.id === dc.definitionName);
    dc.definition?.dataConnectors.push(dc);
    if (dc.streamName !== undefined) {
      dc.dcrs = g.dcrs.filter((d) => d.flows.some((f) => f.streams.includes(dc.streamName!)) || d.streams.some((s) => s.name === dc.streamName));
    }
  }

  for (const dcr of g.dcrs) {
    for (const flow of dcr.flows) {
      const table = tableNameOfOutput(flow.outputStream);
      if (table === undefined) continue;
      const node = g.tables.find((t) => t.name === table);
      if (node) {
        flow.table = node;
        node.writtenBy.push({ dcr, flow });
      }
    }
  }
  return g;
}

/** `Custom-Foo_CL` → `Foo_CL`; standard (`Microsoft-*`) and absent output streams have no table file. */
export function tableNameOfOutput(outputStream: string | undefined): string | undefined {
  if (outputStream === undefined || !outputStream.startsWith('Custom-')) return undefined;
  return outputStream.slice('Custom-'.length);
}

/** The DCRs a data connector will post into: those with a dataFlow reading its stream. */
export function dcrsForConnector(g: ConnectorGraph, dc: DataConnectorNode): DcrNode[] {
  return dc.dcrs;
}

/** Output tables (file or not) written from a stream of a DCR. */
export function outputTablesOf(dcr: DcrNode): string[] {
  const out: string[] = [];
  for (const f of dcr.flows) {
    const t = tableNameOfOutput(f.outputStream);
    if (t !== undefined && !out.includes(t)) out.push(t);
  }
  return out;
}

function dcrNode(a: Artifact): DcrNode {
  const props = ciGet(a.json, 'properties');
  const declsKey = 'streamDeclarations';
  const decls = ciGet(props, declsKey);
  const streams: DcrStream[] = [];
  if (isObject(decls)) {
    for (const [name, decl] of Object.entries(decls)) {
      streams.push({
        name,
        columns: columnsOf(ciGet(decl, 'columns')),
        pointer: pointerJoin(ciPointer(a.json, a.pointer, 'properties', declsKey), name),
      });
    }
  }
  const flows: DcrFlow[] = [];
  (ciArray(props, 'dataFlows') ?? []).forEach((f, index) => {
    if (!isObject(f)) return;
    const flow: DcrFlow = {
      index,
      pointer: ciPointer(a.json, a.pointer, 'properties', 'dataFlows', index),
      streams: stringsOf(ciGet(f, 'streams')),
      destinations: stringsOf(ciGet(f, 'destinations')),
    };
    const out = ciString(f, 'outputStream');
    if (out !== undefined) flow.outputStream = out;
    const kql = ciString(f, 'transformKql');
    if (kql !== undefined) flow.transformKql = kql;
    flows.push(flow);
  });
  return { artifact: a, name: ciString(a.json, 'name') ?? '', streams, flows };
}

export function tableColumns(table: JsonObject): Column[] {
  return columnsOf(ciGet(ciGet(ciGet(table, 'properties'), 'schema'), 'columns'));
}

export function columnsOf(v: Json | undefined): Column[] {
  if (!Array.isArray(v)) return [];
  const out: Column[] = [];
  for (const c of v) {
    const name = ciString(c, 'name');
    const type = ciString(c, 'type');
    if (name !== undefined) out.push({ name, type: type ?? '' });
  }
  return out;
}

function stringsOf(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
