// The `parse` operator (parse-operator.md): the pattern becomes one regular expression whose capture
// groups are the extracted columns.
//
//   kind=simple (default)  constants are literal text; `*` skips lazily; a string column takes the
//                          text up to the next constant; int/long/real columns match numbers; other
//                          typed columns take text up to the next constant and are converted. The
//                          whole input must match and every typed column must convert, else every
//                          extracted column is null.
//   kind=relaxed           as simple, but a typed column that does not convert is null on its own,
//                          and a numeric column that is not a number still matches (as text).
//   kind=regex             constants are regular expressions (RE2); `*` is `.*?`; string and
//                          non-numeric typed columns are greedy `(.*)` (the documented outputs show
//                          greedy matching, e.g. `* "resourceName=" resourceName ',' *`); numbers
//                          `(\-?\d+…)`; `flags=` apply to the whole expression (U swaps greediness).
// The regular expression is not anchored in regex mode; it is anchored at both ends otherwise.

import { converter } from '../convert.js';
import { compileRe2 } from '../regex.js';
import type { KqlType, KqlValue } from '../types.js';

export type ParsePart =
  | { kind: 'text'; text: string }
  | { kind: 'star' }
  | { kind: 'column'; name: string; type: KqlType };

export type ParseKind = 'simple' | 'relaxed' | 'regex';

const INTEGER = '-?\\d+';
const REAL = '-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?';

function escapeRe2(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function numericPattern(t: KqlType): string | null {
  if (t === 'int' || t === 'long') return INTEGER;
  if (t === 'real' || t === 'decimal') return REAL;
  return null;
}

/** Builds the matcher: text → converted column values in pattern order, or null when the parse fails. */
export function compileParse(parts: ParsePart[], kind: ParseKind, flags: string): (text: string) => KqlValue[] | null {
  let re2 = '';
  const columns: { type: KqlType; group: string }[] = [];
  for (const p of parts) {
    if (p.kind === 'text') re2 += kind === 'regex' ? p.text : escapeRe2(p.text);
    else if (p.kind === 'star') re2 += '.*?';
    else {
      const group = `c${columns.length}`;
      columns.push({ type: p.type, group });
      const num = numericPattern(p.type);
      let body: string;
      if (kind === 'regex') body = num ?? '.*';
      else if (kind === 'relaxed') body = num ? `${num}|.*?` : '.*?';
      else body = num ?? '.*?';
      re2 += `(?P<${group}>${body})`;
    }
  }
  const anchored = kind === 'regex' ? re2 : `^${re2}$`;
  // Simple and relaxed modes match across line breaks (`s`); regex mode uses only the given flags.
  const re = compileRe2(anchored, kind === 'regex' ? flags : 's' + flags.replace(/s/g, ''));
  const convs = columns.map((c) => (c.type === 'string' ? null : converter('string', c.type)));
  const nulls: KqlValue[] = columns.map((c) => (c.type === 'string' ? '' : null));
  return (text) => {
    const m = re.exec(text);
    if (m === null) return null;
    const g = m.groups!;
    const out = new Array<KqlValue>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const raw = g[columns[i].group] ?? '';
      const conv = convs[i];
      if (conv === null) {
        out[i] = raw;
        continue;
      }
      const v = conv(raw);
      if (v === null && kind !== 'relaxed') return null;
      out[i] = v === null ? nulls[i] : v;
    }
    return out;
  };
}
