// The columns Log Analytics adds to every table besides the user's schema, as Vigil models them.
// They are physical columns of the stored table filled at load time (storage `ColumnDefault`), so the
// ingestion hot path never carries them. Names follow the system columns listed for Sentinel tables
// in fixtures/schemas (TenantId, Type, _ResourceId, _SubscriptionId, _ItemId); `_TimeReceived` holds
// the ingestion time (what `ingestion_time()` returns). Billing columns (_BilledSize, _IsBillable) are not modelled.
import type { ColumnDefault, ColumnSpec } from '../storage/engine.js';
import type { TableDef, Workspace } from './model.js';

export interface StandardColumn extends ColumnSpec {
  description: string;
}

export const STANDARD_COLUMNS: readonly StandardColumn[] = [
  { name: 'TenantId', type: 'string', description: 'The workspace id (Log Analytics calls the workspace id TenantId in rows).' },
  { name: 'Type', type: 'string', description: 'The name of the table.' },
  { name: '_ResourceId', type: 'string', description: 'Resource the record is associated with; empty for Logs Ingestion API data.' },
  { name: '_SubscriptionId', type: 'string', description: 'Subscription of the workspace.' },
  { name: '_ItemId', type: 'string', description: 'A unique identifier of the record.' },
  { name: '_TimeReceived', type: 'datetime', description: 'When the record was stored by Vigil (ingestion time).' },
];

const STANDARD_NAMES = new Set(STANDARD_COLUMNS.map((c) => c.name.toLowerCase()));

export function isStandardColumnName(name: string): boolean {
  return STANDARD_NAMES.has(name.toLowerCase());
}

/** The physical columns of a table: the user's columns, then the standard ones. */
export function physicalColumns(table: Pick<TableDef, 'columns'>): ColumnSpec[] {
  const user = table.columns.map((c) => ({ name: c.name, type: c.type }));
  const taken = new Set(user.map((c) => c.name.toLowerCase()));
  return [...user, ...STANDARD_COLUMNS.filter((c) => !taken.has(c.name.toLowerCase())).map((c) => ({ name: c.name, type: c.type }))];
}

/** Load-time defaults of the standard columns for one table of one workspace. */
export function standardColumnDefaults(table: Pick<TableDef, 'name' | 'columns'>, ws: Pick<Workspace, 'id' | 'subscriptionId'>): Record<string, ColumnDefault> {
  const user = new Set(table.columns.map((c) => c.name.toLowerCase()));
  const all: Record<string, ColumnDefault> = {
    TenantId: { kind: 'constant', value: ws.id },
    Type: { kind: 'constant', value: table.name },
    _SubscriptionId: { kind: 'constant', value: ws.subscriptionId },
    _ItemId: { kind: 'uuid' },
    _TimeReceived: { kind: 'loadTime' },
  };
  for (const k of Object.keys(all)) if (user.has(k.toLowerCase())) delete all[k];
  // A row stored without TimeGenerated (a transform yielded null, a pass-through stream lacks it)
  // gets the ingestion time, the same instant as _TimeReceived: "If the data source doesn't set
  // this value, Azure Monitor Logs sets the value to the same time as _TimeReceived" (Azure
  // Monitor, "Log data ingestion time"). The pipeline counts such rows.
  if (table.columns.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime')) all.TimeGenerated = { kind: 'loadTime' };
  return all;
}
