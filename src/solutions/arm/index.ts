// ARM template evaluation (issue §5): expressions, functions, two-phase evaluation, dependency order.
export * from './expression.js';
export { uniqueString, armGuid } from './hash.js';
export { FUNCTIONS, toArmString, resourcePath, type DeploymentContext } from './functions.js';
export * from './evaluate-template.js';
export { connectorTemplates, evaluateConnectorDeployment, type ConnectionValues, type ConnectorTemplates } from './phase-two.js';
