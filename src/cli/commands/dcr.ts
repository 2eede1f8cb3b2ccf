// `vigil dcr create|list|show|delete`: data collection rules through the management API.
import { Command } from 'commander';
import { connect, CliError, type VigilClient } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { deployment, dcrsPath, type Deployment } from '../deployment.js';
import { emit, run, table } from '../output.js';
import { readResourceFile, resourceName } from '../resource-file.js';
import { locateArmError } from './transform.js';

export interface ArmDcr {
  id: string;
  name: string;
  properties: {
    immutableId: string;
    streamDeclarations: Record<string, { columns: { name: string; type: string }[] }>;
    dataFlows: { streams: string[]; outputStream?: string; transformKql?: string }[];
  };
}

function describe(d: ArmDcr, url: string): string {
  const streams = Object.keys(d.properties.streamDeclarations);
  const flows = d.properties.dataFlows.map((f) => `  ${f.streams.join(', ')} → ${f.outputStream ?? f.streams[0]}${f.transformKql && f.transformKql.trim() !== 'source' ? `  [transform: ${f.transformKql.replace(/\s+/g, ' ').slice(0, 80)}]` : ''}`);
  return table([
    ['DCR', d.name],
    ['Immutable ID', d.properties.immutableId],
    ['Streams', streams.join(', ') || '(none)'],
    ['Ingestion URL', `${url}/dataCollectionRules/${d.properties.immutableId}/streams/<stream>?api-version=2023-01-01`],
  ]) + `\nFlows:\n${flows.join('\n')}`;
}

/** Finds a DCR by name (case-insensitive) or immutable id. */
export async function findDcr(client: VigilClient, d: Deployment, ref: string): Promise<ArmDcr> {
  const res = await client.call('GET', dcrsPath(d));
  const all = res.value as ArmDcr[];
  const hit = all.find((x) => x.properties.immutableId === ref.toLowerCase() || x.name.toLowerCase() === ref.toLowerCase());
  if (!hit) throw new CliError(`no data collection rule named or with immutable id '${ref}' (have: ${all.map((x) => x.name).join(', ') || 'none'})`);
  return hit;
}

export function dcrCommand(): Command {
  const cmd = new Command('dcr').description('data collection rules');

  connectionOptions(cmd.command('create').description('create or update a DCR from a DCR.json file; prints its immutable id'))
    .requiredOption('--file <path>', 'the DCR resource JSON (as in a solution folder)')
    .option('--name <name>', 'DCR name (default: the file\'s name)')
    .action(async (o: CommonFlags & { file: string; name?: string }) => run(o, async () => {
      const file = await readResourceFile(o.file);
      const name = resourceName(file, o.file, o.name, 'dcr');
      const client = await connect(o);
      // Problems are restated against the file: DCR.json:/properties/dataFlows/0/transformKql:1:10: error …
      const dcr = (await client.call('PUT', dcrsPath(await deployment(client), name), file).catch((e: unknown) => {
        throw locateArmError(e, o.file, file);
      })) as ArmDcr;
      emit(o, dcr, () => describe(dcr, client.url));
    }));

  connectionOptions(cmd.command('list').description('list DCRs'))
    .action(async (o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const res = await client.call('GET', dcrsPath(await deployment(client)));
      const dcrs = res.value as ArmDcr[];
      emit(o, dcrs, () => (dcrs.length === 0 ? 'no data collection rules' : table(dcrs.map((x) => [x.name, `${x.properties.immutableId}  ${Object.keys(x.properties.streamDeclarations).join(', ')}`]))));
    }));

  connectionOptions(cmd.command('show').description('show one DCR (by name or immutable id)').argument('<nameOrImmutableId>'))
    .action(async (ref: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const dcr = await findDcr(client, await deployment(client), ref);
      emit(o, dcr, () => describe(dcr, client.url));
    }));

  connectionOptions(cmd.command('delete').description('delete a DCR (by name or immutable id) and its role assignments').argument('<nameOrImmutableId>'))
    .action(async (ref: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const d = await deployment(client);
      const dcr = await findDcr(client, d, ref);
      await client.call('DELETE', dcrsPath(d, dcr.name));
      emit(o, { deleted: dcr.name, immutableId: dcr.properties.immutableId }, () => `deleted data collection rule ${dcr.name}`);
    }));
  return cmd;
}
