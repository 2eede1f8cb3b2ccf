// Per-table compatibility lists for classic (Data Collector API) tables.
//
// Two things about real classic tables are not documented and must not be guessed globally
// (spec/azure-wire-contracts.md §5.5):
// - their system columns beyond the workspace's standard ones: Sentinel's own validation schema
//   of darktrace_model_alerts_CL lists SourceSystem (= 'RestAPI'), MG, ManagementGroupName,
//   Computer and RawData (fixtures/schemas/darktrace_model_alerts_CL.json). TenantId, Type and
//   _ResourceId are the workspace's standard columns (src/workspace/standard-columns.ts).
// - "bare-name" columns: some columns of real tables have no suffix (SourceIP, Message, Category,
//   Severity in darktrace_model_alerts_CL) and analytic rules reference them bare.
//
// A profile says, for one table, which system columns it carries and which properties are stored
// under their own name. Every table gets the default system columns; bare names only come from a
// profile for that table (built in below, or given in the options).
import type { ColumnDef, KqlType } from '../../workspace/model.js';

export interface ClassicProfile {
  /** Columns every row of the table has besides TimeGenerated and the workspace standard columns. */
  systemColumns: readonly ColumnDef[];
  /** Properties stored under their own name, with the column's type. */
  bareColumns: readonly ColumnDef[];
}

export interface ClassicProfileInput {
  systemColumns?: readonly { name: string; type: KqlType; description?: string }[];
  bareColumns?: readonly { name: string; type: KqlType; description?: string }[];
}

/** SourceSystem's value for rows the Data Collector API stored (fixture: 'RestAPI'). */
export const SOURCE_SYSTEM_VALUE = 'RestAPI';

export const DEFAULT_SYSTEM_COLUMNS: readonly ColumnDef[] = [
  { name: 'SourceSystem', type: 'string', description: "The kind of agent that sent the record: 'RestAPI' for the HTTP Data Collector API." },
  { name: 'MG', type: 'string', description: 'Management group of the sending agent (empty for the HTTP Data Collector API).' },
  { name: 'ManagementGroupName', type: 'string', description: 'Management group name of the sending agent (empty for the HTTP Data Collector API).' },
  { name: 'Computer', type: 'string', description: 'Computer the record came from (empty for the HTTP Data Collector API).' },
  { name: 'RawData', type: 'string', description: 'Raw text of the record (empty for the HTTP Data Collector API).' },
];

/** Tables whose bare-name columns are known from a published schema. Keys are lower-case table names. */
export const BUILT_IN_PROFILES: Readonly<Record<string, ClassicProfileInput>> = {
  // fixtures/schemas/darktrace_model_alerts_CL.json: the four columns without a suffix.
  darktrace_model_alerts_cl: {
    bareColumns: [
      { name: 'SourceIP', type: 'string' },
      { name: 'Message', type: 'string' },
      { name: 'Category', type: 'string' },
      { name: 'Severity', type: 'real' },
    ],
  },
};

/** The profile of a table: built-in or configured entries for it, over the defaults. */
export function profileFor(table: string, configured: Readonly<Record<string, ClassicProfileInput>> = {}): ClassicProfile {
  const key = table.toLowerCase();
  const own = Object.entries(configured).find(([k]) => k.toLowerCase() === key)?.[1] ?? BUILT_IN_PROFILES[key] ?? {};
  return {
    systemColumns: own.systemColumns ?? DEFAULT_SYSTEM_COLUMNS,
    bareColumns: own.bareColumns ?? [],
  };
}
