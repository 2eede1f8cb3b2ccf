// `<data>/vigil.json`: how tools and people reach a running server. Written when the server is
// ready; read by every CLI command given `--data-dir`. Holds no secrets (the admin key and the CA's
// private key stay in their own 0600 files; only their paths are listed).
import { readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export const CONNECTION_FILE = 'vigil.json';

export interface ConnectionInfo {
  /** The server's HTTPS origin: authority host, DCE, query and management endpoints all live here. */
  url: string;
  tenantId: string;
  workspaceId: string;
  workspaceName: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceResourceId: string;
  /** The default DCE's logs ingestion URL (the same origin). */
  dceUrl: string;
  dceName: string;
  dceResourceId: string;
  dceImmutableId: string;
  /** `AZURE_AUTHORITY_HOST` for @azure/identity. */
  authorityHost: string;
  tokenEndpoint: string;
  /** Base URL for the Log Analytics query SDK (`endpoint` option). */
  queryEndpoint: string;
  /** The CA certificate clients trust (`NODE_EXTRA_CA_CERTS`), or null with a bring-your-own certificate. */
  caCertPath: string | null;
  /** The management API's admin credential file. */
  adminKeyPath: string;
  pid: number;
  version: string;
  startedAt: string;
}

export async function writeConnectionInfo(dataDir: string, info: ConnectionInfo): Promise<string> {
  const path = join(dataDir, CONNECTION_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(info, null, 2) + '\n', { mode: 0o644, flush: true });
  await rename(tmp, path);
  return path;
}

export async function readConnectionInfo(dataDir: string): Promise<ConnectionInfo> {
  const path = join(dataDir, CONNECTION_FILE);
  const text = await readFile(path, 'utf8');
  return JSON.parse(text) as ConnectionInfo;
}
