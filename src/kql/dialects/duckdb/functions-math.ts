// Numeric functions in DuckDB SQL (S10: bin floors to a multiple of its size; null or negative
// size gives null).

import type { ScalarType } from '../../semantic/types.js';
import { byArity, numberLiteralOf, type Arg, type EmitContext, type Template } from './template.js';

const TICKS_PER_US = 10;

function isInt(t: ScalarType): boolean {
  return t === 'int' || t === 'long';
}

/** Floors value `v` to a multiple of `size` (optionally relative to `at`). */
export function binSql(v: Arg, size: Arg, c: EmitContext, at?: Arg): string {
  const t = v.type;
  const lit = numberLiteralOf(size);
  const guard = (sql: string) => (lit !== undefined && lit > 0 ? sql : `(CASE WHEN ${size.sql} > 0 THEN ${sql} ELSE NULL END)`);
  if (t === 'datetime') {
    if (lit !== undefined && lit > 0 && lit % TICKS_PER_US === 0) {
      // time_bucket with the Unix epoch as origin floors like Kusto's bin; measured the fastest form.
      const origin = at ? at.sql : "TIMESTAMP '1970-01-01 00:00:00'";
      return `time_bucket(to_microseconds(${lit / TICKS_PER_US}), ${v.sql}, ${origin})`;
    }
    const us = lit !== undefined && lit % TICKS_PER_US === 0 ? String(lit / TICKS_PER_US) : `(${size.sql} // ${TICKS_PER_US})`;
    const base = at ? `epoch_us(${at.sql})` : '0';
    const x = `(epoch_us(${v.sql}) - ${base})`;
    return guard(`make_timestamp(${x} - kql_mod(${x}, ${us}) + ${base})`);
  }
  if (t === 'timespan') {
    const base = at ? at.sql : '0';
    const x = `(${v.sql} - ${base})`;
    return guard(`(${x} - kql_mod(${x}, ${size.sql}) + ${base})`);
  }
  const base = at ? at.sql : undefined;
  const x = base ? `(${v.sql} - ${base})` : v.sql;
  if (isInt(t) && isInt(size.type)) {
    const r = `(${x} - kql_mod(${x}, ${size.sql})${base ? ` + ${base}` : ''})`;
    return guard(t === 'int' ? `CAST(${r} AS INTEGER)` : r);
  }
  const r = `(floor(${x} / ${size.sql}) * ${size.sql}${base ? ` + ${base}` : ''})`;
  return guard(isInt(t) ? `CAST(${r} AS ${t === 'int' ? 'INTEGER' : 'BIGINT'})` : `CAST(${r} AS DOUBLE)`);
}

const real = (f: string): Template => ([a]) => `${f}(CAST(${a!.sql} AS DOUBLE))`;

export const MATH_FUNCTIONS: Record<string, Template> = {
  abs: 'abs({0})',
  sign: ([a]) => `CAST(sign(${a!.sql}) AS DOUBLE)`,
  round: byArity({
    1: ([a]) => (a!.type === 'real' ? `round(${a!.sql}, 0)` : a!.sql),
    2: ([a, n]) => (a!.type === 'real' ? `round(${a!.sql}, CAST(${n!.sql} AS INTEGER))` : a!.sql),
  }),
  ceiling: ([a]) => (a!.type === 'real' ? `ceil(${a!.sql})` : a!.sql),
  pow: 'pow(CAST({0} AS DOUBLE), CAST({1} AS DOUBLE))',
  sqrt: ([a]) => `(CASE WHEN ${a!.sql} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(CAST(${a!.sql} AS DOUBLE)) END)`,
  exp: real('exp'),
  exp2: 'pow(2.0, CAST({0} AS DOUBLE))',
  exp10: 'pow(10.0, CAST({0} AS DOUBLE))',
  log: ([a]) => `(CASE WHEN ${a!.sql} <= 0 THEN NULL ELSE ln(CAST(${a!.sql} AS DOUBLE)) END)`,
  log2: ([a]) => `(CASE WHEN ${a!.sql} <= 0 THEN NULL ELSE log2(CAST(${a!.sql} AS DOUBLE)) END)`,
  log10: ([a]) => `(CASE WHEN ${a!.sql} <= 0 THEN NULL ELSE log10(CAST(${a!.sql} AS DOUBLE)) END)`,
  cos: real('cos'), sin: real('sin'), tan: real('tan'), acos: real('acos'), asin: real('asin'), atan: real('atan'),
  atan2: 'atan2(CAST({0} AS DOUBLE), CAST({1} AS DOUBLE))',
  cot: real('cot'),
  degrees: real('degrees'),
  radians: real('radians'),
  pi: 'pi()',
  rand: byArity({ 0: 'random()', 1: 'floor(random() * {0})' }),
  gamma: real('gamma'),
  loggamma: real('lgamma'),
  isnan: 'isnan({0})',
  isinf: 'isinf({0})',
  isfinite: 'isfinite({0})',
  binary_and: '({0} & {1})',
  binary_or: '({0} | {1})',
  binary_xor: 'xor({0}, {1})',
  binary_not: '(~{0})',
  binary_shift_left: '({0} << {1})',
  binary_shift_right: '({0} >> {1})',
  bitset_count_ones: 'CAST(bit_count({0}) AS BIGINT)',
  // An int is written as 32-bit two's complement, a long as 64-bit; a minimum length shorter than
  // the digits is ignored (tohex-function.md).
  tohex: ([v, n]) => {
    const h = v!.type === 'int' ? `lower(hex(CAST(${v!.sql} AS BIGINT) & 4294967295))` : `lower(hex(CAST(${v!.sql} AS BIGINT)))`;
    return n ? `(CASE WHEN len(${h}) >= ${n.sql} THEN ${h} ELSE lpad(${h}, CAST(${n.sql} AS INTEGER), '0') END)` : h;
  },
  bin: ([v, s], c) => binSql(v!, s!, c),
  floor: byArity({
    1: ([a]) => (a!.type === 'real' ? `floor(${a!.sql})` : a!.sql),
    2: ([v, s], c) => binSql(v!, s!, c),
  }),
  bin_at: ([v, s, at], c) => binSql(v!, s!, c, at!),
};
