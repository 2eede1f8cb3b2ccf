// The ARM-shaped management routes, served under `/subscriptions/…` of this deployment:
//
//   …/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces[/{ws}]            GET
//   …/workspaces/{ws}/sharedKeys                                                                POST
//   …/workspaces/{ws}/regenerateSharedKey   (body or query keyType: primary|secondary|both)      POST
//   …/workspaces/{ws}/tables[/{name}]                                                          GET PUT DELETE
//   …[/resourceGroups/{rg}]/providers/Microsoft.Insights/dataCollectionRules[/{name}]          GET PUT DELETE
//   …[/resourceGroups/{rg}]/providers/Microsoft.Insights/dataCollectionEndpoints[/{name}]      GET PUT DELETE
//   {scope}/providers/Microsoft.Authorization/roleAssignments[/{guid}]                          GET PUT DELETE
//   /subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions                      GET
//   …/workspaces/{ws}/providers/Microsoft.SecurityInsights/{type}[/{name}], …/Microsoft.Resources/deployments[/{name}]: content-routes.ts
//
// Bodies are the ARM resource JSON (the same as a solution's table/DCR files). PUT answers 201 when
// it created the resource and 200 when it replaced it; DELETE answers 200, or 204 when there was nothing.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { armError } from '../errors/arm.js';
import { requestOrigin } from '../http.js';
import { isObject, prop } from '../../workspace/validation/read.js';
import { normaliseScope } from '../../workspace/resource-ids.js';
import { parseArmPath, typePattern } from './arm-path.js';
import { handleDeployments, handleSecurityInsights } from './content-routes.js';
import { allowed, type Access, type Caller } from './auth.js';
import {
  renderDce, renderDcr, renderRoleAssignment, renderRoleDefinitions, renderTable, renderWorkspace,
} from './render.js';

const SERVED = 'Microsoft.OperationalInsights/workspaces(/tables), Microsoft.Insights/dataCollectionRules, Microsoft.Insights/dataCollectionEndpoints, Microsoft.Authorization/roleAssignments, Microsoft.SecurityInsights/*, Microsoft.Resources/deployments';

export async function handleArm(req: FastifyRequest, reply: FastifyReply, ctx: SurfaceContext, caller: Caller): Promise<unknown> {
  const ws = ctx.workspace;
  const path = req.url.split('?')[0];
  const method = req.method.toUpperCase();
  const origin = requestOrigin(req, ctx.origin());
  const query = (req.query ?? {}) as Record<string, unknown>;
  if (typeof query['api-version'] !== 'string' || query['api-version'].length === 0) throw armError('MissingApiVersionParameter');

  const p = parseArmPath(path);
  if (!p) throw armError('PathNotFound', { path });
  const w = ws.workspace;
  if (p.subscriptionId.toLowerCase() !== w.subscriptionId.toLowerCase()) throw armError('SubscriptionNotFound', { subscription: p.subscriptionId });
  if (p.resourceGroup !== undefined && p.resourceGroup.toLowerCase() !== w.resourceGroup.toLowerCase()) throw armError('ResourceGroupNotFound', { resourceGroup: p.resourceGroup });

  const ns = p.namespace?.toLowerCase();
  const pattern = typePattern(p);
  const need = (access: Access, scope: string): void => {
    if (!allowed(caller, ctx, scope, access)) {
      throw armError('AuthorizationFailed', { principal: caller.kind === 'principal' ? caller.oid : 'admin', action: `${access} ${p.namespace ?? ''}`, scope });
    }
  };
  const send = (status: number, body: unknown): FastifyReply => reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  const notAllowed = (): never => {
    throw armError('MethodNotAllowed', { method, path });
  };

  // Tables, DCRs and DCEs share one shape: list, and GET/PUT/DELETE of one by name.
  const collections = {
    table: {
      type: 'Microsoft.OperationalInsights/workspaces/tables', label: (n: string) => `${w.name}/${n}`, scope: (n: string) => ws.tableResourceId(n),
      list: () => ws.listTables().map((t) => renderTable(ws, t)),
      get: (n: string) => { const t = ws.getTable(n); return t && renderTable(ws, t); },
      put: async (n: string, body: unknown) => { const r = await ws.putTable(n, requireObject(body)); return { body: renderTable(ws, r.table), created: r.created }; },
      delete: (n: string) => ws.deleteTable(n),
    },
    dcr: {
      type: 'Microsoft.Insights/dataCollectionRules', label: (n: string) => n, scope: (n: string) => ws.dcrResourceId(n),
      list: () => ws.listDcrs().map((d) => renderDcr(ws, d, origin)),
      get: (n: string) => { const d = ws.getDcr(n); return d && renderDcr(ws, d, origin); },
      put: async (n: string, body: unknown) => { const r = await ws.putDcr(n, requireObject(body)); return { body: renderDcr(ws, r.dcr, origin), created: r.created }; },
      delete: (n: string) => ws.deleteDcr(n),
    },
    dce: {
      type: 'Microsoft.Insights/dataCollectionEndpoints', label: (n: string) => n, scope: (n: string) => ws.dceResourceId(n),
      list: () => ws.listDces().map((d) => renderDce(ws, d, origin)),
      get: (n: string) => { const d = ws.getDce(n); return d && renderDce(ws, d, origin); },
      put: async (n: string, body: unknown) => { const r = await ws.putDce(n, body ?? {}); return { body: renderDce(ws, r.dce, origin), created: r.created }; },
      delete: (n: string) => ws.deleteDce(n),
    },
  };
  const serveCollection = async (c: (typeof collections)[keyof typeof collections], name: string | undefined, listScope: string): Promise<unknown> => {
    if (name === undefined) {
      if (method !== 'GET') notAllowed();
      need('read', listScope);
      return send(200, { value: c.list() });
    }
    const scope = c.scope(name);
    if (method === 'GET') {
      need('read', scope);
      const found = c.get(name);
      if (!found) throw armError('ResourceNotFound', { type: c.type, name: c.label(name), resourceGroup: w.resourceGroup });
      return send(200, found);
    }
    if (method === 'PUT') {
      need('write', scope);
      const r = await c.put(name, req.body);
      return send(r.created ? 201 : 200, r.body);
    }
    if (method === 'DELETE') {
      need('write', scope);
      return (await c.delete(name)) ? reply.code(200).send() : reply.code(204).send();
    }
    return notAllowed();
  };

  // Subscription and resource group themselves.
  if (!ns) {
    if (method !== 'GET') notAllowed();
    need('read', p.scope);
    if (p.resourceGroup === undefined) return send(200, { id: ws.subscriptionScope, subscriptionId: w.subscriptionId, tenantId: ws.tenant.id, displayName: 'Vigil', state: 'Enabled' });
    return send(200, { id: ws.resourceGroupScope, name: w.resourceGroup, type: 'Microsoft.Resources/resourceGroups', location: w.location, properties: { provisioningState: 'Succeeded' } });
  }

  // Role assignments and definitions: extension resources on any scope of this deployment.
  if (ns === 'microsoft.authorization') {
    if (pattern === 'roledefinitions' && method === 'GET') {
      need('read', p.scope);
      return send(200, renderRoleDefinitions(ws));
    }
    if (pattern === 'roleassignments') {
      if (method !== 'GET') notAllowed();
      need('read', p.scope);
      const principal = /principalId\s+eq\s+'([^']+)'/i.exec(String(query.$filter ?? ''))?.[1];
      const list = ws.listRoleAssignments({ scope: p.scope, principalId: principal });
      return send(200, { value: list.map((a) => renderRoleAssignment(ws, a)) });
    }
    if (pattern === 'roleassignments/*') {
      const name = p.types[0][1]!;
      if (method === 'GET') {
        need('read', p.scope);
        const a = ws.getRoleAssignment(name);
        if (!a || normaliseScope(a.scope) !== normaliseScope(p.scope)) throw armError('ResourceNotFound', { type: 'Microsoft.Authorization/roleAssignments', name, resourceGroup: w.resourceGroup });
        return send(200, renderRoleAssignment(ws, a));
      }
      if (method === 'PUT') {
        need('assignRoles', p.scope);
        const body = requireObject(req.body);
        const props = prop(body, 'properties');
        const role = prop(props, 'roleDefinitionId') ?? prop(props, 'roleDefinitionName');
        const principalId = prop(props, 'principalId');
        const existed = ws.getRoleAssignment(name) !== undefined;
        const a = await ws.assignRole({ name, scope: p.scope, role: typeof role === 'string' ? role : '', principalId: typeof principalId === 'string' ? principalId : '' });
        return send(existed ? 200 : 201, renderRoleAssignment(ws, a));
      }
      if (method === 'DELETE') {
        need('assignRoles', p.scope);
        const a = ws.getRoleAssignment(name);
        if (!a || normaliseScope(a.scope) !== normaliseScope(p.scope)) return reply.code(204).send();
        await ws.deleteRoleAssignment(name);
        return send(200, renderRoleAssignment(ws, a));
      }
      notAllowed();
    }
    throw armError('InvalidResourceType', { type: `${p.namespace}/${pattern}`, namespace: p.namespace ?? '', supported: SERVED });
  }

  // Sentinel content in the workspace, and template deployments in the resource group (content-routes.ts).
  if (ns === 'microsoft.securityinsights') return handleSecurityInsights(req, reply, ctx, caller, p);
  if (ns === 'microsoft.resources') return handleDeployments(req, reply, ctx, caller, p);

  const subscriptionLevelList = (ns === 'microsoft.insights' && (pattern === 'datacollectionrules' || pattern === 'datacollectionendpoints'))
    || (ns === 'microsoft.operationalinsights' && pattern === 'workspaces');
  if (p.resourceGroup === undefined && !subscriptionLevelList) {
    throw armError('PathNotFound', { path });
  }

  if (ns === 'microsoft.operationalinsights') {
    if (pattern === 'workspaces') {
      if (method !== 'GET') notAllowed();
      need('read', p.scope);
      return send(200, { value: [renderWorkspace(ws)] });
    }
    const wsName = p.types[0]?.[1];
    if (p.types[0]?.[0].toLowerCase() !== 'workspaces' || wsName === undefined) throw armError('InvalidResourceType', { type: `${p.namespace}/${pattern}`, namespace: p.namespace ?? '', supported: SERVED });
    if (wsName.toLowerCase() !== w.name.toLowerCase() && wsName.toLowerCase() !== w.id.toLowerCase()) {
      throw armError('ResourceNotFound', { type: 'Microsoft.OperationalInsights/workspaces', name: wsName, resourceGroup: w.resourceGroup });
    }
    const wsScope = ws.workspaceResourceId;
    switch (pattern) {
      case 'workspaces/*':
        if (method !== 'GET') notAllowed();
        need('read', wsScope);
        return send(200, renderWorkspace(ws));
      case 'workspaces/*/sharedkeys':
        if (method !== 'POST') notAllowed();
        need('write', wsScope);
        return send(200, ws.sharedKeys());
      case 'workspaces/*/regeneratesharedkey': {
        if (method !== 'POST') notAllowed();
        need('write', wsScope);
        const raw = prop(req.body, 'keyType') ?? query.keyType ?? 'both';
        const which = String(raw).toLowerCase();
        if (which !== 'primary' && which !== 'secondary' && which !== 'both') {
          throw armError('InvalidPayload', { resource: 'The request', detail: `keyType must be primary, secondary or both; got '${String(raw)}'` }, [{ code: 'InvalidKeyType', message: `keyType must be primary, secondary or both`, target: 'keyType' }]);
        }
        return send(200, await ws.regenerateSharedKey(which));
      }
      case 'workspaces/*/tables':
        return serveCollection(collections.table, undefined, wsScope);
      case 'workspaces/*/tables/*':
        return serveCollection(collections.table, p.types[1][1]!, wsScope);
      default:
        throw armError('InvalidResourceType', { type: `${p.namespace}/${pattern}`, namespace: p.namespace ?? '', supported: SERVED });
    }
  }

  if (ns === 'microsoft.insights') {
    const kind = pattern.replace(/\/\*$/, '');
    const coll = kind === 'datacollectionrules' ? collections.dcr : kind === 'datacollectionendpoints' ? collections.dce : undefined;
    if (coll) return serveCollection(coll, p.types[0][1], p.scope);
  }
  throw armError('InvalidResourceType', { type: `${p.namespace}/${pattern}`, namespace: p.namespace ?? '', supported: SERVED });
}

/** `GET /subscriptions`: the one subscription of this deployment. */
export function listSubscriptions(ctx: SurfaceContext): unknown {
  const w = ctx.workspace.workspace;
  return { value: [{ id: ctx.workspace.subscriptionScope, subscriptionId: w.subscriptionId, tenantId: ctx.workspace.tenant.id, displayName: 'Vigil', state: 'Enabled' }] };
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw armError('InvalidRequestContent', { detail: 'the body must be a JSON object' });
  return body;
}
