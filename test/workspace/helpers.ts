// Opens a real storage engine and workspace service in a fresh temporary folder.
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine, type StorageEngine } from '../../src/storage/engine.js';
import { WorkspaceService, type WorkspaceServiceOptions } from '../../src/workspace/service.js';

export interface Opened {
  dir: string;
  engine: StorageEngine;
  ws: WorkspaceService;
  close(): Promise<void>;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'vigil-ws-'));
}

export async function openWorkspace(dir: string, extra: Partial<WorkspaceServiceOptions> = {}): Promise<Opened> {
  const engine = await openEngine({ dataDir: dir, threads: 1 });
  const ws = await WorkspaceService.open({ documents: engine.documents, tables: engine, ...extra });
  return { dir, engine, ws, close: () => engine.close() };
}

export async function withWorkspace<T>(fn: (o: Opened) => Promise<T>, extra: Partial<WorkspaceServiceOptions> = {}): Promise<T> {
  const dir = await tempDir();
  const o = await openWorkspace(dir, extra);
  try {
    return await fn(o);
  } finally {
    await o.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
}

export const HALCYON_V2 = '../shared/fixtures/azure-sentinel/Solutions/Halcyon/Data Connectors/Halcyon_ccp_v2';
export const ABNORMAL = '../shared/fixtures/azure-sentinel/Solutions/AbnormalSecurity/Data Connectors/AbnormalSecurity_CCF';
export const CONTOSO_TABLE = 'test/workspace/fixtures/contoso-table.json';
export const CONTOSO_DCR = 'test/workspace/fixtures/contoso-dcr.json';
