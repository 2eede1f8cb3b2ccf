// The contentPackages resource (spec §9.6), emitted last, and the solution description it carries as HTML.
import { ciGet, ciString, cloneJson, isObject, type JsonObject } from '../model/json.js';
import { author, WORKSPACE_LOCATION, type PackContext } from './context.js';
import { markdownToHtml } from './markdown.js';

/** "**Data Connectors:** 2, **Workbooks:** 1" — only kinds that were packaged. */
export function countsLine(ctx: PackContext): string {
  const parts: string[] = [];
  if (ctx.counts.dataConnectors > 0) parts.push(`**Data Connectors:** ${ctx.counts.dataConnectors}`);
  if (ctx.counts.workbooks > 0) parts.push(`**Workbooks:** ${ctx.counts.workbooks}`);
  return parts.join(', ');
}

const LEARN_MORE = '[Learn more about Microsoft Sentinel](https://aka.ms/azuresentinel) | [Learn more about Solutions](https://aka.ms/azuresentinelsolutionsdoc)';

/** The data file Description with the packager's count placeholders filled in (spec §9.1). */
function description(ctx: PackContext): string {
  return (ciString(ctx.sol.dataFile!.json, 'Description') ?? '')
    .split('{{DataConnectorCount}}')
    .join(String(ctx.counts.dataConnectors))
    .split('{{WorkbookCount}}')
    .join(String(ctx.counts.workbooks));
}

/** The description markdown the package shows, converted to HTML (the reference output's descriptionHtml). */
export function descriptionHtml(ctx: PackContext): string {
  const releaseNotes = `https://github.com/Azure/Azure-Sentinel/tree/master/Solutions/${encodeURI(ctx.name)}/ReleaseNotes.md`;
  const md = [
    '**Note:** Please refer to the following before installing the solution:',
    `• Review the solution [Release Notes](${releaseNotes})`,
    '• There may be [known issues](https://aka.ms/sentinelsolutionsknownissues) pertaining to this Solution, please refer to them before installing.',
    description(ctx),
    countsLine(ctx),
    LEARN_MORE,
  ]
    .filter((s) => s !== '')
    .join('\n\n');
  return markdownToHtml(md);
}

/** createUiDefinition's basics description (markdown, logo first). */
export function basicsDescription(ctx: PackContext): string {
  const logo = ciString(ctx.sol.dataFile!.json, 'Logo') ?? '';
  return [
    logo,
    '**Note:** _There may be [known issues](https://aka.ms/sentinelsolutionsknownissues) pertaining to this Solution, please refer to them before installing._',
    description(ctx),
    countsLine(ctx),
    LEARN_MORE,
  ]
    .filter((s) => s !== '')
    .join('\n\n');
}

export function contentPackageResource(ctx: PackContext): JsonObject {
  const meta = ctx.sol.metadata!.json;
  const tier = ciString(ciGet(meta, 'support'), 'tier');
  const supportName = ciString(ciGet(meta, 'support'), 'name') ?? ctx.authorName;
  const properties: JsonObject = {
    version: ctx.version,
    kind: 'Solution',
    contentSchemaVersion: '3.0.0',
    displayName: ctx.name,
    publisherDisplayName: tier?.toLowerCase() === 'microsoft' ? `Microsoft Sentinel, ${supportName}` : supportName,
    descriptionHtml: descriptionHtml(ctx),
    contentKind: 'Solution',
    contentProductId: "[variables('_solutioncontentProductId')]",
    id: "[variables('_solutioncontentProductId')]",
    icon: ciString(ctx.sol.dataFile!.json, 'Logo') ?? '',
    contentId: "[variables('_solutionId')]",
    parentId: "[variables('_solutionId')]",
    source: { kind: 'Solution', name: ctx.name, sourceId: "[variables('_solutionId')]" },
    author: author(ctx),
  };
  if (ctx.support) properties.support = cloneJson(ctx.support);
  properties.dependencies = { operator: 'AND', criteria: cloneJson(ctx.dependencyCriteria) };
  for (const key of ['firstPublishDate', 'lastPublishDate', 'providers', 'categories']) {
    const v = ciGet(meta, key);
    if (v !== undefined && v !== null && !(isObject(v) && Object.keys(v).length === 0)) properties[key] = cloneJson(v);
  }
  ctx.variables._solutioncontentProductId =
    "[concat(take(variables('_solutionId'),50),'-','sl','-', uniqueString(concat(variables('_solutionId'),'-','Solution','-',variables('_solutionId'),'-', variables('_solutionVersion'))))]";
  return {
    type: 'Microsoft.OperationalInsights/workspaces/providers/contentPackages',
    apiVersion: '2023-04-01-preview',
    location: WORKSPACE_LOCATION,
    properties,
    name: "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/', variables('_solutionId'))]",
  };
}
