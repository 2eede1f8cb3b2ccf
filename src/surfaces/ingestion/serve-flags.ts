// The Logs Ingestion API settings of `vigil serve`: flags win over environment variables, which win
// over the surface's defaults (options.ts: Azure's documented per-DCR limits). Checked here, so that a
// typo stops the server at start with a message.
//
// | setting                 | flag                             | environment                    | default |
// |-------------------------|----------------------------------|--------------------------------|---------|
// | requests per DCR a min  | --dcr-requests-per-minute <n>    | VIGIL_DCR_REQUESTS_PER_MINUTE  | 12000 (Azure's); 0 = no limit |
// | data per DCR a minute   | --dcr-data-per-minute <size>     | VIGIL_DCR_DATA_PER_MINUTE      | 2GiB decompressed (Azure's); 0 = no limit |
//
// Azure's data limit is about 66,000 events of ~500 bytes a second per DCR; a self-hosted Vigil loads
// about twice that (bench/ingest), so one DCR fed by many senders may want it raised.
import { ConfigError, flagOrEnv } from '../config.js';
import type { IngestionSurfaceOptions } from './options.js';

export interface IngestionServeFlags {
  dcrRequestsPerMinute?: string | number;
  dcrDataPerMinute?: string | number;
}

/** The ingestion flags of `vigil serve` as commander options: [flags, description]. */
export const INGESTION_SERVE_OPTIONS: readonly (readonly [string, string])[] = [
  ['--dcr-requests-per-minute <n>', "Logs Ingestion API: requests a DCR may receive per minute before 429 (VIGIL_DCR_REQUESTS_PER_MINUTE; default 12000, Azure's; 0 = no limit)"],
  ['--dcr-data-per-minute <size>', "Logs Ingestion API: decompressed data a DCR may receive per minute before 429, e.g. 8GiB (VIGIL_DCR_DATA_PER_MINUTE; default 2GiB, Azure's; 0 = no limit)"],
];

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** A size such as `8GiB`, `500MB` or a number of bytes. */
function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit !== undefined ? Math.round(Number(m[1]) * unit) : null;
}

export function resolveIngestionFlags(flags: IngestionServeFlags = {}, env: NodeJS.ProcessEnv = process.env): IngestionSurfaceOptions {
  const single = (flag: string | number | undefined, name: string): string | undefined => flagOrEnv(flag, env, name);
  const out: IngestionSurfaceOptions = {};
  const requests = single(flags.dcrRequestsPerMinute, 'VIGIL_DCR_REQUESTS_PER_MINUTE');
  if (requests !== undefined) {
    const n = Number(requests);
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`DCR requests per minute must be an integer ≥ 0 (0: no limit); got '${requests}'`);
    out.requestsPerMinute = n;
  }
  const data = single(flags.dcrDataPerMinute, 'VIGIL_DCR_DATA_PER_MINUTE');
  if (data !== undefined) {
    const n = parseSize(data);
    if (n === null) throw new ConfigError(`DCR data per minute must be a size such as 8GiB or 500MB (0: no limit); got '${data}'`);
    out.bytesPerMinute = n;
  }
  return out;
}
