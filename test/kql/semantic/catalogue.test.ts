// The function catalogue against the official analyzer: for every scalar function and every
// signature, a call with arguments of the declared parameter types must bind in Vigil with the
// result type the analyzer reports (the analyzer's type for the same call is the expectation).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind, catalogue, emptySchema } from '../../../src/kql/index.js';
import { oracleAnalyze } from './oracle.js';

const SAMPLE: Record<string, string> = {
  bool: 'true', int: 'int(1)', long: 'long(2)', real: 'real(1.5)', decimal: 'decimal(1.5)', string: '"text"',
  datetime: 'datetime(2020-01-01)', timespan: '1h', dynamic: 'dynamic([1, 2])', guid: 'guid(00000000-0000-0000-0000-000000000001)',
  num: 'long(2)', any: '"text"',
};

/** Functions whose first argument must be a specific constant for the call to be valid. */
const CONSTANT_ARGS: Record<string, string[]> = {
  datetime_add: ['"day"', 'long(1)', 'datetime(2020-01-01)'],
  datetime_diff: ['"day"', 'datetime(2020-01-02)', 'datetime(2020-01-01)'],
  datetime_part: ['"day"', 'datetime(2020-01-01)'],
  column_ifexists: ['"x"', 'long(1)'],
  columnifexists: ['"x"', 'long(1)'],
  extract: ['"(a)"', 'long(1)', '"abc"'],
  format_datetime: ['datetime(2020-01-01)', '"yyyy"'],
  format_timespan: ['1h', '"hh"'],
  convert_angle: ['real(1)', '"Degree"', '"Radian"'],
};

/**
 * Known disagreements with the analyzer, each with its reason. jaccard_index: the analyzer (12.4.1)
 * types it dynamic; the function's documentation says real, which Vigil follows.
 */
const DISAGREE = new Set(['jaccard_index']);

const SKIP = new Set(['case', 'iff', 'iif', 'strcat', 'strcat_delim', 'pack_all', 'bag_pack', 'pack', 'pack_dictionary', 'range', 'column_names_of']);

const cases: Array<{ fn: string; call: string }> = [];
for (const fn of catalogue.all()) {
  if (fn.kind !== 'scalar' || fn.name.startsWith('__') || SKIP.has(fn.name) || DISAGREE.has(fn.name)) continue;
  fn.signatures.forEach((sig) => {
    const args = CONSTANT_ARGS[fn.name] ?? sig.params.filter((p) => !p.optional && p.repeat !== 'zeroOrMore').map((p) => SAMPLE[p.types[0]!]!);
    cases.push({ fn: fn.name, call: `${fn.name}(${args.join(', ')})` });
  });
}

test('every catalogue function binds with the analyzer\'s result type', () => {
  const mismatches: string[] = [];
  let compared = 0;
  for (const c of cases) {
    const q = `print r = ${c.call}`;
    const o = oracleAnalyze(q);
    if (o.errors.length) continue; // a call shape the analyzer rejects (or does not know): nothing to compare
    const r = bind(q, { schema: emptySchema });
    compared++;
    if (r.diagnostics.length) { mismatches.push(`${c.call}: Vigil rejects (${r.diagnostics[0]!.message})`); continue; }
    const got = r.query!.columns[0]!.type;
    if (got !== o.columns[0]!.type) mismatches.push(`${c.call}: Vigil ${got}, analyzer ${o.columns[0]!.type}`);
  }
  assert.ok(compared > 200, `only ${compared} calls compared`);
  assert.deepEqual(mismatches, []);
});

test('every aggregate binds with the analyzer\'s result type', () => {
  const T = 'datatable(b:bool, i:int, l:long, r:real, s:string, t:datetime, ts:timespan, d:dynamic, g:guid)[]';
  const column: Record<string, string> = { bool: 'b', int: 'i', long: 'l', real: 'r', decimal: 'r', string: 's', datetime: 't', timespan: 'ts', dynamic: 'd', guid: 'g', num: 'l', any: 's' };
  const mismatches: string[] = [];
  let compared = 0;
  for (const fn of catalogue.all()) {
    if (fn.kind !== 'aggregate') continue;
    for (const sig of fn.signatures) {
      const args = sig.params.filter((p) => !p.optional && p.repeat !== 'zeroOrMore').map((p, i) => {
        const t = p.types[0]!;
        // percentile values are constants
        return fn.name.startsWith('percentile') && i > 0 ? '50' : column[t]!;
      });
      const q = `${T} | summarize r = ${fn.name}(${args.join(', ')})`;
      const o = oracleAnalyze(q);
      if (o.errors.length || o.columns.length !== 1) continue;
      compared++;
      const v = bind(q, { schema: emptySchema });
      if (v.diagnostics.length) { mismatches.push(`${q}: Vigil rejects (${v.diagnostics[0]!.message})`); continue; }
      const got = v.query!.columns[0]!.type;
      if (got !== o.columns[0]!.type) mismatches.push(`${fn.name}(${args.join(', ')}): Vigil ${got}, analyzer ${o.columns[0]!.type}`);
    }
  }
  assert.ok(compared > 40, `only ${compared} aggregates compared`);
  assert.deepEqual(mismatches, []);
});
