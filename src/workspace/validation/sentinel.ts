// Validation of the Microsoft.SecurityInsights resources a workspace holds: connector definitions,
// data connector instances, content packages, content templates and metadata. The rules are the ones
// a deployment must meet to be usable later (spec/ccf-solutions.md §4, §5, §11.1): a definition needs
// the connectorUiConfig fields the gallery and the status computation read; a data connector must
// name an existing definition and, once its DCR is known, a stream that DCR declares (R11).
import type { ValidationIssue } from '../errors.js';
import type { AppRegistration, DataCollectionRule } from '../model.js';
import type { SentinelResource, SentinelResourceType } from '../sentinel-model.js';
import { isObject, prop, type JsonObject } from './read.js';
import type { Checked } from './table.js';

export interface SentinelCheckContext {
  findDefinition(name: string): SentinelResource | undefined;
  findDcrByImmutableId(immutableId: string): DataCollectionRule | undefined;
  findApp(appId: string): AppRegistration | undefined;
}

export interface SentinelInput {
  kind?: string;
  properties: JsonObject;
}

/** Data connector kinds of the Codeless Connector Framework: each belongs to a connector definition (§1). */
export const CCF_CONNECTOR_KINDS = ['RestApiPoller', 'WebSocket', 'GCP', 'AmazonWebServicesS3', 'Push', 'StorageAccountBlobContainer'];

/** Fields of connectorUiConfig every CCF definition carries (§11.1). */
const UI_REQUIRED_STRINGS = ['id', 'title', 'publisher', 'descriptionMarkdown'];
const UI_REQUIRED_ARRAYS = ['graphQueries', 'sampleQueries', 'dataTypes', 'instructionSteps'];

/** Names (ARM resource names of Sentinel resources): 1–260 characters without `/`, `\`, `?`, `#`, `%` or control characters [inf]. */
export function sentinelNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 260) return `name '${name.slice(0, 40)}' must be 1 to 260 characters long`;
  if (/[/\\?#%\p{Cc}]/u.test(name)) return `name '${name}' must not contain '/', '\\', '?', '#', '%' or control characters`;
  return undefined;
}

/**
 * A value a template deployment has not evaluated yet: an ARM expression `[…]`, its phase-two escape
 * `[[…]`, or a `{{placeholder}}` of a solution source file. References holding one cannot be checked.
 */
export function isUnresolved(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const t = v.trim();
  return (t.startsWith('[') && t.endsWith(']')) || /\{\{[A-Za-z0-9]+\}\}/.test(t);
}

export function checkSentinelResource(type: SentinelResourceType, name: string, body: unknown, ctx: SentinelCheckContext): Checked<SentinelInput> {
  const issues: ValidationIssue[] = [];
  const add = (code: string, target: string, message: string): void => {
    issues.push({ code, target, message });
  };
  const np = sentinelNameProblem(name);
  if (np) add('InvalidName', 'name', np);
  if (!isObject(body)) {
    add('InvalidRequestBody', '', 'the resource must be a JSON object');
    return { ok: false, issues };
  }
  const properties = prop(body, 'properties');
  if (!isObject(properties)) {
    add('MissingProperties', 'properties', "the resource needs a 'properties' object");
    return { ok: false, issues };
  }
  const rawKind = prop(body, 'kind');
  if (rawKind !== undefined && rawKind !== null && typeof rawKind !== 'string') add('InvalidKind', 'kind', 'kind must be a string');
  const kind = typeof rawKind === 'string' && rawKind.length > 0 ? rawKind : undefined;

  switch (type) {
    case 'dataConnectorDefinitions':
      checkDefinition(kind, properties, add);
      break;
    case 'dataConnectors':
      checkDataConnector(kind, properties, ctx, add);
      break;
    case 'contentPackages':
      requireStrings(properties, ['contentId', 'contentKind', 'version'], add);
      break;
    case 'contentTemplates':
      requireStrings(properties, ['contentId', 'contentKind', 'version'], add);
      if (!isObject(prop(properties, 'mainTemplate'))) add('MissingProperty', 'properties.mainTemplate', "a content template needs a 'mainTemplate' object");
      break;
    case 'metadata':
      requireStrings(properties, ['kind', 'parentId'], add);
      break;
  }
  if (issues.length > 0) return { ok: false, issues };
  const value: SentinelInput = { properties };
  if (kind !== undefined) value.kind = kind;
  return { ok: true, value };
}

type Add = (code: string, target: string, message: string) => void;

function requireStrings(obj: JsonObject, keys: readonly string[], add: Add, at = 'properties'): void {
  for (const k of keys) {
    const v = prop(obj, k);
    if (typeof v !== 'string' || v.length === 0) add('MissingProperty', `${at}.${k}`, `'${k}' must be a non-empty string`);
  }
}

/** The UI configuration of a definition or a GenericUI data connector: the fields the gallery reads. */
export function checkUiConfig(ui: unknown, at: string, add: Add): void {
  if (!isObject(ui)) {
    add('MissingProperty', at, "'connectorUiConfig' must be an object");
    return;
  }
  requireStrings(ui, UI_REQUIRED_STRINGS, add, at);
  const id = prop(ui, 'id');
  if (typeof id === 'string' && /\s/.test(id)) add('InvalidConnectorId', `${at}.id`, `connector id '${id}' must not contain whitespace`);
  for (const k of UI_REQUIRED_ARRAYS) {
    if (!Array.isArray(prop(ui, k))) add('MissingProperty', `${at}.${k}`, `'${k}' must be an array`);
  }
  // The legacy GenericUI spelling `connectivityCriterias` is accepted as well (§11.1).
  const criteria = prop(ui, 'connectivityCriteria') ?? prop(ui, 'connectivityCriterias');
  if (!Array.isArray(criteria)) add('MissingProperty', `${at}.connectivityCriteria`, "'connectivityCriteria' must be an array");
  else {
    criteria.forEach((c, i) => {
      const t = prop(c, 'type');
      if (typeof t !== 'string' || t.length === 0) add('MissingProperty', `${at}.connectivityCriteria[${i}].type`, 'each connectivity criterion needs a type');
    });
  }
  const dataTypes = prop(ui, 'dataTypes');
  if (Array.isArray(dataTypes)) {
    dataTypes.forEach((d, i) => {
      if (typeof prop(d, 'name') !== 'string') add('MissingProperty', `${at}.dataTypes[${i}].name`, 'each data type needs a name');
    });
  }
  if (!isObject(prop(ui, 'permissions'))) add('MissingProperty', `${at}.permissions`, "'permissions' must be an object");
}

function checkDefinition(kind: string | undefined, properties: JsonObject, add: Add): void {
  if (kind === undefined) add('MissingKind', 'kind', "a connector definition needs kind 'Customizable'");
  else if (kind.toLowerCase() !== 'customizable') add('InvalidKind', 'kind', `connector definition kind '${kind}' is not supported; use 'Customizable'`);
  checkUiConfig(prop(properties, 'connectorUiConfig'), 'properties.connectorUiConfig', add);
}

function checkDataConnector(kind: string | undefined, properties: JsonObject, ctx: SentinelCheckContext, add: Add): void {
  if (kind === undefined) {
    add('MissingKind', 'kind', `a data connector needs a kind (${CCF_CONNECTOR_KINDS.join(', ')}, GenericUI, …)`);
    return;
  }
  if (kind.toLowerCase() === 'genericui') {
    checkUiConfig(prop(properties, 'connectorUiConfig'), 'properties.connectorUiConfig', add);
    return;
  }
  if (!CCF_CONNECTOR_KINDS.some((k) => k.toLowerCase() === kind.toLowerCase())) return; // built-in kinds: stored as given

  const defName = prop(properties, 'connectorDefinitionName');
  if (typeof defName !== 'string' || defName.length === 0) {
    add('MissingProperty', 'properties.connectorDefinitionName', `a ${kind} data connector must name its connector definition`);
  } else if (!isUnresolved(defName) && !ctx.findDefinition(defName)) {
    add('ConnectorDefinitionNotFound', 'properties.connectorDefinitionName', `connector definition '${defName}' does not exist in this workspace; deploy the definition (or its solution) first`);
  }

  const dcrConfig = prop(properties, 'dcrConfig');
  if (!isObject(dcrConfig)) {
    add('MissingProperty', 'properties.dcrConfig', `a ${kind} data connector needs 'dcrConfig' with the stream it sends to`);
  } else {
    const stream = prop(dcrConfig, 'streamName');
    if (typeof stream !== 'string' || stream.length === 0) add('MissingProperty', 'properties.dcrConfig.streamName', "'dcrConfig.streamName' must name a DCR input stream");
    const immutableId = prop(dcrConfig, 'dataCollectionRuleImmutableId');
    if (typeof immutableId === 'string' && immutableId.length > 0 && !isUnresolved(immutableId)) {
      const dcr = ctx.findDcrByImmutableId(immutableId);
      if (!dcr) {
        add('DataCollectionRuleNotFound', 'properties.dcrConfig.dataCollectionRuleImmutableId', `no data collection rule has immutable id '${immutableId}'`);
      } else if (typeof stream === 'string' && !Object.keys(dcr.streamDeclarations).includes(stream)) {
        const declared = Object.keys(dcr.streamDeclarations);
        add('StreamNotDeclared', 'properties.dcrConfig.streamName',
          `stream '${stream}' is not declared by data collection rule '${dcr.name}' (it declares ${declared.length ? declared.map((s) => `'${s}'`).join(', ') : 'no stream'})`);
      }
    }
  }

  if (kind.toLowerCase() === 'push') {
    const auth = prop(properties, 'auth');
    const appId = prop(auth, 'appId');
    if (typeof appId === 'string' && appId.length > 0 && !isUnresolved(appId) && !ctx.findApp(appId)) {
      add('ApplicationNotFound', 'properties.auth.appId', `no app registration has application id '${appId}'`);
    }
  }
}
