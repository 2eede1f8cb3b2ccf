// Emits a workbook content template (Orca resource 7). The official packager reads workbook metadata (key,
// title, version, dependencies) from the repository-wide WorkbooksMetadata.json; Vigil reads the same entries
// from `Workbooks/WorkbooksMetadata.json` inside the solution when present, and otherwise derives them from
// the file name and the data file's WorkbookDescription.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { childCi } from '../load/load-solution.js';
import { ciArray, ciGet, ciString, cloneJson, isObject, parseJsonText, type Json, type JsonObject } from '../model/json.js';
import { author, CONTENT_API, CONTENT_PACKAGE_ID, finding, setVariable, TEMPLATE_SCHEMA, WORKSPACE_LOCATION, type PackContext } from './context.js';

interface WorkbookMeta {
  key: string;
  title: string;
  description: string;
  version: string;
  dataTypes: string[];
  dataConnectors: string[];
}

function workbookMeta(ctx: PackContext, file: string): WorkbookMeta {
  const base = basename(file).replace(/\.json$/i, '');
  const fallback: WorkbookMeta = { key: base, title: base, description: workbookDescription(ctx), version: '1.0.0', dataTypes: [], dataConnectors: [] };
  const dir = childCi(ctx.sol.root, 'Workbooks');
  const metaName = dir !== undefined ? childCi(join(ctx.sol.root, dir), 'WorkbooksMetadata.json') : undefined;
  if (dir === undefined || metaName === undefined) return fallback;
  let entries: Json;
  try {
    entries = parseJsonText(readFileSync(join(ctx.sol.root, dir, metaName), 'utf8'));
  } catch (e) {
    ctx.findings.push(finding('SOL001', `invalid JSON: ${(e as Error).message}`, { file: `${dir}/${metaName}` }));
    return fallback;
  }
  const entry = (Array.isArray(entries) ? entries : []).find((x) => ciString(x, 'templateRelativePath')?.toLowerCase() === basename(file).toLowerCase());
  if (!entry) return fallback;
  const strings = (k: string): string[] => (ciArray(entry, k) ?? []).filter((x): x is string => typeof x === 'string');
  return {
    key: ciString(entry, 'workbookKey') ?? base,
    title: ciString(entry, 'title') ?? base,
    description: ciString(entry, 'description') ?? fallback.description,
    version: ciString(entry, 'version') ?? '1.0.0',
    dataTypes: strings('dataTypesDependencies'),
    dataConnectors: strings('dataConnectorsDependencies'),
  };
}

export function workbookDescription(ctx: PackContext): string {
  const d = ciGet(ctx.sol.dataFile!.json, 'WorkbookDescription');
  if (typeof d === 'string') return d;
  if (Array.isArray(d) && typeof d[0] === 'string') return d[0];
  return '';
}

export function emitWorkbook(ctx: PackContext, file: string): void {
  let doc: Json;
  try {
    doc = parseJsonText(readFileSync(join(ctx.sol.root, file), 'utf8'));
  } catch (e) {
    ctx.findings.push(finding('PKG001', `workbook cannot be read: ${(e as Error).message}`, { file }));
    return;
  }
  const n = ctx.workbookCounter++;
  const meta = workbookMeta(ctx, file);
  ctx.progress(`  workbook ${n}: ${meta.title}`);
  ctx.parameters[`workbook${n}-name`] = { type: 'string', defaultValue: meta.title, minLength: 1, metadata: { description: 'Name for the workbook' } };
  setVariable(ctx, 'workspaceResourceId', "[resourceId('microsoft.OperationalInsights/Workspaces', parameters('workspace'))]");
  setVariable(ctx, `workbookVersion${n}`, meta.version);
  setVariable(ctx, `workbookContentId${n}`, meta.key);
  setVariable(ctx, `workbookId${n}`, `[resourceId('Microsoft.Insights/workbooks', variables('workbookContentId${n}'))]`);
  setVariable(
    ctx,
    `workbookTemplateSpecName${n}`,
    `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat(parameters('workspace'),'-wb-',uniquestring(variables('_workbookContentId${n}'))))]`,
  );
  setVariable(ctx, `_workbookContentId${n}`, `[variables('workbookContentId${n}')]`);
  setVariable(
    ctx,
    `_workbookcontentProductId${n}`,
    `[concat(take(variables('_solutionId'),50),'-','wb','-', uniqueString(concat(variables('_solutionId'),'-','Workbook','-',variables('_workbookContentId${n}'),'-', variables('workbookVersion${n}'))))]`,
  );
  const criteria: JsonObject[] = [
    ...meta.dataTypes.map((t) => ({ contentId: t, kind: 'DataType' })),
    ...meta.dataConnectors.map((c) => ({ contentId: c, kind: 'DataConnector' })),
  ];
  const metadataProps: JsonObject = {
    description: meta.description,
    parentId: `[variables('workbookId${n}')]`,
    contentId: `[variables('_workbookContentId${n}')]`,
    kind: 'Workbook',
    version: `[variables('workbookVersion${n}')]`,
    source: { kind: 'Solution', name: ctx.name, sourceId: "[variables('_solutionId')]" },
    author: author(ctx),
  };
  if (ctx.support) metadataProps.support = cloneJson(ctx.support);
  if (criteria.length > 0) metadataProps.dependencies = { operator: 'AND', criteria };
  const metadataResource: JsonObject = {
    type: 'Microsoft.OperationalInsights/workspaces/providers/metadata',
    apiVersion: '2022-01-01-preview',
    name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',concat('Workbook-', last(split(variables('workbookId${n}'),'/'))))]`,
    properties: metadataProps,
  };
  const wbDescription = workbookDescription(ctx);
  if (wbDescription !== '') metadataResource.description = wbDescription;

  ctx.resources.push({
    type: 'Microsoft.OperationalInsights/workspaces/providers/contentTemplates',
    apiVersion: CONTENT_API,
    name: `[variables('workbookTemplateSpecName${n}')]`,
    location: WORKSPACE_LOCATION,
    dependsOn: [CONTENT_PACKAGE_ID],
    properties: {
      description: `${basename(file).replace(/\.json$/i, '')} Workbook with template version ${ctx.version}`,
      mainTemplate: {
        $schema: TEMPLATE_SCHEMA,
        contentVersion: `[variables('workbookVersion${n}')]`,
        parameters: {},
        variables: {},
        resources: [
          {
            type: 'Microsoft.Insights/workbooks',
            name: `[variables('workbookContentId${n}')]`,
            location: WORKSPACE_LOCATION,
            kind: 'shared',
            apiVersion: '2021-08-01',
            metadata: { description: meta.description },
            properties: {
              displayName: `[parameters('workbook${n}-name')]`,
              // Compact JSON plus the trailing newline, as in the reference output.
              serializedData: JSON.stringify(doc) + '\n',
              version: '1.0',
              sourceId: "[variables('workspaceResourceId')]",
              category: 'sentinel',
            },
          },
          metadataResource,
        ],
      },
      packageKind: 'Solution',
      packageVersion: "[variables('_solutionVersion')]",
      packageName: "[variables('_solutionName')]",
      packageId: "[variables('_solutionId')]",
      contentSchemaVersion: '3.0.0',
      contentId: `[variables('_workbookContentId${n}')]`,
      contentKind: 'Workbook',
      displayName: `[parameters('workbook${n}-name')]`,
      contentProductId: `[variables('_workbookcontentProductId${n}')]`,
      id: `[variables('_workbookcontentProductId${n}')]`,
      version: `[variables('workbookVersion${n}')]`,
    },
  });
  ctx.dependencyCriteria.push({ kind: 'Workbook', contentId: `[variables('_workbookContentId${n}')]`, version: `[variables('workbookVersion${n}')]` });
  ctx.counts.workbooks++;

  let step = ctx.uiSteps.find((s) => s.name === 'workbooks');
  if (!step) {
    step = {
      name: 'workbooks',
      label: 'Workbooks',
      subLabel: { preValidation: 'Configure the workbooks', postValidation: 'Done' },
      bladeTitle: 'Workbooks',
      elements: [
        { name: 'workbooks-text', type: 'Microsoft.Common.TextBlock', options: { text: wbDescription } },
        { name: 'workbooks-link', type: 'Microsoft.Common.TextBlock', options: { link: { label: 'Learn more', uri: 'https://docs.microsoft.com/azure/sentinel/tutorial-monitor-your-data' } } },
      ],
    };
    ctx.uiSteps.push(step);
  }
  (step.elements as JsonObject[]).push({
    name: `workbook${n}`,
    type: 'Microsoft.Common.Section',
    label: meta.title,
    elements: [{ name: `workbook${n}-text`, type: 'Microsoft.Common.TextBlock', options: { text: meta.description } }],
  });
}

export function isJsonObject(v: Json): v is JsonObject {
  return isObject(v);
}
