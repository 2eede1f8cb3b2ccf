// HTTPS by default: a local certificate authority and a server certificate signed by it, created on
// first start in `<data>/tls/` and reused afterwards. None of the Azure SDKs can talk to plain HTTP
// (spec/azure-wire-contracts.md §2), so Vigil always serves TLS; clients trust the CA through
// `NODE_EXTRA_CA_CERTS=<data>/tls/ca.pem`.
//
// The CA lives ten years and is never replaced by Vigil (replacing it would break every client that
// trusts it). The server certificate is re-issued from the same CA when it is missing, when the
// configured names are not all covered, or when it expires within 30 days.
import { webcrypto, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile, rename, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { isIP } from 'node:net';
import './reflect-metadata-shim.js';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 types its crypto with the DOM names, which this Node-only project does not load.
x509.cryptoProvider.set(webcrypto as never);
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const DAY = 86_400_000;
const CA_DAYS = 3650;
/** Browsers cap server certificates at 397 days; staying within it keeps the certificate usable everywhere. */
const SERVER_DAYS = 397;
const RENEW_BEFORE_DAYS = 30;

export const DEFAULT_TLS_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export interface LocalTls {
  /** PEM of the server certificate. */
  cert: string;
  /** PEM (PKCS#8) of the server key. */
  key: string;
  /** PEM of the CA certificate clients should trust. */
  ca: string;
  caCertPath: string;
  certPath: string;
  keyPath: string;
  /** DNS names and IP addresses the server certificate covers. */
  names: string[];
  /** What this call had to create: nothing, the server certificate, or the CA and the server certificate. */
  created: 'none' | 'server' | 'ca';
}

export interface LocalTlsOptions {
  /** Folder for the files (`<data>/tls`). */
  dir: string;
  /** Names the server certificate must cover, besides the defaults. */
  names?: readonly string[];
  now?: Date;
}

export async function ensureLocalTls(options: LocalTlsOptions): Promise<LocalTls> {
  const now = options.now ?? new Date();
  const names = [...new Set([...DEFAULT_TLS_NAMES, ...(options.names ?? [])].map((n) => n.trim()).filter((n) => n.length > 0))];
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const paths = {
    caCert: join(options.dir, 'ca.pem'),
    caKey: join(options.dir, 'ca.key'),
    cert: join(options.dir, 'server.pem'),
    key: join(options.dir, 'server.key'),
  };

  let created: LocalTls['created'] = 'none';
  let caPem = await readOptional(paths.caCert);
  let caKeyPem = await readOptional(paths.caKey);
  if (!caPem || !caKeyPem) {
    const ca = await createCa(now);
    caPem = ca.certPem;
    caKeyPem = ca.keyPem;
    // Key first: a CA certificate without its key on disk would be useless after a crash.
    await writeAtomic(paths.caKey, caKeyPem, 0o600);
    await writeAtomic(paths.caCert, caPem, 0o644);
    created = 'ca';
  }
  const caCert = new x509.X509Certificate(caPem);

  let certPem = created === 'ca' ? undefined : await readOptional(paths.cert);
  let keyPem = created === 'ca' ? undefined : await readOptional(paths.key);
  if (!certPem || !keyPem || !(await serverCertIsGood(certPem, caCert, names, now))) {
    const caKey = await importPrivateKey(caKeyPem);
    const server = await createServerCert(caCert, caKey, names, now);
    certPem = server.certPem;
    keyPem = server.keyPem;
    await writeAtomic(paths.key, keyPem, 0o600);
    await writeAtomic(paths.cert, certPem, 0o644);
    if (created === 'none') created = 'server';
  }
  return { cert: certPem, key: keyPem, ca: caPem, caCertPath: paths.caCert, certPath: paths.cert, keyPath: paths.key, names: sanNames(new x509.X509Certificate(certPem)), created };
}

async function createCa(now: Date): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=Vigil local CA ${randomBytes(4).toString('hex')}, O=Vigil`,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + CA_DAYS * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await exportPrivateKey(keys.privateKey) };
}

async function createServerCert(ca: x509.X509Certificate, caKey: CryptoKey, names: readonly string[], now: Date): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cn = names.find((n) => !isIP(n)) ?? 'localhost';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${cn}, O=Vigil`,
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + SERVER_DAYS * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey as never,
    signingKey: caKey as never,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => (isIP(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await exportPrivateKey(keys.privateKey) };
}

async function serverCertIsGood(pem: string, ca: x509.X509Certificate, names: readonly string[], now: Date): Promise<boolean> {
  try {
    const cert = new x509.X509Certificate(pem);
    if (cert.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY) return false;
    if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }))) return false;
    const have = new Set(sanNames(cert).map(canonicalName));
    return names.every((n) => have.has(canonicalName(n)));
  } catch {
    return false;
  }
}

function sanNames(cert: x509.X509Certificate): string[] {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return san ? san.names.items.map((i) => i.value) : [];
}

/** IPv6 literals may be written in several ways; compare them expanded. */
function canonicalName(n: string): string {
  if (isIP(n) === 6) {
    const [head, tail = ''] = n.toLowerCase().split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const parts = n.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return parts.map((p) => p.replace(/^0+(?=.)/, '')).join(':');
  }
  return n.toLowerCase();
}

function serial(): string {
  // Positive 128-bit serial (high bit cleared so DER does not read it as negative).
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

async function exportPrivateKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, ALG, false, ['sign']);
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function writeAtomic(path: string, content: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode, flush: true });
  await chmod(tmp, mode);
  await rename(tmp, path);
}
