// `vigil solution package <dir>` as a library: validate, build Package/mainTemplate.json, createUiDefinition.json,
// testParameters.json and <version>.zip the way the official packager structures CCF solutions (spec §9), offline
// and deterministically; then self-check (zip = loose files, arm-ttk-style rules).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph, loadSolution, type ConnectorGraph, type LoadedSolution } from '../load/index.js';
import type { KqlAnalyzer } from '../kql/analyzer.js';
import { finding, hasErrors, sortFindings, type Finding } from '../model/findings.js';
import { ciString, type JsonObject } from '../model/json.js';
import { validateSolution } from '../validate/validate-solution.js';
import { CONTENT_LIST_KEYS } from '../load/load-solution.js';
import { emitCcfConnector } from './ccf-connector.js';
import { contentPackageResource } from './content-package.js';
import { newContext, TEMPLATE_SCHEMA, type PackContext } from './context.js';
import { createUiDefinition } from './create-ui-definition.js';
import { emitLegacyConnector } from './legacy-connector.js';
import { checkTemplate } from './ttk.js';
import { emitWorkbook } from './workbook.js';
import { buildZip, readZip } from './zip.js';

export interface PackageOptions {
  /** Output folder; default `<dir>/Package`. */
  outDir?: string;
  /** Write the files (default true). With false, only the documents and the zip bytes are returned. */
  write?: boolean;
  /** Raise the version before packaging. */
  bump?: 'major' | 'minor' | 'patch';
  /** Package even when validation reports errors. */
  force?: boolean;
  kql?: KqlAnalyzer;
  onProgress?: (message: string) => void;
}

export interface PackageSummary {
  name: string;
  version: string;
  solutionId: string;
  dataConnectors: { index: number; id: string; title: string; kind: string }[];
  workbooks: string[];
  leftOut: { key: string; count: number }[];
  resources: number;
  files: { name: string; bytes: number }[];
}

export interface PackageResult {
  ok: boolean;
  findings: Finding[];
  mainTemplate?: JsonObject;
  createUiDefinition?: JsonObject;
  testParameters?: JsonObject;
  zip?: Buffer;
  summary?: PackageSummary;
}

/** The official packager's default package version (spec §9.1): the data file Version, but at least 3.0.0. */
export const DEFAULT_PACKAGE_VERSION = '3.0.0';

export function packageVersion(dataVersion: string | undefined, bump?: PackageOptions['bump']): string {
  const parse = (v: string): number[] => [0, 1, 2].map((i) => Number.parseInt(v.split('.')[i] ?? '0', 10) || 0);
  const a = parse(dataVersion ?? DEFAULT_PACKAGE_VERSION);
  const b = parse(DEFAULT_PACKAGE_VERSION);
  const diff = [0, 1, 2].map((i) => a[i] - b[i]).find((d) => d !== 0) ?? 0;
  let v = diff >= 0 ? a : b;
  if (bump === 'major') v = [v[0] + 1, 0, 0];
  if (bump === 'minor') v = [v[0], v[1] + 1, 0];
  if (bump === 'patch') v = [v[0], v[1], v[2] + 1];
  return v.join('.');
}

/** Builds the three documents in memory (no file output). */
export function buildPackage(
  sol: LoadedSolution,
  graph: ConnectorGraph,
  options: Pick<PackageOptions, 'bump' | 'onProgress'> = {},
): { ctx: PackContext; mainTemplate: JsonObject; createUiDefinition: JsonObject; testParameters: JsonObject } {
  const version = packageVersion(ciString(sol.dataFile!.json, 'Version'), options.bump);
  const ctx = newContext(sol, graph, version, options.onProgress ?? (() => {}));
  ctx.progress(`Packaging ${ctx.name} ${version} (${ctx.solutionId})`);
  const data = sol.dataFile!.json;
  // Content is emitted in the order of the data file's keys, like the packager.
  for (const key of Object.keys(data)) {
    const known = CONTENT_LIST_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    const list = data[key];
    if (!known || !Array.isArray(list)) continue;
    if (known === 'Data Connectors') {
      for (const item of sol.listed.filter((l) => l.key === key && l.resolved !== undefined)) {
        const def = graph.definitions.find((d) => d.artifact.file === item.resolved && d.artifact.listed);
        const legacy = graph.legacy.find((l) => l.artifact.file === item.resolved);
        if (def) emitCcfConnector(ctx, def);
        else if (legacy) emitLegacyConnector(ctx, legacy);
      }
    } else if (known === 'Workbooks') {
      for (const item of sol.listed.filter((l) => l.key === key && l.resolved !== undefined)) emitWorkbook(ctx, item.resolved!);
    } else if (list.length > 0) {
      ctx.findings.push(
        finding('PKG003', `${list.length} ${known} item(s) are not packaged by Vigil yet and are left out of the package`, {
          file: sol.dataFile!.file,
          pointer: `/${key}`,
        }),
      );
      ctx.progress(`  left out: ${list.length} ${known}`);
    }
  }
  ctx.resources.push(contentPackageResource(ctx));
  const mainTemplate: JsonObject = {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: { author: ctx.authorName, comments: `Solution template for ${ctx.name}` },
    parameters: ctx.parameters,
    variables: ctx.variables,
    resources: ctx.resources,
    outputs: {},
  };
  return { ctx, mainTemplate, createUiDefinition: createUiDefinition(ctx), testParameters: JSON.parse(JSON.stringify(ctx.parameters)) as JsonObject };
}

export function serialize(doc: JsonObject): Buffer {
  return Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8');
}

export async function packageSolution(dir: string, options: PackageOptions = {}): Promise<PackageResult> {
  const progress = options.onProgress ?? (() => {});
  const sol = loadSolution(dir);
  const validation = validateSolution(sol, { kql: options.kql });
  const findings: Finding[] = [...validation.findings];
  if (!sol.dataFile || !sol.metadata) {
    findings.push(finding('PKG001', 'a solution needs Data/Solution_<Name>.json and SolutionMetadata.json to be packaged'));
    return { ok: false, findings: sortFindings(findings) };
  }
  if (hasErrors(validation.findings) && !options.force) {
    findings.push(finding('PKG001', 'validation reported errors; fix them or package with force'));
    return { ok: false, findings: sortFindings(findings) };
  }
  const graph: ConnectorGraph = validation.graph ?? buildGraph(sol);
  const built = buildPackage(sol, graph, { bump: options.bump, onProgress: progress });
  findings.push(...built.ctx.findings);

  const files = [
    { name: 'mainTemplate.json', data: serialize(built.mainTemplate) },
    { name: 'createUiDefinition.json', data: serialize(built.createUiDefinition) },
    { name: 'testParameters.json', data: serialize(built.testParameters) },
  ];
  const zip = await buildZip(files);
  const version = built.ctx.version;
  const outDir = options.outDir ?? join(dir, 'Package');
  if (options.write !== false) {
    mkdirSync(outDir, { recursive: true });
    for (const f of files) {
      writeFileSync(join(outDir, f.name), f.data);
      progress(`Wrote ${join(outDir, f.name)} (${f.data.length} bytes)`);
    }
    writeFileSync(join(outDir, `${version}.zip`), zip);
    progress(`Wrote ${join(outDir, `${version}.zip`)} (${zip.length} bytes)`);
  }

  // Self-checks: what was written equals what was built, and the zip holds exactly the loose files.
  const entries = readZip(options.write !== false ? readFileSync(join(outDir, `${version}.zip`)) : zip);
  for (const f of files) {
    const loose = options.write !== false ? readFileSync(join(outDir, f.name)) : f.data;
    const zipped = entries.get(f.name);
    if (!zipped || !zipped.equals(loose)) findings.push(finding('PKG002', `${f.name} in ${version}.zip differs from the loose file`, { file: f.name }));
  }
  findings.push(...checkTemplate(built.mainTemplate, 'mainTemplate.json', built.testParameters));

  const summary: PackageSummary = {
    name: built.ctx.name,
    version,
    solutionId: built.ctx.solutionId,
    dataConnectors: [],
    workbooks: [],
    leftOut: findings.filter((f) => f.code === 'PKG003').map((f) => ({ key: f.pointer.slice(1), count: Number.parseInt(f.message, 10) })),
    resources: built.ctx.resources.length,
    files: [...files.map((f) => ({ name: f.name, bytes: f.data.length })), { name: `${version}.zip`, bytes: zip.length }],
  };
  let index = 1;
  for (const item of sol.listed.filter((l) => l.key.toLowerCase() === 'data connectors' && l.resolved)) {
    const def = graph.definitions.find((d) => d.artifact.file === item.resolved);
    const legacy = graph.legacy.find((l) => l.artifact.file === item.resolved);
    if (def) summary.dataConnectors.push({ index: index++, id: def.id, title: def.title ?? def.id, kind: def.dataConnectors.map((d) => d.kind).join(', ') });
    else if (legacy) summary.dataConnectors.push({ index: index++, id: legacy.id, title: legacy.title ?? legacy.id, kind: 'GenericUI' });
  }
  for (const item of sol.listed.filter((l) => l.key.toLowerCase() === 'workbooks' && l.resolved)) summary.workbooks.push(item.resolved!);
  progress(formatSummary(summary));
  const sorted = sortFindings(findings);
  return {
    ok: !hasErrors(sorted),
    findings: sorted,
    mainTemplate: built.mainTemplate,
    createUiDefinition: built.createUiDefinition,
    testParameters: built.testParameters,
    zip,
    summary,
  };
}

export function formatSummary(s: PackageSummary): string {
  const lines = [`Packaged ${s.name} ${s.version} (${s.solutionId}): ${s.resources} resources`];
  for (const d of s.dataConnectors) lines.push(`  data connector ${d.index}: ${d.title} [${d.id}, ${d.kind}]`);
  for (const w of s.workbooks) lines.push(`  workbook: ${w}`);
  for (const l of s.leftOut) lines.push(`  left out: ${l.count} ${l.key}`);
  for (const f of s.files) lines.push(`  ${f.name} ${f.bytes} bytes`);
  return lines.join('\n');
}

