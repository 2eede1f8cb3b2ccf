// String functions: base64_*, countof, extract, extract_all, indexof, isempty, isnotempty, split,
// strcat, strcat_delim, strlen, substring, tolower, toupper, hash_sha256, replace, replace_string,
// replace_regex, trim, trim_start, trim_end, reverse.

import { createHash } from 'node:crypto';
import { converter, stringConverter } from '../convert.js';
import { dynIndex } from '../dynamic.js';
import { compileRe2, RegexSyntaxError } from '../regex.js';
import { codePointLength } from '../strings.js';
import type { Dynamic, KqlType, KqlValue } from '../types.js';
import { defineFunction, isNumeric, ResolveError, typeError, type ArgInfo, type Impl } from './registry.js';

type ToStr = (v: KqlValue) => string;

/** Functions that take strings accept any scalar, converted with tostring() (e.g. indexof(1234567, 5)). */
function toStr(a: ArgInfo): ToStr {
  return stringConverter(a.type);
}

/** A regex argument: compiled once when constant, per call (cached) otherwise. */
function regexArg(fn: string, a: ArgInfo, re2Flags = '', jsFlags = ''): ((v: KqlValue) => RegExp) | ResolveError {
  if (a.type !== 'string') return new ResolveError(`${fn}(): the regular expression must be a string`);
  if (a.constant) {
    try {
      const re = compileRe2(a.value as string, re2Flags, jsFlags);
      return () => re;
    } catch (e) {
      return new ResolveError(`${fn}(): invalid regular expression: ${(e as Error).message}`);
    }
  }
  return (v) => compileRe2(v as string, re2Flags, jsFlags);
}

function simple(name: string, arity: number, type: KqlType, f: (...s: string[]) => KqlValue, ...aliases: string[]): void {
  defineFunction(
    {
      name,
      minArgs: arity,
      maxArgs: arity,
      resolve: (args) => {
        const conv = args.map(toStr);
        if (arity === 1) {
          const c0 = conv[0];
          return { type, impl: (a: KqlValue) => f(c0(a)) };
        }
        return { type, impl: (...v: KqlValue[]) => f(...v.map((x, i) => conv[i](x))) };
      },
    },
    ...aliases,
  );
}

simple('tolower', 1, 'string', (s) => s.toLowerCase());
simple('toupper', 1, 'string', (s) => s.toUpperCase());
simple('strlen', 1, 'long', (s) => codePointLength(s));
simple('reverse', 1, 'string', (s) => [...s].reverse().join(''));
simple('hash_sha256', 1, 'string', (s) => createHash('sha256').update(s, 'utf8').digest('hex'));
simple('base64_encodestring', 1, 'string', (s) => Buffer.from(s, 'utf8').toString('base64'), 'base64_encode_tostring');

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
simple('base64_decodestring', 1, 'string', (s) => {
  const t = s.trim();
  if (t.length % 4 === 1 || !BASE64_RE.test(t)) return '';
  try {
    return utf8.decode(Buffer.from(t, 'base64'));
  } catch {
    return '';
  }
}, 'base64_decode_tostring');

simple('replace_string', 3, 'string', (text, lookup, rewrite) => (lookup.length === 0 ? text : text.split(lookup).join(rewrite)));

function isEmptyValue(t: KqlType): (v: KqlValue) => boolean {
  return t === 'string' ? (v) => v === '' : (v) => v === null || v === '';
}

defineFunction({
  name: 'isempty',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    const f = isEmptyValue(args[0].type);
    return { type: 'bool', impl: (v: KqlValue) => f(v) };
  },
});

defineFunction({
  name: 'isnotempty',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    const f = isEmptyValue(args[0].type);
    return { type: 'bool', impl: (v: KqlValue) => !f(v) };
  },
}, 'notempty');

defineFunction({
  name: 'strcat',
  minArgs: 1,
  maxArgs: 64,
  resolve: (args) => {
    const conv = args.map(toStr);
    if (args.length === 2) {
      const [c0, c1] = conv;
      return { type: 'string', impl: (a: KqlValue, b: KqlValue) => c0(a) + c1(b) };
    }
    return {
      type: 'string',
      impl: (...v: KqlValue[]) => {
        let s = '';
        for (let i = 0; i < v.length; i++) s += conv[i](v[i]);
        return s;
      },
    };
  },
});

defineFunction({
  name: 'strcat_delim',
  minArgs: 3,
  maxArgs: 65,
  resolve: (args) => {
    const conv = args.map(toStr);
    return {
      type: 'string',
      impl: (...v: KqlValue[]) => {
        const d = conv[0](v[0]);
        let s = conv[1](v[1]);
        for (let i = 2; i < v.length; i++) s += d + conv[i](v[i]);
        return s;
      },
    };
  },
});

defineFunction({
  name: 'substring',
  minArgs: 2,
  maxArgs: 3,
  resolve: (args) => {
    const c0 = toStr(args[0]);
    if (!isNumeric(args[1].type) || (args[2] && !isNumeric(args[2].type))) return typeError('substring', args, '(string, start [, length])');
    return {
      type: 'string',
      impl: (s: KqlValue, start: number | null, len?: number | null) => {
        const str = c0(s);
        if (start === null || len === null) return '';
        let b = Math.trunc(start);
        // A negative start counts from the end (substring("123456", -2, 2) is "56").
        if (b < 0) b = Math.max(0, str.length + b);
        if (b > str.length) return '';
        const e = len === undefined ? str.length : Math.min(str.length, b + Math.max(0, Math.trunc(len)));
        return str.slice(b, e);
      },
    };
  },
});

/**
 * indexof(source, lookup [, start [, length [, occurrence]]]). The searched region is
 * [start, start + length] inclusive of its last position — the reading that reproduces every
 * example of indexof-function.md (e.g. indexof("abcdefgabcdefg", "cde", 1, 10, 2) is 9).
 * A negative start counts from the end.
 */
defineFunction({
  name: 'indexof',
  minArgs: 2,
  maxArgs: 5,
  resolve: (args) => {
    const c0 = toStr(args[0]);
    const c1 = toStr(args[1]);
    if (args.slice(2).some((a) => !isNumeric(a.type))) return typeError('indexof', args, '(string, string [, start, length, occurrence])');
    return {
      type: 'long',
      impl: (s: KqlValue, l: KqlValue, start?: number | null, length?: number | null, occurrence?: number | null) => {
        if (start === null || length === null || occurrence === null) return null;
        const src = c0(s);
        const lookup = c1(l);
        let b = start === undefined ? 0 : Math.trunc(start);
        if (b < 0) b = Math.max(0, src.length + b);
        if (b > src.length) return -1;
        const len = length === undefined ? -1 : Math.trunc(length);
        if (len < -1) return null;
        const region = len === -1 ? src : src.slice(0, Math.min(src.length, b + len + 1));
        const occ = occurrence === undefined ? 1 : Math.trunc(occurrence);
        if (occ < 1) return null;
        let i = b - 1;
        for (let k = 0; k < occ; k++) {
          i = region.indexOf(lookup, i + 1);
          if (i < 0) return -1;
        }
        return i;
      },
    };
  },
});

defineFunction({
  name: 'split',
  minArgs: 2,
  maxArgs: 3,
  resolve: (args) => {
    const c0 = toStr(args[0]);
    const c1 = toStr(args[1]);
    if (args[2] && !isNumeric(args[2].type)) return typeError('split', args, '(string, string [, index])');
    return {
      type: 'dynamic',
      impl: (s: KqlValue, d: KqlValue, index?: number | null) => {
        const str = c0(s);
        const delim = c1(d);
        const parts: Dynamic[] = delim.length === 0 ? [str] : str.split(delim);
        if (index === undefined) return parts;
        if (index === null) return null;
        const e = dynIndex(parts, Math.trunc(index));
        return e === null ? [] : [e];
      },
    };
  },
});

/**
 * countof(text, search [, kind]): "normal" counts overlapping occurrences (countof("aaaa", "aa")
 * is 3); "regex" counts the matches of a regular expression.
 */
defineFunction({
  name: 'countof',
  minArgs: 2,
  maxArgs: 3,
  resolve: (args) => {
    const c0 = toStr(args[0]);
    const c1 = toStr(args[1]);
    const kind = args[2];
    if (kind && (kind.type !== 'string' || !kind.constant || !['normal', 'regex'].includes(String(kind.value)))) {
      return new ResolveError("countof(): kind must be the constant 'normal' or 'regex'", 2);
    }
    if (kind && kind.value === 'regex') {
      const re = regexArg('countof', args[1], '', 'g');
      if (re instanceof ResolveError) return re;
      return {
        type: 'long',
        impl: (t: KqlValue, r: KqlValue) => {
          const rx = re(r);
          rx.lastIndex = 0;
          let n = 0;
          const s = c0(t);
          for (let m = rx.exec(s); m !== null; m = rx.exec(s)) {
            n++;
            if (m[0].length === 0) rx.lastIndex++;
          }
          return n;
        },
      };
    }
    return {
      type: 'long',
      impl: (t: KqlValue, l: KqlValue) => {
        const s = c0(t);
        const needle = c1(l);
        if (needle.length === 0) return 0;
        let n = 0;
        for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
      },
    };
  },
});

/** A capture group selector (number or name) as a reader of a match; null when the regex lacks it. */
function groupReader(re: RegExp, n: number, sel: Dynamic): ((m: RegExpExecArray) => string) | null {
  if (typeof sel === 'number') {
    if (!Number.isInteger(sel) || sel < 0 || sel > n) return null;
    return (m) => m[sel] ?? '';
  }
  if (typeof sel === 'string') {
    if (!re.source.includes(`(?<${sel}>`)) return null;
    return (m) => m.groups?.[sel] ?? '';
  }
  return null;
}

function groupCount(re: RegExp): number {
  return new RegExp(re.source + '|', re.flags.replace(/[gy]/g, '')).exec('')!.length - 1;
}

defineFunction({
  name: 'extract',
  minArgs: 3,
  maxArgs: 4,
  resolve: (args) => {
    const re = regexArg('extract', args[0]);
    if (re instanceof ResolveError) return re;
    if (!isNumeric(args[1].type)) return typeError('extract', args, '(regex, captureGroup, source [, typeof(T)])');
    const c2 = toStr(args[2]);
    const target = args[3]?.typeRef ?? 'string';
    if (args[3] && !args[3].typeRef) return new ResolveError('extract(): the 4th argument must be typeof(<type>)', 3);
    const conv = target === 'string' ? null : converter('string', target);
    const miss = target === 'string' ? '' : null;
    return {
      type: target,
      impl: (r: KqlValue, g: number | null, s: KqlValue) => {
        if (g === null) return miss;
        const m = re(r).exec(c2(s));
        if (m === null) return miss;
        const v = m[Math.trunc(g)];
        if (v === undefined) return miss;
        return conv === null ? v : conv(v);
      },
    };
  },
});

defineFunction({
  name: 'extract_all',
  minArgs: 2,
  maxArgs: 3,
  resolve: (args) => {
    const re = regexArg('extract_all', args[0], '', 'g');
    if (re instanceof ResolveError) return re;
    const withGroups = args.length === 3;
    const source = toStr(args[withGroups ? 2 : 1]);
    if (withGroups && (args[1].type !== 'dynamic' || !args[1].constant || !Array.isArray(args[1].value))) {
      return new ResolveError('extract_all(): captureGroups must be a constant dynamic array', 1);
    }
    if (args[0].constant) {
      const n = groupCount(re(args[0].value as string));
      if (n === 0) return new ResolveError('extract_all(): the regular expression must have at least one capture group', 0);
    }
    const selectors = withGroups ? (args[1].value as Dynamic[]) : null;
    const impl: Impl = (...v: KqlValue[]) => {
      const rx = re(v[0]);
      const text = source(v[withGroups ? 2 : 1]);
      const n = groupCount(rx);
      const readers = selectors === null
        ? Array.from({ length: n }, (_, i) => (m: RegExpExecArray) => m[i + 1] ?? '')
        : selectors.map((sel) => groupReader(rx, n, sel));
      if (readers.some((r) => r === null)) return null;
      const out: Dynamic[] = [];
      rx.lastIndex = 0;
      for (let m = rx.exec(text); m !== null; m = rx.exec(text)) {
        if (m[0].length === 0) rx.lastIndex++;
        const groups = readers.map((r) => r!(m!));
        out.push(readers.length === 1 ? groups[0] : groups);
      }
      return out.length === 0 ? null : out;
    };
    return { type: 'dynamic', impl };
  },
});

/** Converts an RE2 rewrite (\0, \1 …) to a JS replacement string ($&, $1 …). */
function rewriteToJs(rewrite: string): string {
  return rewrite.replace(/\$/g, '$$$$').replace(/\\(\d)/g, (_m, d: string) => (d === '0' ? '$&' : '$' + d));
}

function resolveReplaceRegex(fn: string, args: ArgInfo[], order: [number, number, number]) {
  const [ri, wi, si] = order;
  const re = regexArg(fn, args[ri], '', 'g');
  if (re instanceof ResolveError) return re;
  const cw = toStr(args[wi]);
  const cs = toStr(args[si]);
  return {
    type: 'string' as KqlType,
    impl: (...v: KqlValue[]) => {
      const rx = re(v[ri]);
      rx.lastIndex = 0;
      return cs(v[si]).replace(rx, rewriteToJs(cw(v[wi])));
    },
  };
}

// replace(regex, rewrite, text) is the legacy name of replace_regex(text, regex, rewrite); the
// transformation docs list `replace` and their parse_cef_dictionary example calls
// replace(";", " ", cefMessage).
defineFunction({ name: 'replace', minArgs: 3, maxArgs: 3, resolve: (args) => resolveReplaceRegex('replace', args, [0, 1, 2]) });
defineFunction({ name: 'replace_regex', minArgs: 3, maxArgs: 3, resolve: (args) => resolveReplaceRegex('replace_regex', args, [1, 2, 0]) });

function resolveTrim(fn: string, args: ArgInfo[], start: boolean, end: boolean) {
  if (args[0].type !== 'string') return new ResolveError(`${fn}(): the regular expression must be a string`, 0);
  const cs = toStr(args[1]);
  const make = (pattern: string): RegExp[] => {
    const inner = compileRe2(pattern);
    const res: RegExp[] = [];
    if (start) res.push(new RegExp(`^(?:${inner.source})+`, inner.flags));
    if (end) res.push(new RegExp(`(?:${inner.source})+$`, inner.flags));
    return res;
  };
  let fixed: RegExp[] | null = null;
  if (args[0].constant) {
    try {
      fixed = make(args[0].value as string);
    } catch (e) {
      return new ResolveError(`${fn}(): invalid regular expression: ${(e as Error).message}`, 0);
    }
  }
  return {
    type: 'string' as KqlType,
    impl: (r: KqlValue, s: KqlValue) => {
      let res: RegExp[];
      try {
        res = fixed ?? make(r as string);
      } catch (e) {
        if (e instanceof RegexSyntaxError) return '';
        throw e;
      }
      let out = cs(s);
      for (const re of res) out = out.replace(re, '');
      return out;
    },
  };
}

defineFunction({ name: 'trim', minArgs: 2, maxArgs: 2, resolve: (args) => resolveTrim('trim', args, true, true) });
defineFunction({ name: 'trim_start', minArgs: 2, maxArgs: 2, resolve: (args) => resolveTrim('trim_start', args, true, false) });
defineFunction({ name: 'trim_end', minArgs: 2, maxArgs: 2, resolve: (args) => resolveTrim('trim_end', args, false, true) });
