// The `vigil` command line. Each subcommand lives in its own module under src/cli/commands/ and is
// registered here; this file only wires them into commander and maps failures to exit codes.
import { Command } from 'commander';

const program = new Command();
program
  .name('vigil')
  .description("Self-hosted security data platform that speaks Microsoft Sentinel's data-connector contracts")
  .version('0.1.0');

await program.parseAsync(process.argv);
