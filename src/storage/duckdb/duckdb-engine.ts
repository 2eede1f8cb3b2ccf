// DuckDB implementation of StorageEngine (work in progress: the interface is fixed in ../engine.ts).
import type { EngineOptions, StorageEngine } from '../engine.js';
import { StorageError } from '../engine.js';

export async function openDuckDbEngine(_options: EngineOptions): Promise<StorageEngine> {
  throw new StorageError('io', 'the DuckDB engine is not implemented yet');
}
