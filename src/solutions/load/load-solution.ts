// Loads a solution folder (spec §8): the data file, the metadata file, every artifact under the data-connector
// folder by its type, and the existence of every file the data file lists. Pure: reads files, returns a model
// plus findings; it never throws for a malformed solution.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { finding, type Finding } from '../model/findings.js';
import { caseDuplicateKeys, ciGet, isObject, parseJsonText, pointerJoin, type Json, type JsonObject } from '../model/json.js';
import { classifyObject, objectsInFile, type Artifact } from './artifacts.js';

/** Data-file keys whose values are arrays of paths relative to the solution folder (spec §8.1). */
export const CONTENT_LIST_KEYS = [
  'Data Connectors',
  'Parsers',
  'Workbooks',
  'Analytic Rules',
  'Hunting Queries',
  'Playbooks',
  'SavedSearches',
  'Watchlists',
] as const;

export interface ListedFile {
  key: string;
  index: number;
  /** As written in the data file. */
  path: string;
  /** Resolved relative path (actual casing on disk) when the file exists. */
  resolved?: string;
}

export interface JsonFile {
  file: string;
  json: Json;
}

export interface LoadedSolution {
  root: string;
  folderName: string;
  dataFile?: { file: string; json: JsonObject };
  metadata?: { file: string; json: JsonObject };
  /** `DataConnectors` when that folder exists, else `Data Connectors` (spec §6 step 2), if either exists. */
  connectorsFolder?: string;
  artifacts: Artifact[];
  listed: ListedFile[];
  /** Every JSON file that was parsed, by relative path (artifacts point into these documents). */
  files: Map<string, Json>;
  findings: Finding[];
}

/** Files the packager skips while scanning the connector folder (spec §6 step 2). */
const SKIPPED_FILE_NAMES = new Set(['function.json', 'host.json', 'proxies.json']);
const EXCLUDED_DATA_FILES = new Set(['parameters.json', 'parameter.json', 'system_generated_metadata.json']);

export function loadSolution(root: string): LoadedSolution {
  const sol: LoadedSolution = {
    root,
    folderName: basename(root),
    artifacts: [],
    listed: [],
    files: new Map(),
    findings: [],
  };
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    sol.findings.push(finding('SOL005', `'${root}' is not a directory`));
    return sol;
  }

  loadDataFile(sol);
  loadMetadata(sol);
  scanConnectorFolder(sol);
  resolveListedFiles(sol);
  return sol;
}

function loadDataFile(sol: LoadedSolution): void {
  const dataDir = childCi(sol.root, 'Data');
  if (dataDir === undefined) {
    sol.findings.push(finding('SOL110', 'no Data/Solution_*.json; every connector definition found is treated as listed'));
    return;
  }
  const candidates = readdirSync(join(sol.root, dataDir))
    .filter((n) => n.toLowerCase().endsWith('.json') && !EXCLUDED_DATA_FILES.has(n.toLowerCase()))
    .filter((n) => n.toLowerCase() !== 'solutionmetadata.json')
    .sort();
  if (candidates.length === 0) {
    sol.findings.push(finding('SOL110', `no data file in ${dataDir}/; every connector definition found is treated as listed`));
    return;
  }
  if (candidates.length > 1) {
    sol.findings.push(
      finding('SOL111', `Data/ holds ${candidates.length} data files (${candidates.join(', ')}); the packager needs exactly one`, {
        file: dataDir,
      }),
    );
  }
  const preferred = candidates.find((n) => n.toLowerCase().startsWith('solution_')) ?? candidates[0];
  const file = `${dataDir}/${preferred}`;
  const json = readJson(sol, file);
  if (json === undefined) return;
  if (!isObject(json)) {
    sol.findings.push(finding('SOL001', 'the data file must hold a JSON object', { file }));
    return;
  }
  sol.dataFile = { file, json };
}

function loadMetadata(sol: LoadedSolution): void {
  const declared = sol.dataFile ? ciGet(sol.dataFile.json, 'Metadata') : undefined;
  const name = typeof declared === 'string' && declared !== '' ? declared : 'SolutionMetadata.json';
  const atRoot = childCi(sol.root, name);
  if (atRoot !== undefined) {
    const json = readJson(sol, atRoot);
    if (isObject(json)) sol.metadata = { file: atRoot, json };
    else if (json !== undefined) sol.findings.push(finding('SOL001', 'the metadata file must hold a JSON object', { file: atRoot }));
    return;
  }
  const dataDir = childCi(sol.root, 'Data');
  const inData = dataDir !== undefined ? childCi(join(sol.root, dataDir), name) : undefined;
  if (inData !== undefined && dataDir !== undefined) {
    sol.findings.push(
      finding('SOL113', `${name} is in ${dataDir}/; the packager expects it at the solution root`, { file: `${dataDir}/${inData}` }),
    );
    const json = readJson(sol, `${dataDir}/${inData}`);
    if (isObject(json)) sol.metadata = { file: `${dataDir}/${inData}`, json };
    return;
  }
  // Folders without a data file (bare connector folders such as the Auth0 fixture) are not packaged, so the
  // missing metadata is only an error for a real solution.
  if (sol.dataFile) sol.findings.push(finding('SOL103', `${name} is missing from the solution root`, { file: sol.dataFile.file }));
}

function scanConnectorFolder(sol: LoadedSolution): void {
  const folder = childCi(sol.root, 'DataConnectors') ?? childCi(sol.root, 'Data Connectors');
  if (folder === undefined) return;
  sol.connectorsFolder = folder;
  for (const file of walkJsonFiles(sol.root, folder)) {
    const doc = readJson(sol, file);
    if (doc === undefined) continue;
    let recognised = 0;
    for (const { pointer, json } of objectsInFile(doc)) {
      const kind = classifyObject(json);
      if (kind === undefined || !isObject(json)) continue;
      recognised++;
      sol.artifacts.push({ kind, file, pointer, json, listed: false });
      reportCaseDuplicates(sol, file, pointer, json);
    }
    if (recognised === 0) {
      sol.findings.push(finding('SOL003', 'not a CCF artifact or legacy connector; ignored', { file }));
    }
  }
}

function resolveListedFiles(sol: LoadedSolution): void {
  if (!sol.dataFile) {
    // Without a data file every definition and legacy connector counts as listed (bare connector folders).
    for (const a of sol.artifacts) if (a.kind === 'definition' || a.kind === 'legacyConnector') a.listed = true;
    return;
  }
  const data = sol.dataFile.json;
  for (const key of CONTENT_LIST_KEYS) {
    const actualKey = Object.keys(data).find((k) => k.toLowerCase() === key.toLowerCase());
    if (actualKey === undefined) continue;
    const list = data[actualKey];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (typeof entry !== 'string') return;
      const item: ListedFile = { key: actualKey, index, path: entry };
      const resolved = resolveRelativeCi(sol.root, entry);
      if (resolved === undefined) {
        sol.findings.push(
          finding('SOL112', `'${entry}' is listed under "${actualKey}" but does not exist in the solution folder`, {
            file: sol.dataFile!.file,
            pointer: pointerJoin('', actualKey, index),
          }),
        );
      } else {
        item.resolved = resolved;
        if (key === 'Data Connectors') markListed(sol, resolved, item);
      }
      sol.listed.push(item);
    });
  }
}

function markListed(sol: LoadedSolution, resolved: string, item: ListedFile): void {
  let found = false;
  for (const a of sol.artifacts) {
    if (a.file === resolved && (a.kind === 'definition' || a.kind === 'legacyConnector')) {
      a.listed = true;
      found = true;
    }
  }
  if (found) return;
  // A listed connector outside the scanned folder (or a file that is neither kind) is read here so that the
  // validator can say what it is.
  if (!resolved.toLowerCase().endsWith('.json')) return;
  const doc = sol.files.has(resolved) ? sol.files.get(resolved) : readJson(sol, resolved);
  if (doc === undefined) return;
  const alreadyScanned = sol.artifacts.some((a) => a.file === resolved);
  for (const { pointer, json } of objectsInFile(doc)) {
    const kind = classifyObject(json);
    if ((kind === 'definition' || kind === 'legacyConnector') && isObject(json)) {
      if (!alreadyScanned) sol.artifacts.push({ kind, file: resolved, pointer, json, listed: true });
      return;
    }
  }
  sol.findings.push(
    finding('SOL114', `'${item.path}' is listed under "${item.key}" but is neither a connector definition nor a legacy connector`, {
      file: sol.dataFile!.file,
      pointer: pointerJoin('', item.key, item.index),
    }),
  );
}

function reportCaseDuplicates(sol: LoadedSolution, file: string, pointer: string, json: Json): void {
  if (Array.isArray(json)) {
    json.forEach((v, i) => reportCaseDuplicates(sol, file, pointerJoin(pointer, i), v));
    return;
  }
  if (!isObject(json)) return;
  for (const group of caseDuplicateKeys(json)) {
    sol.findings.push(
      finding('SOL002', `keys ${group.map((k) => `"${k}"`).join(' and ')} differ only in letter case; Vigil reads "${group[0]}"`, {
        file,
        pointer,
      }),
    );
  }
  for (const [k, v] of Object.entries(json)) reportCaseDuplicates(sol, file, pointerJoin(pointer, k), v);
}

function readJson(sol: LoadedSolution, rel: string): Json | undefined {
  if (sol.files.has(rel)) return sol.files.get(rel);
  let text: string;
  try {
    text = readFileSync(join(sol.root, rel), 'utf8');
  } catch (e) {
    sol.findings.push(finding('SOL001', `cannot read file: ${(e as Error).message}`, { file: rel }));
    return undefined;
  }
  try {
    const json = parseJsonText(text);
    sol.files.set(rel, json);
    return json;
  } catch (e) {
    sol.findings.push(finding('SOL001', `invalid JSON: ${(e as Error).message}`, { file: rel }));
    return undefined;
  }
}

/** Every `*.json` below `folder` (relative to root), sorted for a stable scan order, minus the packager's skips. */
function walkJsonFiles(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel))) {
      const childRel = `${rel}/${name}`;
      const st = statSync(join(root, childRel));
      if (st.isDirectory()) {
        if (name.toLowerCase() !== 'images') walk(childRel);
      } else if (name.toLowerCase().endsWith('.json') && !SKIPPED_FILE_NAMES.has(name.toLowerCase())) {
        out.push(childRel);
      }
    }
  };
  walk(folder);
  // Case-insensitive order first, like the Windows file system the official packager runs on.
  return out.sort((a, b) => {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Name of the child entry of `dir` equal to `name` case-insensitively (exact match preferred). */
export function childCi(dir: string, name: string): string | undefined {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return undefined;
  }
  if (entries.includes(name)) return name;
  const lower = name.toLowerCase();
  return entries.find((e) => e.toLowerCase() === lower);
}

/** Resolves a relative path segment by segment, case-insensitively (data files are written on Windows). */
export function resolveRelativeCi(root: string, rel: string): string | undefined {
  const parts = rel.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  let cur = root;
  const actual: string[] = [];
  for (const p of parts) {
    const hit = childCi(cur, p);
    if (hit === undefined) return undefined;
    actual.push(hit);
    cur = join(cur, hit);
  }
  return actual.length > 0 && existsSync(cur) ? actual.join('/') : undefined;
}
