// The one table of rule codes used by src/solutions. Codes are stable: tools and tests match on them, so a
// code is never reused for a different rule. `spec` names the source in shared/spec/ccf-solutions.md
// (section or N-rule) or in the seeds. Ranges:
//   SOL0xx loading      SOL1xx solution folder/metadata   SOL2xx artifact schemas   SOL3xx cross-file links
//   SOL4xx KQL          SOL5xx naming rules N1–N16 (SOL5nn = Nnn)                      SOL6xx legacy connectors
//   PKG0xx packager     TTK0xx arm-ttk-style template rules                            ARM0xx template evaluation
import type { Severity } from './findings.js';

export interface RuleInfo {
  severity: Severity;
  title: string;
  spec: string;
}

function rule(severity: Severity, title: string, spec: string): RuleInfo {
  return { severity, title, spec };
}

export const RULES = {
  // ── loading ──
  SOL001: rule('error', 'file is not valid JSON', '§13.1'),
  SOL002: rule('warning', 'object has keys that differ only in letter case', '§1 key casing'),
  SOL003: rule('info', 'JSON file under the data-connector folder is not a CCF or legacy connector artifact', '§6 step 2'),
  SOL004: rule('info', 'key is not used by Vigil or the packager and is ignored', '§5.1 (X15)'),
  SOL005: rule('error', 'path is not a solution folder', '§8'),

  // ── solution folder and metadata (seed validation checklist, §8) ──
  SOL101: rule('warning', 'solution folder name contains spaces', 'seed 002 checklist'),
  SOL102: rule('warning', 'data file Name differs from the folder name', 'seed 002 checklist'),
  SOL103: rule('error', 'SolutionMetadata.json is missing from the solution root', 'seed 002 checklist, §8.2'),
  SOL104: rule('warning', 'data file Metadata does not reference SolutionMetadata.json', 'seed 002 checklist'),
  SOL105: rule('error', 'publisherId/offerId differ between the data file and SolutionMetadata.json', 'seed 002 checklist'),
  SOL106: rule('warning', 'SolutionMetadata.json carries test publisher/offer ids', '§12 X4'),
  SOL107: rule('info', 'Author has no " - email" part; author.email is omitted', '§8.1 (X9)'),
  SOL108: rule('info', 'BasePath is ignored; paths resolve relative to the solution folder', '§8.1 (X13)'),
  SOL109: rule('error', 'Version is not a semantic version', '§8.1'),
  SOL110: rule('info', 'no Data/Solution_*.json; every connector definition found is treated as listed', '§8'),
  SOL111: rule('error', 'more than one data file in Data/', '§9.1'),
  SOL112: rule('error', 'file listed in the data file does not exist', '§12 X9, X13'),
  SOL113: rule('error', 'SolutionMetadata.json is inside Data/ instead of the solution root', 'seed 002 checklist'),
  SOL114: rule('error', 'listed data connector is neither a CCF definition nor a legacy connector', '§6 step 1'),

  // ── artifact schemas (§2–§5, §11) ──
  SOL201: rule('error', 'artifact does not match its schema', '§2–§5, §11'),

  // ── cross-file links (§6) ──
  SOL301: rule('error', 'connector definition has no data connector', '§6'),
  SOL302: rule('error', 'data connector stream is not declared by any DCR', '§6, §12 X1'),
  SOL303: rule('error', 'stream is declared by more than one DCR', '§6, §12 X12'),
  SOL304: rule('warning', 'DCR output table has no table file', '§6, §12 X2/X3'),
  SOL305: rule('warning', 'table file is not written by any dataFlow', '§6 additional tables'),
  SOL306: rule('error', 'connectorDefinitionName matches no connector definition', '§6'),
  SOL307: rule('warning', 'connector definition is not listed in the data file; the packager ignores it', '§6 step 1'),
  SOL308: rule('error', 'dataFlow destination is not declared in destinations', '§3'),
  SOL309: rule('error', 'more than one data connector has this name', '§5'),
  SOL310: rule('error', 'more than one connector definition has this id', '§4'),
  SOL311: rule('error', 'dataFlow stream is not declared in streamDeclarations', '§3'),
  SOL312: rule('warning', 'the official packager matches only dataFlows[0].streams[0] and will not find this DCR', '§6 step 4'),
  SOL313: rule('warning', 'dataFlow with a transform lists more than one stream', '§3'),

  // ── KQL (§11.2–§11.5, §3) ──
  SOL400: rule('info', 'KQL checks skipped: no KQL analyzer is wired', '§13.2'),
  SOL401: rule('error', 'KQL syntax error', 'spec/kql.md §5'),
  SOL402: rule('warning', 'query references a table the solution does not declare or write', '§12 X3'),
  SOL403: rule('error', 'KQL name does not resolve', 'spec/kql.md §5'),
  SOL404: rule('error', 'KQL semantic error', 'spec/kql.md §5'),
  SOL405: rule('warning', 'valid KQL that Vigil cannot run yet', 'spec/kql.md §1 (reject by name)'),

  // ── naming rules N1–N16 (§7) ──
  SOL501: rule('error', 'connectorUiConfig.id contains whitespace', 'N1'),
  SOL502: rule('warning', 'definition name differs from connectorUiConfig.id', 'N2'),
  SOL503: rule('error', 'stream name does not start with Custom-', 'N3'),
  SOL504: rule('error', 'outputStream/table naming is wrong', 'N4'),
  SOL505: rule('error', 'table name/schema is wrong', 'N5'),
  SOL506: rule('warning', 'deployed DCR name may exceed 65 characters', 'N6'),
  SOL507: rule('error', 'column name or count is invalid', 'N7'),
  SOL508: rule('warning', 'data type name contains spaces', 'N8'),
  SOL509: rule('warning', 'data type name is not a table the connector writes', 'N9'),
  SOL510: rule('warning', 'poller-based definition has no ConnectionToggleButton', 'N10'),
  SOL511: rule('error', 'data connector kind is not supported by the packager', 'N11'),
  SOL512: rule('error', 'RestApiPoller auth is invalid', 'N12'),
  SOL513: rule('error', 'transformKql uses KQL outside the DCR subset', 'N13'),
  SOL514: rule('warning', 'transform columns do not line up with the stream or table', 'N14'),
  SOL515: rule('error', 'workspace name is invalid', 'N15'),
  SOL516: rule('error', 'legacy Log-Type name is invalid', 'N16'),

  // ── legacy connectors (§7, repo validator) ──
  SOL601: rule('error', 'legacy connector lacks a required property', '§7 legacy validator'),
  SOL602: rule('error', 'legacy REST connector lacks availability/permissions details', '§7 legacy validator'),
  SOL603: rule('error', 'legacy connector resourceProvider permissions differ from the required template', '§7 legacy validator'),

  // ── packager ──
  PKG001: rule('error', 'solution cannot be packaged', '§9'),
  PKG002: rule('error', 'zip content differs from the loose files', '§13.3'),
  PKG003: rule('info', 'content kind is not packaged by Vigil yet and is left out', '§9.1'),

  // ── arm-ttk-style template rules (R20) ──
  TTK001: rule('error', 'template skeleton is invalid', 'arm-ttk deploymentTemplate schema'),
  TTK002: rule('error', 'parameter is declared but never referenced', 'arm-ttk Parameters-Must-Be-Referenced'),
  TTK003: rule('error', 'variable is declared but never referenced', 'arm-ttk Variables-Must-Be-Referenced'),
  TTK004: rule('error', 'reference to an undeclared parameter or variable', 'arm-ttk'),
  TTK005: rule('error', 'resource location is hard-coded', 'arm-ttk Location-Should-Not-Be-Hardcoded'),
  TTK006: rule('error', 'template expression does not parse', 'arm-ttk Template-Expressions'),
  TTK007: rule('error', 'connector UI config has a null or empty required list', 'R20'),
  TTK008: rule('error', 'content ids are inconsistent', 'R20'),
  TTK009: rule('error', 'dependsOn names a resource the template does not contain', 'arm-ttk DependsOn-Must-Not-Be-Conditional'),
  TTK010: rule('error', 'testParameters.json differs from the template parameters', '§9.1'),
  TTK011: rule('error', 'resource has no apiVersion', 'arm-ttk apiVersions-Should-Be-Recent'),

  // ── template evaluation ──
  ARM001: rule('error', 'template expression does not parse', 'ARM template expressions'),
  ARM002: rule('error', 'unknown template function', 'ARM template functions'),
  ARM003: rule('error', 'template function failed', 'ARM template functions'),
  ARM004: rule('error', 'parameter has no value', 'ARM template parameters'),
  ARM005: rule('error', 'unknown parameter or variable', 'ARM template expressions'),
  ARM006: rule('info', 'resource type is not created by Vigil and is skipped', 'issue §5'),
  ARM007: rule('error', 'dependency cycle between resources', 'ARM dependsOn'),
  ARM008: rule('warning', 'dependsOn names a resource the template does not contain', 'ARM dependsOn'),
  ARM009: rule('error', 'parameter value does not match its declaration', 'ARM template parameters'),
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;
