// What every surface plugin is given: the shared services of one running server. server.ts builds
// it once and registers each surface plugin with it as the plugin's options.
import type { Logger } from 'pino';
import type { StorageEngine } from '../storage/engine.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { IdentityService } from './identity/identity-service.js';
import type { IngestPipeline } from '../pipeline/index.js';
import type { QueryExecutor } from '../query/index.js';

export interface SurfaceContext {
  workspace: WorkspaceService;
  identity: IdentityService;
  engine: StorageEngine;
  /** The ingestion pipeline every data-plane surface hands its records to. */
  pipeline: IngestPipeline;
  /** The KQL query executor over the workspace's tables (query API, connector status). */
  query: QueryExecutor;
  /** The server's public HTTPS origin, e.g. `https://localhost:8443` (no trailing slash). Known once listening. */
  origin(): string;
  log: Logger;
}
