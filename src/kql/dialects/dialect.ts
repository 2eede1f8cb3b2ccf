// The contract between the engine-independent front end (binder, planner) and a SQL dialect.
// A dialect is one printer of the IR plus its tables (conversions, operators, functions); the
// compiler never branches on which dialect it talks to.

import type { IrQuery } from '../plan/ir.js';
import type { BTabular } from '../semantic/bound.js';
import type { IrNode } from '../plan/ir.js';

export interface PrintOptions {
  /** `now()` for the whole query, as 100 ns ticks since the Unix epoch (S9: fixed per query). */
  now: bigint;
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
  /** A query returning one column: the distinct property names of `column` over `input`'s rows. */
  printKeysProbe(input: IrNode, column: string, options: PrintOptions): string;
  /** Whether the dialect can print a call of this function (for compile-time "not supported"). */
  supportsFunction(name: string): boolean;
}

/** Thrown by a printer for a construct it cannot translate; carries the source span if known. */
export class DialectError extends Error {
  constructor(message: string, readonly start?: number, readonly end?: number) {
    super(message);
  }
}
