// Domain errors of the workspace service. They carry located, coded issues; the surfaces translate
// them into their wire format (ARM management errors, CLI output) without inventing text.

export interface ValidationIssue {
  /** Stable code, e.g. `InvalidColumnType`. */
  code: string;
  message: string;
  /** Where in the submitted resource, in ARM's dotted form: `properties.dataFlows[0].outputStream`. */
  target: string;
}

export type ResourceKind =
  | 'table' | 'dataCollectionRule' | 'dataCollectionEndpoint' | 'application' | 'roleAssignment' | 'workspace'
  | 'dataConnectorDefinition' | 'dataConnector' | 'contentPackage' | 'contentTemplate' | 'metadata' | 'deployment';

export class WorkspaceError extends Error {
  readonly resourceKind: ResourceKind;
  constructor(resourceKind: ResourceKind, message: string) {
    super(message);
    this.resourceKind = resourceKind;
  }
}

export class ValidationFailed extends WorkspaceError {
  readonly issues: readonly ValidationIssue[];
  constructor(resourceKind: ResourceKind, issues: readonly ValidationIssue[]) {
    super(resourceKind, issues.map((i) => `${i.target}: ${i.code}: ${i.message}`).join('; '));
    this.name = 'ValidationFailed';
    this.issues = issues;
  }
}

export class NotFound extends WorkspaceError {
  readonly resourceName: string;
  constructor(resourceKind: ResourceKind, resourceName: string) {
    super(resourceKind, `${resourceKind} '${resourceName}' was not found`);
    this.name = 'NotFound';
    this.resourceName = resourceName;
  }
}

export class Conflict extends WorkspaceError {
  readonly code: string;
  constructor(resourceKind: ResourceKind, code: string, message: string) {
    super(resourceKind, message);
    this.name = 'Conflict';
    this.code = code;
  }
}
