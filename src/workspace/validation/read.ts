// Reading submitted JSON the way ARM does: property names are matched case-insensitively (real
// solution files spell `Properties`/`properties`, `Columns`/`columns`), values are checked for type.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value of `key` in `obj`, matching the name case-insensitively (an exact match wins). */
export function prop(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/**
 * An unevaluated template value: an ARM expression (`[parameters('x')]`, not the `[[` escape) or a
 * `{{placeholder}}` of a solution source file. Such values appear when a solution's files are
 * submitted as they are; Vigil binds them to this deployment's only workspace / default DCE.
 */
export function isTemplatePlaceholder(v: string): boolean {
  const t = v.trim();
  return (t.startsWith('[') && !t.startsWith('[[') && t.endsWith(']')) || /^\{\{[A-Za-z0-9]+\}\}$/.test(t);
}
