// ARM template functions Vigil evaluates, as a table (name → implementation). Values are JSON; property
// access and name lookups are case-insensitive like ARM's. A function Vigil does not implement fails by name
// (ARM002) rather than being guessed.
import { ciGet, isObject, jsonEqual, type Json, type JsonObject } from '../model/json.js';
import type { Expr } from './expression.js';
import { armGuid, uniqueString } from './hash.js';

export interface DeploymentContext {
  subscriptionId: string;
  resourceGroup: string;
  /** Location of the resource group (`resourceGroup().location`). */
  location: string;
  tenantId: string;
  deploymentName?: string;
  /** Source of `newGuid()`; injectable so deployments can be reproduced in tests. */
  newGuid?: () => string;
  /** Source of `utcNow()`. */
  now?: () => Date;
}

export class ArmEvalError extends Error {
  constructor(
    readonly code: 'ARM002' | 'ARM003' | 'ARM004' | 'ARM005',
    message: string,
  ) {
    super(message);
  }
}

export interface Scope {
  ctx: DeploymentContext;
  parameter(name: string): Json;
  variable(name: string): Json;
  copyIndex(loop?: string): number;
  evaluate(e: Expr): Json;
}

type Fn = (scope: Scope, args: Expr[]) => Json;

const strict =
  (f: (scope: Scope, ...values: Json[]) => Json): Fn =>
  (scope, args) =>
    f(scope, ...args.map((a) => scope.evaluate(a)));

function fail(message: string): never {
  throw new ArmEvalError('ARM003', message);
}

function str(v: Json, fn: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail(`${fn}() expects a string, got ${describe(v)}`);
}

function num(v: Json, fn: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return fail(`${fn}() expects an integer, got ${describe(v)}`);
}

function describe(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** `string()` of a value: objects and arrays as compact JSON, like ARM. */
export function toArmString(v: Json): string {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Splits `Microsoft.Ns/type1/type2` and name segments into a resource path below `/providers`. */
export function resourcePath(type: string, names: string[]): string {
  const parts = type.split('/');
  if (parts.length < 2) fail(`"${type}" is not a resource type`);
  let path = `/providers/${parts[0]}`;
  let j = 0;
  for (const seg of parts.slice(1)) {
    if (seg.toLowerCase() === 'providers') path += `/providers/${names[j++] ?? ''}`;
    else path += `/${seg}/${names[j++] ?? ''}`;
  }
  if (j < names.length) path += '/' + names.slice(j).join('/');
  return path;
}

function resourceIdFn(scope: Scope, values: Json[]): string {
  const strs = values.map((v) => str(v, 'resourceId'));
  const typeIdx = strs.findIndex((s) => /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+\/.+/.test(s));
  if (typeIdx < 0) fail('resourceId() needs a resource type such as Microsoft.Insights/dataCollectionRules');
  const before = strs.slice(0, typeIdx);
  const sub = before.length === 2 ? before[0] : scope.ctx.subscriptionId;
  const rg = before.length >= 1 ? before[before.length - 1] : scope.ctx.resourceGroup;
  return `/subscriptions/${sub}/resourceGroups/${rg}${resourcePath(strs[typeIdx], strs.slice(typeIdx + 1))}`;
}

function formatFn(fmt: string, args: Json[]): string {
  return fmt.replace(/\{\{|\}\}|\{(\d+)(?::[^}]*)?\}/g, (m, i: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const n = Number(i);
    if (n >= args.length) fail(`format() has no argument {${n}}`);
    return toArmString(args[n]);
  });
}

function lengthOf(v: Json): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  return fail(`length() expects a string, array or object, got ${describe(v)}`);
}

export const FUNCTIONS: Record<string, Fn> = {
  parameters: strict((s, name) => s.parameter(str(name, 'parameters'))),
  variables: strict((s, name) => s.variable(str(name, 'variables'))),
  concat: strict((_s, ...vs) => {
    if (vs.length > 0 && vs.every((v) => Array.isArray(v) || v === null)) return vs.flatMap((v) => (v === null ? [] : (v as Json[])));
    return vs.map((v) => (v === null ? '' : Array.isArray(v) || isObject(v) ? fail('concat() mixes arrays and strings') : String(v))).join('');
  }),
  format: strict((_s, fmt, ...vs) => formatFn(str(fmt, 'format'), vs)),
  string: strict((_s, v) => toArmString(v)),
  int: strict((_s, v) => (typeof v === 'string' ? num(v.trim(), 'int') : Math.trunc(num(v, 'int')))),
  bool: strict((_s, v) => (typeof v === 'boolean' ? v : typeof v === 'string' ? v.toLowerCase() === 'true' : v === 1)),
  json: strict((_s, v) => {
    try {
      return JSON.parse(str(v, 'json')) as Json;
    } catch {
      return fail(`json() cannot parse ${JSON.stringify(v)}`);
    }
  }),
  array: strict((_s, v) => (Array.isArray(v) ? v : [v])),
  createArray: strict((_s, ...vs) => vs),
  createObject: strict((_s, ...vs) => {
    if (vs.length % 2 !== 0) fail('createObject() needs key/value pairs');
    const o: JsonObject = {};
    for (let i = 0; i < vs.length; i += 2) o[str(vs[i], 'createObject')] = vs[i + 1];
    return o;
  }),
  null: () => null,
  true: () => true,
  false: () => false,
  if: (s, args) => {
    if (args.length !== 3) fail('if() takes 3 arguments');
    const c = s.evaluate(args[0]);
    if (typeof c !== 'boolean') fail(`if() needs a boolean condition, got ${describe(c)}`);
    return s.evaluate(c ? args[1] : args[2]);
  },
  equals: strict((_s, a, b) => jsonEqual(a, b)),
  not: strict((_s, a) => (typeof a === 'boolean' ? !a : fail('not() expects a boolean'))),
  and: strict((_s, ...vs) => vs.every((v) => v === true)),
  or: strict((_s, ...vs) => vs.some((v) => v === true)),
  greater: strict((_s, a, b) => compare(a, b) > 0),
  greaterOrEquals: strict((_s, a, b) => compare(a, b) >= 0),
  less: strict((_s, a, b) => compare(a, b) < 0),
  lessOrEquals: strict((_s, a, b) => compare(a, b) <= 0),
  add: strict((_s, a, b) => num(a, 'add') + num(b, 'add')),
  sub: strict((_s, a, b) => num(a, 'sub') - num(b, 'sub')),
  mul: strict((_s, a, b) => num(a, 'mul') * num(b, 'mul')),
  div: strict((_s, a, b) => (num(b, 'div') === 0 ? fail('div() by zero') : Math.trunc(num(a, 'div') / num(b, 'div')))),
  mod: strict((_s, a, b) => (num(b, 'mod') === 0 ? fail('mod() by zero') : num(a, 'mod') % num(b, 'mod'))),
  min: strict((_s, ...vs) => Math.min(...(vs.length === 1 && Array.isArray(vs[0]) ? vs[0] : vs).map((v) => num(v, 'min')))),
  max: strict((_s, ...vs) => Math.max(...(vs.length === 1 && Array.isArray(vs[0]) ? vs[0] : vs).map((v) => num(v, 'max')))),
  coalesce: strict((_s, ...vs) => vs.find((v) => v !== null) ?? null),
  empty: strict((_s, v) => v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)),
  length: strict((_s, v) => lengthOf(v)),
  toLower: strict((_s, v) => str(v, 'toLower').toLowerCase()),
  toUpper: strict((_s, v) => str(v, 'toUpper').toUpperCase()),
  trim: strict((_s, v) => str(v, 'trim').trim()),
  replace: strict((_s, v, a, b) => str(v, 'replace').split(str(a, 'replace')).join(str(b, 'replace'))),
  startsWith: strict((_s, v, p) => str(v, 'startsWith').toLowerCase().startsWith(str(p, 'startsWith').toLowerCase())),
  endsWith: strict((_s, v, p) => str(v, 'endsWith').toLowerCase().endsWith(str(p, 'endsWith').toLowerCase())),
  indexOf: strict((_s, v, p) => str(v, 'indexOf').toLowerCase().indexOf(str(p, 'indexOf').toLowerCase())),
  lastIndexOf: strict((_s, v, p) => str(v, 'lastIndexOf').toLowerCase().lastIndexOf(str(p, 'lastIndexOf').toLowerCase())),
  substring: strict((_s, v, start, len) => {
    const t = str(v, 'substring');
    const st = num(start, 'substring');
    const l = len === undefined ? t.length - st : num(len, 'substring');
    if (st < 0 || l < 0 || st + l > t.length) fail(`substring(${st}, ${l}) is outside a string of length ${t.length}`);
    return t.substr(st, l);
  }),
  padLeft: strict((_s, v, width, pad) => toArmString(v).padStart(num(width, 'padLeft'), pad === undefined ? ' ' : str(pad, 'padLeft'))),
  split: strict((_s, v, d) => {
    const t = str(v, 'split');
    const delims = Array.isArray(d) ? d.map((x) => str(x, 'split')) : [str(d, 'split')];
    let parts = [t];
    for (const delim of delims) parts = parts.flatMap((p) => p.split(delim));
    return parts;
  }),
  join: strict((_s, v, d) => (Array.isArray(v) ? v.map(toArmString).join(str(d, 'join')) : fail('join() expects an array'))),
  take: strict((_s, v, n) => (typeof v === 'string' || Array.isArray(v) ? v.slice(0, Math.max(0, num(n, 'take'))) : fail('take() expects a string or array'))),
  skip: strict((_s, v, n) => (typeof v === 'string' || Array.isArray(v) ? v.slice(Math.max(0, num(n, 'skip'))) : fail('skip() expects a string or array'))),
  first: strict((_s, v) => (typeof v === 'string' ? v.slice(0, 1) : Array.isArray(v) ? (v[0] ?? null) : fail('first() expects a string or array'))),
  last: strict((_s, v) => (typeof v === 'string' ? v.slice(-1) : Array.isArray(v) ? (v[v.length - 1] ?? null) : fail('last() expects a string or array'))),
  contains: strict((_s, c, item) => {
    if (typeof c === 'string') return c.toLowerCase().includes(str(item, 'contains').toLowerCase());
    if (Array.isArray(c)) return c.some((x) => jsonEqual(x, item));
    if (isObject(c)) return ciGet(c, str(item, 'contains')) !== undefined;
    return fail('contains() expects a string, array or object');
  }),
  union: strict((_s, ...vs) => {
    if (vs.every(Array.isArray)) {
      const out: Json[] = [];
      for (const a of vs as Json[][]) for (const x of a) if (!out.some((y) => jsonEqual(x, y))) out.push(x);
      return out;
    }
    if (vs.every(isObject)) return Object.assign({}, ...(vs as JsonObject[]));
    return fail('union() expects all arrays or all objects');
  }),
  range: strict((_s, start, count) => Array.from({ length: num(count, 'range') }, (_, i) => num(start, 'range') + i)),
  items: strict((_s, o) =>
    isObject(o)
      ? Object.keys(o)
          .sort()
          .map((k) => ({ key: k, value: o[k] }))
      : fail('items() expects an object'),
  ),
  base64: strict((_s, v) => Buffer.from(str(v, 'base64'), 'utf8').toString('base64')),
  base64ToString: strict((_s, v) => Buffer.from(str(v, 'base64ToString'), 'base64').toString('utf8')),
  uniqueString: strict((_s, ...vs) => uniqueString(...vs.map((v) => str(v, 'uniqueString')))),
  guid: strict((_s, ...vs) => armGuid(...vs.map((v) => str(v, 'guid')))),
  newGuid: (s) => (s.ctx.newGuid ? s.ctx.newGuid() : fail('newGuid() needs a GUID source in the deployment context')),
  utcNow: strict((s, fmt) => {
    const d = s.ctx.now ? s.ctx.now() : new Date();
    const iso = d.toISOString();
    if (fmt === undefined) return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return iso;
  }),
  resourceGroup: (s) => ({
    id: `/subscriptions/${s.ctx.subscriptionId}/resourceGroups/${s.ctx.resourceGroup}`,
    name: s.ctx.resourceGroup,
    type: 'Microsoft.Resources/resourceGroups',
    location: s.ctx.location,
    properties: { provisioningState: 'Succeeded' },
  }),
  subscription: (s) => ({
    id: `/subscriptions/${s.ctx.subscriptionId}`,
    subscriptionId: s.ctx.subscriptionId,
    tenantId: s.ctx.tenantId,
    displayName: s.ctx.subscriptionId,
  }),
  tenant: (s) => ({ id: `/tenants/${s.ctx.tenantId}`, tenantId: s.ctx.tenantId }),
  deployment: (s) => ({ name: s.ctx.deploymentName ?? 'deployment', properties: {} }),
  resourceId: strict((s, ...vs) => resourceIdFn(s, vs)),
  subscriptionResourceId: strict((s, ...vs) => {
    const strs = vs.map((v) => str(v, 'subscriptionResourceId'));
    const typeIdx = strs.findIndex((x) => x.includes('/'));
    const sub = typeIdx === 1 ? strs[0] : s.ctx.subscriptionId;
    return `/subscriptions/${sub}${resourcePath(strs[typeIdx], strs.slice(typeIdx + 1))}`;
  }),
  tenantResourceId: strict((_s, type, ...names) => resourcePath(str(type, 'tenantResourceId'), names.map((n) => str(n, 'tenantResourceId')))),
  extensionResourceId: strict((_s, base, type, ...names) => {
    return `${str(base, 'extensionResourceId')}${resourcePath(str(type, 'extensionResourceId'), names.map((n) => str(n, 'extensionResourceId')))}`;
  }),
  copyIndex: strict((s, a, b) => {
    if (typeof a === 'string') return s.copyIndex(a) + (b === undefined ? 0 : num(b, 'copyIndex'));
    return s.copyIndex() + (a === undefined ? 0 : num(a, 'copyIndex'));
  }),
};

const LOOKUP = new Map(Object.entries(FUNCTIONS).map(([k, v]) => [k.toLowerCase(), v]));

export function callFunction(scope: Scope, name: string, args: Expr[]): Json {
  const f = LOOKUP.get(name.toLowerCase());
  if (!f) throw new ArmEvalError('ARM002', `template function "${name}" is not supported by Vigil`);
  return f(scope, args);
}

function compare(a: Json, b: Json): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fail('comparison needs two numbers or two strings');
}
