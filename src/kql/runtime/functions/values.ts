// Small value helpers shared by the function implementations.

import { converter } from '../convert.js';
import type { KqlType, KqlValue } from '../types.js';

/** A converter to the target type, or identity when no conversion is needed. */
export function coerceTo(from: KqlType, to: KqlType): (v: KqlValue) => KqlValue {
  if (from === to) return (v) => v;
  if ((to === 'long' || to === 'real') && (from === 'int' || from === 'long')) return (v) => v;
  if (to === 'real' && from === 'decimal') return (v) => v;
  return converter(from, to);
}

/** The null of a type (strings have none: ""). */
export function nullFor(t: KqlType): KqlValue {
  return t === 'string' ? '' : null;
}
