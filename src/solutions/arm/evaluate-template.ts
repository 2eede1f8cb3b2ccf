// Evaluates an ARM deployment template into the resources it would create, in dependency order, without
// creating anything (applying them to a workspace is the deployer's job). Two-phase by design (spec §9.7):
// strings starting with `[[` are left as `[...]` for the second deployment, which evaluates a content
// template's `mainTemplate` with the connection's parameters — call evaluateTemplate again for that.
import { finding, type Finding } from '../model/findings.js';
import { ciGet, ciKey, isObject, pointerJoin, type Json, type JsonObject } from '../model/json.js';
import { ExpressionSyntaxError, parseTemplateString, type Expr } from './expression.js';
import { ArmEvalError, callFunction, resourcePath, toArmString, type DeploymentContext, type Scope } from './functions.js';

export type { DeploymentContext } from './functions.js';

/** Resource types Vigil creates in a workspace; anything else is listed as skipped (ARM006). */
export const CREATABLE_TYPES = [
  'Microsoft.OperationalInsights/workspaces/tables',
  'Microsoft.Insights/dataCollectionRules',
  'Microsoft.Insights/dataCollectionEndpoints',
  'Microsoft.SecurityInsights/dataConnectorDefinitions',
  'Microsoft.SecurityInsights/dataConnectors',
  'Microsoft.SecurityInsights/metadata',
  'Microsoft.SecurityInsights/contentTemplates',
  'Microsoft.SecurityInsights/contentPackages',
];

export interface EvaluatedResource {
  /** Provider type without the workspace wrapper: `Microsoft.SecurityInsights/dataConnectorDefinitions`. */
  resourceType: string;
  /** The type as the template spells it (`Microsoft.OperationalInsights/workspaces/providers/…`). */
  templateType: string;
  /** Own name (last segment): `OrcaSecurityAlertsCCF`, `OrcaAlerts_CL`. */
  name: string;
  /** The full evaluated `name` of the template resource. */
  fullName: string;
  /** Workspace the resource lives in, for workspace-scoped types. */
  workspace?: string;
  id: string;
  apiVersion: string;
  kind?: Json;
  location?: Json;
  properties: Json;
  /** Ids of the resources this one depends on (resolved within the template). */
  dependsOn: string[];
  /** The whole evaluated resource object. */
  resource: JsonObject;
  /** Where the resource is declared in the template. */
  pointer: string;
}

export interface SkippedResource {
  templateType: string;
  name: string;
  pointer: string;
  reason: string;
}

export interface EvaluationResult {
  resources: EvaluatedResource[];
  skipped: SkippedResource[];
  parameters: Record<string, Json>;
  outputs: Record<string, Json>;
  diagnostics: Finding[];
}

export interface EvaluateOptions {
  /** File name used in diagnostics. */
  file?: string;
  /** Pointer of the template inside `file` (nested deployments). */
  pointer?: string;
}

const DEFAULT_CONTEXT: DeploymentContext = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'vigil',
  location: 'local',
  tenantId: '00000000-0000-0000-0000-000000000000',
};

class Evaluation {
  readonly diagnostics: Finding[] = [];
  private readonly paramValues = new Map<string, Json>();
  private readonly varValues = new Map<string, Json>();
  private readonly varStack: string[] = [];
  private readonly paramStack: string[] = [];
  copyIndexes = new Map<string, number>();
  currentCopy: string | undefined;
  pointer = '';

  constructor(
    readonly template: JsonObject,
    private readonly supplied: Record<string, Json>,
    readonly ctx: DeploymentContext,
    readonly file: string,
    readonly base: string,
  ) {
    this.scope = {
      ctx,
      parameter: (name) => this.parameter(name),
      variable: (name) => this.variable(name),
      copyIndex: (loop) => {
        const key = loop ?? this.currentCopy;
        const v = key !== undefined ? this.copyIndexes.get(key.toLowerCase()) : undefined;
        if (v === undefined) throw new ArmEvalError('ARM003', `copyIndex(${loop ? `'${loop}'` : ''}) is used outside a copy loop`);
        return v;
      },
      evaluate: (e) => this.evalExpr(e),
    };
  }

  readonly scope: Scope;

  private section(name: string): JsonObject {
    const v = ciGet(this.template, name);
    return isObject(v) ? v : {};
  }

  report(code: Finding['code'], message: string, pointer = this.pointer): void {
    this.diagnostics.push(finding(code, message, { file: this.file, pointer: this.base + pointer }));
  }

  parameter(name: string): Json {
    const decls = this.section('parameters');
    const key = ciKey(decls, name);
    if (key === undefined) throw new ArmEvalError('ARM005', `parameter "${name}" is not declared`);
    if (this.paramValues.has(key)) return this.paramValues.get(key)!;
    const suppliedKey = ciKey(this.supplied, key);
    let value: Json;
    if (suppliedKey !== undefined) {
      value = this.supplied[suppliedKey];
    } else {
      const decl = decls[key];
      const dk = ciKey(decl, 'defaultValue');
      if (dk === undefined) throw new ArmEvalError('ARM004', `parameter "${key}" has no value and no defaultValue`);
      if (this.paramStack.includes(key)) throw new ArmEvalError('ARM003', `parameter "${key}" refers to itself`);
      this.paramStack.push(key);
      const saved = this.pointer;
      this.pointer = pointerJoin('/parameters', key, dk);
      try {
        value = this.evalValue((decl as JsonObject)[dk], this.pointer, true);
      } finally {
        this.pointer = saved;
        this.paramStack.pop();
      }
    }
    this.checkParameter(key, decls[key], value);
    this.paramValues.set(key, value);
    return value;
  }

  private checkParameter(key: string, decl: Json, value: Json): void {
    const type = String(ciGet(decl, 'type') ?? '').toLowerCase();
    const ok =
      type === '' ||
      ((type === 'string' || type === 'securestring') && typeof value === 'string') ||
      (type === 'int' && typeof value === 'number') ||
      (type === 'bool' && typeof value === 'boolean') ||
      ((type === 'object' || type === 'secureobject') && isObject(value)) ||
      (type === 'array' && Array.isArray(value));
    if (!ok) {
      this.report('ARM009', `parameter "${key}" is declared ${type} but the value is ${Array.isArray(value) ? 'an array' : typeof value}`, pointerJoin('/parameters', key));
      return;
    }
    const allowed = ciGet(decl, 'allowedValues');
    if (Array.isArray(allowed) && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
      this.report('ARM009', `parameter "${key}" must be one of ${JSON.stringify(allowed)}`, pointerJoin('/parameters', key));
    }
    const minLength = ciGet(decl, 'minLength');
    if (typeof minLength === 'number' && (typeof value === 'string' || Array.isArray(value)) && value.length < minLength) {
      this.report('ARM009', `parameter "${key}" must be at least ${minLength} long`, pointerJoin('/parameters', key));
    }
  }

  variable(name: string): Json {
    const decls = this.section('variables');
    const key = ciKey(decls, name);
    if (key === undefined) throw new ArmEvalError('ARM005', `variable "${name}" is not declared`);
    if (this.varValues.has(key)) return this.varValues.get(key)!;
    if (this.varStack.includes(key)) throw new ArmEvalError('ARM003', `variable "${key}" refers to itself`);
    this.varStack.push(key);
    const saved = this.pointer;
    try {
      const value = this.evalValue(decls[key], pointerJoin('/variables', key), true);
      this.varValues.set(key, value);
      return value;
    } finally {
      this.pointer = saved;
      this.varStack.pop();
    }
  }

  resolvedParameters(): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(this.section('parameters'))) {
      try {
        out[key] = this.parameter(key);
      } catch (e) {
        this.reportError(e, pointerJoin('/parameters', key));
      }
    }
    return out;
  }

  evalExpr(e: Expr): Json {
    switch (e.kind) {
      case 'string':
        return e.value;
      case 'number':
        return e.value;
      case 'call':
        return callFunction(this.scope, e.name, e.args);
      case 'member': {
        const o = this.evalExpr(e.object);
        if (!isObject(o)) throw new ArmEvalError('ARM003', `cannot read property "${e.name}" of ${o === null ? 'null' : typeof o}`);
        const v = ciGet(o, e.name);
        if (v === undefined) throw new ArmEvalError('ARM003', `the object has no property "${e.name}"`);
        return v;
      }
      case 'index': {
        const o = this.evalExpr(e.object);
        const i = this.evalExpr(e.index);
        if (Array.isArray(o) && typeof i === 'number') {
          if (i < 0 || i >= o.length) throw new ArmEvalError('ARM003', `index ${i} is outside an array of length ${o.length}`);
          return o[i];
        }
        if (isObject(o) && typeof i === 'string') {
          const v = ciGet(o, i);
          if (v === undefined) throw new ArmEvalError('ARM003', `the object has no property "${i}"`);
          return v;
        }
        throw new ArmEvalError('ARM003', 'invalid index access');
      }
    }
  }

  /** Evaluates every string in a JSON value; `[[` strings keep one bracket for phase two. */
  evalValue(v: Json, pointer: string, rethrow = false, skip?: (pointer: string) => boolean): Json {
    if (skip?.(pointer)) return v;
    if (typeof v === 'string') {
      this.pointer = pointer;
      try {
        const t = parseTemplateString(v);
        return t.kind === 'literal' ? t.value : this.evalExpr(t.expr);
      } catch (e) {
        if (rethrow && e instanceof ArmEvalError) throw e;
        this.reportError(e, pointer);
        return null;
      }
    }
    if (Array.isArray(v)) return v.map((x, i) => this.evalValue(x, pointerJoin(pointer, i), rethrow, skip));
    if (isObject(v)) {
      const copyKey = ciKey(v, 'copy');
      const out: JsonObject = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === copyKey && Array.isArray(x)) continue;
        out[k] = this.evalValue(x, pointerJoin(pointer, k), rethrow, skip);
      }
      if (copyKey !== undefined && Array.isArray(v[copyKey])) this.propertyCopy(v[copyKey] as Json[], out, pointerJoin(pointer, copyKey), copyKey);
      return out;
    }
    return v;
  }

  /** Property-level copy: `"copy": [{ "name": "x", "count": n, "input": … }]` becomes `"x": [ … ]`. */
  private propertyCopy(loops: Json[], out: JsonObject, pointer: string, copyKey: string): void {
    delete out[copyKey];
    loops.forEach((loop, li) => {
      const name = ciGet(loop, 'name');
      const countExpr = ciGet(loop, 'count');
      const input = ciGet(loop, 'input');
      if (typeof name !== 'string' || input === undefined) return;
      const count = this.evalValue(countExpr ?? 0, pointerJoin(pointer, li, 'count'));
      if (typeof count !== 'number') return;
      const items: Json[] = [];
      const savedCopy = this.currentCopy;
      for (let i = 0; i < count; i++) {
        this.copyIndexes.set(name.toLowerCase(), i);
        this.currentCopy = name;
        items.push(this.evalValue(input, pointerJoin(pointer, li, 'input')));
      }
      this.copyIndexes.delete(name.toLowerCase());
      this.currentCopy = savedCopy;
      out[name] = items;
    });
  }

  reportError(e: unknown, pointer: string): void {
    if (e instanceof ExpressionSyntaxError) this.report('ARM001', `expression does not parse: ${e.message} (at ${e.pos + 1})`, pointer);
    else if (e instanceof ArmEvalError) this.report(e.code, e.message, pointer);
    else throw e;
  }
}

/** Maps a template resource type + full name onto the provider type, own name, workspace and resource id. */
export function identify(
  templateType: string,
  fullName: string,
  ctx: DeploymentContext,
): { resourceType: string; name: string; workspace?: string; id: string } {
  const types = templateType.split('/');
  const names = fullName.split('/');
  const id = `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}${resourcePath(templateType, names)}`;
  const provIdx = types.findIndex((t) => t.toLowerCase() === 'providers');
  if (provIdx > 0 && types[0].toLowerCase() === 'microsoft.operationalinsights' && types[1]?.toLowerCase() === 'workspaces') {
    // workspaces/providers/<type>: name is `<workspace>/<extension namespace>/<name>`.
    return { resourceType: `${names[1] ?? ''}/${types.slice(provIdx + 1).join('/')}`, name: names.slice(2).join('/'), workspace: names[0], id };
  }
  if (templateType.toLowerCase() === 'microsoft.operationalinsights/workspaces/tables') {
    return names.length >= 2
      ? { resourceType: 'Microsoft.OperationalInsights/workspaces/tables', name: names[1], workspace: names[0], id }
      : { resourceType: 'Microsoft.OperationalInsights/workspaces/tables', name: names[0], id };
  }
  return { resourceType: templateType, name: names[names.length - 1], id };
}

export function evaluateTemplate(
  template: Json,
  parameters: Record<string, Json> = {},
  context: Partial<DeploymentContext> = {},
  options: EvaluateOptions = {},
): EvaluationResult {
  const ctx: DeploymentContext = { ...DEFAULT_CONTEXT, ...context };
  const file = options.file ?? '';
  const base = options.pointer ?? '';
  if (!isObject(template)) {
    return {
      resources: [],
      skipped: [],
      parameters: {},
      outputs: {},
      diagnostics: [finding('ARM003', 'the template is not a JSON object', { file, pointer: base })],
    };
  }
  const ev = new Evaluation(template, parameters, ctx, file, base);
  const resolved = ev.resolvedParameters();
  const resources: EvaluatedResource[] = [];
  const skipped: SkippedResource[] = [];

  const list = ciGet(template, 'resources');
  (Array.isArray(list) ? list : []).forEach((raw, index) => {
    if (!isObject(raw)) return;
    const pointer = pointerJoin('/resources', index);
    for (const instance of expandCopy(ev, raw, base + pointer)) {
      collect(ev, instance, base + pointer, ctx, resources, skipped, file);
    }
  });

  const outputs: Record<string, Json> = {};
  const outs = ciGet(template, 'outputs');
  if (isObject(outs)) {
    for (const [k, o] of Object.entries(outs)) {
      const vk = ciKey(o, 'value');
      if (vk !== undefined) outputs[k] = ev.evalValue((o as JsonObject)[vk], base + pointerJoin('/outputs', k, vk));
    }
  }

  const ordered = dependencyOrder(resources, ev);
  return { resources: ordered, skipped, parameters: resolved, outputs, diagnostics: ev.diagnostics };
}

/** Resource-level copy loops produce one evaluated instance per index. */
function expandCopy(ev: Evaluation, raw: JsonObject, pointer: string): JsonObject[] {
  const copy = ciGet(raw, 'copy');
  if (!isObject(copy)) return [evalResource(ev, raw, pointer)];
  const name = ciGet(copy, 'name');
  const count = ev.evalValue(ciGet(copy, 'count') ?? 0, pointerJoin(pointer, 'copy', 'count'));
  if (typeof name !== 'string' || typeof count !== 'number') {
    ev.report('ARM003', 'copy needs a name and an integer count', pointerJoin(pointer, 'copy'));
    return [];
  }
  const out: JsonObject[] = [];
  for (let i = 0; i < count; i++) {
    ev.copyIndexes.set(name.toLowerCase(), i);
    ev.currentCopy = name;
    out.push(evalResource(ev, raw, pointer));
  }
  ev.copyIndexes.delete(name.toLowerCase());
  ev.currentCopy = undefined;
  return out;
}

function evalResource(ev: Evaluation, raw: JsonObject, pointer: string): JsonObject {
  const type = String(ciGet(raw, 'type') ?? '');
  const scopeInner =
    type.toLowerCase() === 'microsoft.resources/deployments' &&
    String(ciGet(ciGet(ciGet(raw, 'properties'), 'expressionEvaluationOptions'), 'scope') ?? '').toLowerCase() === 'inner';
  // An inner-scoped nested deployment keeps its template for its own evaluation with its own parameters.
  const templatePtr = pointerJoin(pointer, ciKey(raw, 'properties') ?? 'properties', ciKey(ciGet(raw, 'properties'), 'template') ?? 'template');
  const copyKey = ciKey(raw, 'copy');
  const body: JsonObject = { ...raw };
  if (copyKey !== undefined) delete body[copyKey];
  return ev.evalValue(body, pointer, false, scopeInner ? (p) => p === templatePtr : undefined) as JsonObject;
}

function collect(
  ev: Evaluation,
  r: JsonObject,
  pointer: string,
  ctx: DeploymentContext,
  resources: EvaluatedResource[],
  skipped: SkippedResource[],
  file: string,
): void {
  const templateType = toArmString(ciGet(r, 'type') ?? '');
  const fullName = toArmString(ciGet(r, 'name') ?? '');
  const condition = ciGet(r, 'condition');
  if (condition === false) {
    skipped.push({ templateType, name: fullName, pointer, reason: 'condition is false' });
    return;
  }
  if (templateType.toLowerCase() === 'microsoft.resources/deployments') {
    const props = ciGet(r, 'properties');
    const inner = ciGet(props, 'template');
    const suppliedRaw = ciGet(props, 'parameters');
    const supplied: Record<string, Json> = {};
    if (isObject(suppliedRaw)) for (const [k, v] of Object.entries(suppliedRaw)) supplied[k] = ciGet(v, 'value') ?? null;
    const nested = evaluateTemplate(inner ?? {}, supplied, ctx, { file, pointer: pointerJoin(pointer, 'properties', 'template') });
    ev.diagnostics.push(...nested.diagnostics);
    resources.push(...nested.resources);
    skipped.push(...nested.skipped);
    return;
  }
  let ident: ReturnType<typeof identify>;
  try {
    ident = identify(templateType, fullName, ctx);
  } catch (e) {
    ev.reportError(e, pointerJoin(pointer, 'type'));
    return;
  }
  if (!CREATABLE_TYPES.some((t) => t.toLowerCase() === ident.resourceType.toLowerCase())) {
    skipped.push({ templateType, name: fullName, pointer, reason: `Vigil does not create ${ident.resourceType} resources` });
    ev.diagnostics.push(
      finding('ARM006', `${ident.resourceType} "${fullName}" is not created by Vigil and is skipped`, { file, pointer }),
    );
    return;
  }
  const dependsOn = ciGet(r, 'dependsOn');
  const res: EvaluatedResource = {
    resourceType: CREATABLE_TYPES.find((t) => t.toLowerCase() === ident.resourceType.toLowerCase())!,
    templateType,
    name: ident.name,
    fullName,
    id: ident.id,
    apiVersion: toArmString(ciGet(r, 'apiVersion') ?? ''),
    properties: ciGet(r, 'properties') ?? null,
    dependsOn: Array.isArray(dependsOn) ? dependsOn.map(toArmString) : [],
    resource: r,
    pointer,
  };
  if (ident.workspace !== undefined) res.workspace = ident.workspace;
  const kind = ciGet(r, 'kind');
  if (kind !== undefined) res.kind = kind;
  const location = ciGet(r, 'location');
  if (location !== undefined) res.location = location;
  resources.push(res);
}

/** Stable topological order: template order unless a dependency says otherwise. */
function dependencyOrder(resources: EvaluatedResource[], ev: Evaluation): EvaluatedResource[] {
  const byId = new Map(resources.map((r) => [r.id.toLowerCase(), r]));
  const deps = new Map<EvaluatedResource, EvaluatedResource[]>();
  for (const r of resources) {
    const list: EvaluatedResource[] = [];
    r.dependsOn = r.dependsOn.map((d) => {
      const target = byId.get(d.toLowerCase()) ?? resources.find((x) => x.fullName.toLowerCase() === d.toLowerCase() || x.name.toLowerCase() === d.toLowerCase());
      if (!target) {
        ev.report('ARM008', `dependsOn "${d}" names no resource of this template`, pointerJoin(r.pointer.slice(ev.base.length), 'dependsOn'));
        return d;
      }
      list.push(target);
      return target.id;
    });
    deps.set(r, list);
  }
  const out: EvaluatedResource[] = [];
  const state = new Map<EvaluatedResource, 'visiting' | 'done'>();
  const visit = (r: EvaluatedResource, path: EvaluatedResource[]): void => {
    const s = state.get(r);
    if (s === 'done') return;
    if (s === 'visiting') {
      ev.report('ARM007', `dependency cycle: ${[...path, r].map((x) => x.fullName).join(' → ')}`, r.pointer.slice(ev.base.length));
      return;
    }
    state.set(r, 'visiting');
    for (const d of deps.get(r) ?? []) visit(d, [...path, r]);
    state.set(r, 'done');
    out.push(r);
  };
  for (const r of resources) visit(r, []);
  return out;
}

/** Reads an ARM parameter file (`{"parameters": {"x": {"value": …}}}`) or a plain `{x: value}` object. */
export function parameterValues(doc: Json): Record<string, Json> {
  if (!isObject(doc)) return {};
  const params = ciGet(doc, 'parameters');
  const source = isObject(params) && (ciGet(doc, '$schema') !== undefined || ciGet(doc, 'contentVersion') !== undefined) ? params : doc;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(source)) {
    if (k === '$schema' || k === 'contentVersion') continue;
    out[k] = isObject(v) && ciKey(v, 'value') !== undefined ? (v[ciKey(v, 'value')!] as Json) : v;
  }
  return out;
}

/** `k=v` command-line assignments; a value that parses as JSON is taken as JSON, otherwise as a string. */
export function parseAssignments(pairs: string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const raw = p.slice(eq + 1);
    let value: Json = raw;
    try {
      const parsed = JSON.parse(raw) as Json;
      if (typeof parsed !== 'string') value = parsed;
    } catch {
      value = raw;
    }
    out[p.slice(0, eq)] = value;
  }
  return out;
}
