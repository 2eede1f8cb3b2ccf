// The 200 body of the query API (spec/azure-wire-contracts.md §6.2):
// `{"tables":[{"name","columns","rows"}],"error"?,"statistics"?,"render"?}`. Written by hand so that
// `long` cells keep every digit (bigint) and the row array is produced without an intermediate tree.
import type { QueryOutcome } from '../../query/index.js';
import type { Cell } from '../../query/encode.js';
import { partialError } from '../errors/log-analytics.js';
import type { Preferences } from './prefer.js';

function cellJson(c: Cell): string {
  switch (typeof c) {
    case 'string':
      return JSON.stringify(c);
    case 'bigint':
      return c.toString();
    case 'number':
      // Non-finite reals are already the strings "NaN"/"Infinity" (encode.ts).
      return Number.isFinite(c) ? String(c) : 'null';
    case 'boolean':
      return c ? 'true' : 'false';
    default:
      return 'null';
  }
}

export function rowsJson(rows: readonly (readonly Cell[])[]): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    let s = '[';
    for (let j = 0; j < r.length; j++) s += (j ? ',' : '') + cellJson(r[j]!);
    parts[i] = s + ']';
  }
  return `[${parts.join(',')}]`;
}

/**
 * The `render` object as the service documents it: the visualization and its properties, with
 * the documented keys present even when the query does not set them.
 */
export function renderJson(outcome: Pick<QueryOutcome, 'render' | 'sorted'>): Record<string, unknown> | undefined {
  const r = outcome.render;
  if (!r) return undefined;
  return {
    visualization: r.visualization,
    title: '',
    accumulate: false,
    isQuerySorted: outcome.sorted,
    kind: 'default',
    annotation: '',
    by: null,
    ...r.properties,
  };
}

/**
 * Statistics in the service's outline (`query.executionTime` in seconds, `datasetStatistics` with
 * the result's row count and size) [inf: the service documents no schema], plus Vigil's own timings.
 */
export function statisticsJson(outcome: QueryOutcome, tableSize: number): Record<string, unknown> {
  const s = outcome.statistics;
  return {
    query: {
      executionTime: (s.compileMs + s.runMs) / 1000,
      datasetStatistics: [{ tableRowCount: s.rows, tableSize }],
    },
    vigil: {
      compileMs: round(s.compileMs),
      runMs: round(s.runMs),
      now: outcome.now.toISOString(),
      ...(outcome.timeRange ? { timeRange: { start: ticksIso(outcome.timeRange.start), end: ticksIso(outcome.timeRange.end) } } : {}),
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function ticksIso(ticks: bigint): string {
  return new Date(Number(ticks / 10_000n)).toISOString();
}

/** The object a response body is built from, rows aside (they are written by rowsJson). */
export function queryResponseJson(outcome: QueryOutcome, prefer: Preferences): string {
  const t = outcome.table;
  const rows = rowsJson(t.rows);
  let body = `{"tables":[{"name":${JSON.stringify(t.name)},"columns":${JSON.stringify(t.columns)},"rows":${rows}}]`;
  if (outcome.partial.length > 0) body += `,"error":${JSON.stringify(partialError(outcome.partial))}`;
  if (prefer.includeStatistics) body += `,"statistics":${JSON.stringify(statisticsJson(outcome, Buffer.byteLength(rows)))}`;
  const render = prefer.includeRender ? renderJson(outcome) : undefined;
  if (render) body += `,"render":${JSON.stringify(render)}`;
  return body + '}';
}
