// Parse parity with the official Kusto parser: Vigil's parser must accept exactly the queries the
// oracle accepts, on every query of the conformance corpora, and on a curated set of invalid
// queries its first error must be at the oracle's first error position.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from '../../src/kql/syntax/index.js';
import { oracleSyntaxErrors } from './parse-parity-oracle.js';

const CORPORA = ['sentinel-queries', 'examples', 'examples-dcr', 'examples-sampledb'] as const;

/**
 * Known disagreements, each with its reason. Keep this tiny: a disagreement that is not here
 * fails the test.
 */
const EXCLUSIONS: Array<{ corpus: string; id: string; reason: string }> = [];

interface CorpusRecord {
  query: string;
  source_path?: string;
  page?: string;
  line?: number;
}

function recordId(r: CorpusRecord): string {
  return r.source_path ?? `${r.page}:${r.line}`;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function weAccept(text: string): { ok: boolean; first?: { start: number; message: string } } {
  const errors = parse(text).diagnostics.filter((d) => d.severity === 'error');
  return errors.length === 0 ? { ok: true } : { ok: false, first: errors[0] };
}

for (const corpus of CORPORA) {
  test(`parse parity with the official parser: ${corpus}.jsonl`, () => {
    const records = readJsonl<CorpusRecord>(`../shared/kql-conformance/${corpus}.jsonl`);
    let oracleAccepted = 0;
    let weAccepted = 0;
    let agree = 0;
    const unexpected: string[] = [];
    const excludedSeen: string[] = [];
    for (const r of records) {
      const theirs = oracleSyntaxErrors(r.query);
      const ours = weAccept(r.query);
      if (theirs.length === 0) oracleAccepted++;
      if (ours.ok) weAccepted++;
      if (ours.ok === (theirs.length === 0)) {
        agree++;
        continue;
      }
      const id = recordId(r);
      if (EXCLUSIONS.some((e) => e.corpus === corpus && e.id === id)) {
        excludedSeen.push(id);
        continue;
      }
      unexpected.push(
        `${id}: oracle ${theirs.length === 0 ? 'accepts' : `rejects at ${theirs[0].start} (${theirs[0].message})`}, ` +
          `Vigil ${ours.ok ? 'accepts' : `rejects at ${ours.first!.start} (${ours.first!.message})`}`,
      );
    }
    console.log(
      `[parse-parity] ${corpus}: ${records.length} queries; oracle accepts ${oracleAccepted}, rejects ` +
        `${records.length - oracleAccepted}; Vigil accepts ${weAccepted}, rejects ${records.length - weAccepted}; ` +
        `agree ${agree}; excluded ${excludedSeen.length}`,
    );
    assert.deepEqual(unexpected, [], 'disagreements with the official parser');
    // an exclusion that no longer disagrees must be removed from the list
    for (const e of EXCLUSIONS.filter((x) => x.corpus === corpus)) {
      assert.ok(excludedSeen.includes(e.id), `exclusion no longer needed: ${e.id}`);
    }
  });
}

test('curated invalid queries: rejected by both, first error at the oracle position', () => {
  const records = readJsonl<{ query: string; note: string; oracle_start: number }>('test/kql/syntax/invalid-queries.jsonl');
  assert.ok(records.length >= 60, 'the curated file holds at least 60 invalid queries');
  const problems: string[] = [];
  let samePosition = 0;
  for (const r of records) {
    const theirs = oracleSyntaxErrors(r.query);
    const ours = weAccept(r.query);
    if (theirs.length === 0) {
      problems.push(`${JSON.stringify(r.query)} (${r.note}): the oracle accepts it; remove it from the file`);
      continue;
    }
    if (theirs[0].start !== r.oracle_start) {
      problems.push(`${JSON.stringify(r.query)}: recorded oracle position ${r.oracle_start}, oracle now says ${theirs[0].start}`);
    }
    if (ours.ok) {
      problems.push(`${JSON.stringify(r.query)} (${r.note}): Vigil accepts it, oracle rejects at ${theirs[0].start}`);
    } else if (ours.first!.start !== theirs[0].start) {
      problems.push(
        `${JSON.stringify(r.query)} (${r.note}): Vigil's first error at ${ours.first!.start} (${ours.first!.message}), ` +
          `oracle's at ${theirs[0].start} (${theirs[0].message})`,
      );
    } else {
      samePosition++;
    }
  }
  console.log(`[parse-parity] invalid-queries: ${records.length} queries; first error at the oracle position: ${samePosition}`);
  assert.deepEqual(problems, []);
});
