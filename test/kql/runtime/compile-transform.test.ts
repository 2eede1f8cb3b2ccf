// compileTransform: the subset is enforced at compile time with names and positions; the output is
// checked against the destination table; run() applies KQL's per-record semantics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTransform, validateTransform } from '../../../src/kql/runtime/transform/compile-transform.js';
import { fixedClock } from '../../../src/kql/runtime/transform/clock.js';
import { TransformCompileError, type TransformDiagnostic } from '../../../src/kql/runtime/transform/diagnostics.js';
import { compileRecordCoercer } from '../../../src/kql/runtime/coerce.js';
import { formatDatetime, parseDatetime } from '../../../src/kql/runtime/datetime.js';
import type { ColumnDecl } from '../../../src/kql/runtime/types.js';

const INPUT: ColumnDecl[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
  { name: 'Severity', type: 'int' },
  { name: 'Properties', type: 'dynamic' },
];

function errors(kql: string, input = INPUT, extra: object = {}): TransformDiagnostic[] {
  return validateTransform(kql, { input, ...extra }).diagnostics.filter((d) => d.severity === 'error');
}

test('operators outside the subset are rejected by name with line:column', () => {
  const cases: [string, string, string, number, number][] = [
    ['source\n| summarize count() by Message', 'KQL3001', 'summarize', 2, 3],
    ['source | join (source) on Message', 'KQL3001', 'join', 1, 10],
    ['source | take 10', 'KQL3001', 'take', 1, 10],
    ['source | sort by Severity', 'KQL3001', 'sort', 1, 10],
    ['source | mv-expand Properties', 'KQL3001', 'mv-expand', 1, 10],
    ['source | union source', 'KQL3001', 'union', 1, 10],
    ['source | where Message in~ ("a")', 'KQL3004', 'in~', 1, 16],
    ['source | where Message hasprefix "a"', 'KQL3004', 'hasprefix', 1, 24],
    ['source | where Severity between (1 .. 3)', 'KQL3004', 'between', 1, 16],
  ];
  for (const [kql, code, name, line, column] of cases) {
    const e = errors(kql);
    assert.ok(e.length > 0, kql);
    assert.deepEqual([e[0].code, e[0].line, e[0].column], [code, line, column], kql);
    assert.match(e[0].message, new RegExp(`'${name}'`), kql);
  }
});

test('functions outside the list are rejected by name; geo_location with the reason', () => {
  const e = errors('source | extend x = strcat_array(dynamic(["a"]), ",")');
  assert.deepEqual([e[0].code, e[0].column], ['KQL3002', 21]);
  assert.match(e[0].message, /'strcat_array'/);
  const g = errors('source\n| extend Geo = geo_location("1.0.0.5")');
  assert.deepEqual([g[0].code, g[0].line, g[0].column], ['KQL3010', 2, 16]);
  assert.match(g[0].message, /geolocation/);
  const b = errors('source | extend x = base64_decode_tostring(Message)');
  assert.equal(b[0].code, 'KQL3011');
  assert.match(b[0].message, /base64_decodestring/);
});

test('parse is limited to 10 columns per statement', () => {
  const cols = Array.from({ length: 11 }, (_, i) => `c${i}`).join(' "," ');
  const e = errors(`source | parse Message with ${cols}`);
  assert.equal(e[0].code, 'KQL3006');
  assert.match(e[0].message, /11 columns/);
  assert.deepEqual(errors(`source | parse Message with ${Array.from({ length: 10 }, (_, i) => `c${i}`).join(' "," ')} | extend TimeGenerated = now()`), []);
});

test('diagnostics carry the DCR file and JSON path', () => {
  const e = validateTransform('source | summarize count()', { input: INPUT, origin: { file: 'dcr.json', jsonPath: '$.properties.dataFlows[0].transformKql' } }).diagnostics[0];
  assert.deepEqual([e.file, e.jsonPath], ['dcr.json', '$.properties.dataFlows[0].transformKql']);
  assert.throws(() => compileTransform('source | summarize count()', { input: INPUT, origin: { file: 'dcr.json' } }), (x: unknown) => x instanceof TransformCompileError && /dcr\.json 1:10 KQL3001/.test(x.message));
});

test('unknown columns and type errors are compile-time errors (the shared binder\'s KQL2xxx codes)', () => {
  const e = errors('source\n| extend x = Nope');
  assert.deepEqual([e[0].code, e[0].line, e[0].column], ['KQL2002', 2, 14]);
  assert.equal(errors('source | extend x = Message + 1')[0].code, 'KQL2008');
  assert.equal(errors('source | where Severity')[0].code, 'KQL2009');
  assert.equal(errors('source | project-away Nope')[0].code, 'KQL2002');
});

test('the output must hold TimeGenerated as a datetime', () => {
  const noTg = INPUT.filter((c) => c.name !== 'TimeGenerated');
  assert.equal(errors('source', noTg)[0].code, 'KQL3101');
  assert.deepEqual(errors('source | extend TimeGenerated = now()', noTg), []);
  assert.equal(errors('source | extend TimeGenerated = "x"', INPUT)[0].code, 'KQL3102');
});

test('the output is checked against the destination table', () => {
  const table: ColumnDecl[] = [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Message', type: 'string' },
    { name: 'Severity', type: 'long' },
    { name: 'Properties', type: 'dynamic' },
  ];
  assert.deepEqual(errors('source', INPUT, { output: table }), []); // int is stored in long
  const extra = errors('source | extend Extra = 1', INPUT, { output: table, outputTable: 'T_CL' });
  assert.equal(extra[0].code, 'KQL3103');
  assert.match(extra[0].message, /'Extra'.*'T_CL'/);
  const mismatch = errors('source | extend Severity = tostring(Severity)', INPUT, { output: table });
  assert.equal(mismatch[0].code, 'KQL3104');
});

test('run(): where filters (null), extend/project shape the row, pass-through returns the record', () => {
  const coerce = compileRecordCoercer(INPUT);
  const rec = coerce({ TimeGenerated: '2024-05-01T10:00:00Z', Message: 'Login FAILED for bob', Severity: '3', Properties: { user: 'bob', n: 2 }, Ignored: 1 });
  assert.deepEqual(Object.keys(rec), ['TimeGenerated', 'Message', 'Severity', 'Properties']); // undeclared property dropped
  const pass = compileTransform('source', { input: INPUT });
  assert.equal(pass.passThrough, true);
  assert.equal(pass.run(rec), rec);
  const t = compileTransform(
    'source | where Message has "failed" | project TimeGenerated, User = tostring(Properties.user), N = toint(Properties.n) + Severity',
    { input: INPUT },
  );
  assert.deepEqual(t.outputSchema, [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'User', type: 'string' },
    { name: 'N', type: 'long' },
  ]);
  assert.deepEqual(t.run(rec), { TimeGenerated: parseDatetime('2024-05-01T10:00:00Z'), User: 'bob', N: 5 });
  // `has` is case-insensitive and term-based: "FAILED" matches "failed"; "fail" would not
  assert.equal(compileTransform('source | where Message has "fail"', { input: INPUT }).run(rec), null);
});

test('now() comes from the runtime clock, fixed per record', () => {
  const now = parseDatetime('2026-01-02T03:04:05.1234567Z')!;
  const t = compileTransform('source | extend Now = now(), Age = now() - TimeGenerated', { input: INPUT, runtime: fixedClock(now) });
  const out = t.run({ TimeGenerated: parseDatetime('2026-01-02T03:04:00Z'), Message: '', Severity: null, Properties: null })!;
  assert.equal(formatDatetime(out.Now as bigint), '2026-01-02T03:04:05.1234567Z');
  assert.equal(out.Age, 51_234_567n);
});

test('the Halcyon v1 transform turns epoch milliseconds into TimeGenerated', () => {
  const input: ColumnDecl[] = [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'time', type: 'long' },
  ];
  const t = compileTransform("source | extend TimeGenerated = datetime(1970-01-01) + (['time'] * 1ms) | project-away ['time']", { input });
  const out = t.run({ TimeGenerated: null, time: 1700000000123 })!;
  assert.deepEqual(Object.keys(out), ['TimeGenerated']);
  assert.equal(formatDatetime(out.TimeGenerated as bigint), '2023-11-14T22:13:20.1230000Z');
});

test("a stream column named 'source' is a column everywhere but at the start of the query (Orca, X7)", () => {
  const input: ColumnDecl[] = [
    { name: 'time', type: 'datetime' },
    { name: 'source', type: 'string' },
    { name: 'type', type: 'string' },
  ];
  const t = compileTransform("source | extend TimeGenerated = ['time'], Origin = strcat(source, '/', ['type']) | project-away ['time']", { input });
  const out = t.run({ time: parseDatetime('2024-01-01')!, source: 'orca', type: 'alert' })!;
  assert.equal(out.Origin, 'orca/alert');
});

test('parse_cef_dictionary in a transform (the documented example, with replace of ";")', () => {
  const input: ColumnDecl[] = [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'cefMessage', type: 'string' },
  ];
  const kql = `source
| extend cefMessage=iff(cefMessage contains_cs ";", replace(";", " ", cefMessage), cefMessage)
| extend parsedCefDictionaryMessage =parse_cef_dictionary(cefMessage)
| extend parsecefDictionaryExtension = parsedCefDictionaryMessage["Extension"]
| project TimeGenerated, cefMessage, parsecefDictionaryExtension`;
  const t = compileTransform(kql, { input });
  assert.deepEqual(t.warnings.map((w) => w.message.split("'")[1]), ['iff']);
  const out = t.run({ TimeGenerated: 0n, cefMessage: 'CEF:0|Vendor|Product|1.0|100|Blocked|5|src=10.0.0.1 act=blocked a;b dst=1.1.1.1' })!;
  assert.equal(out.cefMessage, 'CEF:0|Vendor|Product|1.0|100|Blocked|5|src=10.0.0.1 act=blocked a b dst=1.1.1.1');
  assert.deepEqual(out.parsecefDictionaryExtension, { src: '10.0.0.1', act: 'blocked a b', dst: '1.1.1.1' });
});

test('let scalars and scalar user functions', () => {
  const t = compileTransform(
    'let threshold = 2; let sev = (s:int) { iif(s > threshold, "high", "low") }; source | extend Level = sev(Severity)',
    { input: INPUT },
  );
  assert.equal(t.run({ TimeGenerated: 0n, Message: '', Severity: 3, Properties: null })!.Level, 'high');
  assert.equal(t.run({ TimeGenerated: 0n, Message: '', Severity: null, Properties: null })!.Level, 'low');
  assert.equal(errors('let f = (T:(*)) { T }; source')[0].code, 'KQL3009');
});

test('run() reports a record it cannot evaluate as TransformError', async () => {
  const { TransformError } = await import('../../../src/kql/runtime/transform/diagnostics.js');
  const t = compileTransform('source | where Message matches regex tostring(Properties.pattern)', { input: INPUT });
  assert.equal(t.run({ TimeGenerated: 0n, Message: 'abc', Severity: 1, Properties: { pattern: 'b+' } })?.Message, 'abc');
  assert.throws(() => t.run({ TimeGenerated: 0n, Message: 'abc', Severity: 1, Properties: { pattern: '(' } }), TransformError);
});

test('has_any is tolerated (watch list) and term-based; datatable cannot be the stream', () => {
  const t = compileTransform('source | where Message has_any ("error", "denied")', { input: INPUT });
  assert.deepEqual(t.warnings.map((w) => w.code), ['KQL3005']);
  const rec = { TimeGenerated: 0n, Message: 'Access DENIED by policy', Severity: 1, Properties: null };
  assert.deepEqual(t.run(rec), rec);
  assert.equal(t.run({ ...rec, Message: 'errors: none' }), null);
  assert.equal(errors('datatable(TimeGenerated:datetime)[datetime(2020-01-01)]')[0].code, 'KQL3007');
});
