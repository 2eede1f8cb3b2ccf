// The contract between the engine-independent front end (binder, planner) and a SQL dialect.
// A dialect is one printer of the IR plus its tables (conversions, operators, functions); the
// compiler never branches on which dialect it talks to.

import type { IrQuery } from '../plan/ir.js';
import type { BTabular } from '../semantic/bound.js';
import type { IrNode } from '../plan/ir.js';

/**
 * Rows every table scan is limited to, as the Log Analytics query API limits each table a query
 * reads to the request's `timespan` (and a resource-scoped query to its resource). A table that
 * lacks the named column (or has it with another type) is read whole.
 */
export interface ScanScope {
  /** Inclusive bounds on a datetime column, 100 ns ticks since the Unix epoch; either may be open. */
  time?: { column: string; start?: bigint; end?: bigint };
  /** Case-insensitive equality of a string column with a value (resource-centric queries). */
  resource?: { column: string; value: string };
}

export interface PrintOptions {
  /** `now()` for the whole query, as 100 ns ticks since the Unix epoch (S9: fixed per query). */
  now: bigint;
  /** Filters applied to every table scan (see ScanScope). */
  scanScope?: ScanScope;
  /** Values of query parameters by name (typed as declared). */
  parameters?: Record<string, unknown>;
  /** Plans a nested tabular expression (toscalar, `in (T)`) with the same planner. */
  planSubquery: (b: BTabular) => IrNode;
}

export interface SqlDialect {
  readonly name: string;
  /**
   * Statements the engine runs once per connection before running compiled queries (helper
   * macros the printed SQL calls). Idempotent.
   */
  readonly prelude: readonly string[];
  print(q: IrQuery, options: PrintOptions): string;
  /**
   * A query returning one text column: the distinct property names (`keys`) or the distinct values
   * as text (`values`) of `column` over `input`'s rows.
   */
  printKeysProbe(input: IrNode, column: string, kind: 'keys' | 'values', options: PrintOptions): string;
  /** Whether the dialect can print a call of this function (for compile-time "not supported"). */
  supportsFunction(name: string): boolean;
  /**
   * Scalar functions implemented in JS that the printed SQL may call: the engine installs them on
   * each connection, like the prelude (see `sessionSetupOf`).
   */
  readonly functions?: readonly SqlJsFunction[];
}

export type SqlJsValueType = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'JSON';

/**
 * A JS scalar function as data, for engines to install under `name`. Structurally the storage
 * engine's `SessionFunction` (src/storage/engine.ts), which documents how values are passed.
 */
export interface SqlJsFunction {
  readonly kind: 'function';
  readonly name: string;
  readonly parameters: readonly SqlJsValueType[];
  readonly returns: SqlJsValueType;
  readonly row?: (args: readonly unknown[]) => unknown;
  readonly batch?: (columns: readonly (readonly unknown[])[], rowCount: number) => readonly unknown[];
  readonly nullArguments?: boolean;
  readonly volatile?: boolean;
}

const setups = new WeakMap<SqlDialect, readonly (string | SqlJsFunction)[]>();

/**
 * Everything a connection needs before it runs the dialect's SQL — the prelude statements, then the
 * JS functions — as one frozen list that is the same object on every call (engines remember the
 * setup they ran by identity).
 */
export function sessionSetupOf(d: SqlDialect): readonly (string | SqlJsFunction)[] {
  let s = setups.get(d);
  if (!s) setups.set(d, (s = Object.freeze([...d.prelude, ...(d.functions ?? [])])));
  return s;
}

/** Thrown by a printer for a construct it cannot translate; carries the source span if known. */
export class DialectError extends Error {
  constructor(message: string, readonly start?: number, readonly end?: number) {
    super(message);
  }
}
