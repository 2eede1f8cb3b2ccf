// The OpenID Connect discovery document (spec/azure-wire-contracts.md §3.2). MSAL needs
// `authorization_endpoint`, `token_endpoint`, `issuer` (same scheme, host and port as the authority)
// and `jwks_uri`; it rewrites the tenant from the first path segment of `authorization_endpoint`,
// so the endpoints carry the real tenant id (or `adfs` for the AD FS form).

export function openIdConfiguration(origin: string, segment: string, form: 'v2' | 'v1' | 'adfs'): Record<string, unknown> {
  const base = `${origin}/${segment}`;
  const v2 = form === 'v2';
  return {
    issuer: form === 'adfs' ? `${origin}/adfs` : v2 ? `${base}/v2.0` : `${base}/`,
    authorization_endpoint: v2 ? `${base}/oauth2/v2.0/authorize` : `${base}/oauth2/authorize`,
    token_endpoint: v2 ? `${base}/oauth2/v2.0/token` : `${base}/oauth2/token`,
    jwks_uri: v2 ? `${base}/discovery/v2.0/keys` : `${base}/discovery/keys`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token'],
    subject_types_supported: ['pairwise'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    grant_types_supported: ['client_credentials'],
    cloud_instance_name: 'microsoftonline.com',
    tenant_region_scope: 'EU',
  };
}
