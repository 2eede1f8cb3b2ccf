// The same expression evaluated by the row evaluator (DCR transforms at ingestion) and by the SQL
// query engine (queries) agrees:
//   1. the documentation examples within the transform subset (kql-conformance/examples-dcr.jsonl),
//   2. every transformKql of the fixture DCRs, and a few transforms in the shapes connector authors
//      write, over a few thousand generated records of their streams.
// Known disagreements are listed in differential-triage.ts (per example, per flow and output column)
// with the engine at fault and why; the test fails on any new disagreement and on any listed one that
// no longer occurs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileRecordCoercer } from '../../src/kql/runtime/coerce.js';
import { compileTransform } from '../../src/kql/runtime/transform/compile-transform.js';
import { fixedClock } from '../../src/kql/runtime/transform/clock.js';
import { evaluateQuery } from '../../src/kql/runtime/transform/evaluate-query.js';
import type { InputRecord } from '../../src/kql/runtime/transform/compile-transform.js';
import type { ColumnDecl } from '../../src/kql/runtime/types.js';
import { fixtureFlows } from '../kql/runtime/fixture-dcrs.js';
import { compareRows, SqlSide, type Rows } from './differential-harness.js';
import { generator, poolsOf } from './differential-records.js';
import { EXAMPLE_DISAGREEMENTS, FLOW_DISAGREEMENTS } from './differential-triage.js';

const NOW = BigInt(Date.UTC(2025, 5, 1, 12, 0, 0)) * 10_000n;

/**
 * Besides the fixture DCRs, transforms in the shapes connector authors write (the benchmark's case
 * (c), parse, case/iif, string functions), over one stream of typical columns.
 */
const IDIOM_INPUT = [
  { name: 'Time', type: 'string' }, { name: 'HostName', type: 'string' }, { name: 'UserName', type: 'string' },
  { name: 'Message', type: 'string' }, { name: 'Severity', type: 'int' }, { name: 'Bytes', type: 'long' },
  { name: 'Ratio', type: 'real' }, { name: 'Ok', type: 'bool' }, { name: 'Details', type: 'dynamic' }, { name: 'Raw', type: 'string' },
] as const;
const IDIOMS: { name: string; kql: string }[] = [
  { name: 'bench (c), dynamic', kql: 'source | project-rename Computer = HostName, Account = UserName | extend Action = tostring(parse_json(Details).action), Rule = tostring(parse_json(Details).rule) | where Action != "allow"' },
  { name: "bench (c'), JSON text", kql: 'source | extend Action = tostring(parse_json(Raw).action), Rule = tostring(parse_json(Raw).rule), Port = toint(parse_json(Raw).port) | where Action != "allow" | project Action, Rule, Port' },
  { name: 'typed projection', kql: 'source | extend TimeGenerated = todatetime(Time) | where isnotempty(UserName) | project TimeGenerated, User = tolower(UserName), Host = toupper(HostName), Sev = toint(Severity), KB = Bytes / 1024, Pct = round(Ratio * 100, 2)' },
  { name: 'parse', kql: 'source | parse Message with * "user=" User " action=" Action | extend TimeGenerated = now() | project TimeGenerated, User, Action' },
  { name: 'case/iif/strcat', kql: 'source | extend Level = case(Severity > 7, "High", Severity > 3, "Medium", "Low"), Flag = iif(Ok, "yes", "no"), Label = strcat(HostName, "/", UserName), Len = strlen(Message) | project Level, Flag, Label, Len' },
  { name: 'strings', kql: 'source | extend Parts = split(Message, " "), First = extract("([a-z]+)", 1, Message), Has = Message has "alpha", Starts = HostName startswith "a", Cnt = countof(Message, "a") | project Parts, First, Has, Starts, Cnt' },
  { name: 'dynamic access', kql: 'source | extend A = Details.a, N = toint(Details.id), Arr = array_length(Details.b), S = tostring(Details["name"]), Keys = pack("h", HostName, "s", Severity) | project A, N, Arr, S, Keys' },
];
const RECORDS_PER_FLOW = 160;

interface Example {
  page: string;
  line: number;
  query: string;
}

test('examples-dcr.jsonl: the row evaluator and the SQL engine give the same rows', async () => {
  const examples = readFileSync('../shared/kql-conformance/examples-dcr.jsonl', 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Example);
  assert.equal(examples.length, 88);
  const sql = await SqlSide.open();
  const found = new Map<string, string>();
  let agree = 0;
  try {
    for (const ex of examples) {
      const id = `${ex.page}:${ex.line}`;
      const row = evaluateQuery(ex.query, { now: NOW });
      if ('diagnostics' in row) {
        found.set(id, `row evaluator: ${row.diagnostics.map((d) => d.code).join(' ')}`);
        continue;
      }
      const s = await sql.run(ex.query, undefined, NOW);
      if ('compileError' in s || 'runError' in s) {
        found.set(id, `SQL: ${'compileError' in s ? s.compileError : s.runError}`);
        continue;
      }
      const diff = compareRows(row as Rows, s);
      if (diff.length === 0) agree++;
      else found.set(id, diff.map((d) => `${d.column}: ${d.detail}`).join('; '));
    }
  } finally {
    await sql.close();
  }
  console.log(`examples-dcr: ${agree}/${examples.length} agree; ${found.size} known disagreements`);
  const unexpected = [...found].filter(([id]) => !(id in EXAMPLE_DISAGREEMENTS)).map(([id, d]) => `${id}: ${d}`);
  const fixed = Object.keys(EXAMPLE_DISAGREEMENTS).filter((id) => !found.has(id));
  assert.deepEqual(unexpected, [], 'new disagreements');
  assert.deepEqual(fixed, [], 'listed disagreements that no longer occur (remove them from differential-triage.ts)');
});

test('fixture DCR transforms and common idioms over generated records: the row evaluator and the SQL engine give the same rows', async () => {
  const flows: { file: string; jsonPath: string; input: ColumnDecl[]; transformKql: string }[] = [
    ...fixtureFlows(),
    ...IDIOMS.map((x) => ({ file: 'idiom', jsonPath: x.name, input: IDIOM_INPUT.map((c) => ({ ...c })), transformKql: `${x.kql}` })),
  ];
  const sql = await SqlSide.open();
  const found = new Map<string, string>();
  let compared = 0;
  let records = 0;
  let rowsOut = 0;
  try {
    for (const [n, f] of flows.entries()) {
      const id = `${f.file}#${f.jsonPath}`;
      let t;
      try {
        t = compileTransform(f.transformKql, { input: f.input, runtime: fixedClock(NOW), requireTimeGenerated: false });
      } catch {
        continue; // fixture-dcrs.test.ts lists the transforms that do not compile, with their reasons
      }
      // Records the stream declaration accepts (a record the pipeline would refuse never reaches a transform).
      let failed = false;
      const coerce = compileRecordCoercer(f.input, () => (failed = true));
      const make = generator(1000 + n, poolsOf(f.transformKql));
      const typed: InputRecord[] = [];
      for (let i = 0; typed.length < RECORDS_PER_FLOW && i < RECORDS_PER_FLOW * 4; i++) {
        failed = false;
        const rec = coerce(make(f.input));
        if (!failed) typed.push(rec as InputRecord);
      }
      const out: unknown[][] = [];
      const input: InputRecord[] = [];
      for (const rec of typed) {
        let row;
        try {
          row = t.run(rec);
        } catch {
          continue; // a record the transform throws on is dead-lettered at ingestion; queries have no such case
        }
        input.push(rec);
        if (row !== null) out.push(t.outputSchema.map((c) => row[c.name]));
      }
      records += input.length;
      rowsOut += out.length;
      await sql.loadSource(f.input, input);
      const s = await sql.run(f.transformKql, f.input, NOW);
      if ('compileError' in s || 'runError' in s) {
        found.set(`${id}#*`, `SQL: ${'compileError' in s ? s.compileError : s.runError}`);
        continue;
      }
      compared++;
      for (const d of compareRows({ columns: [...t.outputSchema], rows: out }, s)) found.set(`${id}#${d.column}`, d.detail);
    }
  } finally {
    await sql.close();
  }
  console.log(`fixture transforms: ${compared} compared over ${records} generated records (${rowsOut} output rows); ${found.size} known disagreements`);
  assert.ok(records >= 2000, `${records} records`);
  const unexpected = [...found].filter(([id]) => !(id in FLOW_DISAGREEMENTS)).map(([id, d]) => `${id}: ${d}`);
  const fixed = Object.keys(FLOW_DISAGREEMENTS).filter((id) => !found.has(id));
  assert.deepEqual(unexpected, [], 'new disagreements');
  assert.deepEqual(fixed, [], 'listed disagreements that no longer occur (remove them from differential-triage.ts)');
});
