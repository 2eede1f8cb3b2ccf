// Shared by the storage tests: a fresh data folder per test, removed afterwards; a child fixture run
// until it kills itself.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export async function tempDataDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-storage-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function ndjson(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** Yields to timers and I/O until `cond` holds (no wall-clock deadline: the test runner's timeout bounds it). */
export async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 5));
}

/**
 * Runs the fixture `script` (under this process's loader flags) with `args` until it dies by SIGKILL,
 * as the crash fixtures do at their chosen point; resolves with its stdout lines. Rejects if it ends
 * any other way.
 */
export function runUntilKilled(script: string, args: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child did not die by SIGKILL: ${err}`));
      else resolve(out.trim().split('\n'));
    });
  });
}
