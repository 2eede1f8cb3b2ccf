// Small HTTP helpers shared by surfaces.
import type { FastifyRequest } from 'fastify';

/**
 * The origin the client used to reach us (`https://` + Host header), so that URLs Vigil hands out
 * (OIDC endpoints, DCE URLs) match what the client already trusts, also behind a DNS override.
 * Falls back to the configured origin when the Host header is absent or malformed.
 */
export function requestOrigin(req: FastifyRequest, fallback: string): string {
  const host = req.headers.host;
  return typeof host === 'string' && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? `https://${host}` : fallback;
}

/** The client's request id: `client-request-id` query parameter or `x-ms-client-request-id` header. */
export function clientRequestId(req: FastifyRequest): string | undefined {
  const q = (req.query as Record<string, unknown> | undefined)?.['client-request-id'];
  if (typeof q === 'string' && q.length > 0) return q;
  const h = req.headers['x-ms-client-request-id'] ?? req.headers['client-request-id'];
  return typeof h === 'string' && h.length > 0 ? h : undefined;
}
