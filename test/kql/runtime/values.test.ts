// Numbers, guids, dynamic: expected values from the Kusto docs (toint, toguid, gettype, parse_json
// pages; MicrosoftDocs/dataexplorer-docs#914 for datetime typing inside dynamic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGuid } from '../../../src/kql/runtime/guid.js';
import { formatReal, longMod, parseInt32, parseLong, parseReal } from '../../../src/kql/runtime/numbers.js';
import { dynamicToString, dynamicTypeName, dynGet, dynIndex, formatDynamic, parseJson } from '../../../src/kql/runtime/dynamic.js';

test('toguid() per toguid-function.md', () => {
  assert.equal(parseGuid('0123456789abcdef0123456789abcdef'), '01234567-89ab-cdef-0123-456789abcdef');
  assert.equal(parseGuid('0123456789ab-cdef-0123-456789abcdef'), '01234567-89ab-cdef-0123-456789abcdef');
  assert.equal(parseGuid('a string that is not a guid'), null);
  assert.equal(parseGuid('74BE27DE-1E4E-49D9-B579-FE0B331D3642'), '74be27de-1e4e-49d9-b579-fe0b331d3642');
});

test('number parsing is strict about text but not about white space', () => {
  assert.equal(parseLong('123'), 123);
  assert.equal(parseLong(' -42 '), -42);
  assert.equal(parseLong(''), null);
  assert.equal(parseLong('12abc'), null);
  assert.equal(parseLong('0x1A'), null);
  assert.equal(parseReal('1.5e3'), 1500);
  assert.equal(parseReal(''), null);
  assert.equal(parseInt32('2147483648'), null);
  assert.equal(parseInt32('2147483647'), 2147483647);
});

test('modulo is never negative (numerical-operators.md)', () => {
  assert.deepEqual([longMod(14, 12), longMod(-14, 12), longMod(14, -12), longMod(-14, -12)], [2, 10, 2, 10]);
});

test('real string form', () => {
  assert.equal(formatReal(1.5), '1.5');
  assert.equal(formatReal(118), '118');
  assert.equal(formatReal(1e15), '1E+15');
  assert.equal(formatReal(0.0001), '0.0001');
  assert.equal(formatReal(0.00001), '1E-05');
  assert.equal(formatReal(NaN), 'NaN');
});

test('parse_json and gettype per gettype-function.md', () => {
  assert.equal(dynamicTypeName(parseJson('1')), 'int');
  assert.equal(dynamicTypeName(parseJson(' "abc" ')), 'string');
  assert.equal(dynamicTypeName(parseJson(' {"abc":1} ')), 'dictionary');
  assert.equal(dynamicTypeName(parseJson(' [1, 2, 3] ')), 'array');
  assert.equal(dynamicTypeName(parseJson('')), 'null');
  // not JSON: a dynamic string holding the text
  assert.equal(parseJson('not json'), 'not json');
});

test('JSON strings that look like ISO datetimes become datetimes (dataexplorer-docs#914)', () => {
  const d = parseJson('{"t":"2021-11-18T00:03:35"}');
  assert.equal(formatDynamic(d), '{"t":"2021-11-18T00:03:35.0000000Z"}');
  assert.equal(dynamicTypeName(dynGet(d, 't')), 'datetime');
});

test('parse_json page: reals print without a trailing .0; nested access', () => {
  const d = parseJson('{"duration":{"value":118.0,"count":5.0,"min":100.0,"max":150.0,"stdDev":0.0,"sampledValue":118.0,"sum":118.0}}');
  assert.equal(formatDynamic(d), '{"duration":{"value":118,"count":5,"min":100,"max":150,"stdDev":0,"sampledValue":118,"sum":118}}');
  assert.equal(dynamicToString(dynGet(dynGet(d, 'duration'), 'min')), '100');
  const e = parseJson('{"a":123, "b":"{\\"c\\":456}"}');
  assert.equal(dynamicToString(dynGet(parseJson(dynamicToString(dynGet(e, 'b'))), 'c')), '456');
});

test('dynamic access: missing keys and out-of-range indexes are null; negative indexes count from the end', () => {
  const d = parseJson('{"a":[1,2,3]}');
  assert.equal(dynGet(d, 'zz'), null);
  assert.equal(dynIndex(dynGet(d, 'a'), -1), 3);
  assert.equal(dynIndex(dynGet(d, 'a'), 3), null);
  assert.equal(dynGet(parseJson('{}'), '__proto__'), null);
});
