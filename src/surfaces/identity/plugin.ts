// The Entra-compatible authority: OIDC discovery, JWKS and the token endpoint for the
// client-credentials grant (spec/azure-wire-contracts.md §3). Every response, errors included, is
// JSON in Entra's shape — MSAL runs JSON.parse on every body.
//
// Routes (the tenant segment is the tenant id, one of its domains, or `adfs`):
//   GET  /{t}/v2.0/.well-known/openid-configuration   GET /{t}/.well-known/openid-configuration
//   GET  /{t}/discovery/v2.0/keys                     GET /{t}/discovery/keys
//   POST /{t}/oauth2/v2.0/token                       POST /{t}/oauth2/token  (v1 `resource=`, and AD FS)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { entraError, type EntraErrorContext } from '../errors/entra.js';
import { isWireError, sendWireError, WireError } from '../errors/wire-error.js';
import type { SurfaceContext } from '../context.js';
import { clientRequestId, requestOrigin } from '../http.js';
import { GUID } from '../../workspace/ids.js';
import { openIdConfiguration } from './discovery.js';
import { audienceForResource, audienceForScope } from './audiences.js';

type TenantParams = { Params: { tenant: string } };
type Form = Record<string, string | string[] | undefined>;

export async function identityPlugin(app: FastifyInstance, ctx: SurfaceContext): Promise<void> {
  await app.register(formbody);

  const errCtx = (req: FastifyRequest): EntraErrorContext => ({ correlationId: clientRequestId(req), origin: requestOrigin(req, ctx.origin()) });

  // Body parsing and other framework errors inside this surface answer in Entra's shape too.
  app.setErrorHandler((err, req, reply) => {
    if (isWireError(err)) return sendWireError(reply, err);
    req.log.warn({ err }, 'identity request failed');
    const e = (err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500
      ? entraError('MalformedRequest', { detail: err instanceof Error ? err.message : String(err) }, errCtx(req))
      : new WireError(500, 'InternalError', 'internal error', { error: 'server_error', error_description: 'Vigil could not complete the request.' });
    return sendWireError(reply, e);
  });

  /** The tenant id for a path segment, or throws Entra's tenant errors. */
  function resolveTenant(segment: string, req: FastifyRequest): string {
    const s = segment.toLowerCase();
    if (s === 'adfs' || ctx.workspace.isTenant(s)) return ctx.workspace.tenant.id;
    if (GUID.test(s) || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(s)) {
      throw entraError('TenantNotFound', { tenant: segment }, errCtx(req));
    }
    throw entraError('MalformedTenant', { tenant: segment }, errCtx(req));
  }

  const discovery = (form: 'v2' | 'v1') => async (req: FastifyRequest<TenantParams>, reply: FastifyReply) => {
    const seg = req.params.tenant;
    const tid = resolveTenant(seg, req);
    const adfs = seg.toLowerCase() === 'adfs';
    return json(reply, 200, openIdConfiguration(requestOrigin(req, ctx.origin()), adfs ? 'adfs' : tid, adfs ? 'adfs' : form));
  };
  app.get('/:tenant/v2.0/.well-known/openid-configuration', discovery('v2'));
  app.get('/:tenant/.well-known/openid-configuration', discovery('v1'));

  const keys = async (req: FastifyRequest<TenantParams>, reply: FastifyReply) => {
    resolveTenant(req.params.tenant, req);
    return json(reply, 200, ctx.identity.jwks());
  };
  app.get('/:tenant/discovery/v2.0/keys', keys);
  app.get('/:tenant/discovery/keys', keys);

  const token = (endpoint: 'v2' | 'v1') => async (req: FastifyRequest<TenantParams>, reply: FastifyReply) => {
    const ec = errCtx(req);
    resolveTenant(req.params.tenant, req);
    const form: Form = isForm(req) && req.body && typeof req.body === 'object' ? (req.body as Form) : {};
    const field = (k: string): string | undefined => {
      const v = form[k];
      return typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
    };

    const grant = field('grant_type');
    if (!grant) throw entraError('MissingParameter', { parameter: 'grant_type' }, ec);
    if (grant !== 'client_credentials') throw entraError('UnsupportedGrantType', { grantType: grant }, ec);

    // Client authentication: form fields, or HTTP Basic (RFC 6749 §2.3.1).
    const basic = readBasic(req.headers.authorization);
    const clientId = field('client_id') ?? basic?.id;
    const secret = field('client_secret') ?? basic?.secret;
    if (!clientId) throw entraError('MissingParameter', { parameter: 'client_id' }, ec);
    const check = ctx.workspace.verifyClientSecret(clientId, secret ?? '');
    if (!check.ok) {
      switch (check.reason) {
        case 'unknown_app': throw entraError('UnknownApplication', { clientId, tenant: ctx.workspace.tenant.id }, ec);
        case 'no_secret': throw entraError('MissingClientCredential', {}, ec);
        case 'expired_secret': throw entraError('ExpiredClientSecret', { clientId }, ec);
        case 'invalid_secret': throw entraError('InvalidClientSecret', { clientId }, ec);
      }
    }

    // v2 asks with `scope`; the v1 endpoint with `resource` (MSAL's AD FS form posts `scope` there).
    const scope = field('scope');
    const resource = field('resource');
    let audience: string | undefined;
    let v1Response = false;
    if (endpoint === 'v1' && !scope && resource) {
      audience = audienceForResource(resource);
      if (!audience) throw entraError('ResourceNotFound', { resource, tenant: ctx.workspace.tenant.id }, ec);
      v1Response = true;
    } else {
      if (!scope) throw entraError('InvalidScope', { scope: "''" }, ec);
      audience = audienceForScope(scope);
      if (!audience) throw entraError('InvalidScope', { scope }, ec);
    }

    const issued = await ctx.identity.issueToken(check.app, audience, { cp1: requestsCp1(field('claims')) });
    req.log.info({ appId: check.app.appId, aud: audience }, 'token issued');
    reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');
    const rid = clientRequestId(req);
    if (rid) reply.header('client-request-id', rid);
    if (v1Response) {
      return json(reply, 200, {
        token_type: 'Bearer', expires_in: String(issued.expiresIn), ext_expires_in: String(issued.expiresIn),
        expires_on: String(issued.expiresOn), not_before: String(issued.notBefore), resource, access_token: issued.accessToken,
      });
    }
    return json(reply, 200, { token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.accessToken });
  };
  app.post('/:tenant/oauth2/v2.0/token', token('v2'));
  app.post('/:tenant/oauth2/token', token('v1'));

  const postOnly = async (req: FastifyRequest) => {
    throw entraError('MethodNotAllowed', { allowed: 'POST', method: req.method }, errCtx(req));
  };
  app.get('/:tenant/oauth2/v2.0/token', postOnly);
  app.get('/:tenant/oauth2/token', postOnly);
}

function json(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function isForm(req: FastifyRequest): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '');
}

function readBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const m = header ? /^\s*basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)) };
}

/** True when the `claims` parameter asks for the CAE capability (`xms_cc` with `cp1`). */
function requestsCp1(claims: string | undefined): boolean {
  if (!claims) return false;
  try {
    const parsed = JSON.parse(claims) as { access_token?: { xms_cc?: { values?: unknown } } };
    const values = parsed.access_token?.xms_cc?.values;
    return Array.isArray(values) && values.some((v) => typeof v === 'string' && v.toLowerCase() === 'cp1');
  } catch {
    return false;
  }
}
