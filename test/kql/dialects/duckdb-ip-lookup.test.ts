// evaluate ipv4_lookup / ipv6_lookup (ipv4-lookup-plugin.md, ipv6-lookup-plugin.md).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KqlRunner } from './run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

const V4 = `let Nets = datatable(network:string, country:string)["5.8.0.0/19", "RU", "2.20.183.0/24", "GB", "46.36.200.51/32", "CK"];
let IPs = datatable(ip:string, n:int)["2.20.183.12", 1, "5.8.1.2", 2, "192.165.12.17", 3, "46.36.200.51", 4];`;

test('ipv4_lookup: input columns, then the lookup columns of the range containing the address', async () => {
  const r = await k.run(`${V4} IPs | evaluate ipv4_lookup(Nets, ip, network) | order by n asc`);
  assert.deepEqual(r.columns.map((c) => c.name), ['ip', 'n', 'network', 'country']);
  assert.deepEqual(r.rows, [['2.20.183.12', 1, '2.20.183.0/24', 'GB'], ['5.8.1.2', 2, '5.8.0.0/19', 'RU'], ['46.36.200.51', 4, '46.36.200.51/32', 'CK']]);
});

test('ipv4_lookup with return_unmatched keeps the other rows with empty lookup columns', async () => {
  const r = await k.run(`${V4} IPs | evaluate ipv4_lookup(Nets, ip, network, return_unmatched = true) | where n == 3`);
  assert.deepEqual(r.rows, [['192.165.12.17', 3, '', '']]);
});

test('ipv6_lookup: lookup columns first (as the page shows), positional return_unmatched', async () => {
  const r = await k.run(`let Nets = datatable(network:string, cc:string)["2001:0db8:85a3::/48", "US", "2a02:26f0:4001::/48", "FR"];
    datatable(ip:string)["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd"]
    | evaluate ipv6_lookup(Nets, ip, network, true) | order by ip asc`);
  assert.deepEqual(r.columns.map((c) => c.name), ['network', 'cc', 'ip']);
  assert.deepEqual(r.rows, [['2001:0db8:85a3::/48', 'US', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'], ['', '', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd']]);
});

test('extra lookup key pairs are a compile error, not ignored', () => {
  const c = k.compile(`${V4} IPs | evaluate ipv4_lookup(Nets, ip, network, n, country)`);
  assert.equal(c.sql, undefined);
  assert.ok(c.diagnostics.length > 0);
});
