// Phase two of a solution deployment (spec §9.7, §10): when a connector is deployed ("Deploy" for push, "Connect"
// for pollers), Sentinel evaluates the connector's content templates — already phase-one evaluated, so their
// `[[…]` expressions are now plain `[…]` — with the connection values as parameters. The definition template
// yields the DCR and tables, the Connections template the data connector instance(s).
import { ciGet, isObject, type Json } from '../model/json.js';
import { evaluateTemplate, type EvaluatedResource, type EvaluationResult } from './evaluate-template.js';
import type { DeploymentContext } from './functions.js';

export interface ConnectionValues {
  /** The Entra application created for a push connector. */
  auth?: { appId: string; servicePrincipalId: string };
  /** The DCE URL and the DCR immutable id the connector posts to. */
  dcrConfig?: { dataCollectionEndpoint: string; dataCollectionRuleImmutableId: string };
  /** Suffix of the data connector instance name (the template's default is newGuid()). */
  guidValue?: string;
  /** Values of Textbox/OAuthForm parameters of poller connectors. */
  [parameter: string]: Json | undefined;
}

export interface ConnectorTemplates {
  /** contentKind DataConnector: definition, metadata, DCR(s), table(s). */
  definition?: EvaluatedResource;
  /** contentKind ResourcesDataConnector: metadata and data connector(s). */
  connections?: EvaluatedResource;
}

/** The two content templates of a CCF connector in a phase-one result, found by their content ids. */
export function connectorTemplates(phase1: EvaluationResult, definitionId: string): ConnectorTemplates {
  const out: ConnectorTemplates = {};
  for (const r of phase1.resources) {
    if (r.resourceType !== 'Microsoft.SecurityInsights/contentTemplates') continue;
    const contentId = ciGet(r.properties, 'contentId');
    const kind = ciGet(r.properties, 'contentKind');
    if (kind === 'DataConnector' && contentId === definitionId) out.definition = r;
    if (kind === 'ResourcesDataConnector' && contentId === `${definitionId}Connections`) out.connections = r;
  }
  return out;
}

/** Evaluates both content templates of a connector with the connection values (phase two). */
export function evaluateConnectorDeployment(
  phase1: EvaluationResult,
  definitionId: string,
  values: ConnectionValues,
  context: Partial<DeploymentContext> = {},
): EvaluationResult | undefined {
  const t = connectorTemplates(phase1, definitionId);
  if (!t.definition || !t.connections) return undefined;
  const params: Record<string, Json> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) params[k] = v as Json;
  const result: EvaluationResult = { resources: [], skipped: [], parameters: {}, outputs: {}, diagnostics: [] };
  for (const template of [t.definition, t.connections]) {
    const main = ciGet(template.properties, 'mainTemplate');
    if (!isObject(main)) continue;
    // Only parameters the inner template declares are passed (the definition template declares none).
    const declared = ciGet(main, 'parameters');
    const own: Record<string, Json> = {};
    if (isObject(declared)) for (const k of Object.keys(declared)) if (k in params) own[k] = params[k];
    const r = evaluateTemplate(main, own, context, { file: 'mainTemplate.json', pointer: `${template.pointer}/properties/mainTemplate` });
    result.resources.push(...r.resources);
    result.skipped.push(...r.skipped);
    result.diagnostics.push(...r.diagnostics);
    Object.assign(result.parameters, r.parameters);
  }
  return result;
}
