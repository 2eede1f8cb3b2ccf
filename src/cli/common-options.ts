// Options every client command shares.
import type { Command } from 'commander';

export function connectionOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data folder of the server (reads its vigil.json); default VIGIL_DATA_DIR or ./data')
    .option('--url <url>', 'server URL, instead of --data-dir')
    .option('--admin-key <key>', 'admin key, with --url (default VIGIL_ADMIN_KEY)')
    .option('--ca <file>', 'CA certificate to trust, with --url')
    .option('--json', 'print JSON instead of text');
}

export interface CommonFlags {
  dataDir?: string;
  url?: string;
  adminKey?: string;
  ca?: string;
  json?: boolean;
}
