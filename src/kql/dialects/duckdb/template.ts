// Template machinery shared by the DuckDB operator and function tables.

import type { BExpr, ScalarValue } from '../../semantic/bound.js';
import type { ScalarType } from '../../semantic/types.js';

export interface Arg {
  sql: string;
  type: ScalarType;
  expr: BExpr;
  /** The constant value when the argument is a literal. */
  literal?: { value: ScalarValue };
}

export interface EmitContext {
  convert(sql: string, from: ScalarType, to: ScalarType): string;
  /** `now()` as SQL. */
  now: string;
  fail(message: string): never;
  /** Result type of the call being printed. */
  resultType: ScalarType;
  /** The `OVER (...)` clause for window functions (the row order of the serialized input). */
  window?: string;
  /** The expression is (a conjunct/disjunct of) a filter predicate: null and false are alike. */
  predicate?: boolean;
}

export type Emitter = (args: Arg[], ctx: EmitContext) => string;

/** A template: text with `{0}`, `{1}`, … and `{*}` (all arguments, comma-separated), or an emitter. */
export type Template = string | Emitter;

export function expand(t: Template, args: Arg[], ctx: EmitContext): string {
  if (typeof t === 'function') return t(args, ctx);
  return t
    .replace(/\{\*\}/g, args.map((a) => a.sql).join(', '))
    .replace(/\{(\d+)\}/g, (_m, i: string) => {
      const a = args[Number(i)];
      if (!a) return ctx.fail(`missing argument ${Number(i) + 1}`);
      return a.sql;
    });
}

/** A template per argument count (`{2: '…', 3: '…'}`). */
export function byArity(table: Record<number, Template>): Emitter {
  return (args, ctx) => {
    const t = table[args.length];
    if (t === undefined) return ctx.fail(`no form with ${args.length} arguments`);
    return expand(t, args, ctx);
  };
}

export function stringLiteralOf(a: Arg | undefined): string | undefined {
  return a?.literal && typeof a.literal.value === 'string' ? a.literal.value : undefined;
}

export function numberLiteralOf(a: Arg | undefined): number | undefined {
  const v = a?.literal?.value;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  return undefined;
}
