// Validation of solution folders (spec §6, §7, §11, seed 002 checklist).
export { validateSolution, checkWorkspaceName, type ValidateOptions, type ValidationResult } from './validate-solution.js';
export { checkSchema, canonicalize, type SchemaName } from './schema-check.js';
export { connectorQueries, solutionSchema, type QueryRef } from './kql-checks.js';
export { tablesWrittenBy, instructionTypes } from './linking.js';
export { legacyCategory, LEGACY_RESOURCE_PROVIDER_TEMPLATE } from './legacy.js';
export { PACKAGER_KINDS, dcrNameBudget } from './artifact-checks.js';
