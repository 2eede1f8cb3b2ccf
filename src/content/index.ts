// Built-in solutions shipped with Vigil, as data: each is a folder of real artifact files in the layout of a
// solution folder (Data/Solution_<Name>.json, SolutionMetadata.json, Data Connectors/…), so the same loader,
// validator and packager that serve connector authors also serve the content hub. This module only finds and
// describes them; installing is src/solutions/hub.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ContentEntry {
  /** Folder name, which equals the solution Name. */
  id: string;
  name: string;
  version: string;
  /** `publisherId.offerId`. */
  solutionId: string;
  description: string;
  /** Support type (seed 003): Microsoft, Partner or Community supported. */
  supportTier: string;
  /** The "Supported by" contact: name and, when given, link and email. */
  supportedBy: { name: string; link?: string; email?: string };
  providers: string[];
  /** Absolute path of the solution folder. */
  dir: string;
}

/**
 * Where the content folders are. From src/ (tsx) they sit next to this module; a compiled build in dist/ does
 * not copy JSON, so it falls back to the source tree's src/content.
 */
export function contentRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [here, resolve(here, '../../../src/content')];
  for (const c of candidates) if (existsSync(join(c, 'Halcyon', 'SolutionMetadata.json'))) return c;
  return here;
}

function readJson(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
}

export function listBuiltinContent(): ContentEntry[] {
  const root = contentRoot();
  const out: ContentEntry[] = [];
  for (const id of readdirSync(root).sort()) {
    const dir = join(root, id);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'SolutionMetadata.json'))) continue;
    const dataDir = join(dir, 'Data');
    const dataName = existsSync(dataDir) ? readdirSync(dataDir).find((n) => /^Solution_.*\.json$/i.test(n)) : undefined;
    if (dataName === undefined) continue;
    const data = readJson(join(dataDir, dataName));
    const meta = readJson(join(dir, 'SolutionMetadata.json'));
    const support = (meta.support ?? {}) as Record<string, string>;
    const supportedBy: ContentEntry['supportedBy'] = { name: support.name ?? '' };
    if (support.link) supportedBy.link = support.link;
    if (support.email) supportedBy.email = support.email;
    out.push({
      id,
      name: String(data.Name ?? id),
      version: String(data.Version ?? ''),
      solutionId: `${String(meta.publisherId)}.${String(meta.offerId)}`,
      description: String(data.Description ?? ''),
      supportTier: support.tier ?? '',
      supportedBy,
      providers: Array.isArray(meta.providers) ? (meta.providers as string[]) : [],
      dir,
    });
  }
  return out;
}

/** The folder of a built-in solution by id or name (case-insensitive), or undefined. */
export function builtinSolutionDir(idOrName: string): string | undefined {
  const key = idOrName.toLowerCase();
  return listBuiltinContent().find((e) => e.id.toLowerCase() === key || e.name.toLowerCase() === key)?.dir;
}
