// Every fixture solution under ../shared/fixtures/azure-sentinel/Solutions/ is validated (with the default KQL
// step, Vigil's own parser and binder); the consistent one (Auth0) validates clean and each inconsistency of
// spec/ccf-solutions.md §12 (X1–X20) that concerns the loader/validator is reported with its code, at the file
// and pointer the spec names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSolution, type ValidationResult } from '../../src/solutions/validate/index.js';
import { solutionId } from '../../src/solutions/validate/solution-checks.js';
import type { Finding } from '../../src/solutions/model/findings.js';

const ROOT = '../shared/fixtures/azure-sentinel/Solutions';
const cache = new Map<string, ValidationResult>();
function run(name: string): ValidationResult {
  let r = cache.get(name);
  if (!r) {
    r = validateSolution(`${ROOT}/${name}`);
    cache.set(name, r);
  }
  return r;
}
function withCode(r: ValidationResult, code: string, file?: string): Finding[] {
  return r.findings.filter((f) => f.code === code && (file === undefined || f.file === file));
}

test('Auth0 (RestApiPoller with capitalised keys, null criteria values, old API versions) validates clean — X11', () => {
  const r = run('Auth0');
  const notInfo = r.findings.filter((f) => f.severity !== 'info');
  assert.deepEqual(notInfo, []);
  assert.equal(r.graph.definitions.length, 1);
  assert.equal(r.graph.dataConnectors[0].dcrs.length, 1, 'the poller links to its DCR');
  assert.equal(r.graph.dcrs[0].flows[0].table?.name, 'Auth0Logs_CL');
});

test('X1: Darktrace data connector stream matches no DCR stream → SOL302 error', () => {
  const f = withCode(run('Darktrace'), 'SOL302');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.equal(f[0].file, 'Data Connectors/ccf/Darktrace_DataConnector.json');
  assert.equal(f[0].pointer, '/properties/dcrConfig/streamName');
  assert.match(f[0].message, /Custom-DarktraceModelAlerts_CL/);
});

test('X2: Darktrace DCR writes 6 tables without table files → 6 SOL304 warnings', () => {
  const f = withCode(run('Darktrace'), 'SOL304');
  assert.equal(f.length, 6);
  assert.ok(f.every((x) => x.severity === 'warning' && x.file === 'Data Connectors/ccf/Darktrace_DCR.json'));
});

test('X3: Abnormal queries read *_V2_CL tables no DCR writes → SOL402 warnings; 8 SOL304 for missing table files', () => {
  const r = run('AbnormalSecurity');
  const def = 'Data Connectors/AbnormalSecurity_CCF/AbnormalSecurity_connectorDefinition.json';
  const reads = withCode(r, 'SOL402', def);
  assert.ok(reads.length > 0);
  assert.ok(reads.every((x) => x.severity === 'warning' && /_V2_CL/.test(x.message)));
  assert.ok(reads.some((x) => x.pointer === '/properties/connectorUiConfig/graphQueries/0/baseQuery'));
  const missing = withCode(r, 'SOL304');
  assert.equal(missing.length, 8);
  assert.equal(missing[0].pointer, '/properties/dataFlows/0/outputStream');
  assert.match(missing[0].message, /ABNORMAL_SECURITY_LOGS_CL/);
  // The saved AuditLog table is the non-V2 one and is written by the DCR: no "additional table" warning.
  assert.deepEqual(withCode(r, 'SOL305'), []);
});

test('X4: Abnormal test metadata → solution id publisherId_test.offerId_test and a SOL106 warning', () => {
  const r = run('AbnormalSecurity');
  assert.equal(solutionId(r.solution), 'publisherId_test.offerId_test');
  const f = withCode(r, 'SOL106');
  assert.equal(f.length, 1);
  assert.equal(f[0].file, 'SolutionMetadata.json');
});

test('X7: Orca DCR stream columns named `source` and `type` bind: no KQL finding on the DCR', () => {
  const r = run('Orca Security Alerts');
  const dcr = 'Data Connectors/OrcaSecurityAlertsCCF/OrcaSecurityAlerts_DCR.json';
  assert.deepEqual(
    r.findings.filter((f) => f.file === dcr && /^SOL(4|51[34])/.test(f.code)),
    [],
  );
});

test('X9: Orca author without email → SOL107 info; the two listed missing files → SOL112 naming each path', () => {
  const r = run('Orca Security Alerts');
  assert.equal(withCode(r, 'SOL107').length, 1);
  const missing = withCode(r, 'SOL112');
  assert.deepEqual(
    missing.map((f) => [f.pointer, f.severity]),
    [
      ['/Data Connectors/0', 'error'],
      ['/Workbooks/0', 'error'],
    ],
  );
  assert.match(missing[0].message, /Data Connectors\/OrcaSecurityAlerts\.json/);
  assert.match(missing[1].message, /Workbooks\/OrcaAlerts\.json/);
});

test('X10: SentinelOne pollers without DCR → SOL302 errors; name≠id (N2) and spaced dataType (N8) warnings; loose keys load', () => {
  const r = run('SentinelOne');
  assert.equal(r.graph.dataConnectors.length, 7, 'array file with 7 pollers');
  const noDcr = withCode(r, 'SOL302');
  assert.equal(noDcr.length, 7);
  assert.equal(noDcr[0].pointer, '/0/properties/dcrConfig/streamName');
  assert.equal(withCode(r, 'SOL502').length, 1);
  assert.equal(withCode(r, 'SOL508').length, 7);
  // rateLimitQPS casing, PageSize "1000" and Textbox type securestring are accepted by the schemas.
  assert.deepEqual(withCode(r, 'SOL201'), []);
});

test('X12: both Halcyon DCRs take Custom-Halcyon → SOL303 on each data connector', () => {
  const f = withCode(run('Halcyon'), 'SOL303');
  assert.deepEqual(
    f.map((x) => x.file),
    ['Data Connectors/Halcyon_ccp/Halcyon_dataConnector.json', 'Data Connectors/Halcyon_ccp_v2/Halcyon_dataConnector.json'],
  );
  assert.ok(f.every((x) => x.severity === 'error'));
});

test('X13: Halcyon lists a rule in a misspelled folder → SOL112; BasePath ignored → SOL108', () => {
  const r = run('Halcyon');
  const f = withCode(r, 'SOL112');
  assert.equal(f.length, 1);
  assert.equal(f[0].pointer, '/Analytic Rules/0');
  assert.match(f[0].message, /Analytics Rules\/HalcyonTriggersRule\.json/);
  assert.equal(withCode(r, 'SOL108').length, 1);
});

test('X14: the Halcyon fixture (OCSF rows to HalcyonEvents_CL) and the five schema files (ASIM tables) are independent sets, never cross-checked', () => {
  const schemaTables = ['HalcyonAuthenticationEvents_CL', 'HalcyonDnsActivity_CL', 'HalcyonFileActivity_CL', 'HalcyonNetworkSession_CL', 'HalcyonProcessEvent_CL'];
  // The fixture's saved DCRs write to their own table; nothing of the schema revision is expected of them.
  const fixture = run('Halcyon');
  const written = fixture.graph.dcrs.flatMap((d) => d.flows.map((f) => f.table?.name ?? f.outputStream));
  assert.ok(written.some((t) => /HalcyonEvents_CL$/.test(String(t))), JSON.stringify(written));
  for (const t of schemaTables) {
    assert.ok(!written.some((w) => String(w).endsWith(t)), `the fixture DCRs do not write ${t}`);
    assert.deepEqual(fixture.findings.filter((f) => f.message.includes(t)), [], `no finding about ${t}`);
  }
  // The schema set stands on its own: the built-in Halcyon solution, written from the five schema files,
  // routes one stream to exactly those tables and validates without errors or warnings.
  const builtIn = validateSolution('src/content/Halcyon');
  assert.deepEqual(builtIn.findings.filter((f) => f.severity !== 'info'), []);
  const routed = builtIn.graph.dcrs.flatMap((d) => d.flows.map((f) => f.table?.name)).sort();
  assert.deepEqual(routed, [...schemaTables].sort());
});

test('X15: extra dcrConfig.dataCollectionRuleId is ignored with an info note (SOL004)', () => {
  const f = withCode(run('Halcyon'), 'SOL004');
  assert.equal(f.length, 2);
  assert.ok(f.every((x) => x.severity === 'info' && x.pointer === '/properties/dcrConfig/dataCollectionRuleId'));
});

test('X16: "Halcyon Events" data type → N8 (SOL508) and N9 (SOL509) warnings', () => {
  const r = run('Halcyon');
  const file = 'Data Connectors/Halcyon_ccp/Halcyon_connectorDefinition.json';
  const at = '/properties/connectorUiConfig/dataTypes/0/name';
  assert.equal(withCode(r, 'SOL508', file).filter((f) => f.pointer === at && f.severity === 'warning').length, 1);
  assert.equal(withCode(r, 'SOL509', file).filter((f) => f.pointer === at && f.severity === 'warning').length, 1);
});

test('X17: todynamic in the v2 transforms → SOL513 warning, not an error, with line:column', () => {
  const f = withCode(run('Halcyon'), 'SOL513');
  assert.ok(f.length >= 1);
  assert.ok(f.every((x) => x.severity === 'warning' && x.file === 'Data Connectors/Halcyon_ccp_v2/Halcyon_DCR.json'));
  const first = f.find((x) => x.pointer === '/properties/dataFlows/0/transformKql');
  assert.ok(first && /todynamic/.test(first.message));
  // `metadata = todynamic(record.metadata)` is on line 27 of the first transform, `todynamic` at column 16.
  assert.equal(first.line, 27);
  assert.equal(first.column, 16);
});

test('X18: Halcyon v1 stream column `time` is removed by project-away → no N14 finding', () => {
  const r = run('Halcyon');
  assert.deepEqual(withCode(r, 'SOL514'), []);
});

test('Abnormal vendor-case transform has a real syntax error, located by line and column', () => {
  const f = withCode(run('AbnormalSecurity'), 'SOL401');
  assert.ok(f.length >= 1);
  assert.equal(f[0].pointer, '/properties/dataFlows/8/transformKql');
  assert.equal(f[0].line, 10);
});
