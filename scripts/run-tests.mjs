// Runs every compiled test file under dist/test with Node's test runner.
// Node 20's `--test` does not expand globs, so the files are listed here. A compiled test whose
// TypeScript source no longer exists (renamed, deleted, or built on another branch) is skipped:
// `tsc` never deletes outputs, and a stale test must not run.
// Usage: node scripts/run-tests.mjs [substring-filter ...]   (VIGIL_SLOWEST_FILES=N lists N slowest files; 0: none)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const sourceOf = (compiled) => relative('dist', compiled).replace(/\.js$/, '.ts');
const filters = process.argv.slice(2);
const files = walk('dist/test', [])
  .sort()
  .filter((f) => existsSync(sourceOf(f)))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files found under dist/test (did the build run?)');
  process.exit(1);
}
// The usual reporter on stdout (spec on a terminal, TAP otherwise, as node picks by default) and,
// on stderr at the end, the slowest files (scripts/slowest-files-reporter.mjs).
const reporters = [
  `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`, '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/slowest-files-reporter.mjs', '--test-reporter-destination=stderr',
];
const res = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...reporters, ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
