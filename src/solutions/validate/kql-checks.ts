// The KQL step of the validator: every query string of every connector (graph, sample, data-type and
// connectivity queries) is bound against the tables the solution itself declares, and every DCR transform
// against its input stream (N13 subset, N14 column flow). The analyzer is injected (see kql/analyzer.ts).
import type { ConnectorGraph, DcrFlow, DcrNode } from '../load/index.js';
import { tableNameOfOutput } from '../load/index.js';
import { kqlTypeOf, lineColumnAt, type KqlAnalysis, type KqlAnalyzer, type KqlColumn, type KqlIssue, type KqlSchema } from '../kql/analyzer.js';
import { DCR_FUNCTIONS, DCR_OPERATORS, DCR_TOLERATED_FUNCTIONS } from '../kql/dcr-subset.js';
import { finding, type Finding, type Severity } from '../model/findings.js';
import type { RuleCode } from '../model/codes.js';
import { ciArray, ciGet, ciKey, isObject, pointerJoin, type Json, type JsonObject } from '../model/json.js';

export interface QueryRef {
  file: string;
  pointer: string;
  text: string;
  /** From a legacy (Data Collector API) connector, whose tables gain columns on ingestion. */
  legacy?: boolean;
}

/** Every query string a connector UI config carries, with its location. */
export function connectorQueries(ui: Json | undefined, file: string, base: string): QueryRef[] {
  if (!isObject(ui)) return [];
  const out: QueryRef[] = [];
  const tableName = ciGet(ui, 'graphQueriesTableName');
  const subst = (s: string): string => (typeof tableName === 'string' ? s.split('{{graphQueriesTableName}}').join(tableName) : s);
  const list = (key: string, field: string): void => {
    const k = ciKey(ui, key);
    if (k === undefined || !Array.isArray(ui[k])) return;
    (ui[k] as Json[]).forEach((item, i) => {
      const fk = ciKey(item, field);
      if (fk === undefined) return;
      const v = (item as JsonObject)[fk];
      if (typeof v === 'string') out.push({ file, pointer: pointerJoin(base, k, i, fk), text: subst(v) });
    });
  };
  list('graphQueries', 'baseQuery');
  list('sampleQueries', 'query');
  list('dataTypes', 'lastDataReceivedQuery');
  for (const key of ['connectivityCriteria', 'connectivityCriterias']) {
    const k = ciKey(ui, key);
    if (k === undefined || !Array.isArray(ui[k])) continue;
    (ui[k] as Json[]).forEach((c, i) => {
      const vk = ciKey(c, 'value');
      const values = vk !== undefined ? (c as JsonObject)[vk] : undefined;
      if (!Array.isArray(values)) return;
      values.forEach((v, j) => {
        if (typeof v === 'string') out.push({ file, pointer: pointerJoin(base, k, i, vk!, j), text: subst(v) });
      });
    });
  }
  return out;
}

/**
 * The tables the solution declares: table files, plus — for DCR outputs without a table file — the schema the
 * transform produces (R21: schemas derived from the solution's own JSON, not hand-written).
 */
export function solutionSchema(g: ConnectorGraph, analyzer?: KqlAnalyzer): Map<string, KqlColumn[]> {
  const tables = new Map<string, KqlColumn[]>();
  for (const t of g.tables) tables.set(t.name, t.columns.map((c) => ({ name: c.name, type: kqlTypeOf(c.type) })));
  for (const dcr of g.dcrs) {
    for (const flow of dcr.flows) {
      const name = tableNameOfOutput(flow.outputStream);
      if (name === undefined || tables.has(name)) continue;
      const derived = derivedOutput(dcr, flow, analyzer);
      if (derived) tables.set(name, derived);
    }
  }
  return tables;
}

function streamColumns(dcr: DcrNode, flow: DcrFlow): KqlColumn[] | undefined {
  const s = dcr.streams.find((x) => x.name === flow.streams[0]);
  return s?.columns.map((c) => ({ name: c.name, type: kqlTypeOf(c.type) }));
}

function derivedOutput(dcr: DcrNode, flow: DcrFlow, analyzer?: KqlAnalyzer): KqlColumn[] | undefined {
  const input = streamColumns(dcr, flow);
  if (!input) return undefined;
  const kql = flow.transformKql?.trim();
  if (kql === undefined || kql === '' || kql === 'source') return input;
  return analyzer?.analyzeTransform(kql, input).outputColumns;
}

export function checkKql(g: ConnectorGraph, analyzer: KqlAnalyzer | undefined): Finding[] {
  const out: Finding[] = [];
  const tables = solutionSchema(g, analyzer);
  const schema: KqlSchema = { tables };
  const queries: QueryRef[] = [];
  for (const d of g.definitions) {
    const a = d.artifact;
    const propsKey = ciKey(a.json, 'properties');
    const props = propsKey !== undefined ? a.json[propsKey] : undefined;
    const uiKey = ciKey(props, 'connectorUiConfig');
    if (propsKey === undefined || uiKey === undefined) continue;
    queries.push(...connectorQueries((props as JsonObject)[uiKey], a.file, pointerJoin(a.pointer, propsKey, uiKey)));
  }
  for (const l of g.legacy) queries.push(...connectorQueries(l.artifact.json, l.artifact.file, l.artifact.pointer).map((q) => ({ ...q, legacy: true })));
  // Tables a legacy connector names but the solution gives no schema for: the Data Collector API creates them
  // on the first post, so they exist, but their columns are unknown; queries on them are only syntax-checked.
  const schemaless = new Set(g.legacy.flatMap((l) => l.tables).filter((t) => !tables.has(t)));

  if (!analyzer) {
    out.push(finding('SOL400', 'KQL checks skipped: no KQL analyzer is wired; only table names at the start of queries are checked'));
    for (const q of queries) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\||$)/.exec(q.text);
      if (m && !tables.has(m[1]) && !schemaless.has(m[1])) {
        out.push(finding('SOL402', `query reads table ${m[1]}, which the solution neither declares nor writes`, { file: q.file, pointer: q.pointer }));
      }
    }
    return out;
  }

  for (const q of queries) {
    const analysis = safeAnalyze(() => analyzer.analyzeQuery(q.text, schema));
    const lead = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(q.text)?.[1];
    const syntaxOnly = lead !== undefined && schemaless.has(lead);
    for (const issue of analysis.issues) {
      if (syntaxOnly && issue.kind !== 'syntax') continue;
      // A query that is only a table name (graph baseQuery) binds the name as an expression, so an unknown
      // table shows up as an unknown name at the leading identifier.
      const asTable = issue.kind === 'unknown-name' && lead !== undefined && issue.name === lead && q.text.indexOf(lead) === issue.start;
      out.push(queryIssueFinding(q, asTable ? { ...issue, kind: 'unknown-table' } : issue));
    }
  }
  for (const dcr of g.dcrs) for (const flow of dcr.flows) out.push(...checkTransform(dcr, flow, analyzer, tables));
  return out;
}

function queryIssueFinding(q: QueryRef, issue: KqlIssue): Finding {
  const pos = lineColumnAt(q.text, issue.start);
  const at = { file: q.file, pointer: q.pointer, line: pos.line, column: pos.column };
  switch (issue.kind) {
    case 'syntax':
      return finding('SOL401', `${issue.message} [${issue.code}]`, at);
    case 'unknown-table':
      return finding('SOL402', `query reads table ${issue.name ?? '?'}, which the solution neither declares nor writes [${issue.code}]`, at);
    case 'unknown-name':
      // The HTTP Data Collector API adds a column (with its _s/_d/_b/_g/_t suffix) the first time a record
      // carries the field, so a legacy connector's query may name columns no schema lists yet: a warning.
      return q.legacy
        ? finding('SOL403', `${issue.message} [${issue.code}]; legacy Data Collector tables gain columns on ingestion, so this is only a warning`, { ...at, severity: 'warning' })
        : finding('SOL403', `${issue.message} [${issue.code}]`, at);
    case 'unsupported':
      return finding('SOL405', `${issue.message} [${issue.code}]`, at);
    default:
      return finding('SOL404', `${issue.message} [${issue.code}]`, at);
  }
}

function checkTransform(dcr: DcrNode, flow: DcrFlow, analyzer: KqlAnalyzer, tables: Map<string, KqlColumn[]>): Finding[] {
  const kql = flow.transformKql;
  if (kql === undefined || kql.trim() === '' || kql.trim() === 'source') return [];
  const input = streamColumns(dcr, flow);
  if (!input) return [];
  const a = dcr.artifact;
  const flowJson = ciArray(ciGet(a.json, 'properties'), 'dataFlows')?.[flow.index];
  const pointer = pointerJoin(flow.pointer, ciKey(flowJson, 'transformKql') ?? 'transformKql');
  const at = (offset: number, severity?: Severity): { file: string; pointer: string; line: number; column: number; severity?: Severity } => {
    const pos = lineColumnAt(kql, offset);
    return { file: a.file, pointer, line: pos.line, column: pos.column, ...(severity ? { severity } : {}) };
  };
  const out: Finding[] = [];
  const analysis: KqlAnalysis = safeAnalyze(() => analyzer.analyzeTransform(kql, input));
  for (const issue of analysis.issues) {
    const codes: Record<KqlIssue['kind'], RuleCode> = {
      syntax: 'SOL401',
      'unknown-name': 'SOL514',
      'unknown-table': 'SOL404',
      semantic: 'SOL404',
      unsupported: 'SOL405',
      subset: 'SOL513',
      output: 'SOL514',
    };
    const code = codes[issue.kind];
    const message =
      issue.kind === 'unknown-name'
        ? `transform uses ${issue.name ?? 'a name'} which stream ${flow.streams[0]} does not declare: ${issue.message} [${issue.code}]`
        : `${issue.message} [${issue.code}]`;
    // Unknown names keep N14's warning severity (spec §7); other issues carry the analyzer's own severity.
    const severity = issue.kind === 'unknown-name' || issue.kind === 'unsupported' ? undefined : (issue.severity ?? 'error');
    out.push(finding(code, message, at(issue.start, severity)));
  }
  for (const op of analysis.operators ?? []) {
    if (!DCR_OPERATORS.has(op.name)) {
      out.push(finding('SOL513', `operator "${op.name}" is not allowed in a DCR transform (it runs once per record)`, at(op.start)));
    }
  }
  // One finding per function name (at its first use): a transform calling todynamic 38 times has one problem.
  const uses = new Map<string, { start: number; count: number }>();
  for (const fn of analysis.functions ?? []) {
    if (DCR_FUNCTIONS.has(fn.name)) continue;
    const u = uses.get(fn.name);
    if (u) u.count++;
    else uses.set(fn.name, { start: fn.start, count: 1 });
  }
  for (const [name, u] of uses) {
    const times = u.count > 1 ? ` (used ${u.count} times)` : '';
    out.push(
      finding(
        'SOL513',
        DCR_TOLERATED_FUNCTIONS.has(name)
          ? `function "${name}" is outside the documented DCR transform subset${times}; real DCRs use it, but Azure may reject it`
          : `function "${name}" is not in the documented DCR transform function list${times}`,
        at(u.start, 'warning'),
      ),
    );
  }
  const outputs = analysis.outputColumns;
  const tableName = tableNameOfOutput(flow.outputStream);
  if (outputs && tableName !== undefined) {
    if (!outputs.some((c) => c.name === 'TimeGenerated')) {
      out.push(finding('SOL514', 'the transform output has no TimeGenerated column', at(0, 'error')));
    }
    const table = flow.table ? tables.get(tableName) : undefined;
    if (table) {
      const extra = outputs.filter((c) => !table.some((t) => t.name === c.name)).map((c) => c.name);
      if (extra.length > 0) {
        out.push(
          finding('SOL514', `transform outputs ${extra.join(', ')}, not columns of ${tableName}; the service drops them`, at(0)),
        );
      }
    }
  }
  return out;
}

/** An analyzer that throws must not stop validation: its failure becomes one semantic issue. */
function safeAnalyze(fn: () => KqlAnalysis): KqlAnalysis {
  try {
    return fn();
  } catch (e) {
    return { issues: [{ kind: 'semantic', code: 'ANALYZER', message: `the KQL analyzer failed: ${(e as Error).message}`, start: 0, length: 0 }] };
  }
}
