// From a workspace validation target (`properties.dataFlows[0].transformKql`) to the JSON pointer
// of the same place in the file the resource came from. Every caller that reports a refused resource
// against its file uses this one (the dry run, `vigil dcr create --file`, template deployments).

/** Escapes one pointer segment (RFC 6901). */
export function pointerSegment(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Turns a workspace validation target (`properties.dataFlows[0].transformKql`,
 * `properties.streamDeclarations['Custom-X'].columns[2].type`) into an RFC 6901 pointer spelled
 * with the document's own keys (real files write `Properties` as often as `properties`), under
 * `base` (where the resource sits in its file: '' or `/resources/3`).
 */
export function targetToPointer(target: string, doc?: unknown, base = ''): string {
  const segments: (string | number)[] = [];
  const re = /\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\.?([^.[\]]+)/g;
  for (const m of target.matchAll(re)) {
    if (m[1] !== undefined) segments.push(Number(m[1]));
    else if (m[2] !== undefined) segments.push(m[2]);
    else if (m[3] !== undefined) segments.push(m[3]);
  }
  let cur: unknown = doc;
  let p = base;
  for (const s of segments) {
    if (typeof s === 'number') {
      cur = Array.isArray(cur) ? cur[s] : undefined;
      p += '/' + s;
      continue;
    }
    const key = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? spelledKey(cur as Record<string, unknown>, s) : s;
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[key] : undefined;
    p += '/' + pointerSegment(key);
  }
  return p;
}

function spelledKey(obj: Record<string, unknown>, name: string): string {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower) ?? name;
}
