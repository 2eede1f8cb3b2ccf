// `evaluate geo_polygon_lookup(LookupTable, PolygonColumn, Longitude, Latitude [, radius] [, return_unmatched = bool] [, return_lookup_key = bool])`
// and `evaluate geo_line_lookup(LookupTable, LineColumn, Longitude, Latitude, radius [, …])`:
// each input row joined with the lookup rows whose polygon contains its point (or lies within
// `radius` meters of it), the line lookups with the lines within `radius` meters. The output is the
// input's columns, then the lookup table's columns without the shape column unless
// `return_lookup_key` is true; `return_unmatched` keeps the rows that match nothing (lookup columns
// empty). The DuckDB dialect prints it as a join on the geo session functions (functions-geo.ts).

import type * as A from '../syntax/ast.js';
import type { BExpr, BTabular } from './bound.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr, convertTo } from './bind-expr.js';
import { rowScope } from './bind-operators.js';
import { bindTabular } from './bind-tabular.js';

export const GEO_LOOKUP_PLUGINS = new Set(['geo_polygon_lookup', 'geo_line_lookup']);

/** What the printer needs (the plugin's `data`). */
export interface GeoLookupData {
  lookup: BTabular;
  shapeColumn: string;
  /** Input columns, then the lookup columns that are output. */
  inputColumns: string[];
  lookupColumns: { source: string; name: string }[];
  unmatched: boolean;
}

function boolOption(ctx: BindContext, call: A.CallExpression, name: string, env: Env): boolean {
  const a = call.args.find((x) => x.kind === 'NamedArgument' && x.name.name === name);
  if (!a || a.kind !== 'NamedArgument') return false;
  const v = bindExpr(ctx, a.value, { env, aggregates: false, serialized: false });
  if (v.kind !== 'literal' || typeof v.value !== 'boolean') return fail('invalidArgument', [`${name} must be a bool constant`], a);
  return v.value;
}

export function bindGeoLookup(ctx: BindContext, op: A.EvaluateOperator, input: BTabular | undefined, env: Env): BTabular {
  const call = op.plugin;
  const name = call.callee.name;
  if (!input) return fail('expectedTabular', [], op);
  const positional = call.args.filter((a) => a.kind !== 'NamedArgument');
  const named = (n: string) => call.args.find((a) => a.kind === 'NamedArgument' && a.name.name === n) as A.NamedArgument | undefined;
  const needsRadius = name === 'geo_line_lookup';
  if (positional.length < (needsRadius ? 5 : 4)) return fail('wrongArgumentCount', [name, needsRadius ? '5..7' : '4..7', positional.length], call);
  const lookup = bindTabular(ctx, positional[0]!, env);
  const shape = positional[1]!;
  if (shape.kind !== 'NameReference') return fail('invalidArgument', [`${name} needs the lookup table's shape column as its second argument`], shape);
  const shapeCol = lookup.schema.find((c) => c.name === shape.name.name);
  if (!shapeCol || shapeCol.type !== 'dynamic') return fail('invalidArgument', [`'${shape.name.name}' is not a dynamic column of the lookup table`], shape);
  const scope = rowScope(input, env);
  const lng = convertTo(bindExpr(ctx, positional[2]!, scope), 'real');
  const lat = convertTo(bindExpr(ctx, positional[3]!, scope), 'real');
  const radiusNode = positional[4] ?? named('radius')?.value;
  const radius: BExpr | undefined = radiusNode ? convertTo(bindExpr(ctx, radiusNode, scope), 'real') : undefined;
  const unmatched = boolOption(ctx, call, 'return_unmatched', env);
  const withKey = boolOption(ctx, call, 'return_lookup_key', env);
  // A lookup column named like an input column is renamed as `join` does (`longitude1`).
  const taken = new Set(input.schema.map((c) => c.name));
  const lookupCols = lookup.schema.filter((c) => withKey || c.name !== shapeCol.name).map((c) => {
    let out = c.name;
    for (let k = 1; taken.has(out); k++) out = `${c.name}${k}`;
    taken.add(out);
    return { source: c.name, name: out, type: c.type };
  });
  const data: GeoLookupData = {
    lookup, shapeColumn: shapeCol.name, inputColumns: input.schema.map((c) => c.name),
    lookupColumns: lookupCols.map((c) => ({ source: c.source, name: c.name })), unmatched,
  };
  return {
    kind: 'evaluate', input, plugin: name, args: radius ? [lng, lat, radius] : [lng, lat], options: {},
    data,
    schema: [...input.schema, ...lookupCols.map((c) => ({ name: c.name, type: c.type }))],
    span: op.span,
  };
}
