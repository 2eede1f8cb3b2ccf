// `vigil query --wait`: the server ignores a `Prefer: wait` it cannot read (as Log Analytics does),
// so the CLI must refuse a malformed value itself — otherwise a typo silently keeps the default limit.
// The value is checked before the server is looked for: the folder here has no server at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function vigil(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/vigil.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('vigil query --wait refuses a value that is not a positive number of seconds, before contacting a server', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-cli-wait-'));
  try {
    for (const bad of ['abc', '0', '-5', '']) {
      const r = vigil(['query', 'print 1', '--wait', bad, '--data-dir', dir]);
      assert.equal(r.status, 1, bad);
      assert.match(r.stderr, new RegExp(`^error: --wait takes a number of seconds greater than 0; got '${bad}'`, 'm'), bad);
    }
    // A good value gets past the check and on to looking for the server, which is absent here.
    const good = vigil(['query', 'print 1', '--wait', '30', '--data-dir', dir]);
    assert.equal(good.status, 1);
    assert.match(good.stderr, /no Vigil server details/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
