// Issuing and verifying Vigil's access tokens. Tokens are v1.0 app-only JWTs with Entra's claim set
// (spec/azure-wire-contracts.md §3.7), signed RS256 with the persisted key. No client decodes them;
// Vigil's own surfaces verify them here (signature, audience, issuer, tenant, lifetime) and then
// check authorisation through the workspace's role assignments — authorisation is not a claim.
import { randomBytes, randomInt } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors, type JWK } from 'jose';
import type { DocumentStore } from '../../storage/engine.js';
import type { AppRegistration } from '../../workspace/model.js';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key.js';
import { audienceMatches } from './audiences.js';

/** What a verified token says about its caller. */
export interface AccessPrincipal {
  ok: true;
  /** Tenant id. */
  tid: string;
  /** Object id of the app's service principal: the principal of its role assignments. */
  oid: string;
  /** Application (client) id. */
  appid: string;
  aud: string;
  /** Expiry, unix seconds. */
  exp: number;
}

export type TokenRejectionReason = 'malformed' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'wrong_audience' | 'wrong_issuer' | 'wrong_tenant';

/** Why a token was refused; each surface turns this into its own wire error. */
export interface TokenRejection {
  ok: false;
  reason: TokenRejectionReason;
  message: string;
}

export interface IssuedToken {
  accessToken: string;
  /** Seconds until expiry (a JSON number on the wire). */
  expiresIn: number;
  expiresOn: number;
  notBefore: number;
}

export interface IdentityServiceOptions {
  documents: DocumentStore;
  tenantId: string;
  /** Origin whose `/{tid}/` is the token issuer (the server's public HTTPS origin). */
  issuerOrigin: () => string;
  /**
   * Fixed token lifetime in seconds. Without it, each token lives a random 60–90 minutes, as Entra's
   * default access-token lifetime does.
   */
  tokenLifetimeSeconds?: number;
  /** Accepted clock skew when verifying, seconds. Default 300. */
  clockToleranceSeconds?: number;
  now?: () => Date;
}

export class IdentityService {
  private readonly key: SigningKey;
  private readonly options: IdentityServiceOptions;
  private readonly now: () => Date;

  private constructor(key: SigningKey, options: IdentityServiceOptions) {
    this.key = key;
    this.options = options;
    this.now = options.now ?? (() => new Date());
  }

  static async open(options: IdentityServiceOptions): Promise<IdentityService> {
    return new IdentityService(await loadOrCreateSigningKey(options.documents), options);
  }

  /** The v1 issuer of access tokens: `https://H/{tid}/`, as Entra's is `https://sts.windows.net/{tid}/`. */
  issuer(tid = this.options.tenantId): string {
    return `${this.options.issuerOrigin()}/${tid}/`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.key.publicJwk }] };
  }

  async issueToken(app: AppRegistration, audience: string, opts: { cp1?: boolean } = {}): Promise<IssuedToken> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const lifetime = this.options.tokenLifetimeSeconds ?? randomInt(3600, 5401);
    const exp = iat + lifetime;
    const tid = this.options.tenantId;
    const claims: Record<string, unknown> = {
      aud: audience,
      iss: this.issuer(tid),
      iat,
      nbf: iat,
      exp,
      appid: app.appId,
      appidacr: '1',
      idp: this.issuer(tid),
      idtyp: 'app',
      oid: app.servicePrincipalId,
      sub: app.servicePrincipalId,
      tid,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    };
    if (opts.cp1) claims.xms_cc = ['CP1'];
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: this.key.kid })
      .sign(this.key.privateKey);
    return { accessToken, expiresIn: lifetime, expiresOn: exp, notBefore: iat };
  }

  /**
   * Verifies a bearer token for one surface's audience. Keys are held in memory, so this costs one
   * RS256 signature check.
   */
  async verifyAccessToken(token: string, audience: string): Promise<AccessPrincipal | TokenRejection> {
    let payload: Record<string, unknown>;
    try {
      const res = await jwtVerify(token, this.key.publicKey, {
        algorithms: ['RS256'],
        clockTolerance: this.options.clockToleranceSeconds ?? 300,
        currentDate: this.now(),
      });
      payload = res.payload as Record<string, unknown>;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) return reject('expired', `the token expired at ${new Date(Number((e.payload as { exp?: number }).exp) * 1000).toISOString()}`);
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'nbf') return reject('not_yet_valid', 'the token is not valid yet (nbf)');
      if (e instanceof joseErrors.JWSSignatureVerificationFailed) return reject('bad_signature', 'the token signature is invalid');
      return reject('malformed', `the token could not be read: ${(e as Error).message}`);
    }
    if (payload.tid !== this.options.tenantId) return reject('wrong_tenant', `the token was issued for tenant '${String(payload.tid)}'`);
    if (payload.iss !== this.issuer()) return reject('wrong_issuer', `the token issuer '${String(payload.iss)}' is not '${this.issuer()}'`);
    if (!audienceMatches(payload.aud, audience)) return reject('wrong_audience', `the token audience '${String(payload.aud)}' is not '${audience}'`);
    if (typeof payload.oid !== 'string' || typeof payload.appid !== 'string' || typeof payload.exp !== 'number') return reject('malformed', 'the token lacks oid, appid or exp');
    return { ok: true, tid: payload.tid as string, oid: payload.oid, appid: payload.appid, aud: String(payload.aud), exp: payload.exp };
  }
}

function reject(reason: TokenRejectionReason, message: string): TokenRejection {
  return { ok: false, reason, message };
}

/** Reads `Authorization: Bearer <token>` (scheme case-insensitive). */
export function readBearer(header: string | string[] | undefined): { ok: true; token: string } | { ok: false; reason: 'missing' | 'wrong_scheme' } {
  const h = Array.isArray(header) ? header[0] : header;
  if (!h || h.trim().length === 0) return { ok: false, reason: 'missing' };
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(h);
  return m ? { ok: true, token: m[1] } : { ok: false, reason: 'wrong_scheme' };
}
