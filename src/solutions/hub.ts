// The content hub as a pure plan: installing a built-in solution = packaging its folder in memory and evaluating
// the package (phase one), which yields exactly the resources the installation creates (content package,
// content templates, connector definitions, metadata); uninstalling removes those same resources in reverse
// dependency order. Applying a plan to a workspace is the server's job.
import { builtinSolutionDir, listBuiltinContent, type ContentEntry } from '../content/index.js';
import { evaluateTemplate, type DeploymentContext, type EvaluationResult } from './arm/index.js';
import { finding, hasErrors, type Finding } from './model/findings.js';
import { packageSolution, type PackageResult } from './package/index.js';

export { listBuiltinContent, type ContentEntry };

export interface InstallOptions {
  workspace: string;
  location?: string;
  context?: Partial<DeploymentContext>;
}

export interface InstallPlan {
  entry: ContentEntry;
  package: PackageResult;
  evaluation?: EvaluationResult;
  findings: Finding[];
  ok: boolean;
}

export async function planContentInstall(idOrName: string, options: InstallOptions): Promise<InstallPlan | undefined> {
  const dir = builtinSolutionDir(idOrName);
  const entry = listBuiltinContent().find((e) => e.dir === dir);
  if (dir === undefined || entry === undefined) return undefined;
  const pkg = await packageSolution(dir, { write: false });
  const findings: Finding[] = [...pkg.findings];
  if (!pkg.ok || !pkg.mainTemplate) {
    findings.push(finding('PKG001', `built-in solution ${entry.name} did not package`));
    return { entry, package: pkg, findings, ok: false };
  }
  const evaluation = evaluateTemplate(
    pkg.mainTemplate,
    { workspace: options.workspace, 'workspace-location': options.location ?? options.context?.location ?? 'local' },
    options.context ?? {},
    { file: 'mainTemplate.json' },
  );
  findings.push(...evaluation.diagnostics);
  return { entry, package: pkg, evaluation, findings, ok: !hasErrors(findings) };
}

/** Resource ids an installation created, dependents first, so deleting in this order never orphans one. */
export function planContentUninstall(installed: EvaluationResult): string[] {
  return installed.resources.map((r) => r.id).reverse();
}
