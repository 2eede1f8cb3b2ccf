// The packager: golden comparison with the reference Orca package, determinism, zip self-check, independence from
// source API versions/locations/key casing (X20), and the template rules on its own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageSolution, serialize, checkTemplate, readZip, markdownToHtml, packageVersion } from '../../src/solutions/package/index.js';
import { evaluateTemplate } from '../../src/solutions/arm/index.js';
import type { JsonObject } from '../../src/solutions/model/json.js';
import { orcaInput, ORCA, ORCA_REFERENCE } from './helpers/orca-input.js';
import { CCF, CONTOSO, tempCopy } from './helpers/temp-solution.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

test('Orca: the package equals the reference output (resources, order, names, parameters, variables, bodies)', async () => {
  const t = orcaInput();
  try {
    const r = await packageSolution(t.dir, { write: false });
    assert.ok(r.ok, JSON.stringify(r.findings.filter((f) => f.severity === 'error')));
    const mine = r.mainTemplate as any;
    const ref = structuredClone(ORCA_REFERENCE);
    assert.deepEqual(
      mine.resources.map((x: any) => [x.type, x.apiVersion, x.name]),
      ref.resources.map((x: any) => [x.type, x.apiVersion, x.name]),
    );
    assert.deepEqual(Object.keys(mine.parameters), Object.keys(ref.parameters));
    assert.deepEqual(mine.parameters, ref.parameters);
    assert.deepEqual(Object.keys(mine.variables), Object.keys(ref.variables), 'variables in the same order');
    assert.deepEqual(mine.variables, ref.variables);
    // The one known difference: the reference's workbook metadata description is a PowerShell hashtable printed
    // as a string ("@{workbookKey=…}.description"), a packager bug; Vigil writes the description itself.
    const refWbMeta = ref.resources[7].properties.mainTemplate.resources[1].properties;
    assert.match(refWbMeta.description, /^@\{workbookKey=/);
    refWbMeta.description = ref.resources[7].properties.mainTemplate.resources[0].metadata.description;
    // With that normalised the whole template is byte-identical to the reference file's JSON.
    assert.equal(serialize(mine).toString('utf8'), serialize(ref).toString('utf8'));
    // testParameters.json equals the template parameters, like the reference pair (spec §9.1).
    const refTest = JSON.parse(readFileSync(`${ORCA}/Package/testParameters.json`, 'utf8'));
    assert.deepEqual(r.testParameters, refTest);
  } finally {
    t.dispose();
  }
});

test('X5/X8: the embedded DCR comes from the input, and the Connections auth defaults keep their doubled "]]"', async () => {
  const t = orcaInput();
  try {
    const r = await packageSolution(t.dir, { write: false });
    const conn = (r.mainTemplate as any).resources[6].properties.mainTemplate;
    assert.equal(conn.parameters.auth.defaultValue.appId, "[[parameters('auth').appId]]");
    const dcr = (r.mainTemplate as any).resources[3].properties.mainTemplate.resources[2];
    assert.match(dcr.properties.dataFlows[0].transformKql, /coalesce/);
    assert.equal(dcr.kind, "[variables('blanks')]");
  } finally {
    t.dispose();
  }
});

test('the package passes Vigil\'s template rules and evaluates without diagnostics', async () => {
  const t = orcaInput();
  try {
    const r = await packageSolution(t.dir, { write: false });
    assert.deepEqual(checkTemplate(r.mainTemplate!, 'mainTemplate.json', r.testParameters), []);
    // …and so does the reference output itself, which keeps the rules honest.
    assert.deepEqual(checkTemplate(ORCA_REFERENCE, 'mainTemplate.json'), []);
    const ev = evaluateTemplate(r.mainTemplate!, { workspace: 'ws', 'workspace-location': 'westeurope' });
    assert.deepEqual(ev.diagnostics, []);
  } finally {
    t.dispose();
  }
});

test('deterministic: two runs write byte-identical files and zips; the zip holds exactly the loose files', async () => {
  const a = tempCopy();
  const b = tempCopy();
  try {
    const ra = await packageSolution(a.dir);
    const rb = await packageSolution(b.dir);
    assert.ok(ra.ok && rb.ok, JSON.stringify(ra.findings.filter((f) => f.severity === 'error')));
    const files = readdirSync(join(a.dir, 'Package')).sort();
    assert.deepEqual(files, ['3.0.0.zip', 'createUiDefinition.json', 'mainTemplate.json', 'testParameters.json']);
    for (const f of files) assert.ok(readFileSync(join(a.dir, 'Package', f)).equals(readFileSync(join(b.dir, 'Package', f))), f);
    const entries = readZip(readFileSync(join(a.dir, 'Package', '3.0.0.zip')));
    assert.deepEqual([...entries.keys()], ['mainTemplate.json', 'createUiDefinition.json', 'testParameters.json']);
    for (const [name, data] of entries) assert.ok(data.equals(readFileSync(join(a.dir, 'Package', name))), name);
    assert.equal(ra.findings.filter((f) => f.code === 'PKG002').length, 0);
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('X20: source API versions, locations and key casing do not change the package', async () => {
  const a = tempCopy();
  const b = tempCopy();
  try {
    b.edit(`${CCF}/table.json`, (j) => {
      j.apiVersion = '2021-03-01-privatepreview';
      j.location = '{{location}}';
    });
    b.edit(`${CCF}/DCR.json`, (j) => {
      j.apiVersion = '2024-03-11';
      j.location = '{{location}}';
    });
    b.edit(`${CCF}/connectorDefinition.json`, (j) => {
      j.apiVersion = '2025-07-01-preview';
      delete j.location;
    });
    b.edit(`${CCF}/dataConnector.json`, (j) => {
      j.apiVersion = '2023-02-01-preview';
      j.Properties = j.properties;
      delete j.properties;
    });
    const ra = await packageSolution(a.dir, { write: false });
    const rb = await packageSolution(b.dir, { write: false });
    assert.ok(rb.ok, JSON.stringify(rb.findings.filter((f) => f.severity === 'error')));
    assert.equal(serialize(rb.mainTemplate!).toString('utf8'), serialize(ra.mainTemplate!).toString('utf8'));
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('Contoso walkthrough: version ≥ 3.0.0, connector steps in createUiDefinition, push connection with deferred auth', async () => {
  const r = await packageSolution(CONTOSO, { write: false });
  assert.ok(r.ok);
  assert.equal(r.summary!.version, '3.0.0', 'the data file says 1.0.0; the packager packages at least 3.0.0');
  const steps = (r.createUiDefinition as any).parameters.steps;
  assert.deepEqual(
    steps[0].elements.map((e: any) => e.name),
    ['dataconnectors1-text', 'dataconnectors-link1'],
  );
  const main = r.mainTemplate as any;
  assert.deepEqual(
    main.resources.map((x: any) => x.type.split('/').pop()),
    ['contentTemplates', 'dataConnectorDefinitions', 'metadata', 'contentTemplates', 'contentPackages'],
  );
  const dc = main.resources[3].properties.mainTemplate.resources[1];
  assert.equal(dc.name, "[[concat(parameters('innerWorkspace'),'/Microsoft.SecurityInsights/', 'ContosoSecurityAlertsPushConnectorPolling', parameters('guidValue'))]");
  assert.equal(dc.properties.auth.AppId, "[[parameters('auth').appId]");
  assert.equal(main.variables.email, 'support@contoso.com');
  assert.deepEqual(main.resources[4].properties.author, { name: 'Contoso Corporation', email: "[variables('_email')]" });
  assert.match(main.resources[4].properties.descriptionHtml, /<strong>Data Connectors:<\/strong> 1<\/p>/);
});

test('a solution with validation errors is not packaged (PKG001) unless forced', async () => {
  const r = await packageSolution('../shared/fixtures/azure-sentinel/Solutions/Halcyon', { write: false });
  assert.equal(r.ok, false);
  assert.ok(r.findings.some((f) => f.code === 'PKG001'));
  assert.equal(r.mainTemplate, undefined);
});

test('version bumps', () => {
  assert.equal(packageVersion('1.0.0'), '3.0.0');
  assert.equal(packageVersion('3.1.0'), '3.1.0');
  assert.equal(packageVersion('3.1.0', 'patch'), '3.1.1');
  assert.equal(packageVersion('3.1.4', 'minor'), '3.2.0');
  assert.equal(packageVersion('3.1.4', 'major'), '4.0.0');
});

test('markdown: lettered loose lists, tight bullets, emphasis, code, escaping, raw inline HTML', () => {
  assert.equal(markdownToHtml('a. one\n\nb. two'), '<ol type="a">\n<li><p>one</p>\n</li>\n<li><p>two</p>\n</li>\n</ol>\n');
  assert.equal(markdownToHtml('- x\n- y'), '<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n');
  assert.equal(markdownToHtml('**b** _i_ `c<d>` snake_case_name'), '<p><strong>b</strong> <em>i</em> <code>c&lt;d&gt;</code> snake_case_name</p>\n');
  assert.equal(markdownToHtml('a & "b" <img src="x">'), '<p>a &amp; &quot;b&quot; <img src="x"></p>\n');
  assert.equal(markdownToHtml('# Title\ntext'), '<h1>Title</h1>\n<p>text</p>\n');
});

test('the Orca descriptionHtml is produced from the data file Description exactly as in the reference', async () => {
  const t = orcaInput();
  try {
    const r = await packageSolution(t.dir, { write: false });
    const mine = ((r.mainTemplate as any).resources[8].properties as JsonObject).descriptionHtml;
    assert.equal(mine, ORCA_REFERENCE.resources[8].properties.descriptionHtml);
  } finally {
    t.dispose();
  }
});

test('X6: the fixture createUiDefinition is the older pre-CCF copy (1 connector); the package describes both', async () => {
  const old = JSON.parse(readFileSync(`${ORCA}/Package/createUiDefinition.json`, 'utf8'));
  assert.match(old.parameters.config.basics.description, /\*\*Data Connectors:\*\* 1, \*\*Workbooks:\*\* 1/);
  const t = orcaInput();
  try {
    const r = await packageSolution(t.dir, { write: false });
    const ui = r.createUiDefinition as any;
    assert.match(ui.parameters.config.basics.description, /\*\*Data Connectors:\*\* 2, \*\*Workbooks:\*\* 1/);
    assert.deepEqual(ui.parameters.steps.map((s: any) => s.name), ['dataconnectors', 'workbooks']);
    assert.deepEqual(ui.parameters.steps[0].elements.map((e: any) => e.name), ['dataconnectors1-text', 'dataconnectors-link1', 'dataconnectors2-text', 'dataconnectors-link2']);
    // The shape outside the steps is the base createUiDefinition the reference copy also has.
    assert.deepEqual(ui.parameters.basics, old.parameters.basics);
    assert.deepEqual(ui.parameters.outputs, old.parameters.outputs);
  } finally {
    t.dispose();
  }
});
