// Flows with a transformKql run through the KQL runtime's row compiler: a `where` that drops a
// record counts it as filtered, a record the transform cannot turn into a storable row goes to the
// dead-letter table with its reason, and several flows fed by one stream commit together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEAD_LETTER_TABLE } from '../../src/pipeline/index.js';
import { dcrBody, openRig, tableBody, type Col } from './helpers.js';

const HALCYON_V2 = '../shared/fixtures/azure-sentinel/Solutions/Halcyon/Data Connectors/Halcyon_ccp_v2';
const readJson = async (p: string): Promise<unknown> => JSON.parse((await readFile(p, 'utf8')).replace(/^\uFEFF/, ''));

test("Halcyon v2 (fixture files as they are): one stream, two filtered flows, each record lands in its flow's table", async (t) => {
  const rig = await openRig(t);
  await rig.ws.putTable('HalcyonEventsV2_CL', await readJson(`${HALCYON_V2}/Halcyon_table_events.json`));
  await rig.ws.putTable('HalcyonAlertUpdatesV2_CL', await readJson(`${HALCYON_V2}/Halcyon_table_alert_updates.json`));
  const { dcr } = await rig.ws.putDcr('HalcyonDCRv2', await readJson(`${HALCYON_V2}/Halcyon_DCR.json`));
  // 1704067200000 ms after the epoch is 2024-01-01T00:00:00Z: the flows turn `time` into HalcyonSourceTime.
  const body = [
    { TimeGenerated: '2024-06-01T00:00:00Z', recordType: 'event', record: { time: 1704067200000, activity_id: 1, metadata: { original_event_uid: 'ev-1' }, message: 'first' } },
    { TimeGenerated: '2024-06-01T00:00:01Z', recordType: 'alert', record: { time: 1704067201000, finding_info: { uid: 'al-1' } } },
    { TimeGenerated: '2024-06-01T00:00:02Z', recordType: 'event', record: { time: 1704067202000, metadata: { original_event_uid: 'ev-2' } } },
    { TimeGenerated: '2024-06-01T00:00:03Z', recordType: 'heartbeat', record: {} },
  ];
  const appendsBefore = rig.engine.stats().journal.appendCalls;
  const r = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream: 'Custom-Halcyon', body });
  assert.equal(rig.engine.stats().journal.appendCalls - appendsBefore, 1, 'both tables in one atomic append');
  assert.deepEqual(r.tables, { HalcyonEventsV2_CL: 2, HalcyonAlertUpdatesV2_CL: 1 });
  // Each record is filtered by the flow it does not belong to; the heartbeat by both.
  assert.equal(r.filtered, 1 + 1 + 1 + 2);
  assert.equal(r.deadLettered, 0);
  assert.deepEqual(await rig.rows('SELECT "HalcyonEventId", "HalcyonSourceTime", "activity_id", "message" FROM "HalcyonEventsV2_CL" ORDER BY 1'), [
    ['ev-1', '2024-01-01T00:00:00.000000Z', 1, 'first'],
    ['ev-2', '2024-01-01T00:00:02.000000Z', null, null],
  ]);
  assert.deepEqual(await rig.rows('SELECT "HalcyonAlertId", "TimeGenerated" FROM "HalcyonAlertUpdatesV2_CL"'), [['al-1', '2024-06-01T00:00:01.000000Z']]);
  const flows = rig.pipeline.snapshot().streams[0].flows;
  assert.deepEqual(flows.map((f) => [f.outputTable, f.rowsStored, f.filtered]), [['HalcyonEventsV2_CL', 2, 2], ['HalcyonAlertUpdatesV2_CL', 1, 3]]);
});

test("the seed's Contoso transform adds TimeGenerated at ingestion: `source | extend TimeGenerated = now()`", async (t) => {
  const rig = await openRig(t);
  await rig.ws.putTable('ContosoSecurityAlerts_CL', await readJson('test/workspace/fixtures/contoso-table.json'));
  const { dcr } = await rig.ws.putDcr('ContosoSecurityAlertsPushDCR', await readJson('test/workspace/fixtures/contoso-dcr.json'));
  const before = Date.now();
  // The seed's example event (its TimeGenerated is not declared in the stream, so the transform's wins).
  const event = { TimeGenerated: '2025-11-21T10:30:00Z', EventSeverity: 'Medium', EventType: 'LoginAlert', UserName: 'alice@contoso.com', SourceIP: '192.168.1.100', DeviceId: 'device-12345', AlertMessage: 'Multiple failed login attempts detected' };
  const r = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream: 'Custom-ContosoSecurityAlerts', body: [event] });
  assert.equal(r.rowsStored, 1);
  assert.equal(r.droppedFields, 1);
  const [[tg, user, sev]] = await rig.rows('SELECT "TimeGenerated", "UserName", "EventSeverity" FROM "ContosoSecurityAlerts_CL"');
  assert.equal(user, 'alice@contoso.com');
  assert.equal(sev, 'Medium');
  const ms = Date.parse(tg as string);
  assert.ok(ms >= before - 1 && ms <= Date.now() + 1, `${String(tg)} is the time of ingestion`);
});

test('a transform whose TimeGenerated comes out null (todatetime of garbage) stores the row with the ingestion time, the value of _TimeReceived, and counts it', async (t) => {
  // Azure Monitor, "Log data ingestion time": "If the data source doesn't set this value, Azure
  // Monitor Logs sets the value to the same time as _TimeReceived."
  const rig = await openRig(t);
  const TG: Col = { name: 'TimeGenerated', type: 'datetime' };
  await rig.ws.putTable('Parsed_CL', tableBody('Parsed_CL', [TG, { name: 'Msg', type: 'string' }]));
  const stream = 'Custom-Parsed';
  const { dcr } = await rig.ws.putDcr('parsed', dcrBody(rig.ws, { [stream]: [{ name: 'When', type: 'string' }, { name: 'Msg', type: 'string' }] }, [
    { streams: [stream], outputStream: 'Custom-Parsed_CL', transformKql: 'source | extend TimeGenerated = todatetime(When) | project TimeGenerated, Msg' },
  ]));
  const body = [{ When: '2024-01-02T03:04:05Z', Msg: 'ok' }, { When: 'yesterday-ish', Msg: 'bad time' }];
  const r = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body });
  assert.equal(r.rowsStored, 2);
  assert.equal(r.deadLettered, 0);
  assert.equal(r.timeGeneratedFilled, 1);
  const rows = await rig.rows('SELECT "Msg", "TimeGenerated", "TimeGenerated" = "_TimeReceived" FROM "Parsed_CL" ORDER BY "Msg" DESC');
  assert.deepEqual(rows[0], ['ok', '2024-01-02T03:04:05.000000Z', false]);
  assert.equal(rows[1][0], 'bad time');
  assert.equal(rows[1][2], true, 'the filled TimeGenerated is the ingestion time');
  assert.equal(rig.ws.getTable(DEAD_LETTER_TABLE), undefined);
  const flow = rig.pipeline.snapshot().streams[0].flows[0];
  assert.equal(flow.timeGeneratedFilled, 1);
  assert.deepEqual({ ...flow.deadLettered }, {});
});

test('a transform outside the subset cannot ingest, and says why', async (t) => {
  const rig = await openRig(t);
  const TG: Col = { name: 'TimeGenerated', type: 'datetime' };
  await rig.ws.putTable('Sum_CL', tableBody('Sum_CL', [TG]));
  const stream = 'Custom-Sum';
  // summarize is not a per-record operator; the workspace here has no transform check, so the
  // DCR is stored and the pipeline is the one to refuse it.
  const { dcr } = await rig.ws.putDcr('sum', dcrBody(rig.ws, { [stream]: [TG] }, [{ streams: [stream], outputStream: 'Custom-Sum_CL', transformKql: 'source | summarize count() by bin(TimeGenerated, 1h)' }]));
  await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: [{ TimeGenerated: '2024-01-01T00:00:00Z' }] }), (e: unknown) => {
    const err = e as { code?: string; message: string };
    return err.code === 'transform_unavailable' && /summarize/.test(err.message);
  });
});
