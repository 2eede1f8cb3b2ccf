// ingestion_time() reads the standard column `_TimeReceived` that every Vigil table stores
// (src/workspace/standard-columns.ts); without it the value is null, as Kusto documents for a
// table without the IngestionTime policy.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { staticSchema } from '../../../src/kql/index.js';
import { KqlRunner } from './run-kql.js';

const schema = staticSchema([{ name: 'SigninLogs', columns: [
  { name: 'TimeGenerated', type: 'datetime' }, { name: 'UserPrincipalName', type: 'string' }, { name: '_TimeReceived', type: 'datetime' },
] }]);

let k: KqlRunner;
before(async () => {
  k = await KqlRunner.create();
  await k.con.run(`CREATE TABLE "SigninLogs" ("TimeGenerated" TIMESTAMP, "UserPrincipalName" VARCHAR, "_TimeReceived" TIMESTAMP)`);
  await k.con.run(`INSERT INTO "SigninLogs" VALUES
    (TIMESTAMP '2023-12-31 10:00:00', 'a@contoso.com', TIMESTAMP '2023-12-31 10:02:00'),
    (TIMESTAMP '2023-12-20 10:00:00', 'b@contoso.com', TIMESTAMP '2023-12-20 10:00:30')`);
});
after(() => k.close());

test('ingestion_time() is the row\'s _TimeReceived (an official Entra ID rule filters on it)', async () => {
  // TEST_NOW is 2024-01-01: only the first row was ingested within the last day.
  const r = await k.run('SigninLogs | where ingestion_time() > ago(1d) | extend IngestionTime = ingestion_time() | project UserPrincipalName, IngestionTime', schema);
  assert.deepEqual(r.columns.map((c) => c.type), ['string', 'datetime']);
  assert.deepEqual(r.rows, [['a@contoso.com', '2023-12-31T10:02:00.000000Z']]);
});

test('ingestion_time() after a projection that drops the column is null', async () => {
  const r = await k.run('SigninLogs | project UserPrincipalName | extend t = ingestion_time() | where UserPrincipalName startswith "a"', schema);
  assert.deepEqual(r.rows, [['a@contoso.com', null]]);
});

test('ingestion_time() takes no arguments', () => {
  const c = k.compile('SigninLogs | extend t = ingestion_time(1)', schema);
  assert.equal(c.sql, undefined);
  assert.equal(c.diagnostics[0]!.code, 'KQL2006');
});
