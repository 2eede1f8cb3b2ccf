// `vigil content list|install|uninstall`: the content hub of the running workspace — Vigil's built-in
// solutions (Halcyon, Contoso Security Alerts, Darktrace) with their installed state.
import { Command } from 'commander';
import { connect } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { emit, run } from '../output.js';

interface Listing {
  id: string;
  name: string;
  version: string;
  supportTier: string;
  supportedBy: { name: string };
  installed: boolean;
  installedVersion?: string;
  connectors: string[];
}

export function contentCommand(): Command {
  const cmd = new Command('content').description('the content hub: built-in solutions');

  connectionOptions(cmd.command('list').description('list the built-in solutions and whether they are installed'))
    .action(async (o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const list = (await client.call('GET', '/vigil/content')).value as Listing[];
      emit(o, list, () => {
        const rows = list.map((e) => [e.id, e.version, e.installed ? `installed ${e.installedVersion ?? ''}`.trim() : '-', `${e.supportTier} supported`, e.supportedBy.name, e.connectors.join(', ')]);
        const head = ['SOLUTION', 'VERSION', 'STATE', 'SUPPORT', 'SUPPORTED BY', 'CONNECTORS'];
        const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd()).join('\n');
      });
    }));

  connectionOptions(cmd.command('install').description('install a built-in solution (again: updates it in place)').argument('<solution>'))
    .action(async (id: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const r = await client.call('POST', `/vigil/content/${encodeURIComponent(id)}/install`, {});
      emit(o, r, () => [
        `installed ${r.id} ${r.version} (deployment '${r.deployment}'): ${r.created.length} created, ${r.updated.length} updated, ${r.skipped.length} skipped`,
        ...r.skipped.map((s: { type: string; name: string; reason: string }) => `  skipped ${s.type} ${s.name} (${s.reason})`),
        `next: vigil connector list, then vigil connector deploy <connector id>`,
      ].join('\n'));
    }));

  connectionOptions(cmd.command('uninstall').description('uninstall a built-in solution (tables, DCRs and data stay)').argument('<solution>'))
    .option('--disconnect', 'disconnect its deployed connectors first (otherwise they block the uninstall)')
    .action(async (id: string, o: CommonFlags & { disconnect?: boolean }) => run(o, async () => {
      const client = await connect(o);
      const r = await client.call('POST', `/vigil/content/${encodeURIComponent(id)}/uninstall`, { disconnect: o.disconnect === true });
      emit(o, r, () => `uninstalled ${r.id}: ${r.removed.length} resource(s) removed${r.disconnected.length ? `, disconnected ${r.disconnected.join(', ')}` : ''}`);
    }));
  return cmd;
}
