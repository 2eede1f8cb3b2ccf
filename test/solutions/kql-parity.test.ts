// The validator's KQL step gives the same answer with Vigil's own parser/binder (the default) and with the
// official parser as oracle (spec/kql.md §5): the same query and transform strings are flagged, and at each the
// first finding has the same code and position. (Vigil stops at a string's syntax errors or at its first binding
// error where the oracle goes on with recovery, so only the first finding per string is compared, syntax first.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { validateSolution } from '../../src/solutions/validate/index.js';
import type { Finding } from '../../src/solutions/model/findings.js';
import { oracleAnalyzer } from './helpers/oracle-kql.js';

const KQL_CODES = /^SOL(40[1-5]|51[34])$/;

function firstPerString(findings: Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  const syntaxFirst = (f: Finding): number => (f.code === 'SOL401' ? 0 : 1);
  const ordered = findings
    .filter((x) => KQL_CODES.test(x.code))
    .sort((a, b) => syntaxFirst(a) - syntaxFirst(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const f of ordered) {
    const key = `${f.file}#${f.pointer}`;
    if (!out.has(key)) out.set(key, `${f.code}@${f.line ?? '-'}:${f.column ?? '-'}`);
  }
  return out;
}

const ROOT = '../shared/fixtures/azure-sentinel/Solutions';
const dirs = [
  ...readdirSync(ROOT).sort().map((n) => `${ROOT}/${n}`),
  'test/solutions/fixtures/contoso/ContosoSecurityAlerts',
];

for (const dir of dirs) {
  test(`KQL findings agree with the official parser: ${dir.split('/').pop()}`, () => {
    const vigil = firstPerString(validateSolution(dir).findings);
    const oracle = firstPerString(validateSolution(dir, { kql: oracleAnalyzer }).findings);
    assert.deepEqual([...vigil.entries()].sort(), [...oracle.entries()].sort());
  });
}
