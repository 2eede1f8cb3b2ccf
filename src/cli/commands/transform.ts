// `vigil transform test`: the dry run of a DCR's transforms — the Wazuh-logtest of DCRs. Reads the
// DCR file as it appears in a solution (template values and all), the destination tables (given
// with --table, else the table files next to the DCR), and the records (JSON array, one object, or
// NDJSON); prints per flow the rows ingestion would store, the records filtered out, the fields
// dropped and every problem with its position. No server, nothing written. Exit code 1 on any
// error, so connector authors can run it in CI.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { CliError } from '../client.js';
import { dryRun, formatProblem, loadOffline, parseJsonFile, parseRecords, renderReport, targetToPointer, type DryRunReport, type SourceFile } from '../../pipeline/dryrun/index.js';

interface TestFlags {
  dcr: string;
  input?: string;
  stream?: string;
  table?: string[];
  name?: string;
  now?: string;
  json?: boolean;
}

async function source(path: string): Promise<SourceFile> {
  try {
    return { file: path, text: await readFile(path, 'utf8') };
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Table files next to the DCR: every other .json file there that holds a table resource. */
async function tablesNextTo(dcrPath: string): Promise<SourceFile[]> {
  const dir = dirname(dcrPath);
  const out: SourceFile[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const p = join(dir, name);
    if (!name.toLowerCase().endsWith('.json') || resolve(p) === resolve(dcrPath)) continue;
    const f = await source(p).catch(() => undefined);
    if (!f) continue;
    const parsed = parseJsonFile(f);
    if (parsed.ok && JSON.stringify(parsed.value).includes('"schema"')) out.push({ file: relative(process.cwd(), p) || p, text: f.text });
  }
  return out;
}

export async function runTransformTest(o: TestFlags): Promise<DryRunReport> {
  const dcrFile = await source(o.dcr);
  const tableFiles = o.table && o.table.length > 0 ? await Promise.all(o.table.map(source)) : await tablesNextTo(o.dcr);
  const offline = loadOffline(dcrFile, tableFiles, o.name);
  let now: Date | undefined;
  if (o.now !== undefined) {
    now = new Date(o.now);
    if (Number.isNaN(now.getTime())) throw new CliError(`--now ${o.now} is not a date-time`);
  }
  const input = o.input !== undefined ? parseRecords(await source(o.input)) : { records: [], recordPointer: (i: number) => `/${i}`, problems: [] };
  if (!offline.dcr) {
    const problems = [...offline.problems, ...input.problems];
    return { dcr: o.dcr, ok: false, now: (now ?? new Date()).toISOString(), problems, streams: [] };
  }
  const report = dryRun({
    dcr: offline.dcr,
    getTable: offline.getTable,
    records: input.records,
    ...(o.stream !== undefined ? { stream: o.stream } : {}),
    ...(now ? { now } : {}),
    dcrOrigin: offline.dcrOrigin,
    ...(o.input !== undefined ? { inputOrigin: { file: o.input, recordPointer: input.recordPointer } } : { checkOnly: true }),
  });
  report.problems.unshift(...offline.problems, ...input.problems);
  report.ok = !report.problems.some((p) => p.severity === 'error');
  return report;
}

export function transformCommand(): Command {
  const cmd = new Command('transform').description('DCR transforms');
  cmd.command('test')
    .description('dry-run a DCR\'s transforms on sample records: the rows each flow would store, what is filtered or dropped, and every error with its position (no server; exit 1 on any error)')
    .requiredOption('--dcr <file>', 'the DCR file, as in a solution folder (a resource, an array of resources or an ARM template)')
    .option('--input <file>', 'the records: a JSON array, one JSON object, or NDJSON (without it, only the DCR is checked)')
    .option('--stream <name>', 'the stream the records are sent to (needed when the flows read several)')
    .option('--table <file>', 'a destination table file (repeatable; default: the table files next to the DCR)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--name <dcr>', 'which DCR, when the file holds several')
    .option('--now <datetime>', 'the time of the run (now() in transforms, the ingestion time of rows); default: the clock')
    .option('--json', 'print the report as JSON')
    .action(async (o: TestFlags) => {
      try {
        const report = await runTransformTest(o);
        process.stdout.write(o.json ? JSON.stringify(report, null, 2) + '\n' : renderReport(report) + '\n');
        if (!report.ok) process.exitCode = 1;
      } catch (e) {
        process.exitCode = 2;
        process.stderr.write(`error: ${(e as Error).message}\n`);
      }
    });
  return cmd;
}

/**
 * A refused `PUT` of a DCR read from a file (`vigil dcr create --file`): each located problem is
 * restated against that file — `file:pointer[:line:col]: error CODE: message`, the pointer spelled
 * with the file's keys, a transform's position taken from the message — so an editor or CI log can
 * jump to it; details without a target stay as the server gave them.
 */
export function locateArmError(e: unknown, file: string, doc: unknown): unknown {
  if (!(e instanceof CliError)) return e;
  const details = (e.body as { error?: { details?: { code?: string; message?: string; target?: string }[] } } | undefined)?.error?.details;
  if (!Array.isArray(details) || !details.some((d) => d.target)) return e;
  const lines = details.map((d) => {
    if (!d.target) return `  ${d.code}: ${d.message}`;
    const pos = d.target.endsWith('.transformKql') ? /^at line (\d+), column (\d+): ([\s\S]*)$/.exec(d.message ?? '') : null;
    return formatProblem({
      severity: 'error', code: d.code ?? 'Error', file,
      pointer: targetToPointer(d.target, doc),
      message: pos ? pos[3]! : d.message ?? '',
      ...(pos ? { line: Number(pos[1]), column: Number(pos[2]) } : {}),
    });
  });
  return new CliError(`${e.message.split('\n')[0]}\n${lines.join('\n')}`, e.body);
}
