// The management surface: ARM-shaped resources under `/subscriptions/…` and Graph-shaped app
// registrations under `/v1.0/…`, both behind the management authentication (auth.ts). Workspace
// domain errors are translated here into each format's error table.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { armError, type ArmErrorDetail } from '../errors/arm.js';
import { graphError } from '../errors/graph.js';
import { isWireError, sendWireError, WireError } from '../errors/wire-error.js';
import { clientRequestId } from '../http.js';
import { Conflict, NotFound, ValidationFailed, type ResourceKind } from '../../workspace/errors.js';
import { authenticate, isAuthFailure } from './auth.js';
import { handleArm, listSubscriptions } from './arm-routes.js';
import { registerGraphRoutes } from './graph-routes.js';
import { registerConnectorRoutes } from './connector-routes.js';
import { isConnectorError } from '../../connectors/index.js';
import { problemDetails } from './render-content.js';
import { registerTransformRoutes } from './transform-routes.js';

export interface ManagementOptions extends SurfaceContext {
  adminKey: string;
}

const RESOURCE_LABEL: Record<ResourceKind, string> = {
  table: 'The table',
  dataCollectionRule: 'The data collection rule',
  dataCollectionEndpoint: 'The data collection endpoint',
  application: 'The application',
  roleAssignment: 'The role assignment',
  workspace: 'The workspace',
  dataConnectorDefinition: 'The data connector definition',
  dataConnector: 'The data connector',
  contentPackage: 'The content package',
  contentTemplate: 'The content template',
  metadata: 'The metadata',
  deployment: 'The deployment',
};

export async function managementPlugin(app: FastifyInstance, opts: ManagementOptions): Promise<void> {
  const ctx: SurfaceContext = opts;
  const isGraph = (req: FastifyRequest): boolean => req.url.startsWith('/v1.0/');
  // Vigil's own routes (connectors, content hub) answer errors in the ARM shape.

  app.setErrorHandler((err, req, reply) => {
    const graph = isGraph(req);
    const wire = isWireError(err) ? err : toWireError(err, graph, clientRequestId(req));
    if (wire.status >= 500) req.log.error({ err }, 'management request failed');
    return sendWireError(reply, wire);
  });

  // Authentication for every route of this plugin.
  app.addHook('onRequest', async (req) => {
    const result = await authenticate(req, ctx, opts.adminKey);
    if (isAuthFailure(result)) {
      if (isGraph(req)) throw graphError('InvalidAuthenticationToken', { detail: result.detail }, clientRequestId(req));
      throw result.reason === 'missing' ? armError('AuthenticationFailed') : armError('InvalidAuthenticationToken', { detail: result.detail });
    }
    if (isGraph(req) && result.kind !== 'admin') throw graphError('Authorization_RequestDenied', {}, clientRequestId(req));
    (req as FastifyRequest & { caller?: unknown }).caller = result;
  });

  app.route({
    method: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'],
    url: '/subscriptions/*',
    handler: async (req, reply) => handleArm(req, reply, ctx, (req as FastifyRequest & { caller: Parameters<typeof handleArm>[3] }).caller),
  });
  app.get('/subscriptions', async (_req, reply) => reply.type('application/json; charset=utf-8').send(JSON.stringify(listSubscriptions(ctx))));
  registerGraphRoutes(app, ctx);
  registerConnectorRoutes(app, ctx);
  registerTransformRoutes(app, ctx);
}

function toWireError(err: unknown, graph: boolean, requestId: string | undefined): WireError {
  if (isConnectorError(err)) return armError(err.code, { detail: err.message }, problemDetails(err.details));
  if (err instanceof ValidationFailed) {
    const first = err.issues[0];
    const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem${err.issues.length > 2 ? 's' : ''})` : '';
    const detail = `${first ? `${first.target ? first.target + ': ' : ''}${first.message}` : 'invalid'}${more}`;
    if (graph) return graphError('Request_BadRequest', { detail }, requestId);
    const details: ArmErrorDetail[] = err.issues.map((i) => ({ code: i.code, message: i.message, target: i.target }));
    return armError('InvalidPayload', { resource: RESOURCE_LABEL[err.resourceKind], detail }, details);
  }
  if (err instanceof NotFound) {
    return graph ? graphError('Request_ResourceNotFound', { id: err.resourceName }, requestId) : armError('ResourceNotFound', { type: err.resourceKind, name: err.resourceName, resourceGroup: '' });
  }
  if (err instanceof Conflict) {
    if (graph) return graphError('Request_BadRequest', { detail: err.message }, requestId);
    if (err.code === 'RoleAssignmentExists' || err.code === 'RoleAssignmentUpdateNotPermitted') return armError(err.code, { detail: err.message });
    return armError('Conflict', { detail: err.message }, [{ code: err.code, message: err.message }]);
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const detail = err instanceof Error ? err.message : String(err);
    return graph ? graphError('Request_BadRequest', { detail }, requestId) : armError('InvalidRequestContent', { detail });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return graph ? new WireError(500, 'InternalServerError', detail, { error: { code: 'InternalServerError', message: detail } }) : armError('InternalServerError', { detail });
}
