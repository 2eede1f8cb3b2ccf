// Window functions whose value depends on the rows before in a way SQL window functions cannot
// express in one level (row-window-session-function.md, row-rank-min-function.md,
// row-rank-dense-function.md, row-cumsum-function.md):
//   row_window_session(Expr, MaxDistanceFromFirst, MaxDistanceBetweenNeighbors [, Restart]) — a
//     session restarts when Restart is true, when Expr is more than MaxDistanceBetweenNeighbors after
//     the previous row's, or more than MaxDistanceFromFirst after the session's first; sequential,
//     since a session's start depends on the one before;
//   row_rank_min(Term [, Restart]) — the smallest row number (from 1, per restart segment) at which
//     the row's Term appears; row_rank_dense(Term [, Restart]) — 1, plus one each time Term differs
//     from the previous row's; row_cumsum(Expr, Restart) — the running sum, restarted. (Their
//     restart argument usually holds prev(): a window inside a window.)
// The planner takes each such call out of its projection:
//   1. a projection computes the call's row arguments (value, restart) into hidden columns, in the
//      row order (so they may use prev()/next());
//   2. a `sequential_window` plugin node adds the results as one more hidden column (the dialect
//      computes them in one ordered pass);
//   3. the original projection reads that column in place of the call.

import type { BExpr, NamedExpr } from '../semantic/bound.js';
import type { IrNode, IrPlugin } from './ir.js';

/** What the dialect needs to print the plugin node (its `data`). */
export interface SequentialWindowData {
  /** The KQL function. */
  fn: 'row_window_session' | 'row_rank_min' | 'row_rank_dense' | 'row_cumsum';
  /** Hidden input columns: the value, the restart flag (may be absent), the row order. */
  value: string;
  restart?: string;
  order: string;
  /** The output column added to the input's. */
  output: string;
}

type Call = Extract<BExpr, { kind: 'call' }>;

/** The calls planned here, and which of their arguments are per row (value, restart). */
function rowArgs(e: Call): { value: BExpr; restart?: BExpr; params: BExpr[] } | undefined {
  switch (e.fn.name) {
    case 'row_window_session': return { value: e.args[0]!, restart: e.args[3], params: [e.args[1]!, e.args[2]!] };
    case 'row_rank_min': case 'row_rank_dense': return { value: e.args[0]!, restart: e.args[1], params: [] };
    // (row_cumsum without a restart is a plain running sum, printed as a window function)
    case 'row_cumsum': return e.args.length === 2 ? { value: e.args[0]!, restart: e.args[1], params: [] } : undefined;
    default: return undefined;
  }
}

function collect(e: BExpr, out: Call[]): void {
  if (e.kind === 'call' && rowArgs(e)) {
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
 * When `exprs` call one of these functions, returns the input with their results added as hidden
 * columns (steps 1–2) and the expressions reading them; otherwise undefined. `extend` is the
 * planner's projection helper (keeps the input's columns, adds the given ones, in row order).
 */
export function planSequentialWindows(
  input: IrNode,
  order: string,
  exprs: readonly NamedExpr[],
  extend: (node: IrNode, more: NamedExpr[]) => IrNode,
): { input: IrNode; exprs: NamedExpr[] } | undefined {
  const calls: Call[] = [];
  for (const x of exprs) collect(x.expr, calls);
  if (calls.length === 0) return undefined;
  let node = input;
  const names = new Map<BExpr, string>();
  calls.forEach((call, i) => {
    const a = rowArgs(call)!;
    const v = `__seq_v${i}`;
    const r = a.restart ? `__seq_r${i}` : undefined;
    node = extend(node, [{ name: v, expr: a.value }, ...(a.restart ? [{ name: r!, expr: a.restart }] : [])]);
    const output = `__seq${i}`;
    const data: SequentialWindowData = { fn: call.fn.name as SequentialWindowData['fn'], value: v, restart: r, order, output };
    const plugin: IrPlugin = {
      kind: 'plugin', name: 'sequential_window', input: node, args: a.params, data,
      columns: [...node.columns, { name: output, type: call.type }],
    };
    node = plugin;
    names.set(call, output);
  });
  return { input: node, exprs: exprs.map((x) => ({ ...x, expr: replace(x.expr, names) })) };
}
