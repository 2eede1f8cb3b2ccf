// The control plane's document store: JSON bodies keyed by (kind, id) in `_vigil.documents`, in the
// same DuckDB file as the data so that a shared engine (ClickHouse later) can share the control plane
// between nodes. Writes run one at a time on their own connection (independent of data loads) and
// return after DuckDB's commit, which syncs its write-ahead log.
import type { DuckDBConnection } from '@duckdb/node-api';
import { StorageError, type DocumentStore } from '../engine.js';
import type { SerialQueue } from '../serial-queue.js';
import { META_SCHEMA } from './sql.js';

const T = `${META_SCHEMA}.documents`;

function assertKey(kind: string, id: string): void {
  if (typeof kind !== 'string' || kind.length === 0 || typeof id !== 'string' || id.length === 0) {
    throw new StorageError('invalid_name', `document kind and id must be non-empty strings (got ${JSON.stringify([kind, id])})`);
  }
}

export class DuckDbDocumentStore implements DocumentStore {
  constructor(
    private readonly conn: DuckDBConnection,
    private readonly queue: SerialQueue,
    private readonly assertOpen: () => void,
  ) {}

  async get<T = unknown>(kind: string, id: string): Promise<T | undefined> {
    assertKey(kind, id);
    this.assertOpen();
    const r = await this.queue.run(() => this.conn.runAndReadAll(`SELECT body FROM ${T} WHERE kind = $1 AND id = $2`, [kind, id]));
    const row = r.getRows()[0];
    return row ? (JSON.parse(String(row[0])) as T) : undefined;
  }

  async list<T = unknown>(kind: string): Promise<{ id: string; body: T }[]> {
    assertKey(kind, '-');
    this.assertOpen();
    const r = await this.queue.run(() => this.conn.runAndReadAll(`SELECT id, body FROM ${T} WHERE kind = $1 ORDER BY id`, [kind]));
    return r.getRows().map(([id, body]) => ({ id: String(id), body: JSON.parse(String(body)) as T }));
  }

  async put(kind: string, id: string, body: unknown): Promise<void> {
    assertKey(kind, id);
    const text = JSON.stringify(body);
    if (text === undefined) throw new StorageError('invalid_schema', `document ${kind}/${id}: body is not JSON-serialisable`);
    this.assertOpen();
    await this.queue.run(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        await this.conn.run(`DELETE FROM ${T} WHERE kind = $1 AND id = $2`, [kind, id]);
        await this.conn.run(`INSERT INTO ${T} VALUES ($1, $2, $3, make_timestamp(epoch_us(get_current_timestamp())))`, [kind, id, text]);
        await this.conn.run('COMMIT');
      } catch (e) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw new StorageError('sql', `document ${kind}/${id}: ${(e as Error).message}`, { cause: e });
      }
    });
  }

  async delete(kind: string, id: string): Promise<boolean> {
    assertKey(kind, id);
    this.assertOpen();
    const r = await this.queue.run(() => this.conn.run(`DELETE FROM ${T} WHERE kind = $1 AND id = $2`, [kind, id]));
    return r.rowsChanged > 0;
  }
}
