// ARM JSON of the Sentinel content resources and of template deployments, rendered from the workspace model.
import type { WorkspaceService } from '../../workspace/service.js';
import type { DeploymentProblem, DeploymentRecord, SentinelResource, SentinelResourceType } from '../../workspace/sentinel-model.js';
import type { ArmErrorDetail } from '../errors/arm.js';

export function sentinelResourceId(ws: WorkspaceService, type: SentinelResourceType, name: string): string {
  return `${ws.workspaceResourceId}/providers/Microsoft.SecurityInsights/${type}/${name}`;
}

export function renderSentinel(ws: WorkspaceService, r: SentinelResource): unknown {
  const out: Record<string, unknown> = {
    id: sentinelResourceId(ws, r.type, r.name),
    name: r.name,
    type: `Microsoft.SecurityInsights/${r.type}`,
    etag: r.etag,
    properties: r.type === 'dataConnectorDefinitions' ? { ...r.properties, lastModifiedUtc: r.updatedAt } : r.properties,
    systemData: { createdAt: r.createdAt, lastModifiedAt: r.updatedAt },
  };
  if (r.kind !== undefined) out.kind = r.kind;
  return out;
}

export function deploymentId(ws: WorkspaceService, name: string): string {
  return `${ws.resourceGroupScope}/providers/Microsoft.Resources/deployments/${name}`;
}

/** Where a problem is: `file:pointer` (the compiler-style location the CLI prints). */
export function problemTarget(p: DeploymentProblem): string {
  return `${p.file ? p.file : ''}${p.file && p.pointer !== undefined ? ':' : ''}${p.pointer ?? ''}`;
}

export function problemDetails(problems: readonly DeploymentProblem[]): ArmErrorDetail[] {
  return problems.map((p) => {
    const d: ArmErrorDetail = { code: p.code, message: p.message };
    const target = problemTarget(p);
    if (target) d.target = target;
    return d;
  });
}

/** `Microsoft.Resources/deployments` as ARM shows it, plus Vigil's list of what was skipped and why. */
export function renderDeployment(ws: WorkspaceService, d: DeploymentRecord): unknown {
  const ms = Math.max(0, Date.parse(d.finishedAt) - Date.parse(d.startedAt));
  const properties: Record<string, unknown> = {
    provisioningState: d.provisioningState,
    timestamp: d.finishedAt,
    duration: `PT${(ms / 1000).toFixed(3)}S`,
    mode: 'Incremental',
    templateHash: d.templateHash,
    parameters: d.parameters,
    outputs: d.outputs,
    outputResources: d.outputResources.map((id) => ({ id })),
    skippedResources: d.skippedResources,
    notes: problemDetails(d.notes),
  };
  if (d.error) properties.error = { code: d.error.code, message: d.error.message, details: problemDetails(d.error.details) };
  return { id: deploymentId(ws, d.name), name: d.name, type: 'Microsoft.Resources/deployments', properties };
}
