// Loads every function definition into the registry and re-exports the registry API.
import './conversion.js';
import './math.js';
import './datetime-fns.js';
import './string-fns.js';
import './dynamic-fns.js';
import './conditional.js';
import './transform-only.js';

export * from './registry.js';
export { parseCefDictionary, GEO_LOCATION_REASON } from './transform-only.js';
