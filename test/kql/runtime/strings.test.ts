// Operator examples from datatypes-string-operators.md (each row's example yields true) and the
// term rule of spec/kql.md S3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as s from '../../../src/kql/runtime/strings.js';

test('documented examples of the string operators', () => {
  assert.equal(s.equalsCi('abc', 'ABC'), true);
  assert.equal(s.has('North America', 'america'), true);
  assert.equal(s.has('North America', 'amer'), false);
  assert.equal(s.hasCs('North America', 'America'), true);
  assert.equal(s.hasCs('North America', 'america'), false);
  assert.equal(s.hasPrefix('North America', 'ame'), true);
  assert.equal(s.hasPrefix('North America', 'mer'), false);
  assert.equal(s.hasSuffix('North America', 'ica'), true);
  assert.equal(s.hasSuffix('North America', 'americ'), false);
  assert.equal(s.contains('FabriKam', 'BRik'), true);
  assert.equal(s.contains('Fabrikam', 'xyz'), false);
  assert.equal(s.containsCs('FabriKam', 'Kam'), true);
  assert.equal(s.containsCs('Fabrikam', 'Kam'), false);
  assert.equal(s.startsWith('Fabrikam', 'fab'), true);
  assert.equal(s.startsWith('Fabrikam', 'kam'), false);
  assert.equal(s.startsWithCs('Fabrikam', 'Fab'), true);
  assert.equal(s.startsWithCs('Fabrikam', 'fab'), false);
  assert.equal(s.endsWith('Fabrikam', 'Kam'), true);
  assert.equal(s.endsWith('Fabrikam', 'brik'), false);
});

test('has matches whole terms only (S3)', () => {
  assert.equal(s.has('KustoExplorerQueryRun', 'Explorer'), false);
  assert.equal(s.contains('KustoExplorerQueryRun', 'Explorer'), true);
  const text = 'Kusto:  ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;;WilliamGates3rd';
  for (const term of ['Kusto', 'WilliamGates3rd', 'ad67d136', 'c1db', '4f9f', '88ef', 'd94f3b6b0b5a']) assert.equal(s.has(text, term), true, term);
  assert.equal(s.has(text, 'Gates'), false);
  // punctuation in the right-hand side: boundaries apply at its alphanumeric ends
  assert.equal(s.has('user_contoso.com#EXT#@x.onmicrosoft.com', '#EXT#'), true);
  assert.equal(s.has('someone@live.com#x', 'live.com#'), true);
  assert.equal(s.has('alive.com#x', 'live.com#'), false);
});

test('constant-needle forms agree with the general ones', () => {
  const hay = 'The Quick brown-fox';
  for (const n of ['quick', 'QUICK', 'brown', 'fox', 'own', 'the q', '']) {
    assert.equal(s.hasConst(n, false)(hay), s.has(hay, n), `has ${n}`);
    assert.equal(s.hasConst(n, true)(hay), s.hasCs(hay, n), `has_cs ${n}`);
    assert.equal(s.containsConst(n, false)(hay), s.contains(hay, n), `contains ${n}`);
    assert.equal(s.startsWithConst(n, false)(hay), s.startsWith(hay, n), `startswith ${n}`);
    assert.equal(s.endsWithConst(n, false)(hay), s.endsWith(hay, n), `endswith ${n}`);
  }
});

test('strlen counts code points (strlen-function.md)', () => {
  assert.equal(s.codePointLength('hello'), 5);
  assert.equal(s.codePointLength('⒦⒰⒮⒯⒪'), 5);
  assert.equal(s.codePointLength('C\u0327edilla'), 8);
});
