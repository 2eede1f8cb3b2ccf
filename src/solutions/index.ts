// Public interface of src/solutions: CCF solution folders — load, validate, package, evaluate ARM templates — and
// the content hub plan for built-in solutions. The server and the CLI call only what is exported here.
export { loadSolution, buildGraph, type LoadedSolution, type ConnectorGraph, type Artifact, type ArtifactKind } from './load/index.js';
export { validateSolution, checkWorkspaceName, type ValidateOptions, type ValidationResult } from './validate/index.js';
export { solutionId } from './validate/solution-checks.js';
export { packageSolution, buildPackage, formatSummary, checkTemplate, packageVersion, type PackageOptions, type PackageResult, type PackageSummary } from './package/index.js';
export {
  evaluateTemplate,
  parameterValues,
  parseAssignments,
  uniqueString,
  armGuid,
  CREATABLE_TYPES,
  connectorTemplates,
  evaluateConnectorDeployment,
  type ConnectionValues,
  type DeploymentContext,
  type EvaluationResult,
  type EvaluatedResource,
  type SkippedResource,
} from './arm/index.js';
export type { KqlAnalyzer, KqlAnalysis, KqlIssue, KqlColumn, KqlSchema } from './kql/analyzer.js';
export { finding, formatFinding, formatFindings, findingsToJson, hasErrors, sortFindings, countBySeverity, type Finding, type Severity } from './model/findings.js';
export { RULES, type RuleCode } from './model/codes.js';
export { planContentInstall, planContentUninstall, listBuiltinContent, type InstallPlan, type ContentEntry } from './hub.js';
export { validateCommand, packageCommand, deployPlanCommand, contentListCommand, readParameters, type CommandOutput, type OutputFormat } from './commands.js';
