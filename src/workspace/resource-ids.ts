// ARM resource ids of this deployment's resources, and parsing of ids that clients send back.
// ARM compares ids case-insensitively; Vigil keeps the casing it created and compares lowercased.

export interface Scopes {
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
}

export function subscriptionScope(s: Pick<Scopes, 'subscriptionId'>): string {
  return `/subscriptions/${s.subscriptionId}`;
}

export function resourceGroupScope(s: Pick<Scopes, 'subscriptionId' | 'resourceGroup'>): string {
  return `${subscriptionScope(s)}/resourceGroups/${s.resourceGroup}`;
}

export function workspaceResourceId(s: Scopes): string {
  return `${resourceGroupScope(s)}/providers/Microsoft.OperationalInsights/workspaces/${s.workspaceName}`;
}

export function tableResourceId(s: Scopes, table: string): string {
  return `${workspaceResourceId(s)}/tables/${table}`;
}

export function dcrResourceId(s: Pick<Scopes, 'subscriptionId' | 'resourceGroup'>, name: string): string {
  return `${resourceGroupScope(s)}/providers/Microsoft.Insights/dataCollectionRules/${name}`;
}

export function dceResourceId(s: Pick<Scopes, 'subscriptionId' | 'resourceGroup'>, name: string): string {
  return `${resourceGroupScope(s)}/providers/Microsoft.Insights/dataCollectionEndpoints/${name}`;
}

/** Lowercased, single slashes, no trailing slash: the form scopes are compared in. */
export function normaliseScope(scope: string): string {
  return ('/' + scope.trim().replace(/\/+/g, '/').replace(/^\/|\/$/g, '')).toLowerCase();
}

/** True when `outer` is `inner` or one of its ancestors, at a path-segment boundary. */
export function scopeContains(outer: string, inner: string): boolean {
  const o = normaliseScope(outer);
  const i = normaliseScope(inner);
  return i === o || i.startsWith(o.endsWith('/') ? o : `${o}/`);
}
