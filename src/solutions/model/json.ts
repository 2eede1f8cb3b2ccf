// JSON helpers for real-world artifact files: case-insensitive property access (real files spell `AppId` and
// `appId`, `Paging` and `paging`, spec §1) that still reports the key as written, and RFC 6901 pointers.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON text, tolerating the UTF-8 byte-order mark that Windows editors put in front of many solution files. */
export function parseJsonText(text: string): Json {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Json;
}

/** The key as spelled in `obj` that matches `name` case-insensitively (exact spelling wins), or undefined. */
export function ciKey(obj: unknown, name: string): string | undefined {
  if (!isObject(obj)) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return k;
  return undefined;
}

/** Case-insensitive property read. */
export function ciGet(obj: unknown, name: string): Json | undefined {
  const k = ciKey(obj, name);
  return k === undefined ? undefined : (obj as JsonObject)[k];
}

/** Case-insensitive read along a path of property names. */
export function ciPath(obj: unknown, ...names: string[]): Json | undefined {
  let cur: unknown = obj;
  for (const n of names) {
    cur = ciGet(cur, n);
    if (cur === undefined) return undefined;
  }
  return cur as Json;
}

export function ciString(obj: unknown, ...names: string[]): string | undefined {
  const v = ciPath(obj, ...names);
  return typeof v === 'string' ? v : undefined;
}

export function ciArray(obj: unknown, ...names: string[]): Json[] | undefined {
  const v = ciPath(obj, ...names);
  return Array.isArray(v) ? v : undefined;
}

/** Escapes one pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerSegment(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerJoin(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => '/' + pointerSegment(s)).join('');
}

/**
 * Pointer of a case-insensitive path in `obj`, spelled with the document's own keys. Segments that do not exist
 * keep the requested spelling so a "missing property" finding still points at where it belongs.
 */
export function ciPointer(obj: unknown, base: string, ...names: (string | number)[]): string {
  let cur: unknown = obj;
  let p = base;
  for (const n of names) {
    if (typeof n === 'number') {
      p = pointerJoin(p, n);
      cur = Array.isArray(cur) ? cur[n] : undefined;
    } else {
      const k = ciKey(cur, n) ?? n;
      p = pointerJoin(p, k);
      cur = isObject(cur) ? cur[k] : undefined;
    }
  }
  return p;
}

/** Follows an RFC 6901 pointer exactly (case-sensitive). */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Keys of `obj` that collide case-insensitively (`appId` and `AppId` both present). */
export function caseDuplicateKeys(obj: JsonObject): string[][] {
  const groups = new Map<string, string[]>();
  for (const k of Object.keys(obj)) {
    const l = k.toLowerCase();
    const g = groups.get(l);
    if (g) g.push(k);
    else groups.set(l, [k]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/** Deep copy through JSON (the artifacts are plain JSON, so this is exact). */
export function cloneJson<T extends Json>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Deep equality of two JSON values, object key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** `{{name}}` placeholders as the packager recognises them (spec §1: regex `\{{[a-zA-Z0-9]+\}}`). */
export const PLACEHOLDER_RE = /\{\{[a-zA-Z0-9]+\}\}/g;

export function placeholdersIn(s: string): string[] {
  return [...s.matchAll(PLACEHOLDER_RE)].map((m) => m[0].slice(2, -2));
}

export function isPlaceholder(s: unknown): boolean {
  return typeof s === 'string' && /^\{\{[a-zA-Z0-9]+\}\}$/.test(s);
}

/** True for ARM expressions (`[...]`) and deferred ones (`[[...]`), which are resolved at deployment, not load. */
export function isArmExpression(s: unknown): boolean {
  return typeof s === 'string' && s.startsWith('[') && s.endsWith(']');
}
