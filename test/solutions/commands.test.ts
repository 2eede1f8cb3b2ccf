// The command functions behind `vigil solution validate|package`, `vigil deploy` and `vigil content list`:
// compiler-style output, JSON output for tools, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentListCommand, deployPlanCommand, packageCommand, validateCommand } from '../../src/solutions/commands.js';
import { CONTOSO, tempCopy } from './helpers/temp-solution.js';

const DARKTRACE = '../shared/fixtures/azure-sentinel/Solutions/Darktrace';
const ORCA_TEMPLATE = '../shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Package/mainTemplate.json';

test('validate: one `file:pointer: severity CODE: message` line per finding, a count line, exit 1 on errors', () => {
  const out = validateCommand(DARKTRACE);
  assert.equal(out.exitCode, 1);
  const lines = out.stdout.trimEnd().split('\n');
  assert.ok(lines.includes(
    'Data Connectors/ccf/Darktrace_DataConnector.json:/properties/dcrConfig/streamName: error SOL302: stream "Custom-DarktraceModelAlerts_CL" is not declared by any DCR (declared: Custom-DarktraceModelAlerts, Custom-DarktraceASM, Custom-DarktraceEMAIL, Custom-DarktraceIncidents, Custom-DarktraceResponseActions, Custom-DarktraceSystemStatusAlerts)',
  ));
  assert.match(lines[lines.length - 1], /^\d+ error\(s\), \d+ warning\(s\), \d+ info\(s\)$/);
  const clean = validateCommand(CONTOSO);
  assert.equal(clean.exitCode, 0);
  const json = JSON.parse(validateCommand(DARKTRACE, { format: 'json' }).stdout);
  assert.ok(json.errors > 0);
  assert.ok(json.findings.some((f: { code: string }) => f.code === 'SOL302'));
});

test('package: progress goes to the callback, the summary to stdout', async () => {
  const t = tempCopy();
  try {
    const progress: string[] = [];
    const out = await packageCommand(t.dir, { onProgress: (m) => progress.push(m) });
    assert.equal(out.exitCode, 0);
    assert.match(progress[0], /^Packaging ContosoSecurityAlerts 3\.0\.0 \(contoso\.contoso-security-alerts\)$/);
    assert.ok(progress.some((p) => /Wrote .*3\.0\.0\.zip/.test(p)));
    assert.match(out.stdout, /data connector 1: Contoso Security Alerts \(Push\) \[ContosoSecurityAlertsPush, Push\]/);
  } finally {
    t.dispose();
  }
});

test('deploy plan: what the Orca package creates, with k=v parameters', () => {
  const out = deployPlanCommand(ORCA_TEMPLATE, ['workspace=ws1', 'workspace-location=westeurope']);
  assert.equal(out.exitCode, 0, out.stdout);
  assert.match(out.stdout, /^create Microsoft\.SecurityInsights\/dataConnectorDefinitions ws1\/OrcaSecurityAlertsCCF$/m);
  assert.match(out.stdout, /9 to create, 0 skipped/);
});

test('content list shows support type and supported-by', () => {
  const out = contentListCommand();
  assert.match(out.stdout, /^Halcyon\s+3\.1\.0\s+Partner supported\s+Halcyon$/m);
  assert.equal(JSON.parse(contentListCommand('json').stdout).length, 3);
});
