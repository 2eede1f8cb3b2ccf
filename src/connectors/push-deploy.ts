// "Deploy push connector" (spec §10, seed 002, the DeployPushConnectorButton): from an installed
// connector definition, provision — idempotently — its tables and DCR (on the default DCE) from the
// definition's content template, an app registration with a client secret, Monitoring Metrics
// Publisher for that app on the DCR, and the Push data connector instance from the Connections
// template (phase two of the solution deployment, §9.7, with `auth` and `dcrConfig` as parameters).
// It answers with the six connection details the connector page shows.
//
// Redeploying reuses the app, the role assignment and the instance name and keeps the secret (the
// answer then has no secret) unless a rotation is asked for: a new secret replaces the old ones.
// `disconnectPushConnector` removes the instance(s), their app and its role assignments, and keeps
// the tables, the DCR and the data.
import { armGuid, connectorTemplates, evaluateTemplate, sortFindings, type EvaluatedResource, type EvaluationResult } from '../solutions/index.js';
import { MONITORING_METRICS_PUBLISHER } from '../workspace/roles.js';
import type { SentinelResource } from '../workspace/sentinel-model.js';
import type { WorkspaceService } from '../workspace/service.js';
import { isObject, prop, type Json, type JsonObject } from '../workspace/validation/read.js';
import { isUnresolved } from '../workspace/validation/sentinel.js';
import { applyResources } from './apply.js';
import { curlSnippet, exampleConfiguration, labelRows, type ExampleConfiguration, type LabelRow, type PushConnectionDetails } from './connection-details.js';
import { deploymentContext } from './deploy-template.js';
import { ConnectorError } from './errors.js';
import { findGalleryEntry, readUiConfig, type UiConfigView } from './ui-config.js';

export interface PushDeployOptions {
  /** The logs-ingestion URL senders post to (this server's origin). */
  endpoint: string;
  /** Where senders get tokens; default `endpoint` (Vigil is its own authority host). */
  authorityHost?: string;
  /** Issue a new client secret and remove the app's previous ones. */
  rotateSecret?: boolean;
}

export interface PushDeployResult {
  /** `connectorUiConfig.id`. */
  connector: string;
  title: string;
  details: PushConnectionDetails;
  /** The CopyableLabel rows of the connector page with their values. */
  labels: LabelRow[];
  exampleConfiguration?: ExampleConfiguration;
  /** A shell sender (token + upload with curl); `$CA` is the CA certificate file to trust. */
  curl: string;
  secret: { shown: boolean; expiresOn?: string; note?: string };
  resources: {
    tables: string[];
    dataCollectionRule: { name: string; immutableId: string };
    app: { displayName: string; appId: string; servicePrincipalId: string };
    roleAssignment: { name: string; scope: string };
    dataConnectors: string[];
  };
  /** What this deployment created (false: it already existed and was kept or updated). */
  created: { app: boolean; secret: boolean; roleAssignment: boolean; dataConnector: boolean };
}

/** Content templates of a definition, newest version last, as the phase-one result shape phase two reads. */
function installedTemplates(ws: WorkspaceService): EvaluationResult {
  const byVersion = (r: SentinelResource): number[] => String(prop(r.properties, 'version') ?? '0').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const cmp = (a: SentinelResource, b: SentinelResource): number => {
    const x = byVersion(a);
    const y = byVersion(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return a.updatedAt.localeCompare(b.updatedAt);
  };
  const templates = ws.listSentinel('contentTemplates').sort(cmp);
  const resources: EvaluatedResource[] = templates.map((t) => ({
    resourceType: 'Microsoft.SecurityInsights/contentTemplates',
    templateType: 'Microsoft.SecurityInsights/contentTemplates',
    name: t.name,
    fullName: t.name,
    id: `${ws.workspaceResourceId}/providers/Microsoft.SecurityInsights/contentTemplates/${t.name}`,
    apiVersion: '',
    properties: t.properties,
    dependsOn: [],
    resource: { name: t.name, properties: t.properties },
    pointer: '',
  }));
  return { resources, skipped: [], parameters: {}, outputs: {}, diagnostics: [] };
}

/** Phase two of one content template: its `mainTemplate` with the parameters it declares. */
function evaluateContentTemplate(ws: WorkspaceService, template: EvaluatedResource, values: Record<string, Json>): EvaluationResult {
  const main = prop(template.properties, 'mainTemplate');
  const declared = prop(main, 'parameters');
  const own: Record<string, Json> = {};
  if (isObject(declared)) {
    for (const k of Object.keys(declared)) {
      const given = Object.keys(values).find((v) => v.toLowerCase() === k.toLowerCase());
      if (given !== undefined) own[k] = values[given];
    }
  }
  return evaluateTemplate((main ?? {}) as Json, own, deploymentContext(ws), { file: `contentTemplates/${template.name}`, pointer: '/properties/mainTemplate' });
}

function failOnErrors(r: EvaluationResult, what: string): void {
  const errors = sortFindings(r.diagnostics).filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    throw new ConnectorError('DeploymentFailed', `${what} does not evaluate: ${errors[0].message}`,
      errors.map((f) => ({ code: f.code, message: f.message, file: f.file, pointer: f.pointer })));
  }
}

const isType = (r: EvaluatedResource, t: string): boolean => r.resourceType.toLowerCase() === t.toLowerCase();

function pushConnectorsOf(r: EvaluationResult): EvaluatedResource[] {
  return r.resources.filter((x) => isType(x, 'Microsoft.SecurityInsights/dataConnectors') && String(x.kind ?? '').toLowerCase() === 'push');
}

function streamOf(r: EvaluatedResource): string | undefined {
  const s = prop(prop(r.properties, 'dcrConfig'), 'streamName');
  return typeof s === 'string' && !isUnresolved(s) ? s : undefined;
}

function deployButton(ui: UiConfigView): JsonObject | undefined {
  return ui.instructions.find((i) => i.type.toLowerCase() === 'deploypushconnectorbutton')?.parameters;
}

interface Resolved {
  definition: SentinelResource;
  ui: UiConfigView;
  templates: { definition: EvaluatedResource; connections: EvaluatedResource };
}

function resolve(ws: WorkspaceService, ref: string): Resolved {
  const definition = ws.findConnectorDefinition(ref);
  if (!definition) {
    const legacy = findGalleryEntry(ws, ref);
    if (legacy?.source === 'genericUI') {
      throw new ConnectorError('NotAPushConnector', `connector '${legacy.id}' is a legacy (GenericUI) connector: its source sends with the workspace id and shared key (HTTP Data Collector API) and needs no deployment`);
    }
    const known = ws.listSentinel('dataConnectorDefinitions').map((d) => d.name);
    throw new ConnectorError('ConnectorNotFound', `no connector definition '${ref}' is installed${known.length ? ` (installed: ${known.join(', ')})` : ''}`);
  }
  const ui = readUiConfig(prop(definition.properties, 'connectorUiConfig'));
  const id = ui.id || definition.name;
  const t = connectorTemplates(installedTemplates(ws), id);
  if (!t.definition || !t.connections) {
    throw new ConnectorError('ConnectorTemplateMissing',
      `connector definition '${id}' has no ${!t.definition ? `content template '${id}' (its DCR and tables)` : `Connections content template '${id}Connections' (its data connector)`} in this workspace; ` +
      'deploy the solution package that contains it (vigil deploy Package/mainTemplate.json, vigil content install, or vigil connector deploy <solution folder>)');
  }
  return { definition, ui, templates: { definition: t.definition, connections: t.connections } };
}

function provisional(endpoint: string): Record<string, Json> {
  return { auth: { appId: '', servicePrincipalId: '' }, dcrConfig: { dataCollectionEndpoint: endpoint, dataCollectionRuleImmutableId: '' }, guidValue: '' };
}

export async function deployPushConnector(ws: WorkspaceService, ref: string, options: PushDeployOptions): Promise<PushDeployResult> {
  const { definition, ui, templates } = resolve(ws, ref);
  const id = ui.id || definition.name;

  // Which stream the Push connector posts to: read from the Connections template evaluated with provisional values.
  const preview = evaluateContentTemplate(ws, templates.connections, provisional(options.endpoint));
  failOnErrors(preview, `the Connections template of '${id}'`);
  const pushes = pushConnectorsOf(preview);
  if (pushes.length === 0) throw new ConnectorError('NotAPushConnector', `connector '${id}' has no Push data connector in its Connections template; only push connectors are deployed this way`);
  const stream = streamOf(pushes[0]);
  if (!stream) throw new ConnectorError('NotAPushConnector', `the Push data connector of '${id}' names no stream (dcrConfig.streamName)`);

  // 1. Tables and DCR(s) of the definition template, on the default DCE.
  const defEval = evaluateContentTemplate(ws, templates.definition, {});
  failOnErrors(defEval, `the content template of '${id}'`);
  const infra = defEval.resources.filter((r) => ['Microsoft.OperationalInsights/workspaces/tables', 'Microsoft.Insights/dataCollectionRules', 'Microsoft.Insights/dataCollectionEndpoints'].some((t) => isType(r, t)));
  const applied = await applyResources(ws, infra, { file: `contentTemplates/${templates.definition.name}`, bindDce: 'always' });
  if (applied.failure) throw new ConnectorError('DeploymentFailed', applied.failure.message, applied.failure.details);
  const dcrs = infra.filter((r) => isType(r, 'Microsoft.Insights/dataCollectionRules')).map((r) => ws.getDcr(r.name)!).filter((d) => d !== undefined && stream in d.streamDeclarations);
  if (dcrs.length === 0) throw new ConnectorError('StreamNotDeclared', `no data collection rule of connector '${id}' declares stream '${stream}'`);
  if (dcrs.length > 1) throw new ConnectorError('AmbiguousStream', `stream '${stream}' is declared by more than one data collection rule of connector '${id}': ${dcrs.map((d) => d.name).join(', ')}`);
  const dcr = dcrs[0];
  const dcrScope = ws.dcrResourceId(dcr.name);

  // 2. The app: the one an existing instance of this connector uses, else a new one.
  const existingInstances = ws.dataConnectorsOf(definition.name).filter((d) => d.kind?.toLowerCase() === 'push');
  let app = existingInstances.map((d) => prop(prop(d.properties, 'auth'), 'appId')).filter((a): a is string => typeof a === 'string').map((a) => ws.getApp(a)).find((a) => a !== undefined);
  const created = { app: false, secret: false, roleAssignment: false, dataConnector: false };
  if (!app) {
    const button = deployButton(ui);
    const name = typeof prop(button, 'applicationDisplayName') === 'string' ? String(prop(button, 'applicationDisplayName')) : `${ui.title || id} Push Connector Application`;
    app = await ws.createApp({ displayName: name.slice(0, 120) });
    created.app = true;
  }

  // 3. The secret: new app or rotation asked → a new one (shown once); otherwise the existing one stays.
  let secretText: string | null = null;
  let expiresOn: string | undefined;
  const now = Date.now();
  const valid = app.secrets.filter((s) => Date.parse(s.endDateTime) > now);
  if (created.app || options.rotateSecret || valid.length === 0) {
    const previous = app.secrets.map((s) => s.keyId);
    const added = await ws.addSecret(app.appId, { displayName: `${id} push connector` });
    secretText = added.secretText;
    expiresOn = added.secret.endDateTime;
    if (options.rotateSecret) for (const k of previous) await ws.removeSecret(app.appId, k);
    created.secret = true;
  }

  // 4. Monitoring Metrics Publisher on the DCR itself.
  let assignment = ws.listRoleAssignments({ scope: dcrScope, principalId: app.servicePrincipalId, atScopeOnly: true }).find((a) => a.roleName === MONITORING_METRICS_PUBLISHER);
  if (!assignment) {
    assignment = await ws.assignRole({ principalId: app.servicePrincipalId, role: MONITORING_METRICS_PUBLISHER, scope: dcrScope });
    created.roleAssignment = true;
  }

  // 5. The Push data connector instance(s), named the same on every deployment of this workspace.
  const values: Record<string, Json> = {
    auth: { appId: app.appId, servicePrincipalId: app.servicePrincipalId },
    dcrConfig: { dataCollectionEndpoint: options.endpoint, dataCollectionRuleImmutableId: dcr.immutableId },
    guidValue: armGuid(ws.workspace.id, id),
  };
  const connEval = evaluateContentTemplate(ws, templates.connections, values);
  failOnErrors(connEval, `the Connections template of '${id}'`);
  const instances = connEval.resources.filter((r) => isType(r, 'Microsoft.SecurityInsights/dataConnectors'));
  const before = new Set(existingInstances.map((d) => d.name.toLowerCase()));
  const appliedConn = await applyResources(ws, connEval.resources, { file: `contentTemplates/${templates.connections.name}` });
  if (appliedConn.failure) throw new ConnectorError('DeploymentFailed', appliedConn.failure.message, appliedConn.failure.details);
  created.dataConnector = instances.some((i) => !before.has(i.name.toLowerCase()));
  // Instances of an earlier deployment under other names are replaced by these.
  const keep = new Set(instances.map((i) => i.name.toLowerCase()));
  for (const old of existingInstances) if (!keep.has(old.name.toLowerCase())) await ws.deleteSentinel('dataConnectors', old.name);

  const details: PushConnectionDetails = {
    TenantId: ws.tenant.id,
    ApplicationId: app.appId,
    ApplicationSecret: secretText,
    DataCollectionEndpoint: options.endpoint,
    DataCollectionRuleId: dcr.immutableId,
    StreamName: stream,
  };
  const result: PushDeployResult = {
    connector: id,
    title: ui.title,
    details,
    labels: labelRows(ui.instructions, details),
    curl: curlSnippet(details, options.authorityHost ?? options.endpoint),
    secret: secretText !== null
      ? { shown: true, ...(expiresOn ? { expiresOn } : {}) }
      : { shown: false, note: 'the existing client secret was kept and is not shown again; redeploy with a secret rotation to get a new one' },
    resources: {
      tables: ws.dcrOutputTables(dcr),
      dataCollectionRule: { name: dcr.name, immutableId: dcr.immutableId },
      app: { displayName: app.displayName, appId: app.appId, servicePrincipalId: app.servicePrincipalId },
      roleAssignment: { name: assignment.name, scope: assignment.scope },
      dataConnectors: instances.map((i) => i.name),
    },
    created,
  };
  const example = exampleConfiguration(ui.instructions, details);
  if (example) result.exampleConfiguration = example;
  return result;
}

export interface DisconnectResult {
  connector: string;
  removedDataConnectors: string[];
  removedApps: string[];
  /** Kept: the tables, the DCR(s) and every row in them. */
  keptTables: string[];
}

/** Removes the Push data connector instance(s) of a definition, their app and its role assignments; keeps tables, DCRs and data. */
export async function disconnectPushConnector(ws: WorkspaceService, ref: string): Promise<DisconnectResult> {
  const definition = ws.findConnectorDefinition(ref);
  if (!definition) throw new ConnectorError('ConnectorNotFound', `no connector definition '${ref}' is installed`);
  const ui = readUiConfig(prop(definition.properties, 'connectorUiConfig'));
  const instances = ws.dataConnectorsOf(definition.name);
  const removedApps: string[] = [];
  const keptTables = new Set<string>();
  for (const inst of instances) {
    const cfg = prop(inst.properties, 'dcrConfig');
    const dcrId = prop(cfg, 'dataCollectionRuleImmutableId');
    const dcr = typeof dcrId === 'string' ? ws.getDcrByImmutableId(dcrId) : undefined;
    if (dcr) for (const t of ws.dcrOutputTables(dcr)) keptTables.add(t);
    await ws.deleteSentinel('dataConnectors', inst.name);
    const appId = prop(prop(inst.properties, 'auth'), 'appId');
    // An app is removed only when no other data connector still uses it.
    if (typeof appId === 'string' && ws.getApp(appId)) {
      const stillUsed = ws.listSentinel('dataConnectors').some((d) => prop(prop(d.properties, 'auth'), 'appId') === appId);
      if (!stillUsed && (await ws.deleteApp(appId))) removedApps.push(appId);
    }
  }
  return { connector: ui.id || definition.name, removedDataConnectors: instances.map((i) => i.name), removedApps, keptTables: [...keptTables].sort() };
}
