// Authentication and authorisation of the management API.
//
// Two kinds of caller:
// - the local administrator: `Authorization: Bearer <admin key>` (the key in `<data>/admin.key`,
//   0600, read by the CLI) — allowed everything;
// - an app registration with a Vigil access token for `https://management.azure.com` (as ARM SDKs
//   obtain), allowed what its role assignments give it at the target scope: Reader reads,
//   Contributor also writes, Owner also manages role assignments. Application (Graph) routes are
//   for the administrator only.
import type { FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { readBearer } from '../identity/identity-service.js';
import { AUDIENCES } from '../identity/audiences.js';
import { adminKeyMatches } from '../admin-key.js';

export type Caller = { kind: 'admin' } | { kind: 'principal'; oid: string; appid: string };

export type AuthFailure = { reason: 'missing' | 'invalid'; detail: string };

export async function authenticate(req: FastifyRequest, ctx: SurfaceContext, adminKey: string): Promise<Caller | AuthFailure> {
  const bearer = readBearer(req.headers.authorization);
  if (!bearer.ok) {
    return bearer.reason === 'missing'
      ? { reason: 'missing', detail: "The 'Authorization' header is missing." }
      : { reason: 'invalid', detail: "The 'Authorization' header must use the Bearer scheme." };
  }
  if (adminKeyMatches(bearer.token, adminKey)) return { kind: 'admin' };
  if (!bearer.token.includes('.')) return { reason: 'invalid', detail: 'The token is neither the admin key nor a JWT.' };
  const v = await ctx.identity.verifyAccessToken(bearer.token, AUDIENCES.management);
  if (!v.ok) return { reason: 'invalid', detail: v.message };
  return { kind: 'principal', oid: v.oid, appid: v.appid };
}

export type Access = 'read' | 'write' | 'assignRoles';

const ROLES_FOR: Record<Access, readonly string[]> = {
  read: ['Reader', 'Contributor', 'Owner'],
  write: ['Contributor', 'Owner'],
  assignRoles: ['Owner'],
};

export function allowed(caller: Caller, ctx: SurfaceContext, scope: string, access: Access): boolean {
  if (caller.kind === 'admin') return true;
  return ROLES_FOR[access].some((role) => ctx.workspace.hasRole(caller.oid, role, scope));
}

export function isAuthFailure(v: Caller | AuthFailure): v is AuthFailure {
  return 'reason' in v;
}
