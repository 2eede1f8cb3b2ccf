// Who may ingest: a bearer token Vigil issued (signature, issuer, tenant, lifetime, audience — the
// identity service's verifier) whose app holds Monitoring Metrics Publisher on this DCR or a scope
// above it (authorisation is a role assignment, not a claim: spec/azure-wire-contracts.md §3.7).
//
// Verified tokens are cached until they expire: a sender reuses one token for an hour, and the
// signature check is the only per-request cost worth avoiding. Authorisation is checked on every
// request, so removing a role assignment or an app takes effect at once.
import type { IdentityService, AccessPrincipal } from '../identity/identity-service.js';
import { readBearer } from '../identity/identity-service.js';
import { logsIngestionError } from '../errors/logs-ingestion.js';
import type { WireError } from '../errors/wire-error.js';
import { MONITORING_METRICS_PUBLISHER } from '../../workspace/roles.js';
import type { WorkspaceService } from '../../workspace/service.js';
import type { DataCollectionRule } from '../../workspace/model.js';

/** Token audiences of the Logs Ingestion API: the public cloud's and the sovereign clouds' (§3.4). */
export const INGESTION_AUDIENCES: readonly string[] = ['https://monitor.azure.com', 'https://monitor.azure.us', 'https://monitor.azure.cn'];

const CACHE_LIMIT = 1024;

export class IngestionAuth {
  private readonly verified = new Map<string, AccessPrincipal>();

  constructor(
    private readonly identity: IdentityService,
    private readonly workspace: WorkspaceService,
  ) {}

  /** The caller of a request, or throws the 401 to answer with. */
  async authenticate(authorization: string | string[] | undefined): Promise<AccessPrincipal> {
    const bearer = readBearer(authorization);
    if (!bearer.ok) {
      throw logsIngestionError('InvalidAuthenticationToken', {
        detail: bearer.reason === 'missing' ? "the request has no 'Authorization: Bearer <token>' header" : "the Authorization header does not use the 'Bearer' scheme",
      });
    }
    const cached = this.verified.get(bearer.token);
    if (cached && cached.exp * 1000 > Date.now()) return cached;
    if (cached) this.verified.delete(bearer.token);

    let wrongAudience: string | null = null;
    for (const aud of INGESTION_AUDIENCES) {
      const r = await this.identity.verifyAccessToken(bearer.token, aud);
      if (r.ok) {
        if (this.verified.size >= CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value as string);
        this.verified.set(bearer.token, r);
        return r;
      }
      if (r.reason !== 'wrong_audience') throw logsIngestionError('InvalidAuthenticationToken', { detail: r.message });
      wrongAudience = r.message;
    }
    throw logsIngestionError('InvalidAudience', { detail: wrongAudience ?? 'wrong audience' });
  }

  /** Throws the 403 to answer with unless the principal may ingest into the DCR. */
  authorize(principal: AccessPrincipal, dcr: DataCollectionRule): void {
    const scope = this.workspace.dcrResourceId(dcr.name);
    if (this.workspace.hasRole(principal.oid, MONITORING_METRICS_PUBLISHER, scope)) return;
    throw forbidden(principal, dcr, scope);
  }
}

function forbidden(p: AccessPrincipal, dcr: DataCollectionRule, scope: string): WireError {
  return logsIngestionError('OperationFailed', { dcr: dcr.immutableId, dcrResourceId: scope, tid: p.tid, oid: p.oid });
}
