// The wire error tables, one per wire format. Surfaces import the factory of their own format.
export { WireError, isWireError, sendWireError, fill } from './wire-error.js';
export type { ReplyLike } from './wire-error.js';
export { entraError, entraTimestamp, ENTRA_ERRORS } from './entra.js';
export type { EntraErrorName, EntraErrorContext } from './entra.js';
export { armError, ARM_ERRORS } from './arm.js';
export type { ArmErrorName, ArmErrorDetail } from './arm.js';
export { graphError, GRAPH_ERRORS } from './graph.js';
export type { GraphErrorName } from './graph.js';
