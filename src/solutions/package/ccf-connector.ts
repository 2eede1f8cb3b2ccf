// Emits one CCF connector the way the official packager does (spec §9.2–§9.5): the definition content template
// (definition, metadata, DCR, tables), the top-level definition and its metadata, and the Connections content
// template (metadata + data connectors with deferred `[[…]` expressions).
import type { DataConnectorNode, DcrNode, DefinitionNode, TableNode } from '../load/index.js';
import { ciGet, ciKey, cloneJson, isObject, placeholdersIn, PLACEHOLDER_RE, type Json, type JsonObject } from '../model/json.js';
import { instructionTypes } from '../validate/linking.js';
import {
  addDcrParameters,
  author,
  CONTENT_API,
  CONTENT_PACKAGE_ID,
  finding,
  setVariable,
  TEMPLATE_SCHEMA,
  WORKSPACE_LOCATION,
  type PackContext,
} from './context.js';

const API = {
  dataConnector: '2023-02-01-preview',
  definition: '2022-09-01-preview',
  table: '2022-10-01',
  dcr: '2022-06-01',
  metadata: '2022-01-01-preview',
};

function armResource(name: Json, apiVersion: string, type: string, kind: Json, properties: Json): JsonObject {
  return { name, apiVersion, type, location: WORKSPACE_LOCATION, kind, properties };
}

function metadataResource(ctx: PackContext, kindNo: 1 | 2, n: number): JsonObject {
  const which = kindNo === 1 ? 'ConnectorDefinition' : 'Connections';
  const contentVar = `_dataConnectorContentId${which}${n}`;
  const parentType = kindNo === 1 ? 'Microsoft.SecurityInsights/dataConnectorDefinitions' : 'Microsoft.SecurityInsights/dataConnectors';
  const properties: JsonObject = {
    parentId: `[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace')), '${parentType}', variables('${contentVar}'))]`,
    contentId: `[variables('${contentVar}')]`,
    kind: kindNo === 1 ? 'DataConnector' : 'ResourcesDataConnector',
    version: "[variables('dataConnectorCCPVersion')]",
    source: { sourceId: "[variables('_solutionId')]", name: "[variables('_solutionName')]", kind: 'Solution' },
    author: author(ctx),
  };
  if (ctx.support) properties.support = cloneJson(ctx.support);
  if (kindNo === 1) {
    properties.dependencies = {
      criteria: [{ version: "[variables('dataConnectorCCPVersion')]", contentId: `[variables('_dataConnectorContentIdConnections${n}')]`, kind: 'ResourcesDataConnector' }],
    };
  }
  return {
    name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat('DataConnector-', variables('${contentVar}')))]`,
    apiVersion: API.metadata,
    type: 'Microsoft.OperationalInsights/workspaces/providers/metadata',
    properties,
  };
}

function contentTemplate(ctx: PackContext, kindNo: 1 | 2, n: number, title: string): JsonObject {
  const which = kindNo === 1 ? 'ConnectorDefinition' : 'Connections';
  const kind = kindNo === 1 ? 'DataConnector' : 'ResourcesDataConnector';
  const tag = kindNo === 1 ? 'dc' : 'rdc';
  const contentId = `variables('_dataConnectorContentId${which}${n}')`;
  return {
    type: 'Microsoft.OperationalInsights/workspaces/providers/contentTemplates',
    apiVersion: CONTENT_API,
    name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/', variables('dataConnectorTemplateName${which}${n}'), variables('dataConnectorCCPVersion'))]`,
    location: WORKSPACE_LOCATION,
    dependsOn: [CONTENT_PACKAGE_ID],
    properties: {
      contentId: `[${contentId}]`,
      displayName: title,
      contentKind: kind,
      mainTemplate: {
        $schema: TEMPLATE_SCHEMA,
        contentVersion: "[variables('dataConnectorCCPVersion')]",
        parameters: {},
        variables: {},
        resources: [],
      },
      packageKind: 'Solution',
      packageVersion: "[variables('_solutionVersion')]",
      packageName: "[variables('_solutionName')]",
      contentProductId: `[concat(take(variables('_solutionId'), 50),'-','${tag}','-', uniqueString(concat(variables('_solutionId'),'-','${kind}','-',${contentId},'-', variables('dataConnectorCCPVersion'))))]`,
      packageId: "[variables('_solutionId')]",
      contentSchemaVersion: '3.0.0',
      version: "[variables('dataConnectorCCPVersion')]",
    },
  };
}

function mainTemplateOf(t: JsonObject): JsonObject {
  return (t.properties as JsonObject).mainTemplate as JsonObject;
}

/** Adds a Connections parameter unless one with that name exists (the packager's addNewParameter). */
function addParameter(params: JsonObject, name: string, secret: boolean, minLength = 1): void {
  if (name in params) return;
  params[name] = { defaultValue: secret ? '-NA-' : `Enter ${name} value`, type: 'securestring', minLength };
}

/** `{{x}}` → `[[parameters('x')]`; text around a placeholder → `[[concat(parameters('x'), 'rest')]`. */
function deferPlaceholder(value: string, params: JsonObject, minLength: number): string {
  const names = placeholdersIn(value);
  if (names.length === 0) return value;
  for (const n of names) addParameter(params, n, true, minLength);
  const parts = value.split(PLACEHOLDER_RE);
  if (names.length === 1 && parts.every((p) => p === '')) return `[[parameters('${names[0]}')]`;
  const pieces: string[] = [];
  parts.forEach((text, i) => {
    if (text !== '') pieces.push(`'${text.replace(/'/g, "''")}'`);
    if (i < names.length) pieces.push(`parameters('${names[i]}')`);
  });
  return `[[concat(${pieces.join(', ')})]`;
}

function deferProperty(obj: Json | undefined, key: string, params: JsonObject, minLength: number): void {
  if (!isObject(obj)) return;
  const k = ciKey(obj, key);
  if (k !== undefined && typeof obj[k] === 'string') obj[k] = deferPlaceholder(obj[k] as string, params, minLength);
}

/** The data connector's resource name in the Connections template (GetDataConnectorPollerResourceName). */
function connectorResourceName(name: string, params: JsonObject): string {
  const guid = "parameters('guidValue')";
  const segments = name.split('/');
  const parts: string[] = [];
  for (const seg of segments) {
    const m = /^\{\{([a-zA-Z0-9]+)\}\}$/.exec(seg);
    if (m) {
      if (m[1] === 'workspace') parts.push("parameters('innerWorkspace')");
      else {
        parts.push(`parameters('${m[1]}')`);
        addParameter(params, m[1], true);
      }
    } else if (placeholdersIn(seg).length > 0) {
      const p = placeholdersIn(seg)[0];
      parts.push(`'/${seg.replace(`{{${p}}}`, '')}'`);
      parts.push(`parameters('${p}')`);
      addParameter(params, p, true);
    } else {
      parts.push(parts.length >= 1 ? `'/${seg}'` : seg);
    }
  }
  if (parts.length > 1) return `[[concat(${parts.join(', ')}, ${guid})]`;
  if (parts[0].startsWith('parameters')) return `[[concat(parameters('innerWorkspace'),'/Microsoft.SecurityInsights/', ${parts[0]}, ${guid})]`;
  return `[[concat(parameters('innerWorkspace'),'/Microsoft.SecurityInsights/', '${parts[0]}', ${guid})]`;
}

function dataConnectorResource(ctx: PackContext, dc: DataConnectorNode, params: JsonObject): JsonObject {
  if (!('guidValue' in params)) params.guidValue = { defaultValue: '[[newGuid()]', type: 'securestring' };
  if (!('innerWorkspace' in params)) params.innerWorkspace = { defaultValue: "[parameters('workspace')]", type: 'securestring' };
  const props = cloneJson((ciGet(dc.artifact.json, 'properties') ?? {}) as Json);
  const res = armResource(
    connectorResourceName(dc.name, params),
    API.dataConnector,
    'Microsoft.OperationalInsights/workspaces/providers/dataConnectors',
    dc.kind,
    props,
  );
  if (!isObject(props)) return res;
  let dcrConfig = ciGet(props, 'dcrConfig');
  if (!isObject(dcrConfig)) {
    dcrConfig = {};
    props.dcrConfig = dcrConfig;
  }
  for (const [key, param] of [
    ['dataCollectionEndpoint', "[[parameters('dcrConfig').dataCollectionEndpoint]"],
    ['dataCollectionRuleImmutableId', "[[parameters('dcrConfig').dataCollectionRuleImmutableId]"],
  ] as const) {
    const k = ciKey(dcrConfig, key);
    if (k === undefined) dcrConfig[key] = param;
    else if (typeof dcrConfig[k] === 'string' && placeholdersIn(dcrConfig[k] as string).length > 0) dcrConfig[k] = param;
  }
  const kind = dc.kind.toLowerCase();
  if (kind === 'push') {
    if (!('auth' in params)) {
      params.auth = {
        type: 'object',
        // The doubled closing bracket is what the packager emits (spec §12 X8); kept byte for byte.
        defaultValue: { appId: "[[parameters('auth').appId]]", servicePrincipalId: "[[parameters('auth').servicePrincipalId]]" },
      };
    }
    let auth = ciGet(props, 'auth');
    if (!isObject(auth)) {
      auth = {};
      props.auth = auth;
    }
    for (const [key, param] of [
      ['appId', "[[parameters('auth').appId]"],
      ['servicePrincipalId', "[[parameters('auth').servicePrincipalId]"],
    ] as const) {
      const k = ciKey(auth, key);
      if (k === undefined) auth[key] = param;
      else if (typeof auth[k] === 'string' && placeholdersIn(auth[k] as string).length > 0) auth[k] = param;
    }
  } else if (kind === 'restapipoller') {
    const auth = ciGet(props, 'auth');
    const authType = String(ciGet(auth, 'type') ?? '').toLowerCase();
    const fields =
      authType === 'oauth2'
        ? ['ClientId', 'ClientSecret', 'AuthorizationCode', 'AuthorizationEndpoint', 'TokenEndpoint']
        : authType === 'basic'
          ? ['username', 'password']
          : authType === 'apikey'
            ? ['ApiKey']
            : [];
    for (const f of fields) deferProperty(auth, f, params, 4);
    const request = ciGet(props, 'request');
    deferProperty(request, 'apiEndpoint', params, 1);
    const headers = ciGet(request, 'headers');
    if (isObject(headers)) for (const h of Object.keys(headers)) deferProperty(headers, h, params, 1);
    const paging = ciGet(props, 'paging');
    if (isObject(paging)) for (const p of Object.keys(paging)) deferProperty(paging, p, params, 4);
    const query = ciGet(request, 'queryParameters');
    if (isObject(query)) {
      for (const q of Object.keys(query)) {
        const v = query[q];
        if (typeof v === 'string' && /\{\{.*?\}\}\[\d*\]/.test(v)) query[q] = v.replace(/\{\{(.*?)\}\}(\[\d*\])/g, "[[parameters('$1')$2]");
        else deferProperty(query, q, params, 4);
      }
    }
  }
  return res;
}

/** The packager's removePropertiesRecursively on DCRs: nulls → blanks, empty arrays → TemplateEmptyArray, empty objects dropped. */
function cleanDcr(ctx: PackContext, v: JsonObject): JsonObject {
  for (const [k, val] of Object.entries(v)) {
    if (val === null) {
      v[k] = "[variables('blanks')]";
      setVariable(ctx, 'blanks', "[replace('b', 'b', '')]");
    } else if (Array.isArray(val)) {
      if (val.length === 0) {
        v[k] = "[variables('TemplateEmptyArray')]";
        setVariable(ctx, 'TemplateEmptyArray', "[json('[]')]");
      } else {
        val.forEach((item) => {
          if (isObject(item)) cleanDcr(ctx, item);
        });
      }
    } else if (isObject(val)) {
      if (Object.keys(val).length === 0) delete v[k];
      else {
        cleanDcr(ctx, val);
        if (Object.keys(val).length === 0) delete v[k];
      }
    }
  }
  return v;
}

function dcrResource(ctx: PackContext, dcr: DcrNode, n: number): JsonObject {
  const src = cloneJson(dcr.artifact.json);
  const props = (isObject(ciGet(src, 'properties')) ? ciGet(src, 'properties') : {}) as JsonObject;
  // destinations.logAnalytics[0] is forced to the workspace and the clv2ws1 name (spec §9.4).
  let destinations = ciGet(props, 'destinations');
  if (!isObject(destinations)) {
    destinations = {};
    props.destinations = destinations;
  }
  const laKey = ciKey(destinations, 'logAnalytics');
  const la = laKey !== undefined ? destinations[laKey] : undefined;
  if (!Array.isArray(la) || !isObject(la[0])) {
    destinations.logAnalytics = [{ name: 'clv2ws1', workspaceResourceId: "[variables('workspaceResourceId')]" }];
  } else {
    const first = la[0];
    if (ciKey(first, 'name') === undefined) first.name = 'clv2ws1';
    first[ciKey(first, 'workspaceResourceId') ?? 'workspaceResourceId'] = "[variables('workspaceResourceId')]";
  }
  let name: Json = dcr.name;
  if (placeholdersIn(dcr.name).length > 0) name = `[concat('${dcr.name.slice(0, dcr.name.indexOf('{{'))}', parameters('workspace'))]`;
  const dceKey = ciKey(props, 'dataCollectionEndpointId');
  if (dceKey !== undefined) {
    const v = props[dceKey];
    const ph = typeof v === 'string' ? placeholdersIn(v) : [];
    if (ph.length > 0) {
      const varName = `${ph[0]}${n}`;
      props[dceKey] = `[variables('${varName}')]`;
      setVariable(ctx, varName, DCE_ID);
    }
  } else {
    props.dataCollectionEndpointId = "[variables('dataCollectionEndpointId')]";
    setVariable(ctx, 'dataCollectionEndpointId', DCE_ID);
  }
  addDcrParameters(ctx);
  const res = armResource(name, API.dcr, 'Microsoft.Insights/dataCollectionRules', ciGet(src, 'kind') ?? null, props);
  return cleanDcr(ctx, res);
}

/** The DCE is assumed to be named after the workspace, in the same resource group (spec §9.4). */
const DCE_ID =
  "[concat('/subscriptions/',parameters('subscription'),'/resourceGroups/',parameters('resourceGroupName'),'/providers/Microsoft.Insights/dataCollectionEndpoints/',parameters('workspace'))]";

function tableResource(t: TableNode): JsonObject {
  const src = t.artifact.json;
  return armResource(t.name, API.table, 'Microsoft.OperationalInsights/workspaces/tables', ciGet(src, 'kind') ?? null, cloneJson(ciGet(src, 'properties') ?? {}));
}

/** Connections parameters derived from the definition's instructions (Get-ConnectionsTemplateParameters). */
function instructionParameters(title: string, steps: Json[]): JsonObject {
  const params: JsonObject = {
    connectorDefinitionName: { defaultValue: title, type: 'securestring', minLength: 1 },
    workspace: { defaultValue: "[parameters('workspace')]", type: 'securestring' },
    dcrConfig: {
      defaultValue: { dataCollectionEndpoint: 'data collection Endpoint', dataCollectionRuleImmutableId: 'data collection rule immutableId' },
      type: 'object',
    },
  };
  const walk = (instructions: Json[]): void => {
    for (const ins of instructions) {
      const type = String(ciGet(ins, 'type') ?? '');
      const p = ciGet(ins, 'parameters');
      const name = ciGet(p, 'name');
      if ((type === 'Textbox' || type === 'ServicePrincipalIDTextBox_test') && typeof name === 'string' && !(name in params)) {
        const required = ciGet(ciGet(p, 'validations'), 'required');
        params[name] = required === false ? { defaultValue: '', type: 'securestring' } : { defaultValue: name, type: 'securestring', minLength: 1 };
      } else if (type === 'Dropdown' && typeof name === 'string' && !(name in params)) {
        params[name] = { defaultValue: name, type: 'array', minLength: 1 };
      } else if (type === 'OAuthForm') {
        for (const n of ['ClientId', 'ClientSecret', 'AuthorizationCode']) if (!(n in params)) params[n] = { defaultValue: '-NA-', type: 'securestring', minLength: 1 };
      } else if (type === 'ContextPane') {
        for (const s of (ciGet(p, 'instructionSteps') as Json[] | undefined) ?? []) walk((ciGet(s, 'instructions') as Json[] | undefined) ?? []);
      }
    }
  };
  for (const s of steps) walk((ciGet(s, 'instructions') as Json[] | undefined) ?? []);
  return params;
}

export function emitCcfConnector(ctx: PackContext, def: DefinitionNode): void {
  const n = ctx.connectorCounter;
  const id = def.id;
  const ui = ciGet(ciGet(def.artifact.json, 'properties'), 'connectorUiConfig');
  const title = def.title ?? id;
  ctx.progress(`  data connector ${n}: ${title} (CCF ${def.dataConnectors.map((d) => d.kind).join(', ') || 'no data connector'})`);

  setVariable(ctx, 'workspaceResourceId', "[resourceId('microsoft.OperationalInsights/Workspaces', parameters('workspace'))]");
  setVariable(ctx, 'dataConnectorCCPVersion', ctx.version);
  setVariable(ctx, `_dataConnectorContentIdConnectorDefinition${n}`, id);
  setVariable(ctx, `dataConnectorTemplateNameConnectorDefinition${n}`, `[concat(parameters('workspace'),'-dc-',uniquestring(variables('_dataConnectorContentIdConnectorDefinition${n}')))]`);
  setVariable(ctx, `_dataConnectorContentIdConnections${n}`, `${id}Connections`);
  setVariable(ctx, `dataConnectorTemplateNameConnections${n}`, `[concat(parameters('workspace'),'-dc-',uniquestring(variables('_dataConnectorContentIdConnections${n}')))]`);

  const defTemplate = contentTemplate(ctx, 1, n, title);
  const connTemplate = contentTemplate(ctx, 2, n, title);

  // The definition: its properties as written, minus `logo` (the reference output drops it).
  const props = cloneJson((ciGet(def.artifact.json, 'properties') ?? {}) as Json);
  if (isObject(props)) {
    const uiKey = ciKey(props, 'connectorUiConfig');
    const uiCopy = uiKey !== undefined ? props[uiKey] : undefined;
    if (isObject(uiCopy)) {
      const logoKey = ciKey(uiCopy, 'logo');
      if (logoKey !== undefined) delete uiCopy[logoKey];
    }
  }
  const defResource = armResource(
    `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',variables('_dataConnectorContentIdConnectorDefinition${n}'))]`,
    API.definition,
    'Microsoft.OperationalInsights/workspaces/providers/dataConnectorDefinitions',
    ciGet(def.artifact.json, 'kind') ?? null,
    props,
  );
  const defMetadata = metadataResource(ctx, 1, n);
  mainTemplateOf(defTemplate).resources = [defResource, defMetadata];

  // Connections: metadata first, then every data connector of the definition.
  const connMain = mainTemplateOf(connTemplate);
  const connParams: JsonObject = {};
  connMain.variables = { [`_dataConnectorContentIdConnections${n}`]: `[variables('_dataConnectorContentIdConnections${n}')]` };
  const connResources: JsonObject[] = [metadataResource(ctx, 2, n)];
  ctx.dependencyCriteria.push({ kind: 'DataConnector', contentId: `[variables('_dataConnectorContentIdConnections${n}')]`, version: "[variables('dataConnectorCCPVersion')]" });

  const dcrs: DcrNode[] = [];
  for (const dc of def.dataConnectors) {
    connResources.push(dataConnectorResource(ctx, dc, connParams));
    for (const d of dc.dcrs) if (!dcrs.includes(d)) dcrs.push(d);
  }
  const defResources = mainTemplateOf(defTemplate).resources as JsonObject[];
  const tables: TableNode[] = [];
  for (const dcr of dcrs) {
    defResources.push(dcrResource(ctx, dcr, n));
    for (const f of dcr.flows) if (f.table && !tables.includes(f.table)) tables.push(f.table);
  }
  // Tables no dataFlow writes go into the first CCF connector, once (the packager's "additional tables").
  if (!ctx.additionalTablesEmitted) {
    ctx.additionalTablesEmitted = true;
    for (const t of ctx.graph.tables) if (t.writtenBy.length === 0 && !tables.includes(t)) tables.push(t);
  }
  for (const t of tables) defResources.push(tableResource(t));

  for (const [k, v] of Object.entries(instructionParameters(title, (ciGet(ui, 'instructionSteps') as Json[] | undefined) ?? []))) {
    if (!(k in connParams)) connParams[k] = v;
  }
  connMain.parameters = connParams;
  connMain.resources = connResources;

  if (def.dataConnectors.length === 0) {
    ctx.findings.push(finding('PKG001', `connector definition "${id}" has no data connector; the packager would stop here`, { file: def.artifact.file }));
  }
  if (def.dataConnectors.some((d) => d.kind.toLowerCase() === 'restapipoller') && !instructionTypes((ciGet(ui, 'instructionSteps') as Json[]) ?? []).includes('ConnectionToggleButton')) {
    ctx.progress(`    note: no ConnectionToggleButton in ${def.artifact.file}`);
  }

  ctx.resources.push(defTemplate, defResource, defMetadata, connTemplate);
  addDataConnectorUiStep(ctx, n);
  ctx.counts.dataConnectors++;
  ctx.connectorCounter++;
}

/** createUiDefinition: one text and one link per connector in the "Data Connectors" step. */
export function addDataConnectorUiStep(ctx: PackContext, n: number): void {
  let step = ctx.uiSteps.find((s) => s.name === 'dataconnectors');
  if (!step) {
    step = { name: 'dataconnectors', label: 'Data Connectors', bladeTitle: 'Data Connectors', elements: [] };
    ctx.uiSteps.push(step);
  }
  const elements = step.elements as JsonObject[];
  elements.push({
    name: `dataconnectors${n}-text`,
    type: 'Microsoft.Common.TextBlock',
    options: {
      text: `This Solution installs the data connector for ${ctx.name}. You can get ${ctx.name} data in your Microsoft Sentinel workspace. After installing the solution, configure and enable this data connector by following guidance in Manage solution view.`,
    },
  });
  elements.push({
    name: `dataconnectors-link${n}`,
    type: 'Microsoft.Common.TextBlock',
    options: { link: { label: 'Learn more about connecting data sources', uri: 'https://docs.microsoft.com/azure/sentinel/connect-data-sources' } },
  });
}
