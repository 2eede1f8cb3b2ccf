// The `vigil` command line: parses the process arguments with the command tree of program.ts.
import { buildProgram } from './program.js';

await buildProgram().parseAsync(process.argv);
