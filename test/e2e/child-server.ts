// `vigil serve` in a child process on a data folder, as an operator runs it: started, read through
// its `vigil.json`, stopped with a signal (SIGTERM for a graceful stop, SIGKILL for a crash).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectionInfo } from '../../src/surfaces/connection-info.js';

export interface ChildServer {
  info: ConnectionInfo;
  ca: string;
  adminKey: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | string | null>;
  stderr(): string;
}

/** The command line that runs the CLI from source (under tsx) or from the build (dist/). */
export function cliCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return ['--import', 'tsx', join(here, '../../../src/cli/main.ts')];
  return [join(here, '../../../src/cli/main.js')];
}

export async function startChildServer(dataDir: string, port = 0, extraEnv: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): Promise<ChildServer> {
  // A stale connection file from an earlier (killed) run must not be mistaken for this one's.
  await rm(join(dataDir, 'vigil.json'), { force: true });
  const child = spawn(process.execPath, [...cliCommand(), 'serve', '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn', ...extraArgs], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 100_000) err = err.slice(-50_000);
  });
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`vigil serve exited before it was ready:\n${err}`);
    try {
      const info = JSON.parse(await readFile(join(dataDir, 'vigil.json'), 'utf8')) as ConnectionInfo;
      if (info.pid === child.pid) {
        const ca = await readFile(info.caCertPath!, 'utf8');
        const adminKey = (await readFile(info.adminKeyPath, 'utf8')).trim();
        return { info, ca, adminKey, child, exited, stderr: () => err };
      }
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
