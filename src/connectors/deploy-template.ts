// `Microsoft.Resources/deployments`: evaluate an ARM template (phase one, spec §9.7) in this
// deployment's coordinates and create what it contains — tables, DCRs, DCEs, connector definitions,
// data connectors, metadata, content templates and the content package. Resource types Vigil does not
// create are listed as skipped (never silently dropped). Evaluation errors stop the deployment before
// anything is written, like ARM's template validation; a resource the workspace refuses stops it
// there, with the resources applied before it left in place, like a failed ARM deployment.
import { createHash } from 'node:crypto';
import { evaluateTemplate, sortFindings, type DeploymentContext, type EvaluationResult, type Finding } from '../solutions/index.js';
import type { DeploymentProblem, DeploymentRecord } from '../workspace/sentinel-model.js';
import type { WorkspaceService } from '../workspace/service.js';
import { isObject, prop, type Json } from '../workspace/validation/read.js';
import { applyResources, type AppliedResource, type ApplyOptions } from './apply.js';

export interface DeployTemplateInput {
  /** Deployment name (the record's key; redeploying under the same name replaces the record). */
  name: string;
  template: unknown;
  parameters?: Record<string, unknown>;
  /** Template file named in problems. */
  file?: string;
  /** Deterministic `newGuid()`/`utcNow()` for tests. */
  context?: Partial<Pick<DeploymentContext, 'newGuid' | 'now'>>;
  bindDce?: ApplyOptions['bindDce'];
  /**
   * What-if: evaluate, and check every resource against the workspace as its put would (the transform
   * check included), writing nothing — not even the record.
   */
  dryRun?: boolean;
}

export interface DeployTemplateResult {
  record: DeploymentRecord;
  evaluation: EvaluationResult;
  applied: AppliedResource[];
}

/** The ARM coordinates of this server: templates are evaluated as if deployed into its resource group. */
export function deploymentContext(ws: WorkspaceService, name?: string): DeploymentContext {
  const w = ws.workspace;
  const ctx: DeploymentContext = { subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, location: w.location, tenantId: ws.tenant.id };
  if (name !== undefined) ctx.deploymentName = name;
  return ctx;
}

/**
 * Values for the parameters solution packages declare for the target (the portal fills these from
 * the chosen workspace): `workspace`, `workspace-location`, `subscription`, `resourceGroupName`.
 * Only parameters the template declares and the caller did not give are filled.
 */
export function targetParameters(ws: WorkspaceService, template: unknown, given: Record<string, unknown>): Record<string, unknown> {
  const declared = prop(template, 'parameters');
  const out: Record<string, unknown> = { ...given };
  if (!isObject(declared)) return out;
  const givenKeys = new Set(Object.keys(given).map((k) => k.toLowerCase()));
  const w = ws.workspace;
  const defaults: Record<string, string> = { workspace: w.name, 'workspace-location': w.location, subscription: w.subscriptionId, resourcegroupname: w.resourceGroup };
  for (const k of Object.keys(declared)) {
    const v = defaults[k.toLowerCase()];
    if (v !== undefined && !givenKeys.has(k.toLowerCase())) out[k] = v;
  }
  return out;
}

function toProblem(f: Finding): DeploymentProblem {
  const p: DeploymentProblem = { code: f.code, message: f.message, pointer: f.pointer };
  if (f.file) p.file = f.file;
  return p;
}

/** Parameters as recorded: values of secure parameters are not kept. */
function recordedParameters(template: unknown, values: Record<string, Json>): DeploymentRecord['parameters'] {
  const declared = prop(template, 'parameters');
  const out: DeploymentRecord['parameters'] = {};
  for (const [k, v] of Object.entries(values)) {
    const type = String(prop(prop(declared, k), 'type') ?? '');
    out[k] = /^secure/i.test(type) ? { type } : type ? { type, value: v } : { value: v };
  }
  return out;
}

export async function deployTemplate(ws: WorkspaceService, input: DeployTemplateInput): Promise<DeployTemplateResult> {
  const startedAt = new Date().toISOString();
  const text = JSON.stringify(input.template ?? null);
  const parameters = targetParameters(ws, input.template, input.parameters ?? {});
  const evaluation = evaluateTemplate(input.template as Json, parameters as Record<string, Json>, { ...deploymentContext(ws, input.name), ...input.context }, { file: input.file ?? '' });
  const findings = sortFindings(evaluation.diagnostics);
  const errors = findings.filter((f) => f.severity === 'error');
  const record: DeploymentRecord = {
    name: input.name,
    provisioningState: 'Succeeded',
    parameters: recordedParameters(input.template, evaluation.parameters),
    outputs: Object.fromEntries(Object.entries(evaluation.outputs).map(([k, v]) => [k, { value: v }])),
    outputResources: [],
    skippedResources: evaluation.skipped.map((s) => ({ type: s.templateType, name: s.name, reason: s.reason, pointer: s.pointer })),
    notes: findings.filter((f) => f.severity !== 'error' && f.code !== 'ARM006').map(toProblem),
    templateHash: createHash('sha256').update(text).digest('hex'),
    startedAt,
    finishedAt: startedAt,
  };
  let applied: AppliedResource[] = [];
  if (errors.length > 0) {
    record.provisioningState = 'Failed';
    record.error = {
      code: 'InvalidTemplate',
      message: `the template does not evaluate: ${errors[0].message}${errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : ''}`,
      details: errors.map(toProblem),
    };
  } else {
    const r = await applyResources(ws, evaluation.resources, { ...(input.file !== undefined ? { file: input.file } : {}), bindDce: input.bindDce ?? 'missing', checkOnly: input.dryRun === true });
    applied = r.applied;
    record.outputResources = r.applied.map((a) => a.id);
    record.notes.push(...r.notes);
    if (r.failure) {
      record.provisioningState = 'Failed';
      record.error = r.failure;
    }
  }
  record.finishedAt = new Date().toISOString();
  if (!input.dryRun) await ws.putDeployment(record);
  return { record, evaluation, applied };
}
