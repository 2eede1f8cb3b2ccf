// Finds every DCR data flow under fixtures/azure-sentinel, with its stream declaration, its
// transformKql, the JSON path of that transformKql, and the destination table's schema when the
// solution ships it. Shared by the fixture test and the transform benchmark.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { normaliseTypeName, type ColumnDecl } from '../../../src/kql/runtime/types.js';

export interface FixtureFlow {
  file: string;
  jsonPath: string;
  stream: string;
  input: ColumnDecl[];
  transformKql: string;
  outputStream: string;
  table?: { name: string; columns: ColumnDecl[] };
}

const ROOT = '../shared/fixtures/azure-sentinel';

function walkFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walkFiles(p, out);
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

function columns(raw: { name: string; type: string }[]): ColumnDecl[] {
  return raw.map((c) => {
    const type = normaliseTypeName(c.type);
    if (!type) throw new Error(`unknown column type ${c.type}`);
    return { name: c.name, type };
  });
}

type Json = Record<string, unknown>;

export function fixtureFlows(): FixtureFlow[] {
  const flows: FixtureFlow[] = [];
  const tables = new Map<string, { name: string; columns: ColumnDecl[] }[]>(); // solution dir → tables
  const dcrs: { file: string; path: string; props: Json }[] = [];
  for (const file of walkFiles(ROOT, [])) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch {
      continue;
    }
    const solution = relative(ROOT, file).split('/').slice(0, 2).join('/');
    const visit = (o: unknown, path: string): void => {
      if (Array.isArray(o)) return o.forEach((v, i) => visit(v, `${path}[${i}]`));
      if (o === null || typeof o !== 'object') return;
      const obj = o as Json;
      if ('dataFlows' in obj && 'streamDeclarations' in obj) dcrs.push({ file, path, props: obj });
      const schema = (obj.properties as Json | undefined)?.schema as Json | undefined;
      if (schema && Array.isArray(schema.columns) && typeof schema.name === 'string') {
        const list = tables.get(solution) ?? [];
        if (!list.some((t) => t.name === schema.name)) list.push({ name: schema.name, columns: columns(schema.columns as never) });
        tables.set(solution, list);
      }
      for (const [k, v] of Object.entries(obj)) visit(v, `${path}.${k}`);
    };
    visit(doc, '$');
  }
  for (const { file, path, props } of dcrs) {
    const solution = relative(ROOT, file).split('/').slice(0, 2).join('/');
    const decls = props.streamDeclarations as Record<string, { columns: { name: string; type: string }[] }>;
    (props.dataFlows as Json[]).forEach((df, i) => {
      const stream = (df.streams as string[])[0];
      const outputStream = String(df.outputStream ?? '');
      const tableName = outputStream.replace(/^Custom-/, '');
      const table = tables.get(solution)?.find((t) => t.name === tableName);
      flows.push({
        file: relative('..', file),
        jsonPath: `${path}.dataFlows[${i}].transformKql`,
        stream,
        input: columns(decls[stream].columns),
        transformKql: typeof df.transformKql === 'string' ? df.transformKql : 'source',
        outputStream,
        ...(table ? { table } : {}),
      });
    });
  }
  return flows;
}
