// A compact, deterministic text dump of a syntax tree, for debugging and readable test failures.
// Spans are left out unless asked for; bigints print with an `n` suffix.

import type { Node } from './ast.js';

export function printAst(node: Node | Node[], options: { spans?: boolean } = {}): string {
  return JSON.stringify(
    node,
    (key, value: unknown) => {
      if (!options.spans && (key === 'span' || key === 'operatorSpan' || key === 'nameSpan')) return undefined;
      if (typeof value === 'bigint') return `${value}n`;
      if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
      return value;
    },
    2,
  );
}
