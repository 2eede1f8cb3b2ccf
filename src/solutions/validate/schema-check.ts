// Checks artifacts against their JSON schemas. Real files spell keys in any case (spec §1), so each object is
// first copied with its keys mapped onto the canonical spellings the schemas use; Ajv's error paths are then
// mapped back onto the keys as written, so a finding points at the real file.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { finding, type Finding } from '../model/findings.js';
import { ciKey, isObject, pointerJoin, type Json } from '../model/json.js';
import { collectPropertyNames, type Schema } from './schemas/builders.js';
import { definitionSchema, legacyConnectorSchema } from './schemas/connector-ui-config.js';
import { dataConnectorSchema } from './schemas/data-connector.js';
import { dataFileSchema, metadataSchema } from './schemas/solution-files.js';
import { dcrSchema, tableSchema } from './schemas/table-dcr.js';

export type SchemaName = 'table' | 'dcr' | 'definition' | 'dataConnector' | 'legacyConnector' | 'dataFile' | 'metadata';

const SCHEMAS: Record<SchemaName, Schema> = {
  table: tableSchema,
  dcr: dcrSchema,
  definition: definitionSchema,
  dataConnector: dataConnectorSchema,
  legacyConnector: legacyConnectorSchema,
  dataFile: dataFileSchema,
  metadata: metadataSchema,
};

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<SchemaName, ValidateFunction>();
// Canonical spellings per schema: `Name` in the data file but `name` in artifacts.
const canonicalNames = new Map<SchemaName, Map<string, string>>();
for (const [schemaName, s] of Object.entries(SCHEMAS) as [SchemaName, Schema][]) {
  const names = new Map<string, string>();
  for (const n of collectPropertyNames(s)) if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), n);
  canonicalNames.set(schemaName, names);
}

function validatorFor(name: SchemaName): ValidateFunction {
  const cached = compiled.get(name);
  if (cached) return cached;
  const v = ajv.compile(SCHEMAS[name]);
  compiled.set(name, v);
  return v;
}

/** Copy of `v` with object keys mapped to the schema's spelling (first spelling wins on case collisions). */
export function canonicalize(v: Json, schema: SchemaName): Json {
  const names = canonicalNames.get(schema)!;
  const walk = (x: Json): Json => {
    if (Array.isArray(x)) return x.map(walk);
    if (!isObject(x)) return x;
    const out: Record<string, Json> = {};
    for (const [k, val] of Object.entries(x)) {
      const c = names.get(k.toLowerCase()) ?? k;
      if (!(c in out)) out[c] = walk(val);
    }
    return out;
  };
  return walk(v);
}

/** Maps a pointer over the canonical copy back onto the original document's keys. */
function originalPointer(orig: Json, canonicalPath: string): string {
  if (canonicalPath === '') return '';
  let cur: unknown = orig;
  let p = '';
  for (const raw of canonicalPath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      p = pointerJoin(p, seg);
      cur = cur[Number(seg)];
    } else {
      const k = ciKey(cur, seg) ?? seg;
      p = pointerJoin(p, k);
      cur = isObject(cur) ? cur[k] : undefined;
    }
  }
  return p;
}

export function checkSchema(name: SchemaName, json: Json, file: string, basePointer = ''): Finding[] {
  const validate = validatorFor(name);
  if (validate(canonicalize(json, name))) return [];
  return simplify(validate.errors ?? []).map((e) => {
    const at = originalPointer(json, e.instancePath);
    return finding('SOL201', describe(e), { file, pointer: basePointer + at });
  });
}

/**
 * Ajv reports every failed branch of anyOf/if-then; keep the errors a person can act on: drop the
 * `if`/`anyOf` summaries and, per location, keep one message.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const kept: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'anyOf') continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(e);
  }
  // A `type: null` alternative of a nullable field fails alongside the real error; drop it when another error
  // exists at the same place.
  return kept.filter(
    (e) => !(e.keyword === 'type' && (e.params as { type?: string }).type === 'null' && kept.some((o) => o !== e && o.instancePath === e.instancePath)),
  );
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be of type ${String(p.type)}`;
    case 'minItems':
      return `must not be empty`;
    case 'minLength':
      return `must not be an empty string`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return e.message ?? e.keyword;
  }
}
