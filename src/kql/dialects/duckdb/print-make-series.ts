// `make-series` in DuckDB SQL: rows are assigned to bins of the axis ([from, to) by step), each
// aggregate is computed per group and bin, and one array per aggregate is built over every bin of
// the axis (bins without rows take the aggregate's default). Without from/to, the axis spans the
// data (from = bin(min), to = bin(max) + step).

import type { IrMakeSeries } from '../../plan/ir.js';
import type { DuckDbPrinter, ExprEnv } from './printer.js';
import { DialectError } from '../dialect.js';
import { quoteIdent } from './types.js';

export function printMakeSeries(p: DuckDbPrinter, node: IrMakeSeries): string {
  const rel = p.relation(node.input);
  const t = p.envOf(node.input, 't');
  const none: ExprEnv = { col: () => { throw new DialectError('make-series bounds must be constants'); } };
  const axis = p.expr(node.axis, t);
  const step = p.expr(node.step, none);
  const kind = node.axisType;
  // Work in a numeric axis: µs for datetime, ticks for timespan, the value for numbers.
  const num = (x: string) => (kind === 'datetime' ? `epoch_us(${x})` : `CAST(${x} AS DOUBLE)`);
  const stepNum = kind === 'datetime' ? `((${step}) / 10)` : `CAST(${step} AS DOUBLE)`;
  const from = node.from ? num(p.expr(node.from, none)) : `(SELECT floor(min(${num(axis)}) / ${stepNum}) * ${stepNum} FROM ${rel} AS t)`;
  const to = node.to ? num(p.expr(node.to, none)) : `(SELECT (floor(max(${num(axis)}) / ${stepNum}) + 1) * ${stepNum} FROM ${rel} AS t)`;
  const keys = node.keys.map((k, i) => ({ alias: quoteIdent(`__k${i}`), sql: p.expr(k.expr, t), name: k.name }));

  // s: the input rows inside the axis range, with their bin.
  const inner = p.envOf(node.input, 's');
  const bounds = `(SELECT ${from} AS f, CAST(ceil(((${to}) - (${from})) / ${stepNum}) AS BIGINT) AS n)`;
  const sRows = `SELECT t.*, ${keys.map((k) => `${k.sql} AS ${k.alias}`).join(', ')}${keys.length ? ', ' : ''}CAST(floor((${num(axis)} - b.f) / ${stepNum}) AS BIGINT) AS "__i"
    FROM ${rel} AS t, ${bounds} AS b
    WHERE ${num(axis)} >= b.f AND ${num(axis)} < b.f + b.n * ${stepNum}`;
  const keyCols = keys.map((k) => `s.${k.alias}`);
  const aggs = node.aggs.map((a, i) => `${p.expr(a.expr, inner)} AS "__a${i}"`);
  const perBin = `SELECT ${[...keyCols.map((k, i) => `${k} AS ${keys[i]!.alias}`), 's."__i"', ...aggs].join(', ')}
    FROM (${sRows}) AS s GROUP BY ${[...keyCols, 's."__i"'].join(', ')}`;
  const lists = node.aggs.map((_a, i) => `list(g."__a${i}") AS "__v${i}"`);
  // Without `by`, an empty input gives no row, unless kind=nonempty (a row of defaults).
  const group = keys.length ? ` GROUP BY ${keys.map((k) => `g.${k.alias}`).join(', ')}` : node.nonEmpty ? '' : ' HAVING count(*) > 0';
  const perGroup = `SELECT ${[...keys.map((k) => `g.${k.alias}`), 'list(g."__i") AS "__is"', ...lists].join(', ')}
    FROM (${perBin}) AS g${group}`;
  const arrays = node.aggs.map((a, i) => {
    const def = p.expr(a.default, none);
    const elem = `COALESCE(r."__v${i}"[list_position(r."__is", i)], ${def})`;
    return `to_json(list_transform(range(b.n), i -> ${a.expr.type === 'dynamic' ? elem : p.convertSql(elem, a.expr.type, 'dynamic')})) AS ${p.ident(node, a.name)}`;
  });
  const axisValue = kind === 'datetime'
    ? 'kql_dt_str(make_timestamp(CAST(b.f + i * ' + stepNum + ' AS BIGINT)))'
    : kind === 'timespan' ? `kql_ts_str(CAST(b.f + i * ${stepNum} AS BIGINT))`
    : kind === 'real' ? `b.f + i * ${stepNum}` : `CAST(b.f + i * ${stepNum} AS BIGINT)`;
  const axisArray = `to_json(list_transform(range(b.n), i -> ${axisValue})) AS ${p.ident(node, node.axisName)}`;
  const outKeys = keys.map((k) => `r.${k.alias} AS ${p.ident(node, k.name)}`);
  return `SELECT ${[...outKeys, ...arrays, axisArray].join(', ')} FROM (${perGroup}) AS r, ${bounds} AS b`;
}
