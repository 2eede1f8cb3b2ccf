// Application registrations in the shape of Microsoft Graph (`/v1.0/applications`), the API real
// tooling uses to create an app and its client secret:
//
//   POST   /v1.0/applications                      {displayName}                 → 201 application
//   GET    /v1.0/applications[?$filter=appId eq '…' | displayName eq '…']       → {value}
//   GET    /v1.0/applications/{id}                 (object id or appId; also /applications(appId='…'))
//   DELETE /v1.0/applications/{id}                                               → 204
//   POST   /v1.0/applications/{id}/addPassword     {passwordCredential:{displayName,endDateTime}} → 200 with secretText (shown once)
//   POST   /v1.0/applications/{id}/removePassword  {keyId}                       → 204
//   GET    /v1.0/servicePrincipals[?$filter=appId eq '…']                        → {value}
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { graphError } from '../errors/graph.js';
import { prop } from '../../workspace/validation/read.js';
import type { AppRegistration } from '../../workspace/model.js';
import { renderApp, renderServicePrincipal } from './render.js';

type IdParams = { Params: { id: string } };

export function registerGraphRoutes(app: FastifyInstance, ctx: SurfaceContext): void {
  const ws = ctx.workspace;
  const send = (reply: FastifyReply, status: number, body: unknown): FastifyReply => reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  const find = (raw: string): AppRegistration => {
    const m = /^\(appId='([^']+)'\)$/i.exec(raw) ?? /^applications\(appId='([^']+)'\)$/i.exec(raw);
    const id = m ? m[1] : raw;
    const a = ws.getApp(id);
    if (!a) throw graphError('Request_ResourceNotFound', { id });
    return a;
  };
  const filter = (req: FastifyRequest): { field: 'appId' | 'displayName'; value: string } | undefined => {
    const f = (req.query as Record<string, unknown>)?.$filter;
    if (f === undefined) return undefined;
    const m = /^\s*(appId|displayName)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(String(f));
    if (!m) throw graphError('Request_UnsupportedQuery', { detail: `only $filter=appId eq '…' or displayName eq '…' is supported; got '${String(f)}'` });
    return { field: m[1].toLowerCase() === 'appid' ? 'appId' : 'displayName', value: m[2].replace(/''/g, "'") };
  };
  const matching = (req: FastifyRequest): AppRegistration[] => {
    const f = filter(req);
    return ws.listApps().filter((a) => !f || (f.field === 'appId' ? a.appId === f.value.toLowerCase() : a.displayName === f.value));
  };

  app.post('/v1.0/applications', async (req, reply) => {
    const name = prop(req.body, 'displayName');
    if (typeof name !== 'string' || name.trim().length === 0) throw graphError('Request_BadRequest', { detail: "Property 'displayName' is required." });
    return send(reply, 201, renderApp(await ws.createApp({ displayName: name })));
  });
  app.get('/v1.0/applications', async (req, reply) => send(reply, 200, { value: matching(req).map(renderApp) }));
  app.get<IdParams>('/v1.0/applications/:id', async (req, reply) => send(reply, 200, renderApp(find(req.params.id))));
  app.delete<IdParams>('/v1.0/applications/:id', async (req, reply) => {
    await ws.deleteApp(find(req.params.id).objectId);
    return reply.code(204).send();
  });
  app.post<IdParams>('/v1.0/applications/:id/addPassword', async (req, reply) => {
    const a = find(req.params.id);
    const cred = prop(req.body, 'passwordCredential');
    const displayName = prop(cred, 'displayName');
    const end = prop(cred, 'endDateTime');
    const { secretText, secret } = await ws.addSecret(a.objectId, {
      displayName: typeof displayName === 'string' ? displayName : undefined,
      endDateTime: typeof end === 'string' ? end : undefined,
    });
    return send(reply, 200, { customKeyIdentifier: null, displayName: secret.displayName ?? null, endDateTime: secret.endDateTime, hint: secret.hint, keyId: secret.keyId, secretText, startDateTime: secret.startDateTime });
  });
  app.post<IdParams>('/v1.0/applications/:id/removePassword', async (req, reply) => {
    const a = find(req.params.id);
    const keyId = prop(req.body, 'keyId');
    if (typeof keyId !== 'string' || !(await ws.removeSecret(a.objectId, keyId))) throw graphError('Request_BadRequest', { detail: `No password credential with keyId '${String(keyId)}' on application '${a.appId}'.` });
    return reply.code(204).send();
  });
  app.get('/v1.0/servicePrincipals', async (req, reply) => send(reply, 200, { value: matching(req).map(renderServicePrincipal) }));
}
