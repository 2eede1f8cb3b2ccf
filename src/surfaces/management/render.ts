// ARM and Graph JSON of the control-plane resources, rendered from the workspace model.
import type { WorkspaceService } from '../../workspace/service.js';
import type { AppRegistration, DataCollectionEndpoint, DataCollectionRule, RoleAssignment, TableDef } from '../../workspace/model.js';
import { STANDARD_COLUMNS } from '../../workspace/standard-columns.js';
import { roleDefinitionResourceId, ROLE_DEFINITIONS } from '../../workspace/roles.js';

/** The workspace's default retention, as a new Log Analytics workspace has. */
const WORKSPACE_RETENTION_DAYS = 30;

export function renderWorkspace(ws: WorkspaceService): unknown {
  const w = ws.workspace;
  return {
    id: ws.workspaceResourceId,
    name: w.name,
    type: 'Microsoft.OperationalInsights/workspaces',
    location: w.location,
    properties: {
      customerId: w.id,
      provisioningState: 'Succeeded',
      sku: { name: 'PerGB2018' },
      retentionInDays: WORKSPACE_RETENTION_DAYS,
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      createdDate: w.createdAt,
      modifiedDate: w.keysChangedAt,
    },
  };
}

export function renderTable(ws: WorkspaceService, t: TableDef): unknown {
  const retention = t.retentionInDays ?? WORKSPACE_RETENTION_DAYS;
  const schema: Record<string, unknown> = {
    name: t.name,
    tableType: t.kind === 'custom' ? 'CustomLog' : 'Microsoft',
    tableSubType: t.kind === 'custom' ? 'DataCollectionRuleBased' : 'Any',
    columns: t.columns.map((c) => ({ ...c })),
    standardColumns: STANDARD_COLUMNS.map((c) => ({ name: c.name, type: c.type, description: c.description })),
    solutions: [],
  };
  if (t.description) schema.description = t.description;
  return {
    id: ws.tableResourceId(t.name),
    name: t.name,
    type: 'Microsoft.OperationalInsights/workspaces/tables',
    properties: {
      plan: t.plan,
      retentionInDays: retention,
      retentionInDaysAsDefault: t.retentionInDays === undefined,
      totalRetentionInDays: t.totalRetentionInDays ?? retention,
      totalRetentionInDaysAsDefault: t.totalRetentionInDays === undefined,
      archiveRetentionInDays: Math.max(0, (t.totalRetentionInDays ?? retention) - retention),
      provisioningState: 'Succeeded',
      schema,
    },
    systemData: { createdAt: t.createdAt, lastModifiedAt: t.updatedAt },
  };
}

export function renderDcr(ws: WorkspaceService, d: DataCollectionRule, origin: string): unknown {
  const streamDeclarations: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(d.streamDeclarations)) {
    // DCR stream types are spelt `boolean` in ARM.
    streamDeclarations[name] = { columns: decl.columns.map((c) => ({ name: c.name, type: c.type === 'bool' ? 'boolean' : c.type })) };
  }
  const properties: Record<string, unknown> = {
    immutableId: d.immutableId,
    streamDeclarations,
    destinations: d.destinations,
    dataFlows: d.dataFlows,
    provisioningState: 'Succeeded',
  };
  if (d.description) properties.description = d.description;
  if (d.dataCollectionEndpointId) properties.dataCollectionEndpointId = d.dataCollectionEndpointId;
  // DCRs of kind Direct carry their own ingestion endpoint (spec §4.1); any DCE of this server works too.
  if (d.kind?.toLowerCase() === 'direct') properties.endpoints = { logsIngestion: origin };
  const out: Record<string, unknown> = {
    id: ws.dcrResourceId(d.name),
    name: d.name,
    type: 'Microsoft.Insights/dataCollectionRules',
    location: d.location,
    etag: d.etag,
    properties,
    systemData: { createdAt: d.createdAt, lastModifiedAt: d.updatedAt },
  };
  if (d.kind) out.kind = d.kind;
  if (d.tags) out.tags = d.tags;
  return out;
}

export function renderDce(ws: WorkspaceService, d: DataCollectionEndpoint, origin: string): unknown {
  const properties: Record<string, unknown> = {
    immutableId: d.immutableId,
    logsIngestion: { endpoint: origin },
    configurationAccess: { endpoint: origin },
    networkAcls: { publicNetworkAccess: 'Enabled' },
    provisioningState: 'Succeeded',
  };
  if (d.description) properties.description = d.description;
  return {
    id: ws.dceResourceId(d.name),
    name: d.name,
    type: 'Microsoft.Insights/dataCollectionEndpoints',
    location: d.location,
    properties,
    systemData: { createdAt: d.createdAt, lastModifiedAt: d.updatedAt },
  };
}

export function renderRoleAssignment(ws: WorkspaceService, a: RoleAssignment): unknown {
  return {
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    name: a.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: roleDefinitionResourceId(ws.workspace.subscriptionId, a.roleDefinitionId),
      roleDefinitionName: a.roleName,
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      createdOn: a.createdAt,
      updatedOn: a.createdAt,
    },
  };
}

export function renderRoleDefinitions(ws: WorkspaceService): unknown {
  return {
    value: ROLE_DEFINITIONS.map((r) => ({
      id: roleDefinitionResourceId(ws.workspace.subscriptionId, r.id),
      name: r.id,
      type: 'Microsoft.Authorization/roleDefinitions',
      properties: { roleName: r.name, type: 'BuiltInRole', description: r.description, assignableScopes: ['/'] },
    })),
  };
}

/** Graph `application`, plus Vigil's `servicePrincipalId` (the object id role assignments name). */
export function renderApp(a: AppRegistration): unknown {
  return {
    id: a.objectId,
    appId: a.appId,
    displayName: a.displayName,
    createdDateTime: a.createdAt,
    signInAudience: 'AzureADMyOrg',
    servicePrincipalId: a.servicePrincipalId,
    passwordCredentials: a.secrets.map((s) => ({
      customKeyIdentifier: null, displayName: s.displayName ?? null, endDateTime: s.endDateTime, hint: s.hint, keyId: s.keyId, secretText: null, startDateTime: s.startDateTime,
    })),
  };
}

export function renderServicePrincipal(a: AppRegistration): unknown {
  return { id: a.servicePrincipalId, appId: a.appId, displayName: a.displayName, servicePrincipalType: 'Application', accountEnabled: true };
}
