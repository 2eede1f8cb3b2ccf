// Scalar expressions: precedence and associativity, postfix forms, membership and range tests,
// calls, names. The expected groupings were read off the official parser's syntax trees (the
// live comparison is test/conformance/parse-parity-shapes.test.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exprOf, firstError, queryOf, shape } from './helpers.js';

function shapeOf(expr: string): string {
  return shape(exprOf(expr), `print ${expr}`);
}

test('precedence: or < and < equality < relational < string operators < additive < multiplicative < unary < postfix', () => {
  const cases: Array<[string, string]> = [
    ['a or b and c', '(a or (b and c))'],
    ['a and b or c', '((a and b) or c)'],
    ['a == 1 and b != 2', '((a == 1) and (b != 2))'],
    ['x < b == c', '((x < b) == c)'],
    ['x == b < c', '(x == (b < c))'],
    ['x < b =~ c', '(x < (b =~ c))'],
    ['x =~ b < c', '((x =~ b) < c)'],
    ['x == b =~ c', '(x == (b =~ c))'],
    ['a has b == c', '((a has b) == c)'],
    ['x + b < c', '((x + b) < c)'],
    ['a + b * c - d', '((a + (b * c)) - d)'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b % c', '((a / b) % c)'],
    ['-a.b * (c + 1)', '((-a.b) * {(c + 1)})'],
    ['1 * -2', '(1 * (-2))'],
    ['a contains "x" or b startswith "y"', '((a contains "x") or (b startswith "y"))'],
    ['a + 1 in (1, 2)', '((a + 1) in (1, 2))'],
    ['a between (1 .. 2) and b', '((a between (1 .. 2)) and b)'],
    ['a matches regex "x" and b', '((a matches regex "x") and b)'],
  ];
  for (const [expr, expected] of cases) assert.equal(shapeOf(expr), expected, expr);
});

test('comparisons of one level do not chain', () => {
  assert.equal(firstError('print 1 == 2 == 3').start, 13);
  assert.equal(firstError('print a < b < c').start, 12);
  assert.equal(firstError('print a =~ b has c').start, 13);
  assert.equal(firstError('print a in (1) == true').start, 15);
});

test('member and element access: a.b, a["b"], a[-1], a.[\'b c\'], a.[0], chains', () => {
  assert.equal(shapeOf('a.b.c'), 'a.b.c');
  assert.equal(shapeOf('a["b"]'), 'a["b"]');
  assert.equal(shapeOf('a[-1]'), 'a[(-1)]');
  assert.equal(shapeOf('a.b[0].c["d"]'), 'a.b[0].c["d"]');
  const bracketed = exprOf("a.['b c']");
  assert.equal(bracketed.kind, 'Member');
  assert.equal(bracketed.kind === 'Member' && bracketed.member.name, 'b c');
  assert.equal(bracketed.kind === 'Member' && bracketed.member.bracketed, true);
  assert.equal(shapeOf('a.[0]'), 'a[0]');
  assert.equal(shapeOf('todynamic(x)[0].name'), 'todynamic(x)[0].name');
  assert.equal(shapeOf('$left.Id == $right.Id'), '($left.Id == $right.Id)');
  // keywords are valid member names where the language allows them
  assert.equal(shapeOf('x.kind'), 'x.kind');
});

test('in-family and between', () => {
  assert.equal(shapeOf('a in ("x", "y")'), '(a in ("x", "y"))');
  assert.equal(shapeOf('a in~ ("x")'), '(a in~ ("x"))');
  assert.equal(shapeOf('a !in (1, 2)'), '(a !in (1, 2))');
  assert.equal(shapeOf('a !in~ ("x")'), '(a !in~ ("x"))');
  assert.equal(shapeOf('a has_any ("x", "y")'), '(a has_any ("x", "y"))');
  assert.equal(shapeOf('a has_all (dynamic(["x"]))'), '(a has_all (dynamic(["x"])))');
  assert.equal(shapeOf('a between (1 .. 10)'), '(a between (1 .. 10))');
  assert.equal(shapeOf('a !between (ago(1d) .. now())'), '(a !between (ago(1d) .. now()))');
  const tabular = exprOf('a in (T | where b > 1 | project c)');
  assert.equal(tabular.kind, 'In');
  assert.equal(tabular.kind === 'In' && tabular.items[0].kind, 'Pipe');
});

test('every string operator spelling', () => {
  const ops = [
    '=~', '!~', 'contains', '!contains', 'contains_cs', '!contains_cs', 'has', '!has', 'has_cs', '!has_cs',
    'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs', 'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs',
    'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
    'like', 'notlike', 'likecs', 'notlikecs', 'containscs', 'notcontains', 'notcontainscs', 'matches regex',
  ];
  for (const op of ops) {
    const e = exprOf(`a ${op} "x"`);
    assert.equal(e.kind, 'Binary', op);
    assert.equal(e.kind === 'Binary' && e.operator, op);
    assert.deepEqual(e.kind === 'Binary' && e.operatorSpan, { start: 8, end: 8 + op.length }, op);
  }
  for (const op of ['==', '!=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', 'and', 'or']) {
    const e = exprOf(`a ${op} b`);
    assert.equal(e.kind === 'Binary' && e.operator, op, op);
  }
});

test('calls: named arguments, star, tabular arguments, method-style calls', () => {
  const bag = exprOf("bag_unpack(d, 'p_', columnsConflict='replace_source')");
  assert.equal(bag.kind, 'Call');
  if (bag.kind !== 'Call') return;
  assert.equal(bag.args.length, 3);
  assert.equal(bag.args[2].kind, 'NamedArgument');
  assert.equal(bag.args[2].kind === 'NamedArgument' && bag.args[2].name.name, 'columnsConflict');
  const argmax = exprOf('arg_max(TimeGenerated, *)');
  assert.equal(argmax.kind === 'Call' && argmax.args[1].kind, 'Star');
  const ts = exprOf('toscalar(T | summarize count())');
  assert.equal(ts.kind === 'Call' && ts.args[0].kind, 'Pipe');
  const db = exprOf('cluster("c").database("d").T');
  assert.equal(db.kind, 'Member');
  if (db.kind !== 'Member') return;
  assert.equal(db.target.kind, 'Call');
  assert.equal(db.target.kind === 'Call' && db.target.callee.name, 'database');
  assert.equal(db.target.kind === 'Call' && db.target.target?.kind, 'Call');
  assert.equal(shapeOf('bin (t, 1h)'), 'bin(t, 1h)');
  assert.equal(shapeOf('count()'), 'count()');
});

test('names: bracketed, keywords usable as names, keywords that are not', () => {
  const b = exprOf("['a b']");
  assert.deepEqual(b.kind === 'NameReference' && { name: b.name.name, bracketed: b.name.bracketed }, { name: 'a b', bracketed: true });
  const w = exprOf('["where"]');
  assert.equal(w.kind === 'NameReference' && w.name.name, 'where');
  for (const word of ['count', 'kind', 'range', 'bin', 'title_x', 'on']) {
    assert.equal(exprOf(word).kind, 'NameReference', word);
  }
  for (const word of ['where', 'union', 'and', 'long', 'string']) {
    const e = firstError(`print ${word}`);
    assert.equal(e.start, 5, word);
  }
  assert.equal(firstError('print where').code, 'KQL1106');
});

test('unary, parentheses, typeof, null', () => {
  assert.equal(shapeOf('-(-1)'), '(-{(-1)})');
  assert.equal(firstError('print --1').start, 7);
  assert.equal(firstError('print !true').start, 5);
  const t = exprOf('typeof(long)');
  assert.equal(t.kind === 'TypeOf' && t.type.name, 'long');
  const n = exprOf('null');
  assert.equal(n.kind === 'Literal' && n.type, 'dynamic');
});

test('spans cover the source of each node', () => {
  const text = 'print  foo(a.b ,  "x")  ';
  const e = exprOf(text.slice(6));
  // exprOf re-parses as `print …`, so offsets are relative to that text
  const src = `print ${text.slice(6)}`;
  assert.equal(src.slice(e.span.start, e.span.end), 'foo(a.b ,  "x")');
  assert.equal(e.kind === 'Call' && src.slice(e.args[0].span.start, e.args[0].span.end), 'a.b');
});

test('[expr] operands and compound bracketed names', () => {
  const b = exprOf('[x + 1]');
  assert.equal(b.kind, 'Bracketed');
  const n = exprOf('["a" "b"]');
  assert.deepEqual(n.kind === 'NameReference' && [n.name.name, n.name.bracketed], ['ab', true]);
  // `*` is an operand of comparisons in where, but not of `in`
  assert.equal(shape(queryWhere('T | where * has "x"'), 'T | where * has "x"'), '(* has "x")');
  assert.ok(firstError('T | where * in ("x")'));
});

function queryWhere(text: string) {
  const q = queryOf(text);
  assert.ok(q.kind === 'Pipe' && q.operator.kind === 'WhereOperator');
  return q.operator.predicate;
}
