// `vigil query '<kql>' [--timespan P1D] [--format table|json|csv]`: runs KQL through the server's
// Log Analytics query API (POST /v1/workspaces/{id}/query, authenticated with the admin key), reading
// the query from stdin when none is given. `--format json` prints the API's response body as sent;
// `table` is for a person; `csv` for spreadsheets. A partial result (row cap, timeout) is printed with
// a warning on stderr; a rejected query prints the error with its place in the text and exits 1.
import { Command } from 'commander';
import { CliError, connect } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { deployment } from '../deployment.js';

export const QUERY_FORMATS = ['table', 'json', 'csv'] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

interface QueryFlags extends CommonFlags {
  timespan?: string;
  format?: string;
  wait?: string;
}

/** Widest a table cell is printed; longer text is cut with an ellipsis. */
const MAX_CELL_WIDTH = 60;

interface ApiTable {
  name: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

export function queryCommand(): Command {
  const cmd = new Command('query')
    .description('run a KQL query against the workspace (reads the query from stdin when none is given)')
    .argument('[kql]', 'the query; omit it to read the query from stdin');
  connectionOptions(cmd)
    .option('--timespan <timespan>', 'ISO 8601 duration or interval applied to every table, e.g. PT1H, P1D, 2025-06-01T00:00:00Z/P1D')
    .option('--format <format>', `output: ${QUERY_FORMATS.join(', ')} (default table; --json is --format json)`)
    .option('--wait <seconds>', 'longest the query may run on the server, in seconds (Prefer: wait; at most the server\'s --query-timeout)')
    .action(async (kql: string | undefined, o: QueryFlags) => {
      const format = (o.format ?? (o.json ? 'json' : 'table')).toLowerCase();
      try {
        if (!(QUERY_FORMATS as readonly string[]).includes(format)) throw new CliError(`unknown format '${o.format}': use ${QUERY_FORMATS.join(', ')}`);
        // The server ignores a `wait` it cannot read (as Log Analytics does), so a typo would
        // silently leave the default limit in place: refuse it here instead.
        if (o.wait !== undefined && !(o.wait.trim() !== '' && Number(o.wait) > 0)) throw new CliError(`--wait takes a number of seconds greater than 0; got '${o.wait}'`);
        const query = kql ?? (await readStdin());
        if (query.trim() === '') throw new CliError('no query: give one as an argument, or pipe it on stdin');
        const client = await connect(o);
        const d = await deployment(client);
        const headers: Record<string, string> = { prefer: `include-render=true${o.wait ? `,wait=${o.wait.trim()}` : ''}` };
        const res = await client.raw('POST', `/v1/workspaces/${d.workspaceId}/query`, { query, ...(o.timespan ? { timespan: o.timespan } : {}) }, headers);
        if (res.status !== 200) {
          process.exitCode = 1;
          if (format === 'json') process.stdout.write(res.text.replace(/\n?$/, '\n'));
          else process.stderr.write(`error: ${describeQueryError(res.status, res.json, res.text, query)}\n`);
          return;
        }
        if (format === 'json') {
          process.stdout.write(res.text.replace(/\n?$/, '\n'));
        } else {
          const body = parseKeepingLongs(res.text) as { tables: ApiTable[]; error?: unknown };
          const table = body.tables[0] ?? { name: 'PrimaryResult', columns: [], rows: [] };
          process.stdout.write(format === 'csv' ? formatCsv(table) : formatTable(table));
        }
        const warning = partialWarning(res.json?.error);
        if (warning) process.stderr.write(`warning: ${warning}\n`);
      } catch (e) {
        process.exitCode = 1;
        process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    });
  return cmd;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('no query: give one as an argument, or pipe it on stdin');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * JSON.parse, except that integers too long for a JS number (a `long` beyond 2^53) are kept as their
 * digits: the printed value must be the one the server sent.
 */
export function parseKeepingLongs(text: string): unknown {
  return JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?\d{16,}(?![.\deE])/g, (m) => (m.startsWith('"') ? m : `"${m}"`)));
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** An aligned text table with a header rule and a row count. */
export function formatTable(table: ApiTable): string {
  const header = table.columns.map((c) => c.name);
  const cells = table.rows.map((r) => r.map((v) => clip(cellText(v).replace(/\r?\n/g, '⏎'))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const numeric = table.columns.map((c) => ['int', 'long', 'real', 'decimal'].includes(c.type));
  const line = (vals: string[]) => vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cells) out.push(line(r));
  out.push(`(${table.rows.length} row${table.rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}

function clip(s: string): string {
  return s.length > MAX_CELL_WIDTH ? `${s.slice(0, MAX_CELL_WIDTH - 1)}…` : s;
}

/** RFC 4180: a header line, fields quoted when they hold a comma, quote or line break. */
export function formatCsv(table: ApiTable): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [table.columns.map((c) => field(c.name)).join(',')];
  for (const r of table.rows) lines.push(r.map((v) => field(cellText(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** The message of a PartialError, or undefined. */
export function partialWarning(error: unknown): string | undefined {
  const e = error as { code?: string; message?: string; details?: { innererror?: { message?: string } }[] } | undefined;
  if (!e || e.code !== 'PartialError') return undefined;
  const reasons = (e.details ?? []).map((d) => d.innererror?.message).filter((m): m is string => !!m);
  return `partial result: ${reasons.join(' ') || e.message}`;
}

/** A Log Analytics error for a person: the codes, the innermost message, and a caret under the place. */
export function describeQueryError(status: number, body: any, text: string, query: string): string {
  const e = body?.error;
  if (!e || typeof e !== 'object') return `HTTP ${status}${text ? `: ${text.slice(0, 500)}` : ''}`;
  const lines = [`${e.code}: ${e.message}`];
  let inner = e.innererror;
  let located: { line: number; pos: number } | undefined;
  while (inner && typeof inner === 'object') {
    const at = typeof inner.line === 'number' && typeof inner.pos === 'number' ? ` (line ${inner.line}, position ${inner.pos + 1})` : '';
    lines.push(`  ${inner.code}: ${inner.message}${at}`);
    if (at) located = { line: inner.line, pos: inner.pos };
    inner = inner.innererror;
  }
  if (located) {
    const src = query.split('\n')[located.line - 1];
    if (src !== undefined) lines.push('', `    ${src}`, `    ${' '.repeat(Math.max(0, located.pos))}^`);
  }
  return lines.join('\n');
}
