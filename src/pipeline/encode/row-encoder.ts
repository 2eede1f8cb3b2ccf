// A row encoder turns one record into one NDJSON line for one table, or reports why it cannot.
// It is generated code, compiled once per (stream or flow, table) when a DCR is compiled: one
// straight-line block per column with the property names as literals, filling a row object of a
// fixed shape (a generated constructor), which one native JSON.stringify then serialises. So V8
// sees monomorphic property reads on records of one shape, and the hot path has no loops over
// column lists and no per-field string building.
import { SAFE_STRING_UNITS, truncateToFieldLimit } from './field-limit.js';
import { UNCOERCIBLE, UNSTORABLE, type RawEncoded } from './raw-encoders.js';

export interface FieldPlan {
  /** Property read from the record, and the column written. */
  key: string;
  /** False: the value is only checked against its declared type (no column of the table takes it). */
  store: boolean;
  /** String values are stored inline (declared string → string column). */
  inlineStrings: boolean;
  /** Encodes a non-null value (and, when inlineStrings, a non-string one). */
  encode: (v: unknown) => RawEncoded;
}

export type RowFailureKind = 'uncoercible' | 'unstorable';

/** Filled by a row encoder that returns null; reused across records to avoid allocation. */
export interface RowContext {
  failKind: RowFailureKind | null;
  failField: string;
  failValue: unknown;
  /**
   * Set by an encoder that returned a row without its `watchKey` (the table's TimeGenerated); the
   * caller counts it and clears the flag. The storage engine's load-time default fills the value.
   */
  defaulted: boolean;
  /** Keys whose string value was cut to the 64 KB field limit in the last record (usually empty). */
  truncated: string[];
}

export function newRowContext(): RowContext {
  return { failKind: null, failField: '', failValue: undefined, defaulted: false, truncated: [] };
}

export type RowEncoder = (record: Record<string, unknown>, ctx: RowContext) => string | null;

/**
 * Compiles the encoder. `watchKey`, when set, names a column whose absence from a row is reported
 * (the table's TimeGenerated): the row is still produced, with `ctx.defaulted` set.
 */
export function compileRowEncoder(fields: readonly FieldPlan[], watchKey?: string): RowEncoder {
  const stored = fields.filter((f) => f.store);
  // Every stored key exists on every row object (undefined until set), so all rows share one shape;
  // JSON.stringify leaves undefined properties out.
  const ctor = `function Row() {\n${stored.map((f) => `  this[${JSON.stringify(f.key)}] = undefined;`).join('\n')}\n}`;
  // An unstorable value sends the record to the dead letters, but an uncoercible one rejects the
  // whole request, so the first unstorable field is remembered and the scan goes on.
  const lines: string[] = ['var o = new Row(), v, t, c, badKey = null, badValue;'];
  fields.forEach((f, i) => {
    const prop = JSON.stringify(f.key);
    lines.push(`v = rec[${prop}];`);
    lines.push('if (v !== undefined && v !== null) {');
    if (f.inlineStrings) {
      lines.push('  if (typeof v === "string") {');
      lines.push(`    if (v.length > SAFE) { c = TRUNC(v); if (c.length !== v.length) ctx.truncated.push(${prop}); v = c; }`);
      lines.push(`    if (v.length !== 0) o[${prop}] = v;`);
      lines.push('  } else {');
      lines.push(`    t = E[${i}](v);`);
      lines.push(`    if (typeof t !== "symbol") o[${prop}] = t; else if (t === UNCOERCIBLE) return fail(ctx, t, ${prop}, v); else if (badKey === null) { badKey = ${prop}; badValue = v; }`);
      lines.push('  }');
    } else if (f.store) {
      lines.push(`  t = E[${i}](v);`);
      lines.push(`  if (typeof t !== "symbol") o[${prop}] = t; else if (t === UNCOERCIBLE) return fail(ctx, t, ${prop}, v); else if (badKey === null) { badKey = ${prop}; badValue = v; }`);
    } else {
      lines.push(`  if (E[${i}](v) === UNCOERCIBLE) return fail(ctx, UNCOERCIBLE, ${prop}, v);`);
    }
    lines.push('}');
  });
  lines.push('if (badKey !== null) return fail(ctx, UNSTORABLE, badKey, badValue);');
  if (watchKey !== undefined) {
    lines.push(`if (o[${JSON.stringify(watchKey)}] === undefined) ctx.defaulted = true;`);
  }
  lines.push('return JSON.stringify(o);');
  const body = `${ctor}\nreturn function encodeRow(rec, ctx) {\n${lines.join('\n')}\n};`;
  const factory = new Function('E', 'UNCOERCIBLE', 'UNSTORABLE', 'SAFE', 'TRUNC', 'fail', body) as (
    ...args: unknown[]
  ) => RowEncoder;
  return factory(fields.map((f) => f.encode), UNCOERCIBLE, UNSTORABLE, SAFE_STRING_UNITS, truncateToFieldLimit, fail);
}

function fail(ctx: RowContext, token: unknown, key: string, value: unknown): null {
  ctx.failKind = token === UNCOERCIBLE ? 'uncoercible' : 'unstorable';
  ctx.failField = key;
  ctx.failValue = value;
  return null;
}
