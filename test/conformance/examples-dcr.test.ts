// kql-conformance/examples-dcr.jsonl (the 88 documentation examples within the DCR transform
// subset) through the row evaluator: every record must pass, as written or with a documented
// correction of the doc (examples-dcr-triage.ts). Prints the counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateQuery } from '../../src/kql/runtime/transform/evaluate-query.js';
import { compareRows, type Example } from './examples-dcr-compare.js';
import { TRIAGE, type Triage } from './examples-dcr-triage.js';

const examples: Example[] = readFileSync('../shared/kql-conformance/examples-dcr.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as Example);

function run(ex: Example, fix?: Triage): string | null {
  const r = evaluateQuery(ex.query, fix?.now !== undefined ? { now: fix.now } : {});
  if ('diagnostics' in r) return r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ');
  const columns = fix?.columns ?? ex.columns;
  const names = r.columns.map((c) => c.name);
  if (JSON.stringify(names) !== JSON.stringify(columns)) return `columns ${JSON.stringify(names)}, expected ${JSON.stringify(columns)}`;
  let rows = ex.rows.map((row) => row.slice());
  for (const [i, j, text] of fix?.cells ?? []) rows[i][j] = text;
  let actual = r.rows;
  if (fix?.collapseWhitespace) {
    const squash = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : s);
    rows = rows.map((row) => row.map((c) => squash(c) as string));
    actual = actual.map((row) => row.map((v) => squash(v) as typeof v));
  }
  return compareRows(r.columns, actual, { rows, truncated: ex.truncated, abbreviated: ex.abbreviated });
}

test('examples-dcr.jsonl: 100 % through the row evaluator', () => {
  assert.equal(examples.length, 88);
  const failures: string[] = [];
  let asWritten = 0;
  let corrected = 0;
  const usedTriage = new Set<Triage>();
  for (const ex of examples) {
    const raw = run(ex);
    if (raw === null) {
      asWritten++;
      continue;
    }
    const fix = TRIAGE.find((t) => t.page === ex.page && t.line === ex.line);
    if (!fix) {
      failures.push(`${ex.page}:${ex.line}: ${raw}`);
      continue;
    }
    usedTriage.add(fix);
    const fixed = run(ex, fix);
    if (fixed === null) corrected++;
    else failures.push(`${ex.page}:${ex.line} (with correction: ${fix.reason}): ${fixed}`);
  }
  console.log(`examples-dcr: ${asWritten + corrected}/${examples.length} pass (${asWritten} as written, ${corrected} with a documented doc correction)`);
  assert.deepEqual(failures, []);
  const unused = TRIAGE.filter((t) => !usedTriage.has(t)).map((t) => `${t.page}:${t.line}`);
  assert.deepEqual(unused, [], 'triage entries that are no longer needed');
  assert.equal(asWritten + corrected, examples.length);
});
