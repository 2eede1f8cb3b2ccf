// What a JSON object in a solution folder is. Files are recognised by their `type` (file names vary between
// solutions, spec §8), legacy GenericUI connectors by their shape (repo validator, spec §7).
import { ciGet, ciString, isObject, type Json, type JsonObject } from '../model/json.js';

export type ArtifactKind = 'definition' | 'dataConnector' | 'dcr' | 'table' | 'legacyConnector';

export const ARM_TYPES = {
  definition: 'Microsoft.SecurityInsights/dataConnectorDefinitions',
  dataConnector: 'Microsoft.SecurityInsights/dataConnectors',
  dcr: 'Microsoft.Insights/dataCollectionRules',
  table: 'Microsoft.OperationalInsights/workspaces/tables',
} as const;

export interface Artifact {
  kind: ArtifactKind;
  /** Path relative to the solution root, forward slashes. */
  file: string;
  /** Pointer of the object inside its file: '' for a single object, '/3' for the fourth element of an array file. */
  pointer: string;
  json: JsonObject;
  /** True when the data file lists this file (only definitions and legacy connectors are listed). */
  listed: boolean;
}

/** Classifies one JSON object, or returns undefined when it is not a connector artifact. */
export function classifyObject(obj: Json): ArtifactKind | undefined {
  if (!isObject(obj)) return undefined;
  const type = ciString(obj, 'type')?.toLowerCase();
  if (type !== undefined) {
    for (const [kind, armType] of Object.entries(ARM_TYPES)) {
      if (armType.toLowerCase() === type) return kind as ArtifactKind;
    }
  }
  // The repo's connector validator treats a file as a legacy connector when it has a top-level id and
  // connectivityCriterias (spec §7); the CCF spelling is accepted too so a mis-typed file is not lost.
  if (typeof ciGet(obj, 'id') === 'string' && typeof ciGet(obj, 'title') === 'string') {
    if (ciGet(obj, 'connectivityCriterias') !== undefined || ciGet(obj, 'connectivityCriteria') !== undefined) {
      return 'legacyConnector';
    }
  }
  return undefined;
}

/** A file may hold one object or an array of them (SentinelOne's 7 pollers, spec §5). */
export function objectsInFile(doc: Json): { pointer: string; json: Json }[] {
  if (Array.isArray(doc)) return doc.map((json, i) => ({ pointer: `/${i}`, json }));
  return [{ pointer: '', json: doc }];
}
