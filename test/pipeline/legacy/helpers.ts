// A real storage engine and workspace in a temporary folder with the Data Collector ingest path.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openEngine, type StorageEngine } from '../../../src/storage/engine.js';
import { WorkspaceService } from '../../../src/workspace/service.js';
import { LegacyIngest, type LegacyIngestOptions } from '../../../src/pipeline/legacy/index.js';

export interface LegacyRig {
  engine: StorageEngine;
  ws: WorkspaceService;
  legacy: LegacyIngest;
  /** Loads everything acknowledged, then runs the SQL. */
  rows(sql: string): Promise<unknown[][]>;
  /** Column name → type of a table as the workspace stores it. */
  columns(table: string): Record<string, string>;
}

export async function openLegacyRig(t: TestContext, opts: Partial<Omit<LegacyIngestOptions, 'workspace' | 'engine' | 'documents'>> = {}): Promise<LegacyRig> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-legacy-'));
  const engine = await openEngine({ dataDir: dir, threads: 1 });
  const ws = await WorkspaceService.open({ documents: engine.documents, tables: engine });
  const legacy = new LegacyIngest({ workspace: ws, engine, documents: engine.documents, ...opts });
  t.after(async () => {
    await legacy.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    engine, ws, legacy,
    async rows(sql) {
      await engine.flush();
      return (await engine.query(sql)).rows;
    },
    columns(table) {
      const def = ws.getTable(table);
      if (!def) throw new Error(`no table ${table}`);
      return Object.fromEntries(def.columns.map((c) => [c.name, c.type]));
    },
  };
}
