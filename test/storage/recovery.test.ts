// Replay of the journal after a crash at chosen points, and the atomicity of one call across tables
// when its commit record did not make it to disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEngine } from '../../src/storage/engine.js';
import { decodeCommitLog, encodeCommitRecord } from '../../src/storage/journal/commit-log.js';
import { runUntilKilled, tempDataDir } from './helpers.js';

const here = fileURLToPath(import.meta.url);
const CHILD = fileURLToPath(new URL(`./fixtures/journal-child${extname(here)}`, import.meta.url));

function runChild(dataDir: string, scenario: string): Promise<string[]> {
  return runUntilKilled(CHILD, [dataDir, scenario]);
}

async function journalFiles(dataDir: string): Promise<string[]> {
  return (await readdir(join(dataDir, 'journal'))).sort();
}

async function counts(dataDir: string) {
  const engine = await openEngine({ dataDir });
  try {
    const r = await engine.query(
      'SELECT (SELECT count(*) FROM R1_CL), (SELECT count(DISTINCT Id) FROM R1_CL), (SELECT count(*) FROM R2_CL), (SELECT list(DISTINCT Call ORDER BY Call) FROM R1_CL)',
    );
    const [r1, r1distinct, r2, calls] = r.rows[0] as [bigint, bigint, bigint, number[]];
    return { r1, r1distinct, r2, calls, replayed: engine.stats().load.segments };
  } finally {
    await engine.close();
  }
}

test('recovery: acknowledged rows left in the journal by a crash are loaded on open, once', { timeout: 120_000 }, async (t) => {
  const dataDir = await tempDataDir(t);
  assert.deepEqual(await runChild(dataDir, 'before-load'), ['acked 1', 'acked 2', 'acked 3']);
  const files = await journalFiles(dataDir);
  assert.ok(files.some((f) => f.endsWith('.R1_CL.json')) && files.some((f) => f.endsWith('.commits')), `journal holds ${files}`);
  // Keep a copy of the segment to stage "crashed after the load committed, before its files were deleted".
  const backup = join(dataDir, 'backup');
  await mkdir(backup);
  for (const f of files) await copyFile(join(dataDir, 'journal', f), join(backup, f));
  // Scratch copies a load makes beside a table file (salvage, split rest), as a crash mid-load leaves them.
  const table = files.find((f) => f.endsWith('.R1_CL.json'))!;
  await writeFile(join(dataDir, 'journal', `${table}.salvaged`), '{"Id":-1}\n');
  await writeFile(join(dataDir, 'journal', `${table}.rest`), '[{"Id":-2}]');

  const first = await counts(dataDir);
  assert.deepEqual(first, { r1: 30n, r1distinct: 30n, r2: 30n, calls: [1, 2, 3], replayed: 1 });
  assert.deepEqual(await journalFiles(dataDir), [], 'a loaded segment is deleted, and no scratch copy is left behind');

  for (const f of files) await copyFile(join(backup, f), join(dataDir, 'journal', f));
  const again = await counts(dataDir);
  assert.deepEqual(again, { r1: 30n, r1distinct: 30n, r2: 30n, calls: [1, 2, 3], replayed: 0 }, 'an already loaded segment is not loaded twice');
  assert.deepEqual(await journalFiles(dataDir), []);
});

test('recovery: a call whose commit record is missing or torn is absent from every table; bytes past the commit are ignored', { timeout: 120_000 }, async (t) => {
  const dataDir = await tempDataDir(t);
  await runChild(dataDir, 'before-load');
  const files = await journalFiles(dataDir);
  const log = join(dataDir, 'journal', files.find((f) => f.endsWith('.commits'))!);
  const records = decodeCommitLog(await readFile(log));
  assert.equal(records.length, 3, 'one record per acknowledged call (each call was its own group)');
  // Crash between the two phases of call 3: its rows are on disk, its record is torn.
  const keep = encodeCommitRecord(records[0]!).length + encodeCommitRecord(records[1]!).length;
  const third = encodeCommitRecord(records[2]!);
  await truncate(log, keep);
  await appendFile(log, third.subarray(0, third.length - 5));
  // And a group that never got as far as its record: garbage past the committed size.
  await appendFile(join(dataDir, 'journal', files.find((f) => f.endsWith('.R2_CL.json'))!), '{"Id":999,"Call":9}\n{"Id":');

  const c = await counts(dataDir);
  assert.deepEqual(c, { r1: 20n, r1distinct: 20n, r2: 20n, calls: [1, 2], replayed: 1 });
});

test('recovery: a commit record with a bad checksum ends the valid log', () => {
  const a = encodeCommitRecord({ commit: 1, tables: { T: { bytes: 10, rows: 1 } } });
  const b = encodeCommitRecord({ commit: 2, tables: { T: { bytes: 20, rows: 2 } } });
  const c = encodeCommitRecord({ commit: 3, tables: { T: { bytes: 30, rows: 3 } } });
  const corrupt = Buffer.from(b);
  corrupt[corrupt.length - 3] ^= 0x01; // flip one bit inside the JSON
  assert.deepEqual(decodeCommitLog(Buffer.concat([a, b, c])).map((r) => r.commit), [1, 2, 3]);
  assert.deepEqual(decodeCommitLog(Buffer.concat([a, corrupt, c])).map((r) => r.commit), [1]);
  assert.deepEqual(decodeCommitLog(Buffer.concat([a, Buffer.alloc(64)])).map((r) => r.commit), [1], 'a zero-filled tail is not a record');
});

test('recovery: a crash during a load leaves every row to be loaded exactly once on open', { timeout: 120_000 }, async (t) => {
  const dataDir = await tempDataDir(t);
  const out = await runChild(dataDir, 'mid-load');
  assert.equal(out[0], 'acked 60');
  t.diagnostic(out[1] ?? '');
  const engine = await openEngine({ dataDir });
  t.after(() => engine.close());
  const r = await engine.query('SELECT count(*), count(DISTINCT Id), min(Id), max(Id) FROM R1_CL');
  assert.deepEqual(r.rows, [[150_000n, 150_000n, 0n, 149_999n]]);
});
