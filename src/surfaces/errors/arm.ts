// Wire errors of the ARM-shaped management API: `{"error":{"code","message","target","details"}}`.
// Codes follow Azure Resource Manager's common codes; validation failures carry one located detail
// per problem (`target` is the property path in ARM's dotted form, e.g. `properties.dataFlows[0].outputStream`).
import { WireError, fill } from './wire-error.js';

interface ArmEntry {
  readonly status: number;
  readonly message: string;
}

export const ARM_ERRORS = {
  AuthenticationFailed: { status: 401, message: "Authentication failed. The 'Authorization' header is missing." },
  InvalidAuthenticationToken: { status: 401, message: 'The access token is invalid. {detail}' },
  AuthorizationFailed: {
    status: 403,
    message: "The client '{principal}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid.",
  },
  MissingApiVersionParameter: { status: 400, message: 'The api-version query parameter (?api-version=) is required for all requests.' },
  InvalidRequestContent: { status: 400, message: 'The request content was invalid and could not be deserialized: {detail}' },
  InvalidPayload: { status: 400, message: '{resource} is invalid: {detail}' },
  SubscriptionNotFound: { status: 404, message: "The subscription '{subscription}' could not be found." },
  ResourceGroupNotFound: { status: 404, message: "Resource group '{resourceGroup}' could not be found." },
  ResourceNotFound: { status: 404, message: "The Resource '{type}/{name}' under resource group '{resourceGroup}' was not found." },
  InvalidResourceType: { status: 400, message: "The resource type '{type}' could not be found in the namespace '{namespace}' (Vigil serves {supported})." },
  InvalidResourceName: { status: 400, message: "Resource name '{name}' is invalid. {detail}" },
  MethodNotAllowed: { status: 405, message: "The requested method '{method}' is not allowed on '{path}'." },
  Conflict: { status: 409, message: '{detail}' },
  RoleAssignmentExists: { status: 409, message: 'The role assignment already exists. {detail}' },
  RoleAssignmentUpdateNotPermitted: { status: 409, message: 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated. {detail}' },
  PathNotFound: { status: 404, message: "The requested path '{path}' does not exist." },
  // Template deployments (Microsoft.Resources/deployments): validation fails before anything is created.
  InvalidTemplate: { status: 400, message: 'Deployment template validation failed: {detail}' },
  // Connectors and content hub (Vigil's connectors API; the portal's Deploy/Disconnect buttons).
  ConnectorNotFound: { status: 404, message: '{detail}' },
  ContentNotFound: { status: 404, message: '{detail}' },
  NotAPushConnector: { status: 400, message: '{detail}' },
  ConnectorTemplateMissing: { status: 409, message: '{detail}' },
  StreamNotDeclared: { status: 409, message: '{detail}' },
  AmbiguousStream: { status: 409, message: '{detail}' },
  DeploymentFailed: { status: 400, message: '{detail}' },
  ContentInUse: { status: 409, message: '{detail}' },
  InternalServerError: { status: 500, message: 'The server encountered an internal error: {detail}' },
} as const satisfies Record<string, ArmEntry>;

export type ArmErrorName = keyof typeof ARM_ERRORS;

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export function armError(
  name: ArmErrorName,
  args: Readonly<Record<string, string | number>> = {},
  details: readonly ArmErrorDetail[] = [],
): WireError {
  const e: ArmEntry = ARM_ERRORS[name];
  const message = fill(e.message, args);
  const error: Record<string, unknown> = { code: name, message };
  if (details.length > 0) {
    error.details = details;
    if (details.length === 1 && details[0].target) error.target = details[0].target;
  }
  return new WireError(e.status, name, message, { error });
}
