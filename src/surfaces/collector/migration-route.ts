// The migration API behind `vigil legacy migrate`: generates, from a classic table as it stands
// (its columns, and where the collector recorded each column came from), the CCF Push solution
// folder that moves its senders to the Logs Ingestion API (src/solutions/migrate).
//
//   POST /vigil/legacy/tables/{table}/migration   body (optional): { solutionName?, publisher?,
//        streamName?, timeGeneratedField? }  →  200 { solutionName, table, streamName, connectorId,
//        transformKql, fields, files: [{ path, content }] }
//
// Administrator only (the management API's admin key): the answer describes the workspace's schema.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { armError } from '../errors/arm.js';
import { isWireError, sendWireError } from '../errors/wire-error.js';
import { authenticate, isAuthFailure } from '../management/auth.js';
import { describeLegacyTable, profileFor, type LegacyIngest, type ClassicProfileInput } from '../../pipeline/legacy/index.js';
import { buildMigration, type MigrationOptions } from '../../solutions/migrate/index.js';

export const MIGRATION_PATH = '/vigil/legacy/tables/:table/migration';

export function registerMigrationRoute(app: FastifyInstance, ctx: SurfaceContext, adminKey: string, legacy: LegacyIngest, profiles: Readonly<Record<string, ClassicProfileInput>> = {}): void {
  app.register(async (scope) => {
    // Errors of this route are management-API errors, not Data Collector ones.
    scope.setErrorHandler((err, _req, reply) => sendWireError(reply, isWireError(err) ? err : armError('InvalidRequestContent', { detail: (err as Error).message })));
    scope.addHook('onRequest', async (req) => {
      const caller = await authenticate(req, ctx, adminKey);
      if (isAuthFailure(caller)) throw caller.reason === 'missing' ? armError('AuthenticationFailed') : armError('InvalidAuthenticationToken', { detail: caller.detail });
      if (caller.kind !== 'admin') throw armError('AuthorizationFailed', { principal: caller.appid, action: 'vigil/legacy/migrate', scope: ctx.workspace.workspaceResourceId });
    });
    scope.post(MIGRATION_PATH, async (req: FastifyRequest, reply) => {
      const name = (req.params as { table: string }).table;
      const def = ctx.workspace.getTable(name);
      if (!def || def.kind !== 'custom') throw armError('ResourceNotFound', { type: 'Microsoft.OperationalInsights/workspaces/tables', name, resourceGroup: ctx.workspace.workspace.resourceGroup });
      const options = readOptions(req.body);
      const description = describeLegacyTable(def, profileFor(def.name, profiles), await legacy.tableSources(def.name));
      let skeleton;
      try {
        skeleton = buildMigration(description, options);
      } catch (e) {
        throw armError('InvalidPayload', { resource: 'The migration request', detail: (e as Error).message });
      }
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(skeleton));
    });
  });
}

function readOptions(body: unknown): MigrationOptions {
  const o: MigrationOptions = {};
  let parsed: unknown = body;
  if (Buffer.isBuffer(body)) {
    const text = body.toString('utf8').trim();
    if (text.length === 0) return o;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw armError('InvalidRequestContent', { detail: (e as Error).message });
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return o;
  const b = parsed as Record<string, unknown>;
  for (const k of ['solutionName', 'publisher', 'streamName', 'timeGeneratedField'] as const) {
    if (typeof b[k] === 'string' && (b[k] as string).length > 0) o[k] = b[k] as string;
  }
  return o;
}
