// The documentation examples (kql-conformance/examples.jsonl) run through Vigil on DuckDB and
// compared with their documented outputs (spec/kql.md §6.3). A ratchet: the pass count must not
// drop below the last recorded figure (docs/kql-coverage.md).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSummary, runExamples } from './examples-runner.js';
import { formatSentinelSummary, runSentinelExecute } from './examples-sentinel-bind.js';

/** Exact-comparable examples passing at the last recorded run; raise it when coverage grows. */
const EXAMPLES_RATCHET = 624;
/** Sentinel queries compiling to SQL at the last recorded run. */
const SENTINEL_RATCHET = 625;

test('documentation examples: pass count does not drop', { timeout: 600_000 }, async (t) => {
  const s = await runExamples();
  t.diagnostic(formatSummary(s, false));
  assert.ok(s.comparableCounts.pass >= EXAMPLES_RATCHET, `passed ${s.comparableCounts.pass} < ratchet ${EXAMPLES_RATCHET}`);
});

test('Sentinel queries: compile rate does not drop, and DuckDB runs every compiled query', { timeout: 600_000 }, async (t) => {
  const s = await runSentinelExecute();
  t.diagnostic(formatSentinelSummary(s));
  assert.ok(s.compiled >= SENTINEL_RATCHET, `compiled ${s.compiled} < ratchet ${SENTINEL_RATCHET}`);
  assert.equal(s.executed, s.compiled, s.failures.filter((f) => f.code === 'SQL').map((f) => `${f.id}: ${f.message}`).join('\n'));
});
