// KQL operators in DuckDB SQL. String operators follow S2 (case rules) and S3 (`has` = whole terms);
// arithmetic follows S8 (integer division truncates, modulo is never negative); datetime and
// timespan arithmetic works on TIMESTAMP (µs) and BIGINT ticks (100 ns).

import type { ScalarType } from '../../semantic/types.js';
import { quoteString } from './types.js';
import { stringLiteralOf, type Arg, type EmitContext, type Template } from './template.js';

function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Regex (RE2) that finds `needle` as whole term(s) at term boundaries. */
export function termRegex(needle: string, mode: 'has' | 'prefix' | 'suffix'): string {
  const alnumStart = /^[A-Za-z0-9]/.test(needle);
  const alnumEnd = /[A-Za-z0-9]$/.test(needle);
  const left = alnumStart && mode !== 'suffix' ? '(?:^|[^[:alnum:]])' : '';
  const right = alnumEnd && mode !== 'prefix' ? '(?:$|[^[:alnum:]])' : '';
  return `${left}${regexEscape(needle)}${right}`;
}

function hasOp(a: Arg, b: Arg, cs: boolean, mode: 'has' | 'prefix' | 'suffix'): string {
  const lit = stringLiteralOf(b);
  const flag = cs ? '' : '(?i)';
  if (lit !== undefined) {
    if (lit === '') return 'TRUE';
    // A substring test first (cheap, measured ~3× faster than ILIKE in DuckDB), then the term regex.
    const pre = cs ? `contains(${a.sql}, ${quoteString(lit)})` : `contains(lower(${a.sql}), ${quoteString(lit.toLowerCase())})`;
    return `(${pre} AND regexp_matches(${a.sql}, ${quoteString(flag + termRegex(lit, mode))}))`;
  }
  const core = mode === 'has' ? `kql_term_regex(${b.sql})` : mode === 'prefix'
    ? `(CASE WHEN regexp_matches(${b.sql}, '^[[:alnum:]]') THEN '(?:^|[^[:alnum:]])' ELSE '' END) || regexp_escape(${b.sql})`
    : `regexp_escape(${b.sql}) || (CASE WHEN regexp_matches(${b.sql}, '[[:alnum:]]$') THEN '(?:$|[^[:alnum:]])' ELSE '' END)`;
  return `regexp_matches(${a.sql}, '${flag}' || ${core})`;
}

/** Case-insensitive form of a string predicate: both sides lower-cased (a constant at compile time). */
function ci(op: (a: string, b: string) => string): (args: Arg[]) => string {
  return ([a, b]) => {
    const lit = stringLiteralOf(b!);
    if (lit !== undefined) return op(`lower(${a!.sql})`, quoteString(lit.toLowerCase()));
    return op(`lower(${a!.sql})`, `lower(${b!.sql})`);
  };
}

const not = (t: (args: Arg[], c: EmitContext) => string) => (args: Arg[], c: EmitContext) => `(NOT ${t(args, c)})`;

const contains = ci((a, b) => `contains(${a}, ${b})`);
const startswith = ci((a, b) => `starts_with(${a}, ${b})`);
const endswith = ci((a, b) => `suffix(${a}, ${b})`);
const containsCs = ([a, b]: Arg[]) => `contains(${a!.sql}, ${b!.sql})`;
const startswithCs = ([a, b]: Arg[]) => `starts_with(${a!.sql}, ${b!.sql})`;
const endswithCs = ([a, b]: Arg[]) => `suffix(${a!.sql}, ${b!.sql})`;
const has = (cs: boolean, mode: 'has' | 'prefix' | 'suffix') => ([a, b]: Arg[]) => hasOp(a!, b!, cs, mode);
const eqCi = ([a, b]: Arg[]) => {
  const lit = stringLiteralOf(b!);
  return lit !== undefined ? `(lower(${a!.sql}) = ${quoteString(lit.toLowerCase())})` : `(lower(${a!.sql}) = lower(${b!.sql}))`;
};

function isInt(t: ScalarType): boolean {
  return t === 'int' || t === 'long';
}

function arith(op: string): (args: Arg[], c: EmitContext) => string {
  return ([a, b], c) => {
    const l = a!;
    const r = b!;
    const lt = l.type;
    const rt = r.type;
    const res = c.resultType;
    if (lt === 'datetime' || rt === 'datetime' || lt === 'timespan' || rt === 'timespan') return temporal(op, l, r, res, c);
    if (op === '/' && isInt(lt) && isInt(rt)) return `(${l.sql} // ${r.sql})`;
    if (op === '%') return isInt(lt) && isInt(rt) ? `kql_mod(${l.sql}, ${r.sql})` : `kql_mod(CAST(${l.sql} AS DOUBLE), CAST(${r.sql} AS DOUBLE))`;
    if (op === '/' && (res === 'real')) return `(CAST(${l.sql} AS DOUBLE) / ${r.sql})`;
    const sql = `(${l.sql} ${op} ${r.sql})`;
    return res === 'long' && (lt === 'int' || rt === 'int') ? `CAST(${sql} AS BIGINT)` : sql;
  };
}

/** Arithmetic involving datetime (TIMESTAMP, µs) and timespan (BIGINT ticks). */
function temporal(op: string, l: Arg, r: Arg, res: ScalarType, c: EmitContext): string {
  const dt = (a: Arg) => `epoch_us(${a.sql})`; // µs
  const k = `${l.type}${op}${r.type}`;
  switch (k) {
    case 'datetime-datetime': return `((${dt(l)} - ${dt(r)}) * 10)`;
    case 'datetime+datetime': return `make_timestamp(${dt(l)} + ${dt(r)})`;
    case 'datetime+timespan': return `make_timestamp(${dt(l)} + (${r.sql}) // 10)`;
    case 'timespan+datetime': return `make_timestamp(${dt(r)} + (${l.sql}) // 10)`;
    case 'datetime-timespan': return `make_timestamp(${dt(l)} - (${r.sql}) // 10)`;
    case 'timespan+timespan': return `(${l.sql} + ${r.sql})`;
    case 'timespan-timespan': return `(${l.sql} - ${r.sql})`;
    case 'timespan/timespan': return `(CAST(${l.sql} AS DOUBLE) / ${r.sql})`;
    case 'timespan%timespan': return `kql_mod(${l.sql}, ${r.sql})`;
    default: break;
  }
  if (l.type === 'timespan' && res === 'timespan') {
    if (op === '*') return `CAST(round(${l.sql} * ${r.sql}) AS BIGINT)`;
    if (op === '/') return isInt(r.type) ? `(${l.sql} // ${r.sql})` : `CAST(trunc(${l.sql} / ${r.sql}) AS BIGINT)`;
    if (op === '%') return `kql_mod(${l.sql}, CAST(${r.sql} AS BIGINT))`;
  }
  if (r.type === 'timespan' && res === 'timespan' && op === '*') return `CAST(round(${l.sql} * ${r.sql}) AS BIGINT)`;
  if (l.type === 'datetime' && r.type === 'timespan' && op === '%') return `kql_mod(${dt(l)} * 10, ${r.sql})`;
  if (l.type === 'datetime' && r.type === 'timespan' && op === '/') return `(CAST(${dt(l)} AS DOUBLE) * 10 / ${r.sql})`;
  return c.fail(`the operation ${l.type} ${op} ${r.type} is not supported`);
}

// S4: `null == x` is false and `null != x` is true; `null == null` and `null != null` are null.
// Strings are never null, so they compare plainly; in a filter null and false drop the row alike.
function bothNull(a: Arg, b: Arg): string {
  return `${a.sql} IS NULL AND ${b.sql} IS NULL`;
}
function nonNullLiteral(a: Arg): boolean {
  return a.literal !== undefined && a.literal.value !== null;
}
function eq([a, b]: Arg[], c: EmitContext): string {
  if (a!.type === 'string' || c.predicate) return `(${a!.sql} = ${b!.sql})`;
  if (nonNullLiteral(a!) || nonNullLiteral(b!)) return `COALESCE(${a!.sql} = ${b!.sql}, FALSE)`;
  return `(CASE WHEN ${bothNull(a!, b!)} THEN NULL ELSE COALESCE(${a!.sql} = ${b!.sql}, FALSE) END)`;
}
function neq([a, b]: Arg[], c: EmitContext): string {
  if (a!.type === 'string') return `(${a!.sql} <> ${b!.sql})`;
  if (c.predicate || nonNullLiteral(a!) || nonNullLiteral(b!)) return `(${a!.sql} IS DISTINCT FROM ${b!.sql})`;
  return `(CASE WHEN ${bothNull(a!, b!)} THEN NULL ELSE ${a!.sql} IS DISTINCT FROM ${b!.sql} END)`;
}

function cmp(op: string) {
  return ([a, b]: Arg[]) => `(${a!.sql} ${op} ${b!.sql})`;
}

export const OPERATORS: Record<string, Template> = {
  '+': arith('+'),
  '-': arith('-'),
  '*': arith('*'),
  '/': arith('/'),
  '%': arith('%'),
  neg: ([a]) => `(- ${a!.sql})`,
  isnotnull: ([a]) => `(${a!.sql} IS NOT NULL)`,
  and: ([a, b]) => `(${a!.sql} AND ${b!.sql})`,
  or: ([a, b]) => `(${a!.sql} OR ${b!.sql})`,
  '==': eq,
  '!=': neq,
  '<': cmp('<'),
  '<=': cmp('<='),
  '>': cmp('>'),
  '>=': cmp('>='),
  '=~': eqCi,
  '!~': not(eqCi),
  contains, '!contains': not(contains),
  contains_cs: containsCs, '!contains_cs': not(containsCs),
  startswith, '!startswith': not(startswith),
  startswith_cs: startswithCs, '!startswith_cs': not(startswithCs),
  endswith, '!endswith': not(endswith),
  endswith_cs: endswithCs, '!endswith_cs': not(endswithCs),
  has: has(false, 'has'), '!has': not(has(false, 'has')),
  has_cs: has(true, 'has'), '!has_cs': not(has(true, 'has')),
  hasprefix: has(false, 'prefix'), '!hasprefix': not(has(false, 'prefix')),
  hasprefix_cs: has(true, 'prefix'), '!hasprefix_cs': not(has(true, 'prefix')),
  hassuffix: has(false, 'suffix'), '!hassuffix': not(has(false, 'suffix')),
  hassuffix_cs: has(true, 'suffix'), '!hassuffix_cs': not(has(true, 'suffix')),
  like: ([a, b]) => `(${a!.sql} ILIKE ${b!.sql})`,
  notlike: ([a, b]) => `(NOT (${a!.sql} ILIKE ${b!.sql}))`,
  likecs: ([a, b]) => `(${a!.sql} LIKE ${b!.sql})`,
  notlikecs: ([a, b]) => `(NOT (${a!.sql} LIKE ${b!.sql}))`,
  'matches regex': ([a, b]) => `regexp_matches(${a!.sql}, ${b!.sql})`,
  between: ([a, lo, hi]) => `(${a!.sql} BETWEEN ${lo!.sql} AND ${hi!.sql})`,
  '!between': ([a, lo, hi]) => `(NOT (${a!.sql} BETWEEN ${lo!.sql} AND ${hi!.sql}))`,
  in: (args) => inList(args, false, false),
  // S4: like `null != x`, a null value is `!in` every list.
  '!in': (args) => `COALESCE(NOT ${inList(args, false, false)}, TRUE)`,
  'in~': (args) => inList(args, true, false),
  '!in~': (args) => `COALESCE(NOT ${inList(args, true, false)}, TRUE)`,
  has_any: (args) => hasList(args, 'OR'),
  has_all: (args) => hasList(args, 'AND'),
};

function inList(args: Arg[], ci: boolean, _neg: boolean): string {
  const [left, ...items] = args;
  const l = ci ? `lower(${left!.sql})` : left!.sql;
  const scalars = items.filter((i) => i.type !== 'dynamic');
  const arrays = items.filter((i) => i.type === 'dynamic');
  const parts: string[] = [];
  if (scalars.length) {
    const vals = scalars.map((i) => {
      const lit = stringLiteralOf(i);
      if (ci) return lit !== undefined ? quoteString(lit.toLowerCase()) : `lower(${i.sql})`;
      return i.sql;
    });
    parts.push(`${l} IN (${vals.join(', ')})`);
  }
  for (const a of arrays) {
    // A dynamic array operand: its elements as text (membership compared as text).
    const elems = `list_transform(CAST(${a.sql} AS JSON[]), x -> ${ci ? 'lower(kql_dyn_str(x))' : 'kql_dyn_str(x)'})`;
    parts.push(`list_contains(${elems}, ${ci ? l : `CAST(${left!.sql} AS VARCHAR)`})`);
  }
  if (parts.length === 0) return 'FALSE';
  return `(${parts.join(' OR ')})`;
}

function hasList(args: Arg[], joiner: 'OR' | 'AND'): string {
  const [left, ...items] = args;
  const parts: string[] = [];
  for (const i of items) {
    if (i.type === 'dynamic') {
      const quant = joiner === 'OR' ? 'list_bool_or' : 'list_bool_and';
      parts.push(`COALESCE(${quant}(list_transform(CAST(${i.sql} AS JSON[]), x -> regexp_matches(${left!.sql}, '(?i)' || kql_term_regex(kql_dyn_str(x))))), ${joiner === 'AND' ? 'TRUE' : 'FALSE'})`);
    } else {
      parts.push(hasOp(left!, i, false, 'has'));
    }
  }
  if (parts.length === 0) return joiner === 'OR' ? 'FALSE' : 'TRUE';
  return `(${parts.join(` ${joiner} `)})`;
}
