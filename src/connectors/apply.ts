// Applying evaluated ARM resources to the workspace: each creatable type is upserted through the
// workspace service (PUT semantics, R12), so deploying the same template twice changes nothing but
// timestamps. A refusal is reported where it happened — the template file, the JSON pointer of the
// resource, and inside it the property the workspace complained about (R17).
import type { EvaluatedResource } from '../solutions/index.js';
import { ValidationFailed, WorkspaceError } from '../workspace/errors.js';
import type { DeploymentProblem } from '../workspace/sentinel-model.js';
import type { SentinelResourceType } from '../workspace/sentinel-model.js';
import { emptyOverlay, type WorkspaceService } from '../workspace/service.js';
import { isObject, prop, type JsonObject } from '../workspace/validation/read.js';
import { isUnresolved } from '../workspace/validation/sentinel.js';
import { targetToPointer } from '../workspace/validation/target-pointer.js';

export interface AppliedResource {
  type: string;
  name: string;
  id: string;
  created: boolean;
}

export interface ApplyResult {
  applied: AppliedResource[];
  /** Why applying stopped; resources before it stay applied (as a failed ARM deployment leaves them). */
  failure?: { code: string; message: string; details: DeploymentProblem[] };
  notes: DeploymentProblem[];
}

export interface ApplyOptions {
  /** Template file named in problems. */
  file?: string;
  /**
   * A DCR's `dataCollectionEndpointId` naming an endpoint that does not exist (solution templates name
   * one after the workspace, which Azure's Deploy button creates) is bound to the default DCE and noted.
   * With `'always'` every DCR is bound to the default DCE (the push-connector deploy does this).
   */
  bindDce?: 'missing' | 'always';
  /**
   * What-if: check every resource exactly as its put would (validators and transform check included,
   * earlier resources of the same deployment taken into account) and write nothing. `applied` then
   * lists what would be created or updated.
   */
  checkOnly?: boolean;
}

const SENTINEL_TYPES: Record<string, SentinelResourceType> = {
  'microsoft.securityinsights/dataconnectordefinitions': 'dataConnectorDefinitions',
  'microsoft.securityinsights/dataconnectors': 'dataConnectors',
  'microsoft.securityinsights/contentpackages': 'contentPackages',
  'microsoft.securityinsights/contenttemplates': 'contentTemplates',
  'microsoft.securityinsights/metadata': 'metadata',
};

/** Apply order by type, so references resolve whatever order a template lists them in (dependsOn is kept within a rank). */
function rank(type: string): number {
  switch (type.toLowerCase()) {
    case 'microsoft.insights/datacollectionendpoints':
    case 'microsoft.operationalinsights/workspaces/tables':
      return 0;
    case 'microsoft.insights/datacollectionrules':
      return 1;
    case 'microsoft.securityinsights/dataconnectordefinitions':
      return 2;
    case 'microsoft.securityinsights/dataconnectors':
      return 4;
    default:
      return 3;
  }
}

function isThisWorkspace(ws: WorkspaceService, name: string | undefined): boolean {
  if (name === undefined) return true;
  const n = name.toLowerCase();
  return n === ws.workspace.name.toLowerCase() || n === ws.workspace.id.toLowerCase();
}

/** The DCR body with its endpoint reference bound as `bindDce` asks; notes what it changed. */
function bindEndpoint(ws: WorkspaceService, body: JsonObject, mode: ApplyOptions['bindDce'], note: (m: string) => void): JsonObject {
  const props = prop(body, 'properties');
  if (!isObject(props)) return body;
  const key = Object.keys(props).find((k) => k.toLowerCase() === 'datacollectionendpointid');
  const ref = key ? props[key] : undefined;
  const defaultId = ws.dceResourceId(ws.defaultDce.name);
  const exists = typeof ref === 'string' && ws.listDces().some((d) => ws.dceResourceId(d.name).toLowerCase() === ref.toLowerCase());
  if (mode === 'always' || (typeof ref === 'string' && ref.length > 0 && !isUnresolved(ref) && !exists)) {
    if (typeof ref === 'string' && ref.toLowerCase() !== defaultId.toLowerCase()) {
      note(`dataCollectionEndpointId '${ref}' is bound to this server's default data collection endpoint '${ws.defaultDce.name}'`);
    }
    return { ...body, properties: { ...props, [key ?? 'dataCollectionEndpointId']: defaultId } };
  }
  return body;
}

export async function applyResources(ws: WorkspaceService, resources: readonly EvaluatedResource[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const file = options.file;
  const applied: AppliedResource[] = [];
  const notes: DeploymentProblem[] = [];
  const overlay = emptyOverlay();
  // In what-if mode a check stands in for each put: same validation, nothing written.
  const check = (kind: Parameters<WorkspaceService['checkPut']>[0], name: string, body: unknown): { created: boolean } => {
    const r = ws.checkPut(kind, name, body, overlay);
    if (!r.ok) throw new ValidationFailed(kind === 'table' ? 'table' : kind === 'dataCollectionRule' ? 'dataCollectionRule' : 'dataConnectorDefinition', r.issues);
    return { created: r.created };
  };
  const ordered = resources.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.resourceType) - rank(b.r.resourceType) || a.i - b.i).map((x) => x.r);
  for (const r of ordered) {
    const at = (suffix = ''): DeploymentProblem => ({ code: '', message: '', ...(file !== undefined ? { file } : {}), pointer: r.pointer + suffix });
    if (!isThisWorkspace(ws, r.workspace)) {
      const p = { ...at('/name'), code: 'WorkspaceNotFound', message: `${r.resourceType} '${r.name}' targets workspace '${r.workspace}', but this server's workspace is '${ws.workspace.name}'` };
      return { applied, notes, failure: { code: 'DeploymentFailed', message: p.message, details: [p] } };
    }
    const body: JsonObject = isObject(r.resource) ? { ...r.resource } : {};
    try {
      const type = r.resourceType.toLowerCase();
      let created: boolean;
      let id: string;
      if (type === 'microsoft.operationalinsights/workspaces/tables') {
        ({ created } = options.checkOnly ? check('table', r.name, body) : await ws.putTable(r.name, body));
        id = ws.tableResourceId(ws.getTable(r.name)?.name ?? r.name);
      } else if (type === 'microsoft.insights/datacollectionrules') {
        const bound = bindEndpoint(ws, body, options.bindDce ?? 'missing', (message) => notes.push({ ...at('/properties/dataCollectionEndpointId'), code: 'DataCollectionEndpointBound', message }));
        ({ created } = options.checkOnly ? check('dataCollectionRule', r.name, bound) : await ws.putDcr(r.name, bound));
        id = ws.dcrResourceId(ws.getDcr(r.name)?.name ?? r.name);
      } else if (type === 'microsoft.insights/datacollectionendpoints') {
        ({ created } = options.checkOnly ? { created: !ws.getDce(r.name) } : await ws.putDce(r.name, body));
        id = ws.dceResourceId(ws.getDce(r.name)?.name ?? r.name);
      } else if (SENTINEL_TYPES[type]) {
        const t = SENTINEL_TYPES[type];
        if (options.checkOnly) ({ created } = check(t, r.name, body));
        else ({ created } = await ws.putSentinel(t, r.name, body));
        id = `${ws.workspaceResourceId}/providers/Microsoft.SecurityInsights/${t}/${ws.getSentinel(t, r.name)?.name ?? r.name}`;
      } else {
        notes.push({ ...at(), code: 'ResourceSkipped', message: `${r.resourceType} '${r.name}' is not created by Vigil` });
        continue;
      }
      applied.push({ type: r.resourceType, name: r.name, id, created });
    } catch (e) {
      if (!(e instanceof WorkspaceError)) throw e;
      const details: DeploymentProblem[] = e instanceof ValidationFailed
        ? e.issues.map((i) => ({ ...at(targetToPointer(i.target, body)), code: i.code, message: i.message }))
        : [{ ...at(), code: (e as { code?: string }).code ?? e.name, message: e.message }];
      const first = details[0];
      const message = `${r.resourceType} '${r.name}' was refused: ${first ? first.message : e.message}${details.length > 1 ? ` (and ${details.length - 1} more problem(s))` : ''}`;
      return { applied, notes, failure: { code: 'DeploymentFailed', message, details } };
    }
  }
  return { applied, notes };
}
