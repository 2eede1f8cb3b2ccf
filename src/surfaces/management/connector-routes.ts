// Vigil's connectors API, for the portal and the CLI — what the Data connectors page and the content
// hub do behind their buttons:
//
//   GET  /vigil/connectors[?graph=daily|hourly]             status of every connector in the gallery
//   GET  /vigil/connectors/{id}[?graph=daily|hourly]        status, with the definition's queries and instructions
//   POST /vigil/connectors/{id}/deploy     {rotateSecret?}   "Deploy push connector": the connection details
//   POST /vigil/connectors/{id}/disconnect                   removes the instance, its app and role; keeps the data
//   POST /vigil/connectors/{id}/query      {sample}          runs a sample query by description or 1-based position
//   GET  /vigil/content                                      built-in solutions with their installed state
//   POST /vigil/content/{id}/install                         installs (idempotently)
//   POST /vigil/content/{id}/uninstall     {disconnect?}     uninstalls (tables, DCRs and data stay)
//
// Reading needs Reader on the workspace; installing needs Contributor on the workspace; deploying and
// disconnecting a push connector create or remove role assignments, so they need Owner on the resource
// group (the seed's "Owner or User Access Administrator role at the resource group level").
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { armError } from '../errors/arm.js';
import { requestOrigin } from '../http.js';
import { prop } from '../../workspace/validation/read.js';
import {
  connectorStatus, deployPushConnector, disconnectPushConnector, findGalleryEntry, installContent, listConnectorStatuses, listContent,
  runSampleQuery, uninstallContent, executorKqlRunner, type Granularity, type RunKql, type StatusOptions,
} from '../../connectors/index.js';
import { allowed, type Access, type Caller } from './auth.js';

type Id = { Params: { id: string } };

export interface ConnectorRoutesOptions {
  /** How status queries run; by default through the server's query executor. */
  runKql?: RunKql;
}

export function registerConnectorRoutes(app: FastifyInstance, ctx: SurfaceContext, options: ConnectorRoutesOptions = {}): void {
  const ws = ctx.workspace;
  const runKql = options.runKql ?? executorKqlRunner(ctx.query, ctx.engine);
  const send = (reply: FastifyReply, status: number, body: unknown): FastifyReply => reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body, jsonSafe));
  const need = (req: FastifyRequest, access: Access, scope: string): void => {
    const caller = (req as FastifyRequest & { caller: Caller }).caller;
    if (!allowed(caller, ctx, scope, access)) {
      throw armError('AuthorizationFailed', { principal: caller.kind === 'principal' ? caller.oid : 'admin', action: `${access} connectors`, scope });
    }
  };
  const statusOptions = (req: FastifyRequest, defaultGraph: Granularity | false): StatusOptions => {
    const g = String(prop(req.query, 'graph') ?? '').toLowerCase();
    const graph: Granularity | false = g === 'daily' || g === 'hourly' ? g : g === 'none' ? false : defaultGraph;
    return { runKql, counters: ctx.pipeline, graph };
  };

  app.get('/vigil/connectors', async (req, reply) => {
    need(req, 'read', ws.workspaceResourceId);
    return send(reply, 200, { value: await listConnectorStatuses(ws, statusOptions(req, false)) });
  });

  app.get<Id>('/vigil/connectors/:id', async (req, reply) => {
    need(req, 'read', ws.workspaceResourceId);
    const entry = findGalleryEntry(ws, req.params.id);
    if (!entry) throw armError('ConnectorNotFound', { detail: `no connector '${req.params.id}' is installed` });
    const status = await connectorStatus(ws, entry, statusOptions(req, 'daily'));
    const ui = entry.ui;
    return send(reply, 200, {
      ...status,
      definition: {
        descriptionMarkdown: ui.descriptionMarkdown,
        graphQueries: ui.graphQueries,
        dataTypes: ui.dataTypes,
        sampleQueries: ui.sampleQueries,
        connectivityCriteria: ui.criteria,
        instructions: ui.instructions,
      },
    });
  });

  app.post<Id>('/vigil/connectors/:id/deploy', async (req, reply) => {
    need(req, 'assignRoles', ws.resourceGroupScope);
    const rotate = prop(req.body, 'rotateSecret') === true;
    const r = await deployPushConnector(ws, req.params.id, { endpoint: requestOrigin(req, ctx.origin()), rotateSecret: rotate });
    return send(reply, 200, r);
  });

  app.post<Id>('/vigil/connectors/:id/disconnect', async (req, reply) => {
    need(req, 'assignRoles', ws.resourceGroupScope);
    return send(reply, 200, await disconnectPushConnector(ws, req.params.id));
  });

  app.post<Id>('/vigil/connectors/:id/query', async (req, reply) => {
    need(req, 'read', ws.workspaceResourceId);
    const sample = prop(req.body, 'sample');
    if (typeof sample !== 'string' && typeof sample !== 'number') throw armError('InvalidRequestContent', { detail: "the body must be {\"sample\": \"<description or position>\"}" });
    const r = await runSampleQuery(ws, req.params.id, String(sample), runKql);
    if ('error' in r) throw armError(findGalleryEntry(ws, req.params.id) ? 'InvalidRequestContent' : 'ConnectorNotFound', { detail: r.error });
    return send(reply, 200, r);
  });

  app.get('/vigil/content', async (req, reply) => {
    need(req, 'read', ws.workspaceResourceId);
    return send(reply, 200, { value: listContent(ws) });
  });

  app.post<Id>('/vigil/content/:id/install', async (req, reply) => {
    need(req, 'write', ws.workspaceResourceId);
    return send(reply, 200, await installContent(ws, req.params.id));
  });

  app.post<Id>('/vigil/content/:id/uninstall', async (req, reply) => {
    const disconnect = prop(req.body, 'disconnect') === true;
    need(req, disconnect ? 'assignRoles' : 'write', disconnect ? ws.resourceGroupScope : ws.workspaceResourceId);
    return send(reply, 200, await uninstallContent(ws, req.params.id, { disconnect }));
  });
}

/** Query results carry bigint (`long` columns); JSON has no bigint, so they are written as numbers when exact, else strings. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}
