// Schema-on-write of the HTTP Data Collector API (spec/azure-wire-contracts.md §5.4, §5.5): the
// suffix typing matrix, conversion into existing columns, conflicting types, the column limit,
// nested objects, field truncation, time-generated-field, _ResourceId and concurrent creation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLegacyRig } from './helpers.js';
import { LegacyIngestError } from '../../../src/pipeline/legacy/index.js';

const GUID = '9909ED01-A74C-4874-8ABF-D2678E3AE23D';

test('suffix typing matrix: one column per property, named and typed by the first value (§5.5)', async (t) => {
  const rig = await openLegacyRig(t);
  const receipt = await rig.legacy.ingest({
    logType: 'Matrix',
    body: [{
      StringValue: 'MyString1',
      IntValue: 42,
      RealValue: 3.25,
      BooleanValue: true,
      DateValue: '2016-05-12T20:00:00.625Z',
      GUIDValue: GUID,
      PlainGuidValue: '9909ed01a74c48748abfd2678e3ae23d',
      NumberText: '42',
      BoolText: 'true',
      SpaceDate: '2016-05-12 20:00:00',
      ArrayValue: [1, 'two', { three: 3 }],
      NullValue: null,
    }],
  });
  assert.equal(receipt.table, 'Matrix_CL');
  assert.equal(receipt.tableCreated, true);
  const cols = rig.columns('Matrix_CL');
  const expected: Record<string, string> = {
    StringValue_s: 'string',
    IntValue_d: 'real', // every JSON number is _d (double)
    RealValue_d: 'real',
    BooleanValue_b: 'bool',
    DateValue_t: 'datetime',
    GUIDValue_g: 'guid',
    PlainGuidValue_g: 'guid', // 32 hex digits without dashes is GUID-shaped
    NumberText_s: 'string', // strings are classified by shape only
    BoolText_s: 'string',
    SpaceDate_s: 'string', // not ISO 8601 date-T-time
    ArrayValue_s: 'string',
  };
  for (const [name, type] of Object.entries(expected)) assert.equal(cols[name], type, `column ${name}`);
  assert.equal(Object.keys(cols).some((c) => c.startsWith('NullValue')), false, 'a null property makes no column');
  assert.equal(cols.TimeGenerated, 'datetime');

  const [row] = await rig.rows(`SELECT StringValue_s, IntValue_d, RealValue_d, BooleanValue_b, DateValue_t, GUIDValue_g, PlainGuidValue_g, ArrayValue_s, SourceSystem, Type, TenantId FROM Matrix_CL`);
  assert.deepEqual(row.slice(0, 8), [
    'MyString1', 42, 3.25, true, '2016-05-12T20:00:00.625000Z',
    '9909ed01-a74c-4874-8abf-d2678e3ae23d', // stored in dashed form (guid values are lower case)
    '9909ed01-a74c-4874-8abf-d2678e3ae23d',
    '[1,"two",{"three":3}]',
  ]);
  assert.deepEqual(row.slice(8), ['RestAPI', 'Matrix_CL', rig.ws.workspace.id]);
});

test('nested objects are flattened with _ into suffixed columns; the source path is recorded', async (t) => {
  const rig = await openLegacyRig(t);
  // The AbnormalSecurity DCR rebuilds exactly these names from the nested objects.
  await rig.legacy.ingest({
    logType: 'Nested',
    body: { abx_metadata: { event_type: 'ThreatLog', trace_id: '5b3e8a0c-2f1d-4c55-9a7e-0d1c2b3a4f50' }, abx_body: { abx_body: { sender_auth_results: { spf: 'pass' }, attachment_count: 2 } }, '@timestamp': '2024-01-02T03:04:05Z' },
  });
  const cols = rig.columns('Nested_CL');
  assert.equal(cols.abx_metadata_event_type_s, 'string');
  assert.equal(cols.abx_metadata_trace_id_g, 'guid');
  assert.equal(cols.abx_body_abx_body_sender_auth_results_spf_s, 'string');
  assert.equal(cols.abx_body_abx_body_attachment_count_d, 'real');
  assert.equal(cols.timestamp_t, 'datetime', "'@timestamp' is named without its '@'");
  const [row] = await rig.rows('SELECT abx_metadata_event_type_s, abx_body_abx_body_sender_auth_results_spf_s, abx_body_abx_body_attachment_count_d FROM Nested_CL');
  assert.deepEqual(row, ['ThreatLog', 'pass', 2]);
  const doc = await rig.legacy.tableSources('Nested_CL');
  assert.deepEqual(doc?.sources.abx_body_abx_body_sender_auth_results_spf_s, ['abx_body', 'abx_body', 'sender_auth_results', 'spf']);
  assert.deepEqual(doc?.sources.timestamp_t, ['@timestamp']);
});

test('an existing column takes values that convert to its type; others make a column with the other suffix (§5.5)', async (t) => {
  const rig = await openLegacyRig(t);
  await rig.legacy.ingest({ logType: 'Evolve', body: [{ NumberValue: 42, BooleanValue: true, DateValue: '2016-05-12T20:00:00Z', GuidValue: GUID, Text: 'a' }] });
  const before = Object.keys(rig.columns('Evolve_CL')).sort();

  // All values as strings that convert: no new column.
  const r2 = await rig.legacy.ingest({ logType: 'Evolve', body: [{ NumberValue: '43', BooleanValue: 'false', DateValue: '2016-05-13T20:00:00Z', GuidValue: GUID.toLowerCase(), Text: 7 }] });
  assert.deepEqual(r2.columnsAdded, []);
  assert.deepEqual(Object.keys(rig.columns('Evolve_CL')).sort(), before);

  // Strings that do not convert: new _s columns, and the record is stored, not rejected.
  const r3 = await rig.legacy.ingest({ logType: 'Evolve', body: [{ NumberValue: 'MyString2', BooleanValue: 'MyString3' }] });
  assert.deepEqual(r3.columnsAdded.sort(), ['BooleanValue_s', 'NumberValue_s']);
  assert.equal(r3.rowsStored, 1);
  const cols = rig.columns('Evolve_CL');
  assert.equal(cols.NumberValue_d, 'real');
  assert.equal(cols.NumberValue_s, 'string');

  const rows = await rig.rows('SELECT NumberValue_d, NumberValue_s, BooleanValue_b, BooleanValue_s, Text_s FROM Evolve_CL ORDER BY TimeGenerated, NumberValue_d NULLS LAST');
  assert.deepEqual(rows.map((r) => r.slice(0, 4)).sort((a, b) => String(a).localeCompare(String(b))), [
    [42, null, true, null],
    [43, null, false, null],
    [null, 'MyString2', null, 'MyString3'],
  ].sort((a, b) => String(a).localeCompare(String(b))));
  assert.deepEqual(rows.map((r) => r[4]).filter((v) => v !== null).sort(), ['7', 'a'], 'a number converts into an existing _s column');
});

test('the 501st column: values beyond the 500-column limit go to AdditionalFields, no record is rejected (§5.4)', async (t) => {
  const rig = await openLegacyRig(t);
  const record: Record<string, number> = {};
  for (let i = 0; i < 600; i++) record[`f${String(i).padStart(3, '0')}`] = i;
  const r = await rig.legacy.ingest({ logType: 'Wide', body: [record] });
  assert.equal(r.rowsStored, 1);
  const def = rig.ws.getTable('Wide_CL')!;
  assert.equal(def.columns.length, 500, 'the table stops at 500 columns');
  assert.equal(def.columns.at(-1)?.name, 'AdditionalFields');
  assert.equal(def.columns.at(-1)?.type, 'dynamic');
  const regular = def.columns.filter((c) => /^f\d{3}_d$/.test(c.name)).length;
  assert.equal(r.overflowFields, 600 - regular);
  const [[bag]] = await rig.rows('SELECT AdditionalFields FROM Wide_CL');
  const extra = JSON.parse(bag as string) as Record<string, number>;
  assert.equal(Object.keys(extra).length, 600 - regular);
  assert.equal(extra.f599, 599);
  // A later record with one more new field: still stored, in AdditionalFields.
  const r2 = await rig.legacy.ingest({ logType: 'Wide', body: [{ another: 'x', f000: 1 }] });
  assert.equal(r2.rowsStored, 1);
  assert.deepEqual(r2.columnsAdded, []);
  assert.equal(rig.ws.getTable('Wide_CL')!.columns.length, 500);
});

test('schema evolution sequence with a small column limit: new field, conflicting type, the column after the last', async (t) => {
  const rig = await openLegacyRig(t, { maxColumns: 10 });
  // TimeGenerated + 5 system columns = 6; room for 3 regular columns, the 10th is AdditionalFields.
  await rig.legacy.ingest({ logType: 'Seq', body: { a: 1 } });
  assert.deepEqual((await rig.legacy.ingest({ logType: 'Seq', body: { a: 2, b: 'x' } })).columnsAdded, ['b_s']);
  assert.deepEqual((await rig.legacy.ingest({ logType: 'Seq', body: { a: 'not a number' } })).columnsAdded, ['a_s']);
  const r = await rig.legacy.ingest({ logType: 'Seq', body: { c: true, d: 'y' } });
  assert.deepEqual(r.columnsAdded, ['AdditionalFields']);
  assert.equal(r.overflowFields, 2);
  assert.equal(rig.ws.getTable('Seq_CL')!.columns.length, 10);
  const rows = await rig.rows('SELECT count(*) FROM Seq_CL');
  assert.equal(Number(rows[0][0]), 4, 'every record was stored');
});

test('string fields are truncated to 32 KB at a character boundary', async (t) => {
  const rig = await openLegacyRig(t);
  const long = 'é'.repeat(20_000); // 40,000 UTF-8 bytes
  const r = await rig.legacy.ingest({ logType: 'Trunc', body: { text: long, short: 'ok' } });
  assert.equal(r.truncatedFields, 1);
  const [[text, short]] = await rig.rows('SELECT text_s, short_s FROM Trunc_CL');
  assert.equal(Buffer.byteLength(text as string), 32 * 1024);
  assert.equal(text, 'é'.repeat(16 * 1024));
  assert.equal(short, 'ok');
});

test('time-generated-field: used inside [-2 days, +1 day] of receipt, else the receipt time', async (t) => {
  const now = new Date('2025-03-10T12:00:00.000Z');
  const rig = await openLegacyRig(t, { now: () => now });
  await rig.legacy.ingest({
    logType: 'Tg',
    timeGeneratedField: 'eventTime',
    body: [
      { n: 1, eventTime: '2025-03-09T08:30:00.5Z' }, // 27.5 h before: used
      { n: 2, eventTime: '2025-03-07T11:59:00Z' }, // more than 2 days before: receipt time
      { n: 3, eventTime: '2025-03-11T13:00:00Z' }, // more than 1 day after: receipt time
      { n: 4, eventTime: 'yesterday' }, // unparsable: receipt time
      { n: 5 }, // missing: receipt time
      { n: 6, eventTime: '2025-03-11T11:00:00+00:00' }, // 23 h after: used
    ],
  });
  const rows = await rig.rows('SELECT n_d, TimeGenerated, eventTime_t FROM Tg_CL ORDER BY n_d');
  assert.deepEqual(rows.map((r) => [r[0], r[1]]), [
    [1, '2025-03-09T08:30:00.500000Z'],
    [2, '2025-03-10T12:00:00.000000Z'],
    [3, '2025-03-10T12:00:00.000000Z'],
    [4, '2025-03-10T12:00:00.000000Z'],
    [5, '2025-03-10T12:00:00.000000Z'],
    [6, '2025-03-11T11:00:00.000000Z'],
  ]);
  assert.equal(rows[0][2], '2025-03-09T08:30:00.500000Z', 'the field is also stored as its own column');
});

test('x-ms-AzureResourceId fills _ResourceId; an empty header leaves it empty', async (t) => {
  const rig = await openLegacyRig(t);
  const rid = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
  await rig.legacy.ingest({ logType: 'Rid', body: { n: 1 }, resourceId: rid });
  await rig.legacy.ingest({ logType: 'Rid', body: { n: 2 }, resourceId: '' });
  const rows = await rig.rows('SELECT n_d, _ResourceId FROM Rid_CL ORDER BY n_d');
  assert.deepEqual(rows, [[1, rid], [2, null]]);
});

test('refusals: reserved property names, bodies that are not objects, invalid Log-Types; an empty array stores nothing', async (t) => {
  const rig = await openLegacyRig(t);
  for (const name of ['tenant', 'TimeGenerated', 'RawData']) {
    await assert.rejects(rig.legacy.ingest({ logType: 'Res', body: [{ ok: 1 }, { [name]: 'x' }] }), (e: unknown) => {
      assert.ok(e instanceof LegacyIngestError);
      assert.equal(e.code, 'reserved_property');
      assert.equal(e.detail.recordIndex, 1);
      return true;
    });
  }
  for (const body of [42, 'text', [1, 2], [{ a: 1 }, null]]) {
    await assert.rejects(rig.legacy.ingest({ logType: 'Res', body }), (e: unknown) => e instanceof LegacyIngestError && e.code === 'invalid_payload');
  }
  for (const logType of ['has-dash', 'has space', '', 'x'.repeat(101)]) {
    await assert.rejects(rig.legacy.ingest({ logType, body: { a: 1 } }), (e: unknown) => e instanceof LegacyIngestError && e.code === 'invalid_log_type');
  }
  assert.equal(rig.ws.getTable('Res_CL'), undefined, 'no refused request created the table');
  const empty = await rig.legacy.ingest({ logType: 'Health', body: [] });
  assert.equal(empty.rowsStored, 0);
  assert.equal(rig.ws.getTable('Health_CL'), undefined);
});

test('Log-Type length as Azure allows: up to 100 characters (tables of up to 103), not 101; the long table evolves like any other', async (t) => {
  const rig = await openLegacyRig(t);
  // 61 to 100 characters: the documented limit is 100, so <Log-Type>_CL runs to 103 characters.
  for (const n of [61, 62, 100]) {
    const logType = 'L'.repeat(n - 1) + String(n % 10);
    const r = await rig.legacy.ingest({ logType, body: { n } });
    assert.equal(r.table, `${logType}_CL`);
    assert.equal(r.table.length, n + 3);
    assert.equal(r.tableCreated, true);
  }
  const longest = `${'L'.repeat(99)}0_CL`;
  // A later post adds a column to the 103-character table (an update keeps the stored name).
  await rig.legacy.ingest({ logType: longest.slice(0, -3), body: { n: 7, extra: 'x' } });
  assert.equal(rig.columns(longest).extra_s, 'string');
  assert.deepEqual(await rig.rows(`SELECT n_d, extra_s FROM "${longest}" ORDER BY n_d`), [[7, 'x'], [100, null]]);
  await assert.rejects(rig.legacy.ingest({ logType: 'L'.repeat(101), body: { n: 1 } }), (e: unknown) => e instanceof LegacyIngestError && e.code === 'invalid_log_type');
  // The Tables API keeps its own limit for tables it creates; only classic tables are longer.
  await assert.rejects(rig.ws.putTable(`${'T'.repeat(61)}_CL`, { properties: { schema: { columns: [{ name: 'TimeGenerated', type: 'datetime' }] } } }), /63 characters/);
});

test('bare-name columns come from the table profile (darktrace_model_alerts_CL), other tables suffix every property', async (t) => {
  const rig = await openLegacyRig(t);
  const alert = { SourceIP: '10.0.0.5', Message: 'breach', Category: 'Critical', Severity: 4, modelName: 'Unrestricted Test Model' };
  await rig.legacy.ingest({ logType: 'darktrace_model_alerts', body: alert });
  const cols = rig.columns('darktrace_model_alerts_CL');
  assert.equal(cols.SourceIP, 'string');
  assert.equal(cols.Message, 'string');
  assert.equal(cols.Category, 'string');
  assert.equal(cols.Severity, 'real');
  assert.equal(cols.modelName_s, 'string');
  assert.equal(cols.SourceIP_s, undefined);
  const [row] = await rig.rows('SELECT SourceIP, Message, Category, Severity, modelName_s FROM darktrace_model_alerts_CL');
  assert.deepEqual(row, ['10.0.0.5', 'breach', 'Critical', 4, 'Unrestricted Test Model']);
  // A value that does not fit the bare column's type falls back to the suffix rules.
  await rig.legacy.ingest({ logType: 'darktrace_model_alerts', body: { Severity: 'high' } });
  assert.equal(rig.columns('darktrace_model_alerts_CL').Severity_s, 'string');

  await rig.legacy.ingest({ logType: 'Other', body: alert });
  const other = rig.columns('Other_CL');
  assert.equal(other.SourceIP_s, 'string');
  assert.equal(other.SourceIP, undefined);
});

test('concurrency: many clients posting to the same new Log-Type create one table with one set of columns', async (t) => {
  const rig = await openLegacyRig(t);
  const clients = 24;
  const results = await Promise.all(Array.from({ length: clients }, (_, i) => rig.legacy.ingest({
    logType: 'Burst',
    body: [{ client: i, name: `c${i}`, ok: true, at: '2025-01-01T00:00:00Z', nested: { deep: i } }],
  })));
  assert.equal(results.filter((r) => r.tableCreated).length, 1, 'exactly one request created the table');
  const cols = Object.keys(rig.columns('Burst_CL')).sort();
  assert.deepEqual(cols, ['Computer', 'MG', 'ManagementGroupName', 'RawData', 'SourceSystem', 'TimeGenerated', 'at_t', 'client_d', 'name_s', 'nested_deep_d', 'ok_b'].sort());
  const [[n, distinct]] = await rig.rows('SELECT count(*), count(DISTINCT client_d) FROM Burst_CL');
  assert.equal(Number(n), clients);
  assert.equal(Number(distinct), clients);
  const physical = await rig.engine.getTable('Burst_CL');
  assert.equal(new Set(physical!.columns.map((c) => c.name.toLowerCase())).size, physical!.columns.length, 'no duplicate physical column');
});

test('shutdown: new requests are refused with shutting_down; a closed engine refuses with shutting_down and stores nothing', async (t) => {
  const rig = await openLegacyRig(t);
  await rig.legacy.ingest({ logType: 'Stop', body: { a: 1 } });
  rig.legacy.beginShutdown();
  await assert.rejects(rig.legacy.ingest({ logType: 'Stop', body: { a: 2 } }), (e: unknown) => e instanceof LegacyIngestError && e.code === 'shutting_down');

  const rig2 = await openLegacyRig(t);
  await rig2.legacy.ingest({ logType: 'Closed', body: { a: 1 } });
  await rig2.engine.close();
  await assert.rejects(rig2.legacy.ingest({ logType: 'Closed', body: { a: 2 } }), (e: unknown) => e instanceof LegacyIngestError && e.code === 'shutting_down');
  const snap = rig2.legacy.counters.snapshot();
  const stream = snap.streams.find((s) => s.stream === 'Closed_CL')!;
  assert.equal(stream.requests, 1, 'only the stored request is counted as committed');
  assert.equal(stream.rejected.shutting_down, 1);
});
