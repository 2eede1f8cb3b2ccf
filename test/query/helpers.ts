// A real storage engine and workspace service in a temporary folder, with tables created through the
// workspace (so they carry the standard columns) and rows appended through the engine's durable path.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openEngine, type StorageEngine } from '../../src/storage/engine.js';
import { WorkspaceService } from '../../src/workspace/service.js';
import { QueryExecutor, WorkspaceSchema, type QueryLimits } from '../../src/query/index.js';

export interface QueryFixture {
  engine: StorageEngine;
  ws: WorkspaceService;
  executor: QueryExecutor;
  /** Creates a custom table with these user columns (TimeGenerated first unless given). */
  table(name: string, columns: Record<string, string>): Promise<void>;
  /** Appends rows (NDJSON encoding of src/storage/duckdb/types.ts) and waits until they are queryable. */
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
}

export async function openQueryFixture(t: TestContext, limits: Partial<QueryLimits> = {}): Promise<QueryFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-query-'));
  const engine = await openEngine({ dataDir: dir, threads: 1 });
  const ws = await WorkspaceService.open({ documents: engine.documents, tables: engine });
  const schema = new WorkspaceSchema(ws);
  const executor = new QueryExecutor({ schema, engine, limits });
  t.after(async () => {
    schema.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    engine, ws, executor,
    table: async (name, columns) => {
      const cols = Object.entries({ TimeGenerated: 'datetime', ...columns }).map(([n, type]) => ({ name: n, type }));
      await ws.putTable(name, { properties: { schema: { name, columns: cols } } });
    },
    insert: async (table, rows) => {
      await engine.append([{ table, ndjson: rows.map((r) => JSON.stringify(r)).join('\n') + '\n', rows: rows.length }]);
      await engine.flush();
    },
  };
}
