// `vigil legacy migrate|send`: the HTTP Data Collector API side of Vigil.
//
//   vigil legacy migrate --table X_CL [--out DIR]   a CCF Push solution folder that moves X_CL's
//                                                   senders to the Logs Ingestion API, keeping its columns
//   vigil legacy send --log-type X --file F.json    posts records as a Data Collector client would
//                                                   (SharedKey with the workspace's primary key)
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { request } from 'node:https';
import { Command } from 'commander';
import { CliError, connect } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { deployment, workspacePath } from '../deployment.js';
import { emit, run, table } from '../output.js';
import { writeMigration, type MigrationSkeleton } from '../../solutions/migrate/index.js';
import { hmacSignature, stringToSign } from '../../surfaces/collector/shared-key.js';

export function legacyCommand(): Command {
  const cmd = new Command('legacy').description('the retired HTTP Data Collector API: migrate its tables, send test records');

  connectionOptions(cmd.command('migrate').description('generate a CCF Push solution (Logs Ingestion API) for a classic _CL table, keeping its column names'))
    .requiredOption('--table <name>', 'the classic table, e.g. darktrace_model_alerts_CL')
    .option('--out <dir>', 'folder to write the solution folder into', '.')
    .option('--name <solution>', 'solution name (default: from the table name)')
    .option('--publisher <name>', 'publisher shown in the connector')
    .option('--stream <name>', 'stream the senders post to (default Custom-<table without _CL>)')
    .option('--time-field <field>', "field whose value becomes TimeGenerated (the senders' time-generated-field)")
    .option('--force', 'overwrite an existing solution folder')
    .action(async (o: CommonFlags & { table: string; out: string; name?: string; publisher?: string; stream?: string; timeField?: string; force?: boolean }) => run(o, async () => {
      const client = await connect(o);
      const body: Record<string, string> = {};
      if (o.name) body.solutionName = o.name;
      if (o.publisher) body.publisher = o.publisher;
      if (o.stream) body.streamName = o.stream;
      if (o.timeField) body.timeGeneratedField = o.timeField;
      const sk = (await client.call('POST', `/vigil/legacy/tables/${encodeURIComponent(o.table)}/migration`, body)) as MigrationSkeleton;
      const written = await writeMigration(o.out, sk.files, { overwrite: o.force });
      const folder = join(resolve(o.out), sk.solutionName);
      emit(o, { folder, ...sk, files: written }, () => [
        table([
          ['Solution', folder],
          ['Table', `${sk.table} (same name and columns)`],
          ['Stream', sk.streamName],
          ['Connector', sk.connectorId],
          ['Fields', `${sk.fields.length} stream fields → ${sk.fields.reduce((n, f) => n + f.columns.length, 0)} legacy columns`],
        ]),
        '',
        `Next: vigil solution validate "${folder}"`,
      ].join('\n'));
    }));

  connectionOptions(cmd.command('send').description('post records as an HTTP Data Collector client (SharedKey, primary key)'))
    .requiredOption('--log-type <type>', 'Log-Type: the table is <type>_CL')
    .requiredOption('--file <path>', 'JSON file with an array of records (or one record)')
    .option('--time-field <field>', 'time-generated-field header')
    .action(async (o: CommonFlags & { logType: string; file: string; timeField?: string }) => run(o, async () => {
      const body = await readFile(o.file).catch((e: Error) => {
        throw new CliError(`cannot read ${o.file}: ${e.message}`);
      });
      const client = await connect(o);
      const d = await deployment(client);
      const keys = (await client.call('POST', `${workspacePath(d)}/sharedKeys`)) as { primarySharedKey: string };
      const date = new Date().toUTCString();
      const signature = hmacSignature(keys.primarySharedKey, stringToSign(body.length, 'application/json', date)).toString('base64');
      const headers: Record<string, string> = {
        'content-type': 'application/json', 'x-ms-date': date, 'log-type': o.logType, authorization: `SharedKey ${d.workspaceId}:${signature}`,
      };
      if (o.timeField) headers['time-generated-field'] = o.timeField;
      const ca = client.info?.caCertPath ? await readFile(client.info.caCertPath, 'utf8') : undefined;
      const res = await postRaw(`${client.url}/workspaces/${d.workspaceId}/api/logs?api-version=2016-04-01`, headers, body, ca);
      if (res.status !== 200) throw new CliError(`HTTP ${res.status}: ${res.text}`);
      const receipt = res.receipt ? JSON.parse(res.receipt) : {};
      emit(o, { status: res.status, ...receipt }, () => `sent ${receipt.records ?? '?'} record(s) to ${receipt.table ?? `${o.logType}_CL`}${receipt.columnsAdded ? `; ${receipt.columnsAdded} new column(s)` : ''}`);
    }));
  return cmd;
}

function postRaw(url: string, headers: Record<string, string>, body: Buffer, ca: string | undefined): Promise<{ status: number; text: string; receipt?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), receipt: res.headers['x-vigil-receipt'] as string | undefined }));
    });
    req.on('error', (e) => reject(new CliError(`cannot reach ${url}: ${e.message}`)));
    req.end(body);
  });
}
