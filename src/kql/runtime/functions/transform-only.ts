// Functions that exist only in DCR transformations: parse_cef_dictionary and geo_location.

import { parseCef, parseCefExtension } from '../cef.js';
import { stringConverter } from '../convert.js';
import type { DynamicBag, KqlValue } from '../types.js';
import { defineFunction, ResolveError } from './registry.js';

/**
 * parse_cef_dictionary(message): "parses the Extension property of a CEF message into a dynamic
 * key/value object"; the documented example reads the result's `["Extension"]`. Vigil returns
 * `{Version, DeviceVendor, DeviceProduct, DeviceVersion, DeviceEventClassID, Name, Severity,
 * Extension: {key: value, …}}` for a message with a CEF header, and `{Extension: {…}}` for bare
 * extension text. Only the `Extension` key is documented; the header key names are Vigil's
 * (inferred). Values are strings, unescaped per the CEF rules (spec/syslog-cef.md §5.2).
 */
export function parseCefDictionary(text: string): DynamicBag {
  const msg = parseCef(text);
  if (msg === null) return { Extension: parseCefExtension(text) };
  return {
    Version: msg.version,
    DeviceVendor: msg.deviceVendor,
    DeviceProduct: msg.deviceProduct,
    DeviceVersion: msg.deviceVersion,
    DeviceEventClassID: msg.deviceEventClassId,
    Name: msg.name,
    Severity: msg.severity,
    Extension: msg.extensions,
  };
}

defineFunction({
  name: 'parse_cef_dictionary',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    const c = stringConverter(args[0].type);
    return { type: 'dynamic', impl: (v: KqlValue) => parseCefDictionary(c(v)) };
  },
});

/** Why geo_location is refused: it needs an IP geolocation database Vigil does not have offline. */
export const GEO_LOCATION_REASON =
  'geo_location() needs an IP geolocation service (Azure calls an external one); Vigil has no offline geolocation database, so it refuses the function rather than return made-up locations';

defineFunction({
  name: 'geo_location',
  minArgs: 1,
  maxArgs: 1,
  resolve: () => new ResolveError(GEO_LOCATION_REASON),
});
