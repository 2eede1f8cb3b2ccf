// Tiny builders for the artifact JSON schemas, so the schema files read like the tables in the spec.
// Objects stay open (additionalProperties allowed): real files carry extra keys the services ignore.

export type Schema = Record<string, unknown>;

export const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
export const nonEmpty = (extra: Schema = {}): Schema => ({ type: 'string', minLength: 1, ...extra });
export const bool = (): Schema => ({ type: 'boolean' });
export const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
export const oneOfValues = (...values: (string | number | boolean | null)[]): Schema => ({ enum: values });
export const arr = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
export const nullable = (s: Schema): Schema => ({ anyOf: [{ type: 'null' }, s] });
export const anyJson = (): Schema => ({});

export function obj(properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema {
  return { type: 'object', properties, required, ...extra };
}

/** `if kind == value then …` branches, used for per-type instruction parameters and per-kind connectors. */
export function when(property: string, values: string[], then: Schema): Schema {
  return { if: { properties: { [property]: { enum: values } }, required: [property] }, then };
}

/** All property names declared anywhere in a schema: the canonical spellings the loader maps keys onto. */
export function collectPropertyNames(schema: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const s of schema) collectPropertyNames(s, out);
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [k, v] of Object.entries(schema)) {
      if ((k === 'properties' || k === 'patternProperties') && typeof v === 'object' && v !== null) {
        for (const [name, sub] of Object.entries(v)) {
          if (k === 'properties') out.add(name);
          collectPropertyNames(sub, out);
        }
      } else if (k === 'required' && Array.isArray(v)) {
        for (const name of v) if (typeof name === 'string') out.add(name);
      } else {
        collectPropertyNames(v, out);
      }
    }
  }
  return out;
}
