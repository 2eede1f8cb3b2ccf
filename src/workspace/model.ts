// The control-plane model of one Vigil deployment: a tenant, one workspace with its shared keys,
// data collection endpoints, tables, data collection rules, app registrations with client secrets,
// and role assignments. These are the shapes persisted in the document store and returned by the
// WorkspaceService; the ARM/Graph wire shapes are rendered from them by the management surface.

import type { KqlType } from '../storage/engine.js';

/** The ten KQL scalar types, shared with the storage engine. `boolean` is accepted on input and normalised to `bool`. */
export type { KqlType };

export interface Tenant {
  id: string;
  displayName: string;
  /** Domain names accepted in the authority path besides the GUID (e.g. `vigil.localhost`). */
  domains: string[];
  createdAt: string;
}

export interface Workspace {
  /** The workspace id (ARM `customerId`), a GUID. */
  id: string;
  /** The ARM resource name of the workspace. */
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  primarySharedKey: string;
  secondarySharedKey: string;
  createdAt: string;
  keysChangedAt: string;
}

export interface DataCollectionEndpoint {
  name: string;
  /** `dce-` + 32 hex digits. */
  immutableId: string;
  location: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
}

export type TablePlan = 'Analytics' | 'Basic' | 'Auxiliary';

export interface ColumnDef {
  name: string;
  type: KqlType;
  description?: string;
  isDefaultDisplay?: boolean;
  isHidden?: boolean;
}

export interface TableDef {
  name: string;
  /** `custom` tables end in `_CL`; `standard` tables (Syslog, CommonSecurityLog, …) are provisioned by Vigil itself. */
  kind: 'custom' | 'standard';
  plan: TablePlan;
  description?: string;
  retentionInDays?: number;
  totalRetentionInDays?: number;
  /** The user's columns in declaration order, `TimeGenerated` included. */
  columns: ColumnDef[];
  createdAt: string;
  updatedAt: string;
}

export interface StreamColumn {
  name: string;
  type: KqlType;
}

export interface DataFlow {
  streams: string[];
  destinations: string[];
  /** Absent, or the literal `source`, means pass-through. */
  transformKql?: string;
  outputStream?: string;
  builtInTransform?: string;
}

export interface LogAnalyticsDestination {
  name: string;
  workspaceResourceId: string;
}

export interface DataCollectionRule {
  name: string;
  /** `dcr-` + 32 hex digits; stable across updates of the same rule. */
  immutableId: string;
  location: string;
  kind?: string;
  description?: string;
  dataCollectionEndpointId?: string;
  streamDeclarations: Record<string, { columns: StreamColumn[] }>;
  destinations: { logAnalytics: LogAnalyticsDestination[] };
  dataFlows: DataFlow[];
  tags?: Record<string, string>;
  /** Changes on every update (ARM `etag`). */
  etag: string;
  createdAt: string;
  updatedAt: string;
}

export interface ClientSecretRecord {
  keyId: string;
  displayName?: string;
  /** The first three characters of the secret, as Entra shows them. */
  hint: string;
  salt: string;
  hash: string;
  startDateTime: string;
  endDateTime: string;
}

export interface AppRegistration {
  /** Object id of the application object (Graph `id`). */
  objectId: string;
  /** Application (client) id (Graph `appId`); what senders use as `client_id`. */
  appId: string;
  displayName: string;
  /** Object id of its service principal: the `oid` in its tokens and the principal of its role assignments. */
  servicePrincipalId: string;
  secrets: ClientSecretRecord[];
  createdAt: string;
}

export interface RoleAssignment {
  /** The assignment's ARM name, a GUID. */
  name: string;
  /** ARM scope, e.g. a DCR resource id. */
  scope: string;
  roleDefinitionId: string;
  roleName: string;
  principalId: string;
  principalType: 'ServicePrincipal';
  createdAt: string;
}
