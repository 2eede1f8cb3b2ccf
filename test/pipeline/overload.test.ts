// When the storage engine's load is too far behind, appends are refused as `overloaded`; the
// pipeline refuses the request with nothing stored, and the Logs Ingestion surface answers 503 with
// Retry-After so that senders back off and retry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../../src/storage/engine.js';
import { WorkspaceService } from '../../src/workspace/service.js';
import { IngestError, IngestPipeline } from '../../src/pipeline/index.js';
import { toWireError } from '../../src/surfaces/ingestion/plugin.js';
import { dcrBody, tableBody, type Col } from './helpers.js';

test('an overloaded engine refuses the request as overloaded (503 + Retry-After on the wire); nothing of it is stored', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-pipeline-'));
  // Any acknowledged byte not yet loaded is "behind", and no load runs on its own during the test.
  const engine = await openEngine({ dataDir: dir, threads: 1, maxPendingBytes: 1, loadIntervalMs: 3_600_000 });
  const ws = await WorkspaceService.open({ documents: engine.documents, tables: engine });
  const pipeline = await IngestPipeline.open({ workspace: ws, engine });
  t.after(async () => {
    await pipeline.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });
  const cols: Col[] = [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'N', type: 'int' }];
  await ws.putTable('Busy_CL', tableBody('Busy_CL', cols));
  const { dcr } = await ws.putDcr('busy', dcrBody(ws, { 'Custom-Busy': cols }, [{ streams: ['Custom-Busy'], outputStream: 'Custom-Busy_CL' }]));
  const req = (n: number) => ({ dcrImmutableId: dcr.immutableId, stream: 'Custom-Busy', body: [{ TimeGenerated: '2024-01-01T00:00:00Z', N: n }] });

  assert.equal((await pipeline.ingest(req(1))).rowsStored, 1);
  const refused = await pipeline.ingest(req(2)).then(() => null, (e: unknown) => e);
  assert.ok(refused instanceof IngestError);
  assert.equal(refused.code, 'overloaded');
  const wire = toWireError(refused);
  assert.equal(wire.status, 503);
  assert.equal((wire.body as { error: { code: string } }).error.code, 'ServiceUnavailable');
  assert.ok(Number(wire.headers['retry-after']) >= 1);
  assert.equal(pipeline.snapshot().streams[0].rejected['overloaded'], 1);

  await engine.flush();
  assert.deepEqual((await engine.query('SELECT "N" FROM "Busy_CL"')).rows, [[1]]);
  // Once the load has caught up, requests are accepted again.
  assert.equal((await pipeline.ingest(req(3))).rowsStored, 1);
});
