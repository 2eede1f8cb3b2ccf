// Comparison of evaluated rows with the untyped expected cells of the doc examples
// (spec/kql.md §6.3): per-type normalisation, rows as multisets (no DCR example fixes an order),
// truncated tables as subsets, abbreviated cells (`...`) as wildcards.

import { parseDatetime } from '../../src/kql/runtime/datetime.js';
import { dynamicToString, formatDynamic } from '../../src/kql/runtime/dynamic.js';
import { parseTimespan } from '../../src/kql/runtime/timespan.js';
import type { ColumnDecl, Dynamic, KqlValue } from '../../src/kql/runtime/types.js';

export interface Example {
  page: string;
  line: number;
  query: string;
  columns: string[];
  rows: string[][];
  truncated: boolean;
  abbreviated: boolean;
}

/** Markdown table cells cannot hold leading/trailing white space: compare trimmed text. */
function trimmed(s: string): string {
  return s.trim();
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** True when the actual value of a column of type `type` matches the expected cell text. */
export function cellMatches(type: ColumnDecl['type'], actual: KqlValue, expected: string, abbreviated: boolean): boolean {
  const e = expected.trim();
  if (abbreviated && e.includes('...')) {
    const prefix = e.slice(0, e.indexOf('...'));
    return actualText(type, actual).startsWith(prefix);
  }
  if (e === 'null' || e === '(null)') return actual === null || (type === 'dynamic' && actual === null);
  if (e === '') return actual === null || actual === '';
  if (actual === null) return false;
  switch (type) {
    case 'bool': {
      const x = e.toLowerCase();
      return (actual === true && (x === 'true' || x === '1')) || (actual === false && (x === 'false' || x === '0'));
    }
    case 'datetime':
      return parseDatetime(e) === actual;
    case 'timespan':
      return parseTimespan(e) === actual;
    case 'int':
    case 'long':
      return /^-?\d+$/.test(e) && Number(e) === actual;
    case 'real':
    case 'decimal': {
      const x = Number(e);
      const a = actual as number;
      if (Number.isNaN(x)) return false;
      if (Math.abs(a - x) <= 1e-9 * Math.max(1, Math.abs(x))) return true;
      // Doc outputs sometimes show rounded values: round the actual value to the decimals shown.
      const decimals = (e.split('.')[1] ?? '').length;
      return Number(a.toFixed(decimals)) === x;
    }
    case 'dynamic': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(e);
      } catch {
        return trimmed(dynamicToString(actual as Dynamic)) === e;
      }
      return jsonEqual(JSON.parse(formatDynamic(actual as Dynamic)), parsed);
    }
    case 'guid':
      return (actual as string).toLowerCase() === e.toLowerCase();
    default:
      return trimmed(actual as string) === e;
  }
}

function actualText(type: ColumnDecl['type'], v: KqlValue): string {
  if (v === null) return '';
  if (type === 'dynamic') return dynamicToString(v as Dynamic);
  return String(v);
}

/** Matches expected rows against actual rows as multisets; returns a failure message or null. */
export function compareRows(columns: ColumnDecl[], actual: KqlValue[][], ex: Pick<Example, 'rows' | 'truncated' | 'abbreviated'>): string | null {
  const used = new Set<number>();
  for (const [i, exp] of ex.rows.entries()) {
    if (exp.length !== columns.length) return `expected row ${i} has ${exp.length} cells, result has ${columns.length} columns`;
    const j = actual.findIndex((row, k) => !used.has(k) && row.every((v, c) => cellMatches(columns[c].type, v, exp[c], ex.abbreviated)));
    if (j < 0) return `expected row ${i} [${exp.join(' | ')}] not found in result`;
    used.add(j);
  }
  if (!ex.truncated && used.size !== actual.length) return `result has ${actual.length - used.size} row(s) more than expected`;
  return null;
}
