// The dry run shows what ingestion does: for the same DCR, tables and records, the rows it reports
// are the rows the real pipeline stores (checked by ingesting them into a real engine), with the same
// filtered records, dead letters, dropped fields and filled TimeGenerated values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dryRun, loadOffline, parseRecords, type DryRunReport } from '../../src/pipeline/dryrun/index.js';
import type { TableDef } from '../../src/workspace/model.js';
import { dcrBody, openRig, tableBody, type Col, type Rig } from '../pipeline/helpers.js';

const HALCYON_V2 = '../shared/fixtures/azure-sentinel/Solutions/Halcyon/Data Connectors/Halcyon_ccp_v2';
const ORCA_TEMPLATE = '../shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Package/mainTemplate.json';
const NOW = new Date('2026-03-01T12:00:00Z');
const src = async (file: string) => ({ file, text: await readFile(file, 'utf8') });

/** A stored value and a dry-run value of a column, compared as the column's type says. */
function same(type: string, stored: unknown, shown: unknown): boolean {
  if (stored === null || stored === undefined) return shown === undefined || shown === null;
  if (type === 'datetime') return Date.parse(stored as string) === Date.parse(shown as string);
  if (type === 'dynamic') return JSON.stringify(JSON.parse(stored as string)) === JSON.stringify(shown);
  if (type === 'long' || type === 'int' || type === 'real') return Number(stored) === Number(shown);
  return stored === shown;
}

/** Every row the dry run shows for a table equals a row the pipeline stored in it (column by column). */
async function assertStoredAsShown(rig: Rig, report: DryRunReport, table: TableDef): Promise<void> {
  const flows = report.streams[0].flows.filter((f) => f.outputTable === table.name);
  const shown = flows.flatMap((f) => f.rows);
  const cols = table.columns;
  const stored = await rig.rows(`SELECT ${cols.map((c) => `"${c.name}"`).join(', ')} FROM "${table.name}"`);
  assert.equal(stored.length, shown.length, `${table.name}: rows stored vs shown`);
  const unmatched = [...stored];
  for (const r of shown) {
    const k = unmatched.findIndex((s) => cols.every((c, i) => (r.timeGeneratedFilled && c.name === 'TimeGenerated') || same(c.type, s[i], r.values[c.name])));
    assert.notEqual(k, -1, `${table.name}: the row shown for record ${r.record} was not stored: ${JSON.stringify(r.values)}`);
    unmatched.splice(k, 1);
  }
}

test('Halcyon v2 as shipped: the dry run shows the rows ingestion stores, per flow, with the filtered records', async (t) => {
  const offline = loadOffline(await src(`${HALCYON_V2}/Halcyon_DCR.json`), [await src(`${HALCYON_V2}/Halcyon_table_events.json`), await src(`${HALCYON_V2}/Halcyon_table_alert_updates.json`)]);
  assert.ok(offline.dcr, JSON.stringify(offline.problems));
  const records = [
    { TimeGenerated: '2024-06-01T00:00:00Z', recordType: 'event', record: { time: 1704067200000, activity_id: 1, metadata: { original_event_uid: 'ev-1' }, message: 'first' }, Unknown: 'x' },
    { TimeGenerated: '2024-06-01T00:00:01Z', recordType: 'alert', record: { time: 1704067201000, finding_info: { uid: 'al-1' } } },
    { TimeGenerated: '2024-06-01T00:00:02Z', recordType: 'heartbeat', record: {} },
  ];
  const report = dryRun({ dcr: offline.dcr, getTable: offline.getTable, records, now: NOW, dcrOrigin: offline.dcrOrigin });
  assert.equal(report.ok, true, JSON.stringify(report.problems));
  const [events, alerts] = report.streams[0].flows;
  // The flows' `where recordType == 'event'` / `== 'alert'` (fixture DCR) decide which record goes where.
  assert.deepEqual(events.rows.map((r) => r.record), [0]);
  assert.deepEqual(events.filtered, [1, 2]);
  assert.deepEqual(alerts.rows.map((r) => r.record), [1]);
  assert.deepEqual(alerts.filtered, [0, 2]);
  // HalcyonEventId = record.metadata.original_event_uid; HalcyonSourceTime = epoch ms `time`.
  assert.equal(events.rows[0].values.HalcyonEventId, 'ev-1');
  assert.equal(Date.parse(events.rows[0].values.HalcyonSourceTime as string), 1704067200000);
  assert.deepEqual(report.streams[0].droppedFields, { Unknown: [0] });
  // Tolerated todynamic: a warning per flow, located in the DCR file at its line:column.
  assert.deepEqual(report.problems.map((p) => [p.severity, p.code, p.pointer]), [
    ['warning', 'KQL3003', '/properties/dataFlows/0/transformKql'],
    ['warning', 'KQL3003', '/properties/dataFlows/1/transformKql'],
  ]);

  // The same records through the real pipeline.
  const rig = await openRig(t);
  for (const tb of offline.tables) await rig.ws.putTable(tb.name, tableBody(tb.name, tb.columns));
  const { dcr } = await rig.ws.putDcr('HalcyonDCRv2', JSON.parse((await src(`${HALCYON_V2}/Halcyon_DCR.json`)).text));
  const receipt = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream: 'Custom-Halcyon', body: records });
  assert.equal(receipt.rowsStored, 2);
  assert.equal(receipt.filtered, events.filtered.length + alerts.filtered.length);
  for (const tb of offline.tables) await assertStoredAsShown(rig, report, rig.ws.getTable(tb.name)!);
});

test('dead letters, filled TimeGenerated values and refused records are reported as ingestion handles them', async (t) => {
  const TG: Col = { name: 'TimeGenerated', type: 'datetime' };
  const stream = 'Custom-Mixed';
  const rig = await openRig(t);
  await rig.ws.putTable('Raw_CL', tableBody('Raw_CL', [TG, { name: 'Count', type: 'int' }, { name: 'Msg', type: 'string' }]));
  await rig.ws.putTable('Parsed_CL', tableBody('Parsed_CL', [TG, { name: 'Msg', type: 'string' }]));
  // Flow 0 stores the stream as it is: Count is declared string but the table's column is an int.
  // Flow 1 parses When (text) into TimeGenerated and drops the records marked "skip".
  const body = dcrBody(rig.ws, { [stream]: [TG, { name: 'When', type: 'string' }, { name: 'Count', type: 'string' }, { name: 'Msg', type: 'string' }, { name: 'N', type: 'int' }] }, [
    { streams: [stream], outputStream: 'Custom-Raw_CL' },
    { streams: [stream], outputStream: 'Custom-Parsed_CL', transformKql: 'source | extend TimeGenerated = todatetime(When) | where Msg != "skip" | project TimeGenerated, Msg' },
  ]);
  const records = [
    { TimeGenerated: '2024-01-01T00:00:00Z', When: '2024-01-02T03:04:05Z', Count: '12', Msg: 'ok' },
    { TimeGenerated: '2024-01-01T00:00:00Z', When: 'garbage', Count: '3', Msg: 'no time' },
    { TimeGenerated: '2024-01-01T00:00:00Z', When: '2024-01-02T03:04:05Z', Count: 'many', Msg: 'not an int' },
    { TimeGenerated: '2024-01-01T00:00:00Z', When: '2024-01-02T03:04:05Z', Count: '1', Msg: 'skip' },
  ];
  const { dcr } = await rig.ws.putDcr('mixed', body);
  const report = dryRun({ dcr, getTable: (n) => rig.ws.getTable(n), records, now: NOW, inputOrigin: { file: 'events.json' } });
  const [raw, parsed] = report.streams[0].flows;
  assert.deepEqual(raw.rows.map((r) => r.record), [0, 1, 3]);
  assert.deepEqual(raw.deadLetters.map((d) => [d.record, d.reason, d.field]), [[2, 'ValueNotStorable', 'Count']]);
  assert.deepEqual(parsed.rows.map((r) => r.record), [0, 1, 2]);
  assert.deepEqual(parsed.filtered, [3]);
  // todatetime('garbage') is null: stored with the ingestion time (the run's time here).
  assert.equal(parsed.rows[1].timeGeneratedFilled, true);
  assert.equal(Date.parse(parsed.rows[1].values.TimeGenerated as string), NOW.getTime());
  assert.equal(report.ok, false, 'a dead letter is an error: the record would not reach its table');
  assert.deepEqual(report.problems.map((p) => [p.severity, p.code, p.file, p.pointer, p.flow]), [
    ['warning', 'TimeGeneratedFilled', 'events.json', '/1', 1],
    ['error', 'DeadLetter', 'events.json', '/2', 0],
  ]);

  const receipt = await rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: records });
  assert.deepEqual(
    [receipt.rowsStored, receipt.deadLettered, receipt.filtered, receipt.timeGeneratedFilled],
    [raw.rows.length + parsed.rows.length, raw.deadLetters.length, parsed.filtered.length, 1],
  );
  await assertStoredAsShown(rig, report, rig.ws.getTable('Raw_CL')!);
  await assertStoredAsShown(rig, report, rig.ws.getTable('Parsed_CL')!);
  // The dry run's counters are the pipeline's, for the same records.
  const pick = (c: { records: number; droppedFields: object; flows: { index: number; rowsStored: number; filtered: number; timeGeneratedFilled: number; deadLettered: object }[] }) =>
    ({ records: c.records, droppedFields: { ...c.droppedFields }, flows: c.flows.map((f) => ({ index: f.index, rowsStored: f.rowsStored, filtered: f.filtered, timeGeneratedFilled: f.timeGeneratedFilled, deadLettered: { ...f.deadLettered } })) });
  assert.deepEqual(pick(report.streams[0].counters), pick(rig.pipeline.snapshot().streams[0]));

  // A value of the wrong declared type refuses the whole request; the dry run names the record and
  // field and goes on with the others.
  const refused = dryRun({ dcr, getTable: (n) => rig.ws.getTable(n), records: [{ N: 'seven' }, { When: '2024-01-01T00:00:00Z', Msg: 'fine' }], now: NOW, inputOrigin: { file: 'events.json' } });
  assert.deepEqual(refused.streams[0].refused, [0]);
  assert.deepEqual(refused.streams[0].flows[1].rows.map((r) => r.record), [1]);
  assert.deepEqual(refused.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.pointer]), [['UncoercibleValue', '/0/N']]);
  await assert.rejects(rig.pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream, body: [{ N: 'seven' }] }), (e: { code?: string }) => e.code === 'uncoercible_value');
});

test('a transform outside the subset stops the run at the DCR, located by file, pointer and line:column', async () => {
  const dcrText = JSON.stringify({
    name: 'bad', location: "[parameters('workspace-location')]",
    properties: {
      streamDeclarations: { 'Custom-A': { columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'User', type: 'string' }] } },
      destinations: { logAnalytics: [{ name: 'ws', workspaceResourceId: "[variables('workspaceResourceId')]" }] },
      dataFlows: [{ streams: ['Custom-A'], destinations: ['ws'], outputStream: 'Custom-A_CL', transformKql: 'source\n| summarize count() by User' }],
    },
  });
  const table = JSON.stringify({ properties: { schema: { name: 'A_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'User', type: 'string' }] } } });
  const offline = loadOffline({ file: 'DCR.json', text: dcrText }, [{ file: 'table.json', text: table }]);
  const report = dryRun({ dcr: offline.dcr!, getTable: offline.getTable, records: [{ User: 'a' }], dcrOrigin: offline.dcrOrigin });
  assert.equal(report.ok, false);
  assert.deepEqual(report.streams, []);
  // `summarize` is on line 2 at column 3 of the transform.
  assert.deepEqual(report.problems.map((p) => [p.file, p.pointer, p.line, p.column, p.code]), [['DCR.json', '/properties/dataFlows/0/transformKql', 2, 3, 'KQL3001']]);
});

test('solution files as they are: ARM templates with the DCR and its table inside, template values, NDJSON input', async () => {
  const offline = loadOffline(await src(ORCA_TEMPLATE), []);
  assert.ok(offline.dcr, JSON.stringify(offline.problems));
  assert.equal(offline.dcr.name, 'OrcaSecurityAlertsCustomDCR');
  assert.deepEqual(offline.problems, [], 'the table comes from the same template');
  assert.equal(offline.dcrOrigin.base, '/resources/3/properties/mainTemplate/resources/2');
  const columns = offline.dcr.streamDeclarations['Custom-OrcaSecurityAlerts'].columns;
  // One NDJSON line per record, with a value for every declared column of its type.
  const sample: Record<string, unknown> = { string: 'x', datetime: '2024-05-01T10:00:00Z', dynamic: { a: 1 }, int: 1, long: 2, real: 1.5, bool: true };
  const line = (i: number) => JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.type === 'string' ? `v${i}` : sample[c.type]])));
  const input = parseRecords({ file: 'alerts.ndjson', text: `${line(0)}\n\n${line(1)}\n` });
  assert.equal(input.records.length, 2);
  const report = dryRun({ dcr: offline.dcr, getTable: offline.getTable, records: input.records, dcrOrigin: offline.dcrOrigin });
  assert.equal(report.streams[0].flows[0].rows.length, 2);
  assert.ok(report.problems.every((p) => p.severity === 'warning'), JSON.stringify(report.problems));
  // Problems inside a template point into the template.
  assert.ok(report.problems.every((p) => p.pointer!.startsWith('/resources/3/properties/mainTemplate/resources/2/properties/dataFlows/0/transformKql')));
});

test('a destination table that is not given: its columns come from the flow, with a warning saying so', async () => {
  const offline = loadOffline(await src(`${HALCYON_V2}/Halcyon_DCR.json`), []);
  assert.ok(offline.dcr);
  assert.deepEqual(offline.problems.map((p) => [p.severity, p.code, p.pointer]), [
    ['warning', 'TableNotFound', '/properties/dataFlows/0/outputStream'],
    ['warning', 'TableNotFound', '/properties/dataFlows/1/outputStream'],
  ]);
});

test("AbnormalSecurity as shipped: its table file's problems and the transform the official parser rejects, each located", async () => {
  const dir = '../shared/fixtures/azure-sentinel/Solutions/AbnormalSecurity/Data Connectors/AbnormalSecurity_CCF';
  const offline = loadOffline(await src(`${dir}/AbnormalSecurity_DCR.json`), [await src(`${dir}/AbnormalSecurity_table_AuditLog.json`)]);
  assert.ok(offline.dcr);
  // Column names over the 45-character limit and declared twice: the table the workspace would refuse.
  assert.ok(offline.problems.some((p) => p.code === 'DuplicateColumnName' && p.file!.endsWith('AbnormalSecurity_table_AuditLog.json') && /^\/properties\/schema\/columns\/\d+\/name$/.test(p.pointer!)));
  const report = dryRun({ dcr: offline.dcr, getTable: offline.getTable, records: [], dcrOrigin: offline.dcrOrigin, checkOnly: true });
  // `abx_body.abx_body.timeline` (a keyword as a member name): the official parser rejects it at
  // the same position (test/kql/runtime/fixture-dcrs.test.ts).
  assert.deepEqual(report.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.pointer, p.line, p.column]), [
    ['KQL1103', '/properties/dataFlows/8/transformKql', 10, 68],
  ]);
});
