// Who may query. A caller presents `Authorization: Bearer <token>`:
// - a Vigil access token for `https://api.loganalytics.io` (or its `.azure.com` twin), as
//   `LogsQueryClient` obtains; its app must hold a role that reads the workspace (Log Analytics
//   Reader or Contributor, Reader, Contributor, Owner) at the queried scope or above;
// - the local administrator key [Vigil extension], which the CLI sends: allowed everything.
import type { FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { readBearer } from '../identity/identity-service.js';
import { AUDIENCES } from '../identity/audiences.js';
import { adminKeyMatches } from '../admin-key.js';
import { logAnalyticsError } from '../errors/log-analytics.js';

export type QueryCaller = { kind: 'admin' } | { kind: 'principal'; oid: string; appid: string };

/** Roles whose holders may read a workspace's data (Azure's built-in roles with query/read). */
export const QUERY_ROLES = ['Log Analytics Reader', 'Log Analytics Contributor', 'Reader', 'Contributor', 'Owner'] as const;

/** The second audience Azure issues Log Analytics tokens for. */
const LOG_ANALYTICS_AZURE_COM = 'https://api.loganalytics.azure.com';

export async function authenticate(req: FastifyRequest, ctx: SurfaceContext, adminKey: string | undefined): Promise<QueryCaller> {
  const bearer = readBearer(req.headers.authorization);
  if (!bearer.ok) throw logAnalyticsError(bearer.reason === 'missing' ? 'MissingAuthorization' : 'InvalidAuthorizationScheme');
  if (adminKey !== undefined && adminKeyMatches(bearer.token, adminKey)) return { kind: 'admin' };
  let v = await ctx.identity.verifyAccessToken(bearer.token, AUDIENCES.logAnalytics);
  if (!v.ok && v.reason === 'wrong_audience') v = await ctx.identity.verifyAccessToken(bearer.token, LOG_ANALYTICS_AZURE_COM);
  if (!v.ok) {
    if (v.reason === 'wrong_audience') throw logAnalyticsError('WrongAudience', { detail: v.message });
    throw logAnalyticsError('InvalidToken', { reason: v.reason, detail: v.message });
  }
  return { kind: 'principal', oid: v.oid, appid: v.appid };
}

/** Throws InsufficientAccessError unless the caller may read `scope` (a workspace or resource id). */
export function authorize(caller: QueryCaller, ctx: SurfaceContext, scope: string): void {
  if (caller.kind === 'admin') return;
  if (QUERY_ROLES.some((role) => ctx.workspace.hasRole(caller.oid, role, scope))) return;
  throw logAnalyticsError('InsufficientAccess');
}
