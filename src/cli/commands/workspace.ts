// `vigil workspace show|keys`: connection details and the shared keys (HTTP Data Collector API).
import { Command } from 'commander';
import { connect } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { deployment, workspacePath } from '../deployment.js';
import { emit, run, table } from '../output.js';

export function workspaceCommand(): Command {
  const cmd = new Command('workspace').description('the workspace and its connection details');

  connectionOptions(cmd.command('show').description('connection details of the running server'))
    .action(async (o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const d = await deployment(client);
      const value = client.info ?? d;
      emit(o, value, () => table([
        ['URL', d.url],
        ['Tenant ID', d.tenantId],
        ['Workspace ID', d.workspaceId],
        ['Workspace', `${d.workspaceName} (resource group ${d.resourceGroup}, subscription ${d.subscriptionId})`],
        ['DCE URL', d.url],
        ...(client.info?.caCertPath ? [['CA certificate', client.info.caCertPath] as [string, string]] : []),
      ]));
    }));

  connectionOptions(cmd.command('keys').description('show the workspace shared keys, or regenerate one'))
    .option('--regenerate <which>', 'primary, secondary or both')
    .action(async (o: CommonFlags & { regenerate?: string }) => run(o, async () => {
      const client = await connect(o);
      const d = await deployment(client);
      const keys = o.regenerate
        ? await client.call('POST', `${workspacePath(d)}/regenerateSharedKey`, { keyType: o.regenerate })
        : await client.call('POST', `${workspacePath(d)}/sharedKeys`);
      emit(o, { workspaceId: d.workspaceId, ...keys }, () => table([
        ['Workspace ID', d.workspaceId],
        ['Primary key', keys.primarySharedKey],
        ['Secondary key', keys.secondarySharedKey],
      ]));
    }));
  return cmd;
}
