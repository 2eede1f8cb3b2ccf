// Expression structure parity: for each expression, the grouping Vigil's parser builds (operator
// precedence, associativity, postfix binding) equals the grouping in the official parser's tree.
// Both trees are rendered to the same fully parenthesised text (see `shape` in the syntax test
// helpers) and compared.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '../../src/kql/syntax/index.js';
import { shape } from '../kql/syntax/helpers.js';
import { oracleKindName, oracleSyntax, type OracleSyntaxElement } from './parse-parity-oracle.js';

const EXPRESSIONS = [
  'a or b and c', 'a and b or c and d', 'not(a) or b',
  'a == 1 and b != 2 or c <> 3',
  'x < b == c', 'x == b < c', 'x < b =~ c', 'x =~ b < c', 'x == b =~ c', 'a has b == c', 'a !contains b != c',
  'x + b < c', 'a + b * c - d', 'a - b - c', 'a / b % c * d', '-a.b * (c + 1)', '1 * -2', '-1 - -2',
  'a + 1 in (1, 2)', 'a in (1, 2) and b', 'a !in~ ("x") or b', 'a has_any ("x", "y") and c', 'a between (1 .. 2) and b',
  'a !between (1 + 1 .. 2 * 3)', 'a matches regex "x" and b', 'a like "x" or b notlike "y"',
  'a.b.c[0]["d"]', 'f(x).y[1]', 'a[b + 1].c', 'a.[0]', 'f(g(x), h(y) + 1)', 'cluster("c").database("d").T',
  'iff(a > 1 and b < 2, c + d, e * f)', 'case(a == 1, "x", a == 2, "y", "z")', 'strcat(a, "-", b) =~ c',
  '$left.a == $right.b and $left.c == $right.d', 'bin(t, 1h) + 30m > ago(1d)',
  'x startswith "a" and y endswith_cs "b" or z hasprefix "c"', '(a or b) and c', 'a * (b + c) / d',
];

/** Renders the oracle's expression tree in the `shape` format. */
function render(e: OracleSyntaxElement): string {
  const kind = oracleKindName(e);
  const kids: OracleSyntaxElement[] = [];
  for (let i = 0; i < e.ChildCount; i++) {
    const c = e.GetChild(i);
    if (c) kids.push(c);
  }
  const token = (x: OracleSyntaxElement) => (x.Text ?? '').trim();
  const exprKids = () => kids.filter((k) => k.ChildCount > 0 || !/Token$|Keyword$/.test(oracleKindName(k)));
  if (kind === 'NameReference') return render(kids[0]);
  if (kind === 'TokenName' || kind === 'BracketedName') return kids.map(token).join('');
  if (/LiteralExpression$/.test(kind)) return token(kids[0]);
  if (kind === 'ParenthesizedExpression') return `{${render(kids[1])}}`;
  if (kind === 'UnaryMinusExpression' || kind === 'UnaryPlusExpression') return `(${token(kids[0])}${render(kids[1])})`;
  if (kind === 'PathExpression') {
    // `a.[0]` is a path whose member is a bracketed expression: element access
    if (oracleKindName(kids[2]) === 'BracketedExpression') return `${render(kids[0])}[${render(kids[2].GetChild(1)!)}]`;
    return `${render(kids[0])}.${render(kids[2])}`;
  }
  if (kind === 'ElementExpression') {
    const bracket = kids[1]; // BracketedExpression: [ expr ]
    return `${render(kids[0])}[${render(bracket.GetChild(1)!)}]`;
  }
  if (kind === 'FunctionCallExpression') {
    const name = render(kids[0]);
    return `${name}(${listItems(kids[1]).join(', ')})`;
  }
  if (/^(Not)?Between/.test(kind) || kind === 'NotBetweenExpression') {
    const couple = kids[2]; // ExpressionCouple: ( a .. b )
    return `(${render(kids[0])} ${token(kids[1])} (${render(couple.GetChild(1)!)} .. ${render(couple.GetChild(3)!)}))`;
  }
  if (/^(Not)?In(Cs)?Expression$|^HasA(ny|ll)Expression$/.test(kind)) {
    return `(${render(kids[0])} ${token(kids[1])} (${listItems(kids[2]).join(', ')}))`;
  }
  if (kids.length === 3 && /Expression$/.test(kind)) return `(${render(kids[0])} ${token(kids[1])} ${render(kids[2])})`;
  if (kind === 'StarExpression') return '*';
  return `<${kind}:${exprKids().length}>`;
}

/** The items of an oracle ExpressionList `( a , b )`. */
function listItems(list: OracleSyntaxElement): string[] {
  const out: string[] = [];
  const walk = (n: OracleSyntaxElement) => {
    for (let i = 0; i < n.ChildCount; i++) {
      const c = n.GetChild(i);
      if (!c) continue;
      const k = oracleKindName(c);
      if (k === 'List' || k === 'SeparatedElement') walk(c);
      else if (c.ChildCount > 0 || !/Token$/.test(k)) out.push(render(c));
    }
  };
  walk(list);
  return out;
}

/** The first print item in the oracle's tree of `print <expr>`. */
function oracleExpression(text: string): OracleSyntaxElement {
  let node = oracleSyntax(text);
  // QueryBlock → List → SeparatedElement → ExpressionStatement → PrintOperator → List → SeparatedElement → expr
  const find = (n: OracleSyntaxElement): OracleSyntaxElement | undefined => {
    if (oracleKindName(n) === 'PrintOperator') return n;
    for (let i = 0; i < n.ChildCount; i++) {
      const c = n.GetChild(i);
      const r = c && find(c);
      if (r) return r;
    }
    return undefined;
  };
  node = find(node)!;
  let list = node.GetChild(1)!;
  while (oracleKindName(list) === 'List' || oracleKindName(list) === 'SeparatedElement') list = list.GetChild(0)!;
  return list;
}

test('expression groupings match the official parser', () => {
  const problems: string[] = [];
  for (const expr of EXPRESSIONS) {
    const text = `print ${expr}`;
    const r = parse(text);
    assert.deepEqual(r.diagnostics, [], expr);
    const stmt = r.script.statements[0];
    assert.ok(stmt.kind === 'ExpressionStatement' && stmt.expression.kind === 'PrintOperator');
    const ours = shape(stmt.expression.items[0], text);
    const theirs = render(oracleExpression(text));
    if (ours !== theirs) problems.push(`${expr}\n   Vigil:  ${ours}\n   oracle: ${theirs}`);
  }
  console.log(`[parse-parity] expression shapes: ${EXPRESSIONS.length - problems.length} of ${EXPRESSIONS.length} identical`);
  assert.deepEqual(problems, []);
});
