// The Log Analytics query API surface.
export { queryPlugin, querySurface, MAX_BATCH_REQUESTS } from './plugin.js';
export type { QueryPluginOptions } from './plugin.js';
export { parsePrefer, type Preferences } from './prefer.js';
export { QUERY_ROLES } from './auth.js';
