// `vigil solution validate|package <dir>`: offline checks and packaging of a Sentinel solution folder
// (no server needed). Findings print like a compiler (`file:pointer: severity CODE: message`), or as
// JSON with `--format json`; the exit code is non-zero when there are errors.
import { Command } from 'commander';

type Format = 'text' | 'json';

function format(v: string | undefined, json?: boolean): Format {
  if (json) return 'json';
  if (v === undefined || v === 'text') return 'text';
  if (v === 'json') return 'json';
  process.stderr.write(`error: --format must be text or json, not '${v}'\n`);
  process.exit(2);
}

export function solutionCommand(): Command {
  const cmd = new Command('solution').description('validate and package Sentinel solution folders (offline)');

  cmd.command('validate')
    .description('check a solution folder: files, links between definition, data connector, DCR and tables, names, KQL')
    .argument('<dir>', 'the solution folder (holds Data/Solution_<Name>.json)')
    .option('--format <format>', 'text (compiler-style lines) or json', 'text')
    .option('--json', 'same as --format json')
    .option('--workspace-name <name>', 'also check this workspace name')
    .action(async (dir: string, o: { format?: string; json?: boolean; workspaceName?: string }) => {
      // Loaded on use: the other commands start faster without the packager and the KQL library.
      const { validateCommand } = await import('../../solutions/index.js');
      const r = validateCommand(dir, { format: format(o.format, o.json), ...(o.workspaceName ? { workspaceName: o.workspaceName } : {}) });
      process.stdout.write(r.stdout);
      process.exitCode = r.exitCode;
    });

  cmd.command('package')
    .description('build Package/mainTemplate.json, createUiDefinition.json, testParameters.json and the zip')
    .argument('<dir>', 'the solution folder')
    .option('--out <dir>', 'output folder (default <dir>/Package)')
    .option('--bump <part>', 'raise the version first: major, minor or patch')
    .option('--force', 'package even when validation reports errors')
    .option('--format <format>', 'text or json', 'text')
    .option('--json', 'same as --format json')
    .action(async (dir: string, o: { out?: string; bump?: string; force?: boolean; format?: string; json?: boolean }) => {
      const { packageCommand } = await import('../../solutions/index.js');
      if (o.bump !== undefined && !['major', 'minor', 'patch'].includes(o.bump)) {
        process.stderr.write(`error: --bump must be major, minor or patch\n`);
        process.exitCode = 2;
        return;
      }
      const fmt = format(o.format, o.json);
      const r = await packageCommand(dir, {
        format: fmt,
        ...(o.out ? { outDir: o.out } : {}),
        ...(o.bump ? { bump: o.bump as 'major' | 'minor' | 'patch' } : {}),
        ...(o.force ? { force: true } : {}),
        // Progress goes to stderr so stdout stays the summary (or the JSON). The packager also reports
        // its final summary as progress; stdout carries it already, so it is not printed twice.
        onProgress: (m) => {
          if (!m.startsWith('Packaged ')) process.stderr.write(`${m}\n`);
        },
      });
      process.stdout.write(r.stdout);
      process.exitCode = r.exitCode;
    });
  return cmd;
}
