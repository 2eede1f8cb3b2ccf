// `evaluate` plugins. Vigil implements a few (see PLUGINS); every other plugin is rejected by name.

import type * as A from '../syntax/ast.js';
import type { BExpr, BTabular } from './bound.js';
import type { Column } from './types.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr } from './bind-expr.js';
import { rowScope } from './bind-operators.js';

const SUPPORTED = new Set(['bag_unpack']);

export function bindPlugin(ctx: BindContext, op: A.EvaluateOperator, input: BTabular | undefined, env: Env): BTabular {
  const call = op.plugin;
  const name = call.callee.name;
  if (!SUPPORTED.has(name)) return fail('unsupportedPlugin', [name], call.callee);
  const scope = input ? rowScope(input, env) : { env, aggregates: false, serialized: false };
  const args: BExpr[] = [];
  const options: Record<string, BExpr> = {};
  for (const a of call.args) {
    if (a.kind === 'NamedArgument') options[a.name.name] = bindExpr(ctx, a.value, { env, aggregates: false, serialized: false });
    else args.push(bindExpr(ctx, a, scope));
  }
  const declared: Column[] | undefined = op.schema?.columns.map((c) => ({ name: c.name.name, type: c.type.name }));
  switch (name) {
    case 'bag_unpack': {
      if (!input) return fail('expectedTabular', [], op);
      if (args.length < 1 || args[0]!.kind !== 'column' || args[0]!.type !== 'dynamic') {
        return fail('invalidArgument', ['bag_unpack needs a dynamic column as its first argument'], call);
      }
      // The output columns depend on the data: the planner resolves them at run time unless the
      // query declares them (`evaluate bag_unpack(d) : (a:string, …)`).
      const col = args[0]!.name;
      const kept = input.schema.filter((c) => c.name !== col);
      return {
        kind: 'evaluate', input, plugin: name, args, options,
        data: { declared, kept },
        schema: declared ? [...kept, ...declared.filter((d) => !kept.some((k) => k.name === d.name))] : kept,
        span: op.span,
      };
    }
    default:
      return fail('unsupportedPlugin', [name], call.callee);
  }
}
