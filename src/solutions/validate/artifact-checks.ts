// Per-artifact checks: the schema of each artifact and the naming rules of spec §7 that need only the file
// itself (N1–N8, N11, N12). Rules that need the links between files live in linking.ts.
import type { Artifact, ConnectorGraph, DcrNode, TableNode } from '../load/index.js';
import { finding, type Finding } from '../model/findings.js';
import { ciArray, ciGet, ciKey, ciPointer, ciString, isObject, pointerJoin, type Json } from '../model/json.js';
import { INSTRUCTION_TYPES } from './schemas/connector-ui-config.js';
import { checkSchema } from './schema-check.js';

/** Kinds the packager accepts (N11, spec §1). */
export const PACKAGER_KINDS = ['GCP', 'RestApiPoller', 'Push', 'AmazonWebServicesS3', 'StorageAccountBlobContainer'];
const RESERVED_COLUMNS = ['_ResourceId', 'id', '_SubscriptionId', 'TenantId', 'Type', 'UniqueId', 'Title'];
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface ArtifactCheckOptions {
  /** Workspace name used to compute the deployed DCR name length (N6); see dcrNameBudget. */
  workspaceName?: string;
}

export function checkArtifacts(g: ConnectorGraph, options: ArtifactCheckOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const d of g.definitions) out.push(...checkDefinition(d.artifact));
  for (const dc of g.dataConnectors) out.push(...checkDataConnector(dc.artifact));
  for (const dcr of g.dcrs) out.push(...checkDcr(dcr, options));
  for (const t of g.tables) out.push(...checkTable(t));
  return out;
}

function checkDefinition(a: Artifact): Finding[] {
  const out = checkSchema('definition', a.json, a.file, a.pointer);
  const ui = ciGet(ciGet(a.json, 'properties'), 'connectorUiConfig');
  const id = ciString(ui, 'id');
  const idPtr = ciPointer(a.json, a.pointer, 'properties', 'connectorUiConfig', 'id');
  if (id !== undefined && /\s/.test(id)) {
    out.push(finding('SOL501', `connectorUiConfig.id "${id}" contains whitespace; data connectors refer to it by name`, { file: a.file, pointer: idPtr }));
  }
  const name = ciString(a.json, 'name');
  if (id !== undefined && name !== undefined && name !== id) {
    out.push(
      finding('SOL502', `definition name "${name}" differs from connectorUiConfig.id "${id}"; keep them equal`, {
        file: a.file,
        pointer: ciPointer(a.json, a.pointer, 'name'),
      }),
    );
  }
  (ciArray(ui, 'dataTypes') ?? []).forEach((dt, i) => {
    const dtName = ciString(dt, 'name');
    if (dtName !== undefined && hasDisallowedSpace(dtName)) {
      out.push(
        finding('SOL508', `data type name "${dtName}" contains spaces; use the table name`, {
          file: a.file,
          pointer: ciPointer(a.json, a.pointer, 'properties', 'connectorUiConfig', 'dataTypes', i, 'name'),
        }),
      );
    }
  });
  out.push(...checkInstructionTypes(ciArray(ui, 'instructionSteps') ?? [], a, ciPointer(a.json, a.pointer, 'properties', 'connectorUiConfig', 'instructionSteps')));
  return out;
}

/** Unknown instruction types render as nothing in the portal; a warning, not an error (the list grows). */
export function checkInstructionTypes(steps: Json[], a: Artifact, base: string): Finding[] {
  const out: Finding[] = [];
  steps.forEach((step, si) => {
    const instrKey = ciKey(step, 'instructions');
    const instructions = instrKey !== undefined && isObject(step) ? step[instrKey] : undefined;
    if (Array.isArray(instructions)) {
      instructions.forEach((ins, ii) => {
        const type = ciString(ins, 'type');
        const p = pointerJoin(base, si, instrKey!, ii);
        if (type !== undefined && !INSTRUCTION_TYPES.includes(type)) {
          out.push(
            finding('SOL201', `instruction type "${type}" is not one of ${INSTRUCTION_TYPES.join(', ')}`, {
              file: a.file,
              pointer: ciPointer(ins, p, 'type'),
              severity: 'warning',
            }),
          );
        }
        const nested = ciArray(ciGet(ins, 'parameters'), 'instructionSteps');
        if (nested) out.push(...checkInstructionTypes(nested, a, ciPointer(ins, p, 'parameters', 'instructionSteps')));
      });
    }
    const inner = ciArray(step, 'innerSteps');
    if (inner) out.push(...checkInstructionTypes(inner, a, ciPointer(step, pointerJoin(base, si), 'innerSteps')));
  });
  return out;
}

function checkDataConnector(a: Artifact): Finding[] {
  const out = checkSchema('dataConnector', a.json, a.file, a.pointer);
  const kind = ciString(a.json, 'kind');
  if (kind !== undefined && !PACKAGER_KINDS.some((k) => k.toLowerCase() === kind.toLowerCase())) {
    out.push(
      finding('SOL511', `kind "${kind}" is not one the packager accepts (${PACKAGER_KINDS.join(', ')})`, {
        file: a.file,
        pointer: ciPointer(a.json, a.pointer, 'kind'),
      }),
    );
  }
  const props = ciGet(a.json, 'properties');
  if (kind?.toLowerCase() === 'restapipoller') out.push(...checkPollerAuth(a, props));
  const dataType = ciString(props, 'dataType');
  if (dataType !== undefined && hasDisallowedSpace(dataType)) {
    out.push(
      finding('SOL508', `dataType "${dataType}" contains spaces; use the table name`, {
        file: a.file,
        pointer: ciPointer(a.json, a.pointer, 'properties', 'dataType'),
      }),
    );
  }
  const ruleIdKey = ciKey(ciGet(props, 'dcrConfig'), 'dataCollectionRuleId');
  if (ruleIdKey !== undefined) {
    out.push(
      finding('SOL004', `dcrConfig.${ruleIdKey} is not used by the packager or the service; the connection uses dataCollectionRuleImmutableId`, {
        file: a.file,
        pointer: ciPointer(a.json, a.pointer, 'properties', 'dcrConfig', ruleIdKey),
      }),
    );
  }
  return out;
}

/** N12: auth types the packager accepts for pollers and the fields each needs (spec §5.2). */
function checkPollerAuth(a: Artifact, props: Json | undefined): Finding[] {
  const auth = ciGet(props, 'auth');
  const type = ciString(auth, 'type');
  const at = (...p: string[]): string => ciPointer(a.json, a.pointer, 'properties', 'auth', ...p);
  const required: Record<string, string[]> = { oauth2: ['ClientId', 'ClientSecret'], basic: ['username', 'password'], apikey: ['ApiKey'] };
  if (type === undefined || !(type.toLowerCase() in required)) {
    return [
      finding('SOL512', `RestApiPoller auth.type ${JSON.stringify(type ?? null)} is not Basic, OAuth2 or APIKey`, {
        file: a.file,
        pointer: at('type'),
      }),
    ];
  }
  const out: Finding[] = [];
  for (const field of required[type.toLowerCase()]) {
    const v = ciGet(auth, field);
    if (typeof v !== 'string' || v === '') {
      out.push(finding('SOL512', `${type} auth needs "${field}"`, { file: a.file, pointer: at(field) }));
    }
  }
  return out;
}

function checkDcr(dcr: DcrNode, options: ArtifactCheckOptions): Finding[] {
  const a = dcr.artifact;
  const out = checkSchema('dcr', a.json, a.file, a.pointer);
  for (const s of dcr.streams) {
    if (!s.name.startsWith('Custom-')) {
      out.push(finding('SOL503', `stream "${s.name}" does not start with "Custom-"`, { file: a.file, pointer: s.pointer }));
    }
  }
  const destinationNames = (ciArray(ciGet(ciGet(a.json, 'properties'), 'destinations'), 'logAnalytics') ?? [])
    .map((d) => ciString(d, 'name'))
    .filter((n): n is string => n !== undefined);
  for (const flow of dcr.flows) {
    const flowJson = ciArray(ciGet(a.json, 'properties'), 'dataFlows')?.[flow.index];
    flow.streams.forEach((s, i) => {
      if (!dcr.streams.some((d) => d.name === s) && !s.startsWith('Microsoft-')) {
        out.push(
          finding('SOL311', `dataFlow reads stream "${s}", which streamDeclarations does not declare`, {
            file: a.file,
            pointer: ciPointer(flowJson, flow.pointer, 'streams', i),
          }),
        );
      }
    });
    flow.destinations.forEach((d, i) => {
      if (!destinationNames.includes(d)) {
        out.push(
          finding('SOL308', `dataFlow destination "${d}" is not declared in destinations (${destinationNames.join(', ') || 'none'})`, {
            file: a.file,
            pointer: ciPointer(flowJson, flow.pointer, 'destinations', i),
          }),
        );
      }
    });
    if (flow.streams.length > 1 && flow.transformKql !== undefined && flow.transformKql.trim() !== 'source') {
      out.push(
        finding('SOL313', 'a dataFlow with transformKql should read exactly one stream', {
          file: a.file,
          pointer: ciPointer(flowJson, flow.pointer, 'streams'),
        }),
      );
    }
    if (flow.outputStream !== undefined) {
      const p = ciPointer(flowJson, flow.pointer, 'outputStream');
      if (flow.outputStream.startsWith('Custom-')) {
        const table = flow.outputStream.slice('Custom-'.length);
        if (!table.endsWith('_CL') || table.startsWith('Custom-')) {
          out.push(finding('SOL504', `custom outputStream "${flow.outputStream}" must be "Custom-" + a table name ending in _CL`, { file: a.file, pointer: p }));
        }
      } else if (!flow.outputStream.startsWith('Microsoft-')) {
        out.push(finding('SOL504', `outputStream "${flow.outputStream}" must start with "Custom-" or "Microsoft-"`, { file: a.file, pointer: p }));
      }
    }
  }
  const budget = dcrNameBudget(dcr.name, options.workspaceName);
  if (budget.exceeds) {
    out.push(finding('SOL506', budget.message, { file: a.file, pointer: ciPointer(a.json, a.pointer, 'name') }));
  }
  return out;
}

/**
 * N6: Azure deploys the DCR as `Microsoft-Sentinel-{name}-{workspace}-{random}` and rejects names over 65
 * characters. The random part's length is not documented; Halcyon's upgrade script uses 12 characters
 * (spec §9.11), so 12 is assumed. With a workspace name the exact length is checked; without one, only a DCR
 * name that leaves no room for the shortest valid workspace name (3 characters, N15) is reported.
 */
export function dcrNameBudget(name: string, workspaceName?: string): { exceeds: boolean; message: string } {
  const fixed = 'Microsoft-Sentinel-'.length + name.length + 2 + 12;
  if (workspaceName !== undefined) {
    const total = fixed + workspaceName.length;
    return {
      exceeds: total > 65,
      message: `deployed DCR name would be ${total} characters (Microsoft-Sentinel-${name}-${workspaceName}-<12 random>), over the 65 allowed`,
    };
  }
  const left = 65 - fixed;
  return {
    exceeds: left < 3,
    message: `DCR name "${name}" leaves ${Math.max(left, 0)} characters for the workspace name in the deployed name Microsoft-Sentinel-{name}-{workspace}-{random} (65 max)`,
  };
}

function checkTable(t: TableNode): Finding[] {
  const a = t.artifact;
  const out = checkSchema('table', a.json, a.file, a.pointer);
  const namePtr = ciPointer(a.json, a.pointer, 'name');
  if (!t.name.endsWith('_CL') || t.name.startsWith('Custom-')) {
    out.push(finding('SOL504', `table name "${t.name}" must end with _CL and must not start with "Custom-"`, { file: a.file, pointer: namePtr }));
  }
  const schemaName = ciString(a.json, 'properties', 'schema', 'name');
  if (schemaName !== undefined && schemaName !== t.name) {
    out.push(
      finding('SOL505', `schema.name "${schemaName}" differs from the table name "${t.name}"`, {
        file: a.file,
        pointer: ciPointer(a.json, a.pointer, 'properties', 'schema', 'name'),
      }),
    );
  }
  const columnsPtr = ciPointer(a.json, a.pointer, 'properties', 'schema', 'columns');
  const tg = t.columns.find((c) => c.name === 'TimeGenerated');
  if (!tg || tg.type.toLowerCase() !== 'datetime') {
    out.push(
      finding('SOL505', tg ? `TimeGenerated must be of type datetime, not ${tg.type}` : 'the schema has no TimeGenerated column of type datetime', {
        file: a.file,
        pointer: columnsPtr,
      }),
    );
  }
  if (t.columns.length > 500) {
    out.push(finding('SOL507', `the table has ${t.columns.length} columns; at most 500 are allowed`, { file: a.file, pointer: columnsPtr }));
  }
  const seen = new Set<string>();
  t.columns.forEach((c, i) => {
    const p = pointerJoin(columnsPtr, i);
    const problems: string[] = [];
    if (c.name.length > 45) problems.push('is longer than 45 characters');
    if (!COLUMN_NAME.test(c.name)) problems.push('must start with a letter and use only letters, digits and _');
    if (RESERVED_COLUMNS.some((r) => r.toLowerCase() === c.name.toLowerCase())) problems.push('is a reserved name');
    if (seen.has(c.name)) problems.push('is declared twice');
    seen.add(c.name);
    for (const problem of problems) out.push(finding('SOL507', `column "${c.name}" ${problem}`, { file: a.file, pointer: p }));
  });
  return out;
}

/** N8: spaces are allowed only in names that mention CommonSecurityLog or Syslog (repo `dataTypeChecker`). */
function hasDisallowedSpace(name: string): boolean {
  return /\s/.test(name) && !/CommonSecurityLog|Syslog/.test(name);
}
