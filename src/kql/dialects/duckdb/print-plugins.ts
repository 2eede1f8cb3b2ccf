// `evaluate` plugins in DuckDB SQL.

import type { IrPlugin } from '../../plan/ir.js';
import type { DuckDbPrinter } from './printer.js';
import { DialectError } from '../dialect.js';
import { quoteString } from './types.js';
import { printGeoLookup } from './functions-geo.js';
import { inRange, inRange6 } from './functions-ip.js';
import type { IpLookupData } from '../../semantic/bind-ip-lookup.js';
import type { SequentialWindowData } from '../../plan/window-sessions.js';
import { SQL_TYPE } from './types.js';
import type { RollingPercentileData } from '../../semantic/bind-rolling-percentile.js';
import { AGGREGATES } from './aggregates.js';

interface BagUnpackData {
  column: string;
  outputs: Array<{ name: string; key?: string }>;
}

export function printPlugin(p: DuckDbPrinter, node: IrPlugin): string {
  switch (node.name) {
    case 'bag_unpack': {
      if (!node.input) throw new DialectError('bag_unpack needs an input');
      const data = node.data as BagUnpackData;
      const t = p.envOf(node.input, 't');
      const bag = t.col(data.column);
      const cols = data.outputs.map((o, i) => {
        const type = node.columns[i]!.type;
        if (o.key === undefined) return `${t.col(o.name)} AS ${p.ident(node, o.name)}`;
        const v = `kql_jnull(json_extract(${bag}, ${quoteString(`$."${o.key.replace(/"/g, '\\"')}"`)}))`;
        return `${type === 'dynamic' ? v : p.convertSql(v, 'dynamic', type)} AS ${p.ident(node, o.name)}`;
      });
      return `SELECT ${cols.join(', ') || '1 AS "__one"'} FROM ${p.relation(node.input)} AS t`;
    }
    case 'geo_polygon_lookup':
    case 'geo_line_lookup':
      return printGeoLookup(p, node);
    case 'ipv4_lookup':
    case 'ipv6_lookup':
      return printIpLookup(p, node);
    case 'sequential_window':
      return printSequentialWindow(p, node);
    case 'rolling_percentile':
      return printRollingPercentile(p, node);
    default:
      throw new DialectError(`the plugin '${node.name}' is not available in the duckdb dialect`);
  }
}

/** SQL listing the distinct property names of `column` over the rows of `input` (bag_unpack probe). */
export function printBagKeysProbe(p: DuckDbPrinter, input: import('../../plan/ir.js').IrNode, column: string, kind: 'keys' | 'values'): string {
  const rel = p.relation(input);
  const col = `t.${p.ident(input, column)}`;
  if (kind === 'values') {
    const type = input.columns.find((c) => c.name === column)!.type;
    return p.withCtes(`SELECT DISTINCT ${p.convertSql(col, type, 'string')} AS k FROM ${rel} AS t ORDER BY k`);
  }
  return p.withCtes(`SELECT DISTINCT k FROM ${rel} AS t, unnest(CASE WHEN json_type(${col}) = 'OBJECT' THEN json_keys(${col}) ELSE [] END) AS u(k) ORDER BY k`);
}

/**
 * `evaluate ipv4_lookup(…)` / `ipv6_lookup(…)` (bound by semantic/bind-ip-lookup.ts): the input
 * joined with the lookup table on ipv4/ipv6_is_in_range; unmatched rows (return_unmatched) read
 * their string lookup columns as "" (S4).
 */
function printIpLookup(p: DuckDbPrinter, node: IrPlugin): string {
  if (!node.input) throw new DialectError(`${node.name} needs an input`);
  const data = node.data as IpLookupData;
  const lookup = p.options.planSubquery(data.lookup);
  const t = p.envOf(node.input, 't');
  const r = p.envOf(lookup, 'r');
  const ip = p.expr(node.args[0]!, t);
  const on = (node.name === 'ipv4_lookup' ? inRange : inRange6)(ip, r.col(data.keyColumn));
  const type = (name: string) => node.columns.find((c) => c.name === name)!.type;
  const inputCols = data.inputColumns.map((c) => `${t.col(c)} AS ${p.ident(node, c)}`);
  const lookupCols = data.lookupColumns.map((c) => {
    const v = r.col(c.source);
    return `${data.unmatched && type(c.name) === 'string' ? `COALESCE(${v}, '')` : v} AS ${p.ident(node, c.name)}`;
  });
  const cols = data.lookupFirst ? [...lookupCols, ...inputCols] : [...inputCols, ...lookupCols];
  return `SELECT ${cols.join(', ')} FROM ${p.relation(node.input)} AS t ${data.unmatched ? 'LEFT JOIN' : 'JOIN'} ${p.relation(lookup)} AS r ON COALESCE(${on}, FALSE)`;
}

/**
 * row_window_session, row_rank_min/dense, row_cumsum with a restart (planned by
 * plan/window-sessions.ts): the rows' values and restart flags in row order go to one JS session
 * function call (kql_sequential_window, functions-js.ts), whose list of results joins back by the
 * row-order column. Datetimes travel as µs; results are read back as the call's type.
 */
function printSequentialWindow(p: DuckDbPrinter, node: IrPlugin): string {
  if (!node.input) throw new DialectError('sequential window function without an input');
  const data = node.data as SequentialWindowData;
  const input = node.input;
  const t = p.envOf(input, 't');
  const rel = p.relation(input);
  const ord = t.col(data.order);
  const valueType = input.columns.find((c) => c.name === data.value)!.type;
  const resultType = node.columns[node.columns.length - 1]!.type;
  if (data.fn === 'row_window_session' && valueType !== 'datetime') throw new DialectError('row_window_session of a value that is not a datetime is not supported');
  const v = t.col(data.value);
  const value = valueType === 'datetime' ? `epoch_us(${v})` : valueType === 'dynamic' ? `CAST(${v} AS VARCHAR)` : v;
  const params = node.args.map((a) => `CAST(any_value(${p.expr(a, t)}) // 10 AS BIGINT)`);
  while (params.length < 2) params.push('CAST(NULL AS BIGINT)');
  const values = `to_json(list(${value} ORDER BY ${ord}))`;
  const restarts = data.restart ? `to_json(list(COALESCE(${t.col(data.restart)}, FALSE) ORDER BY ${ord}))` : 'to_json([])';
  const results = `SELECT kql_sequential_window(${quoteString(data.fn)}, ${values}, ${restarts}, ${params.join(', ')}) AS r, list(${ord} ORDER BY ${ord}) AS ords FROM ${rel} AS t`;
  const elem = resultType === 'datetime' || resultType === 'timespan' ? 'BIGINT' : SQL_TYPE[resultType];
  const pairs = `SELECT unnest(CAST(r AS ${elem}[])) AS x, unnest(ords) AS o FROM (${results})`;
  const out = resultType === 'datetime' ? 'make_timestamp(s.x)' : 's.x';
  const cols = [...input.columns.map((c) => `${t.col(c.name)} AS ${p.ident(node, c.name)}`), `${out} AS ${p.ident(node, data.output)}`];
  return `SELECT ${cols.join(', ')} FROM ${rel} AS t JOIN (${pairs}) AS s ON ${ord} = s.o`;
}

/**
 * rolling_percentile (bound by semantic/bind-rolling-percentile.ts): the binned rows, the distinct
 * (bin, dimensions) keys, and for each key the percentile (the dialect's percentile aggregate) of
 * the rows with the same dimensions whose bin lies within the window ending at the key's bin.
 */
function printRollingPercentile(p: DuckDbPrinter, node: IrPlugin): string {
  if (!node.input) throw new DialectError('rolling_percentile needs an input');
  const data = node.data as RollingPercentileData;
  const t = p.envOf(node.input, 't');
  const dimCols = data.dims.map((_d, i) => `"__d${i}"`);
  const base = `SELECT ${[`${p.expr(data.bin, t)} AS "__b"`, `${p.expr(data.value, t)} AS "__v"`, ...data.dims.map((d, i) => `${p.expr(d.expr, t)} AS ${dimCols[i]}`)].join(', ')} FROM ${p.relation(node.input)} AS t`;
  const size = p.expr(data.binSize, t);
  // The window start: bins - 1 bin sizes before the key's bin (datetime bins step by the timespan's µs).
  const start = data.bin.type === 'datetime'
    ? `k."__b" - to_microseconds(((${data.bins - 1}) * (${size})) // 10)`
    : `k."__b" - (${data.bins - 1}) * (${size})`;
  const on = [`v."__b" BETWEEN ${start} AND k."__b"`, ...dimCols.map((d) => `v.${d} IS NOT DISTINCT FROM k.${d}`)].join(' AND ');
  const pct = AGGREGATES.percentile!([
    { sql: 'v."__v"', type: data.value.type, expr: data.value },
    { sql: String(data.percentile), type: 'real', expr: data.value, literal: { value: data.percentile } },
  ], { convert: (sql, from, to) => p.convertSql(sql, from, to), now: p.now, fail: (m) => { throw new DialectError(m); }, resultType: data.value.type }, 0);
  const cols = [`k."__b" AS ${p.ident(node, data.indexName)}`, ...data.dims.map((d, i) => `k.${dimCols[i]} AS ${p.ident(node, d.name)}`), `${pct} AS ${p.ident(node, data.outputName)}`];
  const group = [`k."__b"`, ...dimCols.map((d) => `k.${d}`)].join(', ');
  return `SELECT ${cols.join(', ')} FROM (SELECT DISTINCT "__b"${dimCols.map((d) => `, ${d}`).join('')} FROM (${base})) AS k JOIN (${base}) AS v ON ${on} GROUP BY ${group}`;
}
