// The scalar function library of the row runtime, as data: each entry resolves a call against its
// static argument types (and constant argument values where the function needs them at compile
// time, e.g. a regular expression) to a result type and a plain JS implementation.

import type { KqlType, KqlValue } from '../types.js';

/** What the compiler knows about one argument. */
export interface ArgInfo {
  type: KqlType;
  /** The argument is a literal (or folds to one); `value` holds it. */
  constant: boolean;
  value?: KqlValue;
  /** For `typeof(T)` arguments (extract's 4th): the type named. */
  typeRef?: KqlType;
}

// Implementations take already-evaluated arguments in order. `any` keeps them cheap to call: the
// static types were checked by `resolve`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Impl = (...args: any[]) => KqlValue;

export interface Resolved {
  type: KqlType;
  impl: Impl;
}

/** Services a function may need at run time. */
export interface RuntimeServices {
  /** The current time (fixed per evaluation where the caller wants it fixed). */
  now(): bigint;
}

/** A resolution failure: a message naming what is wrong with the arguments. */
export class ResolveError {
  constructor(readonly message: string, readonly argIndex?: number) {}
}

export interface FunctionDef {
  name: string;
  minArgs: number;
  maxArgs: number;
  resolve(args: ArgInfo[], rt: RuntimeServices): Resolved | ResolveError;
}

const registry = new Map<string, FunctionDef>();

export function defineFunction(def: FunctionDef, ...aliases: string[]): void {
  registry.set(def.name, def);
  for (const a of aliases) registry.set(a, { ...def, name: a });
}

export function lookupFunction(name: string): FunctionDef | undefined {
  return registry.get(name);
}

export function functionNames(): string[] {
  return [...registry.keys()].sort();
}

// --- helpers for definitions ------------------------------------------------------------------

export const NUMERIC: readonly KqlType[] = ['int', 'long', 'real', 'decimal'];

export function isNumeric(t: KqlType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

/** Numeric promotion: any real/decimal → real; otherwise long (int ⊕ int is long, spec S8). */
export function promoteNumeric(types: readonly KqlType[]): KqlType {
  return types.some((t) => t === 'real' || t === 'decimal') ? 'real' : 'long';
}

export function typeError(fn: string, args: ArgInfo[], expected: string): ResolveError {
  return new ResolveError(`${fn}(): expects ${expected}; got (${args.map((a) => a.type).join(', ')})`);
}

/** The common type of branches (iif/case/coalesce): equal types, numeric promotion, else dynamic. */
export function commonType(types: readonly KqlType[]): KqlType {
  const distinct = [...new Set(types)];
  if (distinct.length === 1) return distinct[0];
  if (distinct.every(isNumeric)) return promoteNumeric(distinct);
  return 'dynamic';
}
