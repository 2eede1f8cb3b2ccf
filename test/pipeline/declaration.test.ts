// The stream declaration check: declared columns are stored with the values coerced as Azure does,
// undeclared properties are dropped (spec/azure-wire-contracts.md §4.7 [doc]) and counted, and a
// value that cannot take its declared type refuses the whole request with the record and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IngestError } from '../../src/pipeline/index.js';
import { openRig, simpleRoute, type Col } from './helpers.js';

const COLS: Col[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Name', type: 'string' },
  { name: 'Count', type: 'int' },
  { name: 'Big', type: 'long' },
  { name: 'Ratio', type: 'real' },
  { name: 'Ok', type: 'boolean' },
  { name: 'Props', type: 'dynamic' },
];

test('declared columns are stored, undeclared properties are dropped and counted per stream and field', async (t) => {
  const rig = await openRig(t);
  const dcr = await simpleRoute(rig, 'Decl_CL', COLS, 'Custom-Decl', COLS);
  const receipt = await rig.pipeline.ingest({
    dcrImmutableId: dcr,
    stream: 'Custom-Decl',
    body: [
      { TimeGenerated: '2024-03-01T10:00:00Z', Name: 'a', Count: 1, Extra: 'x', Other: 1 },
      { TimeGenerated: '2024-03-01T10:00:01Z', Name: 'b', Count: 2, Extra: 'y' },
    ],
  });
  assert.equal(receipt.records, 2);
  assert.equal(receipt.rowsStored, 2);
  assert.equal(receipt.droppedFields, 3);
  assert.notEqual(receipt.commit, null);
  assert.deepEqual(await rig.rows('SELECT "Name", "Count" FROM "Decl_CL" ORDER BY "Name"'), [['a', 1], ['b', 2]]);
  // Undeclared properties leave no column behind.
  const cols = (await rig.engine.getTable('Decl_CL'))!.columns.map((c) => c.name);
  assert.ok(!cols.includes('Extra') && !cols.includes('Other'));
  const s = rig.pipeline.snapshot().streams.find((x) => x.stream === 'Custom-Decl')!;
  assert.deepEqual({ ...s.droppedFields }, { Extra: 2, Other: 1 });
  assert.equal(s.records, 2);
  assert.equal(s.requests, 1);
  assert.equal(s.flows[0].rowsStored, 2);
});

test('values are coerced as Azure does: documented datetime forms, numbers in strings, anything into dynamic', async (t) => {
  const rig = await openRig(t);
  const dcr = await simpleRoute(rig, 'Coerce_CL', COLS, 'Custom-Coerce', COLS);
  // Datetime forms and their UTC instants are the examples of the Kusto datetime documentation
  // (datetime.md: ISO 8601, RFC 822, RFC 850, sortable) and of DateTimeOffset's offset form.
  const body = [
    { Name: 'iso', TimeGenerated: '2014-05-25T08:20:03.123456Z', Count: '42', Big: '9000000000', Ratio: '2.5', Ok: 'true', Props: { a: [1, 2] } },
    { Name: 'rfc822', TimeGenerated: 'Sat, 8 Nov 14 15:05:02 GMT', Count: 7, Big: 12, Ratio: 1, Ok: false, Props: 'text' },
    { Name: 'rfc850', TimeGenerated: 'Saturday, 08-Nov-14 15:05:02 GMT', Props: 5 },
    { Name: 'sortable', TimeGenerated: '2014-11-08 15:55:55' },
    { Name: 'offset', TimeGenerated: '2009-06-15T13:45:30.0000000-07:00' },
  ];
  const r = await rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'Custom-Coerce', body });
  assert.equal(r.rowsStored, 5);
  const rows = await rig.rows('SELECT "Name", "TimeGenerated", "Count", "Big", "Ratio", "Ok", "Props" FROM "Coerce_CL" ORDER BY "Name"');
  const byName = Object.fromEntries(rows.map((row) => [row[0], row.slice(1)]));
  assert.deepEqual(byName['iso'], ['2014-05-25T08:20:03.123456Z', 42, 9000000000n, 2.5, true, '{"a":[1,2]}']);
  assert.deepEqual(byName['rfc822'], ['2014-11-08T15:05:02.000000Z', 7, 12n, 1, false, '"text"']);
  assert.deepEqual(byName['rfc850'], ['2014-11-08T15:05:02.000000Z', null, null, null, null, '5']);
  assert.equal(byName['sortable'][0], '2014-11-08T15:55:55.000000Z');
  assert.equal(byName['offset'][0], '2009-06-15T20:45:30.000000Z');
});

test('canonical UTC datetimes with 0 to 7 fractional digits keep their instant (µs storage)', async (t) => {
  const rig = await openRig(t);
  const dcr = await simpleRoute(rig, 'Frac_CL', COLS, 'Custom-Frac', COLS);
  const body = [
    { Name: 'f0', TimeGenerated: '2024-02-29T23:59:59Z' },
    { Name: 'f3', TimeGenerated: '2024-02-29T23:59:59.123Z' },
    { Name: 'f7', TimeGenerated: '2024-02-29T23:59:59.1234567Z' },
  ];
  await rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'Custom-Frac', body });
  assert.deepEqual(await rig.rows('SELECT "Name", "TimeGenerated" FROM "Frac_CL" ORDER BY "Name"'), [
    ['f0', '2024-02-29T23:59:59.000000Z'],
    ['f3', '2024-02-29T23:59:59.123000Z'],
    // KQL's 100 ns ticks are kept to the microsecond by storage (docs/architecture.md).
    ['f7', '2024-02-29T23:59:59.123456Z'],
  ]);
});

test('an uncoercible value refuses the whole request with its record index and field; nothing is stored', async (t) => {
  const rig = await openRig(t);
  const dcr = await simpleRoute(rig, 'Bad_CL', COLS, 'Custom-Bad', COLS);
  const cases: { body: unknown[]; index: number; field: string }[] = [
    { body: [{ TimeGenerated: '2024-01-01T00:00:00Z', Count: 1 }, { TimeGenerated: '2024-01-01T00:00:00Z', Count: 'abc' }], index: 1, field: 'Count' },
    { body: [{ TimeGenerated: 'not a date' }], index: 0, field: 'TimeGenerated' },
    { body: [{ TimeGenerated: '2024-01-01T00:00:00Z' }, {}, { TimeGenerated: '2024-01-01T00:00:00Z', Ok: 'maybe' }], index: 2, field: 'Ok' },
    // 2^31 does not fit an int column.
    { body: [{ TimeGenerated: '2024-01-01T00:00:00Z', Count: 2147483648 }], index: 0, field: 'Count' },
    { body: [{ TimeGenerated: '2024-13-01T00:00:00Z' }], index: 0, field: 'TimeGenerated' },
  ];
  for (const c of cases) {
    await assert.rejects(
      rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'Custom-Bad', body: c.body }),
      (e: unknown) => {
        assert.ok(e instanceof IngestError);
        assert.equal(e.code, 'uncoercible_value');
        assert.equal(e.detail.recordIndex, c.index);
        assert.equal(e.detail.field, c.field);
        assert.match(e.message, new RegExp(`Record ${c.index}\\b.*'${c.field}'`));
        return true;
      },
    );
  }
  assert.deepEqual(await rig.rows('SELECT count(*) FROM "Bad_CL"'), [[0n]]);
  const s = rig.pipeline.snapshot().streams.find((x) => x.stream === 'Custom-Bad')!;
  assert.equal(s.rejected['uncoercible_value'], cases.length);
  assert.equal(s.requests, 0);
});

test('body shapes: an empty array stores nothing, one object is one record, other shapes are refused', async (t) => {
  const rig = await openRig(t);
  const dcr = await simpleRoute(rig, 'Shape_CL', COLS, 'Custom-Shape', COLS);
  const empty = await rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'Custom-Shape', body: [] });
  assert.equal(empty.records, 0);
  assert.equal(empty.commit, null);
  const one = await rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'Custom-Shape', body: { TimeGenerated: '2024-01-01T00:00:00Z', Name: 'solo' } });
  assert.equal(one.rowsStored, 1);
  for (const body of [42, 'x', null, [1], [{ TimeGenerated: '2024-01-01T00:00:00Z' }, ['nested']]]) {
    await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'Custom-Shape', body }), (e: unknown) => e instanceof IngestError && e.code === 'invalid_payload');
  }
  assert.deepEqual(await rig.rows('SELECT "Name" FROM "Shape_CL"'), [['solo']]);
});

test('unknown DCRs and streams are refused by name', async (t) => {
  const rig = await openRig(t);
  const dcr = await simpleRoute(rig, 'Route_CL', COLS, 'Custom-Route', COLS);
  await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: 'dcr-00000000000000000000000000000000', stream: 'Custom-Route', body: [] }), (e: unknown) => e instanceof IngestError && e.code === 'unknown_dcr' && /dcr-0{32}/.test(e.message));
  await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'Custom-Nope', body: [] }), (e: unknown) => e instanceof IngestError && e.code === 'unknown_stream' && /Custom-Nope/.test(e.message));
  // Stream names are case-sensitive.
  await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'custom-route', body: [] }), (e: unknown) => e instanceof IngestError && e.code === 'unknown_stream');
});

test('string values longer than 64 KB are truncated at a character boundary and counted', async (t) => {
  const rig = await openRig(t);
  const dcr = await simpleRoute(rig, 'Long_CL', COLS, 'Custom-Long', COLS);
  // 40,000 two-byte characters are 80,000 UTF-8 bytes; the limit is 65,536 bytes.
  const long = 'é'.repeat(40_000);
  const r = await rig.pipeline.ingest({ dcrImmutableId: dcr, stream: 'Custom-Long', body: [{ TimeGenerated: '2024-01-01T00:00:00Z', Name: long }] });
  assert.equal(r.truncatedFields, 1);
  const [[len, bytes]] = await rig.rows('SELECT length("Name"), strlen("Name") FROM "Long_CL"');
  assert.equal(bytes, 65_536n);
  assert.equal(len, 32_768n);
  assert.equal(rig.pipeline.snapshot().streams[0].truncatedFields['Name'], 1);
});
