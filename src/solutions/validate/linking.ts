// Cross-file rules (spec §6 and the linked naming rules N9, N10): definition ↔ data connector ↔ DCR ↔ table.
import { outputTablesOf, tableNameOfOutput, type ConnectorGraph, type DefinitionNode } from '../load/index.js';
import type { LoadedSolution } from '../load/load-solution.js';
import { finding, type Finding } from '../model/findings.js';
import { ciArray, ciGet, ciPointer, ciString, type Json } from '../model/json.js';

export function checkLinks(sol: LoadedSolution, g: ConnectorGraph): Finding[] {
  const out: Finding[] = [];

  const byId = new Map<string, DefinitionNode[]>();
  for (const d of g.definitions) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  for (const [id, defs] of byId) {
    if (defs.length < 2 || id === '') continue;
    for (const d of defs.slice(1)) {
      out.push(
        finding('SOL310', `connector definition id "${id}" is also used by ${defs[0].artifact.file}`, {
          file: d.artifact.file,
          pointer: ciPointer(d.artifact.json, d.artifact.pointer, 'properties', 'connectorUiConfig', 'id'),
        }),
      );
    }
  }

  for (const d of g.definitions) {
    const a = d.artifact;
    if (d.dataConnectors.length === 0) {
      out.push(
        finding('SOL301', `no data connector has connectorDefinitionName "${d.id}"`, {
          file: a.file,
          pointer: ciPointer(a.json, a.pointer, 'properties', 'connectorUiConfig', 'id'),
        }),
      );
    }
    if (sol.dataFile && !a.listed) {
      out.push(
        finding('SOL307', `definition "${d.id}" is not listed under "Data Connectors" in ${sol.dataFile.file}; the packager ignores it`, {
          file: a.file,
        }),
      );
    }
    out.push(...checkDataTypeNames(d, g));
    out.push(...checkToggleButton(d));
  }

  const names = new Map<string, string>();
  for (const dc of g.dataConnectors) {
    const a = dc.artifact;
    const where = `${a.file}${a.pointer ? `#${a.pointer}` : ''}`;
    const first = names.get(dc.name);
    if (first !== undefined && dc.name !== '') {
      out.push(finding('SOL309', `data connector name "${dc.name}" is also used by ${first}`, { file: a.file, pointer: ciPointer(a.json, a.pointer, 'name') }));
    } else {
      names.set(dc.name, where);
    }
    if (dc.definitionName !== undefined && !dc.definition) {
      out.push(
        finding('SOL306', `connectorDefinitionName "${dc.definitionName}" matches no connectorUiConfig.id (${g.definitions.map((d) => d.id).join(', ') || 'no definitions'})`, {
          file: a.file,
          pointer: ciPointer(a.json, a.pointer, 'properties', 'connectorDefinitionName'),
        }),
      );
    }
    if (dc.streamName === undefined) continue;
    const streamPtr = ciPointer(a.json, a.pointer, 'properties', 'dcrConfig', 'streamName');
    if (dc.dcrs.length === 0) {
      const declared = g.dcrs.flatMap((x) => x.streams.map((s) => s.name));
      out.push(
        finding('SOL302', `stream "${dc.streamName}" is not declared by any DCR${declared.length ? ` (declared: ${declared.join(', ')})` : ' (the solution has no DCR)'}`, {
          file: a.file,
          pointer: streamPtr,
        }),
      );
    } else if (dc.dcrs.length > 1) {
      out.push(
        finding('SOL303', `stream "${dc.streamName}" is declared by ${dc.dcrs.length} DCRs (${dc.dcrs.map((x) => `${x.name} in ${x.artifact.file}`).join('; ')}); which one is deployed is ambiguous`, {
          file: a.file,
          pointer: streamPtr,
        }),
      );
    } else {
      const dcr = dc.dcrs[0];
      if (dcr.flows[0]?.streams[0] !== dc.streamName) {
        out.push(
          finding('SOL312', `DCR ${dcr.name} reads "${dc.streamName}" but not in dataFlows[0].streams[0], the only place the official packager looks`, {
            file: a.file,
            pointer: streamPtr,
          }),
        );
      }
    }
  }

  const claimedByLegacy = new Set(g.legacy.flatMap((l) => l.tables));
  for (const dcr of g.dcrs) {
    const flows = ciArray(ciGet(dcr.artifact.json, 'properties'), 'dataFlows') ?? [];
    for (const flow of dcr.flows) {
      const table = tableNameOfOutput(flow.outputStream);
      if (table === undefined || flow.table) continue;
      out.push(
        finding('SOL304', `output table ${table} of DCR ${dcr.name} has no table file; it must already exist in the workspace`, {
          file: dcr.artifact.file,
          pointer: ciPointer(flows[flow.index], flow.pointer, 'outputStream'),
        }),
      );
    }
  }
  for (const t of g.tables) {
    if (t.writtenBy.length === 0 && !claimedByLegacy.has(t.name)) {
      out.push(finding('SOL305', `table ${t.name} is not written by any dataFlow of the solution's DCRs`, { file: t.artifact.file, pointer: ciPointer(t.artifact.json, t.artifact.pointer, 'name') }));
    }
  }
  return out;
}

/** Tables a definition's connectors write through their DCRs. */
export function tablesWrittenBy(d: DefinitionNode): string[] {
  const out: string[] = [];
  for (const dc of d.dataConnectors) for (const dcr of dc.dcrs) for (const t of outputTablesOf(dcr)) if (!out.includes(t)) out.push(t);
  return out;
}

/** N9: `dataTypes[].name` should be the table the connector writes (checked when the definition reaches a DCR). */
function checkDataTypeNames(d: DefinitionNode, _g: ConnectorGraph): Finding[] {
  const tables = tablesWrittenBy(d);
  if (tables.length === 0) return [];
  const a = d.artifact;
  const out: Finding[] = [];
  (ciArray(a.json, 'properties', 'connectorUiConfig', 'dataTypes') ?? []).forEach((dt, i) => {
    const name = ciString(dt, 'name');
    if (name !== undefined && !tables.includes(name)) {
      out.push(
        finding('SOL509', `data type "${name}" is not a table this connector writes (${tables.join(', ')})`, {
          file: a.file,
          pointer: ciPointer(a.json, a.pointer, 'properties', 'connectorUiConfig', 'dataTypes', i, 'name'),
        }),
      );
    }
  });
  return out;
}

/** N10: a poller-based definition needs a ConnectionToggleButton, or users cannot connect it. */
function checkToggleButton(d: DefinitionNode): Finding[] {
  if (!d.dataConnectors.some((dc) => dc.kind.toLowerCase() === 'restapipoller')) return [];
  const steps = ciArray(d.artifact.json, 'properties', 'connectorUiConfig', 'instructionSteps') ?? [];
  if (instructionTypes(steps).includes('ConnectionToggleButton')) return [];
  return [
    finding('SOL510', 'this definition has RestApiPoller data connectors but no ConnectionToggleButton instruction', {
      file: d.artifact.file,
      pointer: ciPointer(d.artifact.json, d.artifact.pointer, 'properties', 'connectorUiConfig', 'instructionSteps'),
    }),
  ];
}

export function instructionTypes(steps: Json[]): string[] {
  const out: string[] = [];
  for (const step of steps) {
    for (const ins of ciArray(step, 'instructions') ?? []) {
      const t = ciString(ins, 'type');
      if (t !== undefined) out.push(t);
      out.push(...instructionTypes(ciArray(ciGet(ins, 'parameters'), 'instructionSteps') ?? []));
    }
    out.push(...instructionTypes(ciArray(step, 'innerSteps') ?? []));
  }
  return out;
}
