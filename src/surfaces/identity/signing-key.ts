// The RS256 key that signs access tokens. Created on first start and persisted in the control-plane
// document store (so that nodes sharing a store share the key, and restarts keep issued tokens valid).
import { exportJWK, generateKeyPair, importJWK, calculateJwkThumbprint, type JWK } from 'jose';
import type { DocumentStore } from '../../storage/engine.js';

/** jose's key type (a WebCrypto CryptoKey on Node). */
export type SigningKeyHandle = Exclude<Awaited<ReturnType<typeof importJWK>>, Uint8Array>;

export interface SigningKey {
  kid: string;
  privateKey: SigningKeyHandle;
  publicKey: SigningKeyHandle;
  /** The public key as served in the JWKS. */
  publicJwk: JWK;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  createdAt: string;
}

const KIND = 'identity';
const ID = 'signing-key';

export async function loadOrCreateSigningKey(documents: DocumentStore): Promise<SigningKey> {
  let stored = await documents.get<StoredKey>(KIND, ID);
  if (!stored) {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(privateJwk, 'sha256');
    stored = { kid, privateJwk, createdAt: new Date().toISOString() };
    await documents.put(KIND, ID, stored);
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = stored.privateJwk;
  const publicJwk: JWK = { ...pub, kid: stored.kid, use: 'sig', alg: 'RS256' };
  const privateKey = (await importJWK({ ...stored.privateJwk, alg: 'RS256' }, 'RS256')) as SigningKeyHandle;
  const publicKey = (await importJWK({ ...publicJwk }, 'RS256')) as SigningKeyHandle;
  return { kid: stored.kid, privateKey, publicKey, publicJwk };
}
