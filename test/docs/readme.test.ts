// The README must stay true as the code moves: every `npx vigil …` command it shows exists, with every
// `--flag` it is shown with (checked against the command's own --help), and every relative link
// points at a file of the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const README = readFileSync('README.md', 'utf8');

function help(words: string[]): { status: number | null; text: string } {
  const r = spawnSync(process.execPath, ['bin/vigil.js', ...words, '--help'], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, text: r.stdout + r.stderr };
}

/** `npx vigil <command> [<subcommand>] … --flag …` lines of the README's code blocks. */
function shownCommands(): { words: string[]; flags: string[]; line: string }[] {
  const out: { words: string[]; flags: string[]; line: string }[] = [];
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '');
      const m = /npx vigil ((?:[a-z]+ ?){1,2})(.*)$/.exec(line);
      if (!m) continue;
      const words = m[1]!.trim().split(' ');
      out.push({ words, flags: [...m[2]!.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((f) => f[1]!), line });
    }
  }
  return out;
}

test('every vigil command the README shows exists, with the flags it is shown with', () => {
  const shown = shownCommands();
  assert.ok(shown.length >= 15, `found only ${shown.length} commands: the pattern no longer matches the README`);
  const helps = new Map<string, { status: number | null; text: string }>();
  for (const { words, flags, line } of shown) {
    // A second word is a subcommand only if the first is a command group; otherwise it is an argument.
    let key = words.join(' ');
    let h = helps.get(key) ?? help(words);
    if (!/^Usage: vigil /m.test(h.text) || h.status !== 0 || (words.length === 2 && !h.text.startsWith(`Usage: vigil ${key}`))) {
      key = words[0]!;
      h = helps.get(key) ?? help([words[0]!]);
    }
    helps.set(key, h);
    assert.equal(h.status, 0, `${line}: vigil ${key} --help failed\n${h.text}`);
    assert.match(h.text, new RegExp(`^Usage: vigil ${key}`, 'm'), line);
    for (const f of flags) assert.ok(h.text.includes(f), `${line}: vigil ${key} has no ${f}`);
  }
});

test('every relative link of the README points at a file of the repository', () => {
  const links = [...README.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
  assert.ok(links.length >= 5);
  for (const l of links) assert.ok(existsSync(l), `README links to ${l}, which does not exist`);
});
