// `evaluate` plugins in DuckDB SQL.

import type { IrPlugin } from '../../plan/ir.js';
import type { DuckDbPrinter } from './printer.js';
import { DialectError } from '../dialect.js';
import { quoteString } from './types.js';
import { printGeoLookup } from './functions-geo.js';
import { inRange, inRange6 } from './functions-ip.js';
import type { IpLookupData } from '../../semantic/bind-ip-lookup.js';

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
