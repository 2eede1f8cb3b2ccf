// RE2 constructs (re2.md) translated to JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRe2, RegexSyntaxError, translateRe2 } from '../../../src/kql/runtime/regex.js';

test('named groups in RE2 syntax', () => {
  const m = compileRe2('(?P<first>\\w)(?P<rest>\\w+)').exec('abc');
  assert.equal(m?.groups?.first, 'a');
  assert.equal(m?.groups?.rest, 'bc');
});

test('leading flag groups and the ungreedy flag', () => {
  assert.ok(compileRe2('(?i)abc').test('ABC'));
  // U swaps greediness: `.*` becomes lazy and `.*?` greedy
  assert.equal(compileRe2('a(.*)b', 'U').exec('a1b2b')?.[1], '1');
  assert.equal(compileRe2('a(.*?)b', 'U').exec('a1b2b')?.[1], '1b2');
  assert.equal(translateRe2('x{2,3}', 'U').source, 'x{2,3}?');
});

test('POSIX classes, \\A, \\z, \\Q…\\E', () => {
  assert.ok(compileRe2('^[[:alpha:]]+$').test('abcXYZ'));
  assert.ok(!compileRe2('^[[:digit:]]+$').test('12a'));
  assert.ok(compileRe2('\\Aab\\z').test('ab'));
  assert.ok(!compileRe2('ab\\z', 'm').test('ab\nc'));
  assert.ok(compileRe2('\\Qa.b\\E').test('a.b'));
  assert.ok(!compileRe2('\\Qa.b\\E').test('axb'));
});

test('unsupported constructs are rejected by name', () => {
  assert.throws(() => compileRe2('(?=x)'), RegexSyntaxError);
  assert.throws(() => compileRe2('\\C'), RegexSyntaxError);
  assert.throws(() => compileRe2('(unclosed'), RegexSyntaxError);
});
