import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { ValidationFailed, Conflict } from '../../src/workspace/errors.js';
import { openWorkspace, readJson, tempDir, withWorkspace, CONTOSO_DCR, CONTOSO_TABLE, HALCYON_V2, ABNORMAL } from './helpers.js';
import type { WorkspaceChange } from '../../src/workspace/service.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('first start creates a tenant, a workspace with two shared keys and a default DCE; a restart reuses them', async () => {
  const dir = await tempDir();
  try {
    const a = await openWorkspace(dir);
    const first = { tenant: a.ws.tenant.id, ws: a.ws.workspace.id, sub: a.ws.workspace.subscriptionId, keys: a.ws.sharedKeys(), dce: a.ws.defaultDce.immutableId };
    assert.match(first.tenant, GUID);
    assert.match(first.ws, GUID);
    assert.match(first.sub, GUID);
    assert.notEqual(first.tenant, first.ws);
    // 64 random bytes in base64, as Log Analytics workspace keys are.
    assert.equal(Buffer.from(first.keys.primarySharedKey, 'base64').length, 64);
    assert.notEqual(first.keys.primarySharedKey, first.keys.secondarySharedKey);
    assert.match(first.dce, /^dce-[0-9a-f]{32}$/);
    await a.close();

    const b = await openWorkspace(dir);
    assert.deepEqual(
      { tenant: b.ws.tenant.id, ws: b.ws.workspace.id, sub: b.ws.workspace.subscriptionId, keys: b.ws.sharedKeys(), dce: b.ws.defaultDce.immutableId },
      first,
    );
    await b.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('regenerating one shared key keeps the other and survives a restart', async () => {
  const dir = await tempDir();
  try {
    const a = await openWorkspace(dir);
    const before = a.ws.sharedKeys();
    const after = await a.ws.regenerateSharedKey('primary');
    assert.notEqual(after.primarySharedKey, before.primarySharedKey);
    assert.equal(after.secondarySharedKey, before.secondarySharedKey);
    await a.close();
    const b = await openWorkspace(dir);
    assert.deepEqual(b.ws.sharedKeys(), after);
    await b.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the seed's Contoso table.json and DCR.json are accepted; the DCR gets an immutable id and its placeholders bind to this workspace", async () => {
  await withWorkspace(async ({ ws, engine }) => {
    const { table, created } = await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    assert.equal(created, true);
    assert.deepEqual(table.columns.map((c) => c.name), ['TimeGenerated', 'EventSeverity', 'EventType', 'UserName', 'SourceIP', 'DeviceId', 'AlertMessage']);
    assert.equal(table.plan, 'Analytics');

    // The physical table carries the user's columns plus the standard ones documented in the README.
    const info = await engine.getTable('ContosoSecurityAlerts_CL');
    assert.ok(info);
    const names = info.columns.map((c) => c.name);
    for (const c of ['TimeGenerated', 'AlertMessage', 'TenantId', 'Type', '_ResourceId', '_ItemId', '_TimeReceived']) assert.ok(names.includes(c), c);
    assert.deepEqual(info.options.defaults?.Type, { kind: 'constant', value: 'ContosoSecurityAlerts_CL' });
    assert.deepEqual(info.options.defaults?.TenantId, { kind: 'constant', value: ws.workspace.id });

    const { dcr } = await ws.putDcr('ContosoSecurityAlertsPushDCR', await readJson(CONTOSO_DCR));
    assert.match(dcr.immutableId, /^dcr-[0-9a-f]{32}$/);
    assert.equal(dcr.destinations.logAnalytics[0].workspaceResourceId, ws.workspaceResourceId);
    assert.equal(dcr.dataCollectionEndpointId, ws.dceResourceId(ws.defaultDce.name));
    assert.equal(dcr.dataFlows[0].transformKql, 'source | extend TimeGenerated = now()');
    assert.equal(ws.getDcrByImmutableId(dcr.immutableId)?.name, 'ContosoSecurityAlertsPushDCR');
    assert.deepEqual(ws.dcrOutputTables(dcr), ['ContosoSecurityAlerts_CL']);
  });
});

test('a DCR update keeps its immutable id; its etag changes', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    const body = await readJson(CONTOSO_DCR);
    const a = await ws.putDcr('ContosoSecurityAlertsPushDCR', body);
    const b = await ws.putDcr('contososecurityalertspushdcr', body);
    assert.equal(b.created, false);
    assert.equal(b.dcr.immutableId, a.dcr.immutableId);
    assert.equal(b.dcr.name, 'ContosoSecurityAlertsPushDCR');
    assert.notEqual(b.dcr.etag, a.dcr.etag);
  });
});

test('Halcyon v2: one stream feeding two flows into two tables (fixture files as they are)', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('HalcyonEventsV2_CL', await readJson(`${HALCYON_V2}/Halcyon_table_events.json`));
    await ws.putTable('HalcyonAlertUpdatesV2_CL', await readJson(`${HALCYON_V2}/Halcyon_table_alert_updates.json`));
    assert.equal(ws.getTable('HalcyonEventsV2_CL')?.plan, 'Basic');
    const { dcr } = await ws.putDcr('HalcyonDCRv2', await readJson(`${HALCYON_V2}/Halcyon_DCR.json`));
    assert.equal(dcr.dataFlows.length, 2);
    assert.deepEqual(dcr.dataFlows.map((f) => f.streams), [['Custom-Halcyon'], ['Custom-Halcyon']]);
    assert.deepEqual(ws.dcrOutputTables(dcr).sort(), ['HalcyonAlertUpdatesV2_CL', 'HalcyonEventsV2_CL']);
    // `boolean`-free fixture, but the dynamic stream column is kept as dynamic.
    assert.deepEqual(dcr.streamDeclarations['Custom-Halcyon'].columns.map((c) => c.type), ['datetime', 'string', 'dynamic']);
  });
});

test('Abnormal Security: its table file breaks the 45-character and unique column name rules (N7), reported per column', async () => {
  await withWorkspace(async ({ ws }) => {
    const issues = await issuesOf(ws.putTable('ABNORMAL_SECURITY_AUDIT_LOG_CL', await readJson(`${ABNORMAL}/AbnormalSecurity_table_AuditLog.json`)));
    const long = issues.filter((i) => i.code === 'InvalidColumnName');
    assert.ok(long.length > 0 && long.every((i) => /is \d+ characters long; the limit is 45/.test(i.message)));
    assert.ok(long.some((i) => i.target === 'properties.schema.columns[55].name'));
    const dup = issues.filter((i) => i.code === 'DuplicateColumnName');
    assert.deepEqual(dup.map((i) => i.target), ['properties.schema.columns[82].name', 'properties.schema.columns[115].name']);
    assert.equal(ws.getTable('ABNORMAL_SECURITY_AUDIT_LOG_CL'), undefined);
  });
});

test('Abnormal Security: the DCR is rejected for each output table that has no table (spec §12 X3), located per flow', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('ABNORMAL_SECURITY_AUDIT_LOG_CL', table([{ name: 'TimeGenerated', type: 'datetime' }]));
    const err = await ws.putDcr('AbnormalSecurityDCR', await readJson(`${ABNORMAL}/AbnormalSecurity_DCR.json`)).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ValidationFailed);
    const missing = err.issues.filter((i) => i.code === 'OutputTableNotFound');
    // 9 flows, one table file: 8 flows name a table that does not exist.
    assert.equal(missing.length, 8);
    assert.ok(missing.every((i) => /^properties\.dataFlows\[\d\]\.outputStream$/.test(i.target)));
    assert.ok(missing.some((i) => i.message.includes("'ABNORMAL_SECURITY_LOGS_CL'")));
    assert.equal(err.issues.length, 8);
  });
});

function issuesOf(p: Promise<unknown>): Promise<{ code: string; target: string; message: string }[]> {
  return p.then(
    () => assert.fail('expected a validation failure'),
    (e: unknown) => {
      assert.ok(e instanceof ValidationFailed, String(e));
      return [...e.issues];
    },
  );
}

function table(columns: unknown[], extra: Record<string, unknown> = {}): unknown {
  return { properties: { schema: { columns }, ...extra } };
}

test('table validation: every rule yields its code at its location', async () => {
  await withWorkspace(async ({ ws }) => {
    const tg = { name: 'TimeGenerated', type: 'datetime' };
    const cases: [string, unknown, string, string][] = [
      ['NoSuffix', table([tg]), 'InvalidTableName', 'name'],
      ['Custom-X_CL', table([tg]), 'InvalidTableName', 'name'],
      ['Good_CL', table([{ name: 'Other', type: 'string' }]), 'MissingTimeGenerated', 'properties.schema.columns'],
      ['Good_CL', table([{ name: 'TimeGenerated', type: 'string' }]), 'InvalidTimeGeneratedType', 'properties.schema.columns[0].type'],
      ['Good_CL', table([tg, { name: 'x', type: 'double' }]), 'InvalidColumnType', 'properties.schema.columns[1].type'],
      ['Good_CL', table([tg, { name: '1abc', type: 'string' }]), 'InvalidColumnName', 'properties.schema.columns[1].name'],
      ['Good_CL', table([tg, { name: 'a'.repeat(46), type: 'string' }]), 'InvalidColumnName', 'properties.schema.columns[1].name'],
      ['Good_CL', table([tg, { name: 'has-dash', type: 'string' }]), 'InvalidColumnName', 'properties.schema.columns[1].name'],
      ['Good_CL', table([tg, { name: 'TenantId', type: 'string' }]), 'ReservedColumnName', 'properties.schema.columns[1].name'],
      ['Good_CL', table([tg, { name: 'type', type: 'string' }]), 'ReservedColumnName', 'properties.schema.columns[1].name'],
      ['Good_CL', table([tg, { name: 'A', type: 'string' }, { name: 'a', type: 'int' }]), 'DuplicateColumnName', 'properties.schema.columns[2].name'],
      ['Good_CL', table([tg], { plan: 'Premium' }), 'InvalidPlan', 'properties.plan'],
      ['Good_CL', { properties: { schema: { name: 'Other_CL', columns: [tg] } } }, 'TableNameMismatch', 'properties.schema.name'],
      ['Good_CL', { properties: {} }, 'MissingSchema', 'properties.schema'],
      ['Good_CL', table([tg, ...Array.from({ length: 500 }, (_, i) => ({ name: `c${i}`, type: 'string' }))]), 'TooManyColumns', 'properties.schema.columns'],
    ];
    for (const [name, body, code, target] of cases) {
      const issues = await issuesOf(ws.putTable(name, body));
      assert.ok(issues.some((i) => i.code === code && i.target === target), `${name} ${code} ${target}: got ${JSON.stringify(issues)}`);
    }
    // Every listed type is accepted, `boolean` and ARM's `dateTime` spelling included.
    const all = ['string', 'int', 'long', 'real', 'bool', 'boolean', 'dateTime', 'timespan', 'dynamic', 'guid', 'decimal'];
    const { table: t } = await ws.putTable('AllTypes_CL', table([tg, ...all.map((type, i) => ({ name: `c${i}`, type }))]));
    assert.deepEqual(t.columns.slice(1).map((c) => c.type), ['string', 'int', 'long', 'real', 'bool', 'bool', 'datetime', 'timespan', 'dynamic', 'guid', 'decimal']);
    assert.equal(ws.listTables().length, 1);
  });
});

test('tables are altered by adding columns; removing or retyping a column is refused', async () => {
  await withWorkspace(async ({ ws, engine }) => {
    const cols = [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'A', type: 'string' }];
    await ws.putTable('Alter_CL', table(cols));
    const { created, table: t } = await ws.putTable('Alter_CL', table([...cols, { name: 'B', type: 'long' }]));
    assert.equal(created, false);
    assert.deepEqual(t.columns.map((c) => c.name), ['TimeGenerated', 'A', 'B']);
    assert.ok((await engine.getTable('Alter_CL'))?.columns.some((c) => c.name === 'B' && c.type === 'long'));

    const removed = await issuesOf(ws.putTable('Alter_CL', table(cols)));
    assert.equal(removed[0].code, 'ColumnRemovalNotSupported');
    const retyped = await issuesOf(ws.putTable('Alter_CL', table([cols[0], { name: 'A', type: 'int' }, { name: 'B', type: 'long' }])));
    assert.equal(retyped[0].code, 'ColumnTypeChangeNotSupported');
    assert.equal(retyped[0].target, 'properties.schema.columns[1].type');
  });
});

test('DCR validation: stream names, output streams, destinations and flows are checked with located codes', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('Out_CL', table([{ name: 'TimeGenerated', type: 'datetime' }]));
    const base = () => ({
      properties: {
        streamDeclarations: { 'Custom-In': { columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'ok', type: 'boolean' }] } },
        destinations: { logAnalytics: [{ workspaceResourceId: ws.workspaceResourceId, name: 'la' }] },
        dataFlows: [{ streams: ['Custom-In'], destinations: ['la'], transformKql: 'source', outputStream: 'Custom-Out_CL' }],
      },
    });
    // The base rule is valid, with a real workspace resource id given in another case.
    const good = base();
    good.properties.destinations.logAnalytics[0].workspaceResourceId = ws.workspaceResourceId.toUpperCase();
    const { dcr } = await ws.putDcr('good', good);
    assert.deepEqual(dcr.streamDeclarations['Custom-In'].columns[1], { name: 'ok', type: 'bool' });

    type B = ReturnType<typeof base>;
    const cases: [string, (b: B) => void, string, string][] = [
      ['stream without Custom-', (b) => { (b.properties.streamDeclarations as Record<string, unknown>)['In'] = { columns: [{ name: 'a', type: 'string' }] }; }, 'InvalidStreamName', "properties.streamDeclarations['In']"],
      ['stream column type', (b) => { b.properties.streamDeclarations['Custom-In'].columns[1].type = 'guid'; }, 'InvalidColumnType', "properties.streamDeclarations['Custom-In'].columns[1].type"],
      ['undeclared input', (b) => { b.properties.dataFlows[0].streams = ['Custom-Nope']; }, 'UnknownStream', 'properties.dataFlows[0].streams[0]'],
      ['unknown destination', (b) => { b.properties.dataFlows[0].destinations = ['other']; }, 'UnknownDestination', 'properties.dataFlows[0].destinations[0]'],
      ['missing table', (b) => { b.properties.dataFlows[0].outputStream = 'Custom-Missing_CL'; }, 'OutputTableNotFound', 'properties.dataFlows[0].outputStream'],
      ['no _CL', (b) => { b.properties.dataFlows[0].outputStream = 'Custom-Out'; }, 'InvalidOutputStream', 'properties.dataFlows[0].outputStream'],
      ['bad prefix', (b) => { b.properties.dataFlows[0].outputStream = 'Out_CL'; }, 'InvalidOutputStream', 'properties.dataFlows[0].outputStream'],
      ['standard table not provisioned', (b) => { b.properties.dataFlows[0].outputStream = 'Microsoft-Syslog'; }, 'OutputTableNotFound', 'properties.dataFlows[0].outputStream'],
      ['implicit output to a non-_CL stream', (b) => { delete (b.properties.dataFlows[0] as { outputStream?: string }).outputStream; }, 'InvalidOutputStream', 'properties.dataFlows[0].streams[0]'],
      ['foreign workspace', (b) => { b.properties.destinations.logAnalytics[0].workspaceResourceId = '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/z'; }, 'InvalidDestination', 'properties.destinations.logAnalytics[0].workspaceResourceId'],
      ['no flows', (b) => { b.properties.dataFlows = []; }, 'MissingDataFlows', 'properties.dataFlows'],
      ['no destinations', (b) => { b.properties.destinations.logAnalytics = []; }, 'MissingDestinations', 'properties.destinations.logAnalytics'],
    ];
    for (const [label, mutate, code, target] of cases) {
      const b = base();
      mutate(b);
      const issues = await issuesOf(ws.putDcr('bad', b));
      assert.ok(issues.some((i) => i.code === code && i.target === target), `${label}: got ${JSON.stringify(issues)}`);
    }
    const badName = await issuesOf(ws.putDcr('bad name', base()));
    assert.equal(badName[0].code, 'InvalidDcrName');
    assert.equal(ws.listDcrs().length, 1);
  });
});

test('a transform check, when configured, rejects a DCR at creation with its own codes', async () => {
  const transformCheck = (kql: string) => (kql.includes('join') ? [{ code: 'KQL3001', message: "operator 'join' is not supported in DCR transforms" }] : []);
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    const body = (await readJson(CONTOSO_DCR)) as { properties: { dataFlows: { transformKql: string }[] } };
    body.properties.dataFlows[0].transformKql = 'source | join (source) on UserName';
    const issues = await issuesOf(ws.putDcr('Contoso', body));
    assert.deepEqual(issues, [{ code: 'KQL3001', target: 'properties.dataFlows[0].transformKql', message: "operator 'join' is not supported in DCR transforms" }]);
  }, { transformCheck });
});

test('a table a DCR writes to cannot be deleted; deleting the DCR first frees it and drops the physical table', async () => {
  await withWorkspace(async ({ ws, engine }) => {
    await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    await ws.putDcr('Contoso', await readJson(CONTOSO_DCR));
    await assert.rejects(ws.deleteTable('ContosoSecurityAlerts_CL'), (e: unknown) => e instanceof Conflict && e.code === 'TableInUse');
    assert.equal(await ws.deleteDcr('contoso'), true);
    assert.equal(await ws.deleteTable('ContosoSecurityAlerts_CL'), true);
    assert.equal(await engine.getTable('ContosoSecurityAlerts_CL'), undefined);
    assert.equal(await ws.deleteTable('ContosoSecurityAlerts_CL'), false);
  });
});

test('client secrets: shown once, stored only as a salted hash, checked with expiry', async () => {
  let clock = new Date('2030-01-01T00:00:00Z');
  await withWorkspace(async ({ ws, engine }) => {
    const app = await ws.createApp({ displayName: 'Contoso sender' });
    assert.match(app.appId, GUID);
    assert.notEqual(app.appId, app.servicePrincipalId);
    const { secretText, secret } = await ws.addSecret(app.appId, { endDateTime: '2030-06-01T00:00:00Z' });
    assert.equal(secretText.length, 40);
    assert.equal(secret.hint, secretText.slice(0, 3));
    assert.equal(Object.hasOwn(secret, 'hash'), false);

    const stored = JSON.stringify(await engine.documents.list('app'));
    assert.equal(stored.includes(secretText), false, 'the secret text must not be stored');

    assert.deepEqual(ws.verifyClientSecret(app.appId, secretText), { ok: true, app: ws.getApp(app.appId) });
    assert.deepEqual(ws.verifyClientSecret(app.appId, secretText + 'x'), { ok: false, reason: 'invalid_secret' });
    assert.deepEqual(ws.verifyClientSecret(app.appId, ''), { ok: false, reason: 'no_secret' });
    assert.deepEqual(ws.verifyClientSecret('00000000-0000-0000-0000-000000000000', secretText), { ok: false, reason: 'unknown_app' });
    clock = new Date('2030-06-01T00:00:01Z');
    assert.deepEqual(ws.verifyClientSecret(app.appId, secretText), { ok: false, reason: 'expired_secret' });

    assert.equal(await ws.removeSecret(app.objectId, secret.keyId), true);
    clock = new Date('2030-01-02T00:00:00Z');
    assert.deepEqual(ws.verifyClientSecret(app.appId, secretText), { ok: false, reason: 'invalid_secret' });
  }, { now: () => clock });
});

test('role assignments: Monitoring Metrics Publisher on a DCR, inherited from parent scopes, removed with the DCR or the app', async () => {
  await withWorkspace(async ({ ws }) => {
    await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    const body = await readJson(CONTOSO_DCR);
    const { dcr: a } = await ws.putDcr('RuleA', body);
    const { dcr: b } = await ws.putDcr('RuleB', body);
    const app = await ws.createApp({ displayName: 'sender' });
    const other = await ws.createApp({ displayName: 'other' });
    const scopeA = ws.dcrResourceId(a.name);
    const scopeB = ws.dcrResourceId(b.name);

    const ra = await ws.assignRole({ principalId: app.servicePrincipalId, role: 'Monitoring Metrics Publisher', scope: scopeA.toLowerCase() });
    assert.equal(ra.scope, scopeA);
    assert.equal(ra.roleDefinitionId, '3913510d-42f4-4e42-8a64-420c390055eb');
    assert.equal(ws.hasRole(app.servicePrincipalId, 'Monitoring Metrics Publisher', scopeA), true);
    assert.equal(ws.hasRole(app.servicePrincipalId, 'Monitoring Metrics Publisher', scopeB), false);
    assert.equal(ws.hasRole(other.servicePrincipalId, 'Monitoring Metrics Publisher', scopeA), false);
    // Another role at the same scope does not grant ingestion.
    await ws.assignRole({ principalId: other.servicePrincipalId, role: 'Owner', scope: scopeA });
    assert.equal(ws.hasRole(other.servicePrincipalId, 'Monitoring Metrics Publisher', scopeA), false);
    // A resource-group assignment reaches every DCR below it.
    await ws.assignRole({ principalId: other.servicePrincipalId, role: '3913510d-42f4-4e42-8a64-420c390055eb', scope: ws.resourceGroupScope });
    assert.equal(ws.hasRole(other.servicePrincipalId, 'Monitoring Metrics Publisher', scopeB), true);

    await assert.rejects(ws.assignRole({ principalId: app.servicePrincipalId, role: 'Monitoring Metrics Publisher', scope: scopeA }), (e: unknown) => e instanceof Conflict && e.code === 'RoleAssignmentExists');
    const bad = await issuesOf(ws.assignRole({ principalId: app.appId, role: 'Nope', scope: `${ws.resourceGroupScope}/providers/Microsoft.Insights/dataCollectionRules/Missing` }));
    assert.deepEqual(bad.map((i) => i.code).sort(), ['InvalidScope', 'PrincipalNotFound', 'RoleDefinitionNotFound']);

    await ws.deleteDcr('RuleA');
    assert.equal(ws.listRoleAssignments({ principalId: app.servicePrincipalId }).length, 0);
    await ws.deleteApp(other.appId);
    assert.equal(ws.listRoleAssignments().length, 0);
  });
});

test('change listeners hear committed DCR and table changes', async () => {
  await withWorkspace(async ({ ws }) => {
    const seen: WorkspaceChange[] = [];
    const off = ws.onChange((c) => seen.push(c));
    await ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    const { dcr } = await ws.putDcr('Contoso', await readJson(CONTOSO_DCR));
    await ws.putDcr('Contoso', { properties: {} }).catch(() => undefined); // rejected: no event
    await ws.deleteDcr('Contoso');
    off();
    await ws.deleteTable('ContosoSecurityAlerts_CL');
    assert.deepEqual(seen.map((c) => `${c.kind}:${c.op}`), ['table:put', 'dcr:put', 'dcr:delete']);
    const del = seen[2];
    assert.ok(del.kind === 'dcr');
    assert.equal(del.immutableId, dcr.immutableId);
  });
});

test('state survives a restart: tables, DCRs by immutable id, apps and role assignments', async () => {
  const dir = await tempDir();
  try {
    const a = await openWorkspace(dir);
    await a.ws.putTable('ContosoSecurityAlerts_CL', await readJson(CONTOSO_TABLE));
    const { dcr } = await a.ws.putDcr('Contoso', await readJson(CONTOSO_DCR));
    const app = await a.ws.createApp({ displayName: 'sender' });
    const { secretText } = await a.ws.addSecret(app.appId);
    await a.ws.assignRole({ principalId: app.servicePrincipalId, role: 'Monitoring Metrics Publisher', scope: a.ws.dcrResourceId('Contoso') });
    await a.close();

    const b = await openWorkspace(dir);
    assert.equal(b.ws.getDcrByImmutableId(dcr.immutableId)?.name, 'Contoso');
    assert.equal(b.ws.getTable('contososecurityalerts_cl')?.name, 'ContosoSecurityAlerts_CL');
    assert.equal(b.ws.verifyClientSecret(app.appId, secretText).ok, true);
    assert.equal(b.ws.hasRole(app.servicePrincipalId, 'Monitoring Metrics Publisher', b.ws.dcrResourceId('Contoso')), true);
    await b.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
