// A real storage engine, workspace service and ingestion pipeline in a temporary folder, and the
// solution folders the connector tests deploy (the seed's Contoso walkthrough fixture, the built-in Halcyon).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { openEngine, type StorageEngine } from '../../src/storage/engine.js';
import { WorkspaceService } from '../../src/workspace/service.js';
import { IngestPipeline } from '../../src/pipeline/index.js';
import { packageSolution } from '../../src/solutions/index.js';
import { deployTemplate, workspaceKqlRunner, type RunKql } from '../../src/connectors/index.js';

export const CONTOSO_DIR = 'test/solutions/fixtures/contoso/ContosoSecurityAlerts';
export const ORCA_TEMPLATE = '../shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Package/mainTemplate.json';
export const ENDPOINT = 'https://vigil.test:8443';

export interface Rig {
  dir: string;
  engine: StorageEngine;
  ws: WorkspaceService;
  pipeline: IngestPipeline;
  runKql: RunKql;
  /** Closes and reopens the engine and the workspace service on the same folder. */
  reopen(): Promise<void>;
}

export async function openRig(t: TestContext): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-connectors-'));
  const rig = {} as Rig;
  const open = async (): Promise<void> => {
    rig.engine = await openEngine({ dataDir: dir, threads: 1 });
    rig.ws = await WorkspaceService.open({ documents: rig.engine.documents, tables: rig.engine });
    rig.pipeline = await IngestPipeline.open({ workspace: rig.ws, engine: rig.engine });
    rig.runKql = workspaceKqlRunner(rig.ws, rig.engine);
  };
  const close = async (): Promise<void> => {
    await rig.pipeline.close();
    await rig.engine.close();
  };
  await open();
  rig.dir = dir;
  rig.reopen = async () => {
    await close();
    await open();
  };
  t.after(async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  });
  return rig;
}

/** Packages a solution folder in memory (no files written) and returns its mainTemplate. */
export async function packaged(dir: string): Promise<unknown> {
  const pkg = await packageSolution(dir, { write: false });
  assert.ok(pkg.ok && pkg.mainTemplate, `${dir} packages`);
  return pkg.mainTemplate;
}

/** Deploys a solution folder's package into the workspace (what `vigil deploy Package/mainTemplate.json` does). */
export async function installSolution(ws: WorkspaceService, dir: string, name = 'solution'): Promise<void> {
  const r = await deployTemplate(ws, { name, template: await packaged(dir), file: 'mainTemplate.json' });
  assert.equal(r.record.provisioningState, 'Succeeded', JSON.stringify(r.record.error));
}
