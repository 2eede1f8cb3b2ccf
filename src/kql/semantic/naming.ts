// Kusto's output-column naming for unnamed expressions (S6), matching the official analyzer:
// a column reference keeps its name; `d.x` / `d["x"]` / `d[0]` → `d_x` / `d_x` / `d_0`;
// a call names its result by the function's naming rule (tostring(d.x) → d_x, strlen(a) → strlen_a,
// count() → count_, make_set(a) → set_a); anything else is unnamed (Column1 / print_0).

import type { Expression } from '../syntax/ast.js';
import { catalogue } from '../catalogue/index.js';
import { tupleValueName } from './bind-tuple.js';

/** The inferred name of an expression, or undefined when Kusto would invent one. */
export function inferName(e: Expression): string | undefined {
  switch (e.kind) {
    case 'NameReference':
      return e.name.name;
    case 'Parenthesized':
      return inferName(e.expression);
    case 'Member': {
      const t = inferName(e.target);
      return t === undefined ? undefined : `${t}_${e.member.name}`;
    }
    case 'Index': {
      const target = e.target.kind === 'Parenthesized' ? e.target.expression : e.target;
      if (target.kind === 'Call' && e.index.kind === 'Literal' && (e.index.type === 'long' || e.index.type === 'int')) {
        // f(…)[i] of a multi-valued function: the default name of its i-th value.
        const fn = catalogue.get(target.callee.name);
        if (fn && (fn.outputs || fn.outputPerArray)) return tupleValueName(fn, target, Number(e.index.value));
      }
      const t = inferName(e.target);
      if (t === undefined) return undefined;
      const i = e.index;
      if (i.kind === 'Literal' && (i.type === 'string' || i.type === 'long' || i.type === 'int')) return `${t}_${String(i.value)}`;
      if (i.kind === 'Unary' && i.operand.kind === 'Literal') return `${t}_${String(i.operand.value)}`;
      return undefined;
    }
    case 'Call': {
      const fn = catalogue.get(e.callee.name);
      if (!fn) return undefined;
      const first = e.args[0];
      const firstName = first && first.kind !== 'NamedArgument' ? inferName(first) : undefined;
      switch (fn.naming.kind) {
        case 'none':
          return undefined;
        case 'firstArg':
          return firstName;
        case 'onlyArg':
          return e.args.length === 1 ? firstName : undefined;
        case 'nameAndFirstArg':
          return `${fn.name}_${firstName ?? ''}`;
        case 'prefixAndFirstArg': {
          if (fn.naming.secondArg) {
            const second = e.args[1];
            const n2 = second && second.kind !== 'NamedArgument' ? inferName(second) : undefined;
            return `${fn.naming.prefix}_${firstName ?? ''}_${n2 ?? ''}`;
          }
          return `${fn.naming.prefix}_${firstName ?? ''}`;
        }
        case 'firstArgValueIfColumn':
          return first && first.kind === 'Literal' && first.type === 'string' ? first.value : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `base`, or `base1`, `base2`, … — the first not in `taken` (Kusto's de-duplication suffix). */
export function uniqueName(base: string, taken: (n: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 1; ; i++) {
    const n = `${base}${i}`;
    if (!taken(n)) return n;
  }
}

/** `Column1`, `Column2`, … — the first free one. */
export function nextColumnName(taken: (n: string) => boolean, prefix = 'Column'): string {
  for (let i = 1; ; i++) {
    const n = `${prefix}${i}`;
    if (!taken(n)) return n;
  }
}
