// `evaluate rolling_percentile(ValueColumn, Percentile, IndexColumn, BinSize, BinsPerWindow
// [, dim1, …])` (rolling-percentile-plugin.md): for every bin of IndexColumn (bin(IndexColumn,
// BinSize)) and combination of the dimensions present in the data, the percentile of ValueColumn
// over the rows of that bin and the BinsPerWindow - 1 bins before it. Output: the index (binned),
// the dimensions, then `rolling_<BinsPerWindow>_percentile_<ValueColumn>_<Percentile>`. The DuckDB
// dialect prints it as a range join of the distinct keys with the binned rows.

import type * as A from '../syntax/ast.js';
import type { BExpr, BTabular } from './bound.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr } from './bind-expr.js';
import { rowScope } from './bind-operators.js';

/** What the printer needs (the plugin's `data`). */
export interface RollingPercentileData {
  bin: BExpr;
  binSize: BExpr;
  bins: number;
  percentile: number;
  value: BExpr;
  dims: { name: string; expr: BExpr }[];
  indexName: string;
  outputName: string;
}

function numberOf(e: BExpr): number | undefined {
  if (e.kind === 'literal' && (typeof e.value === 'number' || typeof e.value === 'bigint')) return Number(e.value);
  return undefined;
}

export function bindRollingPercentile(ctx: BindContext, op: A.EvaluateOperator, input: BTabular | undefined, env: Env): BTabular {
  const call = op.plugin;
  if (!input) return fail('expectedTabular', [], op);
  if (call.args.some((a) => a.kind === 'NamedArgument')) return fail('invalidArgument', ['rolling_percentile takes positional arguments only'], call);
  const args = call.args as A.Expression[];
  if (args.length < 5) return fail('wrongArgumentCount', ['rolling_percentile', '5..n', args.length], call);
  const scope = rowScope(input, env);
  const constant = { env, aggregates: false, serialized: false };
  const column = (a: A.Expression, what: string): { name: string; expr: BExpr } => {
    if (a.kind !== 'NameReference') return fail('invalidArgument', [`rolling_percentile needs a column name as ${what}`], a);
    return { name: a.name.name, expr: bindExpr(ctx, a, scope) };
  };
  const value = column(args[0]!, 'its value');
  const percentile = numberOf(bindExpr(ctx, args[1]!, constant));
  if (percentile === undefined || percentile < 0 || percentile > 100) return fail('invalidArgument', ['rolling_percentile: the percentile must be a constant from 0 to 100'], args[1]!);
  const index = column(args[2]!, 'its index');
  const binSize = bindExpr(ctx, args[3]!, constant);
  const bins = numberOf(bindExpr(ctx, args[4]!, constant));
  if (bins === undefined || !Number.isInteger(bins) || bins < 1) return fail('invalidArgument', ['rolling_percentile: the bins per window must be a positive integer constant'], args[4]!);
  const dims = args.slice(5).map((a) => column(a, 'a dimension'));
  // bin(IndexColumn, BinSize), bound as written so that it follows the bin() rules.
  const binAst: A.CallExpression = { kind: 'Call', callee: { kind: 'Name', name: 'bin', bracketed: false, span: args[2]!.span }, args: [args[2]!, args[3]!], span: args[2]!.span };
  const bin = bindExpr(ctx, binAst, scope);
  const outputName = `rolling_${bins}_percentile_${value.name}_${percentile}`;
  const data: RollingPercentileData = { bin, binSize, bins, percentile, value: value.expr, dims, indexName: index.name, outputName };
  return {
    kind: 'evaluate', input, plugin: 'rolling_percentile', args: [], options: {}, data,
    schema: [{ name: index.name, type: bin.type }, ...dims.map((d) => ({ name: d.name, type: d.expr.type })), { name: outputName, type: value.expr.type }],
    span: op.span,
  };
}
