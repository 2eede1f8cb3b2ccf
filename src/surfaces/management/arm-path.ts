// Parsing of ARM request paths. ARM matches segment names case-insensitively and resource names as
// given; a path is a scope followed by `providers/{namespace}/{type}/{name}/…` pairs.

export interface ArmPath {
  subscriptionId: string;
  resourceGroup?: string;
  /** `Microsoft.OperationalInsights`, `Microsoft.Insights`, `Microsoft.Authorization`, … as sent. */
  namespace?: string;
  /** `[type, name?]` pairs after the namespace, e.g. `[['workspaces','ws'], ['tables','T_CL']]`. */
  types: [string, string | undefined][];
  /** For extension resources (role assignments): the scope they are attached to. */
  scope: string;
}

/** Parses `/subscriptions/…` (already slash-collapsed, query removed); undefined when malformed. */
export function parseArmPath(path: string): ArmPath | undefined {
  const segs = path.split('/').filter((s) => s.length > 0).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  if (segs.length < 2 || segs[0].toLowerCase() !== 'subscriptions') return undefined;
  const out: ArmPath = { subscriptionId: segs[1], types: [], scope: `/subscriptions/${segs[1]}` };
  let i = 2;
  if (segs[i]?.toLowerCase() === 'resourcegroups') {
    if (segs[i + 1] === undefined) return undefined;
    out.resourceGroup = segs[i + 1];
    out.scope += `/resourceGroups/${segs[i + 1]}`;
    i += 2;
  }
  // The last `providers` segment starts the resource itself; anything before it is the scope
  // (role assignments sit on top of another resource's id).
  let p = -1;
  for (let j = i; j < segs.length; j++) if (segs[j].toLowerCase() === 'providers') p = j;
  if (p < 0) return i === segs.length ? out : undefined;
  out.scope = '/' + segs.slice(0, p).join('/');
  out.scope = out.scope.replace(/^\/subscriptions\/[^/]+\/resourcegroups\//i, (m) => m.replace(/resourcegroups/i, 'resourceGroups'));
  out.namespace = segs[p + 1];
  if (!out.namespace) return undefined;
  for (let j = p + 2; j < segs.length; j += 2) out.types.push([segs[j], segs[j + 1]]);
  return out;
}

/** `types` as a lowercase pattern with each name replaced by `*`, e.g. `workspaces/*` then `tables/*`. */
export function typePattern(p: ArmPath): string {
  return p.types.map(([t, n]) => (n === undefined ? t.toLowerCase() : `${t.toLowerCase()}/*`)).join('/');
}
