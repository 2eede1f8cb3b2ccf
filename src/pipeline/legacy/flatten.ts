// A Data Collector record → its leaves: one (column base name, value) per scalar or array.
//
// Nested objects are flattened, the property names joined with `_`: `{"abx_metadata":{"event_type":
// "x"}}` becomes `abx_metadata_event_type_s`. Azure does not document it; the evidence is the
// AbnormalSecurity DCR in the fixtures, written to rebuild the columns its old Data Collector
// connector produced (`abx_metadata_event_type_s = tostring(abx_metadata.event_type)`, four levels
// deep in `abx_body_abx_body_sender_auth_results_spf_s`), with arrays kept whole as `_s` text
// (`abx_body_abx_body_to_addresses_s`) [inf].
//
// Column names allow letters, digits and `_`, start with a letter and have at most 45 characters
// (§5.4, §7 [doc]). Other characters are removed and leading non-letters dropped, so Fluent Bit's
// `@timestamp` lands in `timestamp_t` [inf]; a longer name is cut to leave room for the suffix
// [inf]. A property whose name has nothing left is not stored (counted as dropped).
import { MAX_COLUMN_NAME } from '../../workspace/validation/names.js';
import type { LeafValue } from './classify.js';

export interface Leaf {
  /** The column name without its suffix. */
  base: string;
  /** The property names above this value (shared between siblings; empty at the top level). */
  parents: readonly string[];
  /** The property name of this value, as sent. */
  key: string;
  value: LeafValue;
}

export interface Flattened {
  leaves: Leaf[];
  /** Property paths (dotted) that could not be named. */
  unnamed: string[];
}

/** The property path of a leaf, from the record's top level. */
export function leafPath(leaf: Leaf): string[] {
  return [...leaf.parents, leaf.key];
}

/** Room for `_x`. */
const MAX_BASE = MAX_COLUMN_NAME - 2;
const PLAIN = /^[A-Za-z][A-Za-z0-9_]*$/;
const NO_PARENTS: readonly string[] = [];

/** The column base name for a property path, or '' when nothing usable is left. */
export function baseName(path: readonly string[]): string {
  let base = path.map((s) => s.replace(/[^A-Za-z0-9_]/g, '')).filter((s) => s.length > 0).join('_');
  const first = base.search(/[A-Za-z]/);
  base = first < 0 ? '' : base.slice(first);
  return base.length > MAX_BASE ? base.slice(0, MAX_BASE) : base;
}

// Records of one sender repeat the same property names: the base name of a top-level property is
// computed once. Bounded, so a sender inventing names cannot grow it without limit.
const TOP_LEVEL = new Map<string, string>();
const TOP_LEVEL_LIMIT = 10_000;

function topLevelBase(key: string): string {
  let b = TOP_LEVEL.get(key);
  if (b === undefined) {
    b = key.length <= MAX_BASE && PLAIN.test(key) ? key : baseName([key]);
    if (TOP_LEVEL.size >= TOP_LEVEL_LIMIT) TOP_LEVEL.clear();
    TOP_LEVEL.set(key, b);
  }
  return b;
}

const NESTED = new Map<string, string>();

function nestedBase(parents: readonly string[], key: string): string {
  const k = parents.join('\u0001') + '\u0001' + key;
  let b = NESTED.get(k);
  if (b === undefined) {
    b = baseName([...parents, key]);
    if (NESTED.size >= TOP_LEVEL_LIMIT) NESTED.clear();
    NESTED.set(k, b);
  }
  return b;
}

export function flattenRecord(record: Record<string, unknown>): Flattened {
  const out: Flattened = { leaves: [], unnamed: [] };
  for (const key in record) {
    const v = record[key];
    if (v === null || v === undefined) continue; // null: the property is omitted for that record [doc]
    if (typeof v === 'object' && !Array.isArray(v)) {
      walk(v as Record<string, unknown>, [key], out);
      continue;
    }
    const base = topLevelBase(key);
    if (base.length === 0) out.unnamed.push(key);
    else out.leaves.push({ base, parents: NO_PARENTS, key, value: v as LeafValue });
  }
  return out;
}

function walk(obj: Record<string, unknown>, parents: string[], out: Flattened): void {
  for (const key in obj) {
    const v = obj[key];
    if (v === null || v === undefined) continue;
    if (typeof v === 'object' && !Array.isArray(v)) {
      walk(v as Record<string, unknown>, [...parents, key], out);
      continue;
    }
    const base = nestedBase(parents, key);
    if (base.length === 0) out.unnamed.push([...parents, key].join('.'));
    else out.leaves.push({ base, parents, key, value: v as LeafValue });
  }
}
