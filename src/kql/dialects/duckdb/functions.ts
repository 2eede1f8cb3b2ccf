// Scalar and window functions in DuckDB SQL, keyed by the catalogue's function names.
// A function of the catalogue without an entry here is rejected as "not available in the duckdb
// dialect" at compile time.

import type { ScalarType } from '../../semantic/types.js';
import { quoteString } from './types.js';
import { byArity, expand, numberLiteralOf, stringLiteralOf, type Arg, type EmitContext, type Template } from './template.js';
import { DATETIME_FUNCTIONS } from './functions-datetime.js';
import { DYNAMIC_FUNCTIONS } from './functions-dynamic.js';
import { STRING_FUNCTIONS } from './functions-string.js';
import { MATH_FUNCTIONS } from './functions-math.js';
import { IP_FUNCTIONS, IPV6_FUNCTIONS } from './functions-ip.js';
import { SERIES_FUNCTIONS } from './functions-series.js';
import { UNIT_FUNCTIONS } from './functions-units.js';
import { MISC_FUNCTIONS } from './functions-misc.js';
import { GEO_SQL_FUNCTIONS } from './functions-geo.js';
import { JS_FUNCTION_TEMPLATES } from './functions-js.js';

const conv = (to: ScalarType): Template => ([a], c) => c.convert(a!.sql, a!.type, to);

/** `to_json`-compatible SQL of any argument (JSON values pass through). */
export function asJson(a: Arg, c: EmitContext): string {
  return a.type === 'dynamic' ? a.sql : c.convert(a.sql, a.type, 'dynamic');
}

const GENERAL: Record<string, Template> = {
  tostring: conv('string'),
  toint: conv('int'),
  tolong: conv('long'),
  todouble: conv('real'),
  toreal: conv('real'),
  todecimal: conv('decimal'),
  tobool: conv('bool'),
  toboolean: conv('bool'),
  todatetime: conv('datetime'),
  totimespan: conv('timespan'),
  totime: conv('timespan'),
  toguid: conv('guid'),
  todynamic: ([a], c) => (a!.type === 'string' ? `kql_parse_json(${a!.sql})` : asJson(a!, c)),
  toobject: ([a], c) => (a!.type === 'string' ? `kql_parse_json(${a!.sql})` : asJson(a!, c)),
  parse_json: ([a], c) => (a!.type === 'string' ? `kql_parse_json(${a!.sql})` : asJson(a!, c)),
  parsejson: ([a], c) => (a!.type === 'string' ? `kql_parse_json(${a!.sql})` : asJson(a!, c)),
  isnull: ([a]) => (a!.type === 'string' ? 'FALSE' : `(${a!.sql} IS NULL)`),
  isnotnull: ([a]) => (a!.type === 'string' ? 'TRUE' : `(${a!.sql} IS NOT NULL)`),
  isempty: ([a]) => (a!.type === 'string' ? `(${a!.sql} = '')` : a!.type === 'dynamic' ? `(kql_dyn_str(${a!.sql}) = '')` : `(${a!.sql} IS NULL)`),
  isnotempty: ([a]) => (a!.type === 'string' ? `(${a!.sql} <> '')` : a!.type === 'dynamic' ? `(kql_dyn_str(${a!.sql}) <> '')` : `(${a!.sql} IS NOT NULL)`),
  not: '(NOT {0})',
  coalesce: (args, c) => (c.resultType === 'string'
    ? `COALESCE(${args.map((a) => `NULLIF(${a.sql}, '')`).join(', ')}, '')`
    : `COALESCE(${args.map((a) => a.sql).join(', ')})`),
  max_of: (args) => `greatest(${args.map((a) => a.sql).join(', ')})`,
  min_of: (args) => `least(${args.map((a) => a.sql).join(', ')})`,
  gettype: ([a]) => {
    const fixed: Partial<Record<ScalarType, string>> = {
      bool: 'bool', int: 'int', long: 'long', real: 'real', decimal: 'decimal', string: 'string',
      datetime: 'datetime', timespan: 'timespan', guid: 'guid',
    };
    if (a!.type !== 'dynamic') return quoteString(fixed[a!.type]!);
    return `CASE json_type(${a!.sql}) WHEN 'ARRAY' THEN 'array' WHEN 'OBJECT' THEN 'dictionary' WHEN 'VARCHAR' THEN 'string'
      WHEN 'BIGINT' THEN 'long' WHEN 'UBIGINT' THEN 'long' WHEN 'DOUBLE' THEN 'real' WHEN 'BOOLEAN' THEN 'bool' ELSE 'null' END`;
  },
  new_guid: 'uuid()',
  hash_sha256: ([a], c) => `sha256(${c.convert(a!.sql, a!.type, 'string')})`,
  hash_md5: ([a], c) => `md5(${c.convert(a!.sql, a!.type, 'string')})`,
  hash_sha1: ([a], c) => `sha1(${c.convert(a!.sql, a!.type, 'string')})`,

  // window functions (OVER clause supplied by the printer)
  row_number: byArity({
    0: (_a, c) => `row_number() ${c.window}`,
    1: ([s], c) => `(row_number() ${c.window} + ${s!.sql} - 1)`,
  }),
  prev: (args, c) => `lag(${args.map((a) => a.sql).join(', ')}) ${c.window}`,
  next: (args, c) => `lead(${args.map((a) => a.sql).join(', ')}) ${c.window}`,
  row_cumsum: byArity({
    1: ([a], c) => `${a!.type === 'real' ? '' : 'CAST('}sum(${a!.sql}) ${windowRows(c)}${a!.type === 'real' ? '' : ' AS BIGINT)'}`,
  }),
};

function windowRows(c: EmitContext): string {
  const w = c.window ?? 'OVER ()';
  return w.replace(/\)\s*$/, ' ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)');
}

export const FUNCTIONS: Record<string, Template> = {
  ...GENERAL,
  ...STRING_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...DYNAMIC_FUNCTIONS,
  ...IP_FUNCTIONS,
  ...IPV6_FUNCTIONS,
  ...SERIES_FUNCTIONS,
  ...UNIT_FUNCTIONS,
  ...MISC_FUNCTIONS,
  ...GEO_SQL_FUNCTIONS,
  ...JS_FUNCTION_TEMPLATES,
};

export { expand, stringLiteralOf, numberLiteralOf };
