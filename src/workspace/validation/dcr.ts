// Validation of a data collection rule as submitted (the ARM body of
// `PUT …/providers/Microsoft.Insights/dataCollectionRules/{name}`, the shape of a solution's DCR file).
// Checks the rules of spec/ccf-solutions.md §3 and §7 (N3, N4) against the tables of this workspace.
import type { DataCollectionRule, DataFlow, KqlType, LogAnalyticsDestination, StreamColumn, TableDef } from '../model.js';
import type { ValidationIssue } from '../errors.js';
import { isObject, isTemplatePlaceholder, prop } from './read.js';
import { dcrNameProblem, normaliseStreamType, streamColumnNameProblem, MAX_COLUMNS } from './names.js';
import type { Checked } from './table.js';

/** What a flow's transform is checked for: one input stream and, when it exists, the destination table. */
export interface TransformCheckTarget {
  stream: string;
  /** The stream's columns: the schema of `source`. */
  columns: readonly StreamColumn[];
  /** The table the flow writes to (absent when it does not exist: that is reported separately). */
  output?: { table: string; columns: readonly StreamColumn[] };
}

/** One problem of a transform; `line`/`column` (1-based) locate it inside the transformKql text. */
export interface TransformProblem {
  code: string;
  message: string;
  /** Warnings (e.g. tolerated functions) do not stop the DCR; errors do. Default: error. */
  severity?: 'error' | 'warning';
  line?: number;
  column?: number;
}

/**
 * Checks a non-trivial transformKql when a DCR is created or updated (the KQL layer supplies it:
 * src/pipeline/dryrun/transform-check.ts); without one, transforms are stored unchecked.
 */
export type TransformCheck = (kql: string, target: TransformCheckTarget) => readonly TransformProblem[];

export interface DcrContext {
  /** This deployment's workspace: the only valid destination. */
  workspaceResourceId: string;
  workspaceId: string;
  location: string;
  /** Resource id of the default DCE, bound to a template placeholder in `dataCollectionEndpointId`. */
  defaultDceResourceId: string;
  /** Resource id (case as stored) of a DCE matching the given id, if it exists. */
  findDce(resourceId: string): string | undefined;
  findTable(name: string): TableDef | undefined;
  transformCheck?: TransformCheck;
}

export type DcrInput = Omit<DataCollectionRule, 'name' | 'immutableId' | 'etag' | 'createdAt' | 'updatedAt'>;

/** True when a transform is absent or the pass-through `source`. */
export function isPassThrough(transformKql: string | undefined): boolean {
  return transformKql === undefined || transformKql.trim() === '' || transformKql.trim() === 'source';
}

/**
 * The table an output stream writes to: `Custom-X_CL` → `X_CL` (custom), `Microsoft-X` → `X`
 * (standard), or undefined when the stream name has neither form.
 */
export function outputTableName(stream: string): { table: string; kind: 'custom' | 'standard' } | undefined {
  if (stream.startsWith('Custom-') && stream.length > 'Custom-'.length) return { table: stream.slice('Custom-'.length), kind: 'custom' };
  if (stream.startsWith('Microsoft-') && stream.length > 'Microsoft-'.length) return { table: stream.slice('Microsoft-'.length), kind: 'standard' };
  return undefined;
}

export function checkDcr(name: string, body: unknown, ctx: DcrContext): Checked<DcrInput> {
  const issues: ValidationIssue[] = [];
  const add = (code: string, target: string, message: string): void => {
    issues.push({ code, target, message });
  };

  const np = dcrNameProblem(name);
  if (np) add('InvalidDcrName', 'name', np);
  if (!isObject(body)) {
    add('InvalidRequestBody', '', 'the data collection rule must be a JSON object');
    return { ok: false, issues };
  }
  const properties = prop(body, 'properties');
  if (!isObject(properties)) {
    add('MissingProperties', 'properties', "the data collection rule needs a 'properties' object");
    return { ok: false, issues };
  }

  // Location: a template expression binds to the workspace's location.
  const rawLocation = prop(body, 'location');
  const location = typeof rawLocation === 'string' && rawLocation.length > 0 && !isTemplatePlaceholder(rawLocation) ? rawLocation : ctx.location;
  const rawKind = prop(body, 'kind');
  const description = prop(properties, 'description');

  // Data collection endpoint reference.
  let dataCollectionEndpointId: string | undefined;
  const dceRef = prop(properties, 'dataCollectionEndpointId');
  if (typeof dceRef === 'string' && dceRef.length > 0) {
    if (isTemplatePlaceholder(dceRef)) dataCollectionEndpointId = ctx.defaultDceResourceId;
    else {
      dataCollectionEndpointId = ctx.findDce(dceRef);
      if (!dataCollectionEndpointId) add('DataCollectionEndpointNotFound', 'properties.dataCollectionEndpointId', `data collection endpoint '${dceRef}' does not exist in this deployment`);
    }
  } else if (dceRef !== undefined && dceRef !== null) {
    add('InvalidDataCollectionEndpointId', 'properties.dataCollectionEndpointId', 'dataCollectionEndpointId must be a resource id string');
  }

  // Stream declarations.
  const streamDeclarations: Record<string, { columns: StreamColumn[] }> = {};
  const rawDecls = prop(properties, 'streamDeclarations');
  if (rawDecls !== undefined && rawDecls !== null && !isObject(rawDecls)) {
    add('InvalidStreamDeclarations', 'properties.streamDeclarations', 'streamDeclarations must be an object keyed by stream name');
  } else if (isObject(rawDecls)) {
    for (const [stream, decl] of Object.entries(rawDecls)) {
      const at = `properties.streamDeclarations['${stream}']`;
      if (!stream.startsWith('Custom-') || stream.length === 'Custom-'.length) {
        add('InvalidStreamName', at, `declared stream '${stream}' must start with 'Custom-' (Microsoft- streams are built in and cannot be declared)`);
      }
      const rawCols = prop(decl, 'columns');
      if (!Array.isArray(rawCols) || rawCols.length === 0) {
        add('InvalidStreamDeclaration', `${at}.columns`, `stream '${stream}' needs a non-empty columns array`);
        continue;
      }
      if (rawCols.length > MAX_COLUMNS) add('TooManyColumns', `${at}.columns`, `stream '${stream}' declares ${rawCols.length} columns; the limit is ${MAX_COLUMNS}`);
      const cols: StreamColumn[] = [];
      const seen = new Set<string>();
      rawCols.forEach((c, i) => {
        const cat = `${at}.columns[${i}]`;
        const cname = prop(c, 'name');
        const ctype = prop(c, 'type');
        if (typeof cname !== 'string') {
          add('InvalidColumnName', `${cat}.name`, 'a stream column needs a string name');
          return;
        }
        const p = streamColumnNameProblem(cname);
        if (p) add('InvalidColumnName', `${cat}.name`, p);
        if (seen.has(cname.toLowerCase())) add('DuplicateColumnName', `${cat}.name`, `stream column '${cname}' is declared twice`);
        seen.add(cname.toLowerCase());
        const type: KqlType | undefined = normaliseStreamType(ctype);
        if (!type) {
          add('InvalidColumnType', `${cat}.type`, `stream column '${cname}' has type ${JSON.stringify(ctype)}; stream types are string, int, long, real, boolean, datetime, dynamic`);
          return;
        }
        cols.push({ name: cname, type });
      });
      streamDeclarations[stream] = { columns: cols };
    }
  }

  // Destinations: only Log Analytics, only this workspace.
  const destinations: LogAnalyticsDestination[] = [];
  const rawDest = prop(properties, 'destinations');
  const rawLa = prop(rawDest, 'logAnalytics');
  if (!Array.isArray(rawLa) || rawLa.length === 0) {
    add('MissingDestinations', 'properties.destinations.logAnalytics', 'the rule needs at least one logAnalytics destination');
  } else {
    rawLa.forEach((d, i) => {
      const at = `properties.destinations.logAnalytics[${i}]`;
      const dname = prop(d, 'name');
      const wsId = prop(d, 'workspaceResourceId');
      if (typeof dname !== 'string' || dname.length === 0) {
        add('InvalidDestination', `${at}.name`, 'a destination needs a name');
        return;
      }
      if (destinations.some((x) => x.name === dname)) add('DuplicateDestinationName', `${at}.name`, `destination name '${dname}' is used twice`);
      let resolved: string | undefined;
      if (typeof wsId === 'string' && (isTemplatePlaceholder(wsId) || sameId(wsId, ctx.workspaceResourceId) || sameId(wsId, ctx.workspaceId))) resolved = ctx.workspaceResourceId;
      if (!resolved) {
        add('InvalidDestination', `${at}.workspaceResourceId`, `workspaceResourceId ${JSON.stringify(wsId)} is not this deployment's workspace ('${ctx.workspaceResourceId}')`);
        return;
      }
      destinations.push({ name: dname, workspaceResourceId: resolved });
    });
    for (const other of ['azureMonitorMetrics', 'eventHubs', 'eventHubsDirect', 'storageAccounts', 'storageBlobsDirect', 'storageTablesDirect', 'monitoringAccounts']) {
      const v = prop(rawDest, other);
      if (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null) {
        add('UnsupportedDestination', `properties.destinations.${other}`, `destinations of kind '${other}' are not supported by Vigil; only logAnalytics`);
      }
    }
  }

  // Data flows.
  const dataFlows: DataFlow[] = [];
  const rawFlows = prop(properties, 'dataFlows');
  if (!Array.isArray(rawFlows) || rawFlows.length === 0) {
    add('MissingDataFlows', 'properties.dataFlows', 'the rule needs at least one data flow');
  } else {
    rawFlows.forEach((f, i) => {
      const at = `properties.dataFlows[${i}]`;
      if (!isObject(f)) {
        add('InvalidDataFlow', at, 'a data flow must be an object');
        return;
      }
      const streams = prop(f, 'streams');
      const dests = prop(f, 'destinations');
      const transformKql = prop(f, 'transformKql');
      const outputStream = prop(f, 'outputStream');
      const builtIn = prop(f, 'builtInTransform');
      const flow: DataFlow = { streams: [], destinations: [] };

      if (!Array.isArray(streams) || streams.length === 0 || !streams.every((s) => typeof s === 'string')) {
        add('InvalidDataFlow', `${at}.streams`, 'streams must be a non-empty array of stream names');
      } else {
        streams.forEach((s, j) => {
          const name = s as string;
          if (name.startsWith('Custom-')) {
            if (!streamDeclarations[name] && !hasDeclaration(rawDecls, name)) add('UnknownStream', `${at}.streams[${j}]`, `stream '${name}' is not declared in streamDeclarations`);
          } else if (name.startsWith('Microsoft-')) {
            const t = ctx.findTable(name.slice('Microsoft-'.length));
            if (!t || t.kind !== 'standard') add('UnknownStream', `${at}.streams[${j}]`, `built-in stream '${name}' needs the standard table '${name.slice('Microsoft-'.length)}', which is not provisioned in this workspace`);
          } else {
            add('InvalidStreamName', `${at}.streams[${j}]`, `stream '${name}' must start with 'Custom-' or 'Microsoft-'`);
          }
          flow.streams.push(name);
        });
      }

      if (!Array.isArray(dests) || dests.length === 0 || !dests.every((d) => typeof d === 'string')) {
        add('InvalidDataFlow', `${at}.destinations`, 'destinations must be a non-empty array of destination names');
      } else {
        dests.forEach((d, j) => {
          if (!rawLaNames(rawLa).includes(d as string)) add('UnknownDestination', `${at}.destinations[${j}]`, `destination '${String(d)}' is not defined in destinations.logAnalytics`);
          flow.destinations.push(d as string);
        });
      }

      if (transformKql !== undefined && transformKql !== null) {
        if (typeof transformKql !== 'string') add('InvalidTransform', `${at}.transformKql`, 'transformKql must be a string');
        else flow.transformKql = transformKql;
      }
      if (builtIn !== undefined && builtIn !== null) {
        add('UnsupportedBuiltInTransform', `${at}.builtInTransform`, 'builtInTransform is not supported by Vigil; use transformKql');
      }

      // Output stream → table.
      let out: string | undefined;
      let outTable: TableDef | undefined;
      if (outputStream !== undefined && outputStream !== null) {
        if (typeof outputStream !== 'string') add('InvalidOutputStream', `${at}.outputStream`, 'outputStream must be a string');
        else {
          out = outputStream;
          flow.outputStream = outputStream;
        }
      } else if (flow.streams.length === 1) {
        out = flow.streams[0];
      } else if (flow.streams.length > 1) {
        add('MissingOutputStream', `${at}.outputStream`, 'a flow with several input streams needs an outputStream');
      }
      if (out !== undefined) {
        const target = outputStream === undefined || outputStream === null ? `${at}.streams[0]` : `${at}.outputStream`;
        const resolved = outputTableName(out);
        if (!resolved) {
          add('InvalidOutputStream', target, `output stream '${out}' must be 'Custom-<Table>_CL' or 'Microsoft-<Table>'`);
        } else if (resolved.kind === 'custom' && !resolved.table.endsWith('_CL')) {
          add('InvalidOutputStream', target, outputStream === undefined || outputStream === null
            ? `no outputStream is set, so the flow would write to table '${resolved.table}', which is not a custom table name (custom tables end in '_CL'); set outputStream to 'Custom-<Table>_CL'`
            : `output stream '${out}' must name a custom table ending in '_CL' ('Custom-<Table>_CL')`);
        } else {
          const table = ctx.findTable(resolved.table);
          if (!table || table.kind !== resolved.kind) {
            add('OutputTableNotFound', target, resolved.kind === 'custom'
              ? `output stream '${out}' writes to table '${resolved.table}', which does not exist in this workspace; create the table first`
              : `output stream '${out}' writes to standard table '${resolved.table}', which is not provisioned in this workspace`);
          } else if (table.name !== resolved.table) {
            add('OutputTableNotFound', target, `output stream '${out}' differs in case from table '${table.name}'; stream names are case-sensitive`);
          } else {
            outTable = table;
          }
        }
      }

      // A non-trivial transform is checked by the KQL layer when one is configured: the subset, names
      // and types against each input stream, and the output against the destination table.
      if (flow.transformKql !== undefined && !isPassThrough(flow.transformKql) && ctx.transformCheck) {
        const seen = new Set<string>();
        for (const s of flow.streams) {
          const columns = streamDeclarations[s]?.columns ?? ctx.findTable(s.replace(/^Microsoft-/, ''))?.columns ?? [];
          const output = outTable ? { table: outTable.name, columns: outTable.columns.map((c) => ({ name: c.name, type: c.type })) } : undefined;
          for (const p of ctx.transformCheck(flow.transformKql, { stream: s, columns, ...(output ? { output } : {}) })) {
            if (p.severity === 'warning') continue;
            const where = p.line !== undefined ? `at line ${p.line}, column ${p.column ?? 1}: ` : '';
            const about = flow.streams.length > 1 ? ` (input stream '${s}')` : '';
            const message = `${where}${p.message}${about}`;
            // Problems that do not depend on the stream are reported once.
            const key = `${p.code}\u0000${where}${p.message}`;
            if (seen.has(key)) continue;
            seen.add(key);
            add(p.code, `${at}.transformKql`, message);
          }
        }
      }
      dataFlows.push(flow);
    });
  }

  if (issues.length > 0) return { ok: false, issues };
  const value: DcrInput = { location, streamDeclarations, destinations: { logAnalytics: destinations }, dataFlows };
  if (typeof rawKind === 'string' && rawKind.length > 0) value.kind = rawKind;
  if (typeof description === 'string' && description.length > 0) value.description = description;
  if (dataCollectionEndpointId) value.dataCollectionEndpointId = dataCollectionEndpointId;
  const tags = prop(body, 'tags');
  if (isObject(tags)) {
    const t: Record<string, string> = {};
    for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') t[k] = v;
    if (Object.keys(t).length > 0) value.tags = t;
  }
  return { ok: true, value };
}

function sameId(a: string, b: string): boolean {
  return a.replace(/\/+$/, '').toLowerCase() === b.toLowerCase();
}

function hasDeclaration(rawDecls: unknown, name: string): boolean {
  return isObject(rawDecls) && Object.prototype.hasOwnProperty.call(rawDecls, name);
}

function rawLaNames(rawLa: unknown): string[] {
  return Array.isArray(rawLa) ? rawLa.map((d) => prop(d, 'name')).filter((n): n is string => typeof n === 'string') : [];
}
