// Settings of the HTTP Data Collector surface, with Azure's documented values as defaults
// (spec/azure-wire-contracts.md §5).
import type { ClassicProfileInput } from '../../pipeline/legacy/index.js';

export type SignatureMode = 'strict' | 'loose';

export interface RelayTarget {
  /** The DCR whose stream receives the records: its name or its immutable id (looked up per request). */
  dcr: string;
  /** The DCR input stream, e.g. `Custom-MyStream`. */
  stream: string;
}

export interface CollectorSurfaceOptions {
  /**
   * Host domains routed by the Host header `{workspaceId}.ods.<domain>` (e.g. `opinsights.azure.com`,
   * `vigil.local`). Default: any domain — a host whose first labels are `{GUID}.ods.` names the
   * workspace. A host that does not name a workspace (e.g. `localhost:8443`) is routed to the
   * workspace the Authorization header names (Vigil serves one workspace).
   */
  odsDomains?: string[];
  /** Path prefixes the API is served under (each '' or starting with `/`). Default [''] (none). */
  prefixes?: string[];
  /** How far `x-ms-date` may be from the server clock, seconds. Default 900 (±15 min) [inf]. */
  clockSkewSeconds?: number;
  /**
   * `strict` (default, as Azure): the signature must be over the Content-Type exactly as received.
   * `loose`: a signature over the bare media type (`application/json`) is also accepted, for
   * clients that sign one content type and send another.
   */
  signatureMode?: SignatureMode;
  /** Largest body, bytes. Default 30 MiB (the documented 30 MB; Vector batches up to 30 MiB). */
  maxBodyBytes?: number;
  /** Longest string field, UTF-8 bytes; longer values are truncated. Default 32 KB. */
  maxFieldBytes?: number;
  /** Column limit of a table. Default 500. */
  maxColumns?: number;
  /** Per-table compatibility lists (system and bare-name columns), by table name. */
  profiles?: Readonly<Record<string, ClassicProfileInput>>;
  /**
   * Relay mode: Log-Types (case-insensitive) whose posts go to a DCR stream through the Logs
   * Ingestion pipeline instead of a classic table, so an appliance that only speaks the old API
   * feeds a modern table. The records go through the DCR's stream declaration and transform (which
   * must set TimeGenerated: Data Collector senders cannot send it, the name is reserved).
   */
  relay?: Readonly<Record<string, RelayTarget>>;
}

export const DATA_COLLECTOR_API_VERSION = '2016-04-01';

export interface ResolvedCollectorOptions {
  odsDomains: string[] | null;
  prefixes: string[];
  clockSkewSeconds: number;
  signatureMode: SignatureMode;
  maxBodyBytes: number;
  maxFieldBytes: number;
  maxColumns: number | undefined;
  profiles: Readonly<Record<string, ClassicProfileInput>>;
  relay: ReadonlyMap<string, RelayTarget>;
}

export function resolveCollectorOptions(o: CollectorSurfaceOptions = {}): ResolvedCollectorOptions {
  const prefixes = (o.prefixes ?? ['']).map((p) => p.replace(/\/+$/, ''));
  for (const p of prefixes) if (p !== '' && !p.startsWith('/')) throw new Error(`collector path prefix '${p}' must start with '/'`);
  if (o.clockSkewSeconds !== undefined && !(o.clockSkewSeconds >= 0)) throw new Error('clockSkewSeconds must be a number of seconds ≥ 0');
  return {
    odsDomains: o.odsDomains ? o.odsDomains.map((d) => d.toLowerCase().replace(/^\.+|\.+$/g, '')) : null,
    prefixes: [...new Set(prefixes)],
    clockSkewSeconds: o.clockSkewSeconds ?? 900,
    signatureMode: o.signatureMode ?? 'strict',
    maxBodyBytes: o.maxBodyBytes ?? 30 * 1024 * 1024,
    maxFieldBytes: o.maxFieldBytes ?? 32 * 1024,
    maxColumns: o.maxColumns,
    profiles: o.profiles ?? {},
    relay: new Map(Object.entries(o.relay ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
}
