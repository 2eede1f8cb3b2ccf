// The import-direction rule of docs/architecture.md ("Layout and the direction of imports"), checked
// by scripts/check-imports.mjs: the repository as it stands follows its own table, and a tree that
// breaks the table — by a plain, a type-only or a dynamic import, or with a folder the table does not
// list — is reported file by file with exit code 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function check(root?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['scripts/check-imports.mjs', ...(root ? ['--root', root] : [])], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the source tree follows the layout table of docs/architecture.md', () => {
  const r = check();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imports follow the layout table/);
});

test('an import the table does not allow, of any form, and a folder it does not list, are each reported', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'vigil-imports-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'docs'));
  await writeFile(join(root, 'docs', 'architecture.md'), [
    '| folder | holds | may import |',
    '|---|---|---|',
    '| `src/storage/` | engines | nothing of Vigil |',
    '| `src/workspace/` | the domain | storage |',
    '| `src/cli/` | the command | everything |',
    '',
  ].join('\n'));
  const files: Record<string, string> = {
    'src/storage/engine.ts': "import { Workspace } from '../workspace/model.js';\n",
    'src/storage/types.ts': "import type { Table } from '../workspace/model.js';\n",
    'src/storage/lazy.ts': "export async function f() { return import('../workspace/model.js'); }\n",
    'src/workspace/model.ts': "import { open } from '../storage/engine.js';\nexport interface Workspace {}\nexport interface Table {}\n",
    'src/cli/main.ts': "import '../workspace/model.js';\nimport { open } from '../storage/engine.js';\n",
    'src/extra/thing.ts': 'export const x = 1;\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  const r = check(root);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(lines.filter((l) => l.includes('is not allowed')).map((l) => l.split(':')[0]).sort(), [
    'src/storage/engine.ts', 'src/storage/lazy.ts', 'src/storage/types.ts',
  ]);
  assert.ok(lines.some((l) => l.startsWith('src/extra/: not in the layout table')), r.stderr);
  assert.ok(lines.some((l) => /storage → workspace is not allowed \(storage may import: nothing of Vigil\)/.test(l)), r.stderr);
  assert.equal(lines.at(-1), '4 import direction problem(s)');
});
