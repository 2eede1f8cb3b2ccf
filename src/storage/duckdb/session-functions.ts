// Installs the JS scalar functions of a query's session setup (`SessionFunction`, engine.ts) on a
// DuckDB connection. DuckDB keeps a registered function in the database's catalogue, so the first
// registration of a name serves every connection of the instance; registering it again (the next
// pooled connection) is harmless.
import {
  BIGINT, BOOLEAN, DOUBLE, INTEGER, VARCHAR, DuckDBScalarFunction, DuckDBVarCharType,
  type DuckDBConnection, type DuckDBType, type DuckDBVector, type DuckDBValue,
} from '@duckdb/node-api';
import type { SessionFunction, SessionValueType } from '../engine.js';

const JSON_TYPE = DuckDBVarCharType.create('JSON');

function duckType(t: SessionValueType): DuckDBType {
  switch (t) {
    case 'BOOLEAN': return BOOLEAN;
    case 'INTEGER': return INTEGER;
    case 'BIGINT': return BIGINT;
    case 'DOUBLE': return DOUBLE;
    case 'VARCHAR': return VARCHAR;
    case 'JSON': return JSON_TYPE;
  }
}

/** The JS value of a result for the output vector's type (numbers become bigint for BIGINT). */
function outValue(v: unknown, t: SessionValueType): DuckDBValue {
  if (v === null || v === undefined) return null;
  switch (t) {
    case 'BIGINT': return typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    case 'INTEGER':
    case 'DOUBLE': return Number(v);
    case 'BOOLEAN': return Boolean(v);
    default: return String(v);
  }
}

function readColumns(vectors: DuckDBVector[], rows: number): unknown[][] {
  return vectors.map((vec) => {
    const col = new Array<unknown>(rows);
    for (let i = 0; i < rows; i++) col[i] = vec.getItem(i);
    return col;
  });
}

export function sessionFunction(def: SessionFunction): DuckDBScalarFunction {
  if (!def.row && !def.batch) throw new Error(`session function ${def.name}: neither a row nor a batch implementation`);
  const returns = def.returns;
  return DuckDBScalarFunction.create({
    name: def.name,
    returnType: duckType(returns),
    parameterTypes: def.parameters.map(duckType),
    // Special handling: DuckDB then calls us for NULL arguments too (and never folds a NULL
    // constant argument to a NULL result); the `nullArguments` rule is applied here instead.
    specialHandling: true,
    volatile: def.volatile ?? false,
    mainFunction: (info, input, output) => {
      try {
        const rows = input.rowCount;
        const vectors: DuckDBVector[] = [];
        for (let c = 0; c < input.columnCount; c++) vectors.push(input.getColumnVector(c));
        const columns = readColumns(vectors, rows);
        const hasNull = (i: number) => columns.some((col) => col[i] === null);
        let results: readonly unknown[];
        if (def.batch && def.nullArguments) {
          results = def.batch(columns, rows);
        } else if (def.batch) {
          // Only the rows without a NULL argument reach the batch; the others stay NULL.
          const keep: number[] = [];
          for (let i = 0; i < rows; i++) if (!hasNull(i)) keep.push(i);
          const got = def.batch(columns.map((col) => keep.map((i) => col[i])), keep.length);
          const out = new Array<unknown>(rows).fill(null);
          keep.forEach((i, k) => { out[i] = got[k]; });
          results = out;
        } else {
          const out = new Array<unknown>(rows);
          const args = new Array<unknown>(columns.length);
          for (let i = 0; i < rows; i++) {
            if (!def.nullArguments && hasNull(i)) { out[i] = null; continue; }
            for (let c = 0; c < columns.length; c++) args[c] = columns[c]![i];
            out[i] = def.row!(args);
          }
          results = out;
        }
        for (let i = 0; i < rows; i++) {
          output.setItem(i, outValue(results[i], returns));
        }
        output.flush();
      } catch (e) {
        info.setError(`${def.name}: ${(e as Error)?.message ?? String(e)}`);
      }
    },
  });
}

/** Registers a session function on a connection (idempotent per database, see above). */
export function installSessionFunction(conn: DuckDBConnection, def: SessionFunction): void {
  conn.registerScalarFunction(sessionFunction(def));
}
