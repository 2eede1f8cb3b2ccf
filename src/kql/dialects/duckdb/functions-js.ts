// KQL functions implemented in JS (src/kql/runtime/series): each is a session function
// `kql_<name>` installed on every connection with the prelude (SqlJsFunction, dialect.ts), and a
// template that converts each argument to the parameter's type and spells an omitted optional
// argument as a typed NULL, so every JS function has a fixed arity and sees null for "default".

import type { SqlJsFunction, SqlJsValueType } from '../dialect.js';
import type { ScalarType } from '../../semantic/types.js';
import { numberLiteralOf, type Template } from './template.js';
import { SERIES_JS_FUNCTIONS, type JsFunction, type JsParamType, type JsResultType } from '../../runtime/series/index.js';

const SQL_TYPE: Record<JsParamType | JsResultType, SqlJsValueType> = {
  real: 'DOUBLE', long: 'BIGINT', string: 'VARCHAR', dynamic: 'JSON', bool: 'BOOLEAN',
};

const sqlName = (f: JsFunction) => `kql_${f.name}`;

function call(f: JsFunction): Template {
  return (args, c) => {
    const sql = f.params.map((p, i) => {
      const a = args[i];
      if (!a) return `CAST(NULL AS ${SQL_TYPE[p]})`;
      return c.convert(a.sql, a.type, p as ScalarType);
    });
    return `${sqlName(f)}(${sql.join(', ')})`;
  };
}

/**
 * One row's arguments as the implementation expects them (bigints as numbers, JSON text parsed,
 * the last parse of each argument reused when the text repeats), and the result as SQL wants it.
 */
function rowAdapter(f: JsFunction): (args: readonly unknown[]) => unknown {
  const lastText: (string | undefined)[] = [];
  const lastValue: unknown[] = [];
  return (args) => {
    const values = args.map((a, i) => {
      if (a === null || a === undefined) return null;
      switch (f.params[i]) {
        case 'long': return Number(a);
        case 'dynamic': {
          if (lastText[i] === a) return lastValue[i];
          let v: unknown = null;
          try { v = JSON.parse(a as string); } catch { v = a; }
          lastText[i] = a as string;
          lastValue[i] = v;
          return v;
        }
        default: return a;
      }
    });
    const r = f.fn(...values);
    if (r === undefined || r === null) return null;
    return f.result === 'dynamic' ? JSON.stringify(r) : r;
  };
}

function sessionFunction(f: JsFunction): SqlJsFunction {
  return Object.freeze({
    kind: 'function',
    name: sqlName(f),
    parameters: f.params.map((p) => SQL_TYPE[p]),
    returns: SQL_TYPE[f.result],
    row: rowAdapter(f),
    // NULL arguments stand for omitted ones: the implementation applies the defaults.
    nullArguments: true,
  });
}

export const JS_SESSION_FUNCTIONS: readonly SqlJsFunction[] = Object.freeze(SERIES_JS_FUNCTIONS.map(sessionFunction));

const byName = new Map(SERIES_JS_FUNCTIONS.map((f) => [f.name, f]));

export const JS_FUNCTION_TEMPLATES: Record<string, Template> = Object.fromEntries(SERIES_JS_FUNCTIONS.map((f) => [f.name, call(f)]));

// series_periods_validate(series, period1, period2, …): the periods travel as one dynamic array.
JS_FUNCTION_TEMPLATES.series_periods_validate = (args, c) =>
  `${sqlName(byName.get('series_periods_validate')!)}(${c.convert(args[0]!.sql, args[0]!.type, 'dynamic')}, to_json([${args.slice(1).map((a) => c.convert(a.sql, a.type, 'real')).join(', ')}]))`;

// series_outliers(series, kind, ignore_val, min_percentile, max_percentile): Kusto's score scale
// is known for the default percentile ranges only (runtime/series/decompose.ts).
const outliers = JS_FUNCTION_TEMPLATES.series_outliers!;
JS_FUNCTION_TEMPLATES.series_outliers = (args, c) => {
  const lo = args[3];
  const hi = args[4];
  if ((lo && numberLiteralOf(lo) !== 10) || (hi && numberLiteralOf(hi) !== 90)) {
    return c.fail('series_outliers with percentiles other than 10 and 90 (Kusto does not document how it scales their scores)');
  }
  return typeof outliers === 'function' ? outliers(args.slice(0, 3), c) : c.fail('internal: series_outliers');
};
