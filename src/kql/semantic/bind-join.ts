// `join` (all kinds; innerunique by default, S1) and `lookup`, with Kusto's output naming:
// right-side columns whose names exist on the left get the suffix `1` (`UserId1`).

import type * as A from '../syntax/ast.js';
import type { BJoin, BTabular, JoinKind } from './bound.js';
import type { Column } from './types.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindTabular } from './bind-tabular.js';
import { uniqueName } from './naming.js';

const KINDS: Record<string, JoinKind> = {
  innerunique: 'innerunique', inner: 'inner', leftouter: 'leftouter', rightouter: 'rightouter',
  fullouter: 'fullouter', leftanti: 'leftanti', anti: 'leftanti', leftantisemi: 'leftanti',
  rightanti: 'rightanti', rightantisemi: 'rightanti', leftsemi: 'leftsemi', rightsemi: 'rightsemi',
};

function sideMember(e: A.Expression): { side: 'left' | 'right'; name: string } | undefined {
  if (e.kind === 'Parenthesized') return sideMember(e.expression);
  if (e.kind !== 'Member' || e.target.kind !== 'NameReference') return undefined;
  const t = e.target.name.name;
  if (t === '$left') return { side: 'left', name: e.member.name };
  if (t === '$right') return { side: 'right', name: e.member.name };
  return undefined;
}

function joinKeys(ctx: BindContext, on: readonly A.Expression[], left: readonly Column[], right: readonly Column[]): Array<{ left: string; right: string }> {
  const keys: Array<{ left: string; right: string }> = [];
  const check = (schema: readonly Column[], name: string, node: A.Node) => {
    if (!schema.some((c) => c.name === name)) fail('unknownColumn', [name], node);
  };
  const visit = (e: A.Expression): void => {
    if (e.kind === 'Parenthesized') return visit(e.expression);
    if (e.kind === 'NameReference') {
      check(left, e.name.name, e);
      check(right, e.name.name, e);
      keys.push({ left: e.name.name, right: e.name.name });
      return;
    }
    if (e.kind === 'Binary' && e.operator === 'and') { visit(e.left); visit(e.right); return; }
    if (e.kind === 'Binary' && e.operator === '==') {
      const a = sideMember(e.left);
      const b = sideMember(e.right);
      if (a && b && a.side !== b.side) {
        const l = a.side === 'left' ? a : b;
        const r = a.side === 'left' ? b : a;
        check(left, l.name, e);
        check(right, r.name, e);
        keys.push({ left: l.name, right: r.name });
        return;
      }
    }
    fail('invalidJoinKey', [], e);
  };
  on.forEach(visit);
  if (keys.length === 0) fail('invalidJoinKey', [], { start: 0, end: 0 });
  for (const k of keys) {
    const lt = left.find((c) => c.name === k.left)!.type;
    const rt = right.find((c) => c.name === k.right)!.type;
    if (lt !== rt && !(isNum(lt) && isNum(rt)) && lt !== 'dynamic' && rt !== 'dynamic') {
      fail('operatorTypes', ['join ==', lt, rt], { start: 0, end: 0 });
    }
  }
  return keys;
}

function isNum(t: string): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

function build(kind: JoinKind, left: BTabular, right: BTabular, keys: Array<{ left: string; right: string }>, lookup: boolean, span: A.Span): BJoin {
  const output: BJoin['output'] = [];
  if (kind === 'leftsemi' || kind === 'leftanti') {
    for (const c of left.schema) output.push({ side: 'left', column: c.name, name: c.name });
  } else if (kind === 'rightsemi' || kind === 'rightanti') {
    for (const c of right.schema) output.push({ side: 'right', column: c.name, name: c.name });
  } else {
    const taken = new Set<string>();
    for (const c of left.schema) { output.push({ side: 'left', column: c.name, name: c.name }); taken.add(c.name); }
    const rightKeys = new Set(keys.map((k) => k.right));
    for (const c of right.schema) {
      if (lookup && rightKeys.has(c.name)) continue; // lookup keeps the key columns once (from the left)
      const name = uniqueName(c.name, (n) => taken.has(n));
      taken.add(name);
      output.push({ side: 'right', column: c.name, name });
    }
  }
  const schema = output.map((o) => ({ name: o.name, type: (o.side === 'left' ? left : right).schema.find((c) => c.name === o.column)!.type }));
  return { kind: 'join', joinKind: kind, left, right, on: keys, output, lookup, schema, span };
}

export function bindJoin(ctx: BindContext, op: A.JoinOperator, left: BTabular, env: Env): BTabular {
  let kind: JoinKind = 'innerunique';
  for (const p of op.parameters) {
    const n = p.name.toLowerCase();
    if (n === 'kind') {
      const v = p.value.kind === 'NameReference' ? p.value.name.name.toLowerCase() : '';
      const k = KINDS[v];
      if (!k) return fail('unsupportedParameter', [`kind=${v}`, 'join'], p);
      kind = k;
    } else if (!n.startsWith('hint.') && n !== 'withsource') {
      return fail('unsupportedParameter', [p.name, 'join'], p);
    }
  }
  if (op.where) return fail('unsupportedSyntax', ['join … where'], op.where);
  const right = bindTabular(ctx, op.right, env);
  const keys = joinKeys(ctx, op.on, left.schema, right.schema);
  return build(kind, left, right, keys, false, op.span);
}

export function bindLookup(ctx: BindContext, op: A.LookupOperator, left: BTabular, env: Env): BTabular {
  let kind: JoinKind = 'leftouter';
  for (const p of op.parameters) {
    const n = p.name.toLowerCase();
    if (n === 'kind') {
      const v = p.value.kind === 'NameReference' ? p.value.name.name.toLowerCase() : '';
      if (v !== 'leftouter' && v !== 'inner') return fail('unsupportedParameter', [`kind=${v}`, 'lookup'], p);
      kind = v as JoinKind;
    } else if (!n.startsWith('hint.')) {
      return fail('unsupportedParameter', [p.name, 'lookup'], p);
    }
  }
  const right = bindTabular(ctx, op.right, env);
  const keys = joinKeys(ctx, op.on, left.schema, right.schema);
  return build(kind, left, right, keys, true, op.span);
}
