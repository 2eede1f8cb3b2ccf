// Output of CLI commands: for a person by default, JSON with `--json`. Failures print to stderr
// (or as JSON on stdout with `--json`) and set a non-zero exit code.
import { CliError } from './client.js';

export interface OutputOptions {
  json?: boolean;
}

export function emit(opts: OutputOptions, value: unknown, human: () => string): void {
  process.stdout.write(opts.json ? JSON.stringify(value, null, 2) + '\n' : human().replace(/\n?$/, '\n'));
}

/** Runs a command body; maps failures to a message and exit code 1. */
export async function run(opts: OutputOptions, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    process.exitCode = 1;
    const message = e instanceof Error ? e.message : String(e);
    if (opts.json) {
      const body = e instanceof CliError && e.body !== undefined ? e.body : { error: { code: e instanceof CliError ? 'CliError' : 'Error', message } };
      process.stdout.write(JSON.stringify(body, null, 2) + '\n');
    } else {
      process.stderr.write(`error: ${message}\n`);
    }
  }
}

/** Aligned `label  value` lines. */
export function table(rows: readonly (readonly [string, string])[]): string {
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
