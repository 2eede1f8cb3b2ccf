// The KQL schema of the workspace: every table the workspace knows, with its user columns and the
// standard columns (TenantId, Type, _ResourceId, …) exactly as they are stored, so that the binder
// sees what the engine holds. Built once and rebuilt only when a table changes.
import type { SchemaProvider, TableSchema, ScalarType } from '../kql/index.js';
import type { WorkspaceService } from '../workspace/service.js';
import { physicalColumns } from '../workspace/standard-columns.js';

/** What the schema needs of the workspace service (tests may pass a stand-in with real tables). */
export type SchemaSource = Pick<WorkspaceService, 'listTables' | 'onChange'>;

export class WorkspaceSchema implements SchemaProvider {
  private tables: Map<string, TableSchema> | undefined;
  private names: readonly string[] = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly source: SchemaSource) {
    this.unsubscribe = source.onChange((change) => {
      if (change.kind === 'table') this.tables = undefined;
    });
  }

  /** KQL table names are case-sensitive: `securityevent` does not name `SecurityEvent`. */
  table(name: string): TableSchema | undefined {
    return this.load().get(name);
  }

  tableNames(): readonly string[] {
    this.load();
    return this.names;
  }

  /** Stops following workspace changes. */
  close(): void {
    this.unsubscribe();
  }

  private load(): Map<string, TableSchema> {
    if (this.tables) return this.tables;
    const map = new Map<string, TableSchema>();
    for (const t of this.source.listTables()) {
      // Storage and KQL share the ten type names (docs/architecture.md), `boolean` already normalised.
      map.set(t.name, { name: t.name, columns: physicalColumns(t).map((c) => ({ name: c.name, type: c.type as ScalarType })) });
    }
    this.tables = map;
    this.names = [...map.keys()];
    return map;
  }
}
