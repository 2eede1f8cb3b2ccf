// Sentinel content held by the workspace (the `Microsoft.SecurityInsights` extension resources of a
// Log Analytics workspace) and the record of ARM template deployments. Bodies are kept as submitted —
// evaluated ARM JSON with its original key casing — because connector definitions and content
// templates are read back by the gallery, the status computation and phase two of a deployment,
// each with its own case-insensitive reader.
import type { JsonObject } from './validation/read.js';

/** The resource types of `…/workspaces/{ws}/providers/Microsoft.SecurityInsights/{type}/{name}`. */
export type SentinelResourceType = 'dataConnectorDefinitions' | 'dataConnectors' | 'contentPackages' | 'contentTemplates' | 'metadata';

export const SENTINEL_RESOURCE_TYPES: readonly SentinelResourceType[] = [
  'dataConnectorDefinitions', 'dataConnectors', 'contentPackages', 'contentTemplates', 'metadata',
];

export interface SentinelResource {
  type: SentinelResourceType;
  name: string;
  /** `Customizable` for definitions; `Push`, `RestApiPoller`, `GenericUI`, … for data connectors. */
  kind?: string;
  properties: JsonObject;
  /** Changes on every update (ARM `etag`). */
  etag: string;
  createdAt: string;
  updatedAt: string;
}

/** One resource an ARM deployment skipped (a type Vigil does not create, or `condition: false`). */
export interface SkippedDeploymentResource {
  type: string;
  name: string;
  reason: string;
  /** JSON pointer of the resource in the template. */
  pointer: string;
}

export interface DeploymentProblem {
  code: string;
  message: string;
  /** The template file (when known) and the JSON pointer of the problem in it. */
  file?: string;
  pointer?: string;
}

/** The record of one `Microsoft.Resources/deployments` run in this resource group. */
export interface DeploymentRecord {
  name: string;
  provisioningState: 'Succeeded' | 'Failed';
  /** Parameters as used; `securestring`/`secureobject` values are not kept. */
  parameters: Record<string, { value?: unknown; type?: string }>;
  outputs: Record<string, { value: unknown }>;
  /** Resource ids created or updated, in the order they were applied. */
  outputResources: string[];
  skippedResources: SkippedDeploymentResource[];
  /** Findings of the evaluation that did not stop it (warnings, notes). */
  notes: DeploymentProblem[];
  error?: { code: string; message: string; details: DeploymentProblem[] };
  /** SHA-256 of the template text as evaluated. */
  templateHash: string;
  startedAt: string;
  finishedAt: string;
}
