// Public interface of src/connectors: solutions and connectors in a running workspace — ARM template
// deployments, the content hub, "Deploy push connector" / disconnect, and connector status the way
// the Data connectors page computes it. Surfaces and the CLI call only what is exported here.
export { workspaceKqlRunner, executorKqlRunner, KqlQueryError, type RunKql, type KqlResult, type KqlColumn, type KqlDiagnosticInfo, type RunnerOptions } from './kql-runner.js';
export { applyResources, type AppliedResource, type ApplyResult, type ApplyOptions } from './apply.js';
export { deployTemplate, deploymentContext, targetParameters, type DeployTemplateInput, type DeployTemplateResult } from './deploy-template.js';
export { listContent, installContent, uninstallContent, type ContentListing, type InstallResult, type UninstallResult } from './content-hub.js';
export { deployPushConnector, disconnectPushConnector, type PushDeployOptions, type PushDeployResult, type DisconnectResult } from './push-deploy.js';
export {
  exampleConfiguration, curlSnippet, fillPlaceholders, labelRows, placeholderMeaning,
  type PushConnectionDetails, type LabelRow, type ExampleConfiguration, type FillWith,
} from './connection-details.js';
export {
  connectorStatus, connectorStatusByRef, listConnectorStatuses, runSampleQuery, graphQueryText, connectorTables,
  type ConnectorStatus, type ConnectionState, type CriterionResult, type DataTypeStatus, type GraphSeries, type GraphPoint,
  type Granularity, type QueryOutcome, type StatusOptions, type SampleQueryRun, type DataConnectorInfo,
} from './status.js';
export { hopCountersFor, type HopCounters, type HopCounterSource, type HopStream } from './hop-counters.js';
export { galleryEntries, findGalleryEntry, readUiConfig, type GalleryEntry, type UiConfigView, type Criterion, type GraphQuery, type DataType, type SampleQuery, type Instruction } from './ui-config.js';
export { ConnectorError, isConnectorError, type ConnectorErrorCode } from './errors.js';
