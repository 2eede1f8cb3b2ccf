// Type conversions: tostring/toint/tolong/todouble/tobool/todatetime/totimespan/toguid/todynamic,
// dispatched on the static source type. Every converter returns null on failure, except tostring,
// which never returns null (a null becomes "").

import { formatDatetime, MIN_DATETIME, parseDatetime } from './datetime.js';
import { dynamicToString, parseJson } from './dynamic.js';
import { parseGuid } from './guid.js';
import { formatLong, formatReal, parseInt32, parseLong, parseReal, toInt32, truncToLong } from './numbers.js';
import { formatTimespan, parseTimespan } from './timespan.js';
import { DynDatetime, DynTimespan, type Dynamic, type KqlType, type KqlValue } from './types.js';

type Conv<R> = (v: KqlValue) => R;

function parseBool(s: string): boolean | null {
  const t = s.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return null;
}

// --- tostring -------------------------------------------------------------------------------

export function dynamicFromScalar(v: KqlValue, t: KqlType): Dynamic {
  if (v === null) return null;
  switch (t) {
    case 'datetime':
      return new DynDatetime(v as bigint);
    case 'timespan':
      return new DynTimespan(v as bigint);
    case 'dynamic':
      return v as Dynamic;
    default:
      return v as Dynamic;
  }
}

export function stringConverter(from: KqlType): Conv<string> {
  switch (from) {
    case 'string':
      return (v) => v as string;
    case 'int':
    case 'long':
      return (v) => (v === null ? '' : formatLong(v as number));
    case 'real':
    case 'decimal':
      return (v) => (v === null ? '' : formatReal(v as number));
    case 'bool':
      return (v) => (v === null ? '' : v ? 'true' : 'false');
    case 'datetime':
      return (v) => (v === null ? '' : formatDatetime(v as bigint));
    case 'timespan':
      return (v) => (v === null ? '' : formatTimespan(v as bigint));
    case 'guid':
      return (v) => (v === null ? '' : (v as string));
    case 'dynamic':
      return (v) => dynamicToString(v as Dynamic);
  }
}

// --- numbers --------------------------------------------------------------------------------

// .NET ticks (since 0001-01-01) of a datetime: what tolong/todouble of a datetime return.
function netTicks(t: bigint): number {
  return Number(t - MIN_DATETIME);
}

function dynToLong(d: Dynamic): number | null {
  if (d === null) return null;
  switch (typeof d) {
    case 'number':
      return truncToLong(d);
    case 'string':
      return parseLong(d);
    case 'boolean':
      return d ? 1 : 0;
    default:
      if (d instanceof DynDatetime) return netTicks(d.ticks);
      if (d instanceof DynTimespan) return Number(d.ticks);
      return null;
  }
}

function dynToReal(d: Dynamic): number | null {
  if (d === null) return null;
  switch (typeof d) {
    case 'number':
      return d;
    case 'string':
      return parseReal(d);
    case 'boolean':
      return d ? 1 : 0;
    default:
      if (d instanceof DynDatetime) return netTicks(d.ticks);
      if (d instanceof DynTimespan) return Number(d.ticks);
      return null;
  }
}

export function longConverter(from: KqlType): Conv<number | null> {
  switch (from) {
    case 'int':
    case 'long':
      return (v) => v as number | null;
    case 'real':
    case 'decimal':
      return (v) => (v === null ? null : truncToLong(v as number));
    case 'bool':
      return (v) => (v === null ? null : v ? 1 : 0);
    case 'string':
      return (v) => parseLong(v as string);
    case 'datetime':
      return (v) => (v === null ? null : netTicks(v as bigint));
    case 'timespan':
      return (v) => (v === null ? null : Number(v as bigint));
    case 'guid':
      return () => null;
    case 'dynamic':
      return (v) => dynToLong(v as Dynamic);
  }
}

export function intConverter(from: KqlType): Conv<number | null> {
  if (from === 'int') return (v) => v as number | null;
  if (from === 'string') return (v) => parseInt32(v as string);
  const toLong = longConverter(from);
  return (v) => {
    const l = toLong(v);
    return l === null ? null : toInt32(l);
  };
}

export function realConverter(from: KqlType): Conv<number | null> {
  switch (from) {
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return (v) => v as number | null;
    case 'bool':
      return (v) => (v === null ? null : v ? 1 : 0);
    case 'string':
      return (v) => parseReal(v as string);
    case 'datetime':
      return (v) => (v === null ? null : netTicks(v as bigint));
    case 'timespan':
      return (v) => (v === null ? null : Number(v as bigint));
    case 'guid':
      return () => null;
    case 'dynamic':
      return (v) => dynToReal(v as Dynamic);
  }
}

// --- bool -----------------------------------------------------------------------------------

export function boolConverter(from: KqlType): Conv<boolean | null> {
  switch (from) {
    case 'bool':
      return (v) => v as boolean | null;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return (v) => (v === null || Number.isNaN(v) ? null : v !== 0);
    case 'string':
      return (v) => parseBool(v as string);
    case 'dynamic':
      return (v) => {
        const d = v as Dynamic;
        if (typeof d === 'boolean') return d;
        if (typeof d === 'number') return Number.isNaN(d) ? null : d !== 0;
        if (typeof d === 'string') return parseBool(d);
        return null;
      };
    default:
      return () => null;
  }
}

// --- datetime / timespan --------------------------------------------------------------------

export function datetimeConverter(from: KqlType): Conv<bigint | null> {
  switch (from) {
    case 'datetime':
      return (v) => v as bigint | null;
    case 'string':
      return (v) => parseDatetime(v as string);
    case 'dynamic':
      return (v) => {
        const d = v as Dynamic;
        if (d instanceof DynDatetime) return d.ticks;
        if (typeof d === 'string') return parseDatetime(d);
        return null;
      };
    default:
      return () => null;
  }
}

export function timespanConverter(from: KqlType): Conv<bigint | null> {
  switch (from) {
    case 'timespan':
      return (v) => v as bigint | null;
    case 'string':
      return (v) => parseTimespan(v as string);
    case 'dynamic':
      return (v) => {
        const d = v as Dynamic;
        if (d instanceof DynTimespan) return d.ticks;
        if (typeof d === 'string') return parseTimespan(d);
        return null;
      };
    default:
      return () => null;
  }
}

// --- guid / dynamic -------------------------------------------------------------------------

export function guidConverter(from: KqlType): Conv<string | null> {
  switch (from) {
    case 'guid':
      return (v) => v as string | null;
    case 'string':
      return (v) => parseGuid(v as string);
    case 'dynamic':
      return (v) => (typeof v === 'string' ? parseGuid(v) : null);
    default:
      return () => null;
  }
}

export function dynamicConverter(from: KqlType): Conv<Dynamic> {
  switch (from) {
    case 'dynamic':
      return (v) => v as Dynamic;
    case 'string':
      return (v) => parseJson(v as string);
    default:
      return (v) => dynamicFromScalar(v, from);
  }
}

/** A converter from `from` to `to`, following the to<type>() function of the target type. */
export function converter(from: KqlType, to: KqlType): Conv<KqlValue> {
  switch (to) {
    case 'string':
      return stringConverter(from);
    case 'int':
      return intConverter(from);
    case 'long':
      return longConverter(from);
    case 'real':
    case 'decimal':
      return realConverter(from);
    case 'bool':
      return boolConverter(from);
    case 'datetime':
      return datetimeConverter(from);
    case 'timespan':
      return timespanConverter(from);
    case 'guid':
      return guidConverter(from);
    case 'dynamic':
      return dynamicConverter(from);
  }
}

/** Converts one value (convenience form of converter()). */
export function convert(v: KqlValue, from: KqlType, to: KqlType): KqlValue {
  return converter(from, to)(v);
}
