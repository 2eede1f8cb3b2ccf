// Small helpers shared by the syntax tests.

import assert from 'node:assert/strict';
import { parse, type Expression, type ProjectionItem, type QueryOperator, type Statement } from '../../../src/kql/syntax/index.js';

/** Parses `text`, asserting it has no diagnostics; returns its statements. */
export function statementsOf(text: string): Statement[] {
  const r = parse(text);
  assert.deepEqual(r.diagnostics, [], `unexpected diagnostics for ${JSON.stringify(text)}`);
  return r.script.statements;
}

/** The expression of the single query statement of `text`. */
export function queryOf(text: string): Expression {
  const stmts = statementsOf(text);
  const last = stmts[stmts.length - 1];
  assert.equal(last.kind, 'ExpressionStatement');
  return last.expression;
}

/** The scalar expression `expr`, parsed as `print expr`. */
export function exprOf(expr: string): Expression {
  const q = queryOf(`print ${expr}`);
  assert.equal(q.kind, 'PrintOperator');
  const item = q.items[0];
  assert.notEqual(item.kind, 'Assignment');
  return item as Expression;
}

/** The last operator of the pipe `T | …`. */
export function lastOperatorOf(text: string): QueryOperator {
  const q = queryOf(text);
  assert.equal(q.kind, 'Pipe', `expected a pipe in ${text}`);
  return q.operator;
}

/** The first error of `text` (asserting there is one). */
export function firstError(text: string): { code: string; start: number; end: number; line: number; column: number; message: string } {
  const r = parse(text);
  const e = r.diagnostics.find((d) => d.severity === 'error');
  assert.ok(e, `expected a syntax error in ${JSON.stringify(text)}`);
  return e;
}

/**
 * A canonical, fully parenthesised rendering of an expression: binary `(a op b)`, unary `(-a)`,
 * source parentheses `{a}`, `a.b`, `a[i]`, `f(x, y)`, `(a in (x, y))`, `(a between (x .. y))`.
 * Literals render as their source text.
 */
export function shape(e: Expression | ProjectionItem, text: string): string {
  switch (e.kind) {
    case 'Binary':
      return `(${shape(e.left, text)} ${e.operator} ${shape(e.right, text)})`;
    case 'Unary':
      return `(${e.operator}${shape(e.operand, text)})`;
    case 'Parenthesized':
      return `{${shape(e.expression, text)}}`;
    case 'Member':
      return `${shape(e.target, text)}.${e.member.name}`;
    case 'Index':
      return `${shape(e.target, text)}[${shape(e.index, text)}]`;
    case 'Call':
      return `${e.target ? shape(e.target, text) + '.' : ''}${e.callee.name}(${e.args.map((a) => (a.kind === 'NamedArgument' ? `${a.name.name}=${shape(a.value, text)}` : shape(a, text))).join(', ')})`;
    case 'In':
      return `(${shape(e.left, text)} ${e.operator} (${e.items.map((i) => shape(i, text)).join(', ')}))`;
    case 'Between':
      return `(${shape(e.left, text)} ${e.negated ? '!between' : 'between'} (${shape(e.low, text)} .. ${shape(e.high, text)}))`;
    case 'NameReference':
      return e.name.name;
    case 'Literal':
      return text.slice(e.span.start, e.span.end);
    case 'Star':
      return '*';
    case 'Assignment':
      return `${e.names.map((n) => n.name).join(',')} = ${shape(e.value, text)}`;
    default:
      return `<${e.kind}>`;
  }
}
