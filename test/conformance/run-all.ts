// `npm run conformance`: runs the conformance corpora through the query engine (KQL → SQL →
// DuckDB) and prints their counts (`-- --json` prints one machine-readable summary instead;
// `-- --pages` adds the per-page table of the documentation examples).
//   examples.jsonl          run and compared with the documented outputs (spec/kql.md §6.3)
//   examples-dcr.jsonl      the same, for the DCR-subset examples (the row engine has its own runner)
//   examples-sampledb.jsonl compiled against a StormEvents schema (spec §2) and stubs; no data to compare
//   sentinel-queries.jsonl  compiled with fixture schemas and stubs, then run on empty tables

import { formatSummary, loadExamples, runExamples } from './examples-runner.js';
import { formatSentinelSummary, runSentinelExecute } from './examples-sentinel-bind.js';
import { compileSampleDb } from './examples-sampledb.js';

const json = process.argv.includes('--json');
const perPage = process.argv.includes('--pages');

const examples = await runExamples();
const dcr = await runExamples(loadExamples('../shared/kql-conformance/examples-dcr.jsonl'));
const sampledb = compileSampleDb();
const sentinel = await runSentinelExecute();

const failed = (s: typeof examples) => s.comparableCounts.fail + s.comparableCounts['runtime-error'] + s.comparableCounts['compile-error'];

if (json) {
  process.stdout.write(`${JSON.stringify({
    examples: {
      records: examples.total,
      comparable: examples.comparable,
      passed: examples.comparableCounts.pass,
      passedWithDocCorrection: examples.corrected,
      nondeterministic: examples.comparableCounts.nondeterministic,
      failed: failed(examples),
      unsupported: examples.comparableCounts.unsupported,
      byPage: examples.byPage,
    },
    examplesDcr: { records: dcr.total, comparable: dcr.comparable, passed: dcr.comparableCounts.pass, failed: failed(dcr), unsupported: dcr.comparableCounts.unsupported },
    examplesSampleDb: sampledb,
    sentinel: { queries: sentinel.total, parsed: sentinel.parsed, bound: sentinel.bound, compiled: sentinel.compiled, executed: sentinel.executed },
  }, null, 2)}\n`);
} else {
  console.log(formatSummary(examples, perPage));
  console.log(formatSummary(dcr, false).replace(/^examples:/m, 'examples-dcr (query engine):'));
  console.log(`examples-sampledb: ${sampledb.records} records; parsed ${sampledb.parsed}, compiled to SQL ${sampledb.compiled} (no sample data: not run)`);
  console.log(formatSentinelSummary(sentinel));
}
