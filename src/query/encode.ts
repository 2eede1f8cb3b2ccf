// Cell encoding of the Log Analytics query API (spec/azure-wire-contracts.md §6.2), chosen by the
// column's KQL result type — never by the SQL type the engine happened to produce — from the JS
// values the storage engine returns (src/storage/duckdb/values.ts: BIGINT → bigint, TIMESTAMP → ISO
// string with microseconds, JSON → compact text, DECIMAL → exact text).
//
//   bool → true/false          int, long → JSON number (long kept exact as bigint until written)
//   real → number, or "NaN" / "Infinity" / "-Infinity"
//   datetime → ISO 8601 UTC with up to 7 fractional digits (trailing zeros dropped [inf]) and Z
//   timespan → "[-][d.]hh:mm:ss[.fffffff]"   guid, decimal → string   dynamic → its JSON as a string
//   string → string; a null string is "" (KQL strings are never null, S4); any other null → null
import type { ScalarType } from '../kql/index.js';

/** A cell ready for the wire; bigint is written as a JSON number by `writeJson`. */
export type Cell = string | number | boolean | bigint | null;

const TICKS_PER_DAY = 864_000_000_000n;
const TICKS_PER_HOUR = 36_000_000_000n;
const TICKS_PER_MINUTE = 600_000_000n;
const TICKS_PER_SECOND = 10_000_000n;

/** A timespan of 100 ns ticks as Kusto writes it: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY;
  t %= TICKS_PER_DAY;
  const h = t / TICKS_PER_HOUR;
  t %= TICKS_PER_HOUR;
  const m = t / TICKS_PER_MINUTE;
  t %= TICKS_PER_MINUTE;
  const s = t / TICKS_PER_SECOND;
  const frac = t % TICKS_PER_SECOND;
  const two = (n: bigint) => n.toString().padStart(2, '0');
  return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${two(h)}:${two(m)}:${two(s)}${frac > 0n ? `.${frac.toString().padStart(7, '0')}` : ''}`;
}

/** An ISO 8601 UTC timestamp with any number of fractional digits, as the wire writes it. */
export function formatDatetime(iso: string): string | null {
  // The engine writes "YYYY-MM-DDTHH:MM:SS.ffffffZ"; ±infinity has no KQL value.
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso);
  if (!m) return iso === 'infinity' || iso === '-infinity' ? null : iso;
  const frac = (m[2] ?? '').slice(0, 7).replace(/0+$/, '');
  return frac ? `${m[1]}.${frac}Z` : `${m[1]}Z`;
}

/** An exact decimal text without insignificant trailing zeros (`1.100000000000000000` → `1.1`). */
export function formatDecimal(text: string): string {
  if (!text.includes('.') || /e/i.test(text)) return text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(v);
}

function encodeReal(n: number): Cell {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return n;
}

/** Encodes one engine value as a cell of a column of KQL type `type`. */
export function encodeCell(type: ScalarType, v: unknown): Cell {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'object' ? jsonText(v) : String(v);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') return v.toLowerCase() === 'true' ? true : v.toLowerCase() === 'false' ? false : null;
      return toNumber(v) !== 0;
    case 'int':
      return typeof v === 'bigint' ? Number(v) : Math.trunc(toNumber(v));
    case 'long':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
      return typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : null;
    case 'real':
      return encodeReal(toNumber(v));
    case 'decimal':
      return typeof v === 'string' ? formatDecimal(v) : String(v);
    case 'datetime':
      if (typeof v === 'string') return formatDatetime(v);
      if (v instanceof Date) return formatDatetime(v.toISOString());
      return null;
    case 'timespan':
      if (typeof v === 'bigint') return formatTimespan(v);
      if (typeof v === 'number') return Number.isFinite(v) ? formatTimespan(BigInt(Math.trunc(v))) : null;
      return String(v);
    case 'guid':
      return String(v).toLowerCase();
    case 'dynamic': {
      const text = typeof v === 'string' ? v : jsonText(v);
      // A JSON null inside a dynamic column is KQL's null dynamic.
      return text === 'null' ? null : text;
    }
  }
}

/** An encoder per column, so the row loop does not dispatch on type names. */
export function rowEncoder(types: readonly ScalarType[]): (row: readonly unknown[]) => Cell[] {
  return (row) => types.map((t, i) => encodeCell(t, row[i]));
}
