// Built-in Azure role definitions Vigil knows. The ids are Azure's built-in role definition ids
// (general Azure knowledge, spec/azure-wire-contracts.md §3.7 marks them [inf]). Authorisation checks
// match a role exactly: like Azure, Owner or Contributor do not imply data actions such as ingestion.

export interface RoleDefinition {
  id: string;
  name: string;
  description: string;
}

export const ROLE_DEFINITIONS: readonly RoleDefinition[] = [
  { id: '3913510d-42f4-4e42-8a64-420c390055eb', name: 'Monitoring Metrics Publisher', description: 'Send data to a data collection rule (Logs Ingestion API).' },
  { id: '73c42c96-874c-492b-b04d-ab87d138a893', name: 'Log Analytics Reader', description: 'Query the workspace.' },
  { id: '92aaf0da-9dab-42b6-94a3-d43ce8d16293', name: 'Log Analytics Contributor', description: 'Query the workspace and manage its settings.' },
  { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', name: 'Reader', description: 'Read resources.' },
  { id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', name: 'Contributor', description: 'Manage resources.' },
  { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', name: 'Owner', description: 'Manage resources and access.' },
];

export const MONITORING_METRICS_PUBLISHER = 'Monitoring Metrics Publisher';

/** Finds a role by name (case-insensitive), bare id, or ARM role definition resource id. */
export function findRole(ref: string): RoleDefinition | undefined {
  const r = ref.trim().toLowerCase();
  const bareId = r.includes('/roledefinitions/') ? r.slice(r.lastIndexOf('/') + 1) : r;
  return ROLE_DEFINITIONS.find((d) => d.name.toLowerCase() === r || d.id === bareId);
}

/** ARM form of a role definition id at a subscription. */
export function roleDefinitionResourceId(subscriptionId: string, roleId: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}
