// A node:test reporter that sums the time of each test file's top-level tests and, when the run
// ends, prints the slowest files. CI uses it so that a file that grows slow is seen without
// re-running the suite file by file (the TAP stream names tests, not files).
// Module loading of a file is not included: only what its top-level tests report.
// Usage (run-tests.mjs wires it): --test-reporter=./scripts/slowest-files-reporter.mjs
//   --test-reporter-destination=stderr; VIGIL_SLOWEST_FILES=N sets how many are listed (default 10).
import { relative } from 'node:path';

const limit = Number(process.env.VIGIL_SLOWEST_FILES ?? 10);

export default async function* slowestFiles(source) {
  const perFile = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, nesting, details } = event.data;
    if (!file || nesting !== 0) continue;
    const ms = details?.duration_ms ?? 0;
    const entry = perFile.get(file) ?? { ms: 0, tests: 0 };
    entry.ms += ms;
    entry.tests += 1;
    perFile.set(file, entry);
  }
  if (limit <= 0 || perFile.size === 0) return;
  const rows = [...perFile.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, limit);
  const total = [...perFile.values()].reduce((s, e) => s + e.ms, 0);
  yield `\nslowest test files (sum of top-level test durations; all ${perFile.size} files: ${(total / 1000).toFixed(1)} s)\n`;
  for (const [file, e] of rows) {
    const name = relative(process.cwd(), file).replace(/^dist\//, '').replace(/\.js$/, '.ts');
    yield `  ${(e.ms / 1000).toFixed(1).padStart(7)} s  ${String(e.tests).padStart(4)} tests  ${name}\n`;
  }
}
