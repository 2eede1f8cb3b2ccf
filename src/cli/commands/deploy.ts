// `vigil deploy <mainTemplate.json> [--parameters file|k=v]…`: deploys an ARM template (a solution
// package) into the server's workspace as a `Microsoft.Resources/deployments` resource. It prints what
// was created, updated and skipped (resource types Vigil does not create are listed, never dropped),
// and a refusal at its file and JSON pointer. `--what-if` evaluates without creating anything.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Command } from 'commander';
import { connect, CliError } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { deployment, deploymentsPath } from '../deployment.js';
import { emit, run } from '../output.js';

interface ArmDeployment {
  name: string;
  properties: {
    provisioningState: string;
    outputResources: { id: string }[];
    skippedResources: { type: string; name: string; reason: string; pointer: string }[];
    notes: { code: string; message: string; target?: string }[];
    error?: { code: string; message: string; details?: { code: string; message: string; target?: string }[] };
    validatedResources?: { id: string; type: string; name: string; action: 'create' | 'update' }[];
    outputs?: Record<string, { value: unknown }>;
  };
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The resource's type and name from its id: `…/providers/Microsoft.SecurityInsights/contentTemplates/x` → `contentTemplates x`. */
function short(id: string): string {
  const m = /\/providers\/([^/]+)\/(.+)$/i.exec(id.replace(/^.*\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+(?=\/providers\/)/i, ''));
  if (!m) return id;
  const parts = m[2].split('/');
  const types: string[] = [];
  const names: string[] = [];
  parts.forEach((p, i) => (i % 2 === 0 ? types : names).push(p));
  // A workspace's child (a table) is named by its own name, as the other resources are.
  const own = types.length > 1 && types[0].toLowerCase() === 'workspaces' ? names.slice(1) : names;
  return `${m[1]}/${types.join('/')} ${own.join('/')}`;
}

export function describeDeployment(d: ArmDeployment, file: string): string {
  const p = d.properties;
  const lines: string[] = [];
  if (p.validatedResources) for (const r of p.validatedResources) lines.push(`would ${r.action}  ${short(r.id)}`);
  else for (const r of p.outputResources) lines.push(`applied  ${short(r.id)}`);
  for (const s of p.skippedResources) lines.push(`skipped  ${s.type} ${s.name}  (${s.reason}; ${file}:${s.pointer})`);
  for (const n of p.notes) lines.push(`${n.target ? `${n.target}: ` : ''}note ${n.code}: ${n.message}`);
  if (p.error) {
    lines.push(`${p.error.code}: ${p.error.message}`);
    for (const x of p.error.details ?? []) lines.push(`${x.target ? `${x.target}: ` : ''}error ${x.code}: ${x.message}`);
  }
  const count = p.validatedResources?.length ?? p.outputResources.length;
  lines.push(`deployment '${d.name}' ${p.validatedResources ? 'checked (nothing written)' : p.provisioningState.toLowerCase()}: ${count} resource(s) ${p.validatedResources ? 'to apply' : 'applied'}, ${p.skippedResources.length} skipped`);
  return lines.join('\n');
}

export function deployCommand(): Command {
  return connectionOptions(new Command('deploy')
    .description('deploy an ARM template (e.g. a solution\'s Package/mainTemplate.json) into the workspace')
    .argument('<template>', 'the template file')
    .option('--parameters <fileOrKeyValue>', 'a parameters file (ARM format or a plain object) or name=value (repeatable)', collect)
    .option('--name <name>', 'deployment name (default: the template file name without extension)')
    .option('--what-if', 'check every resource against the workspace as the deployment would, and list what it would create or update; nothing is written'))
    .action(async (templatePath: string, o: CommonFlags & { parameters?: string[]; name?: string; whatIf?: boolean }) => run(o, async () => {
      const { readParameters } = await import('../../solutions/index.js');
      let text: string;
      try {
        text = await readFile(templatePath, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read ${templatePath}: ${(e as Error).message}`);
      }
      let template: unknown;
      try {
        template = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new CliError(`${templatePath}: error SOL001: not valid JSON: ${(e as Error).message}`);
      }
      const params = readParameters(o.parameters ?? []);
      const bad = params.findings.filter((f) => f.severity === 'error');
      if (bad.length > 0) throw new CliError(bad.map((f) => `${f.file}: error ${f.code}: ${f.message}`).join('\n'));
      const name = o.name ?? (basename(templatePath, extname(templatePath)) || 'deployment');
      const client = await connect(o);
      const d = await deployment(client);
      const parameters = Object.fromEntries(Object.entries(params.values).map(([k, v]) => [k, { value: v }]));
      const query = `?file=${encodeURIComponent(templatePath)}`;
      const body = { properties: { mode: 'Incremental', template, parameters } };
      const res = (o.whatIf
        ? await client.call('POST', `${deploymentsPath(d, name)}/validate${query}`, body)
        : await client.call('PUT', `${deploymentsPath(d, name)}${query}`, body)) as ArmDeployment;
      if (res.properties.provisioningState === 'Failed') process.exitCode = 1;
      emit(o, res, () => describeDeployment(res, templatePath));
    }));
}
