// Schema of `connectorUiConfig` (spec §11) and of the connector definition resource around it (spec §4).
import { anyJson, arr, bool, nonEmpty, nullable, obj, oneOfValues, str, when, type Schema } from './builders.js';

/** Instruction types known to the UI reference, the push guide and the packager (spec §11.7). */
export const INSTRUCTION_TYPES = [
  'Markdown',
  'CopyableLabel',
  'DeployPushConnectorButton',
  'Textbox',
  'OAuthForm',
  'ConnectionToggleButton',
  'InfoMessage',
  'InstructionStepsGroup',
  'InstallAgent',
  'ContextPane',
  'Dropdown',
  'Radio',
  'ServicePrincipalIDTextBox_test',
];

export const RESOURCE_PROVIDERS = [
  'Microsoft.OperationalInsights/workspaces',
  'Microsoft.OperationalInsights/solutions',
  'Microsoft.OperationalInsights/workspaces/datasources',
  'microsoft.aadiam/diagnosticSettings',
  'Microsoft.OperationalInsights/workspaces/sharedKeys',
  'Microsoft.Authorization/policyAssignments',
];

const instruction: Schema = {
  ...obj({ type: nonEmpty(), parameters: anyJson() }, ['type']),
  allOf: [
    when('type', ['Markdown'], obj({ parameters: obj({ content: str() }, ['content']) }, ['parameters'])),
    when(
      'type',
      ['CopyableLabel'],
      obj(
        {
          parameters: obj(
            { label: str(), fillWith: arr(nonEmpty()), value: str(), placeholder: str(), rows: anyJson(), wideLabel: bool() },
            ['label'],
          ),
        },
        ['parameters'],
      ),
    ),
    when(
      'type',
      ['DeployPushConnectorButton'],
      obj({ parameters: obj({ label: nonEmpty(), applicationDisplayName: nonEmpty() }, ['label', 'applicationDisplayName']) }, [
        'parameters',
      ]),
    ),
    when(
      'type',
      ['Textbox'],
      obj(
        {
          parameters: obj(
            // `securestring` is not in the UI reference but SentinelOne ships it (spec §12 X10).
            { label: str(), placeholder: str(), type: oneOfValues('text', 'password', 'number', 'email', 'securestring'), name: nonEmpty() },
            ['name'],
          ),
        },
        ['parameters'],
      ),
    ),
    when('type', ['ConnectionToggleButton'], obj({ parameters: obj({ name: nonEmpty() }, ['name']) }, ['parameters'])),
    when(
      'type',
      ['InstructionStepsGroup'],
      obj({ parameters: obj({ title: str(), instructionSteps: arr({ $ref: '#/$defs/step' }) }) }),
    ),
  ],
};

const step: Schema = obj({
  title: str(),
  description: str(),
  // A legacy file (Darktrace) writes `"instructions": ""` for a step that is only text.
  instructions: { anyOf: [arr({ $ref: '#/$defs/instruction' }), { const: '' }] },
  innerSteps: nullable(arr({ $ref: '#/$defs/step' })),
});

const permissions: Schema = obj({
  resourceProvider: nullable(
    arr(
      obj(
        {
          provider: oneOfValues(...RESOURCE_PROVIDERS),
          providerDisplayName: str(),
          permissionsDisplayText: str(),
          requiredPermissions: obj({ read: bool(), write: bool(), delete: bool(), action: bool() }),
          scope: oneOfValues('Subscription', 'ResourceGroup', 'Workspace'),
        },
        ['provider', 'requiredPermissions'],
      ),
    ),
  ),
  customs: nullable(arr(obj({ name: str(), description: str() }, ['name', 'description']))),
  licenses: nullable(arr(oneOfValues('OfficeIRM', 'OfficeATP', 'Office365', 'AadP1P2', 'Mcas', 'Aatp', 'Mdatp', 'Mtp', 'IoT'))),
  tenant: nullable(arr(oneOfValues('GlobalAdmin', 'SecurityAdmin', 'SecurityReader', 'InformationProtection'))),
});

const criterion: Schema = {
  ...obj(
    {
      type: oneOfValues('IsConnectedQuery', 'isConnectedQuery', 'HasDataConnectors', 'hasDataConnectors'),
      value: nullable(arr(nonEmpty())),
    },
    ['type'],
  ),
  allOf: [when('type', ['IsConnectedQuery', 'isConnectedQuery'], obj({ value: arr(nonEmpty(), { minItems: 1 }) }, ['value']))],
};

const uiConfigProperties = {
  id: nonEmpty(),
  title: nonEmpty(),
  publisher: nonEmpty(),
  descriptionMarkdown: nonEmpty(),
  logo: str(),
  graphQueriesTableName: str(),
  graphQueries: arr(obj({ metricName: nonEmpty(), legend: nonEmpty(), baseQuery: nonEmpty() }, ['metricName', 'legend', 'baseQuery']), {
    minItems: 1,
  }),
  sampleQueries: arr(obj({ description: nonEmpty(), query: nonEmpty() }, ['description', 'query']), { minItems: 1 }),
  dataTypes: arr(obj({ name: nonEmpty(), lastDataReceivedQuery: nonEmpty() }, ['name', 'lastDataReceivedQuery']), { minItems: 1 }),
  connectivityCriteria: arr(criterion, { minItems: 1 }),
  connectivityCriterias: arr(criterion, { minItems: 1 }),
  availability: obj({ status: oneOfValues(0, 1), isPreview: bool() }),
  permissions,
  instructionSteps: arr({ $ref: '#/$defs/step' }, { minItems: 1 }),
  isConnectivityCriteriasMatchSome: bool(),
};

const DEFS = { step, instruction };

/** CCF `connectorUiConfig` (spec §11.1): connectivityCriteria spelled the CCF way and required. */
export const connectorUiConfigSchema: Schema = {
  ...obj(uiConfigProperties, [
    'id',
    'title',
    'publisher',
    'descriptionMarkdown',
    'graphQueries',
    'sampleQueries',
    'dataTypes',
    'connectivityCriteria',
    'permissions',
    'instructionSteps',
  ]),
  $defs: DEFS,
};

/** Legacy GenericUI connector file (spec §7): the repo validator's generic required set. */
export const legacyConnectorSchema: Schema = {
  ...obj(uiConfigProperties, [
    'id',
    'title',
    'publisher',
    'descriptionMarkdown',
    'graphQueries',
    'sampleQueries',
    'dataTypes',
    'connectivityCriterias',
    'availability',
    'permissions',
    'instructionSteps',
  ]),
  $defs: DEFS,
};

export const definitionSchema: Schema = {
  ...obj(
    {
      type: nonEmpty(),
      name: nonEmpty(),
      apiVersion: str(),
      location: str(),
      kind: oneOfValues('Customizable', 'Static'),
      properties: obj({ connectorUiConfig: { $ref: '#/$defs/uiConfig' } }, ['connectorUiConfig']),
    },
    ['type', 'name', 'kind', 'properties'],
  ),
  $defs: { ...DEFS, uiConfig: obj(uiConfigProperties, connectorUiConfigSchema.required as string[]) },
};
