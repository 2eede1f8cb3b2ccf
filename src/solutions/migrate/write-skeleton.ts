// Writes a generated migration folder to disk. Refuses to overwrite an existing solution folder, so a
// second run never clobbers files the author has since edited.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { MigrationFile } from './skeleton.js';

export async function writeMigration(outDir: string, files: readonly MigrationFile[], options: { overwrite?: boolean } = {}): Promise<string[]> {
  const root = resolve(outDir);
  const top = new Set(files.map((f) => f.path.split('/')[0]));
  if (!options.overwrite) {
    for (const t of top) if (existsSync(join(root, t))) throw new Error(`${join(root, t)} exists; choose another --out folder or pass --force`);
  }
  const written: string[] = [];
  for (const f of files) {
    const path = join(root, ...f.path.split('/'));
    if (!path.startsWith(root)) throw new Error(`refusing to write outside ${root}: ${f.path}`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content);
    written.push(path);
  }
  return written;
}
