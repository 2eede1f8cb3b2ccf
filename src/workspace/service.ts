// The workspace service: the control plane of one Vigil deployment. It owns the tenant, the
// workspace and its shared keys, DCEs, tables (and their physical tables in the storage engine),
// DCRs, app registrations with client secrets, and role assignments.
//
// Everything is persisted in the storage engine's document store and held in memory, so the
// lookups surfaces make per request (`getDcrByImmutableId`, `getTable`, `hasRole`,
// `verifyClientSecret`) are synchronous map reads. Mutations run one at a time, are durable when
// they resolve, and are announced to `onChange` listeners afterwards (the pipeline caches compiled
// DCRs and invalidates them there).
import type { DocumentStore, StorageEngine } from '../storage/engine.js';
import type {
  AppRegistration, ClientSecretRecord, DataCollectionEndpoint, DataCollectionRule, RoleAssignment, TableDef, Tenant, Workspace,
} from './model.js';
import { Conflict, NotFound, ValidationFailed, type ResourceKind, type ValidationIssue } from './errors.js';
import { newClientSecret, newDceImmutableId, newDcrImmutableId, newGuid, newSharedKey, hashSecret, secretMatches, GUID } from './ids.js';
import { checkTable } from './validation/table.js';
import { checkDcr, outputTableName, type TransformCheck } from './validation/dcr.js';
import { dcrNameProblem, workspaceNameProblem } from './validation/names.js';
import { isObject, prop } from './validation/read.js';
import { physicalColumns, standardColumnDefaults } from './standard-columns.js';
import { findRole, ROLE_DEFINITIONS } from './roles.js';
import {
  dceResourceId, dcrResourceId, normaliseScope, resourceGroupScope, scopeContains, subscriptionScope, tableResourceId, workspaceResourceId,
  type Scopes,
} from './resource-ids.js';
import { Serial } from './serial.js';
import { SENTINEL_RESOURCE_TYPES, type DeploymentRecord, type SentinelResource, type SentinelResourceType } from './sentinel-model.js';
import { checkSentinelResource } from './validation/sentinel.js';

/** The storage engine members the control plane uses (tables only; appends belong to the pipeline). */
export type TableEngine = Pick<StorageEngine, 'createTable' | 'addColumns' | 'dropTable' | 'getTable' | 'setTableOptions'>;

export interface WorkspaceServiceOptions {
  documents: DocumentStore;
  /** Where the physical tables live. */
  tables: TableEngine;
  /** Checks non-trivial `transformKql` at DCR creation; without one, transforms are stored unchecked. */
  transformCheck?: TransformCheck;
  /** Names used only when the deployment is created (first start). */
  initial?: {
    tenantDisplayName?: string;
    tenantDomain?: string;
    workspaceName?: string;
    resourceGroup?: string;
    location?: string;
    defaultDceName?: string;
  };
  now?: () => Date;
}

export type WorkspaceChange =
  | { kind: 'table'; op: 'put' | 'delete'; name: string; table?: TableDef }
  | { kind: 'dcr'; op: 'put' | 'delete'; name: string; immutableId: string; dcr?: DataCollectionRule }
  | { kind: 'dce'; op: 'put' | 'delete'; name: string }
  | { kind: 'app'; op: 'put' | 'delete'; appId: string }
  | { kind: 'roleAssignment'; op: 'put' | 'delete'; name: string; principalId: string; scope: string }
  | { kind: 'workspace'; op: 'keys' }
  | { kind: 'sentinel'; op: 'put' | 'delete'; type: SentinelResourceType; name: string }
  | { kind: 'deployment'; op: 'put' | 'delete'; name: string };

export type WorkspaceListener = (change: WorkspaceChange) => void;

/** What earlier resources of one deployment would create, for `checkPut` (keys lowercased). */
export interface WorkspaceOverlay {
  tables: Map<string, TableDef>;
  dcrs: Set<string>;
  definitions: Map<string, SentinelResource>;
}

export function emptyOverlay(): WorkspaceOverlay {
  return { tables: new Map(), dcrs: new Set(), definitions: new Map() };
}

export type SecretCheck =
  | { ok: true; app: AppRegistration }
  | { ok: false; reason: 'unknown_app' | 'invalid_secret' | 'expired_secret' | 'no_secret' };

/** A client secret as listed (never the secret itself). */
export type SecretInfo = Omit<ClientSecretRecord, 'salt' | 'hash'>;

const K = { tenant: 'tenant', workspace: 'workspace', dce: 'dce', table: 'table', dcr: 'dcr', app: 'app', role: 'roleAssignment', deployment: 'deployment' } as const;
/** Document kind of a Microsoft.SecurityInsights resource type. */
const sentinelKind = (t: SentinelResourceType): string => `securityInsights.${t}`;
const SENTINEL_LABEL: Record<SentinelResourceType, ResourceKind> = {
  dataConnectorDefinitions: 'dataConnectorDefinition', dataConnectors: 'dataConnector', contentPackages: 'contentPackage', contentTemplates: 'contentTemplate', metadata: 'metadata',
};
const SINGLETON = 'default';
/** Graph's default lifetime of a password credential when none is given: two years. */
const DEFAULT_SECRET_YEARS = 2;

export class WorkspaceService {
  private readonly documents: DocumentStore;
  private readonly engine: TableEngine;
  private readonly transformCheck: TransformCheck | undefined;
  private readonly now: () => Date;
  private readonly serial = new Serial();
  private readonly listeners = new Set<WorkspaceListener>();

  private tenantDoc!: Tenant;
  private workspaceDoc!: Workspace;
  private readonly dces = new Map<string, DataCollectionEndpoint>();
  private readonly tables = new Map<string, TableDef>();
  private readonly dcrs = new Map<string, DataCollectionRule>();
  private readonly dcrsByImmutableId = new Map<string, DataCollectionRule>();
  private readonly apps = new Map<string, AppRegistration>();
  private readonly appsByAppId = new Map<string, AppRegistration>();
  private readonly roleAssignments = new Map<string, RoleAssignment>();
  private readonly sentinel = new Map<SentinelResourceType, Map<string, SentinelResource>>(SENTINEL_RESOURCE_TYPES.map((t) => [t, new Map()]));
  private readonly deployments = new Map<string, DeploymentRecord>();
  private defaultDceName = '';

  private constructor(options: WorkspaceServiceOptions) {
    this.documents = options.documents;
    this.engine = options.tables;
    this.transformCheck = options.transformCheck;
    this.now = options.now ?? (() => new Date());
  }

  /** Loads the deployment from the document store, creating it (with fresh ids and keys) on first start. */
  static async open(options: WorkspaceServiceOptions): Promise<WorkspaceService> {
    const s = new WorkspaceService(options);
    await s.load(options.initial ?? {});
    return s;
  }

  private async load(initial: NonNullable<WorkspaceServiceOptions['initial']>): Promise<void> {
    const now = this.now().toISOString();
    let tenant = await this.documents.get<Tenant>(K.tenant, SINGLETON);
    if (!tenant) {
      tenant = { id: newGuid(), displayName: initial.tenantDisplayName ?? 'Vigil', domains: [initial.tenantDomain ?? 'vigil.localhost'], createdAt: now };
      await this.documents.put(K.tenant, SINGLETON, tenant);
    }
    this.tenantDoc = tenant;

    let ws = await this.documents.get<Workspace>(K.workspace, SINGLETON);
    if (!ws) {
      const name = initial.workspaceName ?? 'vigil-workspace';
      const problem = workspaceNameProblem(name);
      if (problem) throw new ValidationFailed('workspace', [{ code: 'InvalidWorkspaceName', target: 'name', message: problem }]);
      ws = {
        id: newGuid(), name, subscriptionId: newGuid(), resourceGroup: initial.resourceGroup ?? 'vigil', location: initial.location ?? 'local',
        primarySharedKey: newSharedKey(), secondarySharedKey: newSharedKey(), createdAt: now, keysChangedAt: now,
      };
      await this.documents.put(K.workspace, SINGLETON, ws);
    }
    this.workspaceDoc = ws;

    for (const { body } of await this.documents.list<DataCollectionEndpoint>(K.dce)) this.dces.set(body.name.toLowerCase(), body);
    this.defaultDceName = initial.defaultDceName ?? `${ws.name}-dce`;
    const defaultDce = [...this.dces.values()].find((d) => d.name.toLowerCase() === this.defaultDceName.toLowerCase());
    if (!defaultDce) {
      const dce: DataCollectionEndpoint = { name: this.defaultDceName, immutableId: newDceImmutableId(), location: ws.location, description: 'Default endpoint: the logs ingestion URL is this server.', createdAt: now, updatedAt: now };
      await this.documents.put(K.dce, dce.name.toLowerCase(), dce);
      this.dces.set(dce.name.toLowerCase(), dce);
    } else this.defaultDceName = defaultDce.name;

    for (const { body } of await this.documents.list<TableDef>(K.table)) this.tables.set(body.name.toLowerCase(), body);
    for (const { body } of await this.documents.list<DataCollectionRule>(K.dcr)) {
      this.dcrs.set(body.name.toLowerCase(), body);
      this.dcrsByImmutableId.set(body.immutableId, body);
    }
    for (const { body } of await this.documents.list<AppRegistration>(K.app)) {
      this.apps.set(body.objectId, body);
      this.appsByAppId.set(body.appId, body);
    }
    for (const { body } of await this.documents.list<RoleAssignment>(K.role)) this.roleAssignments.set(body.name, body);
    for (const t of SENTINEL_RESOURCE_TYPES) {
      for (const { body } of await this.documents.list<SentinelResource>(sentinelKind(t))) this.sentinel.get(t)!.set(body.name.toLowerCase(), body);
    }
    for (const { body } of await this.documents.list<DeploymentRecord>(K.deployment)) this.deployments.set(body.name.toLowerCase(), body);

    // The document store is the source of truth; make the engine's tables match it (a crash between
    // the two writes of a table change leaves the engine one step behind).
    for (const t of this.tables.values()) await this.syncPhysicalTable(t);
  }

  // ---------------------------------------------------------------- deployment identity

  get tenant(): Readonly<Tenant> {
    return this.tenantDoc;
  }

  get workspace(): Readonly<Workspace> {
    return this.workspaceDoc;
  }

  get scopes(): Scopes {
    return { subscriptionId: this.workspaceDoc.subscriptionId, resourceGroup: this.workspaceDoc.resourceGroup, workspaceName: this.workspaceDoc.name };
  }

  get workspaceResourceId(): string {
    return workspaceResourceId(this.scopes);
  }

  get subscriptionScope(): string {
    return subscriptionScope(this.scopes);
  }

  get resourceGroupScope(): string {
    return resourceGroupScope(this.scopes);
  }

  tableResourceId(name: string): string {
    return tableResourceId(this.scopes, name);
  }

  dcrResourceId(name: string): string {
    return dcrResourceId(this.scopes, name);
  }

  dceResourceId(name: string): string {
    return dceResourceId(this.scopes, name);
  }

  /** True for the tenant id or one of its domains (case-insensitive). */
  isTenant(idOrDomain: string): boolean {
    const v = idOrDomain.toLowerCase();
    return v === this.tenantDoc.id.toLowerCase() || this.tenantDoc.domains.some((d) => d.toLowerCase() === v);
  }

  onChange(listener: WorkspaceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: WorkspaceChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A listener's failure must not undo or fail a committed change.
      }
    }
  }

  // ---------------------------------------------------------------- shared keys

  sharedKeys(): { primarySharedKey: string; secondarySharedKey: string } {
    return { primarySharedKey: this.workspaceDoc.primarySharedKey, secondarySharedKey: this.workspaceDoc.secondarySharedKey };
  }

  /** Replaces one key, or both; the old value stops working as soon as this resolves. */
  regenerateSharedKey(which: 'primary' | 'secondary' | 'both'): Promise<{ primarySharedKey: string; secondarySharedKey: string }> {
    return this.serial.run(async () => {
      const next: Workspace = { ...this.workspaceDoc, keysChangedAt: this.now().toISOString() };
      if (which !== 'secondary') next.primarySharedKey = newSharedKey();
      if (which !== 'primary') next.secondarySharedKey = newSharedKey();
      await this.documents.put(K.workspace, SINGLETON, next);
      this.workspaceDoc = next;
      this.emit({ kind: 'workspace', op: 'keys' });
      return this.sharedKeys();
    });
  }

  // ---------------------------------------------------------------- data collection endpoints

  get defaultDce(): DataCollectionEndpoint {
    return this.dces.get(this.defaultDceName.toLowerCase())!;
  }

  listDces(): DataCollectionEndpoint[] {
    return [...this.dces.values()].sort(byName);
  }

  getDce(name: string): DataCollectionEndpoint | undefined {
    return this.dces.get(name.toLowerCase());
  }

  putDce(name: string, body: unknown): Promise<{ dce: DataCollectionEndpoint; created: boolean }> {
    return this.serial.run(async () => {
      const problem = dcrNameProblem(name);
      const issues: ValidationIssue[] = problem ? [{ code: 'InvalidName', target: 'name', message: problem }] : [];
      if (body !== undefined && body !== null && !isObject(body)) issues.push({ code: 'InvalidRequestBody', target: '', message: 'the endpoint must be a JSON object' });
      if (issues.length > 0) throw new ValidationFailed('dataCollectionEndpoint', issues);
      const existing = this.dces.get(name.toLowerCase());
      const now = this.now().toISOString();
      const description = prop(prop(body, 'properties'), 'description');
      const location = prop(body, 'location');
      const dce: DataCollectionEndpoint = {
        name: existing?.name ?? name,
        immutableId: existing?.immutableId ?? newDceImmutableId(),
        location: typeof location === 'string' && location.length > 0 && !location.startsWith('[') ? location : existing?.location ?? this.workspaceDoc.location,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      if (typeof description === 'string') dce.description = description;
      await this.documents.put(K.dce, dce.name.toLowerCase(), dce);
      this.dces.set(dce.name.toLowerCase(), dce);
      this.emit({ kind: 'dce', op: 'put', name: dce.name });
      return { dce, created: !existing };
    });
  }

  deleteDce(name: string): Promise<boolean> {
    return this.serial.run(async () => {
      const dce = this.dces.get(name.toLowerCase());
      if (!dce) return false;
      if (dce.name === this.defaultDceName) throw new Conflict('dataCollectionEndpoint', 'DefaultEndpoint', `'${dce.name}' is the default data collection endpoint and cannot be deleted`);
      const id = normaliseScope(this.dceResourceId(dce.name));
      const user = [...this.dcrs.values()].find((r) => r.dataCollectionEndpointId && normaliseScope(r.dataCollectionEndpointId) === id);
      if (user) throw new Conflict('dataCollectionEndpoint', 'EndpointInUse', `data collection rule '${user.name}' uses endpoint '${dce.name}'; delete or change the rule first`);
      await this.documents.delete(K.dce, dce.name.toLowerCase());
      this.dces.delete(dce.name.toLowerCase());
      this.emit({ kind: 'dce', op: 'delete', name: dce.name });
      return true;
    });
  }

  private findDceByResourceId(resourceId: string): string | undefined {
    const want = normaliseScope(resourceId);
    for (const d of this.dces.values()) {
      const id = this.dceResourceId(d.name);
      if (normaliseScope(id) === want) return id;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- tables

  listTables(): TableDef[] {
    return [...this.tables.values()].sort(byName);
  }

  /** Case-insensitive, as ARM names are; the returned table carries the stored casing. */
  getTable(name: string): TableDef | undefined {
    return this.tables.get(name.toLowerCase());
  }

  /**
   * Creates a custom table, or updates one (plan, retention, description, added columns). The body
   * is the ARM table resource (the shape of a solution's table file). `classic`: created by the HTTP
   * Data Collector API, whose `<Log-Type>_CL` names may be longer than the Tables API allows.
   */
  putTable(name: string, body: unknown, opts: { classic?: boolean } = {}): Promise<{ table: TableDef; created: boolean }> {
    return this.serial.run(async () => {
      const existing = this.tables.get(name.toLowerCase());
      if (existing && existing.kind === 'standard') {
        throw new ValidationFailed('table', [{ code: 'StandardTableReadOnly', target: 'name', message: `'${existing.name}' is a standard table; its schema cannot be changed` }]);
      }
      const checked = checkTable(existing?.name ?? name, body, existing, opts);
      if (!checked.ok) throw new ValidationFailed('table', checked.issues);
      const now = this.now().toISOString();
      const table: TableDef = {
        name: existing?.name ?? name,
        kind: 'custom',
        ...checked.value,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      // Physical table first: a crash before the document write leaves an engine table that the
      // next create of this name replaces, never a document without its table.
      if (existing) await this.syncPhysicalTable(table);
      else {
        if (await this.engine.getTable(table.name)) await this.engine.dropTable(table.name);
        await this.engine.createTable(table.name, physicalColumns(table), { defaults: standardColumnDefaults(table, this.workspaceDoc) });
      }
      await this.documents.put(K.table, table.name.toLowerCase(), table);
      this.tables.set(table.name.toLowerCase(), table);
      this.emit({ kind: 'table', op: 'put', name: table.name, table });
      return { table, created: !existing };
    });
  }

  /**
   * Registers a standard (non-`_CL`) table such as Syslog or CommonSecurityLog with its schema, for
   * the surfaces that provision them. Idempotent: columns missing from an existing one are added.
   */
  ensureStandardTable(def: Pick<TableDef, 'name' | 'columns'> & Partial<Pick<TableDef, 'description' | 'plan'>>): Promise<TableDef> {
    return this.serial.run(async () => {
      const existing = this.tables.get(def.name.toLowerCase());
      if (existing && existing.kind !== 'standard') throw new Conflict('table', 'TableExists', `a custom table named '${existing.name}' exists`);
      const now = this.now().toISOString();
      const have = new Set((existing?.columns ?? []).map((c) => c.name.toLowerCase()));
      const table: TableDef = {
        name: existing?.name ?? def.name,
        kind: 'standard',
        plan: def.plan ?? existing?.plan ?? 'Analytics',
        columns: [...(existing?.columns ?? []), ...def.columns.filter((c) => !have.has(c.name.toLowerCase()))],
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      if (def.description ?? existing?.description) table.description = def.description ?? existing?.description;
      await this.syncPhysicalTable(table);
      await this.documents.put(K.table, table.name.toLowerCase(), table);
      this.tables.set(table.name.toLowerCase(), table);
      this.emit({ kind: 'table', op: 'put', name: table.name, table });
      return table;
    });
  }

  /** Deletes a table and its rows. Refused while a DCR writes to it. */
  deleteTable(name: string): Promise<boolean> {
    return this.serial.run(async () => {
      const table = this.tables.get(name.toLowerCase());
      if (!table) return false;
      const writer = [...this.dcrs.values()].find((r) => this.dcrOutputTables(r).includes(table.name));
      if (writer) throw new Conflict('table', 'TableInUse', `data collection rule '${writer.name}' writes to table '${table.name}'; delete or change the rule first`);
      await this.documents.delete(K.table, table.name.toLowerCase());
      this.tables.delete(table.name.toLowerCase());
      if (await this.engine.getTable(table.name)) await this.engine.dropTable(table.name);
      this.emit({ kind: 'table', op: 'delete', name: table.name });
      return true;
    });
  }

  private async syncPhysicalTable(table: TableDef): Promise<void> {
    const wanted = physicalColumns(table);
    const defaults = standardColumnDefaults(table, this.workspaceDoc);
    const info = await this.engine.getTable(table.name);
    if (!info) {
      await this.engine.createTable(table.name, wanted, { defaults });
      return;
    }
    const have = new Set(info.columns.map((c) => c.name.toLowerCase()));
    const missing = wanted.filter((c) => !have.has(c.name.toLowerCase()));
    if (missing.length > 0) await this.engine.addColumns(table.name, missing);
    if (JSON.stringify(info.options.defaults ?? {}) !== JSON.stringify(defaults)) await this.engine.setTableOptions(table.name, { defaults });
  }

  // ---------------------------------------------------------------- data collection rules

  listDcrs(): DataCollectionRule[] {
    return [...this.dcrs.values()].sort(byName);
  }

  getDcr(name: string): DataCollectionRule | undefined {
    return this.dcrs.get(name.toLowerCase());
  }

  /** The lookup the Logs Ingestion surface makes per request. */
  getDcrByImmutableId(immutableId: string): DataCollectionRule | undefined {
    return this.dcrsByImmutableId.get(immutableId);
  }

  /** Creates or replaces a DCR (its immutable id survives updates). */
  putDcr(name: string, body: unknown): Promise<{ dcr: DataCollectionRule; created: boolean }> {
    return this.serial.run(async () => {
      const existing = this.dcrs.get(name.toLowerCase());
      const checked = checkDcr(existing?.name ?? name, body, {
        workspaceResourceId: this.workspaceResourceId,
        workspaceId: this.workspaceDoc.id,
        location: this.workspaceDoc.location,
        defaultDceResourceId: this.dceResourceId(this.defaultDceName),
        findDce: (id) => this.findDceByResourceId(id),
        findTable: (t) => this.getTable(t),
        transformCheck: this.transformCheck,
      });
      if (!checked.ok) throw new ValidationFailed('dataCollectionRule', checked.issues);
      const now = this.now().toISOString();
      const dcr: DataCollectionRule = {
        name: existing?.name ?? name,
        immutableId: existing?.immutableId ?? newDcrImmutableId(),
        ...checked.value,
        etag: `"${newGuid()}"`,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      await this.documents.put(K.dcr, dcr.name.toLowerCase(), dcr);
      this.dcrs.set(dcr.name.toLowerCase(), dcr);
      this.dcrsByImmutableId.set(dcr.immutableId, dcr);
      this.emit({ kind: 'dcr', op: 'put', name: dcr.name, immutableId: dcr.immutableId, dcr });
      return { dcr, created: !existing };
    });
  }

  /** Deletes a DCR and the role assignments scoped to it. */
  deleteDcr(name: string): Promise<boolean> {
    return this.serial.run(async () => {
      const dcr = this.dcrs.get(name.toLowerCase());
      if (!dcr) return false;
      await this.documents.delete(K.dcr, dcr.name.toLowerCase());
      this.dcrs.delete(dcr.name.toLowerCase());
      this.dcrsByImmutableId.delete(dcr.immutableId);
      await this.removeAssignmentsWhere((a) => scopeContains(this.dcrResourceId(dcr.name), a.scope));
      this.emit({ kind: 'dcr', op: 'delete', name: dcr.name, immutableId: dcr.immutableId });
      return true;
    });
  }

  /** The table names a DCR's flows write to. */
  dcrOutputTables(dcr: DataCollectionRule): string[] {
    const out = new Set<string>();
    for (const f of dcr.dataFlows) {
      const stream = f.outputStream ?? (f.streams.length === 1 ? f.streams[0] : undefined);
      const t = stream ? outputTableName(stream) : undefined;
      if (t) out.add(t.table);
    }
    return [...out];
  }

  // ---------------------------------------------------------------- app registrations and secrets

  listApps(): AppRegistration[] {
    return [...this.apps.values()].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.appId.localeCompare(b.appId));
  }

  /** By object id or application (client) id. */
  getApp(id: string): AppRegistration | undefined {
    const v = id.toLowerCase();
    return this.apps.get(v) ?? this.appsByAppId.get(v);
  }

  /** The service principal of an app, by its object id (the `oid` of the app's tokens). */
  getAppByServicePrincipalId(principalId: string): AppRegistration | undefined {
    const v = principalId.toLowerCase();
    return [...this.apps.values()].find((a) => a.servicePrincipalId === v);
  }

  createApp(input: { displayName: string }): Promise<AppRegistration> {
    return this.serial.run(async () => {
      const displayName = input.displayName.trim();
      if (displayName.length === 0 || displayName.length > 120) {
        throw new ValidationFailed('application', [{ code: 'InvalidDisplayName', target: 'displayName', message: 'displayName must be 1 to 120 characters' }]);
      }
      const app: AppRegistration = {
        objectId: newGuid(), appId: newGuid(), displayName, servicePrincipalId: newGuid(), secrets: [], createdAt: this.now().toISOString(),
      };
      await this.documents.put(K.app, app.objectId, app);
      this.apps.set(app.objectId, app);
      this.appsByAppId.set(app.appId, app);
      this.emit({ kind: 'app', op: 'put', appId: app.appId });
      return app;
    });
  }

  /** Deletes an app, its secrets and its role assignments; its tokens stop being honoured. */
  deleteApp(id: string): Promise<boolean> {
    return this.serial.run(async () => {
      const app = this.getApp(id);
      if (!app) return false;
      await this.documents.delete(K.app, app.objectId);
      this.apps.delete(app.objectId);
      this.appsByAppId.delete(app.appId);
      await this.removeAssignmentsWhere((a) => a.principalId === app.servicePrincipalId);
      this.emit({ kind: 'app', op: 'delete', appId: app.appId });
      return true;
    });
  }

  /**
   * Adds a client secret. The secret text is returned here once and stored only as a salted hash.
   * `endDateTime` defaults to two years from now.
   */
  addSecret(appRef: string, input: { displayName?: string; endDateTime?: string | Date } = {}): Promise<{ secretText: string; secret: SecretInfo; app: AppRegistration }> {
    return this.serial.run(async () => {
      const app = this.getApp(appRef);
      if (!app) throw new NotFound('application', appRef);
      const start = this.now();
      let end: Date;
      if (input.endDateTime !== undefined) {
        end = new Date(input.endDateTime);
        if (Number.isNaN(end.getTime()) || end.getTime() <= start.getTime()) {
          throw new ValidationFailed('application', [{ code: 'InvalidEndDateTime', target: 'passwordCredential.endDateTime', message: `endDateTime must be a date after now; got ${JSON.stringify(String(input.endDateTime))}` }]);
        }
      } else {
        end = new Date(start);
        end.setUTCFullYear(end.getUTCFullYear() + DEFAULT_SECRET_YEARS);
      }
      const secretText = newClientSecret();
      const { salt, hash } = hashSecret(secretText);
      const record: ClientSecretRecord = { keyId: newGuid(), hint: secretText.slice(0, 3), salt, hash, startDateTime: start.toISOString(), endDateTime: end.toISOString() };
      if (input.displayName) record.displayName = input.displayName;
      const next: AppRegistration = { ...app, secrets: [...app.secrets, record] };
      await this.putApp(next);
      return { secretText, secret: secretInfo(record), app: next };
    });
  }

  removeSecret(appRef: string, keyId: string): Promise<boolean> {
    return this.serial.run(async () => {
      const app = this.getApp(appRef);
      if (!app) throw new NotFound('application', appRef);
      const secrets = app.secrets.filter((s) => s.keyId !== keyId.toLowerCase());
      if (secrets.length === app.secrets.length) return false;
      await this.putApp({ ...app, secrets });
      return true;
    });
  }

  listSecrets(appRef: string): SecretInfo[] {
    const app = this.getApp(appRef);
    if (!app) throw new NotFound('application', appRef);
    return app.secrets.map(secretInfo);
  }

  /** Checks a client id and secret as the token endpoint does. Expired secrets never match. */
  verifyClientSecret(clientId: string, secret: string): SecretCheck {
    const app = this.appsByAppId.get(clientId.toLowerCase());
    if (!app) return { ok: false, reason: 'unknown_app' };
    if (secret.length === 0) return { ok: false, reason: 'no_secret' };
    const now = this.now().getTime();
    for (const s of app.secrets) {
      if (secretMatches(secret, s.salt, s.hash)) {
        return Date.parse(s.endDateTime) <= now ? { ok: false, reason: 'expired_secret' } : { ok: true, app };
      }
    }
    return { ok: false, reason: 'invalid_secret' };
  }

  private async putApp(app: AppRegistration): Promise<void> {
    await this.documents.put(K.app, app.objectId, app);
    this.apps.set(app.objectId, app);
    this.appsByAppId.set(app.appId, app);
    this.emit({ kind: 'app', op: 'put', appId: app.appId });
  }

  // ---------------------------------------------------------------- role assignments

  listRoleAssignments(filter: { scope?: string; principalId?: string; atScopeOnly?: boolean } = {}): RoleAssignment[] {
    return [...this.roleAssignments.values()]
      .filter((a) => !filter.principalId || a.principalId === filter.principalId.toLowerCase())
      .filter((a) => !filter.scope || (filter.atScopeOnly ? normaliseScope(a.scope) === normaliseScope(filter.scope) : scopeContains(a.scope, filter.scope) || scopeContains(filter.scope, a.scope)))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  }

  getRoleAssignment(name: string): RoleAssignment | undefined {
    return this.roleAssignments.get(name.toLowerCase());
  }

  /**
   * Assigns a role to an app's service principal at a scope of this deployment (the subscription,
   * the resource group, the workspace, or an existing DCR/DCE). The same principal, role and scope
   * twice is a conflict, as in Azure.
   */
  assignRole(input: { principalId: string; role: string; scope: string; name?: string }): Promise<RoleAssignment> {
    return this.serial.run(async () => {
      const issues: ValidationIssue[] = [];
      const role = findRole(input.role);
      if (!role) issues.push({ code: 'RoleDefinitionNotFound', target: 'properties.roleDefinitionId', message: `unknown role '${input.role}'; Vigil knows ${ROLE_DEFINITIONS.map((r) => r.name).join(', ')}` });
      const principalId = input.principalId.toLowerCase();
      if (!this.getAppByServicePrincipalId(principalId)) issues.push({ code: 'PrincipalNotFound', target: 'properties.principalId', message: `principal '${input.principalId}' is not the service principal of an app registration in this tenant` });
      const scope = this.canonicalScope(input.scope);
      if (!scope) issues.push({ code: 'InvalidScope', target: 'scope', message: `scope '${input.scope}' is not this subscription, its resource group, the workspace, or an existing data collection rule or endpoint` });
      const name = (input.name ?? newGuid()).toLowerCase();
      if (!GUID.test(name)) issues.push({ code: 'InvalidRoleAssignmentName', target: 'name', message: `role assignment name '${input.name}' must be a GUID` });
      if (issues.length > 0) throw new ValidationFailed('roleAssignment', issues);
      const existing = this.roleAssignments.get(name);
      if (existing) {
        if (existing.principalId === principalId && existing.roleDefinitionId === role!.id && normaliseScope(existing.scope) === normaliseScope(scope!)) return existing;
        throw new Conflict('roleAssignment', 'RoleAssignmentUpdateNotPermitted', `role assignment '${name}' exists with other properties; assignments cannot be changed, delete it first`);
      }
      const dup = [...this.roleAssignments.values()].find((a) => a.principalId === principalId && a.roleDefinitionId === role!.id && normaliseScope(a.scope) === normaliseScope(scope!));
      if (dup) throw new Conflict('roleAssignment', 'RoleAssignmentExists', `the role assignment already exists (name '${dup.name}')`);
      const a: RoleAssignment = { name, scope: scope!, roleDefinitionId: role!.id, roleName: role!.name, principalId, principalType: 'ServicePrincipal', createdAt: this.now().toISOString() };
      await this.documents.put(K.role, a.name, a);
      this.roleAssignments.set(a.name, a);
      this.emit({ kind: 'roleAssignment', op: 'put', name: a.name, principalId: a.principalId, scope: a.scope });
      return a;
    });
  }

  deleteRoleAssignment(name: string): Promise<boolean> {
    return this.serial.run(async () => {
      const a = this.roleAssignments.get(name.toLowerCase());
      if (!a) return false;
      await this.removeAssignmentsWhere((x) => x.name === a.name);
      return true;
    });
  }

  /**
   * Whether the principal holds the role at `scope` or at one of its parents (ARM inheritance).
   * `role` is a role name or id; the match is exact (Owner does not imply data roles).
   */
  hasRole(principalId: string, role: string, scope: string): boolean {
    const def = findRole(role);
    if (!def) return false;
    const p = principalId.toLowerCase();
    for (const a of this.roleAssignments.values()) {
      if (a.principalId === p && a.roleDefinitionId === def.id && scopeContains(a.scope, scope)) return true;
    }
    return false;
  }

  /** The scope in its stored casing when it names something of this deployment. */
  private canonicalScope(scope: string): string | undefined {
    const want = normaliseScope(scope);
    const candidates = [
      this.subscriptionScope, this.resourceGroupScope, this.workspaceResourceId,
      ...[...this.dcrs.values()].map((d) => this.dcrResourceId(d.name)),
      ...[...this.dces.values()].map((d) => this.dceResourceId(d.name)),
    ];
    return candidates.find((c) => normaliseScope(c) === want);
  }

  private async removeAssignmentsWhere(pred: (a: RoleAssignment) => boolean): Promise<void> {
    for (const a of [...this.roleAssignments.values()].filter(pred)) {
      await this.documents.delete(K.role, a.name);
      this.roleAssignments.delete(a.name);
      this.emit({ kind: 'roleAssignment', op: 'delete', name: a.name, principalId: a.principalId, scope: a.scope });
    }
  }
  // ---------------------------------------------------------------- Microsoft.SecurityInsights content

  listSentinel(type: SentinelResourceType): SentinelResource[] {
    return [...this.sentinel.get(type)!.values()].sort(byName);
  }

  /** Case-insensitive, as ARM names are. */
  getSentinel(type: SentinelResourceType, name: string): SentinelResource | undefined {
    return this.sentinel.get(type)!.get(name.toLowerCase());
  }

  /**
   * A connector definition by resource name or by its `connectorUiConfig.id` — data connectors name
   * the id in `connectorDefinitionName`, and real definitions do not always use it as their name.
   */
  findConnectorDefinition(ref: string): SentinelResource | undefined {
    const byName = this.getSentinel('dataConnectorDefinitions', ref);
    if (byName) return byName;
    const want = ref.toLowerCase();
    return this.listSentinel('dataConnectorDefinitions').find((d) => {
      const id = prop(prop(d.properties, 'connectorUiConfig'), 'id');
      return typeof id === 'string' && id.toLowerCase() === want;
    });
  }

  /** The data connector instances that belong to a connector definition (given by name or id). */
  dataConnectorsOf(definitionRef: string): SentinelResource[] {
    const def = this.findConnectorDefinition(definitionRef);
    const names = new Set([definitionRef.toLowerCase()]);
    if (def) {
      names.add(def.name.toLowerCase());
      const id = prop(prop(def.properties, 'connectorUiConfig'), 'id');
      if (typeof id === 'string') names.add(id.toLowerCase());
    }
    return this.listSentinel('dataConnectors').filter((d) => {
      const n = prop(d.properties, 'connectorDefinitionName');
      return typeof n === 'string' && names.has(n.toLowerCase());
    });
  }

  /**
   * Creates or replaces a connector definition, data connector, content package, content template or
   * metadata item. The body is the ARM resource (as a solution package deploys it).
   */
  putSentinel(type: SentinelResourceType, name: string, body: unknown): Promise<{ resource: SentinelResource; created: boolean }> {
    return this.serial.run(async () => {
      const map = this.sentinel.get(type)!;
      const existing = map.get(name.toLowerCase());
      const checked = checkSentinelResource(type, existing?.name ?? name, body, {
        findDefinition: (n) => this.findConnectorDefinition(n),
        findDcrByImmutableId: (id) => this.dcrsByImmutableId.get(id),
        findApp: (id) => this.getApp(id),
      });
      if (!checked.ok) throw new ValidationFailed(SENTINEL_LABEL[type], checked.issues);
      const now = this.now().toISOString();
      const resource: SentinelResource = {
        type,
        name: existing?.name ?? name,
        properties: checked.value.properties,
        etag: `"${newGuid()}"`,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      if (checked.value.kind !== undefined) resource.kind = checked.value.kind;
      await this.documents.put(sentinelKind(type), resource.name.toLowerCase(), resource);
      map.set(resource.name.toLowerCase(), resource);
      this.emit({ kind: 'sentinel', op: 'put', type, name: resource.name });
      return { resource, created: !existing };
    });
  }

  /** Deletes one; a connector definition is refused while data connector instances of it exist. */
  deleteSentinel(type: SentinelResourceType, name: string): Promise<boolean> {
    return this.serial.run(async () => {
      const map = this.sentinel.get(type)!;
      const existing = map.get(name.toLowerCase());
      if (!existing) return false;
      if (type === 'dataConnectorDefinitions') {
        const instances = this.dataConnectorsOf(existing.name);
        if (instances.length > 0) {
          throw new Conflict('dataConnectorDefinition', 'ConnectorDefinitionInUse',
            `connector definition '${existing.name}' has data connector instance(s) ${instances.map((i) => `'${i.name}'`).join(', ')}; disconnect the connector (delete its data connectors) first`);
        }
      }
      await this.documents.delete(sentinelKind(type), existing.name.toLowerCase());
      map.delete(existing.name.toLowerCase());
      this.emit({ kind: 'sentinel', op: 'delete', type, name: existing.name });
      return true;
    });
  }

  // ---------------------------------------------------------------- checks without writing (what-if)

  /**
   * Checks a table, DCR or Sentinel resource exactly as its put would — the same validators, the
   * transform check included — without writing anything. `overlay` holds what earlier resources of the
   * same deployment would have created, so a DCR may write to a table the deployment adds. On success
   * the would-be resource is added to the overlay and `created` says whether it is new.
   */
  checkPut(kind: 'table' | 'dataCollectionRule' | SentinelResourceType, name: string, body: unknown, overlay: WorkspaceOverlay): { ok: true; created: boolean } | { ok: false; issues: ValidationIssue[] } {
    const now = this.now().toISOString();
    const table = (n: string): TableDef | undefined => overlay.tables.get(n.toLowerCase()) ?? this.getTable(n);
    if (kind === 'table') {
      const existing = table(name);
      if (existing?.kind === 'standard') return { ok: false, issues: [{ code: 'StandardTableReadOnly', target: 'name', message: `'${existing.name}' is a standard table; its schema cannot be changed` }] };
      const checked = checkTable(existing?.name ?? name, body, existing);
      if (!checked.ok) return checked;
      overlay.tables.set(name.toLowerCase(), { name: existing?.name ?? name, kind: 'custom', ...checked.value, createdAt: existing?.createdAt ?? now, updatedAt: now });
      return { ok: true, created: !existing };
    }
    if (kind === 'dataCollectionRule') {
      const existing = this.dcrs.get(name.toLowerCase());
      const checked = checkDcr(existing?.name ?? name, body, {
        workspaceResourceId: this.workspaceResourceId,
        workspaceId: this.workspaceDoc.id,
        location: this.workspaceDoc.location,
        defaultDceResourceId: this.dceResourceId(this.defaultDceName),
        findDce: (id) => this.findDceByResourceId(id),
        findTable: table,
        transformCheck: this.transformCheck,
      });
      if (!checked.ok) return checked;
      const created = !existing && !overlay.dcrs.has(name.toLowerCase());
      overlay.dcrs.add(name.toLowerCase());
      return { ok: true, created };
    }
    const existing = this.getSentinel(kind, name);
    const checked = checkSentinelResource(kind, existing?.name ?? name, body, {
      findDefinition: (n) => overlay.definitions.get(n.toLowerCase()) ?? this.findConnectorDefinition(n),
      findDcrByImmutableId: (id) => this.dcrsByImmutableId.get(id),
      findApp: (id) => this.getApp(id),
    });
    if (!checked.ok) return checked;
    if (kind === 'dataConnectorDefinitions') {
      const r: SentinelResource = { type: kind, name, properties: checked.value.properties, etag: '', createdAt: now, updatedAt: now };
      overlay.definitions.set(name.toLowerCase(), r);
      const id = prop(prop(r.properties, 'connectorUiConfig'), 'id');
      if (typeof id === 'string') overlay.definitions.set(id.toLowerCase(), r);
    }
    return { ok: true, created: !existing };
  }

  // ---------------------------------------------------------------- deployment records

  listDeployments(): DeploymentRecord[] {
    return [...this.deployments.values()].sort(byName);
  }

  getDeployment(name: string): DeploymentRecord | undefined {
    return this.deployments.get(name.toLowerCase());
  }

  /** Stores the record of a finished deployment (the resources themselves are written by their own puts). */
  putDeployment(record: DeploymentRecord): Promise<{ created: boolean }> {
    return this.serial.run(async () => {
      const problem = dcrNameProblem(record.name);
      if (problem) throw new ValidationFailed('deployment', [{ code: 'InvalidDeploymentName', target: 'name', message: problem }]);
      const key = record.name.toLowerCase();
      const existed = this.deployments.has(key);
      await this.documents.put(K.deployment, key, record);
      this.deployments.set(key, record);
      this.emit({ kind: 'deployment', op: 'put', name: record.name });
      return { created: !existed };
    });
  }

  /** Deletes the record only: as in ARM, the resources a deployment created stay. */
  deleteDeployment(name: string): Promise<boolean> {
    return this.serial.run(async () => {
      const key = name.toLowerCase();
      const existing = this.deployments.get(key);
      if (!existing) return false;
      await this.documents.delete(K.deployment, key);
      this.deployments.delete(key);
      this.emit({ kind: 'deployment', op: 'delete', name: existing.name });
      return true;
    });
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.toLowerCase().localeCompare(b.name.toLowerCase());
}

function secretInfo(s: ClientSecretRecord): SecretInfo {
  const { salt: _salt, hash: _hash, ...rest } = s;
  return rest;
}
