// The bridge from a KQL function implemented in JS (src/kql/runtime) to a DuckDB session function
// `kql_<name>`: the SQL types of its fixed-arity signature, and the per-row adapter that turns
// DuckDB's values into what the implementation takes and its result back into what SQL stores.
// Shared by the geo_* functions and the other JS-implemented functions.

import type { SqlJsFunction, SqlJsValueType } from '../dialect.js';

export type JsValueType = 'real' | 'long' | 'int' | 'string' | 'dynamic' | 'bool';

const SQL_TYPE: Record<JsValueType, SqlJsValueType> = {
  real: 'DOUBLE', long: 'BIGINT', int: 'INTEGER', string: 'VARCHAR', dynamic: 'JSON', bool: 'BOOLEAN',
};

export interface JsSessionSpec {
  name: string;
  params: readonly JsValueType[];
  result: JsValueType;
  fn: (...args: never[]) => unknown;
}

export interface AdapterRules {
  /** What a `dynamic` argument that is not JSON becomes: null, or its text as it came. */
  badJson: 'null' | 'text';
  /** KQL strings are never null: a string result that is not a string becomes "". */
  stringsNeverNull: boolean;
}

export const jsSqlName = (f: { name: string }): string => `kql_${f.name}`;
export const jsSqlType = (t: JsValueType): SqlJsValueType => SQL_TYPE[t];

/**
 * One row's arguments as the implementation expects them (bigints as numbers, JSON text parsed),
 * the last parse of each argument reused while its text repeats — a constant shape compared with
 * every row is parsed once per chunk rather than once per row.
 */
function rowAdapter(f: JsSessionSpec, rules: AdapterRules): (args: readonly unknown[]) => unknown {
  const lastText: (string | undefined)[] = [];
  const lastValue: unknown[] = [];
  const fn = f.fn as (...args: unknown[]) => unknown;
  return (args) => {
    const values = args.map((a, i) => {
      if (a === null || a === undefined) return null;
      switch (f.params[i]) {
        case 'long': return Number(a);
        case 'dynamic': {
          if (lastText[i] === a) return lastValue[i];
          let v: unknown;
          try { v = JSON.parse(a as string); } catch { v = rules.badJson === 'text' ? a : null; }
          lastText[i] = a as string;
          lastValue[i] = v;
          return v;
        }
        default: return a;
      }
    });
    const r = fn(...values);
    if (f.result === 'string' && rules.stringsNeverNull) return typeof r === 'string' ? r : '';
    if (r === undefined || r === null) return null;
    return f.result === 'dynamic' ? JSON.stringify(r) : r;
  };
}

/**
 * The session function for `f`. NULL arguments reach the implementation, which judges them (an
 * omitted optional argument is passed as NULL, or as its default, by the calling template).
 */
export function jsSessionFunction(f: JsSessionSpec, rules: AdapterRules): SqlJsFunction {
  return Object.freeze({
    kind: 'function',
    name: jsSqlName(f),
    parameters: f.params.map(jsSqlType),
    returns: jsSqlType(f.result),
    row: rowAdapter(f, rules),
    nullArguments: true,
  });
}
