// The tables of the engine: validation, DDL, and the in-memory copy that `append` (is the table
// known?) and the loader (which columns, which defaults?) read without a round trip to DuckDB.
// Every change runs on the writer connection through the writer queue, so it never interleaves with
// a load transaction.
import type { DuckDBConnection } from '@duckdb/node-api';
import { StorageError, type ColumnDefault, type ColumnSpec, type TableInfo, type TableOptions } from '../engine.js';
import { assertColumnName, assertTableName, nameKey } from '../names.js';
import { DUCKDB_TYPE, isKqlType } from './types.js';
import { META_SCHEMA, ident, literal, tableRef } from './sql.js';
import { defaultExpression } from './load-sql.js';

export class TableCatalog {
  private readonly byKey = new Map<string, TableInfo>();

  constructor(private readonly conn: DuckDBConnection) {}

  async load(): Promise<void> {
    const r = await this.conn.runAndReadAll(`SELECT name, spec FROM ${META_SCHEMA}.tables`);
    for (const [name, spec] of r.getRows()) {
      const parsed = JSON.parse(String(spec)) as Omit<TableInfo, 'name'>;
      this.byKey.set(nameKey(String(name)), { name: String(name), columns: parsed.columns, options: parsed.options });
    }
  }

  get(name: string): TableInfo | undefined {
    return this.byKey.get(nameKey(name));
  }

  list(): TableInfo[] {
    return [...this.byKey.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(name: string, columns: ColumnSpec[], options: TableOptions = {}): Promise<TableInfo> {
    assertTableName(name);
    if (this.get(name)) throw new StorageError('table_exists', `table ${name} already exists`);
    if (!Array.isArray(columns) || columns.length === 0) {
      throw new StorageError('invalid_schema', `table ${name} needs at least one column`);
    }
    const cols = validateColumns(name, [], columns);
    const info: TableInfo = { name, columns: cols, options: { defaults: {} } };
    info.options = await this.validateOptions(info, options);
    const colSql = cols.map((c) => `${ident(c.name)} ${DUCKDB_TYPE[c.type]}`).join(', ');
    await this.transaction(async () => {
      await this.conn.run(`CREATE TABLE ${tableRef(name)} (${colSql})`);
      await this.writeSpec(info, false);
    });
    this.byKey.set(nameKey(name), info);
    return clone(info);
  }

  async addColumns(name: string, columns: ColumnSpec[]): Promise<TableInfo> {
    const current = this.require(name);
    const existing = new Map(current.columns.map((c) => [nameKey(c.name), c]));
    const fresh: ColumnSpec[] = [];
    for (const c of columns) {
      const had = existing.get(nameKey(c?.name ?? ''));
      if (had) {
        if (had.type !== c.type) {
          throw new StorageError('invalid_schema', `column ${current.name}.${had.name} exists with type ${had.type}, not ${c.type}`);
        }
        continue; // adding a column that is already there, identically, is a no-op
      }
      fresh.push(c);
    }
    const added = validateColumns(current.name, current.columns, fresh);
    if (added.length === 0) return clone(current);
    const next: TableInfo = { ...current, columns: [...current.columns, ...added] };
    await this.transaction(async () => {
      for (const c of added) {
        await this.conn.run(`ALTER TABLE ${tableRef(current.name)} ADD COLUMN ${ident(c.name)} ${DUCKDB_TYPE[c.type]}`);
      }
      await this.writeSpec(next, true);
    });
    this.byKey.set(nameKey(current.name), next);
    return clone(next);
  }

  async setOptions(name: string, options: TableOptions): Promise<TableInfo> {
    const current = this.require(name);
    const next: TableInfo = { ...current, options: await this.validateOptions(current, options) };
    await this.transaction(() => this.writeSpec(next, true));
    this.byKey.set(nameKey(current.name), next);
    return clone(next);
  }

  async drop(name: string): Promise<void> {
    const current = this.require(name);
    await this.transaction(async () => {
      await this.conn.run(`DROP TABLE ${tableRef(current.name)}`);
      await this.conn.run(`DELETE FROM ${META_SCHEMA}.tables WHERE name = ${literal(current.name)}`);
    });
    this.byKey.delete(nameKey(current.name));
  }

  require(name: string): TableInfo {
    const t = this.get(name);
    if (!t) throw new StorageError('unknown_table', `table ${name} does not exist`);
    return t;
  }

  private async validateOptions(info: TableInfo, options: TableOptions): Promise<TableOptions> {
    const defaults: Record<string, ColumnDefault> = {};
    for (const [colName, def] of Object.entries(options?.defaults ?? {})) {
      const col = info.columns.find((c) => nameKey(c.name) === nameKey(colName));
      if (!col) throw new StorageError('invalid_schema', `default for unknown column ${info.name}.${colName}`);
      let expr: string;
      try {
        expr = defaultExpression(col, def);
      } catch (e) {
        throw new StorageError('invalid_schema', `default for ${info.name}.${col.name}: ${(e as Error).message}`);
      }
      // Evaluate it once so that a constant that does not cast to the column type fails now, not at load.
      try {
        await this.conn.run(`SELECT ${expr}`);
      } catch (e) {
        throw new StorageError('invalid_schema', `default for ${info.name}.${col.name} does not fit ${col.type}: ${(e as Error).message}`);
      }
      defaults[col.name] = def.kind === 'constant' ? { kind: 'constant', value: def.value } : { kind: def.kind };
    }
    return { defaults };
  }

  private async writeSpec(info: TableInfo, replace: boolean): Promise<void> {
    if (replace) await this.conn.run(`DELETE FROM ${META_SCHEMA}.tables WHERE name = ${literal(info.name)}`);
    const spec = JSON.stringify({ columns: info.columns, options: info.options });
    await this.conn.run(`INSERT INTO ${META_SCHEMA}.tables VALUES (${literal(info.name)}, ${literal(spec)})`);
  }

  private async transaction(body: () => Promise<void>): Promise<void> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      await body();
      await this.conn.run('COMMIT');
    } catch (e) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      if (e instanceof StorageError) throw e;
      throw new StorageError('sql', (e as Error).message, { cause: e });
    }
  }
}

function validateColumns(table: string, existing: ColumnSpec[], columns: ColumnSpec[]): ColumnSpec[] {
  const seen = new Set(existing.map((c) => nameKey(c.name)));
  const out: ColumnSpec[] = [];
  for (const c of columns) {
    assertColumnName(table, c?.name);
    if (!isKqlType(c.type)) {
      throw new StorageError('invalid_schema', `column ${table}.${c.name} has unknown type ${JSON.stringify(c.type)}`);
    }
    const key = nameKey(c.name);
    if (seen.has(key)) throw new StorageError('invalid_schema', `column ${table}.${c.name} is declared twice`);
    seen.add(key);
    out.push({ name: c.name, type: c.type });
  }
  return out;
}

function clone(info: TableInfo): TableInfo {
  return JSON.parse(JSON.stringify(info)) as TableInfo;
}
