// Control-plane figures: first start (CA, keys, ids) vs restart, token endpoint throughput over
// HTTPS keep-alive with 4 concurrent clients, and the per-request costs surfaces pay
// (verifyAccessToken, hasRole). Run: npx tsx bench/control/run.ts
import { startServer } from '../../src/surfaces/server.js';
import { resolveServerConfig } from '../../src/surfaces/config.js';
import { AUDIENCES } from '../../src/surfaces/identity/audiences.js';
import pino from 'pino';
import { Agent, request } from 'node:https';
import { rmSync } from 'node:fs';
rmSync('bench/.data/control', { recursive: true, force: true });
const cfg = resolveServerConfig({ dataDir: 'bench/.data/control', port: 0 }, {});
let t = performance.now();
let s = await startServer(cfg, { logger: pino({ level: 'silent' }) });
console.log('first start ms', Math.round(performance.now() - t));
await s.close();
t = performance.now();
s = await startServer(cfg, { logger: pino({ level: 'silent' }) });
console.log('restart ms', Math.round(performance.now() - t));
const app = await s.ctx.workspace.createApp({ displayName: 'b' });
const { secretText } = await s.ctx.workspace.addSecret(app.appId);
const agent = new Agent({ keepAlive: true, ca: s.caPem, maxSockets: 4 });
const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.appId, client_secret: secretText, scope: 'https://monitor.azure.com/.default' }).toString();
const one = (): Promise<string> => new Promise((res, rej) => {
  const r = request(s.info.tokenEndpoint, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (x) => {
    let d = '';
    x.on('data', (c: Buffer) => (d += c));
    x.on('end', () => res(JSON.parse(d).access_token));
  });
  r.on('error', rej);
  r.end(body);
});
await one();
const N = 400;
t = performance.now();
let tok = '';
await Promise.all(Array.from({ length: 4 }, async () => { for (let i = 0; i < N / 4; i++) tok = await one(); }));
const el = performance.now() - t;
console.log('token endpoint: req/s', Math.round(N / (el / 1000)));
t = performance.now();
for (let i = 0; i < 2000; i++) await s.ctx.identity.verifyAccessToken(tok, AUDIENCES.monitor);
console.log('verifyAccessToken µs/op', Math.round((performance.now() - t) / 2000 * 1000));
const dcrScope = s.ctx.workspace.dcrResourceId('x');
t = performance.now();
for (let i = 0; i < 100000; i++) s.ctx.workspace.hasRole(app.servicePrincipalId, 'Monitoring Metrics Publisher', dcrScope);
console.log('hasRole ns/op', Math.round((performance.now() - t) / 100000 * 1e6));
agent.destroy();
await s.close();
rmSync('bench/.data/control', { recursive: true, force: true });
