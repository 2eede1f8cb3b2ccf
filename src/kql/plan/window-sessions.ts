// row_window_session(Expr, MaxDistanceFromFirst, MaxDistanceBetweenNeighbors [, Restart]) over a
// serialized row set (row-window-session-function.md): each row's session start, where a session
// restarts when Restart is true, when Expr is more than MaxDistanceBetweenNeighbors after the
// previous row's, or more than MaxDistanceFromFirst after the session's first. The last rule makes
// it sequential (a session's start depends on the one before), which SQL window functions cannot
// express; so the planner takes every row_window_session call out of its projection:
//   1. a projection computes the call's Expr and Restart (which may use prev()/next()) into hidden
//      columns, in the row order;
//   2. a `row_window_session` plugin node adds the session starts as one more hidden column (the
//      dialect computes them in one ordered pass);
//   3. the original projection reads that column in place of the call.

import type { BExpr, NamedExpr } from '../semantic/bound.js';
import type { IrNode, IrPlugin } from './ir.js';

/** What the dialect needs to print the plugin node (its `data`). */
export interface WindowSessionData {
  /** Hidden input columns: the value, the restart flag (may be absent), the row order. */
  value: string;
  restart?: string;
  order: string;
  /** The output column added to the input's. */
  output: string;
}

function collect(e: BExpr, out: Extract<BExpr, { kind: 'call' }>[]): void {
  if (e.kind === 'call' && e.fn.name === 'row_window_session') {
    out.push(e);
    return;
  }
  switch (e.kind) {
    case 'op': case 'call': case 'aggregate': e.args.forEach((a) => collect(a, out)); break;
    case 'convert': collect(e.expr, out); break;
    case 'member': collect(e.target, out); break;
    case 'index': collect(e.target, out); collect(e.index, out); break;
    case 'case': e.whens.forEach((w) => { collect(w.when, out); collect(w.then, out); }); collect(e.else, out); break;
    default: break;
  }
}

function replace(e: BExpr, calls: Map<BExpr, string>): BExpr {
  const name = calls.get(e);
  if (name) return { kind: 'column', name, type: e.type, span: e.span };
  switch (e.kind) {
    case 'op': case 'call': case 'aggregate': return { ...e, args: e.args.map((a) => replace(a, calls)) } as BExpr;
    case 'convert': return { ...e, expr: replace(e.expr, calls) };
    case 'member': return { ...e, target: replace(e.target, calls) };
    case 'index': return { ...e, target: replace(e.target, calls), index: replace(e.index, calls) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: replace(w.when, calls), then: replace(w.then, calls) })), else: replace(e.else, calls) };
    default: return e;
  }
}

/**
 * When `exprs` call row_window_session, returns the input with the session starts added as hidden
 * columns (steps 1–2) and the expressions reading them; otherwise undefined. `extend` is the
 * planner's projection helper (keeps the input's columns, adds the given ones, in `order`).
 */
export function planWindowSessions(
  input: IrNode,
  order: string,
  exprs: readonly NamedExpr[],
  extend: (node: IrNode, more: NamedExpr[]) => IrNode,
): { input: IrNode; exprs: NamedExpr[] } | undefined {
  const calls: Extract<BExpr, { kind: 'call' }>[] = [];
  for (const x of exprs) collect(x.expr, calls);
  if (calls.length === 0) return undefined;
  let node = input;
  const names = new Map<BExpr, string>();
  calls.forEach((call, i) => {
    const [value, maxFirst, maxBetween, restart] = call.args;
    const v = `__rws_v${i}`;
    const r = restart ? `__rws_r${i}` : undefined;
    node = extend(node, [{ name: v, expr: value! }, ...(restart ? [{ name: r!, expr: restart }] : [])]);
    const output = `__rws${i}`;
    const data: WindowSessionData = { value: v, restart: r, order, output };
    const plugin: IrPlugin = {
      kind: 'plugin', name: 'row_window_session', input: node, args: [maxFirst!, maxBetween!], data,
      columns: [...node.columns, { name: output, type: call.type }],
    };
    node = plugin;
    names.set(call, output);
  });
  return { input: node, exprs: exprs.map((x) => ({ ...x, expr: replace(x.expr, names) })) };
}
