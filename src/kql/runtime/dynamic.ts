// dynamic values: JSON trees with KQL's typing (see types.ts for the representation).

import { formatDatetime, parseDatetime } from './datetime.js';
import { formatLong, formatReal, INT_MAX, INT_MIN } from './numbers.js';
import { formatTimespan } from './timespan.js';
import { DynDatetime, DynTimespan, type Dynamic, type DynamicBag } from './types.js';

// Boxes serialise themselves, so JSON.stringify (native, fast) writes dynamic values directly.
(DynDatetime.prototype as unknown as { toJSON(): string }).toJSON = function (this: DynDatetime) {
  return formatDatetime(this.ticks);
};
(DynTimespan.prototype as unknown as { toJSON(): string }).toJSON = function (this: DynTimespan) {
  return formatTimespan(this.ticks);
};

export function isBag(d: Dynamic): d is DynamicBag {
  return typeof d === 'object' && d !== null && !Array.isArray(d) && !(d instanceof DynDatetime) && !(d instanceof DynTimespan);
}

export function isArray(d: Dynamic): d is Dynamic[] {
  return Array.isArray(d);
}

/** Sets an own property even when the key is `__proto__` (plain assignment would change the prototype). */
export function setOwn(bag: DynamicBag, key: string, value: Dynamic): void {
  if (key === '__proto__') Object.defineProperty(bag, key, { value, enumerable: true, writable: true, configurable: true });
  else bag[key] = value;
}

// JSON strings that look like an ISO 8601 date-time become datetime values inside dynamic: Kusto's
// parse_json turns `{"t":"2021-11-18T00:03:35"}` into `{"t":"2021-11-18T00:03:35.0000000Z"}`
// (MicrosoftDocs/dataexplorer-docs#914). Only the `T`-separated ISO shape is typed; date-only text
// and other formats stay strings (conservative choice, inferred).
const ISO_DT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function typedString(s: string): Dynamic {
  if (!looksLikeDatetime(s)) return s;
  const t = parseDatetime(s);
  return t === null ? s : new DynDatetime(t);
}

/** A string that typeJson would turn into a datetime (cheap rejection first). */
function looksLikeDatetime(s: string): boolean {
  return s.length >= 16 && s.length <= 40 && s.charCodeAt(4) === 45 && s.charCodeAt(10) === 84 && ISO_DT_RE.test(s);
}

/** True when some string inside the JSON value would be typed (no allocation: the common case is "no"). */
function needsTyping(v: unknown): boolean {
  if (typeof v === 'string') return looksLikeDatetime(v);
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if ((typeof e === 'string' || (typeof e === 'object' && e !== null)) && needsTyping(e)) return true;
    }
    return false;
  }
  if (v instanceof DynDatetime || v instanceof DynTimespan) return false;
  for (const k in v as Record<string, unknown>) {
    const e = (v as Record<string, unknown>)[k];
    if ((typeof e === 'string' || (typeof e === 'object' && e !== null)) && needsTyping(e)) return true;
  }
  return false;
}

/**
 * Gives a JSON value (as JSON.parse produced it) KQL's dynamic typing. The input is not modified;
 * when nothing needs typing (the usual case) the input itself is returned.
 */
export function typeJson(v: unknown): Dynamic {
  if (typeof v === 'string') return typedString(v);
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    return null; // undefined, functions, symbols, bigint: not JSON
  }
  return needsTyping(v) ? typeTree(v) : (v as Dynamic);
}

function typeTree(v: unknown): Dynamic {
  if (typeof v === 'string') return typedString(v);
  if (v === null || typeof v !== 'object') return v as Dynamic;
  if (Array.isArray(v)) return v.map(typeTree);
  if (v instanceof DynDatetime || v instanceof DynTimespan) return v;
  const out: DynamicBag = {};
  for (const k of Object.keys(v)) setOwn(out, k, typeTree((v as Record<string, unknown>)[k]));
  return out;
}

/**
 * parse_json()/todynamic() of a string: the JSON value with KQL typing; text that is not JSON is
 * kept as a dynamic string; empty or white-space text is null (gettype(parse_json('')) is "null").
 */
export function parseJson(s: string): Dynamic {
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  // Only attempt JSON.parse where it can succeed: it throws (slowly) on arbitrary text.
  const plausible =
    c === 123 || c === 91 || c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110 ||
    c === 32 || c === 9 || c === 10 || c === 13;
  if (plausible) {
    try {
      return typeJson(JSON.parse(s));
    } catch {
      /* not JSON: fall through */
    }
  }
  return s.trim().length === 0 ? null : s;
}

/** Compact JSON text of a dynamic value (no white space; datetimes/timespans in their string forms). */
export function formatDynamic(d: Dynamic): string {
  if (d === null) return '';
  return JSON.stringify(d);
}

/** tostring() of a dynamic value: strings raw, scalars in their KQL string form, bags/arrays as JSON, null as "". */
export function dynamicToString(d: Dynamic): string {
  if (d === null) return '';
  switch (typeof d) {
    case 'string':
      return d;
    case 'number':
      return Number.isInteger(d) && Math.abs(d) <= Number.MAX_SAFE_INTEGER ? formatLong(d) : formatReal(d);
    case 'boolean':
      return d ? 'true' : 'false';
    default:
      if (d instanceof DynDatetime) return formatDatetime(d.ticks);
      if (d instanceof DynTimespan) return formatTimespan(d.ticks);
      return JSON.stringify(d);
  }
}

/** gettype() of a dynamic value's content. Integral JSON numbers report int/long (a JS number cannot tell 1.0 from 1). */
export function dynamicTypeName(d: Dynamic): string {
  if (d === null) return 'null';
  switch (typeof d) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      if (Number.isInteger(d)) return d >= INT_MIN && d <= INT_MAX ? 'int' : 'long';
      return 'real';
    default:
      if (d instanceof DynDatetime) return 'datetime';
      if (d instanceof DynTimespan) return 'timespan';
      return Array.isArray(d) ? 'array' : 'dictionary';
  }
}

/** `d.key` / `d["key"]`: the property of a bag, null when absent or when d is not a bag. */
export function dynGet(d: Dynamic, key: string): Dynamic {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return null;
  if (d instanceof DynDatetime || d instanceof DynTimespan) return null;
  return Object.prototype.hasOwnProperty.call(d, key) ? (d as DynamicBag)[key] : null;
}

/** `d[i]`: array element, negative indexes count from the end; null when out of range or not an array. */
export function dynIndex(d: Dynamic, i: number): Dynamic {
  if (!Array.isArray(d) || !Number.isInteger(i)) return null;
  const j = i < 0 ? d.length + i : i;
  return j >= 0 && j < d.length ? d[j] : null;
}

/** Structural equality of two dynamic values (used by `==`, `in` and `has` over arrays). */
export function dynEquals(a: Dynamic, b: Dynamic): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof DynDatetime) return b instanceof DynDatetime && a.ticks === b.ticks;
  if (a instanceof DynTimespan) return b instanceof DynTimespan && a.ticks === b.ticks;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!dynEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof DynDatetime || b instanceof DynTimespan) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !dynEquals((a as DynamicBag)[k], (b as DynamicBag)[k])) return false;
  }
  return true;
}
