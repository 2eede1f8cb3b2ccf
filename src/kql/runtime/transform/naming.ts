// Names of unnamed columns (spec/kql.md S6), as the official analyzer gives them: a column
// reference keeps its name, a dynamic path `d.a.b` becomes `d_a_b`, a conversion of such an
// expression takes its name (`tostring(d.x)` → `d_x`), `print` numbers its unnamed items
// (`print_0`, `print_1`, by position) and anything else is `Column1`, `Column2`, ….
// The shared binder's naming rules replace this once it is wired in.

import type * as A from '../../syntax/ast.js';

const FIRST_ARG_NAMED = new Set([
  'tostring', 'toint', 'tolong', 'todouble', 'toreal', 'tobool', 'toboolean', 'todatetime', 'todate', 'totimespan',
  'totime', 'toguid', 'todynamic', 'toobject', 'parse_json', 'parsejson', 'todecimal',
]);

/** The name an expression gives its column, or undefined when it has none. */
export function expressionName(e: A.Expression): string | undefined {
  switch (e.kind) {
    case 'NameReference':
      return e.name.name;
    case 'Parenthesized':
      return expressionName(e.expression);
    case 'Member': {
      const t = expressionName(e.target);
      return t === undefined ? undefined : `${t}_${e.member.name}`;
    }
    case 'Index': {
      const t = expressionName(e.target);
      if (t === undefined || e.index.kind !== 'Literal') return undefined;
      const v = e.index.value;
      return typeof v === 'string' ? `${t}_${v}` : undefined;
    }
    case 'Call':
      if (FIRST_ARG_NAMED.has(e.callee.name) && e.args.length === 1 && e.args[0].kind !== 'NamedArgument') {
        return expressionName(e.args[0]);
      }
      return undefined;
    default:
      return undefined;
  }
}

/** `Column1`, `Column2`, … — the first not already taken. */
export function nextColumnName(taken: (name: string) => boolean): string {
  for (let i = 1; ; i++) {
    const n = `Column${i}`;
    if (!taken(n)) return n;
  }
}
