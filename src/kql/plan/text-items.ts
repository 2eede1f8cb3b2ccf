// An mv-expand whose dynamic output column is read only as text by the next operator
// (`mv-expand p = d.list | summarize count() by tostring(p)`, the usual Sentinel shape) expands the
// elements as strings directly: the dialect can then split the array into element texts in one
// pass instead of producing JSON elements and parsing each again for tostring() (bench/query Q8).
// The result is the same: tostring() of each element is what `to typeof(string)` gives.

import type { BExpr } from '../semantic/bound.js';
import type { IrNode, IrUnnest } from './ir.js';

/** `tostring(c)` or an implicit conversion of column `c` to string. */
function textOf(e: BExpr, name: string): boolean {
  const arg = e.kind === 'convert' && e.type === 'string' ? e.expr
    : e.kind === 'call' && e.fn.name === 'tostring' && e.args.length === 1 ? e.args[0]! : undefined;
  return arg !== undefined && arg.kind === 'column' && arg.name === name && arg.type === 'dynamic';
}

/** Whether every reference to column `name` in `e` is `tostring(name)`. */
function onlyAsText(e: BExpr, name: string): boolean {
  if (textOf(e, name)) return true;
  switch (e.kind) {
    case 'column': return e.name !== name;
    case 'literal': case 'parameter': case 'scalarQuery': return true;
    case 'op': case 'call': case 'aggregate': return e.args.every((a) => onlyAsText(a, name));
    case 'convert': return onlyAsText(e.expr, name);
    case 'member': return onlyAsText(e.target, name);
    case 'index': return onlyAsText(e.target, name) && onlyAsText(e.index, name);
    case 'case': return e.whens.every((w) => onlyAsText(w.when, name) && onlyAsText(w.then, name)) && onlyAsText(e.else, name);
    case 'inTable': return onlyAsText(e.left, name);
  }
}

/** `e` with every `tostring(name)` replaced by the (now string) column `name`. */
function replaceText(e: BExpr, name: string): BExpr {
  if (textOf(e, name)) return { kind: 'column', name, type: 'string', span: e.span };
  switch (e.kind) {
    case 'op': case 'call': case 'aggregate': return { ...e, args: e.args.map((a) => replaceText(a, name)) } as BExpr;
    case 'convert': return { ...e, expr: replaceText(e.expr, name) };
    case 'member': return { ...e, target: replaceText(e.target, name) };
    case 'index': return { ...e, target: replaceText(e.target, name), index: replaceText(e.index, name) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: replaceText(w.when, name), then: replaceText(w.then, name) })), else: replaceText(e.else, name) };
    case 'inTable': return { ...e, left: replaceText(e.left, name) };
    default: return e;
  }
}

/**
 * When `input` is an mv-expand and `exprs` (everything the consuming operator computes from its
 * rows; the consumer must not pass input columns through otherwise) read some of its dynamic
 * items only through tostring(), returns the expansion with those items typed string and a
 * rewrite of the consumer's expressions; otherwise undefined.
 */
export function expandAsText(input: IrNode, exprs: readonly BExpr[]): { node: IrUnnest; rewrite: (e: BExpr) => BExpr } | undefined {
  if (input.kind !== 'unnest') return undefined;
  const names = input.items
    .filter((it) => it.type === 'dynamic' && exprs.every((e) => onlyAsText(e, it.name)) && exprs.some((e) => textUse(e, it.name)))
    .map((it) => it.name);
  if (names.length === 0) return undefined;
  const set = new Set(names);
  const node: IrUnnest = {
    ...input,
    items: input.items.map((it) => (set.has(it.name) ? { ...it, type: 'string' } : it)),
    columns: input.columns.map((c) => (set.has(c.name) ? { name: c.name, type: 'string' } : c)),
  };
  return { node, rewrite: (e) => names.reduce((x, n) => replaceText(x, n), e) };
}

function textUse(e: BExpr, name: string): boolean {
  if (textOf(e, name)) return true;
  switch (e.kind) {
    case 'op': case 'call': case 'aggregate': return e.args.some((a) => textUse(a, name));
    case 'convert': return textUse(e.expr, name);
    case 'member': return textUse(e.target, name);
    case 'index': return textUse(e.target, name) || textUse(e.index, name);
    case 'case': return e.whens.some((w) => textUse(w.when, name) || textUse(w.then, name)) || textUse(e.else, name);
    case 'inTable': return textUse(e.left, name);
    default: return false;
  }
}
