// Legacy (GenericUI, HTTP Data Collector) connector files, checked the way the repo's own connector validator
// does (spec §7): required properties, REST-specific details, the exact resourceProvider template for REST and
// CEF connectors, and the Log-Type rule N16 for the tables the Data Collector API creates.
import type { LegacyNode } from '../load/index.js';
import { finding, type Finding } from '../model/findings.js';
import { ciArray, ciGet, ciKey, ciPointer, ciString, jsonEqual, type Json } from '../model/json.js';
import { checkInstructionTypes } from './artifact-checks.js';
import { checkSchema } from './schema-check.js';

const REQUIRED = [
  'id',
  'title',
  'publisher',
  'descriptionMarkdown',
  'graphQueries',
  'sampleQueries',
  'dataTypes',
  'connectivityCriterias',
  'availability',
  'permissions',
  'instructionSteps',
];

/** The permissions a REST or CEF legacy connector must declare, verbatim (repo validator template). */
export const LEGACY_RESOURCE_PROVIDER_TEMPLATE: Json = [
  {
    provider: 'Microsoft.OperationalInsights/workspaces',
    permissionsDisplayText: 'read and write permissions are required.',
    providerDisplayName: 'Workspace',
    scope: 'Workspace',
    requiredPermissions: { write: true, read: true, delete: true },
  },
  {
    provider: 'Microsoft.OperationalInsights/workspaces/sharedKeys',
    permissionsDisplayText:
      'read permissions to shared keys for the workspace are required. [See the documentation to learn more about workspace keys](https://docs.microsoft.com/azure/azure-monitor/platform/agent-windows#obtain-workspace-id-and-key).',
    providerDisplayName: 'Keys',
    scope: 'Workspace',
    requiredPermissions: { action: true },
  },
];

export type LegacyCategory = 'CEF' | 'Syslog' | 'AzureFunction' | 'RestAPI' | 'Generic';

/** The repo validator's category, picked from dataTypes[0].name (spec §7). */
export function legacyCategory(json: Json): LegacyCategory {
  const first = ciString(ciArray(json, 'dataTypes')?.[0], 'name') ?? '';
  if (first.includes('CommonSecurityLog')) return 'CEF';
  if (first.includes('Syslog')) return 'Syslog';
  if (first.endsWith('_CL')) return JSON.stringify(ciGet(json, 'instructionSteps') ?? '').includes('[Deploy To Azure]') ? 'AzureFunction' : 'RestAPI';
  return 'Generic';
}

export function checkLegacyConnector(l: LegacyNode): Finding[] {
  const a = l.artifact;
  const at = (...p: (string | number)[]): { file: string; pointer: string } => ({ file: a.file, pointer: ciPointer(a.json, a.pointer, ...p) });
  const out: Finding[] = checkSchema('legacyConnector', a.json, a.file, a.pointer).filter(
    // The required-property errors at the top level are reported once, as SOL601 below.
    (f) => !(f.pointer === a.pointer && f.message.startsWith('missing required property')),
  );
  out.push(...checkInstructionTypes(ciArray(a.json, 'instructionSteps') ?? [], a, ciPointer(a.json, a.pointer, 'instructionSteps')));

  const firstType = ciString(ciArray(a.json, 'dataTypes')?.[0], 'name') ?? '';
  // The repo validator skips connectors whose first data type mentions Event (spec §7).
  if (!firstType.includes('Event')) {
    for (const key of REQUIRED) {
      if (ciKey(a.json, key) === undefined) out.push(finding('SOL601', `legacy connector has no "${key}"`, at()));
    }
    const category = legacyCategory(a.json);
    if (category === 'RestAPI') {
      const availability = ciGet(a.json, 'availability');
      for (const key of ['status', 'isPreview']) {
        if (ciGet(availability, key) === undefined) out.push(finding('SOL602', `REST API connector needs availability.${key}`, at('availability')));
      }
      if (ciGet(ciGet(a.json, 'permissions'), 'resourceProvider') === undefined) {
        out.push(finding('SOL602', 'REST API connector needs permissions.resourceProvider', at('permissions')));
      }
    }
    if (category === 'RestAPI' || category === 'CEF') {
      const rp = ciGet(ciGet(a.json, 'permissions'), 'resourceProvider');
      if (rp !== undefined && !jsonEqual(rp, LEGACY_RESOURCE_PROVIDER_TEMPLATE)) {
        out.push(
          finding('SOL603', `${category} connector permissions.resourceProvider must be the workspace read/write/delete entry plus the sharedKeys action entry, verbatim`, at('permissions', 'resourceProvider')),
        );
      }
    }
  }

  // N16: the Log-Type header (table name without _CL) — letters, digits and _, at most 100 characters.
  (ciArray(a.json, 'dataTypes') ?? []).forEach((dt, i) => {
    const name = ciString(dt, 'name');
    if (name === undefined || !name.endsWith('_CL')) return;
    const logType = name.slice(0, -3);
    if (!/^[A-Za-z0-9_]{1,100}$/.test(logType)) {
      out.push(finding('SOL516', `Log-Type "${logType}" must be 1–100 letters, digits or _`, at('dataTypes', i, 'name')));
    }
  });
  return out;
}
