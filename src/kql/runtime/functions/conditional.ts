// Conditional and type functions: case, iif/iff, max_of, min_of, coalesce, gettype, isnull,
// isnotnull.

import { dynamicTypeName } from '../dynamic.js';
import type { KqlType, KqlValue } from '../types.js';
import { coerceTo, nullFor } from './values.js';
import { commonType, defineFunction, isNumeric, typeError } from './registry.js';

defineFunction({
  name: 'iif',
  minArgs: 3,
  maxArgs: 3,
  resolve: (args) => {
    if (args[0].type !== 'bool') return typeError('iif', args, '(bool, then, else)');
    const type = commonType([args[1].type, args[2].type]);
    const c1 = coerceTo(args[1].type, type);
    const c2 = coerceTo(args[2].type, type);
    // A null condition takes the else branch (iff-function.md: "if the condition is false or null").
    return { type, impl: (c: boolean | null, a: KqlValue, b: KqlValue) => (c === true ? c1(a) : c2(b)) };
  },
}, 'iff');

defineFunction({
  name: 'case',
  minArgs: 3,
  maxArgs: 1001,
  resolve: (args) => {
    if (args.length % 2 === 0) return typeError('case', args, '(predicate, then, …, else)');
    const valueIdx = args.map((_, i) => i).filter((i) => i % 2 === 1 || i === args.length - 1);
    for (let i = 0; i < args.length - 1; i += 2) if (args[i].type !== 'bool') return typeError('case', args, 'boolean predicates');
    const type = commonType(valueIdx.map((i) => args[i].type));
    const convs = args.map((a) => coerceTo(a.type, type));
    const last = args.length - 1;
    return {
      type,
      impl: (...v: KqlValue[]) => {
        for (let i = 0; i < last; i += 2) if (v[i] === true) return convs[i + 1](v[i + 1]);
        return convs[last](v[last]);
      },
    };
  },
});

function extremum(name: string, better: (a: KqlValue, b: KqlValue) => boolean): void {
  defineFunction({
    name,
    minArgs: 1,
    maxArgs: 64,
    resolve: (args) => {
      const type = commonType(args.map((a) => a.type));
      if (!(isNumeric(type) || type === 'datetime' || type === 'timespan' || type === 'string')) {
        return typeError(name, args, 'numbers, datetimes, timespans or strings of one kind');
      }
      const convs = args.map((a) => coerceTo(a.type, type));
      // Nulls are ignored; all null → null (max-of-function.md examples).
      return {
        type,
        impl: (...v: KqlValue[]) => {
          let best: KqlValue = null;
          for (let i = 0; i < v.length; i++) {
            const x = convs[i](v[i]);
            if (x === null || (type === 'string' && x === '')) continue;
            if (best === null || better(x, best)) best = x;
          }
          return best === null ? nullFor(type) : best;
        },
      };
    },
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
extremum('max_of', (a: any, b: any) => a > b);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
extremum('min_of', (a: any, b: any) => a < b);

defineFunction({
  name: 'coalesce',
  minArgs: 1,
  maxArgs: 64,
  resolve: (args) => {
    const type = commonType(args.map((a) => a.type));
    const convs = args.map((a) => coerceTo(a.type, type));
    const empty = type === 'string' ? '' : null;
    return {
      type,
      impl: (...v: KqlValue[]) => {
        for (let i = 0; i < v.length; i++) {
          const x = convs[i](v[i]);
          if (x !== null && x !== empty) return x;
        }
        return nullFor(type);
      },
    };
  },
});

const STATIC_TYPE_NAMES: Record<KqlType, string> = {
  string: 'string', int: 'int', long: 'long', real: 'real', bool: 'bool', datetime: 'datetime',
  timespan: 'timespan', guid: 'guid', decimal: 'decimal', dynamic: 'dynamic',
};

defineFunction({
  name: 'gettype',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    const t = args[0].type;
    if (t === 'dynamic') return { type: 'string', impl: (d: KqlValue) => dynamicTypeName(d as never) };
    const name = STATIC_TYPE_NAMES[t];
    return { type: 'string', impl: () => name };
  },
});

defineFunction({
  name: 'isnull',
  minArgs: 1,
  maxArgs: 1,
  // Strings are never null (isnull("") is false).
  resolve: (args) => ({ type: 'bool', impl: args[0].type === 'string' ? () => false : (v: KqlValue) => v === null }),
});

defineFunction({
  name: 'isnotnull',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => ({ type: 'bool', impl: args[0].type === 'string' ? () => true : (v: KqlValue) => v !== null }),
}, 'notnull');
