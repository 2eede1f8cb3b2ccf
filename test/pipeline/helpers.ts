// A real storage engine, workspace service and ingestion pipeline in a fresh temporary folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openEngine, type StorageEngine } from '../../src/storage/engine.js';
import { WorkspaceService } from '../../src/workspace/service.js';
import { IngestPipeline, type TransformCompiler } from '../../src/pipeline/index.js';

export interface Rig {
  dir: string;
  engine: StorageEngine;
  ws: WorkspaceService;
  pipeline: IngestPipeline;
  /** Runs a query after loading everything acknowledged so far. */
  rows(sql: string): Promise<unknown[][]>;
}

export async function openRig(t: TestContext, opts: { compileTransform?: TransformCompiler | null } = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-pipeline-'));
  const engine = await openEngine({ dataDir: dir, threads: 1 });
  const ws = await WorkspaceService.open({ documents: engine.documents, tables: engine });
  const pipeline = await IngestPipeline.open({ workspace: ws, engine, ...opts });
  t.after(async () => {
    await pipeline.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    dir, engine, ws, pipeline,
    async rows(sql) {
      await engine.flush();
      return (await engine.query(sql)).rows;
    },
  };
}

export type Col = { name: string; type: string };

export function tableBody(name: string, columns: Col[]): unknown {
  return { properties: { schema: { name, columns } } };
}

export interface FlowSpec {
  streams: string[];
  outputStream?: string;
  transformKql?: string;
}

export function dcrBody(ws: WorkspaceService, streams: Record<string, Col[]>, flows: FlowSpec[]): unknown {
  return {
    location: 'local',
    properties: {
      streamDeclarations: Object.fromEntries(Object.entries(streams).map(([k, columns]) => [k, { columns }])),
      destinations: { logAnalytics: [{ name: 'la', workspaceResourceId: ws.workspaceResourceId }] },
      dataFlows: flows.map((f) => ({ destinations: ['la'], ...f })),
    },
  };
}

/** Creates a table and a one-flow pass-through DCR from `stream` into it; returns the DCR's immutable id. */
export async function simpleRoute(rig: Rig, table: string, tableCols: Col[], stream: string, streamCols: Col[]): Promise<string> {
  await rig.ws.putTable(table, tableBody(table, tableCols));
  const { dcr } = await rig.ws.putDcr(`dcr-${table.toLowerCase().replace(/_/g, '-')}`, dcrBody(rig.ws, { [stream]: streamCols }, [{ streams: [stream], outputStream: `Custom-${table}` }]));
  return dcr.immutableId;
}
