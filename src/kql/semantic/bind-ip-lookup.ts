// `evaluate ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey [, return_unmatched])` and
// `ipv6_lookup(…)` (ipv4-lookup-plugin.md, ipv6-lookup-plugin.md): each input row joined with the
// lookup rows whose IP range (CIDR text in the lookup key column) contains the row's address;
// `return_unmatched` (named, or a bool constant as the last argument) keeps the rows that match
// nothing, their lookup columns empty. Output columns as each page shows them: ipv4_lookup gives the
// input's columns then the lookup table's, ipv6_lookup the lookup table's then the input's. Extra
// key pairs are refused by name. The DuckDB dialect prints a join on ipv4/ipv6_is_in_range.

import type * as A from '../syntax/ast.js';
import type { BTabular } from './bound.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr, convertTo } from './bind-expr.js';
import { rowScope } from './bind-operators.js';
import { bindTabular } from './bind-tabular.js';

export const IP_LOOKUP_PLUGINS = new Set(['ipv4_lookup', 'ipv6_lookup']);

/** What the printer needs (the plugin's `data`). */
export interface IpLookupData {
  lookup: BTabular;
  keyColumn: string;
  inputColumns: string[];
  lookupColumns: { source: string; name: string }[];
  unmatched: boolean;
  /** Lookup columns first (ipv6_lookup). */
  lookupFirst: boolean;
}

export function bindIpLookup(ctx: BindContext, op: A.EvaluateOperator, input: BTabular | undefined, env: Env): BTabular {
  const call = op.plugin;
  const name = call.callee.name;
  if (!input) return fail('expectedTabular', [], op);
  const constScope = { env, aggregates: false, serialized: false };
  const positional = call.args.filter((a) => a.kind !== 'NamedArgument');
  let unmatched = false;
  for (const a of call.args) {
    if (a.kind !== 'NamedArgument') continue;
    if (a.name.name !== 'return_unmatched') return fail('invalidArgument', [`${name} has no argument '${a.name.name}'`], a);
    const v = bindExpr(ctx, a.value, constScope);
    if (v.kind !== 'literal' || typeof v.value !== 'boolean') return fail('invalidArgument', ['return_unmatched must be a bool constant'], a);
    unmatched = v.value;
  }
  if (positional.length === 4) {
    const v = bindExpr(ctx, positional[3]!, constScope);
    if (v.kind !== 'literal' || typeof v.value !== 'boolean') return fail('unsupportedSyntax', [`${name} with extra lookup keys`], positional[3]!);
    unmatched = v.value;
  } else if (positional.length !== 3) {
    return fail('wrongArgumentCount', [name, '3..4', positional.length], call);
  }
  const lookup = bindTabular(ctx, positional[0]!, env);
  const scope = rowScope(input, env);
  const source = convertTo(bindExpr(ctx, positional[1]!, scope), 'string');
  const key = positional[2]!;
  if (key.kind !== 'NameReference') return fail('invalidArgument', [`${name} needs the lookup table's IP range column as its third argument`], key);
  const keyCol = lookup.schema.find((c) => c.name === key.name.name);
  if (!keyCol || keyCol.type !== 'string') return fail('invalidArgument', [`'${key.name.name}' is not a string column of the lookup table`], key);
  // A lookup column named like an input column is renamed as `join` does (`ip1`).
  const taken = new Set(input.schema.map((c) => c.name));
  const lookupCols = lookup.schema.map((c) => {
    let out = c.name;
    for (let k = 1; taken.has(out); k++) out = `${c.name}${k}`;
    taken.add(out);
    return { source: c.name, name: out, type: c.type };
  });
  const lookupFirst = name === 'ipv6_lookup';
  const data: IpLookupData = {
    lookup, keyColumn: keyCol.name, inputColumns: input.schema.map((c) => c.name),
    lookupColumns: lookupCols.map((c) => ({ source: c.source, name: c.name })), unmatched, lookupFirst,
  };
  const lookupSchema = lookupCols.map((c) => ({ name: c.name, type: c.type }));
  return {
    kind: 'evaluate', input, plugin: name, args: [source], options: {}, data,
    schema: lookupFirst ? [...lookupSchema, ...input.schema] : [...input.schema, ...lookupSchema],
    span: op.span,
  };
}
