// Numeric functions: abs, bin/floor, ceiling, exp, exp10, exp2, isfinite, isinf, isnan, log,
// log10, log2, pow, round, sign, sqrt, and the bitwise binary_* functions.

import { MIN_DATETIME } from '../datetime.js';
import { truncToLong } from '../numbers.js';
import type { KqlType } from '../types.js';
import { defineFunction, isNumeric, promoteNumeric, typeError, type ArgInfo } from './registry.js';

function realFn(name: string, f: (x: number) => number): void {
  defineFunction({
    name,
    minArgs: 1,
    maxArgs: 1,
    resolve: (args) => {
      if (!isNumeric(args[0].type)) return typeError(name, args, 'a number');
      return { type: 'real', impl: (x: number | null) => (x === null ? null : f(x)) };
    },
  });
}

realFn('exp', Math.exp);
realFn('exp2', (x) => Math.pow(2, x));
realFn('exp10', (x) => Math.pow(10, x));
realFn('log', Math.log);
realFn('log2', Math.log2);
realFn('log10', Math.log10);
realFn('sqrt', Math.sqrt);

function predicate(name: string, f: (x: number) => boolean): void {
  defineFunction({
    name,
    minArgs: 1,
    maxArgs: 1,
    resolve: (args) => {
      if (!isNumeric(args[0].type)) return typeError(name, args, 'a number');
      return { type: 'bool', impl: (x: number | null) => (x === null ? null : f(x)) };
    },
  });
}

predicate('isfinite', Number.isFinite);
predicate('isinf', (x) => x === Infinity || x === -Infinity);
predicate('isnan', Number.isNaN);

defineFunction({
  name: 'abs',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    const t = args[0].type;
    if (isNumeric(t)) return { type: t === 'int' ? 'long' : t, impl: (x: number | null) => (x === null ? null : Math.abs(x)) };
    if (t === 'timespan') return { type: 'timespan', impl: (x: bigint | null) => (x === null ? null : x < 0n ? -x : x) };
    return typeError('abs', args, 'a number or timespan');
  },
});

defineFunction({
  name: 'sign',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    const t = args[0].type;
    if (!isNumeric(t)) return typeError('sign', args, 'a number');
    return { type: 'real', impl: (x: number | null) => (x === null ? null : x > 0 ? 1 : x < 0 ? -1 : 0) };
  },
});

defineFunction({
  name: 'ceiling',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    const t = args[0].type;
    if (!isNumeric(t)) return typeError('ceiling', args, 'a number');
    return { type: t, impl: (x: number | null) => (x === null ? null : Math.ceil(x) + 0) };
  },
});

defineFunction({
  name: 'pow',
  minArgs: 2,
  maxArgs: 2,
  resolve: (args) => {
    if (!isNumeric(args[0].type) || !isNumeric(args[1].type)) return typeError('pow', args, '(number, number)');
    return { type: 'real', impl: (b: number | null, e: number | null) => (b === null || e === null ? null : Math.pow(b, e)) };
  },
});

/**
 * round(x, precision = 0): half away from zero, on the decimal value as written (round(2.15, 1) is
 * 2.2, round(-50.55, -2) is -100, round(21.5, -1) is 20 — round-function.md).
 */
export function roundHalfAway(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.pow(10, precision);
  // Correct for binary representation error before rounding (2.15 * 10 = 21.499999…).
  const scaled = Math.abs(x) * f;
  const r = Math.round(scaled + scaled * Number.EPSILON);
  const v = (Math.sign(x) * r) / f;
  return v === 0 ? 0 : v;
}

defineFunction({
  name: 'round',
  minArgs: 1,
  maxArgs: 2,
  resolve: (args) => {
    const t = args[0].type;
    if (!isNumeric(t) || (args[1] && !isNumeric(args[1].type))) return typeError('round', args, '(number [, precision])');
    const type: KqlType = t;
    if (args.length === 1) return { type, impl: (x: number | null) => (x === null ? null : roundHalfAway(x, 0)) };
    return {
      type,
      impl: (x: number | null, p: number | null) => (x === null || p === null ? null : roundHalfAway(x, Math.trunc(p))),
    };
  },
});

/** bin()/floor(): rounds down to a multiple of the bin size; null size, zero or negative size → null (S10). */
function resolveBin(name: string, args: ArgInfo[]) {
  const [v, s] = args;
  if (isNumeric(v.type) && isNumeric(s.type)) {
    const type = promoteNumeric([v.type, s.type]);
    const integral = type === 'long';
    return {
      type: type as KqlType,
      impl: (x: number | null, size: number | null) => {
        if (x === null || size === null || !(size > 0)) return null;
        const r = Math.floor(x / size) * size;
        return integral ? truncToLong(r) : r;
      },
    };
  }
  if (v.type === 'timespan' && s.type === 'timespan') {
    return {
      type: 'timespan' as KqlType,
      impl: (x: bigint | null, size: bigint | null) => {
        if (x === null || size === null || size <= 0n) return null;
        const q = x / size;
        return (x % size !== 0n && x < 0n ? q - 1n : q) * size;
      },
    };
  }
  if (v.type === 'datetime' && s.type === 'timespan') {
    // Bins are aligned on 0001-01-01, the origin of Kusto's ticks (the same as 1970 for day-multiples).
    return {
      type: 'datetime' as KqlType,
      impl: (x: bigint | null, size: bigint | null) => {
        if (x === null || size === null || size <= 0n) return null;
        const off = x - MIN_DATETIME;
        return MIN_DATETIME + (off / size) * size;
      },
    };
  }
  return typeError(name, args, '(number, number), (timespan, timespan) or (datetime, timespan)');
}

defineFunction({ name: 'bin', minArgs: 2, maxArgs: 2, resolve: (args) => resolveBin('bin', args) }, 'floor');

// --- bitwise (64-bit two's complement, as Kusto's long) ----------------------------------------

function big(x: number): bigint {
  return BigInt(Math.trunc(x));
}

function fromBig(x: bigint): number {
  return Number(BigInt.asIntN(64, x));
}

function bitwise(name: string, f: (a: bigint, b: bigint) => bigint): void {
  defineFunction({
    name,
    minArgs: 2,
    maxArgs: 2,
    resolve: (args) => {
      if (!isNumeric(args[0].type) || !isNumeric(args[1].type)) return typeError(name, args, '(long, long)');
      return {
        type: 'long',
        impl: (a: number | null, b: number | null) => (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) ? null : fromBig(f(big(a), big(b)))),
      };
    },
  });
}

bitwise('binary_and', (a, b) => a & b);
bitwise('binary_or', (a, b) => a | b);
bitwise('binary_xor', (a, b) => a ^ b);
bitwise('binary_shift_left', (a, b) => (b < 0n || b > 63n ? 0n : a << b));
bitwise('binary_shift_right', (a, b) => (b < 0n || b > 63n ? (a < 0n ? -1n : 0n) : BigInt.asIntN(64, a) >> b));

defineFunction({
  name: 'binary_not',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => {
    if (!isNumeric(args[0].type)) return typeError('binary_not', args, 'a long');
    return { type: 'long', impl: (a: number | null) => (a === null || !Number.isFinite(a) ? null : fromBig(~big(a))) };
  },
});
