// Name and type rules shared by tables and DCRs. Sources: spec/azure-wire-contracts.md §7 and
// spec/ccf-solutions.md §2, §3, §7 ([doc] unless marked); the ARM Tables API path pattern
// `^[A-Za-z0-9-_]+$`, 4–63 characters, for table names.
import type { KqlType } from '../model.js';

export const MAX_COLUMNS = 500;
export const MAX_COLUMN_NAME = 45;

/** Reserved column names of Log Analytics tables ([doc]); compared case-insensitively. */
export const RESERVED_COLUMN_NAMES: readonly string[] = ['_ResourceId', 'id', '_SubscriptionId', 'TenantId', 'Type', 'UniqueId', 'Title'];

const TYPE_ALIASES: Readonly<Record<string, KqlType>> = {
  string: 'string', int: 'int', long: 'long', real: 'real', bool: 'bool', boolean: 'bool',
  datetime: 'datetime', timespan: 'timespan', dynamic: 'dynamic', guid: 'guid', decimal: 'decimal',
};

/** Table column type names: the ten KQL types, case-insensitive (ARM spells `dateTime`), `boolean` → `bool`. */
export function normaliseColumnType(t: unknown): KqlType | undefined {
  return typeof t === 'string' ? TYPE_ALIASES[t.toLowerCase()] : undefined;
}

/**
 * Stream declaration column types: the documented DCR list (`string int long real boolean datetime
 * dynamic`), plus `bool` spelt the KQL way. `guid`, `timespan` and `decimal` are not stream types in
 * Azure, so they are rejected here rather than accepted and guessed at.
 */
const STREAM_TYPES = new Set(['string', 'int', 'long', 'real', 'boolean', 'bool', 'datetime', 'dynamic']);

export function normaliseStreamType(t: unknown): KqlType | undefined {
  return typeof t === 'string' && STREAM_TYPES.has(t.toLowerCase()) ? TYPE_ALIASES[t.toLowerCase()] : undefined;
}

export function columnNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a column name cannot be empty';
  if (name.length > MAX_COLUMN_NAME) return `column name '${name}' is ${name.length} characters long; the limit is ${MAX_COLUMN_NAME}`;
  if (!/^[A-Za-z]/.test(name)) return `column name '${name}' must start with a letter`;
  if (!/^[A-Za-z0-9_]+$/.test(name)) return `column name '${name}' may contain only letters, digits and '_'`;
  return undefined;
}

export function isReservedColumnName(name: string): boolean {
  const l = name.toLowerCase();
  return RESERVED_COLUMN_NAMES.some((r) => r.toLowerCase() === l);
}

/**
 * Stream (input) column names are what senders put in their JSON. Azure documents no rule beyond
 * the JSON itself; Vigil asks for 1–128 characters without whitespace or control characters so that
 * a transform can always quote them [inf].
 */
export function streamColumnNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a column name cannot be empty';
  if (name.length > 128) return `stream column name '${name.slice(0, 20)}…' is longer than 128 characters`;
  if (/[\s\p{Cc}]/u.test(name)) return `stream column name '${name}' contains whitespace or control characters`;
  return undefined;
}

/** Longest custom table name Vigil's Tables API creates [inf: Azure publishes no limit for this API]. */
export const MAX_TABLE_NAME = 63;
/**
 * Longest classic table name: the HTTP Data Collector API creates `<Log-Type>_CL` for any Log-Type of up
 * to 100 characters [doc: "may not exceed 100 characters"], so such tables exist with names of 103.
 */
export const MAX_CLASSIC_TABLE_NAME = 103;

export function customTableNameProblem(name: string, maxLength = MAX_TABLE_NAME): string | undefined {
  if (name.startsWith('Custom-')) return `table name '${name}' must not start with 'Custom-' (that prefix belongs to stream names)`;
  if (!name.endsWith('_CL')) return `custom table name '${name}' must end with '_CL'`;
  if (name.length < 4 || name.length > maxLength) return `table name '${name}' must be 4 to ${maxLength} characters long`;
  if (!/^[A-Za-z]/.test(name)) return `table name '${name}' must start with a letter`;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return `table name '${name}' may contain only letters, digits, '_' and '-'`;
  return undefined;
}

/** DCR names: 1–64 characters, letters, digits, `.`, `_`, `-`, starting with a letter or digit, not ending in `.` [inf]. */
export function dcrNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 64) return `name '${name}' must be 1 to 64 characters long`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return `name '${name}' may contain only letters, digits, '.', '_' and '-' and must start with a letter or digit`;
  if (name.endsWith('.')) return `name '${name}' must not end with '.'`;
  return undefined;
}

/** Log Analytics workspace names: `^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$`, 4–63 characters ([doc], N15). */
export function workspaceNameProblem(name: string): string | undefined {
  if (name.length < 4 || name.length > 63 || !/^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$/.test(name)) {
    return `workspace name '${name}' must be 4 to 63 letters, digits or '-', starting and ending with a letter or digit`;
  }
  return undefined;
}
