// From a classic table's columns to the stream a modern sender posts and the transform that rebuilds
// the classic column names from it — the pattern of the AbnormalSecurity DCR in the fixtures, whose
// stream keeps the original field names and whose transformKql writes the legacy suffixed columns
// (`extend abx_metadata_event_type_s = tostring(abx_metadata.event_type)`), so existing queries,
// rules and workbooks keep working against the same table.
import { canBeName } from '../../kql/syntax/keywords.js';

export type LegacyColumnRole = 'time' | 'system' | 'overflow' | 'property';

/** One column of the classic table, as the Data Collector layer describes it. */
export interface LegacyColumnInput {
  name: string;
  /** KQL type name of the column. */
  type: string;
  description?: string;
  role: LegacyColumnRole;
  /** `property` columns: the property path from the record's top level. */
  source?: string[];
}

export interface LegacyTableInput {
  table: string;
  columns: LegacyColumnInput[];
}

/** A field of the new stream and the classic columns filled from it. */
export interface StreamField {
  name: string;
  /** Stream declaration type (`string int long real boolean datetime dynamic`). */
  streamType: string;
  columns: { column: string; type: string; path: string[]; expression: string }[];
}

const STREAM_TYPE_OF: Readonly<Record<string, string>> = {
  string: 'string', int: 'int', long: 'long', real: 'real', bool: 'boolean', boolean: 'boolean',
  datetime: 'datetime', dynamic: 'dynamic',
  // Not stream types in Azure: sent as text or numbers, converted by the transform.
  guid: 'string', timespan: 'string', decimal: 'real',
};

/** The conversion function that turns a stream value into a column of this type (DCR subset, spec/kql.md §3.4). */
const CONVERT: Readonly<Record<string, string>> = {
  string: 'tostring', int: 'toint', long: 'tolong', real: 'toreal', decimal: 'toreal', bool: 'tobool', boolean: 'tobool',
  datetime: 'todatetime', guid: 'toguid', timespan: 'totimespan', dynamic: '',
};

const NULL_OF: Readonly<Record<string, string>> = {
  string: '""', int: 'int(null)', long: 'long(null)', real: 'real(null)', decimal: 'real(null)', bool: 'bool(null)', boolean: 'bool(null)',
  datetime: 'datetime(null)', guid: 'guid(null)', timespan: 'timespan(null)', dynamic: 'dynamic(null)',
};

const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function bracket(name: string): string {
  return `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** A column or field name in a position (`ref`: read, `decl`: assigned). */
export function kqlName(name: string, use: 'ref' | 'decl' = 'ref'): string {
  return SIMPLE.test(name) && canBeName(name, use) ? name : bracket(name);
}

/** `a.b['c d']`: a field and member accesses down a property path. */
export function kqlPath(path: readonly string[]): string {
  let out = kqlName(path[0]);
  for (const seg of path.slice(1)) out += SIMPLE.test(seg) && canBeName(seg, 'member') ? `.${seg}` : `[${bracket(seg).slice(1, -1)}]`;
  return out;
}

/** True when a column is its field unchanged: same name, one column, top level, a stream type of its own. */
function isIdentity(f: StreamField, c: StreamField['columns'][number]): boolean {
  const own = STREAM_TYPE_OF[c.type];
  return c.column === f.name && f.columns.length === 1 && c.path.length === 1 && own === f.streamType && CONVERT[c.type] !== 'toguid' && c.type !== 'timespan' && c.type !== 'decimal';
}

function convert(type: string, expr: string): string {
  const f = CONVERT[type] ?? 'tostring';
  return f === '' ? expr : `${f}(${expr})`;
}

/**
 * The stream fields of a classic table, in column order. A field is `dynamic` when its columns come
 * from nested properties or when one property has columns of several types (it changed type over
 * time); otherwise it has the type of its one column.
 *
 * Columns of several types for one property are alternatives: each value went to one of them. The
 * transform gives a value to the most specific column it converts to — guid, datetime, bool,
 * number, then string, which takes the rest — the closest a per-record transform gets to the
 * classic rule (a value goes to the column of its own kind, else to one it converts to) [inf].
 */
export function streamFields(input: LegacyTableInput): StreamField[] {
  const byField = new Map<string, Map<string, { column: LegacyColumnInput; path: string[] }[]>>();
  for (const c of input.columns) {
    if (c.role !== 'property' || !c.source || c.source.length === 0) continue;
    let paths = byField.get(c.source[0]);
    if (!paths) byField.set(c.source[0], (paths = new Map()));
    const key = JSON.stringify(c.source);
    const list = paths.get(key);
    const entry = { column: c, path: c.source };
    if (list) list.push(entry);
    else paths.set(key, [entry]);
  }
  const fields: StreamField[] = [];
  for (const [name, paths] of byField) {
    const groups = [...paths.values()];
    const dynamic = groups.length > 1 || groups.some((g) => g.length > 1 || g[0].path.length > 1);
    const only = groups[0][0].column;
    const streamType = dynamic ? 'dynamic' : STREAM_TYPE_OF[only.type] ?? 'string';
    const columns: StreamField['columns'] = [];
    for (const group of groups) {
      const ranked = [...group].sort((a, b) => rank(a.column.type) - rank(b.column.type));
      const taken: string[] = [];
      const byColumn = new Map<string, string>();
      for (const e of ranked) {
        const value = convert(e.column.type, kqlPath(e.path));
        const expression = taken.length === 0 ? value : `iif(${taken.map((t) => `isnull(${t})`).join(' and ')}, ${value}, ${NULL_OF[e.column.type] ?? '""'})`;
        byColumn.set(e.column.name, expression);
        taken.push(value);
      }
      for (const e of group) columns.push({ column: e.column.name, type: e.column.type, path: e.path, expression: byColumn.get(e.column.name)! });
    }
    fields.push({ name, streamType, columns });
  }
  return fields;
}

/** Most specific first: a string column takes anything, so it comes last. */
function rank(type: string): number {
  const order = ['guid', 'datetime', 'timespan', 'bool', 'boolean', 'int', 'long', 'real', 'decimal', 'dynamic', 'string'];
  const i = order.indexOf(type);
  return i < 0 ? order.length : i;
}

export interface TransformOptions {
  /** A field whose value becomes TimeGenerated (what senders gave as `time-generated-field`). */
  timeGeneratedField?: string;
}

/**
 * The transformKql: TimeGenerated (the sender's, else the time-generated field, else ingestion time),
 * one `extend` per classic column, then `project-away` of the stream fields that are not columns
 * of the table (Azure drops them anyway; removing them keeps the output equal to the table).
 */
export function legacyTransform(input: LegacyTableInput, fields: readonly StreamField[], options: TransformOptions = {}): string {
  const lines = ['source'];
  if (options.timeGeneratedField) {
    const t = `todatetime(${kqlName(options.timeGeneratedField)})`;
    lines.push(`| extend TimeGenerated = iif(isnotnull(${t}), ${t}, iif(isnull(TimeGenerated), now(), TimeGenerated))`);
  } else {
    lines.push('| extend TimeGenerated = iif(isnull(TimeGenerated), now(), TimeGenerated)');
  }
  const tableColumns = new Set(input.columns.map((c) => c.name));
  for (const f of fields) {
    // A column named like its field is assigned last: assigning it changes what later lines would read.
    const ordered = [...f.columns.filter((c) => c.column !== f.name), ...f.columns.filter((c) => c.column === f.name)];
    for (const c of ordered) {
      if (isIdentity(f, c)) continue; // the field already is the column
      lines.push(`| extend ${kqlName(c.column, 'decl')} = ${c.expression}`);
    }
  }
  const away = fields.map((f) => f.name).filter((n) => !tableColumns.has(n) && n !== 'TimeGenerated');
  if (away.length > 0) lines.push(`| project-away ${away.map((n) => kqlName(n)).join(', ')}`);
  return lines.join('\n');
}
