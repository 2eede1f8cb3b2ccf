// Diagnostics: shape, codes from the table, positions (offsets and line:column), partial results.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineColumn, parse, SyntaxDiagnostics } from '../../../src/kql/syntax/index.js';

test('lineColumn counts lines after \\n, \\r\\n and \\r, columns in UTF-16 code units from 1', () => {
  const text = 'ab\ncd\r\nef\rg';
  assert.deepEqual(lineColumn(text, 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumn(text, 2), { line: 1, column: 3 });
  assert.deepEqual(lineColumn(text, 3), { line: 2, column: 1 });
  assert.deepEqual(lineColumn(text, 5), { line: 2, column: 3 }); // the \r of \r\n
  assert.deepEqual(lineColumn(text, 7), { line: 3, column: 1 });
  assert.deepEqual(lineColumn(text, 10), { line: 4, column: 1 });
  assert.deepEqual(lineColumn('😀x', 2), { line: 1, column: 3 });
  assert.deepEqual(lineColumn('abc', 99), { line: 1, column: 4 });
});

test('a diagnostic carries code, severity, message, span and line:column', () => {
  const text = 'T\n| where x > 1\n| sumarize count()';
  const r = parse(text);
  assert.equal(r.diagnostics.length, 1);
  const d = r.diagnostics[0];
  assert.equal(d.code, SyntaxDiagnostics.QueryOperatorExpected.code);
  assert.equal(d.severity, 'error');
  assert.equal(text.slice(d.start, d.end), 'sumarize');
  assert.deepEqual([d.line, d.column], [3, 3]);
  assert.match(d.message, /operator/i);
});

test('codes are unique and in the KQL1xxx range', () => {
  const codes = Object.values(SyntaxDiagnostics).map((d) => d.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of codes) assert.match(c, /^KQL1\d{3}$/);
});

test('missing items are reported right after the previous token, even across comments and lines', () => {
  const text = 'T | where x ==   // nothing here\n| take 1';
  const d = parse(text).diagnostics[0];
  assert.deepEqual([d.code, d.start, d.end], [SyntaxDiagnostics.MissingExpression.code, 14, 14]);
  const eof = parse('print f(1   // c\n').diagnostics[0];
  assert.deepEqual([eof.code, eof.start], [SyntaxDiagnostics.ExpectedToken.code, 9]);
});

test('lexical errors: unterminated strings and typed literals, unexpected characters', () => {
  const s = parse('print "abc').diagnostics[0];
  assert.deepEqual([s.code, s.start], [SyntaxDiagnostics.UnterminatedString.code, 10]);
  const t = parse('print datetime(2020-01-01').diagnostics[0];
  assert.deepEqual([t.code, t.start], [SyntaxDiagnostics.UnterminatedLiteral.code, 25]);
  const c = parse('print 1 ~ 2').diagnostics[0];
  assert.deepEqual([c.code, c.start, c.end], [SyntaxDiagnostics.UnexpectedCharacter.code, 8, 9]);
});

test('after an error the statements completed before it are returned', () => {
  const r = parse('let a = 1; let b = 2; print a +');
  assert.equal(r.diagnostics.length, 1);
  assert.deepEqual(r.script.statements.map((s) => s.kind), ['LetStatement', 'LetStatement']);
  assert.deepEqual(r.script.span, { start: 0, end: 31 });
});

test('a valid query has no diagnostics at all', () => {
  assert.deepEqual(parse('SigninLogs | where ResultType == 0 | summarize count() by bin(TimeGenerated, 1h)').diagnostics, []);
});

test('a missing token is reported at the token found instead only when one space or tab separates them', () => {
  // conventions of the official parser, reproduced so that positions agree
  assert.equal(parse('print (1 x').diagnostics[0].start, 9);
  assert.equal(parse('print (1\tx').diagnostics[0].start, 9);
  assert.equal(parse('print (1  x').diagnostics[0].start, 8);
  assert.equal(parse('print (1\nx').diagnostics[0].start, 8);
  // a missing comma between list items, a missing `;` between statements
  assert.equal(parse('print 1 2').diagnostics[0].start, 8);
  assert.equal(parse('print 1\n2').diagnostics[0].start, 7);
  assert.equal(parse('T | where x > 1  y').diagnostics[0].start, 15);
});

test('a keyword used as a name is pointed at when what follows reads like a name', () => {
  assert.equal(parse('print where, 1').diagnostics[0].start, 6);
  assert.equal(parse('print where + 1').diagnostics[0].start, 5);
  assert.equal(parse('T | where x == where and y').diagnostics[0].start, 15);
  // a misspelt operator is pointed at, a keyword in operator position is not
  assert.equal(parse('T |  sumarize').diagnostics[0].start, 5);
  assert.equal(parse('T | by x').diagnostics[0].start, 3);
});
