// Dynamic and array functions: array_concat, array_length, pack/bag_pack, pack_array, zip,
// parse_xml, bag_keys, array_slice.

import { dynamicFromScalar, stringConverter } from '../convert.js';
import { setOwn } from '../dynamic.js';
import { parseXml } from '../xml.js';
import type { Dynamic, DynamicBag, KqlValue } from '../types.js';
import { defineFunction, isNumeric, ResolveError, typeError } from './registry.js';

defineFunction({
  name: 'array_length',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    if (args[0].type !== 'dynamic') return typeError('array_length', args, 'a dynamic array');
    return { type: 'long', impl: (d: Dynamic) => (Array.isArray(d) ? d.length : null) };
  },
}, 'arraylength');

defineFunction({
  name: 'array_concat',
  minArgs: 1,
  maxArgs: 64,
  resolve: (args) => {
    if (args.some((a) => a.type !== 'dynamic')) return typeError('array_concat', args, 'dynamic arrays');
    return {
      type: 'dynamic',
      impl: (...v: Dynamic[]) => {
        const out: Dynamic[] = [];
        for (const a of v) {
          if (!Array.isArray(a)) return null;
          for (const e of a) out.push(e);
        }
        return out;
      },
    };
  },
});

defineFunction({
  name: 'array_slice',
  minArgs: 3,
  maxArgs: 3,
  resolve: (args) => {
    if (args[0].type !== 'dynamic' || !isNumeric(args[1].type) || !isNumeric(args[2].type)) return typeError('array_slice', args, '(dynamic, start, end)');
    return {
      type: 'dynamic',
      impl: (d: Dynamic, s: number | null, e: number | null) => {
        if (!Array.isArray(d) || s === null || e === null) return null;
        const n = d.length;
        const b = s < 0 ? Math.max(0, n + s) : Math.min(s, n);
        const end = e < 0 ? n + e : Math.min(e, n - 1);
        return end < b ? [] : d.slice(b, end + 1);
      },
    };
  },
});

defineFunction({
  name: 'pack_array',
  minArgs: 1,
  maxArgs: 64,
  resolve: (args) => {
    const types = args.map((a) => a.type);
    return { type: 'dynamic', impl: (...v: KqlValue[]) => v.map((x, i) => dynamicFromScalar(x, types[i])) };
  },
});

defineFunction({
  name: 'pack',
  minArgs: 2,
  maxArgs: 128,
  resolve: (args) => {
    if (args.length % 2 !== 0) return new ResolveError('pack(): expects key/value pairs');
    const types = args.map((a) => a.type);
    const keyConv = args.map((a) => stringConverter(a.type));
    return {
      type: 'dynamic',
      impl: (...v: KqlValue[]) => {
        const bag: DynamicBag = {};
        for (let i = 0; i < v.length; i += 2) setOwn(bag, keyConv[i](v[i]), dynamicFromScalar(v[i + 1], types[i + 1]));
        return bag;
      },
    };
  },
}, 'bag_pack');

defineFunction({
  name: 'zip',
  minArgs: 2,
  maxArgs: 16,
  resolve: (args) => {
    if (args.some((a) => a.type !== 'dynamic')) return typeError('zip', args, 'dynamic arrays');
    return {
      type: 'dynamic',
      impl: (...v: Dynamic[]) => {
        if (!v.every(Array.isArray)) return null;
        const arrays = v as Dynamic[][];
        const n = Math.max(...arrays.map((a) => a.length));
        const out: Dynamic[] = [];
        for (let i = 0; i < n; i++) out.push(arrays.map((a) => (i < a.length ? a[i] : null)));
        return out;
      },
    };
  },
});

defineFunction({
  name: 'bag_keys',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    if (args[0].type !== 'dynamic') return typeError('bag_keys', args, 'a dynamic bag');
    return {
      type: 'dynamic',
      impl: (d: Dynamic) => (d !== null && typeof d === 'object' && !Array.isArray(d) && d.constructor === Object ? Object.keys(d) : null),
    };
  },
});

defineFunction({
  name: 'parse_xml',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    const c = stringConverter(args[0].type);
    return { type: 'dynamic', impl: (s: KqlValue) => parseXml(c(s)) };
  },
});

// The binder's internal function for pack_all(true): drops properties whose value is null or "".
defineFunction({
  name: '__bag_drop_empty',
  minArgs: 1,
  maxArgs: 1,
  resolve: () => ({
    type: 'dynamic',
    impl: (d: Dynamic) => {
      if (d === null || typeof d !== 'object' || Array.isArray(d) || d.constructor !== Object) return d;
      const out: DynamicBag = {};
      for (const [k, v] of Object.entries(d)) if (v !== null && v !== '') setOwn(out, k, v);
      return out;
    },
  }),
});
