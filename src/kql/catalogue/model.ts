// The function catalogue's data model. A function is described once, independent of any SQL
// engine: its name, its signatures (parameter types and result type) and how Kusto names a column
// computed by it. Each SQL dialect supplies its own translation table keyed by the same names
// (src/kql/dialects/<engine>/functions.ts); the compiler never branches on the engine.

import type { ScalarType } from '../semantic/types.js';

/** What a parameter accepts. `num` = any numeric type; `any` = any scalar type. */
export type ParamAtom = ScalarType | 'num' | 'any';

export interface ParamSpec {
  /** Accepted types (a union). */
  types: readonly ParamAtom[];
  /** May be omitted (only trailing parameters). */
  optional: boolean;
  /** Repeats: the parameter may occur any number of times (`*`) or at least once (`+`). */
  repeat: 'none' | 'zeroOrMore' | 'oneOrMore';
}

/**
 * Result type: a fixed type, the type of argument `n` (`$n`), the common supertype of the given
 * arguments (`$common(1,2)`; `$common` = all), or the numeric promotion of the arguments (`$num`).
 */
export type ResultSpec =
  | { kind: 'fixed'; type: ScalarType }
  | { kind: 'arg'; index: number }
  | { kind: 'common'; indexes: readonly number[] | 'all' }
  | { kind: 'numeric' };

export interface Signature {
  params: readonly ParamSpec[];
  result: ResultSpec;
  /** Source text of the signature, for messages. */
  text: string;
}

/**
 * How Kusto names a column produced by an unnamed call (S6). Mirrors the analyzer's behaviour:
 * `none` → `Column1`/`print_0`; `firstArg` → the first argument's name (`tostring(d.x)` → `d_x`);
 * `nameAndFirstArg` → `strlen_a`; `prefixAndFirstArg` → `<prefix>_<arg>` (`set_a`, `count_`).
 */
export type NamingRule =
  | { kind: 'none' }
  | { kind: 'firstArg' }
  | { kind: 'onlyArg' }
  | { kind: 'nameAndFirstArg' }
  | { kind: 'prefixAndFirstArg'; prefix: string; secondArg?: boolean }
  | { kind: 'firstArgValueIfColumn' };

export type FunctionKind = 'scalar' | 'aggregate' | 'window';

/**
 * One value of a function that returns several (series_fit_line, series_decompose_anomalies, …):
 * its type and the suffix of its default column name (`<function>_<first argument>_<suffix>`).
 */
export interface TupleOutput {
  suffix: string;
  type: ScalarType;
}

export interface FunctionDef {
  name: string;
  kind: FunctionKind;
  signatures: readonly Signature[];
  naming: NamingRule;
  /** Non-deterministic per row (`rand()`, `new_guid()`): never folded or de-duplicated. */
  volatile: boolean;
  /**
   * For aggregates: the value `summarize` without `by` yields on empty input (S5): `zero` for
   * count/sum-like aggregates, `emptyArray` for make_*; others give null.
   */
  emptyDefault?: 'zero' | 'emptyArray';
  /** Windowed functions need a serialized (ordered) input (`prev`, `next`, `row_number`, …). */
  needsSerialized?: boolean;
  /**
   * The function returns several values (a tuple): `extend (a, b) = f(…)` names them, `f(…)[i]`
   * picks one, and any other use takes the first. The dialect returns them as one dynamic array.
   */
  outputs?: readonly TupleOutput[];
  /**
   * The function returns one value per dynamic argument when given more than one (array_sort_asc
   * of several arrays), each named `<argument>_<suffix>` (`array<i>_<suffix>` when unnamed).
   */
  outputPerArray?: string;
}
