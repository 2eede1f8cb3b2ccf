// Errors of the connectors layer: coded, with located details where a template or resource is at
// fault, so the management surface and the CLI print them without inventing text.
import type { DeploymentProblem } from '../workspace/sentinel-model.js';

export type ConnectorErrorCode =
  /** No connector definition (or built-in solution) by that name. */
  | 'ConnectorNotFound'
  | 'ContentNotFound'
  /** The definition has no Push data connector to deploy. */
  | 'NotAPushConnector'
  /** The definition was not installed from a package, so its DCR, tables and data connector are unknown. */
  | 'ConnectorTemplateMissing'
  /** No DCR, or more than one, declares the data connector's stream. */
  | 'StreamNotDeclared'
  | 'AmbiguousStream'
  /** A resource of the deployment was refused by the workspace. */
  | 'DeploymentFailed'
  /** The content is in use (a deployed connector) and cannot be removed as asked. */
  | 'ContentInUse';

export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  readonly details: readonly DeploymentProblem[];
  constructor(code: ConnectorErrorCode, message: string, details: readonly DeploymentProblem[] = []) {
    super(message);
    this.name = 'ConnectorError';
    this.code = code;
    this.details = details;
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
