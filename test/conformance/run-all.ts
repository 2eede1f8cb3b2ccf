// `npm run conformance`: runs the conformance corpora and prints their counts
// (`-- --json` prints one machine-readable summary instead).

import { formatSummary, runExamples } from './examples-runner.js';
import { formatSentinelSummary, runSentinelBind } from './examples-sentinel-bind.js';

const json = process.argv.includes('--json');
const perPage = process.argv.includes('--pages');

const examples = await runExamples();
const sentinel = runSentinelBind();

if (json) {
  process.stdout.write(`${JSON.stringify({
    examples: {
      records: examples.total,
      comparable: examples.comparable,
      passed: examples.comparableCounts.pass,
      failed: examples.comparableCounts.fail + examples.comparableCounts['runtime-error'] + examples.comparableCounts['compile-error'],
      unsupported: examples.comparableCounts.unsupported,
      byPage: examples.byPage,
    },
    sentinel: { queries: sentinel.total, parsed: sentinel.parsed, bound: sentinel.bound, compiled: sentinel.compiled },
  }, null, 2)}\n`);
} else {
  console.log(formatSummary(examples, perPage));
  console.log(formatSentinelSummary(sentinel));
}
