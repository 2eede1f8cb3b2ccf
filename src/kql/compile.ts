// parse → bind → plan → print: the whole query compiler behind `compileQuery`.

import { parse } from './syntax/parse.js';
import type { Diagnostic as SyntaxDiagnostic } from './syntax/diagnostics.js';
import { bindScript } from './semantic/binder.js';
import type { BoundQuery, RenderInfo, BTabular, BExpr } from './semantic/bound.js';
import type { Column, ScalarType } from './semantic/types.js';
import type { SchemaProvider } from './semantic/schema-provider.js';
import { lineColumnOf, SEMANTIC_CODES, type Diagnostic } from './semantic/diagnostics.js';
import { Planner, PlanError } from './plan/planner.js';
import { DialectError, type ScanScope, type SqlDialect } from './dialects/dialect.js';

export interface CompileOptions {
  schema: SchemaProvider;
  dialect: SqlDialect;
  /** `now()` for this query (default: the current time), fixed for the whole query (S9). */
  now?: Date | bigint;
  /** Query parameter values (`declare query_parameters`), typed by the declaration. */
  parameters?: Record<string, { type: ScalarType; value: unknown }>;
  /** Filters every table scan (the query API's `timespan`, resource-centric queries). */
  scanScope?: ScanScope;
  /** Answers to schema probes of a previous compilation (probe id → property names). */
  pluginSchemas?: Record<string, string[]>;
  /** Where `externaldata` URIs may be read from (see BindOptions.externalData). */
  externalData?: (uri: string) => string | undefined;
}

/**
 * A query whose output columns depend on the data (`evaluate bag_unpack(d)` without a declared
 * schema): run each probe's SQL (one column of names), then compile again with
 * `pluginSchemas: { [id]: names }`.
 */
export interface SchemaProbeRequest {
  id: string;
  sql: string;
}

export interface CompiledQuery {
  /** SQL text; absent when there are error diagnostics. */
  sql?: string;
  columns: Column[];
  render?: RenderInfo;
  diagnostics: Array<Diagnostic | SyntaxDiagnostic>;
  /** The bound tree (for validators and the row compiler). */
  bound?: BoundQuery;
  /** Present when the query needs data-dependent schemas first (see SchemaProbeRequest). */
  probes?: SchemaProbeRequest[];
}

const UNIX_EPOCH_MS_TO_TICKS = 10_000n;

function nowTicks(now: Date | bigint | undefined): bigint {
  if (typeof now === 'bigint') return now;
  return BigInt((now ?? new Date()).getTime()) * UNIX_EPOCH_MS_TO_TICKS;
}

function diag(text: string, code: string, message: string, start = 0, end = 0): Diagnostic {
  const { line, column } = lineColumnOf(text, start);
  return { code, severity: 'error', message, start, end, line, column };
}

export function compileQuery(text: string, options: CompileOptions): CompiledQuery {
  const parsed = parse(text);
  const syntaxErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (syntaxErrors.length) return { columns: [], diagnostics: parsed.diagnostics };
  const paramTypes = options.parameters
    ? Object.fromEntries(Object.entries(options.parameters).map(([k, v]) => [k, { type: v.type }]))
    : undefined;
  const bound = bindScript(parsed.script, text, { schema: options.schema, parameters: paramTypes, pluginSchemas: options.pluginSchemas, externalData: options.externalData });
  const printOptions = (planner: Planner) => ({
    now: nowTicks(options.now),
    scanScope: options.scanScope,
    parameters: options.parameters ? Object.fromEntries(Object.entries(options.parameters).map(([k, v]) => [k, v.value])) : undefined,
    planSubquery: (b: BTabular) => planner.lower(b, false).node,
  });
  if (bound.probes) {
    try {
      const planner = new Planner();
      const probes = bound.probes.map((p) => ({ id: p.id, sql: options.dialect.printKeysProbe(planner.lower(p.input, false).node, p.column, p.kind, printOptions(planner)) }));
      return { columns: [], diagnostics: [], probes };
    } catch (err) {
      if (!(err instanceof DialectError || err instanceof PlanError)) throw err;
    }
  }
  if (!bound.query) return { columns: [], diagnostics: bound.diagnostics };
  const q = bound.query;
  try {
    const planner = new Planner();
    const ir = planner.plan(q);
    const sql = options.dialect.print(ir, printOptions(planner));
    return { sql, columns: q.columns, render: q.render, diagnostics: [], bound: q };
  } catch (err) {
    if (err instanceof DialectError || err instanceof PlanError) {
      const start = err.start ?? 0;
      const code = err instanceof DialectError ? SEMANTIC_CODES.unsupportedInDialect.code : SEMANTIC_CODES.unsupportedSyntax.code;
      return { columns: q.columns, diagnostics: [diag(text, code, err.message, start, err.end ?? start)], bound: q };
    }
    throw err;
  }
}

/**
 * compileQuery, answering schema probes (`evaluate bag_unpack`, `evaluate pivot`) on the way:
 * `runProbe` runs one probe's SQL (the same session setup as the query) and returns its first
 * column; the answers feed the next compilation, for at most `maxRounds` rounds (a probe's input
 * may itself need a probe). A query without probes compiles once.
 */
export async function compileQueryWithProbes(
  text: string,
  options: CompileOptions,
  runProbe: (sql: string) => Promise<readonly unknown[]>,
  maxRounds = 3,
): Promise<CompiledQuery> {
  let compiled = compileQuery(text, options);
  const pluginSchemas: Record<string, string[]> = { ...options.pluginSchemas };
  for (let round = 0; compiled.probes && round < maxRounds; round++) {
    for (const p of compiled.probes) pluginSchemas[p.id] = (await runProbe(p.sql)).filter((v) => v !== null && v !== undefined).map(String);
    compiled = compileQuery(text, { ...options, pluginSchemas });
  }
  if (compiled.probes) {
    return { columns: [], diagnostics: [diag(text, SEMANTIC_CODES.unsupportedSyntax.code, `the query's output columns still depend on the data after ${maxRounds} rounds of schema probes`)] };
  }
  return compiled;
}

export type { BExpr };
