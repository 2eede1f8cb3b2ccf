// `evaluate` plugins. Vigil implements a few (see PLUGINS); every other plugin is rejected by name.

import type * as A from '../syntax/ast.js';
import type { BExpr, BTabular } from './bound.js';
import { catalogue } from '../catalogue/index.js';
import type { Column } from './types.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr } from './bind-expr.js';
import { rowScope } from './bind-operators.js';
import { bindGeoLookup, GEO_LOOKUP_PLUGINS } from './bind-geo-lookup.js';
import { bindIpLookup, IP_LOOKUP_PLUGINS } from './bind-ip-lookup.js';
import { bindRollingPercentile } from './bind-rolling-percentile.js';

const SUPPORTED = new Set(['bag_unpack', 'pivot']);

export function bindPlugin(ctx: BindContext, op: A.EvaluateOperator, input: BTabular | undefined, env: Env): BTabular {
  const call = op.plugin;
  const name = call.callee.name;
  if (GEO_LOOKUP_PLUGINS.has(name)) return bindGeoLookup(ctx, op, input, env);
  if (IP_LOOKUP_PLUGINS.has(name)) return bindIpLookup(ctx, op, input, env);
  if (name === 'rolling_percentile') return bindRollingPercentile(ctx, op, input, env);
  if (!SUPPORTED.has(name)) return fail('unsupportedPlugin', [name], call.callee);
  const scope = input ? rowScope(input, env) : { env, aggregates: false, serialized: false };
  if (name === 'pivot') return bindPivot(ctx, op, input, env);
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
      const column = (args[0] as { name: string }).name;
      const prefixArg = args[1];
      const prefix = prefixArg && prefixArg.kind === 'literal' && typeof prefixArg.value === 'string' ? prefixArg.value : '';
      const conflictArg = options.columnsConflict;
      const conflict = conflictArg && conflictArg.kind === 'literal' ? String(conflictArg.value) : 'error';
      const ignoredArg = options.ignoredProperties;
      const ignored = new Set(ignoredArg && ignoredArg.kind === 'literal' && Array.isArray(ignoredArg.value) ? ignoredArg.value.map(String) : []);
      const kept = input.schema.filter((c) => c.name !== column);
      // The unpacked columns: declared by the query, or found in the data by a schema probe.
      const id = `bag_unpack@${op.span.start}`;
      let unpacked: Array<{ key: string; name: string; type: Column['type'] }>;
      if (declared) {
        unpacked = declared.map((d) => ({ key: d.name.slice(prefix.length), name: d.name, type: d.type }));
      } else if (ctx.options.pluginSchemas?.[id]) {
        unpacked = [...ctx.options.pluginSchemas[id]!].filter((k) => !ignored.has(k)).sort().map((k) => ({ key: k, name: prefix + k, type: 'dynamic' as const }));
      } else {
        ctx.probes.push({ id, input, column, kind: 'keys' });
        unpacked = [];
      }
      let out: Array<{ name: string; type: Column['type']; key?: string }> = kept.map((c) => ({ name: c.name, type: c.type }));
      for (const u of unpacked) {
        const i = out.findIndex((o) => o.name === u.name);
        if (i < 0) { out.push(u); continue; }
        if (declared) { out[i] = u; continue; }
        if (conflict === 'replace_source') out[i] = u;
        else if (conflict === 'keep_source') continue;
        else return fail('duplicateColumn', [u.name], call);
      }
      if (declared && op.schema && !op.schema.wildcard) out = out.filter((o) => o.key !== undefined);
      return {
        kind: 'evaluate', input, plugin: name, args, options,
        data: { column, outputs: out.map((o) => ({ name: o.name, key: o.key })) },
        schema: out.map((o) => ({ name: o.name, type: o.type })),
        span: op.span,
      };
    }
    default:
      return fail('unsupportedPlugin', [name], call.callee);
  }
}

/**
 * `evaluate pivot(PivotColumn [, Aggregation [, GroupColumn, …]])`: one output column per distinct
 * value of PivotColumn (found by a schema probe), holding Aggregation (default `count()`) over the
 * rows with that value, grouped by the group columns (default: every other column not aggregated).
 */
function bindPivot(ctx: BindContext, op: A.EvaluateOperator, input: BTabular | undefined, env: Env): BTabular {
  if (!input) return fail('expectedTabular', [], op);
  const call = op.plugin;
  const args = call.args.map((a) => (a.kind === 'NamedArgument' ? a.value : a));
  if (args.length < 1) return fail('wrongArgumentCount', ['pivot', '1..n', 0], call);
  const scope = rowScope(input, env);
  const pivot = bindExpr(ctx, args[0]!, scope);
  if (pivot.kind !== 'column') return fail('invalidArgument', ['pivot needs a column as its first argument'], args[0]!);
  const agg: BExpr = args[1]
    ? bindExpr(ctx, args[1], { ...scope, aggregates: true })
    : { kind: 'aggregate', fn: catalogue.get('count')!, args: [], signature: 0, type: 'long' };
  const groups: Column[] = [];
  for (const a of args.slice(2)) {
    const g = bindExpr(ctx, a, scope);
    if (g.kind !== 'column') return fail('invalidArgument', ['pivot groups by columns'], a);
    groups.push({ name: g.name, type: g.type });
  }
  if (args.length <= 2) {
    const used = new Set<string>([pivot.name]);
    const visit = (e: BExpr): void => {
      if (e.kind === 'column') used.add(e.name);
      if ('args' in e) e.args.forEach(visit);
      if (e.kind === 'convert') visit(e.expr);
      if (e.kind === 'member' || e.kind === 'index') visit(e.target);
    };
    visit(agg);
    groups.push(...input.schema.filter((c) => !used.has(c.name)));
  }
  const id = `pivot@${op.span.start}`;
  const values = ctx.options.pluginSchemas?.[id];
  if (!values) ctx.probes.push({ id, input, column: pivot.name, kind: 'values' });
  const valueColumns = [...(values ?? [])].sort().filter((v) => !groups.some((g) => g.name === v));
  return {
    kind: 'evaluate', input, plugin: 'pivot', args: [pivot, agg], options: {},
    data: { pivot: pivot.name, groups: groups.map((g) => g.name), values: valueColumns },
    schema: [...groups, ...valueColumns.map((v) => ({ name: v, type: agg.type }))],
    span: op.span,
  };
}
