// The transform dry run through the management API — `vigil transform test` against this server's
// workspace: the same report, computed by the same code (src/pipeline/dryrun), writing nothing.
//
//   POST /vigil/transforms/test
//   { "dcr": "<name or immutable id of a stored DCR>" | { …DCR resource, as PUT would take it… },
//     "stream"?: "Custom-X", "records": [ … ], "tables"?: [ { …table resource… } ], "now"?: "<ISO>" }
//   → 200 DryRunReport ({ dcr, ok, now, problems, streams }); `ok: false` when any record or the
//     DCR has an error. A DCR given as a body is checked as `PUT` would check it (template values
//     bind to this workspace); `tables` add or replace destination tables for this run only.
//
// Any caller that may read the workspace may dry-run (the management authentication of the plugin).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SurfaceContext } from '../context.js';
import { armError } from '../errors/arm.js';
import { allowed, type Caller } from './auth.js';
import { dryRun, targetToPointer, type DryRunProblem } from '../../pipeline/dryrun/index.js';
import type { DataCollectionRule, TableDef } from '../../workspace/model.js';
import { checkDcr } from '../../workspace/validation/dcr.js';
import { checkTable } from '../../workspace/validation/table.js';
import { normaliseScope } from '../../workspace/resource-ids.js';

export const TRANSFORM_TEST_PATH = '/vigil/transforms/test';

interface TestBody {
  dcr: unknown;
  stream?: string;
  records: unknown[];
  tables?: unknown[];
  now?: string;
}

export function registerTransformRoutes(app: FastifyInstance, ctx: SurfaceContext): void {
  app.post(TRANSFORM_TEST_PATH, async (req: FastifyRequest, reply) => {
    const caller = (req as FastifyRequest & { caller: Caller }).caller;
    const ws = ctx.workspace;
    if (!allowed(caller, ctx, ws.workspaceResourceId, 'read')) {
      throw armError('AuthorizationFailed', { principal: caller.kind === 'principal' ? caller.appid : 'admin', action: 'vigil/transforms/test', scope: ws.workspaceResourceId });
    }
    const body = readBody(req.body);
    const problems: DryRunProblem[] = [];

    // Tables of this run: the workspace's, with those of the request on top.
    const extra = new Map<string, TableDef>();
    const stamp = new Date().toISOString();
    (body.tables ?? []).forEach((t, i) => {
      const schemaName = (t as { properties?: { schema?: { name?: unknown } } })?.properties?.schema?.name;
      const name = typeof schemaName === 'string' ? schemaName : '';
      const checked = checkTable(name, t, ws.getTable(name));
      if (!checked.ok) {
        for (const issue of checked.issues) problems.push({ severity: 'error', code: issue.code, message: issue.message, pointer: targetToPointer(issue.target, t, `/tables/${i}`) });
        return;
      }
      extra.set(name.toLowerCase(), { name, kind: 'custom', ...checked.value, createdAt: stamp, updatedAt: stamp });
    });
    const getTable = (n: string): TableDef | undefined => extra.get(n.toLowerCase()) ?? ws.getTable(n);

    let dcr: DataCollectionRule | undefined;
    let doc: unknown;
    if (typeof body.dcr === 'string') {
      dcr = ws.getDcr(body.dcr) ?? ws.getDcrByImmutableId(body.dcr);
      if (!dcr) throw armError('ResourceNotFound', { type: 'Microsoft.Insights/dataCollectionRules', name: body.dcr, resourceGroup: ws.workspace.resourceGroup });
    } else {
      doc = body.dcr;
      const rawName = (body.dcr as { name?: unknown })?.name;
      const name = typeof rawName === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(rawName) ? rawName : 'dry-run';
      const dces = ws.listDces().map((d) => ws.dceResourceId(d.name));
      const checked = checkDcr(name, body.dcr, {
        workspaceResourceId: ws.workspaceResourceId,
        workspaceId: ws.workspace.id,
        location: ws.workspace.location,
        defaultDceResourceId: ws.dceResourceId(ws.defaultDce.name),
        findDce: (id) => dces.find((d) => normaliseScope(d) === normaliseScope(id)),
        findTable: getTable,
      });
      if (!checked.ok) {
        for (const issue of checked.issues) problems.push({ severity: 'error', code: issue.code, message: issue.message, pointer: targetToPointer(issue.target, body.dcr, '/dcr') });
      } else {
        dcr = { name, immutableId: 'dcr-00000000000000000000000000000000', ...checked.value, etag: '""', createdAt: stamp, updatedAt: stamp };
      }
    }

    let now: Date | undefined;
    if (body.now !== undefined) {
      now = new Date(body.now);
      if (Number.isNaN(now.getTime())) throw armError('InvalidRequestContent', { detail: `'now' (${body.now}) is not a date-time` });
    }
    const report = dcr
      ? dryRun({
        dcr, getTable, records: body.records,
        ...(body.stream !== undefined ? { stream: body.stream } : {}),
        ...(now ? { now } : {}),
        ...(doc !== undefined ? { dcrOrigin: { doc, base: '/dcr' } } : {}),
        inputOrigin: { recordPointer: (i) => `/records/${i}` },
      })
      : { dcr: typeof (body.dcr as { name?: unknown })?.name === 'string' ? (body.dcr as { name: string }).name : 'dry-run', ok: false, now: (now ?? new Date()).toISOString(), problems: [], streams: [] };
    report.problems.unshift(...problems);
    report.ok = !report.problems.some((p) => p.severity === 'error');
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(report));
  });
}

function readBody(raw: unknown): TestBody {
  let parsed: unknown = raw;
  if (Buffer.isBuffer(raw) || typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw.toString());
    } catch (e) {
      throw armError('InvalidRequestContent', { detail: (e as Error).message });
    }
  }
  const b = parsed as Partial<TestBody> | null;
  if (typeof b !== 'object' || b === null) throw armError('InvalidRequestContent', { detail: 'the body must be a JSON object { dcr, stream?, records, tables?, now? }' });
  if (typeof b.dcr !== 'string' && (typeof b.dcr !== 'object' || b.dcr === null || Array.isArray(b.dcr))) {
    throw armError('InvalidRequestContent', { detail: "'dcr' must be the name or immutable id of a data collection rule, or a data collection rule resource" });
  }
  const records = Array.isArray(b.records) ? b.records : b.records !== undefined && typeof b.records === 'object' && b.records !== null ? [b.records] : undefined;
  if (!records) throw armError('InvalidRequestContent', { detail: "'records' must be an array of records" });
  if (b.stream !== undefined && typeof b.stream !== 'string') throw armError('InvalidRequestContent', { detail: "'stream' must be a string" });
  if (b.tables !== undefined && !Array.isArray(b.tables)) throw armError('InvalidRequestContent', { detail: "'tables' must be an array of table resources" });
  if (b.now !== undefined && typeof b.now !== 'string') throw armError('InvalidRequestContent', { detail: "'now' must be an ISO date-time string" });
  return { dcr: b.dcr, records, ...(b.stream !== undefined ? { stream: b.stream } : {}), ...(b.tables ? { tables: b.tables } : {}), ...(b.now !== undefined ? { now: b.now } : {}) };
}
