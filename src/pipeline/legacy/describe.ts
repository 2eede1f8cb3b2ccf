// What a classic table "is" in Data Collector terms: for each column, whether it is TimeGenerated, a
// system column, the overflow bag, or the column of a property — and then which property path it
// holds. The migration to a DCR-based table (src/solutions/migrate) is generated from this.
//
// A column the collector created knows its property path (recorded when it was added). For any
// other column the name tells: a profile's bare column holds the property of the same name, and
// `<p>_<s|d|b|t|g>` holds property `p` (the Darktrace schema's columns, for example).
import type { ColumnDef, KqlType, TableDef } from '../../workspace/model.js';
import { isStandardColumnName } from '../../workspace/standard-columns.js';
import { splitSuffixed } from './classify.js';
import type { CollectorTableDoc } from './legacy-ingest.js';
import { ADDITIONAL_FIELDS, TIME_GENERATED } from './plan-rows.js';
import type { ClassicProfile } from './profiles.js';

export type LegacyColumnRole = 'time' | 'system' | 'overflow' | 'property';

export interface LegacyColumn {
  name: string;
  type: KqlType;
  description?: string;
  role: LegacyColumnRole;
  /** For `property` columns: the property path, from the record's top level. */
  source?: string[];
}

export interface LegacyTableDescription {
  table: string;
  columns: LegacyColumn[];
}

export function describeLegacyTable(def: Pick<TableDef, 'name' | 'columns'>, profile: ClassicProfile, doc?: CollectorTableDoc): LegacyTableDescription {
  const system = new Set(profile.systemColumns.map((c) => c.name.toLowerCase()));
  const bare = new Set(profile.bareColumns.map((c) => c.name.toLowerCase()));
  const columns = def.columns.map((c: ColumnDef): LegacyColumn => {
    const base: LegacyColumn = { name: c.name, type: c.type, role: 'property' };
    if (c.description) base.description = c.description;
    if (c.name === TIME_GENERATED) return { ...base, role: 'time' };
    if (system.has(c.name.toLowerCase()) || isStandardColumnName(c.name)) return { ...base, role: 'system' };
    if (c.name === ADDITIONAL_FIELDS && c.type === 'dynamic') return { ...base, role: 'overflow' };
    const recorded = doc?.sources[c.name];
    if (recorded) return { ...base, source: recorded };
    if (bare.has(c.name.toLowerCase())) return { ...base, source: [c.name] };
    const s = splitSuffixed(c.name);
    // A column that is neither: it holds a property of its own name (as a bare column does).
    return { ...base, source: [s ? s.base : c.name] };
  });
  return { table: def.name, columns };
}
