// `vigil legacy migrate`: from a classic (HTTP Data Collector API) table as it stands, a CCF Push
// solution folder that moves its sender to the Logs Ingestion API without breaking anything that
// reads the table:
//
//   <Name>/Data/Solution_<Name>.json, SolutionMetadata.json, ReleaseNotes.md
//   <Name>/Data Connectors/<Name>_ccf/table.json               the same table, typed columns
//                                    /DCR.json                 stream = the original field names,
//                                                              transformKql → the legacy column names
//                                    /connectorDefinition.json Push connector (Deploy button, connection details)
//                                    /dataConnector.json       the Push data connector
//
// The layout and the artifact shapes follow the CCF push guide's walkthrough (spec/ccf-solutions.md
// §1–§5, §8, §10, §11); the field mapping is field-map.ts.
import { legacyTransform, streamFields, type LegacyTableInput, type StreamField } from './field-map.js';

export interface MigrationOptions {
  /** Solution (and folder) name. Default: the table name without `_CL`, in PascalCase. */
  solutionName?: string;
  /** Publisher / provider shown in the connector and the metadata. Default 'Vigil'. */
  publisher?: string;
  /** Stream the sender posts to. Default `Custom-<table without _CL>`. */
  streamName?: string;
  /** A field to take TimeGenerated from (what the sender gave as `time-generated-field`). */
  timeGeneratedField?: string;
  /** `firstPublishDate`/`lastPublishDate` of the metadata (YYYY-MM-DD). Default today (UTC). */
  date?: string;
}

export interface MigrationFile {
  /** Path relative to the folder that will hold the solution folder (`<Name>/…`). */
  path: string;
  content: string;
}

export interface MigrationSkeleton {
  solutionName: string;
  table: string;
  streamName: string;
  connectorId: string;
  transformKql: string;
  fields: StreamField[];
  files: MigrationFile[];
}

/** Table column types in ARM's spelling (fixtures write `boolean`). */
const TABLE_TYPE: Readonly<Record<string, string>> = { bool: 'boolean' };

export function pascalName(table: string): string {
  const stem = table.replace(/_CL$/i, '');
  const parts = stem.split(/[^A-Za-z0-9]+/).filter((p) => p.length > 0);
  const name = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return /^[A-Za-z]/.test(name) ? name : `Legacy${name}`;
}

export function buildMigration(input: LegacyTableInput, options: MigrationOptions = {}): MigrationSkeleton {
  if (!input.table.endsWith('_CL')) throw new Error(`'${input.table}' is not a custom table (custom table names end in _CL)`);
  const name = options.solutionName ?? pascalName(input.table);
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new Error(`solution name '${name}' may contain only letters, digits, '_' and '-' and must start with a letter`);
  const publisher = options.publisher ?? 'Vigil';
  const stream = options.streamName ?? `Custom-${input.table.replace(/_CL$/, '')}`;
  if (!stream.startsWith('Custom-')) throw new Error(`stream name '${stream}' must start with 'Custom-'`);
  const connectorId = `${name}Push`;
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const fields = streamFields(input);
  const transformKql = legacyTransform(input, fields, { timeGeneratedField: options.timeGeneratedField });
  const table = input.table;
  const folder = `${name}/Data Connectors/${name}_ccf`;

  const tableColumns = [
    ...input.columns.filter((c) => c.role === 'time'),
    ...input.columns.filter((c) => c.role !== 'time' && !STANDARD.has(c.name)),
  ];
  if (!tableColumns.some((c) => c.name === 'TimeGenerated')) tableColumns.unshift({ name: 'TimeGenerated', type: 'datetime', role: 'time' });
  const tableJson = {
    name: table,
    type: 'Microsoft.OperationalInsights/workspaces/tables',
    apiVersion: '2025-07-01',
    properties: {
      plan: 'Analytics',
      schema: {
        name: table,
        columns: tableColumns.map((c) => ({ name: c.name, type: TABLE_TYPE[c.type] ?? c.type, ...(c.description ? { description: c.description } : {}) })),
      },
    },
  };

  const streamColumns = [{ name: 'TimeGenerated', type: 'datetime' }, ...fields.filter((f) => f.name !== 'TimeGenerated').map((f) => ({ name: f.name, type: f.streamType }))];
  const dcrJson = {
    name: `${name}PushDCR`,
    apiVersion: '2023-03-11',
    type: 'Microsoft.Insights/dataCollectionRules',
    location: "[parameters('workspace-location')]",
    properties: {
      dataCollectionEndpointId: "[concat('/subscriptions/',parameters('subscription'),'/resourceGroups/',parameters('resourceGroupName'),'/providers/Microsoft.Insights/dataCollectionEndpoints/',parameters('workspace'))]",
      streamDeclarations: { [stream]: { columns: streamColumns } },
      destinations: { logAnalytics: [{ workspaceResourceId: "[variables('workspaceResourceId')]", name: 'clv2ws1' }] },
      dataFlows: [{ streams: [stream], destinations: ['clv2ws1'], transformKql, outputStream: `Custom-${table}` }],
    },
  };

  const connectorDefinition = {
    name: connectorId,
    apiVersion: '2022-09-01-preview',
    type: 'Microsoft.SecurityInsights/dataConnectorDefinitions',
    location: "[parameters('workspace-location')]",
    kind: 'Customizable',
    properties: { connectorUiConfig: connectorUiConfig({ connectorId, name, publisher, table, stream, fields }) },
  };

  const dataConnector = {
    name: `${name}PushConnector`,
    apiVersion: '2024-09-01',
    type: 'Microsoft.SecurityInsights/dataConnectors',
    kind: 'Push',
    properties: {
      connectorDefinitionName: connectorId,
      dcrConfig: {
        streamName: stream,
        dataCollectionEndpoint: "[[parameters('dcrConfig').dataCollectionEndpoint]",
        dataCollectionRuleImmutableId: "[[parameters('dcrConfig').dataCollectionRuleImmutableId]",
      },
      auth: { type: 'Push', AppId: "[[parameters('auth').appId]", ServicePrincipalId: "[[parameters('auth').servicePrincipalId]" },
      request: { RetryCount: 1 },
      response: { eventsJsonPaths: ['$'] },
    },
  };

  const publisherId = publisher.toLowerCase().replace(/[^a-z0-9]/g, '') || 'vigil';
  const dataFile = {
    Name: name,
    Author: publisher,
    Logo: '',
    Description: `Moves the senders of the classic custom log ${table} from the retired HTTP Data Collector API to the Logs Ingestion API (CCF Push). The data collection rule keeps the senders' field names and writes the table's existing columns, so queries, analytic rules and workbooks on ${table} keep working.`,
    'Data Connectors': [`Data Connectors/${name}_ccf/connectorDefinition.json`],
    Version: '3.0.0',
    Metadata: 'SolutionMetadata.json',
    TemplateSpec: true,
    Is1PConnector: false,
  };
  const metadata = {
    publisherId,
    offerId: `${name.toLowerCase()}-push`,
    firstPublishDate: date,
    lastPublishDate: date,
    providers: [publisher],
    categories: { domains: ['Security - Threat Protection'] },
    support: { name: publisher, tier: 'Community', link: 'https://learn.microsoft.com/azure/azure-monitor/logs/custom-logs-migrate' },
  };
  const releaseNotes = [
    '| **Version** | **Date Modified (DD-MM-YYYY)** | **Change History** |',
    '|-------------|--------------------------------|--------------------|',
    `| 3.0.0       | ${date.split('-').reverse().join('-')}                     | Generated from ${table} by vigil legacy migrate |`,
    '',
  ].join('\n');

  const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';
  return {
    solutionName: name,
    table,
    streamName: stream,
    connectorId,
    transformKql,
    fields,
    files: [
      { path: `${name}/Data/Solution_${name}.json`, content: json(dataFile) },
      { path: `${name}/SolutionMetadata.json`, content: json(metadata) },
      { path: `${name}/ReleaseNotes.md`, content: releaseNotes },
      { path: `${folder}/table.json`, content: json(tableJson) },
      { path: `${folder}/DCR.json`, content: json(dcrJson) },
      { path: `${folder}/connectorDefinition.json`, content: json(connectorDefinition) },
      { path: `${folder}/dataConnector.json`, content: json(dataConnector) },
    ],
  };
}

/** Columns every table has that a table resource must not declare (reserved names, spec/ccf-solutions.md §2). */
const STANDARD = new Set(['TenantId', 'Type', '_ResourceId', '_SubscriptionId', '_ItemId', '_TimeReceived', 'id', 'UniqueId', 'Title']);

function connectorUiConfig(a: { connectorId: string; name: string; publisher: string; table: string; stream: string; fields: readonly StreamField[] }): Record<string, unknown> {
  const { table, stream } = a;
  const mapping = a.fields.map((f) => `- \`${f.name}\` (${f.streamType}) → ${f.columns.map((c) => `\`${c.column}\``).join(', ')}`).join('\n');
  return {
    id: a.connectorId,
    title: `${a.name} (Push, migrated from the HTTP Data Collector API)`,
    publisher: a.publisher,
    descriptionMarkdown: `Receives the records that used to be posted to the HTTP Data Collector API as **${table}** through the Logs Ingestion API instead. Senders keep their field names; the data collection rule writes the table's existing columns, so existing queries keep working.`,
    graphQueries: [{ metricName: 'Records received', legend: table, baseQuery: table }],
    sampleQueries: [{ description: 'Latest records', query: `${table}\n| sort by TimeGenerated desc\n| take 100` }],
    dataTypes: [{ name: table, lastDataReceivedQuery: `${table}\n| summarize Time = max(TimeGenerated)\n| where isnotempty(Time)` }],
    connectivityCriteria: [{ type: 'IsConnectedQuery', value: [`${table}\n| summarize LastLogReceived = max(TimeGenerated)\n| project IsConnected = LastLogReceived > ago(7d)`] }],
    availability: { status: 1 },
    permissions: {
      resourceProvider: [{
        provider: 'Microsoft.OperationalInsights/workspaces',
        permissionsDisplayText: 'read and write permissions are required.',
        providerDisplayName: 'Workspace',
        scope: 'Workspace',
        requiredPermissions: { write: true, read: true, delete: true },
      }],
      customs: [
        { name: 'Microsoft Entra', description: 'Permission to create an app registration in Microsoft Entra ID. Typically requires Entra ID Application Developer role or higher.' },
        { name: 'Microsoft Azure', description: 'Permission to assign Monitoring Metrics Publisher role on data collection rule (DCR). Typically requires Azure RBAC Owner or User Access Administrator role.' },
      ],
    },
    instructionSteps: [
      {
        title: '1. Create the resources and the sender identity',
        description: `Deploy creates the data collection rule that writes ${table} and an Entra application allowed to send to it.`,
        instructions: [
          { type: 'Markdown', parameters: { content: `#### Field mapping\nThe sender posts the fields it used to post to the HTTP Data Collector API; the data collection rule writes them to the existing columns:\n${mapping}` } },
          { type: 'DeployPushConnectorButton', parameters: { label: `Deploy ${a.name} push connector resources`, applicationDisplayName: `${a.name} Push Connector Application` } },
        ],
      },
      {
        title: '2. Point the sender at the Logs Ingestion API',
        description: 'Replace the workspace id and shared key of the HTTP Data Collector API with these values.',
        instructions: [
          { type: 'CopyableLabel', parameters: { label: 'Tenant ID (Directory ID)', fillWith: ['TenantId'] } },
          { type: 'CopyableLabel', parameters: { label: 'Entra App Registration Application ID', fillWith: ['ApplicationId'], placeholder: 'Deploy push connector to get the App Registration Application ID' } },
          { type: 'CopyableLabel', parameters: { label: 'Entra App Registration Secret', fillWith: ['ApplicationSecret'], placeholder: 'Deploy push connector to get the App Registration Secret' } },
          { type: 'CopyableLabel', parameters: { label: 'Data Collection Endpoint Uri', fillWith: ['DataCollectionEndpoint'], placeholder: 'Deploy push connector to get the Data Collection Endpoint Uri' } },
          { type: 'CopyableLabel', parameters: { label: 'Data Collection Rule Immutable ID', fillWith: ['DataCollectionRuleId'], placeholder: 'Deploy push connector to get the Data Collection Rule Immutable ID' } },
          { type: 'CopyableLabel', parameters: { label: 'Stream Name', value: stream } },
        ],
      },
    ],
  };
}
