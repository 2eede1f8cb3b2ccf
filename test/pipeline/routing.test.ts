// Routing through every data flow that lists the stream, the dead-letter table, and the cache of
// compiled streams following DCR and table changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEAD_LETTER_TABLE } from '../../src/pipeline/index.js';
import { dcrBody, openRig, tableBody, type Col } from './helpers.js';

const TG: Col = { name: 'TimeGenerated', type: 'datetime' };

test('one stream feeding two flows writes both tables in one atomic commit', async (t) => {
  const rig = await openRig(t);
  await rig.ws.putTable('FlowA_CL', tableBody('FlowA_CL', [TG, { name: 'User', type: 'string' }]));
  await rig.ws.putTable('FlowB_CL', tableBody('FlowB_CL', [TG, { name: 'Host', type: 'string' }, { name: 'Port', type: 'int' }]));
  const stream = 'Custom-Both';
  const cols: Col[] = [TG, { name: 'User', type: 'string' }, { name: 'Host', type: 'string' }, { name: 'Port', type: 'int' }];
  const { dcr } = await rig.ws.putDcr('two-flows', dcrBody(rig.ws, { [stream]: cols }, [
    { streams: [stream], outputStream: 'Custom-FlowA_CL' },
    { streams: [stream], outputStream: 'Custom-FlowB_CL' },
  ]));
  const commitsBefore = rig.engine.stats().journal.appendCalls;
  const r = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: [
    { TimeGenerated: '2024-01-01T00:00:00Z', User: 'alice', Host: 'h1', Port: '443' },
    { TimeGenerated: '2024-01-01T00:00:01Z', User: 'bob', Host: 'h2', Port: 22 },
  ] });
  // One append call carried both tables (the engine commits one call atomically).
  assert.equal(rig.engine.stats().journal.appendCalls - commitsBefore, 1);
  assert.deepEqual(r.tables, { FlowA_CL: 2, FlowB_CL: 2 });
  assert.equal(r.rowsStored, 4);
  assert.deepEqual(await rig.rows('SELECT "User" FROM "FlowA_CL" ORDER BY 1'), [['alice'], ['bob']]);
  assert.deepEqual(await rig.rows('SELECT "Host", "Port" FROM "FlowB_CL" ORDER BY 1'), [['h1', 443], ['h2', 22]]);
  const s = rig.pipeline.snapshot().streams[0];
  assert.deepEqual(s.flows.map((f) => [f.index, f.outputTable, f.rowsStored]), [[0, 'FlowA_CL', 2], [1, 'FlowB_CL', 2]]);
});

test('a row that cannot be stored goes to the dead-letter table with its reason; the rest of the request is stored', async (t) => {
  const rig = await openRig(t);
  // The stream declares Count as a string but the table stores an int: "12" converts, "many" cannot.
  await rig.ws.putTable('Dl_CL', tableBody('Dl_CL', [TG, { name: 'Count', type: 'int' }]));
  const stream = 'Custom-Dl';
  const { dcr } = await rig.ws.putDcr('dl', dcrBody(rig.ws, { [stream]: [TG, { name: 'Count', type: 'string' }] }, [{ streams: [stream], outputStream: 'Custom-Dl_CL' }]));
  const body = [
    { TimeGenerated: '2024-01-01T00:00:00Z', Count: '12' },
    { TimeGenerated: '2024-01-01T00:00:00Z', Count: 'many', Note: 'kept in the dead letter' },
    { Count: '3' },
  ];
  // The dead-letter table appears with the first dead letter.
  assert.equal(rig.ws.getTable(DEAD_LETTER_TABLE), undefined);
  const r = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body, requestId: 'req-1' });
  // The record without TimeGenerated is stored with the ingestion time (Azure's rule), and counted.
  assert.equal(r.rowsStored, 2);
  assert.equal(r.deadLettered, 1);
  assert.equal(r.timeGeneratedFilled, 1);
  assert.deepEqual(await rig.rows('SELECT "Count", "TimeGenerated" = "_TimeReceived" FROM "Dl_CL" ORDER BY 1'), [[3, true], [12, false]]);
  const dl = await rig.rows(`SELECT "Reason", "Field", "RecordIndex", "Stream", "OutputTable", "DcrImmutableId", "RequestId", "Record" FROM "${DEAD_LETTER_TABLE}" ORDER BY "RecordIndex"`);
  assert.deepEqual(dl.map((row) => row.slice(0, 7)), [
    ['ValueNotStorable', 'Count', 1, stream, 'Dl_CL', dcr.immutableId, 'req-1'],
  ]);
  // The original record, exactly as received (undeclared properties included).
  assert.deepEqual(JSON.parse(dl[0][7] as string), body[1]);
  const flow = rig.pipeline.snapshot().streams[0].flows[0];
  assert.deepEqual({ ...flow.deadLettered }, { ValueNotStorable: 1 });
  assert.equal(flow.timeGeneratedFilled, 1);
  // The dead-letter table is a workspace table like any other (queryable with KQL).
  assert.ok(rig.ws.getTable(DEAD_LETTER_TABLE));
});

test('a DCR update and a table column added take effect on the next request', async (t) => {
  const rig = await openRig(t);
  await rig.ws.putTable('Evolve_CL', tableBody('Evolve_CL', [TG, { name: 'A', type: 'string' }]));
  const stream = 'Custom-Evolve';
  const body1 = dcrBody(rig.ws, { [stream]: [TG, { name: 'A', type: 'string' }] }, [{ streams: [stream], outputStream: 'Custom-Evolve_CL' }]);
  const { dcr } = await rig.ws.putDcr('evolve', body1);
  const rec = { TimeGenerated: '2024-01-01T00:00:00Z', A: 'a', B: 5 };
  const r1 = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: [rec] });
  assert.equal(r1.droppedFields, 1);

  // Declare B in the stream: it is no longer dropped, but the table has no B column yet.
  await rig.ws.putDcr('evolve', dcrBody(rig.ws, { [stream]: [TG, { name: 'A', type: 'string' }, { name: 'B', type: 'int' }] }, [{ streams: [stream], outputStream: 'Custom-Evolve_CL' }]));
  const r2 = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: [rec] });
  assert.equal(r2.droppedFields, 0);

  await rig.ws.putTable('Evolve_CL', tableBody('Evolve_CL', [TG, { name: 'A', type: 'string' }, { name: 'B', type: 'int' }]));
  await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: [rec] });
  assert.deepEqual(await rig.rows('SELECT "B" FROM "Evolve_CL" ORDER BY "B" NULLS FIRST'), [[null], [null], [5]]);

  // Deleting the DCR makes its immutable id unknown at once.
  await rig.ws.deleteDcr('evolve');
  await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: [rec] }), /not found/);
});

test('a flow with a non-trivial transform is refused, not ignored, when transforms are disabled', async (t) => {
  const rig = await openRig(t, { compileTransform: null });
  await rig.ws.putTable('Tx_CL', tableBody('Tx_CL', [TG, { name: 'A', type: 'string' }]));
  const stream = 'Custom-Tx';
  const { dcr } = await rig.ws.putDcr('tx', dcrBody(rig.ws, { [stream]: [{ name: 'A', type: 'string' }] }, [{ streams: [stream], outputStream: 'Custom-Tx_CL', transformKql: 'source | extend TimeGenerated = now()' }]));
  await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: [{ A: 'x' }] }), (e: unknown) => (e as { code?: string }).code === 'transform_unavailable');
  assert.deepEqual(await rig.rows('SELECT count(*) FROM "Tx_CL"'), [[0n]]);
});

test('after close, ingest is refused as shutting down', async (t) => {
  const rig = await openRig(t);
  await rig.ws.putTable('Late_CL', tableBody('Late_CL', [TG]));
  const { dcr } = await rig.ws.putDcr('late', dcrBody(rig.ws, { 'Custom-Late': [TG] }, [{ streams: ['Custom-Late'], outputStream: 'Custom-Late_CL' }]));
  const inflight = rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream: 'Custom-Late', body: [{ TimeGenerated: '2024-01-01T00:00:00Z' }] });
  const closing = rig.pipeline.close();
  // The request already in flight completes and is stored; new ones are refused.
  assert.equal((await inflight).rowsStored, 1);
  await closing;
  await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream: 'Custom-Late', body: [] }), (e: unknown) => (e as { code?: string }).code === 'shutting_down');
  assert.deepEqual(await rig.rows('SELECT count(*) FROM "Late_CL"'), [[1n]]);
});

test('a built-in Microsoft- stream carries the columns of its standard table', async (t) => {
  const rig = await openRig(t);
  await rig.ws.ensureStandardTable({ name: 'Syslog', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Computer', type: 'string' }, { name: 'SyslogMessage', type: 'string' }, { name: 'SeverityLevel', type: 'string' }] });
  const { dcr } = await rig.ws.putDcr('syslog', {
    location: 'local',
    properties: {
      destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: rig.ws.workspaceResourceId }] },
      dataFlows: [{ streams: ['Microsoft-Syslog'], destinations: ['la'] }],
    },
  });
  const r = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream: 'Microsoft-Syslog', body: [
    { TimeGenerated: '2024-01-01T00:00:00Z', Computer: 'fw1', SyslogMessage: 'link up', SeverityLevel: 'info', Facility: 'kern' },
  ] });
  assert.equal(r.rowsStored, 1);
  // Facility is not a column of this Syslog table: dropped like any undeclared property.
  assert.equal(r.droppedFields, 1);
  assert.deepEqual(await rig.rows('SELECT "Computer", "SyslogMessage", "Type" FROM "Syslog"'), [['fw1', 'link up', 'Syslog']]);
});
