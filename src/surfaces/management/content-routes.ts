// ARM routes of Sentinel content and template deployments:
//
//   …/workspaces/{ws}/providers/Microsoft.SecurityInsights/{type}[/{name}]            GET PUT DELETE
//       type: dataConnectorDefinitions | dataConnectors | contentPackages | contentTemplates | metadata
//   …/resourceGroups/{rg}/providers/Microsoft.Resources/deployments[/{name}]           GET PUT DELETE
//   …/resourceGroups/{rg}/providers/Microsoft.Resources/deployments/{name}/validate    POST (what-if: checked, nothing written)
//
// A deployment body is ARM's: `{ properties: { mode, template, parameters: { k: { value } } } }`.
// A template that does not evaluate is refused with 400 InvalidTemplate (nothing is created); a
// resource the workspace refuses ends the deployment as `Failed` with located error details, as ARM
// reports a failed deployment. DELETE of a deployment removes its record, not its resources.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { armError } from '../errors/arm.js';
import { isObject, prop } from '../../workspace/validation/read.js';
import { normaliseScope } from '../../workspace/resource-ids.js';
import { SENTINEL_RESOURCE_TYPES, type SentinelResourceType } from '../../workspace/sentinel-model.js';
import { deployTemplate } from '../../connectors/index.js';
import type { ArmPath } from './arm-path.js';
import { allowed, type Access, type Caller } from './auth.js';
import { problemDetails, renderDeployment, renderSentinel } from './render-content.js';

type Send = (status: number, body: unknown) => FastifyReply;

function sender(reply: FastifyReply): Send {
  return (status, body) => reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function guard(ctx: SurfaceContext, caller: Caller, namespace: string): (access: Access, scope: string) => void {
  return (access, scope) => {
    if (!allowed(caller, ctx, scope, access)) {
      throw armError('AuthorizationFailed', { principal: caller.kind === 'principal' ? caller.oid : 'admin', action: `${access} ${namespace}`, scope });
    }
  };
}

/** `…/workspaces/{ws}/providers/Microsoft.SecurityInsights/…` */
export async function handleSecurityInsights(req: FastifyRequest, reply: FastifyReply, ctx: SurfaceContext, caller: Caller, p: ArmPath): Promise<unknown> {
  const ws = ctx.workspace;
  const method = req.method.toUpperCase();
  const path = req.url.split('?')[0];
  if (normaliseScope(p.scope) !== normaliseScope(ws.workspaceResourceId)) {
    const name = /\/workspaces\/([^/]+)$/i.exec(p.scope)?.[1];
    if (name !== undefined) throw armError('ResourceNotFound', { type: 'Microsoft.OperationalInsights/workspaces', name, resourceGroup: ws.workspace.resourceGroup });
    throw armError('PathNotFound', { path });
  }
  const [typeSeg, name] = p.types[0] ?? [];
  const type = SENTINEL_RESOURCE_TYPES.find((t) => t.toLowerCase() === typeSeg?.toLowerCase());
  if (!type || p.types.length !== 1) {
    throw armError('InvalidResourceType', { type: `${p.namespace}/${p.types.map((x) => x[0]).join('/')}`, namespace: p.namespace ?? '', supported: `Microsoft.SecurityInsights/${SENTINEL_RESOURCE_TYPES.join('|')}` });
  }
  const need = guard(ctx, caller, `Microsoft.SecurityInsights/${type}`);
  const send = sender(reply);
  const scope = ws.workspaceResourceId;
  if (name === undefined) {
    if (method !== 'GET') throw armError('MethodNotAllowed', { method, path });
    need('read', scope);
    return send(200, { value: ws.listSentinel(type).map((r) => renderSentinel(ws, r)) });
  }
  switch (method) {
    case 'GET': {
      need('read', scope);
      const r = ws.getSentinel(type, name);
      if (!r) throw armError('ResourceNotFound', { type: `Microsoft.SecurityInsights/${type}`, name, resourceGroup: ws.workspace.resourceGroup });
      return send(200, renderSentinel(ws, r));
    }
    case 'PUT': {
      need('write', scope);
      if (!isObject(req.body)) throw armError('InvalidRequestContent', { detail: 'the body must be a JSON object' });
      const r = await ws.putSentinel(type as SentinelResourceType, name, req.body);
      return send(r.created ? 201 : 200, renderSentinel(ws, r.resource));
    }
    case 'DELETE':
      need('write', scope);
      return (await ws.deleteSentinel(type, name)) ? reply.code(200).send() : reply.code(204).send();
    default:
      throw armError('MethodNotAllowed', { method, path });
  }
}

/** `…/resourceGroups/{rg}/providers/Microsoft.Resources/deployments…` */
export async function handleDeployments(req: FastifyRequest, reply: FastifyReply, ctx: SurfaceContext, caller: Caller, p: ArmPath): Promise<unknown> {
  const ws = ctx.workspace;
  const method = req.method.toUpperCase();
  const path = req.url.split('?')[0];
  const kind = p.types.map(([t, n]) => (n === undefined ? t.toLowerCase() : `${t.toLowerCase()}/*`)).join('/');
  if (p.resourceGroup === undefined || !(kind === 'deployments' || kind === 'deployments/*' || kind === 'deployments/*/validate')) {
    throw armError('InvalidResourceType', { type: `${p.namespace}/${kind}`, namespace: p.namespace ?? '', supported: 'Microsoft.Resources/deployments' });
  }
  const need = guard(ctx, caller, 'Microsoft.Resources/deployments');
  const send = sender(reply);
  const scope = ws.resourceGroupScope;
  const name = p.types[0][1];
  if (name === undefined) {
    if (method !== 'GET') throw armError('MethodNotAllowed', { method, path });
    need('read', scope);
    return send(200, { value: ws.listDeployments().map((d) => renderDeployment(ws, d)) });
  }
  const validateOnly = kind === 'deployments/*/validate';
  if (validateOnly && method !== 'POST') throw armError('MethodNotAllowed', { method, path });
  if (method === 'GET') {
    need('read', scope);
    const d = ws.getDeployment(name);
    if (!d) throw armError('ResourceNotFound', { type: 'Microsoft.Resources/deployments', name, resourceGroup: ws.workspace.resourceGroup });
    return send(200, renderDeployment(ws, d));
  }
  if (method === 'DELETE') {
    need('write', scope);
    return (await ws.deleteDeployment(name)) ? reply.code(200).send() : reply.code(204).send();
  }
  if (method !== 'PUT' && !validateOnly) throw armError('MethodNotAllowed', { method, path });

  need('write', scope);
  const props = prop(req.body, 'properties');
  if (!isObject(props)) throw armError('InvalidRequestContent', { detail: "the body must be a JSON object with 'properties'" });
  if (prop(props, 'templateLink') !== undefined && prop(props, 'template') === undefined) {
    throw armError('InvalidRequestContent', { detail: 'templateLink is not supported by Vigil; send the template inline in properties.template' });
  }
  const template = prop(props, 'template');
  if (!isObject(template)) throw armError('InvalidRequestContent', { detail: "properties.template must be the template object" });
  const rawParams = prop(props, 'parameters');
  const parameters: Record<string, unknown> = {};
  if (isObject(rawParams)) for (const [k, v] of Object.entries(rawParams)) parameters[k] = isObject(v) && 'value' in v ? v.value : v;
  const existed = ws.getDeployment(name) !== undefined;
  const file = typeof prop(req.query, 'file') === 'string' ? String(prop(req.query, 'file')) : 'template';
  const r = await deployTemplate(ws, { name, template, parameters, file, dryRun: validateOnly });
  if (r.record.error?.code === 'InvalidTemplate') {
    throw armError('InvalidTemplate', { detail: r.record.error.message }, problemDetails(r.record.error.details));
  }
  const body = renderDeployment(ws, r.record) as { properties: Record<string, unknown> };
  if (validateOnly) {
    // A resource the workspace would refuse fails the validation, located like a failed deployment.
    if (r.record.error) throw armError('DeploymentFailed', { detail: r.record.error.message }, problemDetails(r.record.error.details));
    body.properties.validatedResources = r.applied.map((x) => ({ id: x.id, type: x.type, name: x.name, action: x.created ? 'create' : 'update' }));
    return send(200, body);
  }
  return send(existed ? 200 : 201, body);
}
