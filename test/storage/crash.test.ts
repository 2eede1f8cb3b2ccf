// The durability contract under a real crash: a child process appends under concurrency and is
// killed with SIGKILL at an arbitrary point (mid-commit, mid-load, mid-delete); a new process opens
// the same data folder. Every acknowledged record must be present exactly once, a call's two flows
// must be both present or both absent, and the engine must serve again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { openEngine } from '../../src/storage/engine.js';
import { tempDataDir } from './helpers.js';

const here = fileURLToPath(import.meta.url);
const CHILD = fileURLToPath(new URL(`./fixtures/crash-child${extname(here)}`, import.meta.url));

interface RoundResult {
  acked: [number, number][];
  cycles: number;
  signal: NodeJS.Signals | null;
}

/** Runs one child until it has acknowledged `minAcks` calls after `minCycles` loads, then SIGKILLs it. */
function crashRound(dataDir: string, firstId: number, minAcks: number, minCycles: number, extraAcks: number): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, CHILD, dataDir, String(firstId), '8'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: [number, number][] = [];
    let cycles = 0;
    let stderr = '';
    let killed = false;
    let killAt = Infinity;
    child.stderr.on('data', (d) => (stderr += d));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [kind, a, b] = line.split(' ');
      if (kind === 'ack') acked.push([Number(a), Number(b)]);
      else if (kind === 'cycles') cycles = Number(a);
      if (killAt === Infinity && acked.length >= minAcks && cycles >= minCycles) killAt = acked.length + extraAcks;
      if (!killed && acked.length >= killAt) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!killed) reject(new Error(`child exited by itself (code ${code}): ${stderr}`));
      else resolve({ acked, cycles, signal });
    });
  });
}

test('crash: SIGKILL under sustained concurrent ingest loses and doubles nothing acknowledged', { timeout: 300_000 }, async (t) => {
  const dataDir = await tempDataDir(t);
  const acked: [number, number][] = [];
  // Several rounds on the same folder: each reopen replays what the previous kill left behind, and
  // varied kill points (acks after the trigger) land in different phases of commit and load.
  const rounds = [
    { minAcks: 400, minCycles: 3, extra: 0 },
    { minAcks: 300, minCycles: 2, extra: 37 },
    { minAcks: 500, minCycles: 5, extra: 113 },
    { minAcks: 200, minCycles: 1, extra: 5 },
  ];
  for (const [i, r] of rounds.entries()) {
    const res = await crashRound(dataDir, (i + 1) * 10_000_000, r.minAcks, r.minCycles, r.extra);
    assert.equal(res.signal, 'SIGKILL');
    acked.push(...res.acked);
  }

  const engine = await openEngine({ dataDir });
  t.after(() => engine.close());
  // Exactly once and both flows together, over everything present (acknowledged or not).
  const dup = await engine.query(
    'SELECT (SELECT count(*) - count(DISTINCT Id) FROM CrashA_CL), (SELECT count(*) - count(DISTINCT Id) FROM CrashB_CL)',
  );
  assert.deepEqual(dup.rows, [[0n, 0n]], 'no record is present twice');
  const orphan = await engine.query(
    'SELECT count(*) FROM CrashA_CL a FULL OUTER JOIN CrashB_CL b ON a.Id = b.Id WHERE a.Id IS NULL OR b.Id IS NULL',
  );
  assert.deepEqual(orphan.rows, [[0n]], "a call's two flows are both present or both absent");
  // Every acknowledged record is present.
  const present = new Set<number>();
  const stream = await engine.stream('SELECT Id FROM CrashA_CL');
  for await (const chunk of stream) for (const [id] of chunk) present.add(Number(id));
  let ackedRecords = 0;
  const missing: number[] = [];
  for (const [first, count] of acked) {
    for (let id = first; id < first + count; id++) {
      ackedRecords++;
      if (!present.has(id)) missing.push(id);
    }
  }
  assert.deepEqual(missing.slice(0, 10), [], `${missing.length} of ${ackedRecords} acknowledged records are missing`);
  assert.ok(ackedRecords >= 1400 * 25, `the rounds acknowledged ${ackedRecords} records`);
  t.diagnostic(`acknowledged ${ackedRecords} records over ${rounds.length} kills; ${present.size - ackedRecords} more were durable but unacknowledged`);

  // And it serves again.
  await engine.append([{ table: 'CrashA_CL', ndjson: '{"Id":-1}\n', rows: 1 }]);
  await engine.flush();
  assert.deepEqual((await engine.query('SELECT count(*) FROM CrashA_CL WHERE Id = -1')).rows, [[1n]]);
});
