// Token boundaries. Expectations follow the lexical rules of the Kusto reference (identifiers,
// timespan suffixes, string forms, comments) and the official parser's tokenisation of
// hyphenated keywords and typed literals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenize } from '../../../src/kql/syntax/lexer.js';

function kinds(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.kind !== 'EndOfText')
    .map((t) => `${t.kind}:${t.text}`);
}

test('comments and whitespace separate tokens and are dropped', () => {
  assert.deepEqual(kinds('T // comment | where\n| take 1'), ['Identifier:T', 'Punctuation:|', 'Identifier:take', 'Long:1']);
  assert.deepEqual(kinds('a\t\r\n\u00a0b'), ['Identifier:a', 'Identifier:b']);
  assert.deepEqual(kinds('// only a comment'), []);
});

test('hyphenated, dotted and bang operators are single tokens', () => {
  assert.deepEqual(kinds('project-away mv-expand make-series parse-where top-nested'), [
    'Keyword:project-away', 'Keyword:mv-expand', 'Keyword:make-series', 'Keyword:parse-where', 'Keyword:top-nested',
  ]);
  assert.deepEqual(kinds('hint.strategy=shuffle'), ['Keyword:hint.strategy', 'Punctuation:=', 'Identifier:shuffle']);
  assert.deepEqual(kinds('a !in~ b !has_cs c in~ d !between e'), [
    'Identifier:a', 'Keyword:!in~', 'Identifier:b', 'Keyword:!has_cs', 'Identifier:c', 'Keyword:in~', 'Identifier:d', 'Keyword:!between', 'Identifier:e',
  ]);
  assert.deepEqual(kinds('a matches regex b'), ['Identifier:a', 'Keyword:matches regex', 'Identifier:b']);
  // a fixed word followed by identifier characters is not that word
  assert.deepEqual(kinds('project-awayx'), ['Identifier:project', 'Punctuation:-', 'Identifier:awayx']);
  assert.deepEqual(kinds('a - b'), ['Identifier:a', 'Punctuation:-', 'Identifier:b']);
});

test('punctuation, longest first', () => {
  const text = '== != <> <= >= =~ !~ => .. . < > = ! ( ) [ ] { } | , ; : * / % + - @ ?';
  assert.deepEqual(
    kinds(text).map((k) => k.slice(k.indexOf(':') + 1)),
    text.split(' '),
  );
});

test('numbers, timespans and identifiers that start with digits', () => {
  assert.deepEqual(kinds('1 1.5 1e3 0x1F 1..2'), ['Long:1', 'Real:1.5', 'Real:1e3', 'Long:0x1F', 'Long:1', 'Punctuation:..', 'Long:2']);
  assert.deepEqual(kinds('1d 1.5h 10microsecond 100ms 1tick 30m'), [
    'Timespan:1d', 'Timespan:1.5h', 'Timespan:10microsecond', 'Timespan:100ms', 'Timespan:1tick', 'Timespan:30m',
  ]);
  assert.deepEqual(kinds('1dx 2x'), ['Identifier:1dx', 'Identifier:2x']);
});

test('typed literals are one token when the type name touches the parenthesis', () => {
  assert.deepEqual(kinds('datetime(2015-12-31 23:59:59.9)'), ['TypedLiteral:datetime(2015-12-31 23:59:59.9)']);
  assert.deepEqual(kinds('guid(74be27de-1e4e-49d9-b579-fe0b331d3642) time(1.2:3:4)'), [
    'TypedLiteral:guid(74be27de-1e4e-49d9-b579-fe0b331d3642)', 'TypedLiteral:time(1.2:3:4)',
  ]);
  assert.deepEqual(kinds('datetime (x)'), ['Identifier:datetime', 'Punctuation:(', 'Identifier:x', 'Punctuation:)']);
  assert.deepEqual(kinds('dynamic([1])'), ['Identifier:dynamic', 'Punctuation:(', 'Punctuation:[', 'Long:1', 'Punctuation:]', 'Punctuation:)']);
  const unterminated = tokenize('datetime(2020-01-01\n)')[0];
  assert.equal(unterminated.kind, 'TypedLiteral');
  assert.equal(unterminated.error?.id, 'UnterminatedLiteral');
});

test('string forms', () => {
  assert.deepEqual(kinds(`"a\\"b" 'c' @"d""e" @'f' h"g" H@'i' \`\`\`j\nk\`\`\` ~~~l~~~`), [
    'String:"a\\"b"', "String:'c'", 'String:@"d""e"', "String:@'f'", 'String:h"g"', "String:H@'i'", 'String:```j\nk```', 'String:~~~l~~~',
  ]);
  const bad = tokenize('"abc\ndef"')[0];
  assert.equal(bad.kind, 'String');
  assert.equal(bad.error?.id, 'UnterminatedString');
  assert.equal(bad.error?.start, 4);
  assert.deepEqual(kinds('h + hx'), ['Identifier:h', 'Punctuation:+', 'Identifier:hx']);
});

test('booleans, raw guids, bracketed names, directives and bad characters', () => {
  assert.deepEqual(kinds('true False TRUE tRue'), ['Bool:true', 'Bool:False', 'Bool:TRUE', 'Identifier:tRue']);
  assert.deepEqual(kinds('74be27de-1e4e-49d9-b579-fe0b331d3642 '), ['RawGuid:74be27de-1e4e-49d9-b579-fe0b331d3642']);
  assert.deepEqual(kinds("['a b']"), ['Punctuation:[', "String:'a b'", 'Punctuation:]']);
  assert.deepEqual(kinds('#connect x\nT'), ['Directive:#connect x', 'Identifier:T']);
  const bad = tokenize('a ` b')[1];
  assert.equal(bad.kind, 'Bad');
  assert.equal(bad.error?.id, 'UnexpectedCharacter');
  assert.deepEqual(kinds('$left.a'), ['Identifier:$left', 'Punctuation:.', 'Identifier:a']);
});

test('token offsets are UTF-16 offsets into the text', () => {
  const toks = tokenize('print "é😀" , x'); // é is one code unit, 😀 two
  assert.deepEqual(toks.map((t) => [t.start, t.end]), [[0, 5], [6, 11], [12, 13], [14, 15], [15, 15]]);
});
