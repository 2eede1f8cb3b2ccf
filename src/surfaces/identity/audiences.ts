// Token audiences Vigil issues for, and how the `scope` (v2) or `resource` (v1) values that real
// clients send map to them (spec/azure-wire-contracts.md §3.4): compare after removing `/.default`
// and trailing slashes, case-insensitively, so `https://monitor.azure.com//.default` (the CCF push
// guide's double slash) means the same as `https://monitor.azure.com/.default`.

export const AUDIENCES = {
  /** Logs Ingestion API (and its sovereign-cloud twins). */
  monitor: 'https://monitor.azure.com',
  /** Log Analytics query API. */
  logAnalytics: 'https://api.loganalytics.io',
  /** Azure Resource Manager: Vigil's management API. */
  management: 'https://management.azure.com',
} as const;

/** Every accepted resource identifier → the audience put in the token. */
const KNOWN: ReadonlyMap<string, string> = new Map([
  ['https://monitor.azure.com', AUDIENCES.monitor],
  ['https://monitor.azure.us', 'https://monitor.azure.us'],
  ['https://monitor.azure.cn', 'https://monitor.azure.cn'],
  ['https://api.loganalytics.io', AUDIENCES.logAnalytics],
  ['https://api.loganalytics.azure.com', 'https://api.loganalytics.azure.com'],
  ['https://api.loganalytics.us', 'https://api.loganalytics.us'],
  ['https://api.loganalytics.azure.cn', 'https://api.loganalytics.azure.cn'],
  ['https://management.azure.com', AUDIENCES.management],
  ['https://management.core.windows.net', 'https://management.core.windows.net'],
]);

/** OpenID scopes a client may add to a resource scope; they do not change the audience. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export function normaliseResource(resource: string): string {
  return resource.trim().replace(/\/+$/, '').toLowerCase();
}

/** The audience of a known resource identifier (v1 `resource=`), or undefined. */
export function audienceForResource(resource: string): string | undefined {
  return KNOWN.get(normaliseResource(resource));
}

/**
 * The audience of a v2 `scope` parameter. Client credentials need exactly one `<resource>/.default`
 * scope; OpenID scopes beside it are ignored. Undefined when the scope is missing, not `.default`,
 * names an unknown resource, or names several resources.
 */
export function audienceForScope(scope: string): string | undefined {
  const resourceScopes = scope.split(/\s+/).filter((s) => s.length > 0 && !OIDC_SCOPES.has(s.toLowerCase()));
  if (resourceScopes.length !== 1) return undefined;
  const s = resourceScopes[0];
  if (!s.toLowerCase().endsWith('/.default')) return undefined;
  return audienceForResource(s.slice(0, -'/.default'.length));
}

/** True when a token's `aud` is the expected audience, with or without a trailing slash. */
export function audienceMatches(aud: unknown, expected: string): boolean {
  const want = normaliseResource(expected);
  const auds = Array.isArray(aud) ? aud : [aud];
  return auds.some((a) => typeof a === 'string' && normaliseResource(a) === want);
}
