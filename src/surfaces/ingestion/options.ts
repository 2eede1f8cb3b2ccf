// Settings of the Logs Ingestion surface, with Azure's documented limits as defaults
// (spec/azure-wire-contracts.md §4.2, §7).

export interface IngestionSurfaceOptions {
  /**
   * Path prefixes the API is served under, besides none at all: an ingestion endpoint
   * `https://H/ingest/` makes clients call `/ingest/dataCollectionRules/…` (§1 routing rules).
   * Each prefix starts with `/` and has no trailing `/`. Default: [''].
   */
  prefixes?: string[];
  /** Limit on the body as sent (the wire Content-Length; compressed when gzipped). Default 1,048,576. */
  maxBodyBytes?: number;
  /** Cap on the decompressed body, to protect memory. Default 64 MiB. */
  maxDecompressedBytes?: number;
  /** Also apply `maxBodyBytes` to the decompressed body (Azure documents 1 MB "compressed and uncompressed"). Default false. */
  strictDecompressedLimit?: boolean;
  /** Per-DCR request rate limit. Default 12,000 per minute (Azure's); 0 is no limit. */
  requestsPerMinute?: number;
  /** Per-DCR data rate limit, decompressed bytes. Default 2 GiB per minute (Azure's); 0 is no limit. */
  bytesPerMinute?: number;
  /** Retry-After sent with 503 while shutting down. Default 5 seconds. */
  shutdownRetryAfterSeconds?: number;
}

export type ResolvedIngestionOptions = Required<IngestionSurfaceOptions>;

export const SUPPORTED_API_VERSIONS: readonly string[] = ['2023-01-01', '2021-11-01-preview', '2023-04-01-preview'];

export function resolveIngestionOptions(o: IngestionSurfaceOptions = {}): ResolvedIngestionOptions {
  const prefixes = (o.prefixes ?? ['']).map((p) => p.replace(/\/+$/, ''));
  for (const p of prefixes) {
    if (p !== '' && !p.startsWith('/')) throw new Error(`ingestion path prefix '${p}' must start with '/'`);
  }
  return {
    prefixes: [...new Set(prefixes)],
    maxBodyBytes: o.maxBodyBytes ?? 1_048_576,
    maxDecompressedBytes: o.maxDecompressedBytes ?? 64 * 1024 * 1024,
    strictDecompressedLimit: o.strictDecompressedLimit ?? false,
    requestsPerMinute: o.requestsPerMinute ?? 12_000,
    bytesPerMinute: o.bytesPerMinute ?? 2 * 1024 * 1024 * 1024,
    shutdownRetryAfterSeconds: o.shutdownRetryAfterSeconds ?? 5,
  };
}
