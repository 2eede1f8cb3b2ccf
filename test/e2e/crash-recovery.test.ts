// Durability (foundation issue §6): a `vigil serve` child under sustained concurrent ingest is
// killed with SIGKILL; restarted on the same data folder, it holds every record it acknowledged
// with a 204 exactly once (records carry unique ids), holds nothing twice, and serves again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../../src/storage/engine.js';
import { call, provisionPush, startChildServer, type ChildServer } from './child-server.js';

const TABLE = 'Crash_CL';
const STREAM = 'Custom-Crash';
const COLUMNS = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'RecordId', type: 'long' },
  { name: 'Payload', type: 'string' },
];


function batch(ids: number[]): string {
  return JSON.stringify(ids.map((id) => ({ TimeGenerated: new Date(Date.UTC(2025, 0, 1) + id).toISOString(), RecordId: id, Payload: `payload of record ${id} `.padEnd(200, '.') })));
}

test('SIGKILL under sustained concurrent ingest: after a restart every acknowledged record is present exactly once, and the server serves again', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-crash-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));

  const first = await startChildServer(dataDir);
  t.after(() => first.child.kill('SIGKILL'));
  const { dcr, token: bearer } = await provisionPush(first, { table: TABLE, stream: STREAM, columns: COLUMNS, dcrName: 'crash-dcr' });
  const url = `${first.info.dceUrl}/dataCollectionRules/${dcr}/streams/${STREAM}?api-version=2023-01-01`;

  const acked = new Set<number>();
  const sent = new Set<number>();
  let killed = false;
  let ackedRequests = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const PER_REQUEST = 250;
  const sender = async (lane: number): Promise<void> => {
    for (let seq = 0; !killed; seq++) {
      const ids = Array.from({ length: PER_REQUEST }, (_, i) => lane * 100_000_000 + seq * PER_REQUEST + i);
      for (const id of ids) sent.add(id);
      try {
        const r = await call(first, agent, 'POST', url, { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, batch(ids));
        if (r.status === 204) {
          for (const id of ids) acked.add(id);
          ackedRequests++;
        } else if (!killed) throw new Error(`unexpected ${r.status}: ${r.text}`);
      } catch (e) {
        if (!killed) throw e;
      }
    }
  };
  const lanes = Array.from({ length: 8 }, (_, lane) => sender(lane));
  // Kill once the server has acknowledged a good number of requests while all 8 lanes keep sending.
  while (ackedRequests < 60) await new Promise((r) => setTimeout(r, 20));
  killed = true;
  first.child.kill('SIGKILL');
  assert.equal(await first.exited, 'SIGKILL');
  await Promise.all(lanes);
  agent.destroy();
  assert.ok(acked.size >= 60 * PER_REQUEST);

  // Restart on the same folder (and port: the token issuer is the server's origin): the server
  // comes back and accepts data again.
  const second = await startChildServer(dataDir, Number(new URL(first.info.url).port));
  t.after(() => second.child.kill('SIGKILL'));
  const again = await call(second, false, 'POST', `${second.info.dceUrl}/dataCollectionRules/${dcr}/streams/${STREAM}?api-version=2023-01-01`, { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, batch([999_999_999]));
  // The token was issued before the crash by the same persisted key: still valid.
  assert.equal(again.status, 204, again.text);
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0, second.stderr());

  // Read the stored rows straight from the data folder.
  const engine = await openEngine({ dataDir: join(dataDir, 'storage'), threads: 1 });
  try {
    const dupes = await engine.query(`SELECT "RecordId", count(*) FROM "${TABLE}" GROUP BY 1 HAVING count(*) > 1 LIMIT 5`);
    assert.deepEqual(dupes.rows, [], 'no record is stored twice');
    const stored = new Set((await engine.query(`SELECT "RecordId" FROM "${TABLE}"`)).rows.map((r) => Number(r[0])));
    const missing = [...acked].filter((id) => !stored.has(id));
    assert.deepEqual(missing.slice(0, 5), [], `${missing.length} acknowledged records are missing`);
    assert.ok(stored.has(999_999_999));
    // Nothing appears that was never sent.
    for (const id of stored) if (id !== 999_999_999) assert.ok(sent.has(id), `record ${id} was never sent`);
  } finally {
    await engine.close();
  }
});
