// Raw JSON values (as JSON.parse produced them) → JSON-ready values for a table column, in one step:
// the stream declaration's coercion (src/kql/runtime/coerce.ts, the single definition of how a
// received value becomes a KQL value) followed by the column encoding (value-encoders.ts). The
// common shapes — a number for a numeric column, a canonical UTC datetime string, a boolean — are
// passed through without building the intermediate KQL value; everything else goes through the
// runtime's coercer, so both routes give the same result.
import { COERCION_FAILED, valueCoercer } from '../../kql/runtime/coerce.js';
import { converter } from '../../kql/runtime/convert.js';
import { typeJson } from '../../kql/runtime/dynamic.js';
import { INT_MAX, INT_MIN } from '../../kql/runtime/numbers.js';
import type { KqlType, KqlValue } from '../../kql/runtime/types.js';
import { isCanonicalUtcDatetime } from './canonical-datetime.js';
import { LONG_BOUND, OMIT, UNSTORABLE, longJson, valueEncoder, type Encoded, type JsonReady } from './value-encoders.js';

/** The value does not fit the stream declaration's type: the request is rejected (400). */
export const UNCOERCIBLE: unique symbol = Symbol('UNCOERCIBLE');

export type RawEncoded = Encoded | typeof UNCOERCIBLE;
/** Encodes a non-null raw value. (Strings into string columns are handled inline by the row encoder.) */
export type RawEncoder = (v: unknown) => RawEncoded;

function generic(streamType: KqlType): RawEncoder {
  const coerce = valueCoercer(streamType);
  const encode = valueEncoder(streamType);
  return (v) => {
    const k = coerce(v);
    return k === COERCION_FAILED ? UNCOERCIBLE : encode(k);
  };
}

function sameType(t: KqlType): RawEncoder {
  const slow = generic(t);
  switch (t) {
    case 'datetime':
      return (v) => (typeof v === 'string' && isCanonicalUtcDatetime(v) ? v : slow(v));
    case 'int':
      return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX ? v : slow(v));
    case 'long':
      return (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : slow(v));
    case 'real':
      return (v) => (typeof v === 'number' ? v : slow(v)); // JSON numbers are always finite
    case 'bool':
      return (v) => (typeof v === 'boolean' ? v : slow(v));
    case 'dynamic':
      // Any JSON value is a dynamic value, with KQL's typing of datetime-looking strings.
      return (v) => typeJson(v) as JsonReady;
    default:
      return slow;
  }
}

/**
 * The raw encoder for a field declared as `streamType` and stored in a column of `columnType`. When
 * the two differ (a pass-through flow into a column of another type), the declared value is
 * converted as the target type's to<type>() function does; a non-null value that converts to null
 * is UNSTORABLE.
 */
export function rawEncoder(streamType: KqlType, columnType: KqlType): RawEncoder {
  if (streamType === columnType) return sameType(streamType);
  const coerce = valueCoercer(streamType);
  const convert = converter(streamType, columnType);
  const encode = valueEncoder(columnType);
  return (v) => {
    const k = coerce(v);
    if (k === COERCION_FAILED) return UNCOERCIBLE;
    if (k === null || k === '') return OMIT;
    const c: KqlValue = convert(k);
    return c === null ? UNSTORABLE : encode(c);
  };
}

/** Only checks that a raw value fits the declared type (for declared fields no flow stores as such). */
export function rawValidator(streamType: KqlType): (v: unknown) => boolean {
  const coerce = valueCoercer(streamType);
  return (v) => coerce(v) !== COERCION_FAILED;
}

export { OMIT, UNSTORABLE, LONG_BOUND, longJson };
