// Under overload (the storage's load too far behind: StorageError `overloaded`) the Data Collector API
// answers as its documentation says for an unavailable service — 503 `ServiceUnavailable`, the
// `{"Error","Message"}` shape — with Retry-After so that senders back off (spec §4.4, §5.3), in the
// classic path and in relay mode; nothing of the refused request is stored and the refusal is counted.
//
// The surface runs over real HTTPS on a real engine whose pending-load bound is one byte and whose
// background load never runs during the test: the first acknowledged request makes it "behind".
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { openEngine, type StorageEngine } from '../../../src/storage/engine.js';
import { WorkspaceService } from '../../../src/workspace/service.js';
import { IngestPipeline } from '../../../src/pipeline/index.js';
import { ensureLocalTls } from '../../../src/surfaces/tls/local-ca.js';
import { collectorPlugin } from '../../../src/surfaces/collector/index.js';
import type { SurfaceContext } from '../../../src/surfaces/context.js';
import type { CollectorSurfaceOptions } from '../../../src/surfaces/collector/index.js';
import type { TestServer } from '../helpers.js';
import { post } from './helpers.js';

interface Rig {
  server: TestServer;
  ws: WorkspaceService;
  engine: StorageEngine;
  pipeline: IngestPipeline;
}

async function overloadedCollector(t: TestContext, collector: CollectorSurfaceOptions = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-overload-'));
  const engine = await openEngine({ dataDir: join(dir, 'storage'), threads: 1, maxPendingBytes: 1, loadIntervalMs: 3_600_000 });
  const ws = await WorkspaceService.open({ documents: engine.documents, tables: engine });
  const pipeline = await IngestPipeline.open({ workspace: ws, engine });
  const tls = await ensureLocalTls({ dir: join(dir, 'tls') });
  const app = Fastify({ https: { key: tls.key, cert: tls.cert } }) as unknown as FastifyInstance;
  // The collector reads the workspace, the engine and the pipeline of the context; nothing else.
  const ctx = { workspace: ws, engine, pipeline, log: pino({ level: 'silent' }), origin: () => '' } as unknown as SurfaceContext;
  await app.register(collectorPlugin, { ...ctx, collector });
  await app.listen({ host: 'localhost', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  t.after(async () => {
    await app.close();
    await pipeline.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });
  const server = { url: `https://localhost:${port}`, caPem: tls.ca } as unknown as TestServer;
  return { server, ws, engine, pipeline };
}

function assertOverloaded(r: { status: number; json: any; headers: Record<string, unknown> }): void {
  assert.equal(r.status, 503, JSON.stringify(r.json));
  assert.deepEqual(Object.keys(r.json), ['Error', 'Message']);
  assert.equal(r.json.Error, 'ServiceUnavailable');
  assert.match(r.json.Message, /retry/i);
  const retryAfter = Number(r.headers['retry-after']);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After in whole seconds, got ${String(r.headers['retry-after'])}`);
}

test('classic path: an overloaded engine → 503 ServiceUnavailable with Retry-After; the refused rows are not stored', async (t) => {
  const { server, ws, engine, pipeline } = await overloadedCollector(t);
  const id = ws.workspace.id;
  const key = ws.sharedKeys().primarySharedKey;
  assert.equal((await post(server, { workspaceId: id, key, logType: 'Busy', body: '[{"n":1}]' })).status, 200);
  assertOverloaded(await post(server, { workspaceId: id, key, logType: 'Busy', body: '[{"n":2}]' }));
  // A request that would add a column is refused the same way (the column may exist; rows do not).
  assertOverloaded(await post(server, { workspaceId: id, key, logType: 'Busy', body: '[{"n":3,"extra":"x"}]' }));

  await engine.flush();
  assert.deepEqual((await engine.query('SELECT n_d FROM Busy_CL')).rows, [[1]]);
  const stream = pipeline.snapshot().streams.find((s) => s.stream === 'Busy_CL');
  assert.equal(stream?.rejected['overloaded'], 2);
  // Once the load has caught up, the API accepts again.
  assert.equal((await post(server, { workspaceId: id, key, logType: 'Busy', body: '[{"n":4}]' })).status, 200);
});

test('relay mode: an overloaded engine → the same 503 ServiceUnavailable shape with Retry-After (not UnspecifiedError)', async (t) => {
  const { server, ws, engine } = await overloadedCollector(t, { relay: { AppLog: { dcr: 'relay-dcr', stream: 'Custom-AppLog' } } });
  await ws.putTable('Modern_CL', { properties: { schema: { name: 'Modern_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Device', type: 'string' }] } } });
  await ws.putDcr('relay-dcr', {
    location: 'local',
    properties: {
      streamDeclarations: { 'Custom-AppLog': { columns: [{ name: 'device', type: 'string' }] } },
      destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: ws.workspaceResourceId }] },
      dataFlows: [{ streams: ['Custom-AppLog'], destinations: ['la'], outputStream: 'Custom-Modern_CL', transformKql: 'source | extend TimeGenerated = now() | project TimeGenerated, Device = device' }],
    },
  });
  const id = ws.workspace.id;
  const key = ws.sharedKeys().primarySharedKey;
  assert.equal((await post(server, { workspaceId: id, key, logType: 'AppLog', body: '[{"device":"d1"}]' })).status, 200);
  const r = await post(server, { workspaceId: id, key, logType: 'AppLog', body: '[{"device":"d2"}]' });
  assertOverloaded(r);
  assert.notEqual(r.json.Error, 'UnspecifiedError');
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT Device FROM Modern_CL')).rows, [['d1']]);
});
