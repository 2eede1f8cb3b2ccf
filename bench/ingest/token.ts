// A Logs Ingestion token for the benchmarks' sender app, from the server's token endpoint
// (client credentials, the monitor.azure.com scope as the SDK asks for it).

export async function fetchToken(url: string, tenant: string, clientId: string, secret: string, ca: string): Promise<string> {
  const { request } = await import('node:https');
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'https://monitor.azure.com//.default' }).toString();
  return new Promise((resolve, reject) => {
    const req = request(`${url}/${tenant}/oauth2/v2.0/token`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let t = '';
      res.on('data', (c: Buffer) => (t += c.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(t).access_token) : reject(new Error(t))));
    });
    req.on('error', reject);
    req.end(body);
  });
}
