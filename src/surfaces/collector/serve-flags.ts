// The HTTP Data Collector API settings of `vigil serve`: flags win over environment variables, which
// win over the surface's defaults (options.ts). Each setting is checked here, so that a typo stops the
// server at start with a message instead of routing senders nowhere.
//
// | setting            | flag                                 | environment                 | default |
// |--------------------|--------------------------------------|-----------------------------|---------|
// | ODS host domains   | --ods-domain <domain> (×n)           | VIGIL_ODS_DOMAINS (,)       | any `{workspaceId}.ods.*` host |
// | clock skew         | --collector-clock-skew <seconds>     | VIGIL_COLLECTOR_CLOCK_SKEW  | 900 (±15 min) |
// | signature mode     | --collector-signature <strict|loose> | VIGIL_COLLECTOR_SIGNATURE   | strict  |
// | path prefixes      | --collector-prefix <path> (×n)       | VIGIL_COLLECTOR_PREFIXES (,)| none    |
// | relay              | --relay <LogType=dcr:stream> (×n)    | VIGIL_COLLECTOR_RELAY (,)   | none    |
import { ConfigError, flagOrEnv } from '../config.js';
import { logTypeProblem } from '../../pipeline/legacy/index.js';
import type { CollectorSurfaceOptions, RelayTarget, SignatureMode } from './options.js';

export interface CollectorServeFlags {
  odsDomain?: string[];
  collectorClockSkew?: string | number;
  collectorSignature?: string;
  collectorPrefix?: string[];
  relay?: string[];
}

/** The collector flags of `vigil serve` as commander options: [flags, description, repeatable]. */
export const COLLECTOR_SERVE_OPTIONS: readonly (readonly [string, string, boolean])[] = [
  ['--ods-domain <domain>', 'HTTP Data Collector API: host domain routed as {workspaceId}.ods.<domain>, e.g. opinsights.azure.com (repeatable; VIGIL_ODS_DOMAINS, comma-separated; default any domain)', true],
  ['--collector-clock-skew <seconds>', 'HTTP Data Collector API: how far x-ms-date may be from the server clock before a request counts as replayed (VIGIL_COLLECTOR_CLOCK_SKEW; default 900 = ±15 min)', false],
  ['--collector-signature <mode>', 'HTTP Data Collector API: strict (signature over the Content-Type as received, as Azure) or loose (the bare media type also passes) (VIGIL_COLLECTOR_SIGNATURE; default strict)', false],
  ['--collector-prefix <path>', 'HTTP Data Collector API: extra path prefix the API is served under, e.g. /ods (repeatable; VIGIL_COLLECTOR_PREFIXES, comma-separated)', true],
  ['--relay <LogType=dcr:stream>', 'HTTP Data Collector API relay: posts of this Log-Type go to the DCR (name or immutable id) input stream through the Logs Ingestion path, e.g. Darktrace=darktrace-dcr:Custom-DarktraceStream (repeatable; VIGIL_COLLECTOR_RELAY, comma-separated)', true],
];

export function resolveCollectorFlags(flags: CollectorServeFlags = {}, env: NodeJS.ProcessEnv = process.env): CollectorSurfaceOptions {
  const list = (flag: string[] | undefined, name: string): string[] | undefined => {
    const raw = flag && flag.length > 0 ? flag : env[name] ? env[name]!.split(',') : undefined;
    const items = raw?.map((s) => s.trim()).filter((s) => s.length > 0);
    return items && items.length > 0 ? items : undefined;
  };
  const single = (flag: string | number | undefined, name: string): string | undefined => flagOrEnv(flag, env, name);
  const out: CollectorSurfaceOptions = {};

  const domains = list(flags.odsDomain, 'VIGIL_ODS_DOMAINS');
  if (domains) {
    for (const d of domains) {
      // A host domain, not a URL or a host with the workspace part: `vigil.local`, `opinsights.azure.com`.
      if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(d) || /^ods\./i.test(d)) {
        throw new ConfigError(`ODS domain '${d}' must be a DNS domain such as opinsights.azure.com or vigil.local (senders use {workspaceId}.ods.<domain>)`);
      }
    }
    out.odsDomains = domains;
  }

  const skew = single(flags.collectorClockSkew, 'VIGIL_COLLECTOR_CLOCK_SKEW');
  if (skew !== undefined) {
    const n = Number(skew);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`collector clock skew must be a number of seconds ≥ 0; got '${skew}'`);
    out.clockSkewSeconds = n;
  }

  const mode = single(flags.collectorSignature, 'VIGIL_COLLECTOR_SIGNATURE');
  if (mode !== undefined) {
    const m = mode.toLowerCase();
    if (m !== 'strict' && m !== 'loose') throw new ConfigError(`collector signature mode must be strict or loose; got '${mode}'`);
    out.signatureMode = m as SignatureMode;
  }

  const prefixes = list(flags.collectorPrefix, 'VIGIL_COLLECTOR_PREFIXES');
  if (prefixes) {
    for (const p of prefixes) if (!p.startsWith('/')) throw new ConfigError(`collector path prefix '${p}' must start with '/'`);
    // The API stays reachable without a prefix as well.
    out.prefixes = ['', ...prefixes];
  }

  const relays = list(flags.relay, 'VIGIL_COLLECTOR_RELAY');
  if (relays) {
    const relay: Record<string, RelayTarget> = {};
    for (const r of relays) {
      const m = /^([^=]+)=([^:]+):(.+)$/.exec(r);
      if (!m) throw new ConfigError(`relay '${r}' must read LogType=dcr:stream, e.g. Darktrace=darktrace-dcr:Custom-DarktraceStream`);
      const [, logType, dcr, stream] = m.map((s) => s.trim());
      const problem = logTypeProblem(logType);
      if (problem) throw new ConfigError(`relay '${r}': the Log-Type '${logType}' is not valid: ${problem}`);
      if (Object.keys(relay).some((k) => k.toLowerCase() === logType.toLowerCase())) throw new ConfigError(`relay: the Log-Type '${logType}' is relayed twice`);
      relay[logType] = { dcr, stream };
    }
    out.relay = relay;
  }
  return out;
}
