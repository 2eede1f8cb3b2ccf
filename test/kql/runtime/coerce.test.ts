// Ingestion coercion of JSON values to declared column types (coerce.ts): documented datetime forms,
// numbers in strings, dynamic typing, null/absent handling, failures reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRecordCoercer, COERCION_FAILED, valueCoercer } from '../../../src/kql/runtime/coerce.js';
import { formatDatetime } from '../../../src/kql/runtime/datetime.js';
import { formatDynamic } from '../../../src/kql/runtime/dynamic.js';
import type { ColumnDecl, Dynamic } from '../../../src/kql/runtime/types.js';

test('datetime columns take every documented text form; epoch numbers are refused', () => {
  const c = valueCoercer('datetime');
  assert.equal(formatDatetime(c('2021-11-07T09:13:06.570354Z') as bigint), '2021-11-07T09:13:06.5703540Z'); // the transformations article's sample
  assert.equal(formatDatetime(c('Sat, 8 Nov 14 15:05:02 GMT') as bigint), '2014-11-08T15:05:02.0000000Z');
  assert.equal(c(null), null);
  assert.equal(c(undefined), null);
  assert.equal(c(1432146610), COERCION_FAILED);
  assert.equal(c('yesterday'), COERCION_FAILED);
});

test('numeric columns take numbers and numbers in strings', () => {
  assert.equal(valueCoercer('long')('42'), 42);
  assert.equal(valueCoercer('long')(42), 42);
  assert.equal(valueCoercer('long')(2.7), 2); // truncated, as tolong(2.7)
  assert.equal(valueCoercer('int')(2 ** 31), COERCION_FAILED);
  assert.equal(valueCoercer('real')('1e3'), 1000);
  assert.equal(valueCoercer('real')('x'), COERCION_FAILED);
  assert.equal(valueCoercer('bool')('True'), true);
  assert.equal(valueCoercer('bool')(0), false);
  assert.equal(valueCoercer('guid')('{74BE27DE-1E4E-49D9-B579-FE0B331D3642}'), '74be27de-1e4e-49d9-b579-fe0b331d3642');
  assert.equal(valueCoercer('guid')('74be27de-1e4e-49d9-b579-fe0b331d3642x'), COERCION_FAILED);
});

test('string columns: absent is "", objects keep their JSON text', () => {
  const c = valueCoercer('string');
  assert.equal(c(undefined), '');
  assert.equal(c(null), '');
  assert.equal(c(12), '12');
  assert.equal(c({ a: [1, 'x'] }), '{"a":[1,"x"]}');
});

test('dynamic columns keep the JSON value, typing ISO datetime strings (as parse_json does)', () => {
  const c = valueCoercer('dynamic');
  const v = { Level: 2, DeviceID: 'apollo13', At: '2021-11-18T00:03:35' };
  assert.equal(formatDynamic(c(v) as Dynamic), '{"Level":2,"DeviceID":"apollo13","At":"2021-11-18T00:03:35.0000000Z"}');
  const plain = { Level: 2, DeviceID: 'apollo13' };
  assert.equal(c(plain), plain); // nothing to type: the same object, no copy
  assert.equal(c(undefined), null);
});

test('a record coercer keeps exactly the declared columns, in order, and reports failures', () => {
  const cols: ColumnDecl[] = [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Count', type: 'int' },
    { name: 'constructor', type: 'string' },
    { name: 'Message', type: 'string' },
  ];
  const failures: string[] = [];
  const coerce = compileRecordCoercer(cols, (column, type, value) => failures.push(`${column}:${type}:${String(value)}`));
  const rec = coerce({ Message: 'hi', Count: 'many', Extra: true, TimeGenerated: '2024-01-01T00:00:00Z' });
  assert.deepEqual(Object.keys(rec), ['TimeGenerated', 'Count', 'constructor', 'Message']);
  assert.deepEqual([rec.Count, rec.constructor, rec.Message], [null, '', 'hi']); // `constructor` is not read from Object.prototype
  assert.deepEqual(failures, ['Count:int:many']);
});
