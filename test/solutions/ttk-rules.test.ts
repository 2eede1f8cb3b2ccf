// Each arm-ttk-style template rule (model/codes.ts TTK001–TTK011) fires with its own code on a template
// that breaks it, and only then: the Orca reference mainTemplate (clean under every rule) is broken in
// one way per case, and the findings must be exactly that rule's code at the place broken. The rules
// are arm-ttk's (deploymentTemplate schema, Parameters-Must-Be-Referenced, Variables-Must-Be-Referenced,
// Location-Should-Not-Be-Hardcoded, Template-Expressions, DependsOn targets, apiVersions) and the
// solution packaging rules of spec R20 / §9 (connector UI lists, content ids, testParameters).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkTemplate } from '../../src/solutions/package/index.js';
import { RULES as CODES } from '../../src/solutions/model/codes.js';
import type { Json } from '../../src/solutions/model/json.js';

const ORCA = JSON.parse(readFileSync('../shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Package/mainTemplate.json', 'utf8')) as any; // eslint-disable-line @typescript-eslint/no-explicit-any

function broken(edit: (t: any) => void): Json { // eslint-disable-line @typescript-eslint/no-explicit-any
  const t = structuredClone(ORCA);
  edit(t);
  return t as Json;
}

const findings = (t: Json, testParameters?: Json): { code: string; file: string; pointer: string }[] =>
  checkTemplate(t, 'mainTemplate.json', testParameters).map((f) => ({ code: f.code, file: f.file, pointer: f.pointer }));

test('the reference template is clean under every rule (the baseline each case breaks)', () => {
  assert.deepEqual(findings(ORCA), []);
  assert.deepEqual(findings(ORCA, ORCA.parameters), []);
});

const CASES: { code: string; why: string; edit: (t: any) => void; at: string; testParameters?: (t: any) => Json }[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  { code: 'TTK001', why: 'wrong $schema', edit: (t) => (t.$schema = 'https://example.com/template.json#'), at: '/$schema' },
  { code: 'TTK001', why: 'no contentVersion', edit: (t) => delete t.contentVersion, at: '' },
  { code: 'TTK002', why: 'a parameter nothing references', edit: (t) => (t.parameters.unusedKnob = { type: 'string', defaultValue: 'x' }), at: '/parameters/unusedKnob' },
  { code: 'TTK003', why: 'a variable nothing references', edit: (t) => (t.variables.unusedVar = 'x'), at: '/variables/unusedVar' },
  { code: 'TTK004', why: 'a reference to an undeclared parameter', edit: (t) => (t.resources[8].properties.displayName = "[parameters('nope')]"), at: '/resources/8/properties/displayName' },
  { code: 'TTK005', why: 'a hard-coded location', edit: (t) => (t.resources[8].location = 'westeurope'), at: '/resources/8/location' },
  { code: 'TTK006', why: 'an expression that does not parse', edit: (t) => (t.resources[8].properties.displayName = "[concat('a', ]"), at: '/resources/8/properties/displayName' },
  {
    code: 'TTK007', why: 'a connector UI config with an empty sample query list',
    edit: (t) => (t.resources[4].properties.connectorUiConfig.sampleQueries = []), at: '/resources/4/properties/connectorUiConfig/sampleQueries',
  },
  {
    code: 'TTK008', why: 'a content package whose contentProductId is not its id',
    edit: (t) => (t.resources[8].properties.contentProductId = 'something-else'), at: '/resources/8/properties',
  },
  {
    code: 'TTK009', why: 'dependsOn a resource the template does not contain',
    edit: (t) => (t.resources[8].dependsOn = ["[resourceId('Microsoft.Insights/dataCollectionRules', 'not-in-this-template')]"]), at: '/resources/8/dependsOn',
  },
  { code: 'TTK010', why: 'testParameters.json that differs from the parameters', edit: () => undefined, testParameters: (t) => ({ ...t.parameters, extra: { type: 'string' } }), at: '' },
  { code: 'TTK011', why: 'a resource without apiVersion', edit: (t) => delete t.resources[8].apiVersion, at: '/resources/8' },
];

for (const c of CASES) {
  test(`${c.code} (${CODES[c.code as keyof typeof CODES].title}): ${c.why}`, () => {
    const t = broken(c.edit);
    const got = findings(t, c.testParameters?.(t));
    assert.ok(got.length > 0, 'the broken template is reported');
    assert.deepEqual([...new Set(got.map((g) => g.code))], [c.code], JSON.stringify(got));
    assert.ok(got.some((g) => g.pointer === c.at), `a finding at ${c.at}: ${JSON.stringify(got)}`);
    assert.equal(CODES[c.code as keyof typeof CODES].severity, 'error');
  });
}

test('every TTK code of the code table has a case above', () => {
  const ttk = Object.keys(CODES).filter((k) => k.startsWith('TTK')).sort();
  assert.deepEqual([...new Set(CASES.map((c) => c.code))].sort(), ttk);
});
