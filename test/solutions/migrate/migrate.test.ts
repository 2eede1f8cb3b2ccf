// The path off the retired API: from a classic table as it stands to a CCF Push solution whose DCR
// keeps the senders' field names and rebuilds the legacy column names (the AbnormalSecurity pattern).
// The generated folder is validated with the solution validator (KQL checked by the official parser)
// and deployed into a workspace; records then sent through the Logs Ingestion pipeline land in the
// same legacy columns the Data Collector API filled before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLegacyTable, profileFor } from '../../../src/pipeline/legacy/index.js';
import { buildMigration, writeMigration, type MigrationSkeleton } from '../../../src/solutions/migrate/index.js';
import { validateSolution } from '../../../src/solutions/validate/index.js';
import { formatFinding } from '../../../src/solutions/model/findings.js';
import { IngestPipeline, kqlTransformCompiler } from '../../../src/pipeline/index.js';
import { oracleAnalyzer } from '../helpers/oracle-kql.js';
import { openLegacyRig } from '../../pipeline/legacy/helpers.js';

const DARKTRACE_SCHEMA = '../shared/fixtures/schemas/darktrace_model_alerts_CL.json';

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-migrate-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function fileOf(sk: MigrationSkeleton, suffix: string): any {
  const f = sk.files.find((x) => x.path.endsWith(suffix));
  assert.ok(f, `generated ${suffix}`);
  return JSON.parse(f.content);
}

/** Errors and warnings of the validator (info findings such as SOL107 "Author has no email" are allowed). */
function problems(dir: string): string[] {
  return validateSolution(dir, { kql: oracleAnalyzer }).findings.filter((f) => f.severity !== 'info').map(formatFinding);
}

test('darktrace_model_alerts_CL as published: typed table, stream of original field names, transform to the legacy names; validates clean', async (t) => {
  const schema = JSON.parse(readFileSync(DARKTRACE_SCHEMA, 'utf8')) as { columns: { name: string; type: string }[] };
  const columns = schema.columns.map((c) => ({ name: c.name, type: (c.type === 'boolean' ? 'bool' : c.type) as never }));
  const description = describeLegacyTable({ name: 'darktrace_model_alerts_CL', columns }, profileFor('darktrace_model_alerts_CL'));
  const sk = buildMigration(description, { date: '2025-01-01' });
  assert.equal(sk.solutionName, 'DarktraceModelAlerts');
  assert.equal(sk.streamName, 'Custom-darktrace_model_alerts');

  // table.json: the same table, every column but the reserved standard ones, with its type.
  const table = fileOf(sk, '/table.json');
  assert.equal(table.name, 'darktrace_model_alerts_CL');
  const tableCols = new Map<string, string>(table.properties.schema.columns.map((c: { name: string; type: string }) => [c.name, c.type]));
  for (const c of schema.columns) {
    if (['TenantId', 'Type', '_ResourceId'].includes(c.name)) assert.equal(tableCols.has(c.name), false, `${c.name} is reserved`);
    else assert.equal(tableCols.get(c.name), c.type, `column ${c.name}`);
  }

  // DCR.json: the stream carries the senders' names; the transform writes the legacy ones.
  const dcr = fileOf(sk, '/DCR.json');
  const stream = new Map<string, string>(dcr.properties.streamDeclarations['Custom-darktrace_model_alerts'].columns.map((c: { name: string; type: string }) => [c.name, c.type]));
  assert.equal(stream.get('modelName'), 'string');
  assert.equal(stream.get('score'), 'real');
  assert.equal(stream.get('cSensor'), 'boolean');
  assert.equal(stream.get('timestamp'), 'datetime');
  assert.equal(stream.get('externalId'), 'string', 'guid is not a stream type; the transform converts');
  assert.equal(stream.get('SourceIP'), 'string', 'a bare column is its own field');
  assert.equal(stream.get('uuid'), 'dynamic', 'uuid_s and uuid_g: a property that changed type');
  assert.equal(stream.has('modelName_s'), false);
  const kql = dcr.properties.dataFlows[0].transformKql as string;
  assert.equal(dcr.properties.dataFlows[0].outputStream, 'Custom-darktrace_model_alerts_CL');
  assert.match(kql, /^\| extend modelName_s = tostring\(modelName\)$/m);
  assert.match(kql, /^\| extend externalId_g = toguid\(externalId\)$/m);
  assert.match(kql, /^\| extend uuid_g = toguid\(uuid\)$/m);
  assert.match(kql, /^\| extend uuid_s = iif\(isnull\(toguid\(uuid\)\), tostring\(uuid\), ""\)$/m);
  assert.doesNotMatch(kql, /extend SourceIP/);

  // Connector definition and Push data connector link to the DCR stream.
  const def = fileOf(sk, '/connectorDefinition.json');
  const dc = fileOf(sk, '/dataConnector.json');
  assert.equal(dc.kind, 'Push');
  assert.equal(dc.properties.connectorDefinitionName, def.properties.connectorUiConfig.id);
  assert.equal(dc.properties.dcrConfig.streamName, 'Custom-darktrace_model_alerts');

  const dir = await tempDir(t);
  await writeMigration(dir, sk.files);
  assert.deepEqual(problems(join(dir, sk.solutionName)), []);
  await assert.rejects(writeMigration(dir, sk.files), /exists/, 'a second run does not overwrite');
});

test('collector table → migration → validate → deploy → Logs Ingestion records land in the legacy columns', async (t) => {
  const rig = await openLegacyRig(t);
  // Before: an appliance on the Data Collector API, with nested objects and a property that changed type.
  const before = [
    { host: 'fw-1', level: 3, ok: true, seen: '2025-05-01T10:00:00Z', id: '5b3e8a0c-2f1d-4c55-9a7e-0d1c2b3a4f50', meta: { event_type: 'Login', src: { ip: '10.1.1.1' } }, code: 42 },
    { host: 'fw-2', code: 'E-17' },
  ];
  await rig.legacy.ingest({ logType: 'Appliance', body: before });
  const def = rig.ws.getTable('Appliance_CL')!;
  const legacyColumns = def.columns.map((c) => c.name).filter((n) => /_[sdbtg]$/.test(n)).sort();
  assert.deepEqual(legacyColumns, ['code_d', 'code_s', 'host_s', 'id_g', 'level_d', 'meta_event_type_s', 'meta_src_ip_s', 'ok_b', 'seen_t']);

  const sk = buildMigration(describeLegacyTable(def, profileFor(def.name), await rig.legacy.tableSources(def.name)), { date: '2025-01-01' });
  const stream = fileOf(sk, '/DCR.json').properties.streamDeclarations[sk.streamName].columns as { name: string; type: string }[];
  assert.deepEqual(stream.map((c) => `${c.name}:${c.type}`).sort(), ['TimeGenerated:datetime', 'code:dynamic', 'host:string', 'id:string', 'level:real', 'meta:dynamic', 'ok:boolean', 'seen:datetime'].sort());
  assert.match(sk.transformKql, /^\| extend meta_src_ip_s = tostring\(meta\.src\.ip\)$/m);

  const dir = await tempDir(t);
  await writeMigration(dir, sk.files);
  assert.deepEqual(problems(join(dir, sk.solutionName)), []);

  // Deploy the generated table and DCR as written (template expressions bind to this workspace).
  const folder = join(dir, sk.solutionName, 'Data Connectors', `${sk.solutionName}_ccf`);
  const tableFile = JSON.parse(await readFile(join(folder, 'table.json'), 'utf8'));
  const dcrFile = JSON.parse(await readFile(join(folder, 'DCR.json'), 'utf8'));
  await rig.ws.putTable(tableFile.name, tableFile);
  const { dcr } = await rig.ws.putDcr(dcrFile.name, dcrFile);
  const pipeline = await IngestPipeline.open({ workspace: rig.ws, engine: rig.engine, compileTransform: kqlTransformCompiler });
  t.after(() => pipeline.close());

  // After: the same appliance, now on the Logs Ingestion API, posting its own field names.
  const after = [
    { host: 'fw-3', level: 5, ok: false, seen: '2025-05-02T11:00:00Z', id: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', meta: { event_type: 'Logout', src: { ip: '10.2.2.2' } }, code: 7 },
    { host: 'fw-4', code: 'E-99' },
  ];
  const receipt = await pipeline.ingest({ dcrImmutableId: dcr.immutableId, stream: sk.streamName, body: after });
  assert.equal(receipt.rowsStored, 2);
  assert.equal(receipt.deadLettered, 0);

  const rows = await rig.rows('SELECT host_s, level_d, ok_b, seen_t, id_g, meta_event_type_s, meta_src_ip_s, code_d, code_s FROM Appliance_CL ORDER BY host_s');
  assert.deepEqual(rows, [
    ['fw-1', 3, true, '2025-05-01T10:00:00.000000Z', '5b3e8a0c-2f1d-4c55-9a7e-0d1c2b3a4f50', 'Login', '10.1.1.1', 42, null],
    ['fw-2', null, null, null, null, null, null, null, 'E-17'],
    ['fw-3', 5, false, '2025-05-02T11:00:00.000000Z', '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', 'Logout', '10.2.2.2', 7, null],
    ['fw-4', null, null, null, null, null, null, null, 'E-99'],
  ]);
  // No column was added by the new path: the original field names were not stored as columns.
  assert.deepEqual(rig.ws.getTable('Appliance_CL')!.columns.map((c) => c.name), def.columns.map((c) => c.name));
});
