// The ARM coordinates of the server's deployment (subscription, resource group, workspace), from
// vigil.json when the CLI has it, otherwise asked from the management API itself.
import type { VigilClient } from './client.js';
import { CliError } from './client.js';

export interface Deployment {
  url: string;
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  workspaceId: string;
}

export async function deployment(client: VigilClient): Promise<Deployment> {
  const i = client.info;
  if (i) return { url: client.url, tenantId: i.tenantId, subscriptionId: i.subscriptionId, resourceGroup: i.resourceGroup, workspaceName: i.workspaceName, workspaceId: i.workspaceId };
  const subs = await client.call('GET', '/subscriptions?api-version=2022-12-01');
  const sub = subs?.value?.[0];
  if (!sub) throw new CliError('the server lists no subscription');
  const wss = await client.call('GET', `/subscriptions/${sub.subscriptionId}/providers/Microsoft.OperationalInsights/workspaces`);
  const ws = wss?.value?.[0];
  if (!ws) throw new CliError('the server lists no workspace');
  const rg = /\/resourceGroups\/([^/]+)\//i.exec(ws.id)?.[1];
  if (!rg) throw new CliError(`unexpected workspace id '${ws.id}'`);
  return { url: client.url, tenantId: sub.tenantId, subscriptionId: sub.subscriptionId, resourceGroup: rg, workspaceName: ws.name, workspaceId: ws.properties.customerId };
}

export function rgPath(d: Deployment): string {
  return `/subscriptions/${d.subscriptionId}/resourceGroups/${d.resourceGroup}`;
}

export function tablesPath(d: Deployment, name?: string): string {
  return `${rgPath(d)}/providers/Microsoft.OperationalInsights/workspaces/${d.workspaceName}/tables${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export function dcrsPath(d: Deployment, name?: string): string {
  return `${rgPath(d)}/providers/Microsoft.Insights/dataCollectionRules${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export function workspacePath(d: Deployment): string {
  return `${rgPath(d)}/providers/Microsoft.OperationalInsights/workspaces/${d.workspaceName}`;
}

export function deploymentsPath(d: Deployment, name?: string): string {
  return `${rgPath(d)}/providers/Microsoft.Resources/deployments${name ? `/${encodeURIComponent(name)}` : ''}`;
}
