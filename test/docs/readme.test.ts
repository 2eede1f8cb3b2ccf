// The README must stay true as the code moves: every `npx vigil …` command it shows exists, with every
// `--flag` it is shown with (checked against the command tree the CLI runs, src/cli/program.ts), and
// every relative link points at a file of the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';

const README = readFileSync('README.md', 'utf8');

/** `npx vigil <word> [<word>] … --flag …` lines of the README's shell blocks. */
function shownCommands(): { words: string[]; flags: string[]; line: string }[] {
  const out: { words: string[]; flags: string[]; line: string }[] = [];
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '');
      const m = /npx vigil ((?:[a-z]+ ?){1,2})(.*)$/.exec(line);
      if (!m) continue;
      out.push({ words: m[1]!.trim().split(' '), flags: [...m[2]!.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((f) => f[1]!), line });
    }
  }
  return out;
}

const sub = (c: Command, name: string): Command | undefined => c.commands.find((x) => x.name() === name);

test('every vigil command the README shows exists, with the flags it is shown with', () => {
  const program = buildProgram();
  const shown = shownCommands();
  assert.ok(shown.length >= 15, `found only ${shown.length} commands: the pattern no longer matches the README`);
  for (const { words, flags, line } of shown) {
    const top = sub(program, words[0]!);
    assert.ok(top, `${line}: there is no command 'vigil ${words[0]}'`);
    // A second word is a subcommand of a command group; of a leaf command it is an argument.
    let cmd = top;
    if (top.commands.length > 0) {
      const child = words[1] === undefined ? undefined : sub(top, words[1]);
      assert.ok(child, `${line}: 'vigil ${words.join(' ')}' is not a subcommand of 'vigil ${words[0]}'`);
      cmd = child;
    }
    const longs = new Set(cmd.options.map((o) => o.long));
    for (const f of flags) assert.ok(longs.has(f), `${line}: 'vigil ${cmd.parent === program ? '' : `${cmd.parent!.name()} `}${cmd.name()}' has no ${f}`);
  }
});

test('every relative link of the README points at a file of the repository', () => {
  const links = [...README.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
  assert.ok(links.length >= 5);
  for (const l of links) assert.ok(existsSync(l), `README links to ${l}, which does not exist`);
});
