// How DuckDB result values become JS values for callers of query()/stream(). The choices keep every
// value exact (no 64-bit integer, decimal or microsecond is rounded) and JSON-friendly where that is
// free:
//   VARCHAR, JSON (text), UUID, ENUM → string        INTEGER, SMALLINT, TINYINT, DOUBLE, FLOAT → number
//   BIGINT, HUGEINT, UBIGINT → bigint                  BOOLEAN → boolean
//   TIMESTAMP, TIMESTAMPTZ (+ _S/_MS/_NS) → ISO 8601 UTC string "YYYY-MM-DDTHH:MM:SS.ffffffZ"
//     (nanosecond timestamps keep 9 digits; ±infinity → "infinity" / "-infinity")
//   DATE → "YYYY-MM-DD"   TIME → "HH:MM:SS[.ffffff]"   DECIMAL → exact decimal string
//   LIST/ARRAY → array, STRUCT → object, MAP → [{key, value}], INTERVAL → {months, days, micros},
//   BLOB → Uint8Array; NULL → null.
import {
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
} from '@duckdb/node-api';

const MICROS_INFINITY = 9223372036854775807n; // DuckDB's +infinity timestamp
const MICROS_NEG_INFINITY = -9223372036854775807n;

/** Formats microseconds since the Unix epoch as an ISO 8601 UTC string with 6 fractional digits. */
export function isoFromMicros(micros: bigint): string {
  if (micros >= MICROS_INFINITY) return 'infinity';
  if (micros <= MICROS_NEG_INFINITY) return '-infinity';
  let ms = micros / 1000n;
  let rest = micros % 1000n;
  if (rest < 0n) {
    // BigInt division truncates toward zero; floor it so the remainder is a positive fraction.
    ms -= 1n;
    rest += 1000n;
  }
  const base = new Date(Number(ms)).toISOString(); // ...SS.mmmZ
  return `${base.slice(0, -1)}${rest.toString().padStart(3, '0')}Z`;
}

function isoFromNanos(nanos: bigint): string {
  let micros = nanos / 1000n;
  let rest = nanos % 1000n;
  if (rest < 0n) {
    micros -= 1n;
    rest += 1000n;
  }
  const iso = isoFromMicros(micros);
  return iso.endsWith('Z') ? `${iso.slice(0, -1)}${rest.toString().padStart(3, '0')}Z` : iso;
}

export const vigilValueConverter: DuckDBValueConverter<unknown> = (
  value: DuckDBValue,
  type: DuckDBType,
  converter: DuckDBValueConverter<unknown>,
): unknown => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP:
      return isoFromMicros((value as DuckDBTimestampValue).micros);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return isoFromMicros((value as DuckDBTimestampTZValue).micros);
    case DuckDBTypeId.TIMESTAMP_S:
      return isoFromMicros((value as DuckDBTimestampSecondsValue).seconds * 1_000_000n);
    case DuckDBTypeId.TIMESTAMP_MS:
      return isoFromMicros((value as DuckDBTimestampMillisecondsValue).millis * 1000n);
    case DuckDBTypeId.TIMESTAMP_NS:
      return isoFromNanos((value as DuckDBTimestampNanosecondsValue).nanos);
    case DuckDBTypeId.DATE:
      return (value as DuckDBDateValue).toString();
    case DuckDBTypeId.TIME:
      return (value as DuckDBTimeValue).toString();
    case DuckDBTypeId.DECIMAL:
      return (value as DuckDBDecimalValue).toString();
    default:
      // Nested values (lists, structs) recurse through our converter, so their timestamps match too.
      return JSDuckDBValueConverter(value, type, converter as DuckDBValueConverter<JS>);
  }
};

/** The type text callers see: DuckDB's name, or its alias (JSON is a VARCHAR aliased `JSON`). */
export function sqlTypeText(type: DuckDBType): string {
  return type.alias ?? type.toString();
}
