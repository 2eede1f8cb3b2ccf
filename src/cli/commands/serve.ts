// `vigil serve`: runs the server until SIGINT/SIGTERM, then shuts down gracefully (in-flight
// requests finish, the storage engine completes in-flight commits and loads). Structured logs go to
// stderr; stdout carries the connection details for a person.
import { Command } from 'commander';
import { resolveServerConfig, ConfigError, type ServeFlags } from '../../surfaces/config.js';
import { COLLECTOR_SERVE_OPTIONS, resolveCollectorFlags, type CollectorServeFlags } from '../../surfaces/collector/serve-flags.js';
import type { CollectorSurfaceOptions } from '../../surfaces/collector/options.js';
import { INGESTION_SERVE_OPTIONS, resolveIngestionFlags, type IngestionServeFlags } from '../../surfaces/ingestion/serve-flags.js';
import type { IngestionSurfaceOptions } from '../../surfaces/ingestion/options.js';
import type { RunningServer } from '../../surfaces/server.js';
import { table } from '../output.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function serveCommand(): Command {
  const cmd = new Command('serve')
    .description('run Vigil: HTTPS with Entra-compatible tokens, the management API and every surface')
    .option('--data-dir <dir>', 'data folder (VIGIL_DATA_DIR; default ./data)')
    .option('--host <host>', 'address to listen on (VIGIL_HOST; default localhost)')
    .option('--port <port>', 'HTTPS port, 0 for a free one (VIGIL_PORT; default 8443)')
    .option('--tls-cert <file>', 'PEM certificate to serve instead of the local CA\'s (VIGIL_TLS_CERT)')
    .option('--tls-key <file>', 'PEM key of --tls-cert (VIGIL_TLS_KEY)')
    .option('--tls-name <name>', 'extra DNS name or IP for the generated certificate (repeatable; VIGIL_TLS_NAMES)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--public-url <url>', 'origin clients use, if not https://<host>:<port> (VIGIL_PUBLIC_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (VIGIL_LOG_LEVEL; default info)')
    .option('--query-timeout <seconds>', 'longest a KQL query may run (VIGIL_QUERY_TIMEOUT; default 600)')
    .option('--query-max-rows <n>', 'most rows a query result may hold; more is a partial result (VIGIL_QUERY_MAX_ROWS; default 500000)')
    .option('--engine-memory <size>', 'DuckDB memory limit, e.g. 2GB, for heavy queries (VIGIL_ENGINE_MEMORY; default 128MB, tuned for ingest)')
    .option('--engine-threads <n>', 'DuckDB worker threads (VIGIL_ENGINE_THREADS; default cores - 1, at least 1)')
    .option('--json', 'print the connection details as JSON');
  for (const [flags, description] of INGESTION_SERVE_OPTIONS) cmd.option(flags, description);
  for (const [flags, description, repeatable] of COLLECTOR_SERVE_OPTIONS) {
    if (repeatable) cmd.option(flags, description, collect);
    else cmd.option(flags, description);
  }
  return cmd
    .action(async (o: ServeFlags & IngestionServeFlags & CollectorServeFlags & { json?: boolean }) => {
      let config;
      let ingestion: IngestionSurfaceOptions;
      let collector: CollectorSurfaceOptions;
      try {
        config = resolveServerConfig(o);
        ingestion = resolveIngestionFlags(o);
        collector = resolveCollectorFlags(o);
      } catch (e) {
        if (e instanceof ConfigError) {
          process.stderr.write(`error: ${e.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
      // Loaded here, not at the top: the other commands start faster without the server's modules.
      const [{ default: pino }, { startServer }] = await Promise.all([import('pino'), import('../../surfaces/server.js')]);
      const logger = pino({ level: config.logLevel, base: { name: 'vigil' } }, pino.destination(2));
      let server: RunningServer;
      try {
        server = await startServer(config, { logger, ingestion, collector });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const lock = /Conflicting lock is held in .*\(PID (\d+)\)/.exec(err.message ?? '');
        const hint = err.code === 'EADDRINUSE'
          ? ` (port ${config.port} is taken: choose another with --port, or --port 0)`
          : lock
            ? `\n(the data folder ${config.dataDir} is already served by process ${lock[1]}: stop it, or choose another --data-dir)`
            : '';
        process.stderr.write(`error: cannot start Vigil: ${err.message}${hint}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(o.json ? JSON.stringify(server.info, null, 2) + '\n' : banner(server, config.dataDir, collector));

      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting without waiting');
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, 'shutting down: finishing in-flight requests and commits');
        server.close().then(
          () => {
            logger.info('stopped');
            logger.flush();
            process.exit(0);
          },
          (e: unknown) => {
            logger.error({ err: e }, 'shutdown failed');
            logger.flush();
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}

function banner(s: RunningServer, dataDir: string, collector: CollectorSurfaceOptions): string {
  const i = s.info;
  const dd = JSON.stringify(dataDir);
  // Real Data Collector clients build https://{workspaceId}.ods.<domain>; others may use the path form.
  const port = new URL(i.url).port;
  const odsHost = `${i.workspaceId}.ods.${collector.odsDomains?.[0] ?? '<domain>'}${port ? `:${port}` : ''}`;
  const lines = [
    `Vigil ${i.version} is ready at ${i.url}`,
    '',
    table([
      ['Tenant ID', i.tenantId],
      ['Workspace ID', `${i.workspaceId}  (${i.workspaceName})`],
      ['DCE (logs ingestion)', i.dceUrl],
      ['Authority host', `${i.authorityHost}   token endpoint ${i.tokenEndpoint}`],
      ['Query endpoint', i.queryEndpoint],
      ['Data Collector API', `https://${odsHost}/api/logs  or  ${i.url}/workspaces/${i.workspaceId}/api/logs  (SharedKey: npx vigil workspace keys)`],
      ['Data folder', `${dataDir}   (details in ${s.connectionFile})`],
    ]).replace(/^/gm, '  '),
    '',
  ];
  if (i.caCertPath) {
    lines.push('Make Node.js clients (Azure SDKs) trust this server:', `  export NODE_EXTRA_CA_CERTS=${i.caCertPath}`, '');
  }
  lines.push(
    'Create a table, a data collection rule and an app that may send to it (from another terminal in',
    'this folder; `npx vigil` runs the CLI of a clone, plain `vigil` an installed one):',
    `  npx vigil table create --file table.json --data-dir ${dd}`,
    `  npx vigil dcr create --file DCR.json --data-dir ${dd}`,
    `  npx vigil app create --name my-sender --dcr <DCR name> --data-dir ${dd}`,
    '',
    'Stop with Ctrl-C.',
    '',
  );
  return lines.join('\n');
}
