// The content hub in a running workspace: Vigil's built-in solutions (src/content, as data) listed
// with their installed state, installed by packaging the folder in memory and deploying the package
// like any other template (so the solution shows as installed: its content package, content
// templates, connector definitions and metadata exist), and uninstalled by removing those resources.
// Tables, DCRs and the rows in them are never removed by an uninstall.
import { listBuiltinContent, packageVersion, planContentInstall, type ContentEntry } from '../solutions/index.js';
import type { SentinelResource, SentinelResourceType } from '../workspace/sentinel-model.js';
import type { WorkspaceService } from '../workspace/service.js';
import { prop } from '../workspace/validation/read.js';
import { deployTemplate, deploymentContext } from './deploy-template.js';
import { ConnectorError } from './errors.js';
import { disconnectPushConnector } from './push-deploy.js';

export interface ContentListing extends Omit<ContentEntry, 'dir'> {
  installed: boolean;
  installedVersion?: string;
  /** Connector definitions the installed package brought. */
  connectors: string[];
}

export interface InstallResult {
  id: string;
  version: string;
  deployment: string;
  created: string[];
  updated: string[];
  skipped: { type: string; name: string; reason: string }[];
}

export interface UninstallResult {
  id: string;
  removed: string[];
  disconnected: string[];
}

const deploymentName = (id: string): string => `ContentHub-${id}`;

function packageFor(ws: WorkspaceService, entry: Omit<ContentEntry, 'dir'>): SentinelResource | undefined {
  const want = entry.solutionId.toLowerCase();
  return ws.listSentinel('contentPackages').find((p) => String(prop(p.properties, 'contentId') ?? p.name).toLowerCase() === want || p.name.toLowerCase() === want);
}

/** Everything an installed package brought: its package, templates, the definitions and metadata of those templates. */
function packageMembers(ws: WorkspaceService, pkg: SentinelResource): { type: SentinelResourceType; name: string }[] {
  const packageId = String(prop(pkg.properties, 'contentId') ?? pkg.name).toLowerCase();
  const templates = ws.listSentinel('contentTemplates').filter((t) => String(prop(t.properties, 'packageId') ?? '').toLowerCase() === packageId);
  const contentIds = new Set(templates.map((t) => String(prop(t.properties, 'contentId') ?? '').toLowerCase()));
  const sourced = (r: SentinelResource): boolean => String(prop(prop(r.properties, 'source'), 'sourceId') ?? '').toLowerCase() === packageId;
  const metadata = ws.listSentinel('metadata').filter((m) => sourced(m) || contentIds.has(String(prop(m.properties, 'contentId') ?? '').toLowerCase()));
  const definitions = ws.listSentinel('dataConnectorDefinitions').filter((d) => contentIds.has(String(prop(prop(d.properties, 'connectorUiConfig'), 'id') ?? d.name).toLowerCase()) || contentIds.has(d.name.toLowerCase()));
  const genericUi = ws.listSentinel('dataConnectors').filter((d) => d.kind?.toLowerCase() === 'genericui' && contentIds.has(String(prop(prop(d.properties, 'connectorUiConfig'), 'id') ?? d.name).toLowerCase()));
  return [
    ...metadata.map((r) => ({ type: 'metadata' as const, name: r.name })),
    ...genericUi.map((r) => ({ type: 'dataConnectors' as const, name: r.name })),
    ...definitions.map((r) => ({ type: 'dataConnectorDefinitions' as const, name: r.name })),
    ...templates.map((r) => ({ type: 'contentTemplates' as const, name: r.name })),
    { type: 'contentPackages' as const, name: pkg.name },
  ];
}

export function listContent(ws: WorkspaceService): ContentListing[] {
  return listBuiltinContent().map(({ dir: _dir, ...e }) => {
    const pkg = packageFor(ws, e);
    // The version the hub offers is the package's, as the packager makes it (the data file's
    // Version, but at least 3.0.0), so it compares with the installed one.
    const listing: ContentListing = { ...e, version: packageVersion(e.version), installed: pkg !== undefined, connectors: [] };
    if (pkg) {
      const v = prop(pkg.properties, 'version');
      if (typeof v === 'string') listing.installedVersion = v;
      listing.connectors = packageMembers(ws, pkg).filter((m) => m.type === 'dataConnectorDefinitions').map((m) => m.name);
    }
    return listing;
  });
}

function findEntry(idOrName: string): Omit<ContentEntry, 'dir'> {
  const key = idOrName.toLowerCase();
  const e = listBuiltinContent().find((x) => x.id.toLowerCase() === key || x.name.toLowerCase() === key || x.solutionId.toLowerCase() === key);
  if (!e) throw new ConnectorError('ContentNotFound', `no built-in solution '${idOrName}'; available: ${listBuiltinContent().map((x) => x.id).join(', ')}`);
  const { dir: _dir, ...rest } = e;
  return rest;
}

/** Installs (or reinstalls, idempotently) a built-in solution. */
export async function installContent(ws: WorkspaceService, idOrName: string): Promise<InstallResult> {
  const entry = findEntry(idOrName);
  const plan = await planContentInstall(entry.id, { workspace: ws.workspace.name, location: ws.workspace.location, context: deploymentContext(ws) });
  if (!plan || !plan.package.mainTemplate) {
    const errors = (plan?.findings ?? []).filter((f) => f.severity === 'error');
    throw new ConnectorError('DeploymentFailed', `built-in solution '${entry.id}' did not package`, errors.map((f) => ({ code: f.code, message: f.message, file: f.file, pointer: f.pointer })));
  }
  const r = await deployTemplate(ws, { name: deploymentName(entry.id), template: plan.package.mainTemplate, file: `${entry.id}/Package/mainTemplate.json` });
  if (r.record.provisioningState !== 'Succeeded') {
    throw new ConnectorError('DeploymentFailed', r.record.error?.message ?? `installing '${entry.id}' failed`, r.record.error?.details ?? []);
  }
  return {
    id: entry.id,
    version: packageVersion(entry.version),
    deployment: r.record.name,
    created: r.applied.filter((a) => a.created).map((a) => a.id),
    updated: r.applied.filter((a) => !a.created).map((a) => a.id),
    skipped: r.record.skippedResources.map(({ type, name, reason }) => ({ type, name, reason })),
  };
}

/**
 * Uninstalls a solution's content. A connector of it that is deployed (has data connector instances)
 * is refused unless `disconnect` is set, which disconnects it first (its tables and data stay).
 */
export async function uninstallContent(ws: WorkspaceService, idOrName: string, options: { disconnect?: boolean } = {}): Promise<UninstallResult> {
  const entry = findEntry(idOrName);
  const pkg = packageFor(ws, entry);
  if (!pkg) throw new ConnectorError('ContentNotFound', `solution '${entry.id}' is not installed`);
  const members = packageMembers(ws, pkg);
  const disconnected: string[] = [];
  for (const d of members.filter((m) => m.type === 'dataConnectorDefinitions')) {
    const instances = ws.dataConnectorsOf(d.name);
    if (instances.length === 0) continue;
    if (!options.disconnect) {
      throw new ConnectorError('ContentInUse', `connector '${d.name}' of solution '${entry.id}' is deployed (data connector ${instances.map((i) => `'${i.name}'`).join(', ')}); disconnect it first (vigil connector disconnect ${d.name}) or uninstall with --disconnect`);
    }
    await disconnectPushConnector(ws, d.name);
    // Non-push instances (pollers) have no app to remove: delete the instances themselves.
    for (const i of ws.dataConnectorsOf(d.name)) await ws.deleteSentinel('dataConnectors', i.name);
    disconnected.push(d.name);
  }
  const removed: string[] = [];
  for (const m of members) {
    if (await ws.deleteSentinel(m.type, m.name)) removed.push(`${ws.workspaceResourceId}/providers/Microsoft.SecurityInsights/${m.type}/${m.name}`);
  }
  await ws.deleteDeployment(deploymentName(entry.id));
  return { id: entry.id, removed, disconnected };
}
