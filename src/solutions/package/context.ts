// State shared while one solution is packaged: the template being built (parameters, variables and resources in
// insertion order, as the official packager emits them), the connector counter, the dependency criteria of the
// content package and the createUiDefinition steps.
import type { ConnectorGraph, LoadedSolution } from '../load/index.js';
import { finding, type Finding } from '../model/findings.js';
import { ciGet, ciString, isObject, type Json, type JsonObject } from '../model/json.js';

export const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const CONTENT_API = '2023-04-01-preview';
export const WORKSPACE_LOCATION = "[parameters('workspace-location')]";
export const CONTENT_PACKAGE_ID =
  "[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace')), 'Microsoft.SecurityInsights/contentPackages', variables('_solutionId'))]";

export interface PackContext {
  sol: LoadedSolution;
  graph: ConnectorGraph;
  name: string;
  version: string;
  solutionId: string;
  authorName: string;
  authorEmail?: string;
  /** `support` from SolutionMetadata.json, keys in the packager's order (name, email, tier, link). */
  support?: JsonObject;
  parameters: JsonObject;
  variables: JsonObject;
  resources: JsonObject[];
  dependencyCriteria: JsonObject[];
  uiSteps: JsonObject[];
  counts: { dataConnectors: number; workbooks: number };
  /** 1-based counter across all data connectors (legacy and CCF), like the packager's. */
  connectorCounter: number;
  workbookCounter: number;
  additionalTablesEmitted: boolean;
  findings: Finding[];
  progress: (message: string) => void;
}

export function newContext(sol: LoadedSolution, graph: ConnectorGraph, version: string, progress: (m: string) => void): PackContext {
  const data = sol.dataFile!.json;
  const meta = sol.metadata!.json;
  const author = ciString(data, 'Author') ?? '';
  const [authorName, authorEmail] = author.split(' - ');
  const supportRaw = ciGet(meta, 'support');
  let support: JsonObject | undefined;
  if (isObject(supportRaw)) {
    support = {};
    for (const k of ['name', 'email', 'tier', 'link']) {
      const v = ciGet(supportRaw, k);
      if (v !== undefined && v !== null && v !== '') support[k] = v;
    }
  }
  const ctx: PackContext = {
    sol,
    graph,
    name: ciString(data, 'Name') ?? sol.folderName,
    version,
    solutionId: `${ciString(meta, 'publisherId') ?? ''}.${ciString(meta, 'offerId') ?? ''}`,
    authorName: authorName.trim(),
    parameters: {
      location: {
        type: 'string',
        minLength: 1,
        defaultValue: '[resourceGroup().location]',
        metadata: {
          description:
            'Not used, but needed to pass arm-ttk test `Location-Should-Not-Be-Hardcoded`.  We instead use the `workspace-location` which is derived from the LA workspace',
        },
      },
      'workspace-location': {
        type: 'string',
        defaultValue: '',
        metadata: { description: "[concat('Region to deploy solution resources -- separate from location selection',parameters('location'))]" },
      },
      workspace: {
        defaultValue: '',
        type: 'string',
        metadata: { description: 'Workspace name for Log Analytics where Microsoft Sentinel is setup' },
      },
    },
    variables: {},
    resources: [],
    dependencyCriteria: [],
    uiSteps: [],
    counts: { dataConnectors: 0, workbooks: 0 },
    connectorCounter: 1,
    workbookCounter: 1,
    additionalTablesEmitted: false,
    findings: [],
    progress,
  };
  if (authorEmail !== undefined && authorEmail.trim() !== '') ctx.authorEmail = authorEmail.trim();
  if (support) ctx.support = support;
  ctx.variables._solutionName = ctx.name;
  ctx.variables._solutionVersion = version;
  ctx.variables.solutionId = ctx.solutionId;
  ctx.variables._solutionId = "[variables('solutionId')]";
  if (ctx.authorEmail !== undefined) {
    ctx.variables.email = ctx.authorEmail;
    ctx.variables._email = "[variables('email')]";
  }
  return ctx;
}

export function setVariable(ctx: PackContext, name: string, value: Json): void {
  if (!(name in ctx.variables)) ctx.variables[name] = value;
}

export function author(ctx: PackContext): JsonObject {
  return ctx.authorEmail !== undefined ? { name: ctx.authorName, email: "[variables('_email')]" } : { name: ctx.authorName };
}

/** The packager's "DCR was processed" parameters (spec §9.2). */
export function addDcrParameters(ctx: PackContext): void {
  if (!('resourceGroupName' in ctx.parameters)) {
    ctx.parameters.resourceGroupName = {
      type: 'string',
      defaultValue: '[resourceGroup().name]',
      metadata: { description: 'resource group name where Microsoft Sentinel is setup' },
    };
  }
  if (!('subscription' in ctx.parameters)) {
    ctx.parameters.subscription = {
      type: 'string',
      defaultValue: "[last(split(subscription().id, '/'))]",
      metadata: { description: 'subscription id where Microsoft Sentinel is setup' },
    };
  }
}

export function report(ctx: PackContext, f: Finding): void {
  ctx.findings.push(f);
}

export { finding };
