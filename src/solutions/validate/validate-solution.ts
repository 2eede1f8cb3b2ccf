// `vigil solution validate <dir>` as a library: load, then every check, returning findings in a stable order.
import { buildGraph, loadSolution, type ConnectorGraph, type LoadedSolution } from '../load/index.js';
import type { KqlAnalyzer } from '../kql/analyzer.js';
import { vigilAnalyzer } from '../kql/vigil-analyzer.js';
import { finding, sortFindings, type Finding } from '../model/findings.js';
import { checkArtifacts } from './artifact-checks.js';
import { checkKql } from './kql-checks.js';
import { checkLegacyConnector } from './legacy.js';
import { checkLinks } from './linking.js';
import { checkSolutionFiles } from './solution-checks.js';

export interface ValidateOptions {
  /**
   * The KQL step. Default: Vigil's own KQL library (vigilAnalyzer). `false` skips KQL (SOL400; only table names
   * at the start of queries are checked).
   */
  kql?: KqlAnalyzer | false;
  /** Target workspace name: enables the exact N6 length check and N15. */
  workspaceName?: string;
}

export interface ValidationResult {
  solution: LoadedSolution;
  graph: ConnectorGraph;
  findings: Finding[];
}

export function validateSolution(dirOrSolution: string | LoadedSolution, options: ValidateOptions = {}): ValidationResult {
  const sol = typeof dirOrSolution === 'string' ? loadSolution(dirOrSolution) : dirOrSolution;
  const graph = buildGraph(sol);
  const findings: Finding[] = [...sol.findings];
  if (findings.some((f) => f.code === 'SOL005')) return { solution: sol, graph, findings };

  findings.push(...checkSolutionFiles(sol));
  findings.push(...checkArtifacts(graph, { workspaceName: options.workspaceName }));
  for (const l of graph.legacy) findings.push(...checkLegacyConnector(l));
  findings.push(...checkLinks(sol, graph));
  findings.push(...checkKql(graph, options.kql === false ? undefined : (options.kql ?? vigilAnalyzer)));
  if (options.workspaceName !== undefined) findings.push(...checkWorkspaceName(options.workspaceName));
  return { solution: sol, graph, findings: sortFindings(findings) };
}

/** N15: workspace names as the management API accepts them (spec §4). */
export function checkWorkspaceName(name: string): Finding[] {
  return /^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$/.test(name)
    ? []
    : [finding('SOL515', `workspace name "${name}" must match ^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$`)];
}
