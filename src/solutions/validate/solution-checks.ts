// Solution-level checks: the data file and metadata (spec §8) and the push guide's validation checklist
// (seed 002: folder name without spaces, Name = folder, metadata at the root, publisherId/offerId consistent…).
import type { LoadedSolution } from '../load/index.js';
import { finding, type Finding } from '../model/findings.js';
import { ciGet, ciKey, ciString, pointerJoin } from '../model/json.js';
import { checkSchema } from './schema-check.js';

const SEMVER = /^\d+\.\d+\.\d+$/;

export function checkSolutionFiles(sol: LoadedSolution): Finding[] {
  const out: Finding[] = [];
  const data = sol.dataFile;
  const meta = sol.metadata;

  if (data) {
    const file = data.file;
    out.push(...checkSchema('dataFile', data.json, file));
    if (sol.folderName.includes(' ')) {
      out.push(finding('SOL101', `folder name "${sol.folderName}" contains spaces; the push guide asks for a name without spaces`, { file: '' }));
    }
    const name = ciString(data.json, 'Name');
    if (name !== undefined && name !== sol.folderName) {
      out.push(
        finding('SOL102', `Name "${name}" differs from the folder name "${sol.folderName}"; the packager builds Solutions/<Name>/ paths from it`, {
          file,
          pointer: pointerJoin('', ciKey(data.json, 'Name') ?? 'Name'),
        }),
      );
    }
    const metaKey = ciKey(data.json, 'Metadata');
    const metaName = metaKey !== undefined ? data.json[metaKey] : undefined;
    if (metaName !== 'SolutionMetadata.json') {
      out.push(
        finding('SOL104', metaName === undefined ? 'Metadata is missing; it should be "SolutionMetadata.json"' : `Metadata is ${JSON.stringify(metaName)}; the packager expects "SolutionMetadata.json"`, {
          file,
          pointer: metaKey !== undefined ? pointerJoin('', metaKey) : '',
        }),
      );
    }
    const author = ciString(data.json, 'Author');
    if (author !== undefined && !author.includes(' - ')) {
      out.push(
        finding('SOL107', `Author "${author}" has no " - email" part; author.email is left out of the package`, {
          file,
          pointer: pointerJoin('', ciKey(data.json, 'Author') ?? 'Author'),
        }),
      );
    }
    const basePathKey = ciKey(data.json, 'BasePath');
    if (basePathKey !== undefined) {
      out.push(
        finding('SOL108', `BasePath ${JSON.stringify(data.json[basePathKey])} is ignored; paths resolve relative to the solution folder`, {
          file,
          pointer: pointerJoin('', basePathKey),
        }),
      );
    }
    const versionKey = ciKey(data.json, 'Version');
    const version = versionKey !== undefined ? data.json[versionKey] : undefined;
    if (typeof version === 'string' && !SEMVER.test(version)) {
      out.push(finding('SOL109', `Version "${version}" is not major.minor.patch`, { file, pointer: pointerJoin('', versionKey!) }));
    }
  }

  if (meta) {
    out.push(...checkSchema('metadata', meta.json, meta.file));
    const publisherId = ciString(meta.json, 'publisherId');
    const offerId = ciString(meta.json, 'offerId');
    if (publisherId?.endsWith('_test') || offerId?.endsWith('_test')) {
      out.push(
        finding('SOL106', `publisherId "${publisherId}" / offerId "${offerId}" are test values; the solution id would be "${publisherId}.${offerId}"`, {
          file: meta.file,
          pointer: pointerJoin('', ciKey(meta.json, 'publisherId') ?? 'publisherId'),
        }),
      );
    }
    if (data) {
      // The data file normally does not repeat these ids; when it does they must agree (seed 002 checklist).
      for (const key of ['publisherId', 'offerId']) {
        const inData = ciGet(data.json, key);
        const inMeta = ciGet(meta.json, key);
        if (inData !== undefined && inData !== inMeta) {
          out.push(
            finding('SOL105', `${key} is ${JSON.stringify(inData)} in the data file but ${JSON.stringify(inMeta)} in ${meta.file}`, {
              file: data.file,
              pointer: pointerJoin('', ciKey(data.json, key)!),
            }),
          );
        }
      }
    }
  }
  return out;
}

/** `publisherId.offerId` (spec §8.2), or undefined when the metadata is missing. */
export function solutionId(sol: LoadedSolution): string | undefined {
  if (!sol.metadata) return undefined;
  const p = ciString(sol.metadata.json, 'publisherId');
  const o = ciString(sol.metadata.json, 'offerId');
  return p !== undefined && o !== undefined ? `${p}.${o}` : undefined;
}
