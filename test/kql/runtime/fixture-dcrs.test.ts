// Every transformKql of every DCR under fixtures/azure-sentinel compiles (checked against the
// destination table when the solution ships it), or fails for a reason that is outside what Azure
// accepts — listed here with that reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTransform, validateTransform } from '../../../src/kql/runtime/transform/compile-transform.js';
import { TransformCompileError } from '../../../src/kql/runtime/transform/diagnostics.js';
import { fixtureFlows } from './fixture-dcrs.js';
import { compileRecordCoercer } from '../../../src/kql/runtime/coerce.js';

const EXPECTED_FAILURES = [
  {
    file: 'shared/fixtures/azure-sentinel/Solutions/AbnormalSecurity/Data Connectors/AbnormalSecurity_CCF/AbnormalSecurity_DCR.json',
    jsonPath: '$.properties.dataFlows[8].transformKql',
    code: 'KQL1103',
    line: 10,
    column: 68,
    reason:
      "`abx_body.abx_body.timeline` uses the keyword `timeline` as a member name without ['timeline'] quoting; the official Kusto parser (language service 12.4.1) rejects it at the same position (KS006)",
  },
];

const flows = fixtureFlows();

test('the fixture DCRs hold 21 data flows', () => {
  assert.equal(flows.length, 21);
  assert.equal(flows.filter((f) => f.table).length, 7, 'flows whose destination table schema ships with the solution');
});

test('every fixture transform compiles, except the listed ones, which fail with their reason', () => {
  for (const f of flows) {
    const v = validateTransform(f.transformKql, {
      input: f.input,
      output: f.table?.columns,
      outputTable: f.table?.name,
      origin: { file: f.file, jsonPath: f.jsonPath },
    });
    const expected = EXPECTED_FAILURES.find((x) => x.file === f.file && x.jsonPath === f.jsonPath);
    if (!expected) {
      assert.equal(v.ok, true, `${f.file} ${f.jsonPath}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
      continue;
    }
    assert.equal(v.ok, false);
    const err = v.diagnostics.find((d) => d.severity === 'error')!;
    assert.deepEqual([err.code, err.line, err.column, err.file, err.jsonPath], [expected.code, expected.line, expected.column, f.file, f.jsonPath]);
  }
});

test('tolerated functions in real DCRs compile with a warning, once per function; strict mode rejects them', () => {
  const halcyon = flows.find((f) => f.file.endsWith('Halcyon_ccp_v2/Halcyon_DCR.json') && f.jsonPath.endsWith('dataFlows[0].transformKql'))!;
  const t = compileTransform(halcyon.transformKql, { input: halcyon.input, output: halcyon.table!.columns });
  assert.deepEqual(t.warnings.map((w) => [w.code, w.message.split("'")[1]]), [['KQL3003', 'todynamic']]);
  assert.throws(
    () => compileTransform(halcyon.transformKql, { input: halcyon.input, strict: true }),
    (e: unknown) => e instanceof TransformCompileError && e.diagnostics.filter((d) => d.code === 'KQL3003' && d.severity === 'error').length === 15,
  );
  const orca = flows.find((f) => f.file.endsWith('Package/mainTemplate.json'))!;
  const o = compileTransform(orca.transformKql, { input: orca.input, output: orca.table!.columns });
  assert.deepEqual(o.warnings.map((w) => w.message.split("'")[1]), ['coalesce']);
});

test('output schemas of fixture transforms', () => {
  const v1 = flows.find((f) => f.file.endsWith('Halcyon_ccp/Halcyon_DCR.json'))!;
  const t = compileTransform(v1.transformKql, { input: v1.input, output: v1.table!.columns });
  // `extend TimeGenerated = datetime(1970-01-01) + (['time'] * 1ms) | project-away ['time']`:
  // TimeGenerated keeps its position and type, `time` is gone.
  assert.deepEqual(t.outputSchema.map((c) => `${c.name}:${c.type}`), v1.input.filter((c) => c.name !== 'time').map((c) => `${c.name}:${c.type}`));
  const darktrace = flows.filter((f) => f.file.endsWith('Darktrace_DCR.json'));
  for (const f of darktrace) assert.equal(compileTransform(f.transformKql, { input: f.input }).passThrough, true);
});

test('every compiling fixture transform runs on a record of its stream and yields its output schema', () => {
  const sample: Record<string, unknown> = {
    // Strings hold ISO text so that `todatetime(Time)`-style transforms get a real TimeGenerated.
    string: '2024-05-01T10:00:00Z', int: 7, long: 1700000000123, real: 2.5, bool: true, datetime: '2024-05-01T10:00:00Z', timespan: '00:01:00',
    guid: '74be27de-1e4e-49d9-b579-fe0b331d3642', decimal: 1.5,
    dynamic: { event_type: 'x', abx_body: { subject: 's', received_time: '2024-05-01T10:00:00Z' }, time: 1700000000123, count: 3 },
  };
  let ran = 0;
  for (const f of flows) {
    if (EXPECTED_FAILURES.some((x) => x.file === f.file && x.jsonPath === f.jsonPath)) continue;
    const coerce = compileRecordCoercer(f.input);
    const record = coerce(Object.fromEntries(f.input.map((c) => [c.name, c.name === 'recordType' ? 'event' : sample[c.type]])));
    const t = compileTransform(f.transformKql, { input: f.input });
    const out = t.run(record);
    if (out === null) continue; // filtered (Halcyon v2 keeps recordType 'event' / 'alert' only)
    assert.deepEqual(Object.keys(out), t.outputSchema.map((c) => c.name), `${f.file} ${f.jsonPath}`);
    assert.equal(typeof out.TimeGenerated, 'bigint', `${f.file} ${f.jsonPath}: TimeGenerated is a datetime`);
    ran++;
  }
  assert.ok(ran >= 17, `${ran} transforms produced a row`);
});
