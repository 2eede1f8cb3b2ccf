// What the `vigil solution …`, `vigil deploy` and `vigil content …` commands print and exit with, as plain
// functions (text in, text and exit code out), so a commander module in src/cli only maps arguments onto them.
import { existsSync, readFileSync } from 'node:fs';
import { listBuiltinContent } from '../content/index.js';
import { evaluateTemplate, parameterValues, parseAssignments, type DeploymentContext, type EvaluationResult } from './arm/index.js';
import { countBySeverity, finding, findingsToJson, formatFindings, hasErrors, type Finding } from './model/findings.js';
import { parseJsonText, type Json } from './model/json.js';
import { formatSummary, packageSolution, type PackageOptions } from './package/index.js';
import { validateSolution } from './validate/index.js';

export interface CommandOutput {
  exitCode: number;
  stdout: string;
}

export type OutputFormat = 'text' | 'json';

function countsLine(findings: Finding[]): string {
  const c = countBySeverity(findings);
  return `${c.error} error(s), ${c.warning} warning(s), ${c.info} info(s)`;
}

/** `vigil solution validate <dir> [--format json]`: compiler-style lines, exit 1 when there are errors. */
export function validateCommand(dir: string, options: { format?: OutputFormat; workspaceName?: string } = {}): CommandOutput {
  const r = validateSolution(dir, options.workspaceName !== undefined ? { workspaceName: options.workspaceName } : {});
  const exitCode = hasErrors(r.findings) ? 1 : 0;
  if (options.format === 'json') return { exitCode, stdout: findingsToJson(r.findings) + '\n' };
  const lines = formatFindings(r.findings);
  return { exitCode, stdout: `${lines}${lines ? '\n' : ''}${countsLine(r.findings)}\n` };
}

/** `vigil solution package <dir>`: progress through `onProgress` (stderr), findings and summary on stdout. */
export async function packageCommand(dir: string, options: PackageOptions & { format?: OutputFormat } = {}): Promise<CommandOutput> {
  const r = await packageSolution(dir, options);
  const exitCode = r.ok ? 0 : 1;
  if (options.format === 'json') {
    return { exitCode, stdout: JSON.stringify({ ok: r.ok, summary: r.summary ?? null, findings: JSON.parse(findingsToJson(r.findings)) }, null, 2) + '\n' };
  }
  const shown = r.findings.filter((f) => f.severity !== 'info' || f.code.startsWith('PKG'));
  const lines = formatFindings(shown);
  const summary = r.summary ? formatSummary(r.summary) + '\n' : '';
  return { exitCode, stdout: `${lines}${lines ? '\n' : ''}${summary}${countsLine(r.findings)}\n` };
}

/** Parameters from `--parameters` values: parameter files (ARM format or plain objects) and `k=v` pairs. */
export function readParameters(args: string[]): { values: Record<string, Json>; findings: Finding[] } {
  const values: Record<string, Json> = {};
  const findings: Finding[] = [];
  for (const a of args) {
    if (!a.includes('=') || existsSync(a)) {
      try {
        Object.assign(values, parameterValues(parseJsonText(readFileSync(a, 'utf8'))));
      } catch (e) {
        findings.push(finding('SOL001', `cannot read parameters: ${(e as Error).message}`, { file: a }));
      }
    } else {
      Object.assign(values, parseAssignments([a]));
    }
  }
  return { values, findings };
}

/** `vigil deploy <mainTemplate.json> [--parameters …]` planning: what would be created and what is skipped. */
export function deployPlanCommand(
  templatePath: string,
  parameterArgs: string[],
  context: Partial<DeploymentContext> = {},
): CommandOutput & { evaluation?: EvaluationResult } {
  let template: Json;
  try {
    template = parseJsonText(readFileSync(templatePath, 'utf8'));
  } catch (e) {
    return { exitCode: 1, stdout: formatFindings([finding('SOL001', `cannot read template: ${(e as Error).message}`, { file: templatePath })]) + '\n' };
  }
  const params = readParameters(parameterArgs);
  const evaluation = evaluateTemplate(template, params.values, context, { file: templatePath });
  const findings = [...params.findings, ...evaluation.diagnostics];
  const lines: string[] = [];
  for (const r of evaluation.resources) lines.push(`create ${r.resourceType} ${r.workspace ? `${r.workspace}/` : ''}${r.name}`);
  for (const s of evaluation.skipped) lines.push(`skip   ${s.templateType} ${s.name} (${s.reason})`);
  const diag = formatFindings(findings.filter((f) => f.code !== 'ARM006'));
  return {
    exitCode: hasErrors(findings) ? 1 : 0,
    stdout: `${diag}${diag ? '\n' : ''}${lines.join('\n')}\n${evaluation.resources.length} to create, ${evaluation.skipped.length} skipped\n`,
    evaluation,
  };
}

/** `vigil content list`: the built-in solutions with support type and "Supported by". */
export function contentListCommand(format: OutputFormat = 'text'): CommandOutput {
  const entries = listBuiltinContent();
  if (format === 'json') return { exitCode: 0, stdout: JSON.stringify(entries.map(({ dir: _dir, ...e }) => e), null, 2) + '\n' };
  const rows = entries.map((e) => `${e.id.padEnd(24)} ${e.version.padEnd(8)} ${`${e.supportTier} supported`.padEnd(20)} ${e.supportedBy.name}`);
  return { exitCode: 0, stdout: [`${'SOLUTION'.padEnd(24)} ${'VERSION'.padEnd(8)} ${'SUPPORT'.padEnd(20)} SUPPORTED BY`, ...rows].join('\n') + '\n' };
}
