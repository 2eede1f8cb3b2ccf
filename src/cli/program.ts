// The `vigil` command tree: each subcommand lives in its own module under src/cli/commands/ and is
// registered here. Kept apart from main.ts (which parses the process arguments on import) so that
// tests can inspect the tree — e.g. that every command the README shows exists.
import { Command } from 'commander';
import { VERSION } from '../surfaces/version.js';
import { serveCommand } from './commands/serve.js';
import { tableCommand } from './commands/table.js';
import { dcrCommand } from './commands/dcr.js';
import { appCommand } from './commands/app.js';
import { workspaceCommand } from './commands/workspace.js';
import { legacyCommand } from './commands/legacy.js';
import { queryCommand } from './commands/query.js';
import { solutionCommand } from './commands/solution.js';
import { deployCommand } from './commands/deploy.js';
import { contentCommand } from './commands/content.js';
import { connectorCommand } from './commands/connector.js';
import { transformCommand } from './commands/transform.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('vigil')
    .description("Self-hosted security data platform that speaks Microsoft Sentinel's data-connector contracts")
    .version(VERSION);

  program.addCommand(serveCommand());
  program.addCommand(tableCommand());
  program.addCommand(dcrCommand());
  program.addCommand(appCommand());
  program.addCommand(workspaceCommand());
  program.addCommand(legacyCommand());
  program.addCommand(queryCommand());
  program.addCommand(solutionCommand());
  program.addCommand(deployCommand());
  program.addCommand(contentCommand());
  program.addCommand(connectorCommand());
  program.addCommand(transformCommand());

  return program;
}
