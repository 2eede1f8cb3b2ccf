// The connection flags every client command shares (--url, --ca): a mistake in them is named as the
// flag's mistake, with exit 1 and no stack trace, before any request is made. Vigil serves HTTPS only
// (README, "vigil serve options"), so an http:// or non-URL --url cannot be right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function vigil(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/vigil.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--url must be an https:// origin: a bare word or an http URL is refused by name', () => {
  for (const bad of ['notaurl', 'http://localhost:8443', 'localhost:8443']) {
    const r = vigil(['table', 'list', '--url', bad, '--admin-key', 'k']);
    assert.equal(r.status, 1, bad);
    assert.equal(r.stderr.trim(), `error: --url takes the server's https:// origin, e.g. https://localhost:8443; got '${bad}'`);
  }
});

test('--ca that cannot be read is named as the CA certificate, not a bare ENOENT', () => {
  const r = vigil(['table', 'list', '--url', 'https://localhost:9', '--admin-key', 'k', '--ca', 'no-such-ca.pem']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error: cannot read the CA certificate 'no-such-ca\.pem' \(--ca\): ENOENT/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
