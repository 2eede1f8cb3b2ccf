// `evaluate` plugins in DuckDB SQL.

import type { IrPlugin } from '../../plan/ir.js';
import type { DuckDbPrinter } from './printer.js';
import { DialectError } from '../dialect.js';
import { quoteString } from './types.js';
import { printGeoLookup } from './functions-geo.js';

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
