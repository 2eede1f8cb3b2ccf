// Would a pass-through flow store this record exactly as it was sent? Then the pipeline need not
// serialise it again: the request body's own bytes go to the journal (pipeline/as-sent.ts), which
// saves the row object and the JSON.stringify per record — the largest single cost of the main
// thread (spec/performance-notes.md: re-serialising ~2.8 µs of ~8 µs per event).
//
// "Exactly as sent" means the row encoder (row-encoder.ts) would write every stored value unchanged:
// a string (within the 64 KB field limit) into a string column, a JSON integer in range into an
// int or long column, any number into a real column, a boolean into a bool column, a canonical UTC
// datetime text into a datetime column, a JSON value with nothing KQL would retype into a dynamic
// column. Nulls load as null either way. An empty string is stored as "" rather than null, which
// KQL does not tell apart (the KQL printer reads string columns as COALESCE(x, '')).
//
// Like the row encoder, the check is generated code with the property names as literals, so V8
// sees monomorphic reads on records of one shape.
import { typeJson } from '../../kql/runtime/dynamic.js';
import { INT_MAX, INT_MIN } from '../../kql/runtime/numbers.js';
import type { KqlType } from '../../kql/runtime/types.js';
import { isCanonicalUtcDatetime } from './canonical-datetime.js';
import { SAFE_STRING_UNITS } from './field-limit.js';
import { UNCOERCIBLE, type RawEncoder } from './raw-encoders.js';

export interface AsSentField {
  key: string;
  /** Declared type, and the table column's type (undefined: the table has no such column). */
  streamType: KqlType;
  columnType: KqlType | undefined;
  /** For a declared field no column takes: its check against the declared type. */
  validate?: RawEncoder;
}

/** 0: not as sent (encode the request instead); 1: as sent; 2: as sent, and TimeGenerated is absent or null. */
export type AsSentCheck = (record: Record<string, unknown>) => 0 | 1 | 2;

const CHECKS: Partial<Record<KqlType, string>> = {
  string: 'typeof v !== "string" || v.length > SAFE',
  int: 'typeof v !== "number" || !Number.isInteger(v) || v < INT_MIN || v > INT_MAX',
  long: 'typeof v !== "number" || !Number.isSafeInteger(v)',
  real: 'typeof v !== "number" || !Number.isFinite(v)', // 1e400 parses to Infinity, which the encoder writes as null
  bool: 'typeof v !== "boolean"',
  datetime: 'typeof v !== "string" || !CANON(v)',
  dynamic: 'TYPE_JSON(v) !== v',
};

/**
 * The check for a pass-through flow, or null when some stored field can never be as sent (a column
 * of another type than declared, or a type whose stored form differs from its JSON: guid, timespan,
 * decimal).
 */
export function compileAsSentCheck(fields: readonly AsSentField[], watchKey?: string): AsSentCheck | null {
  const lines: string[] = ['var v;'];
  const validators: RawEncoder[] = [];
  for (const f of fields) {
    const prop = JSON.stringify(f.key);
    if (f.columnType === undefined) {
      if (!f.validate) continue;
      lines.push(`v = rec[${prop}];`);
      lines.push(`if (v !== undefined && v !== null && V[${validators.length}](v) === UNCOERCIBLE) return 0;`);
      validators.push(f.validate);
      continue;
    }
    const check = f.streamType === f.columnType ? CHECKS[f.columnType] : undefined;
    if (check === undefined) return null;
    lines.push(`v = rec[${prop}];`);
    lines.push(`if (v !== undefined && v !== null && (${check})) return 0;`);
  }
  if (watchKey !== undefined) {
    const prop = JSON.stringify(watchKey);
    lines.push(`v = rec[${prop}];`);
    lines.push('return v === undefined || v === null ? 2 : 1;');
  } else {
    lines.push('return 1;');
  }
  const body = `return function asSent(rec) {\n${lines.join('\n')}\n};`;
  const factory = new Function('V', 'UNCOERCIBLE', 'SAFE', 'INT_MIN', 'INT_MAX', 'CANON', 'TYPE_JSON', body) as (...args: unknown[]) => AsSentCheck;
  return factory(validators, UNCOERCIBLE, SAFE_STRING_UNITS, INT_MIN, INT_MAX, isCanonicalUtcDatetime, typeJson);
}
