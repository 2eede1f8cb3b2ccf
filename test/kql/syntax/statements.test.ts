// Statements: let (scalar, tabular, materialize, functions with scalar and tabular parameters,
// views), declare query_parameters, set, alias, restrict; function bodies.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstError, statementsOf } from './helpers.js';

test('let of a scalar, a tabular expression and materialize()', () => {
  const [a, b, c, d] = statementsOf('let n = 10; let t = T | where x > n; let m = materialize(T | take 1); m | union t');
  assert.equal(a.kind === 'LetStatement' && a.value.kind, 'Literal');
  assert.equal(b.kind === 'LetStatement' && b.value.kind, 'Pipe');
  assert.equal(c.kind === 'LetStatement' && c.value.kind === 'Call' && c.value.callee.name, 'materialize');
  assert.equal(d.kind, 'ExpressionStatement');
  assert.equal(firstError('print materialize(T)').code, 'KQL1113');
});

test('let function with typed, defaulted and tabular parameters', () => {
  const [f, g, h] = statementsOf(
    'let f = (a:long, b:string = "x") { a + 1 }; let g = (T:(*), n:int = 10) { T | take n }; let h = (T:(a:string, b:long)) { T }; print f(1)',
  );
  assert.equal(f.kind, 'LetStatement');
  if (f.kind !== 'LetStatement' || f.value.kind !== 'FunctionDefinition') throw new Error('not a function');
  assert.deepEqual(
    f.value.parameters.map((p) => [p.name.name, p.type.kind === 'ScalarType' ? p.type.name : 'tabular', p.default?.kind]),
    [['a', 'long', undefined], ['b', 'string', 'Literal']],
  );
  assert.equal(f.value.body.result?.kind, 'Binary');
  if (g.kind !== 'LetStatement' || g.value.kind !== 'FunctionDefinition') throw new Error('not a function');
  assert.deepEqual(g.value.parameters[0].type.kind === 'TabularType' && [g.value.parameters[0].type.wildcard, g.value.parameters[0].type.columns.length], [true, 0]);
  if (h.kind !== 'LetStatement' || h.value.kind !== 'FunctionDefinition') throw new Error('not a function');
  assert.deepEqual(h.value.parameters[0].type.kind === 'TabularType' && h.value.parameters[0].type.columns.map((c) => c.type.name), ['string', 'long']);
});

test('Sentinel idiom: table-valued function over table() used by union', () => {
  const stmts = statementsOf(
    'let aadFunc = (tableName:string) { table(tableName) | where ResultType == 0 | project UserPrincipalName };\n' +
      'union isfuzzy=true aadFunc("SigninLogs"), aadFunc("AADNonInteractiveUserSignInLogs")',
  );
  assert.equal(stmts.length, 2);
  const u = stmts[1];
  assert.equal(u.kind === 'ExpressionStatement' && u.expression.kind, 'UnionOperator');
});

test('function bodies: let statements, optional result, trailing semicolon', () => {
  const [f] = statementsOf('let f = (a:long) { let b = a * 2; let c = b + 1; c }; print f(1)');
  if (f.kind !== 'LetStatement' || f.value.kind !== 'FunctionDefinition') throw new Error('not a function');
  assert.deepEqual([f.value.body.statements.length, f.value.body.result?.kind], [2, 'NameReference']);
  statementsOf('let f = (a:long) { a; }; print 1');
  statementsOf('let f = () { }; print 1');
  assert.equal(firstError('let f = (a:long) { let b = 1 }; print 1').start, 29);
  assert.equal(firstError('let f = (a:long) { a; a }; print 1').start, 22);
});

test('views and parameterless functions', () => {
  const [v] = statementsOf('let f = view () { T | take 1 }; f');
  assert.equal(v.kind === 'LetStatement' && v.value.kind === 'FunctionDefinition' && v.value.view, true);
  const [g] = statementsOf('let g = () { now() }; print g()');
  assert.equal(g.kind === 'LetStatement' && g.value.kind === 'FunctionDefinition' && g.value.parameters.length, 0);
  // a parenthesised expression is not a parameter list
  const [h] = statementsOf('let h = (T | take 1); h');
  assert.equal(h.kind === 'LetStatement' && h.value.kind, 'Parenthesized');
});

test('declare query_parameters, set, alias, restrict', () => {
  const [q] = statementsOf('declare query_parameters(a:string, b:long = 5); T | where c == a');
  assert.deepEqual(q.kind === 'QueryParametersStatement' && q.parameters.map((p) => [p.name.name, p.default !== undefined]), [['a', false], ['b', true]]);
  const [s1, s2] = statementsOf('set querytrace; set query_now = datetime(2020-01-01); print now()');
  assert.deepEqual(s1.kind === 'SetStatement' && [s1.name.name, s1.value], ['querytrace', undefined]);
  assert.equal(s2.kind === 'SetStatement' && s2.value?.kind, 'Literal');
  const [al] = statementsOf('alias database DB = cluster("https://c.kusto.windows.net").database("d"); DB.T');
  assert.equal(al.kind === 'AliasStatement' && al.name.name, 'DB');
  const [r] = statementsOf('restrict access to (T, U*); T');
  assert.deepEqual(r.kind === 'RestrictStatement' && r.tables.map((t) => t.kind), ['NameReference', 'WildcardName']);
});

test('let names: keywords usable as let names, bracketed names', () => {
  const [a, b] = statementsOf("let count = 1; let ['my value'] = 2; print count");
  assert.equal(a.kind === 'LetStatement' && a.name.name, 'count');
  assert.deepEqual(b.kind === 'LetStatement' && [b.name.name, b.name.bracketed], ['my value', true]);
  assert.ok(firstError('let where = 1; print 1'));
});

test('statement separators', () => {
  assert.equal(statementsOf('let a = 1;\nlet b = 2;\nprint a + b;').length, 3);
  assert.equal(firstError('print x = 1;;print 2').start, 12);
  assert.equal(firstError(';print 1').start, 0);
  assert.equal(statementsOf('').length, 0);
  assert.equal(statementsOf('// nothing but a comment').length, 0);
});

test('declare pattern with parameters, path parameter and matches', () => {
  const [pat] = statementsOf(
    'declare pattern country = (name:string)[state:string]\n{\n  ("USA").["New York"] = { print Capital = "Albany" };\n  ("Canada").Alberta = { print Capital = "Edmonton" };\n};\ncountry("Canada").Alberta',
  );
  assert.equal(pat.kind, 'PatternStatement');
  if (pat.kind !== 'PatternStatement') return;
  assert.deepEqual([pat.parameters?.length, pat.pathParameter?.name.name, pat.matches?.length], [1, 'state', 2]);
  const paths = pat.matches?.map((m) => (m.path?.kind === 'Name' ? m.path.name : m.path?.value));
  assert.deepEqual(paths, ['New York', 'Alberta']);
  const [bare] = statementsOf('declare pattern p; print 1');
  assert.equal(bare.kind === 'PatternStatement' && bare.matches, undefined);
  assert.ok(firstError('declare pattern p = (a:string) { ("x") { print 1 }; }; print 1'));
});
