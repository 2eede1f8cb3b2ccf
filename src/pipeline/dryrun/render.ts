// The dry run for a person: per flow, the output rows as a table (or one block per row when the
// table would be too wide for a terminal), the records filtered out, the dead letters, the columns
// the table lacks; then the fields dropped because the stream does not declare them; then every
// problem in compiler style (`file:pointer:line:col: error CODE: message`) and the counts.
import type { DryRunReport } from './dry-run.js';
import { formatProblem } from './problems.js';
import type { FlowRun, StreamRun } from './run-stream.js';

const MAX_CELL = 40;
const MAX_TABLE_WIDTH = 160;

export function renderReport(r: DryRunReport): string {
  const out: string[] = [];
  for (const s of r.streams) out.push(...renderStream(r, s));
  if (r.problems.length > 0) {
    if (out.length > 0) out.push('');
    out.push('Problems:');
    for (const p of r.problems) out.push(formatProblem(p));
  }
  const errors = r.problems.filter((p) => p.severity === 'error').length;
  const warnings = r.problems.length - errors;
  if (out.length > 0) out.push('');
  out.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${errors === 0 ? ' — ingestion would store the rows shown' : ''}`);
  return out.join('\n');
}

function renderStream(r: DryRunReport, s: StreamRun): string[] {
  const out = [`DCR ${r.dcr}, stream ${s.stream}: ${s.records} record${s.records === 1 ? '' : 's'} (run at ${r.now})`];
  for (const f of s.flows) out.push('', ...renderFlow(f));
  if (s.refused.length > 0) {
    out.push('', `Records the API would refuse (400, the whole request): ${list(s.refused)}`);
  }
  const dropped = Object.entries(s.droppedFields);
  if (dropped.length > 0) {
    out.push('', 'Fields dropped (the stream declaration lacks them):');
    for (const [field, recs] of dropped) out.push(`  ${field}  (record${recs.length === 1 ? '' : 's'} ${list(recs)})`);
  }
  const truncated = Object.entries(s.truncatedFields);
  if (truncated.length > 0) {
    out.push('', 'Values cut to the 64 KB field limit:');
    for (const [field, recs] of truncated) out.push(`  ${field}  (record${recs.length === 1 ? '' : 's'} ${list(recs)})`);
  }
  return out;
}

function renderFlow(f: FlowRun): string[] {
  const kql = f.transformKql.replace(/\s+/g, ' ').trim();
  const out = [`Flow ${f.index} → ${f.outputTable}   transform: ${kql.length > 100 ? kql.slice(0, 97) + '...' : kql}`];
  out.push(`  ${f.rows.length} row${f.rows.length === 1 ? '' : 's'} stored, ${f.filtered.length} filtered out, ${f.deadLetters.length} dead-lettered`);
  if (f.rows.length > 0) out.push(...rowsTable(f).map((l) => '  ' + l));
  if (f.filtered.length > 0) out.push(`  filtered out by the transform: record${f.filtered.length === 1 ? '' : 's'} ${list(f.filtered)}`);
  for (const d of f.deadLetters) out.push(`  dead letter: record ${d.record}: ${d.reason}: ${d.detail}`);
  if (f.columnsNotInTable.length > 0) out.push(`  not stored (the table has no such column): ${f.columnsNotInTable.join(', ')}`);
  return out;
}

function rowsTable(f: FlowRun): string[] {
  const names = f.columns.map((c) => c.name);
  // Columns that only a filled TimeGenerated adds are shown too.
  if (f.rows.some((r) => r.timeGeneratedFilled) && !names.includes('TimeGenerated')) names.unshift('TimeGenerated');
  const header = ['#', ...names];
  const cells = f.rows.map((r) => [String(r.record) + (r.timeGeneratedFilled ? '*' : ''), ...names.map((n) => cell(r.values[n]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const note = f.rows.some((r) => r.timeGeneratedFilled) ? ['* TimeGenerated was missing: the table fills in the ingestion time (shown)'] : [];
  if (widths.reduce((a, b) => a + b + 2, 0) <= MAX_TABLE_WIDTH) {
    const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
    return [line(header), ...cells.map(line), ...note];
  }
  // Too wide for a terminal: one block per row.
  const w = Math.max(...names.map((n) => n.length));
  const out: string[] = [];
  f.rows.forEach((r, k) => {
    out.push(`record ${cells[k][0]}:`);
    names.forEach((n, i) => {
      if (r.values[n] !== undefined) out.push(`  ${n.padEnd(w)}  ${cells[k][i + 1]}`);
    });
  });
  return [...out, ...note];
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > MAX_CELL ? flat.slice(0, MAX_CELL - 1) + '…' : flat;
}

function list(xs: readonly number[]): string {
  return xs.length > 12 ? `${xs.slice(0, 12).join(', ')}, … (${xs.length})` : xs.join(', ');
}
