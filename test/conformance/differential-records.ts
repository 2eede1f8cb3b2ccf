// Generated records for the differential check: for each stream column a value of its declared
// type — or one that is not quite (numbers in strings, several datetime forms, JSON text in strings)
// — drawn from pools seeded with the transform's own names and string literals, so `where x ==
// "event"` and `d.metadata.uid` find matching data. Deterministic for a seed.
import type { ColumnDecl } from '../../src/kql/runtime/types.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Pools {
  names: string[];
  literals: string[];
}

/** Identifiers, quoted member names and string literals of a KQL text. */
export function poolsOf(kql: string): Pools {
  const literals = new Set<string>();
  for (const m of kql.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g)) literals.add(m[1] ?? m[2]);
  const names = new Set<string>();
  for (const m of kql.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) names.add(m[0]);
  for (const l of literals) if (/^[A-Za-z_][\w.-]*$/.test(l)) names.add(l);
  return { names: [...names], literals: [...literals] };
}

const WORDS = ['alpha', 'Beta', 'GAMMA', 'delta epsilon', 'x=1;y=2', 'naïve café', '日本', 'a,b,c', '  padded  ', 'true', 'null', '-', 'event', 'alert'];

export function generator(seed: number, pools: Pools) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number): boolean => r() < p;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

  const isoDatetime = (): string => {
    const ms = Date.UTC(2020, 0, 1) + Math.floor(r() * 6 * 365 * 86400000);
    const iso = new Date(ms).toISOString();
    switch (int(0, 4)) {
      case 0: return iso;
      case 1: return iso.replace(/\.\d+Z$/, 'Z');
      case 2: return iso.replace('Z', '') + String(int(0, 999)).padStart(3, '0') + 'Z'; // microseconds
      case 3: return iso.replace('Z', '+02:00');
      default: return iso.replace(/\.\d+Z$/, '').replace('T', 'T'); // no zone: UTC
    }
  };
  const number = (): number => pick([0, 1, -1, 7, 42, 1000, 65535, -250, 2147483647, 1.5, -0.25, 3.14159, 1e10, 1700000000123]);
  const str = (): string => {
    switch (int(0, 7)) {
      case 0: return '';
      case 1: return pools.literals.length > 0 ? pick(pools.literals) : pick(WORDS);
      case 2: return String(number());
      case 3: return isoDatetime();
      case 4: return JSON.stringify(dyn(2));
      case 5: return pools.names.length > 0 ? pick(pools.names) : pick(WORDS);
      default: return pick(WORDS) + (chance(0.3) ? ` ${pick(WORDS)}` : '');
    }
  };
  const dyn = (depth: number): unknown => {
    const k = int(0, depth > 0 ? 9 : 6);
    if (k <= 1) return str();
    if (k === 2) return number();
    if (k === 3) return chance(0.5);
    if (k === 4) return isoDatetime();
    if (k === 5) return null;
    if (k === 6) return pools.literals.length > 0 ? pick(pools.literals) : pick(WORDS);
    if (k === 7) return Array.from({ length: int(0, 3) }, () => dyn(depth - 1));
    const o: Record<string, unknown> = {};
    for (let i = int(1, 5); i > 0; i--) o[pools.names.length > 0 && chance(0.8) ? pick(pools.names) : pick(['a', 'b', 'id', 'name'])] = dyn(depth - 1);
    return o;
  };

  const value = (c: ColumnDecl): unknown => {
    switch (c.type) {
      case 'string': return str();
      case 'int': return chance(0.15) ? String(int(-5, 500)) : int(-1000, 1000);
      case 'long': return chance(0.1) ? String(number()) : pick([0, 1, -7, 1700000000123, 1704067200000, 123456789012, int(-100000, 100000)]);
      case 'real': return chance(0.1) ? '2.5' : number();
      case 'decimal': return number();
      case 'bool': return chance(0.1) ? pick(['true', 'False']) : chance(0.5);
      case 'datetime': return isoDatetime();
      case 'timespan': return pick(['00:00:01', '01:02:03', '1.00:00:00', '-00:30:00', '00:00:00.5']);
      case 'guid': return pick(['74be27de-1e4e-49d9-b579-fe0b331d3642', '00000000-0000-0000-0000-000000000000', 'ABCDEF01-2345-6789-ABCD-EF0123456789']);
      case 'dynamic': {
        // Mostly objects keyed by the names the transform reads, sometimes nested one level further.
        const o = dyn(3);
        return typeof o === 'object' && o !== null && !Array.isArray(o) && pools.names.length > 0 ? { [pick(pools.names)]: dyn(2), ...o } : o;
      }
    }
  };

  return (columns: readonly ColumnDecl[]): Record<string, unknown> => {
    const rec: Record<string, unknown> = {};
    for (const c of columns) if (!chance(0.08)) rec[c.name] = value(c);
    return rec;
  };
}
