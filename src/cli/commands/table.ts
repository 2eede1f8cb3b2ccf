// `vigil table create|list|show|delete`: custom tables through the management API.
import { Command } from 'commander';
import { connect } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { deployment, tablesPath } from '../deployment.js';
import { emit, run, table } from '../output.js';
import { readResourceFile, resourceName } from '../resource-file.js';

interface ArmTable {
  name: string;
  properties: { plan: string; schema: { columns: { name: string; type: string }[]; standardColumns: { name: string; type: string }[] } };
}

function describe(t: ArmTable): string {
  const cols = t.properties.schema.columns.map((c) => `  ${c.name}: ${c.type}`).join('\n');
  const std = t.properties.schema.standardColumns.map((c) => c.name).join(', ');
  return `${t.name} (${t.properties.plan})\n${cols}\n  (standard columns: ${std})`;
}

export function tableCommand(): Command {
  const cmd = new Command('table').description('custom _CL tables of the workspace');

  connectionOptions(cmd.command('create').description('create or update (add columns to) a table from a table.json file'))
    .requiredOption('--file <path>', 'the table resource JSON (as in a solution folder)')
    .option('--name <name>', 'table name (default: the file\'s name)')
    .action(async (o: CommonFlags & { file: string; name?: string }) => run(o, async () => {
      const file = await readResourceFile(o.file);
      const name = resourceName(file, o.file, o.name, 'table');
      const client = await connect(o);
      const d = await deployment(client);
      const t = (await client.call('PUT', tablesPath(d, name), file)) as ArmTable;
      emit(o, t, () => `table ${describe(t)}`);
    }));

  connectionOptions(cmd.command('list').description('list tables'))
    .action(async (o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const res = await client.call('GET', tablesPath(await deployment(client)));
      const tables = res.value as ArmTable[];
      emit(o, tables, () => (tables.length === 0 ? 'no tables' : table(tables.map((t) => [t.name, `${t.properties.plan}, ${t.properties.schema.columns.length} columns`]))));
    }));

  connectionOptions(cmd.command('show').description('show one table').argument('<name>'))
    .action(async (name: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const t = (await client.call('GET', tablesPath(await deployment(client), name))) as ArmTable;
      emit(o, t, () => describe(t));
    }));

  connectionOptions(cmd.command('delete').description('delete a table and its rows').argument('<name>'))
    .action(async (name: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      await client.call('DELETE', tablesPath(await deployment(client), name));
      emit(o, { deleted: name }, () => `deleted table ${name}`);
    }));
  return cmd;
}
