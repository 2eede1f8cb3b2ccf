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
  /** The property names from the record's top level down to this value, as sent. */
  path: string[];
  value: LeafValue;
}

export interface Flattened {
  leaves: Leaf[];
  /** Property paths (dotted) that could not be named. */
  unnamed: string[];
}

/** Room for `_x`. */
const MAX_BASE = MAX_COLUMN_NAME - 2;

function cleanSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '');
}

/** The column base name for a property path, or '' when nothing usable is left. */
export function baseName(path: readonly string[]): string {
  let base = path.map(cleanSegment).filter((s) => s.length > 0).join('_');
  const first = base.search(/[A-Za-z]/);
  base = first < 0 ? '' : base.slice(first);
  return base.length > MAX_BASE ? base.slice(0, MAX_BASE) : base;
}

export function flattenRecord(record: Record<string, unknown>): Flattened {
  const out: Flattened = { leaves: [], unnamed: [] };
  walk(record, [], out);
  return out;
}

function walk(obj: Record<string, unknown>, prefix: string[], out: Flattened): void {
  for (const key in obj) {
    const v = obj[key];
    if (v === null || v === undefined) continue; // null: the property is omitted for that record [doc]
    const path = [...prefix, key];
    if (typeof v === 'object' && !Array.isArray(v)) {
      walk(v as Record<string, unknown>, path, out);
      continue;
    }
    const base = baseName(path);
    if (base.length === 0) {
      out.unnamed.push(path.join('.'));
      continue;
    }
    out.leaves.push({ base, path, value: v as LeafValue });
  }
}
