// Connector figures, in process on a real engine: deploying the Orca reference package, installing
// the built-in Halcyon solution (package in memory + deploy), "Deploy push connector" for Halcyon
// (5 tables × ~130 columns, a 324-column stream, 5 transforms), a redeploy, and the status of the
// Halcyon connector (1 union query + 5 last-data queries, with and without the 5 graph queries) on an
// empty and on a loaded workspace. Run: npx tsx bench/connectors/run.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../../src/storage/engine.js';
import { WorkspaceService } from '../../src/workspace/service.js';
import { IngestPipeline } from '../../src/pipeline/index.js';
import { connectorStatusByRef, deployPushConnector, deployTemplate, installContent, workspaceKqlRunner } from '../../src/connectors/index.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-connectors-'));
const engine = await openEngine({ dataDir: dir });
const ws = await WorkspaceService.open({ documents: engine.documents, tables: engine });
const pipeline = await IngestPipeline.open({ workspace: ws, engine });
const runKql = workspaceKqlRunner(ws, engine);

async function time<T>(label: string, fn: () => Promise<T>, runs = 1): Promise<T> {
  let out: T | undefined;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} ${runs > 1 ? `median ${ms[Math.floor(runs / 2)].toFixed(0)} ms, min ${ms[0].toFixed(0)} ms (${runs} runs)` : `${ms[0].toFixed(0)} ms`}`);
  return out!;
}

const orca = JSON.parse(readFileSync('../shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Package/mainTemplate.json', 'utf8'));
await time('deployTemplate Orca mainTemplate (9 resources), first', () => deployTemplate(ws, { name: 'orca', template: orca }));
await time('deployTemplate Orca mainTemplate, redeploy', () => deployTemplate(ws, { name: 'orca', template: orca }), 5);
await time('installContent Halcyon (package in memory + deploy)', () => installContent(ws, 'Halcyon'));
await time('installContent Halcyon, again', () => installContent(ws, 'Halcyon'), 3);
const d = await time('deployPushConnector HalcyonPush, first (tables, DCR, app…)', () => deployPushConnector(ws, 'HalcyonPush', { endpoint: 'https://localhost:8443' }));
await time('deployPushConnector HalcyonPush, redeploy', () => deployPushConnector(ws, 'HalcyonPush', { endpoint: 'https://localhost:8443' }), 5);
const status = (graph: 'daily' | false) => () => connectorStatusByRef(ws, 'HalcyonPush', { runKql, counters: pipeline, graph });
await time('status HalcyonPush, empty tables, no graph (6 queries)', status(false), 5);
await time('status HalcyonPush, empty tables, daily graph (11 queries)', status('daily'), 5);
const schemas = ['Authentication', 'Dns', 'FileEvent', 'NetworkSession', 'ProcessEvent'];
const now = Date.now();
for (let b = 0; b < 20; b++) {
  const body = Array.from({ length: 5000 }, (_, i) => ({ TimeGenerated: new Date(now - ((b * 5000 + i) % (13 * 86_400)) * 1000).toISOString(), EventSchema: schemas[i % 5], DvcHostname: `host${i % 50}`, EventType: 'x' }));
  await pipeline.ingest({ dcrImmutableId: d.details.DataCollectionRuleId, stream: d.details.StreamName, body });
}
await engine.flush();
await time('status HalcyonPush, 100,000 rows, no graph', status(false), 5);
await time('status HalcyonPush, 100,000 rows, daily graph', status('daily'), 5);

await pipeline.close();
await engine.close();
rmSync(dir, { recursive: true, force: true });
