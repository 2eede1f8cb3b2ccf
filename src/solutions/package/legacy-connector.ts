// Emits a legacy (GenericUI, HTTP Data Collector) connector the way the reference output does (spec §9.9,
// Orca resources 0–2): a content template with the connector and its metadata, then the metadata and the
// connector again at the top level.
import type { LegacyNode } from '../load/index.js';
import { ciGet, cloneJson, isObject, type Json, type JsonObject } from '../model/json.js';
import { addDataConnectorUiStep } from './ccf-connector.js';
import { author, CONTENT_API, CONTENT_PACKAGE_ID, setVariable, TEMPLATE_SCHEMA, WORKSPACE_LOCATION, type PackContext } from './context.js';

/** Key order of the top-level connector copy in the reference output; `metadata` is not carried there. */
const TOP_LEVEL_ORDER = [
  'title',
  'publisher',
  'descriptionMarkdown',
  'graphQueries',
  'dataTypes',
  'connectivityCriterias',
  'sampleQueries',
  'availability',
  'permissions',
  'instructionSteps',
];

export function emitLegacyConnector(ctx: PackContext, l: LegacyNode): void {
  const n = ctx.connectorCounter;
  ctx.progress(`  data connector ${n}: ${l.title ?? l.id} (legacy GenericUI)`);
  setVariable(ctx, `uiConfigId${n}`, l.id);
  setVariable(ctx, `_uiConfigId${n}`, `[variables('uiConfigId${n}')]`);
  setVariable(ctx, `dataConnectorContentId${n}`, l.id);
  setVariable(ctx, `_dataConnectorContentId${n}`, `[variables('dataConnectorContentId${n}')]`);
  setVariable(
    ctx,
    `dataConnectorId${n}`,
    `[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace')), 'Microsoft.SecurityInsights/dataConnectors', variables('_dataConnectorContentId${n}'))]`,
  );
  setVariable(ctx, `_dataConnectorId${n}`, `[variables('dataConnectorId${n}')]`);
  setVariable(
    ctx,
    `dataConnectorTemplateSpecName${n}`,
    `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat(parameters('workspace'),'-dc-',uniquestring(variables('_dataConnectorContentId${n}'))))]`,
  );
  setVariable(ctx, `dataConnectorVersion${n}`, '1.0.0');
  setVariable(
    ctx,
    `_dataConnectorcontentProductId${n}`,
    `[concat(take(variables('_solutionId'),50),'-','dc','-', uniqueString(concat(variables('_solutionId'),'-','DataConnector','-',variables('_dataConnectorContentId${n}'),'-', variables('dataConnectorVersion${n}'))))]`,
  );

  // Inside the content template: the connector as written, with its id pointing at the variable.
  const inner: JsonObject = {};
  for (const [k, v] of Object.entries(cloneJson(l.artifact.json))) inner[k] = k.toLowerCase() === 'id' ? `[variables('_uiConfigId${n}')]` : v;
  // At the top level: the fixed key order, extra keys after it, no `metadata`, `id` last.
  const top: JsonObject = {};
  for (const k of TOP_LEVEL_ORDER) {
    const v = ciGet(l.artifact.json, k);
    if (v !== undefined) top[k] = cloneJson(v);
  }
  for (const [k, v] of Object.entries(l.artifact.json)) {
    const lower = k.toLowerCase();
    if (lower === 'id' || lower === 'metadata' || TOP_LEVEL_ORDER.some((o) => o.toLowerCase() === lower)) continue;
    top[k] = cloneJson(v);
  }
  top.id = `[variables('_uiConfigId${n}')]`;

  const connectorName = `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',variables('_dataConnectorContentId${n}'))]`;
  const connector = (ui: JsonObject): JsonObject => ({
    name: connectorName,
    apiVersion: '2021-03-01-preview',
    type: 'Microsoft.OperationalInsights/workspaces/providers/dataConnectors',
    location: WORKSPACE_LOCATION,
    kind: 'GenericUI',
    properties: { connectorUiConfig: ui },
  });
  const metadataName = `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat('DataConnector-', last(split(variables('_dataConnectorId${n}'),'/'))))]`;
  const metadataProps = (): JsonObject => {
    const p: JsonObject = {
      parentId: `[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace')), 'Microsoft.SecurityInsights/dataConnectors', variables('_dataConnectorContentId${n}'))]`,
      contentId: `[variables('_dataConnectorContentId${n}')]`,
      kind: 'DataConnector',
      version: `[variables('dataConnectorVersion${n}')]`,
      source: { kind: 'Solution', name: ctx.name, sourceId: "[variables('_solutionId')]" },
      author: author(ctx),
    };
    if (ctx.support) p.support = cloneJson(ctx.support);
    return p;
  };

  const title = typeof ciGet(l.artifact.json, 'title') === 'string' ? (ciGet(l.artifact.json, 'title') as string) : l.id;
  ctx.resources.push({
    type: 'Microsoft.OperationalInsights/workspaces/providers/contentTemplates',
    apiVersion: CONTENT_API,
    name: `[variables('dataConnectorTemplateSpecName${n}')]`,
    location: WORKSPACE_LOCATION,
    dependsOn: [CONTENT_PACKAGE_ID],
    properties: {
      description: `${ctx.name} data connector with template version ${ctx.version}`,
      mainTemplate: {
        $schema: TEMPLATE_SCHEMA,
        contentVersion: `[variables('dataConnectorVersion${n}')]`,
        parameters: {},
        variables: {},
        resources: [
          connector(inner),
          { type: 'Microsoft.OperationalInsights/workspaces/providers/metadata', apiVersion: CONTENT_API, name: metadataName, properties: metadataProps() },
        ],
      },
      packageKind: 'Solution',
      packageVersion: "[variables('_solutionVersion')]",
      packageName: "[variables('_solutionName')]",
      packageId: "[variables('_solutionId')]",
      contentSchemaVersion: '3.0.0',
      contentId: `[variables('_dataConnectorContentId${n}')]`,
      contentKind: 'DataConnector',
      displayName: title,
      contentProductId: `[variables('_dataConnectorcontentProductId${n}')]`,
      id: `[variables('_dataConnectorcontentProductId${n}')]`,
      version: `[variables('dataConnectorVersion${n}')]`,
    },
  });
  ctx.resources.push({
    type: 'Microsoft.OperationalInsights/workspaces/providers/metadata',
    apiVersion: CONTENT_API,
    name: metadataName,
    dependsOn: [`[variables('_dataConnectorId${n}')]`],
    location: WORKSPACE_LOCATION,
    properties: metadataProps(),
  });
  ctx.resources.push(connector(top));
  ctx.dependencyCriteria.push({ kind: 'DataConnector', contentId: `[variables('_dataConnectorContentId${n}')]`, version: `[variables('dataConnectorVersion${n}')]` });
  addDataConnectorUiStep(ctx, n);
  ctx.counts.dataConnectors++;
  ctx.connectorCounter++;
}

export function isLegacyUiConfig(json: Json): boolean {
  return isObject(json) && ciGet(json, 'connectivityCriterias') !== undefined;
}
