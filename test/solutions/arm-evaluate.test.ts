// ARM template evaluation: the hash functions against values published by independent implementations, the
// expression language, the function table, copy loops, dependency order, and the two-phase evaluation of the
// reference Orca package (spec §9.7, §12 X8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { armGuid, evaluateTemplate, parameterValues, parseAssignments, parseTemplateString, uniqueString } from '../../src/solutions/arm/index.js';
import type { Json, JsonObject } from '../../src/solutions/model/json.js';

const ORCA_TEMPLATE = '../shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Package/mainTemplate.json';

test('uniqueString matches ARM: "test" → rbgf3xv4ufgzg (a tool built on Microsoft\'s Azure.Deployments.Expression)', () => {
  assert.equal(uniqueString('test'), 'rbgf3xv4ufgzg');
  // Further values published with a Bicep-verified port; arguments are joined with "-".
  assert.equal(uniqueString('hello', 'world'), 'a7wkljktk6wne');
  assert.equal(uniqueString('abc'), 'cgtzqvhu4i23s');
  assert.equal(uniqueString('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg'), 'bmg7c6xu4tw46');
  assert.equal(uniqueString('foo', 'bar', 'baz'), 'xzi4ioaxtmth4');
  assert.equal(uniqueString('foo', 'bar', 'baz'), uniqueString('foo-bar-baz'));
});

test('guid is the RFC 4122 v5 UUID of the "-"-joined arguments in the ARM namespace (value from Python uuid.uuid5)', () => {
  assert.equal(armGuid('a', 'b', 'c'), 'a98fa280-e03f-5afa-8d8e-92d0a9c201e8');
  assert.match(armGuid('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('template strings: [[ is a literal with one bracket removed; [..] is an expression; quotes double up', () => {
  assert.deepEqual(parseTemplateString("[[parameters('auth').appId]"), { kind: 'literal', value: "[parameters('auth').appId]" });
  assert.deepEqual(parseTemplateString('plain'), { kind: 'literal', value: 'plain' });
  const t = parseTemplateString("[concat('it''s', parameters('a').b[0])]");
  assert.equal(t.kind, 'expression');
  const r = evaluateTemplate(
    { parameters: { a: { type: 'object' } }, variables: { v: "[concat('it''s ', parameters('a').b[1], ' ', parameters('A').B[0])]" }, outputs: { o: { type: 'string', value: "[variables('v')]" } } },
    { a: { b: ['x', 'y'] } },
  );
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.outputs.o, "it's y x");
});

function out(expr: string, params: Record<string, Json> = {}, decls: JsonObject = {}): Json {
  const r = evaluateTemplate({ parameters: decls, outputs: { o: { type: 'string', value: expr } } }, params, {
    subscriptionId: 'sub-1',
    resourceGroup: 'rg-1',
    location: 'westeurope',
    tenantId: 'tenant-1',
  });
  assert.deepEqual(r.diagnostics, [], expr);
  return r.outputs.o;
}

test('functions: resource ids, strings, logic and conversions', () => {
  assert.equal(out("[resourceId('microsoft.OperationalInsights/Workspaces', 'ws')]"), '/subscriptions/sub-1/resourceGroups/rg-1/providers/microsoft.OperationalInsights/Workspaces/ws');
  assert.equal(
    out("[resourceId('s2', 'rg2', 'Microsoft.Insights/dataCollectionEndpoints', 'ws')]"),
    '/subscriptions/s2/resourceGroups/rg2/providers/Microsoft.Insights/dataCollectionEndpoints/ws',
  );
  assert.equal(
    out("[resourceId('Microsoft.OperationalInsights/workspaces/tables', 'ws', 'T_CL')]"),
    '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.OperationalInsights/workspaces/ws/tables/T_CL',
  );
  assert.equal(
    out("[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces', 'ws'), 'Microsoft.SecurityInsights/contentPackages', 'p.o')]"),
    '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.OperationalInsights/workspaces/ws/providers/Microsoft.SecurityInsights/contentPackages/p.o',
  );
  assert.equal(out("[last(split(subscription().id, '/'))]"), 'sub-1');
  assert.equal(out('[resourceGroup().location]'), 'westeurope');
  assert.equal(out("[format('{0}-{1}{{x}}', 'a', 2)]"), 'a-2{x}');
  assert.equal(out("[toLower(replace('ABC', 'B', 'x'))]"), 'axc');
  assert.equal(out("[toUpper(concat('ab', 'c'))]"), 'ABC');
  assert.equal(out("[if(equals('a', 'b'), 'yes', 'no')]"), 'no');
  assert.equal(out("[take('orcasecurityinc1621870991703.orca_security_alerts_mss', 5)]"), 'orcas');
  assert.equal(out("[replace('b', 'b', '')]"), '');
  assert.equal(out("[if(equals(1, 1), 'yes', parameters('undeclared'))]"), 'yes', 'if() evaluates only the branch it takes');
  assert.deepEqual(out("[json('{\"a\":[1,2]}')]"), { a: [1, 2] });
  assert.equal(out("[string(createObject('a', 1))]"), '{"a":1}');
  assert.equal(out("[uniqueString('test')]"), 'rbgf3xv4ufgzg');
  assert.equal(out("[guid('a', 'b', 'c')]"), 'a98fa280-e03f-5afa-8d8e-92d0a9c201e8');
  assert.deepEqual(out("[concat(createArray(1), createArray(2, 3))]"), [1, 2, 3]);
});

test('errors are diagnostics with codes and pointers, not exceptions', () => {
  const r = evaluateTemplate(
    {
      parameters: { p: { type: 'string' } },
      variables: { a: "[nosuch('x')]", b: "[concat('x']", c: "[variables('c')]" },
      resources: [{ type: 'Microsoft.Insights/dataCollectionRules', apiVersion: '2022-06-01', name: "[concat(variables('a'), variables('b'), variables('c'), parameters('p'))]" }],
    },
    {},
    {},
    { file: 't.json' },
  );
  const codes = r.diagnostics.map((d) => [d.code, d.pointer]);
  assert.deepEqual(codes, [
    ['ARM004', '/parameters/p'],
    ['ARM002', '/resources/0/name'],
  ]);
  const r2 = evaluateTemplate({ variables: { b: "[concat('x']" }, outputs: { o: { value: "[variables('b')]" } } });
  assert.equal(r2.diagnostics[0].code, 'ARM001');
  assert.equal(r2.diagnostics[0].pointer, '/variables/b');
});

test('copy loops: resource-level with copyIndex() and property-level arrays', () => {
  const r = evaluateTemplate(
    {
      resources: [
        {
          type: 'Microsoft.OperationalInsights/workspaces/tables',
          apiVersion: '2022-10-01',
          name: "[concat('ws/T', copyIndex(1), '_CL')]",
          copy: { name: 'tables', count: 2 },
          properties: {
            schema: {
              name: "[concat('T', copyIndex('tables', 1), '_CL')]",
              copy: [{ name: 'columns', count: 2, input: { name: "[concat('c', copyIndex('columns'))]", type: 'string' } }],
            },
          },
        },
      ],
    },
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(
    r.resources.map((x) => [x.name, x.workspace, (x.properties as any).schema.name, (x.properties as any).schema.columns.map((c: any) => c.name)]), // eslint-disable-line @typescript-eslint/no-explicit-any
    [
      ['T1_CL', 'ws', 'T1_CL', ['c0', 'c1']],
      ['T2_CL', 'ws', 'T2_CL', ['c0', 'c1']],
    ],
  );
});

test('dependency order follows dependsOn; cycles and unknown targets are reported', () => {
  const dcr = (name: string, dependsOn: string[]): JsonObject => ({ type: 'Microsoft.Insights/dataCollectionRules', apiVersion: '2022-06-01', name, dependsOn });
  const r = evaluateTemplate({ resources: [dcr('a', ["[resourceId('Microsoft.Insights/dataCollectionRules', 'b')]"]), dcr('b', [])] });
  assert.deepEqual(r.resources.map((x) => x.name), ['b', 'a']);
  assert.deepEqual(r.diagnostics, []);
  const cyc = evaluateTemplate({ resources: [dcr('a', ['b']), dcr('b', ['a']), dcr('c', ['zzz'])] });
  assert.deepEqual(cyc.diagnostics.map((d) => d.code).sort(), ['ARM007', 'ARM008']);
});

test('the Orca reference package evaluates without diagnostics; its connector definition is created', () => {
  const template = JSON.parse(readFileSync(ORCA_TEMPLATE, 'utf8'));
  const r = evaluateTemplate(template, { workspace: 'ws1', 'workspace-location': 'westeurope' }, { subscriptionId: 'sub-1', resourceGroup: 'rg-1' });
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.resources.length, 9, 'all nine resources are Sentinel content types');
  // Every contentTemplate depends on the contentPackages resource, so the package comes first.
  assert.equal(r.resources[0].resourceType, 'Microsoft.SecurityInsights/contentPackages');
  assert.equal(r.resources[0].name, 'orcasecurityinc1621870991703.orca_security_alerts_mss');
  const defs = r.resources.filter((x) => x.resourceType === 'Microsoft.SecurityInsights/dataConnectorDefinitions');
  assert.deepEqual(defs.map((d) => [d.name, d.workspace]), [['OrcaSecurityAlertsCCF', 'ws1']]);
  assert.equal(r.parameters.subscription, 'sub-1', 'default [last(split(subscription().id, \'/\'))]');
  assert.equal(r.parameters.resourceGroupName, 'rg-1');
  // Phase 1 turns `[[` into `[` inside the Connections template and leaves those expressions unevaluated.
  const connections = r.resources.find((x) => (x.properties as any).contentKind === 'ResourcesDataConnector')!; // eslint-disable-line @typescript-eslint/no-explicit-any
  const inner = (connections.properties as any).mainTemplate; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(inner.resources[1].properties.auth.AppId, "[parameters('auth').appId]");
  assert.equal(inner.parameters.guidValue.defaultValue, '[newGuid()]');
});

test('phase two: the Connections template with the connection values yields the Push data connector (X8 tolerated)', () => {
  const template = JSON.parse(readFileSync(ORCA_TEMPLATE, 'utf8'));
  const r = evaluateTemplate(template, { workspace: 'ws1', 'workspace-location': 'westeurope' });
  const connections = r.resources.find((x) => (x.properties as any).contentKind === 'ResourcesDataConnector')!; // eslint-disable-line @typescript-eslint/no-explicit-any
  const inner = (connections.properties as any).mainTemplate; // eslint-disable-line @typescript-eslint/no-explicit-any
  // The auth defaults end in `]]` (X8): they are not valid expressions, but a supplied `auth` never reads them.
  assert.equal(inner.parameters.auth.defaultValue.appId, "[parameters('auth').appId]]");
  const p2 = evaluateTemplate(
    inner,
    { auth: { appId: 'app-1', servicePrincipalId: 'sp-1' }, dcrConfig: { dataCollectionEndpoint: 'https://dce.local', dataCollectionRuleImmutableId: 'dcr-0001' } },
    { newGuid: () => 'guid-1' },
  );
  assert.deepEqual(p2.diagnostics, []);
  const dc = p2.resources.find((x) => x.resourceType === 'Microsoft.SecurityInsights/dataConnectors')!;
  assert.equal(dc.fullName, 'ws1/Microsoft.SecurityInsights/OrcaSecurityAlertsCCFConnectorPushguid-1');
  assert.deepEqual((dc.properties as any).auth, { type: 'Push', AppId: 'app-1', ServicePrincipalId: 'sp-1' }); // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal((dc.properties as any).dcrConfig.dataCollectionRuleImmutableId, 'dcr-0001'); // eslint-disable-line @typescript-eslint/no-explicit-any
  // Without auth the broken default is evaluated and reported — still a diagnostic, not a crash.
  const bad = evaluateTemplate(inner, {}, { newGuid: () => 'g' });
  assert.ok(bad.diagnostics.some((d) => d.code === 'ARM001' && d.pointer.startsWith('/parameters/auth')));
});

test('unknown resource types are listed as skipped (ARM006), not dropped', () => {
  const template = JSON.parse(readFileSync(ORCA_TEMPLATE, 'utf8'));
  const r = evaluateTemplate(template, { workspace: 'ws1', 'workspace-location': 'westeurope' });
  const wb = r.resources.find((x) => (x.properties as any).contentKind === 'Workbook')!; // eslint-disable-line @typescript-eslint/no-explicit-any
  const p2 = evaluateTemplate((wb.properties as any).mainTemplate, { 'workbook1-name': 'x' }); // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.deepEqual(p2.skipped.map((s) => s.templateType), ['Microsoft.Insights/workbooks']);
  assert.equal(p2.diagnostics.filter((d) => d.code === 'ARM006').length, 1);
});

test('parameter files and k=v assignments', () => {
  assert.deepEqual(parameterValues({ $schema: 'x', contentVersion: '1.0.0.0', parameters: { a: { value: 1 }, b: { value: 'x' } } }), { a: 1, b: 'x' });
  assert.deepEqual(parameterValues({ a: 1 }), { a: 1 });
  assert.deepEqual(parseAssignments(['workspace=ws1', 'n=3', 'o={"a":1}', 'bad']), { workspace: 'ws1', n: 3, o: { a: 1 } });
});

test('phase two by connector id: the Orca push connector yields its DCR, its table and the data connector instance', async () => {
  const { evaluateConnectorDeployment } = await import('../../src/solutions/arm/index.js');
  const template = JSON.parse(readFileSync(ORCA_TEMPLATE, 'utf8'));
  const phase1 = evaluateTemplate(template, { workspace: 'ws1', 'workspace-location': 'westeurope' });
  const p2 = evaluateConnectorDeployment(phase1, 'OrcaSecurityAlertsCCF', {
    auth: { appId: 'app-1', servicePrincipalId: 'sp-1' },
    dcrConfig: { dataCollectionEndpoint: 'https://dce.local', dataCollectionRuleImmutableId: 'dcr-0001' },
    guidValue: 'g1',
  })!;
  assert.deepEqual(p2.diagnostics, []);
  assert.deepEqual(
    p2.resources.filter((r) => !r.resourceType.endsWith('/metadata')).map((r) => [r.resourceType, r.name]),
    [
      ['Microsoft.SecurityInsights/dataConnectorDefinitions', 'OrcaSecurityAlertsCCF'],
      ['Microsoft.Insights/dataCollectionRules', 'OrcaSecurityAlertsCustomDCR'],
      ['Microsoft.OperationalInsights/workspaces/tables', 'OrcaAlerts_CL'],
      ['Microsoft.SecurityInsights/dataConnectors', 'OrcaSecurityAlertsCCFConnectorPushg1'],
    ],
  );
  assert.equal(evaluateConnectorDeployment(phase1, 'NoSuchConnector', {}), undefined);
});

test('nested Microsoft.Resources/deployments: inner scope gets its own parameters, outer scope sees the parent', () => {
  const r = evaluateTemplate(
    {
      parameters: { ws: { type: 'string' } },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'inner',
          properties: {
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: { tableName: { value: "[concat(parameters('ws'), '/Inner_CL')]" } },
            template: {
              parameters: { tableName: { type: 'string' } },
              resources: [{ type: 'Microsoft.OperationalInsights/workspaces/tables', apiVersion: '2022-10-01', name: "[parameters('tableName')]", properties: {} }],
            },
          },
        },
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'outer',
          properties: {
            template: {
              resources: [{ type: 'Microsoft.OperationalInsights/workspaces/tables', apiVersion: '2022-10-01', name: "[concat(parameters('ws'), '/Outer_CL')]", properties: {} }],
            },
          },
        },
      ],
    },
    { ws: 'ws1' },
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.resources.map((x) => [x.workspace, x.name]), [
    ['ws1', 'Inner_CL'],
    ['ws1', 'Outer_CL'],
  ]);
});
