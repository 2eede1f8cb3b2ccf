// The dry run without a server: a DCR file and table files as they appear in a solution folder
// (single resources, arrays of resources or ARM templates; unevaluated ARM expressions such as
// `[variables('workspaceResourceId')]` and `{{placeholders}}`), read with the workspace's own
// validation (`checkTable`, `checkDcr`) against a stand-in workspace, so the rule tested is the rule
// `vigil dcr create` would store.
import { validateTransform } from '../../kql/runtime/transform/compile-transform.js';
import type { ColumnDef, DataCollectionRule, KqlType, TableDef } from '../../workspace/model.js';
import { checkDcr, isPassThrough, outputTableName } from '../../workspace/validation/dcr.js';
import { normaliseStreamType } from '../../workspace/validation/names.js';
import { isObject, isTemplatePlaceholder, prop } from '../../workspace/validation/read.js';
import { checkTable } from '../../workspace/validation/table.js';
import { DRY_RUN_CODES, pointerSegment, targetToPointer, type DryRunProblem } from './problems.js';

export interface SourceFile {
  /** The path as given (used in problem locations). */
  file: string;
  text: string;
}

export interface OfflineDcr {
  /** The rule as the workspace would store it; absent when the files have errors. */
  dcr?: DataCollectionRule;
  tables: TableDef[];
  getTable(name: string): TableDef | undefined;
  problems: DryRunProblem[];
  /** Where the DCR resource sits (for problem locations of the dry run). */
  dcrOrigin: { file: string; doc: unknown; base: string };
}

/** A resource found in a file: its JSON and its RFC 6901 pointer. */
interface Found {
  json: Record<string, unknown>;
  pointer: string;
}

/** The stand-in workspace the DCR's template values bind to (nothing is created). */
const OFFLINE_WORKSPACE = {
  id: '00000000-0000-0000-0000-000000000000',
  resourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vigil/providers/Microsoft.OperationalInsights/workspaces/dry-run',
  dce: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vigil/providers/Microsoft.Insights/dataCollectionEndpoints/dry-run',
};

export function parseJsonFile(f: SourceFile): { ok: true; value: unknown } | { ok: false; problem: DryRunProblem } {
  try {
    return { ok: true, value: JSON.parse(f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text) };
  } catch (e) {
    return { ok: false, problem: { severity: 'error', code: DRY_RUN_CODES.invalidInput, file: f.file, pointer: '', message: `not valid JSON: ${(e as Error).message}` } };
  }
}

/** Every object under `doc` that looks like `pick` (resources at any depth: arrays, templates, nested deployments). */
function findAll(doc: unknown, pick: (o: Record<string, unknown>) => boolean): Found[] {
  const out: Found[] = [];
  const visit = (v: unknown, p: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${p}/${i}`));
    if (!isObject(v)) return;
    if (pick(v)) {
      out.push({ json: v, pointer: p });
      return;
    }
    for (const [k, x] of Object.entries(v)) visit(x, `${p}/${pointerSegment(k)}`);
  };
  visit(doc, '');
  return out;
}

const isDcr = (o: Record<string, unknown>): boolean => {
  const props = prop(o, 'properties');
  return isObject(props) && prop(props, 'dataFlows') !== undefined && prop(props, 'streamDeclarations') !== undefined;
};
const isTable = (o: Record<string, unknown>): boolean => isObject(prop(prop(o, 'properties'), 'schema'));

/**
 * Reads the DCR (the one resource of that kind in its file, or the one named `dcrName`) and the
 * tables found in the table files and in the DCR file itself.
 */
export function loadOffline(dcrFile: SourceFile, tableFiles: readonly SourceFile[], dcrName?: string): OfflineDcr {
  const problems: DryRunProblem[] = [];
  const tables = new Map<string, TableDef>();
  /** Tables whose definition was found but refused (their problems are reported). */
  const invalid = new Set<string>();
  const now = new Date().toISOString();
  const empty = (doc: unknown = undefined, base = ''): OfflineDcr => ({
    tables: [...tables.values()], getTable: (n) => tables.get(n.toLowerCase()), problems, dcrOrigin: { file: dcrFile.file, doc, base },
  });

  const dcrDoc = parseJsonFile(dcrFile);
  if (!dcrDoc.ok) {
    problems.push(dcrDoc.problem);
    return empty();
  }
  for (const tf of [...tableFiles, dcrFile]) {
    const parsed = tf === dcrFile ? dcrDoc : parseJsonFile(tf);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    for (const t of findAll(parsed.value, isTable)) {
      const schemaName = prop(prop(prop(t.json, 'properties'), 'schema'), 'name');
      const name = typeof schemaName === 'string' ? schemaName : typeof t.json.name === 'string' ? t.json.name.split('/').pop()! : '';
      const checked = checkTable(name, t.json);
      if (!checked.ok) {
        for (const i of checked.issues) problems.push({ severity: 'error', code: i.code, message: i.message, file: tf.file, pointer: targetToPointer(i.target, t.json, t.pointer) });
        invalid.add(name.toLowerCase());
        continue;
      }
      tables.set(name.toLowerCase(), { name, kind: name.endsWith('_CL') ? 'custom' : 'standard', ...checked.value, createdAt: now, updatedAt: now });
    }
  }

  const dcrs = findAll(dcrDoc.value, isDcr);
  const nameOf = (d: Found): string => (typeof d.json.name === 'string' && !isTemplatePlaceholder(d.json.name) ? d.json.name : '');
  let chosen: Found | undefined;
  if (dcrName !== undefined) chosen = dcrs.find((d) => nameOf(d).toLowerCase() === dcrName.toLowerCase());
  else if (dcrs.length === 1) chosen = dcrs[0];
  if (!chosen) {
    problems.push({
      severity: 'error', code: DRY_RUN_CODES.invalidInput, file: dcrFile.file, pointer: '',
      message: dcrs.length === 0
        ? 'no data collection rule in this file (a resource with properties.streamDeclarations and properties.dataFlows)'
        : dcrName !== undefined
          ? `no data collection rule named '${dcrName}' in this file (found: ${dcrs.map((d) => nameOf(d) || d.pointer).join(', ')})`
          : `this file holds ${dcrs.length} data collection rules (${dcrs.map((d) => nameOf(d) || d.pointer).join(', ')}); choose one with --name`,
    });
    return empty(dcrDoc.value);
  }
  const base = chosen.pointer;
  const body = chosen.json;
  const origin = { file: dcrFile.file, doc: body, base };

  // A flow's table not given: its columns are taken from what the flow produces, and the run says so.
  for (const [i, flow] of (asArray(prop(prop(body, 'properties'), 'dataFlows'))).entries()) {
    const out = flowOutput(flow);
    if (!out || tables.has(out.table.toLowerCase())) continue;
    const columns = producedColumns(body, flow);
    if (!columns) continue;
    tables.set(out.table.toLowerCase(), { name: out.table, kind: out.kind, plan: 'Analytics', columns, createdAt: now, updatedAt: now });
    problems.push({
      severity: 'warning', code: DRY_RUN_CODES.tableNotFound, file: dcrFile.file,
      pointer: targetToPointer(`properties.dataFlows[${i}]${prop(flow, 'outputStream') !== undefined ? '.outputStream' : '.streams[0]'}`, body, base),
      message: invalid.has(out.table.toLowerCase())
        ? `the definition of table '${out.table}' has errors (reported above); for this run its columns are taken from the flow's own output, so the output is not checked against the table`
        : `no definition of table '${out.table}' was given (--table) or found next to the DCR; its columns are taken from the flow's own output, so the output is not checked against the table`,
      flow: i,
    });
  }

  // The stand-in workspace: template values bind to it; a literal destination is taken as it.
  const literalWs = asArray(prop(prop(prop(body, 'properties'), 'destinations'), 'logAnalytics'))
    .map((d) => prop(d, 'workspaceResourceId'))
    .find((v): v is string => typeof v === 'string' && v.length > 0 && !isTemplatePlaceholder(v));
  const name = nameOf(chosen) || 'dry-run';
  const checked = checkDcr(name, body, {
    workspaceResourceId: literalWs ?? OFFLINE_WORKSPACE.resourceId,
    workspaceId: OFFLINE_WORKSPACE.id,
    location: 'local',
    defaultDceResourceId: OFFLINE_WORKSPACE.dce,
    findDce: (id) => id,
    findTable: (n) => tables.get(n.toLowerCase()),
  });
  if (!checked.ok) {
    for (const i of checked.issues) {
      if (i.code === 'InvalidDcrName' && nameOf(chosen) === '') continue;
      problems.push({ severity: 'error', code: i.code, message: i.message, file: dcrFile.file, pointer: targetToPointer(i.target, body, base) });
    }
    return { ...empty(), dcrOrigin: origin };
  }
  const dcr: DataCollectionRule = {
    name, immutableId: 'dcr-00000000000000000000000000000000', ...checked.value, etag: '""', createdAt: now, updatedAt: now,
  };
  return { dcr, tables: [...tables.values()], getTable: (n) => tables.get(n.toLowerCase()), problems, dcrOrigin: origin };
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function flowOutput(flow: unknown): { table: string; kind: 'custom' | 'standard' } | undefined {
  const out = prop(flow, 'outputStream');
  const streams = asArray(prop(flow, 'streams'));
  const s = typeof out === 'string' ? out : streams.length === 1 && typeof streams[0] === 'string' ? streams[0] : undefined;
  return s ? outputTableName(s) : undefined;
}

/** The columns a flow writes: its transform's output, or the stream's columns for a pass-through flow. */
function producedColumns(body: unknown, flow: unknown): ColumnDef[] | undefined {
  const stream = asArray(prop(flow, 'streams'))[0];
  if (typeof stream !== 'string') return undefined;
  const decl = prop(prop(prop(body, 'properties'), 'streamDeclarations'), stream);
  const input: { name: string; type: KqlType }[] = [];
  for (const c of asArray(prop(decl, 'columns'))) {
    const n = prop(c, 'name');
    const t = normaliseStreamType(prop(c, 'type'));
    if (typeof n === 'string' && t) input.push({ name: n, type: t });
  }
  const kql = prop(flow, 'transformKql');
  let columns: ColumnDef[] = input;
  if (typeof kql === 'string' && !isPassThrough(kql)) {
    const v = validateTransform(kql, { input, requireTimeGenerated: false });
    // A transform that does not compile: its errors are reported by the run's creation check.
    columns = v.outputSchema ? v.outputSchema.map((c) => ({ name: c.name, type: c.type })) : [];
  }
  // A custom table always has TimeGenerated; the table fills it when the flow does not.
  return columns.some((c) => c.name === 'TimeGenerated') ? columns : [{ name: 'TimeGenerated', type: 'datetime' }, ...columns];
}

/** Reads the input records: a JSON array, one JSON object, or NDJSON (one object per line). */
export function parseRecords(f: SourceFile): { records: unknown[]; recordPointer(i: number): string; problems: DryRunProblem[] } {
  const text = f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text;
  const whole = (() => {
    try {
      return { ok: true as const, value: JSON.parse(text) as unknown };
    } catch (e) {
      return { ok: false as const, error: (e as Error).message };
    }
  })();
  if (whole.ok) {
    if (Array.isArray(whole.value)) return { records: whole.value, recordPointer: (i) => `/${i}`, problems: [] };
    return { records: [whole.value], recordPointer: () => '', problems: [] };
  }
  // NDJSON: one record per non-empty line; pointers name the record by its position in the stream of records.
  const records: unknown[] = [];
  const problems: DryRunProblem[] = [];
  text.split('\n').forEach((line, n) => {
    if (line.trim().length === 0) return;
    try {
      records.push(JSON.parse(line));
    } catch (e) {
      problems.push({ severity: 'error', code: DRY_RUN_CODES.invalidInput, file: f.file, pointer: '', message: `line ${n + 1} is neither part of a JSON document nor a JSON line: ${(e as Error).message}` });
    }
  });
  if (records.length === 0 && problems.length === 0) problems.push({ severity: 'error', code: DRY_RUN_CODES.invalidInput, file: f.file, pointer: '', message: `not valid JSON: ${whole.error}` });
  return { records, recordPointer: (i) => `/${i}`, problems };
}
