// The HTTP Data Collector API surface.
export { collectorPlugin, collectorSurface, fromLegacyError, fromRelayError } from './plugin.js';
export type { CollectorPluginOptions } from './plugin.js';
export { resolveCollectorOptions, DATA_COLLECTOR_API_VERSION } from './options.js';
export type { CollectorSurfaceOptions, RelayTarget, SignatureMode } from './options.js';
export { stringToSign, hmacSignature, parseAuthorization, signatureMatches, parseRfc1123, SIGNED_RESOURCE } from './shared-key.js';
