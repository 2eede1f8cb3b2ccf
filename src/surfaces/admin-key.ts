// The local administrator credential of the management API. Created on first start as a random
// key in `<data>/admin.key` (mode 0600): whoever can read the data folder administers Vigil, which is
// the same trust boundary as the data itself. The CLI reads it from there; other tools send it as
// `Authorization: Bearer <key>`.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { readFile, writeFile, rename, chmod } from 'node:fs/promises';
import { join } from 'node:path';

export const ADMIN_KEY_FILE = 'admin.key';
const PREFIX = 'vigil-admin-';

export async function ensureAdminKey(dataDir: string): Promise<{ key: string; path: string }> {
  const path = join(dataDir, ADMIN_KEY_FILE);
  try {
    const key = (await readFile(path, 'utf8')).trim();
    if (key.length >= 32) return { key, path };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = PREFIX + randomBytes(32).toString('base64url');
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, key + '\n', { mode: 0o600, flush: true });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
  return { key, path };
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function adminKeyMatches(presented: string, key: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(key).digest();
  return timingSafeEqual(a, b);
}
