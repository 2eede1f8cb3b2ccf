// The same walkthrough for the built-in Halcyon solution (seed 000): its folder → validate → package →
// deploy the package → Deploy push connector → one event of each of the five ASIM schemas pushed with
// the official SDK to the one stream `Custom-Halcyon` → each lands in its own table (the DCR's five
// flows filter on EventSchema) → the connector's sample queries show them, it turns Connected, and
// every data type has its last data received and its series in the graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { LogsIngestionClient } from '@azure/monitor-ingestion';
import { startTestServer } from '../surfaces/helpers.js';
import { workspaceKqlRunner } from '../../src/connectors/index.js';
import { contentRoot } from '../../src/content/index.js';
import { vigil } from '../connectors/cli-helpers.js';

/** EventSchema → the table the seed lists for it (seeds/000 "Tables Ingested"), as the DCR's flows route them. */
const TABLE_OF: Record<string, string> = {
  Authentication: 'HalcyonAuthenticationEvents_CL',
  Dns: 'HalcyonDnsActivity_CL',
  FileEvent: 'HalcyonFileActivity_CL',
  NetworkSession: 'HalcyonNetworkSession_CL',
  ProcessEvent: 'HalcyonProcessEvent_CL',
};

test('Halcyon: one event per schema through the push connector, each in its own table; Connected with five data types', { timeout: 900_000 }, async (t) => {
  const server = await startTestServer();
  const work = await mkdtemp(join(tmpdir(), 'vigil-halcyon-'));
  t.after(async () => {
    await server.dispose();
    await rm(work, { recursive: true, force: true });
  });
  const dir = join(work, 'Halcyon');
  await cp(join(contentRoot(), 'Halcyon'), dir, { recursive: true });
  const at = ['--data-dir', server.dataDir];

  const validated = await vigil(['solution', 'validate', dir, '--format', 'json']);
  assert.equal(validated.status, 0, validated.stdout);
  assert.equal(validated.json.errors, 0);
  const packaged = await vigil(['solution', 'package', dir]);
  assert.equal(packaged.status, 0, packaged.stdout + packaged.stderr);
  const deployed = await vigil(['deploy', join(dir, 'Package', 'mainTemplate.json'), ...at]);
  assert.equal(deployed.status, 0, deployed.stdout + deployed.stderr);

  const pushed = await vigil(['connector', 'deploy', 'HalcyonPush', '--json', ...at]);
  assert.equal(pushed.status, 0, pushed.stdout + pushed.stderr);
  const details = pushed.json;
  assert.equal(details.StreamName, 'Custom-Halcyon');
  for (const table of Object.values(TABLE_OF)) assert.ok(server.ctx.workspace.getTable(table), `${table} was provisioned`);

  // Events shaped like the synthetic push body (fixtures/sample-data), one per schema, with fresh times.
  const synthetic = JSON.parse(await readFile('../shared/fixtures/sample-data/halcyon-push-SYNTHETIC.json', 'utf8')).messages as Record<string, unknown>[];
  const bySchema = new Map(synthetic.map((m) => [m.EventSchema as string, m]));
  bySchema.set('FileEvent', { EventSchema: 'FileEvent', EventSchemaVersion: '0.2.1', EventType: 'FileCreated', EventProduct: 'Halcyon', EventVendor: 'Halcyon', DvcHostname: 'host1', TargetFileName: 'payload.dll', TargetFilePath: 'C:\\Temp\\payload.dll', ActingProcessName: 'powershell.exe' });
  bySchema.set('NetworkSession', { EventSchema: 'NetworkSession', EventSchemaVersion: '0.2.6', EventType: 'EndpointNetworkSession', EventProduct: 'Halcyon', EventVendor: 'Halcyon', DvcHostname: 'host1', SrcIpAddr: '192.0.2.10', DstIpAddr: '198.51.100.7', DstPortNumber: 443, NetworkProtocol: 'TCP' });
  assert.deepEqual([...bySchema.keys()].sort(), Object.keys(TABLE_OF).sort());
  const base = Date.now() - 60_000;
  const events: (Record<string, unknown> & { EventSchema: string; TimeGenerated: string })[] = Object.keys(TABLE_OF).map((schema, i) => ({
    ...bySchema.get(schema)!, EventSchema: schema, TimeGenerated: new Date(base + i * 1000).toISOString(), EventOriginalUid: `walkthrough-${schema}`,
  }));

  const tlsOptions = { ca: server.caPem };
  const credential = new ClientSecretCredential(details.TenantId, details.ApplicationId, details.ApplicationSecret, {
    authorityHost: server.info.authorityHost, disableInstanceDiscovery: true, tlsOptions,
  } as ConstructorParameters<typeof ClientSecretCredential>[3]);
  const client = new LogsIngestionClient(details.DataCollectionEndpoint, credential, { tlsOptions } as ConstructorParameters<typeof LogsIngestionClient>[2]);
  await client.upload(details.DataCollectionRuleId, details.StreamName, events);

  // Each event is in its own table, and only there.
  const runKql = workspaceKqlRunner(server.ctx.workspace, server.ctx.engine);
  for (const [schema, table] of Object.entries(TABLE_OF)) {
    const r = await runKql(`${table} | project EventSchema, EventOriginalUid, TimeGenerated`);
    assert.deepEqual(r.rows.map((row) => row.slice(0, 2)), [[schema, `walkthrough-${schema}`]], table);
    const sent = events.find((e) => e.EventSchema === schema)!;
    assert.equal(Date.parse(String(r.rows[0][2])), Date.parse(sent.TimeGenerated), `${table} keeps the sent TimeGenerated`);
  }

  // The connector's sample queries ("Latest … events") return them, by position.
  for (let i = 1; i <= 5; i++) {
    const q = await vigil(['connector', 'query', 'HalcyonPush', String(i), '--json', ...at]);
    assert.equal(q.status, 0, q.stdout + q.stderr);
    assert.equal(q.json.outcome.rows.length, 1, q.json.description);
  }

  const status = await vigil(['connector', 'status', 'HalcyonPush', '--json', ...at]);
  assert.equal(status.status, 0, status.stderr);
  const s = status.json;
  assert.equal(s.status, 'Connected', JSON.stringify(s.criteria));
  assert.deepEqual(s.dataTypes.map((d: any) => d.name).sort(), Object.values(TABLE_OF).sort());
  for (const d of s.dataTypes) {
    const schema = Object.keys(TABLE_OF).find((k) => TABLE_OF[k] === d.name)!;
    assert.equal(Date.parse(d.lastDataReceived), Date.parse(events.find((e) => e.EventSchema === schema)!.TimeGenerated), d.name);
  }
  assert.equal(Date.parse(s.lastDataReceived), Date.parse(events[events.length - 1].TimeGenerated), 'the newest of the five');
  assert.equal(s.graph.length, 5);
  for (const g of s.graph) assert.equal(g.points.reduce((a: number, p: { count: number }) => a + p.count, 0), 1, g.legend);
  // Five records received on one stream, five rows stored (one per flow), the other four flows filtered each.
  assert.equal(s.hops.totals.received, 5);
  assert.equal(s.hops.totals.stored, 5);
  assert.equal(s.hops.totals.filtered, 20);
});
