// Relay mode: Data Collector posts for a configured Log-Type are not written to a classic table but
// sent through a DCR stream of the Logs Ingestion pipeline (declaration check, transform, routing),
// so an appliance that only speaks the old API feeds a modern table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { post, sql, startCollectorServer } from './helpers.js';

test('a relayed Log-Type lands in the DCR output table through its transform; errors keep the Data Collector shape', async (t) => {
  const server = await startCollectorServer(t, { relay: { AppLog: { dcr: 'relay-dcr', stream: 'Custom-AppLog' }, Broken: { dcr: 'no-such-dcr', stream: 'Custom-X' } } });
  const ws = server.ctx.workspace;
  await ws.putTable('Modern_CL', { properties: { schema: { name: 'Modern_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Device', type: 'string' }, { name: 'Temp', type: 'real' }] } } });
  await ws.putDcr('relay-dcr', {
    location: 'local',
    properties: {
      streamDeclarations: { 'Custom-AppLog': { columns: [{ name: 'device', type: 'string' }, { name: 'temp', type: 'real' }] } },
      destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: ws.workspaceResourceId }] },
      dataFlows: [{ streams: ['Custom-AppLog'], destinations: ['la'], outputStream: 'Custom-Modern_CL', transformKql: 'source | extend TimeGenerated = now() | project TimeGenerated, Device = device, Temp = temp' }],
    },
  });
  const id = ws.workspace.id;
  const key = ws.sharedKeys().primarySharedKey;

  const r = await post(server, { workspaceId: id, key, logType: 'applog', body: JSON.stringify([{ device: 'd1', temp: 20.5 }, { device: 'd2', temp: '21' }]) });
  assert.equal(r.status, 200, r.text);
  assert.equal(JSON.parse(String(r.headers['x-vigil-receipt'])).relayedTo, 'Custom-AppLog');
  assert.deepEqual(await sql(server, 'SELECT Device, Temp FROM Modern_CL ORDER BY Device'), [['d1', 20.5], ['d2', 21]]);
  assert.equal(ws.getTable('applog_CL'), undefined, 'no classic table is created for a relayed Log-Type');

  const bad = await post(server, { workspaceId: id, key, logType: 'AppLog', body: JSON.stringify([{ device: 'd3', temp: 'hot' }]) });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.Error, 'InvalidDataFormat');

  const broken = await post(server, { workspaceId: id, key, logType: 'Broken', body: '[{"a":1}]' });
  assert.equal(broken.status, 500);
  assert.equal(broken.json.Error, 'UnspecifiedError');

  // Other Log-Types still go to classic tables.
  assert.equal((await post(server, { workspaceId: id, key, logType: 'Other', body: '[{"a":1}]' })).status, 200);
  assert.ok(ws.getTable('Other_CL'));
});
