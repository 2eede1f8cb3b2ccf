// Generic traversal of the syntax tree. Children are found by looking at every field of a node
// (objects with a `kind`, and arrays of them), so the walker needs no update when node types
// gain fields.

import type { Node } from './ast.js';

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

/** The direct child nodes of `node`, in field order (which follows source order). */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (const value of Object.values(node)) {
    if (isNode(value)) out.push(value);
    else if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (typeof value === 'object' && value !== null && !('start' in value)) {
      // small inline records such as `{ column, subquery }` or `{ min, max }`
      for (const inner of Object.values(value)) if (isNode(inner)) out.push(inner);
    }
  }
  return out;
}

/**
 * Visits `node` and its descendants depth-first, parents before children. Return `false` from
 * `visit` to skip a node's children.
 */
export function walk(node: Node, visit: (node: Node, parent: Node | undefined) => boolean | void): void {
  const go = (n: Node, parent: Node | undefined) => {
    if (visit(n, parent) === false) return;
    for (const c of childrenOf(n)) go(c, n);
  };
  go(node, undefined);
}
