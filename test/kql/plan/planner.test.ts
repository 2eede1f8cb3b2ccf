// The planner: row order is explicit (a hidden order column only where something needs it),
// order-insensitive consumers drop sorts, innerunique keeps one left row per key, shared `let`s are
// one common table expression.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind, staticSchema } from '../../../src/kql/index.js';
import { planQuery } from '../../../src/kql/plan/planner.js';
import type { IrNode, IrQuery } from '../../../src/kql/plan/ir.js';

const schema = staticSchema([{ name: 'T', columns: [{ name: 'a', type: 'string' }, { name: 'n', type: 'long' }] }]);

function plan(q: string): IrQuery {
  const b = bind(q, { schema });
  assert.deepEqual(b.diagnostics, []);
  return planQuery(b.query!);
}

function nodes(n: IrNode, out: IrNode[] = []): IrNode[] {
  out.push(n);
  for (const k of ['input', 'left', 'right', 'sub'] as const) {
    const c = (n as unknown as Record<string, IrNode | undefined>)[k];
    if (c) nodes(c, out);
  }
  if (n.kind === 'union') n.inputs.forEach((i) => nodes(i, out));
  return out;
}

const hasOrderColumn = (q: IrQuery) => nodes(q.root).some((n) => n.columns.some((c) => c.name === '__ord'));

test('a final sort becomes the final ORDER BY, without a hidden column', () => {
  const q = plan('T | sort by n desc');
  assert.equal(q.orderBy?.length, 1);
  assert.equal(q.orderBy![0]!.descending, true);
  assert.equal(hasOrderColumn(q), false);
});

test('top N is one ORDER BY … LIMIT', () => {
  const q = plan('T | top 5 by n asc');
  assert.equal(q.root.kind, 'limit');
  assert.equal(q.orderBy![0]!.descending, false);
});

test('a sort followed by order-preserving operators carries a hidden order column', () => {
  const q = plan('T | sort by n | where n > 1 | project a');
  assert.equal(hasOrderColumn(q), true);
  assert.deepEqual(q.columns.map((c) => c.name), ['a']);
  assert.equal(q.orderBy?.[0]?.expr.kind, 'column');
});

test('a sort under summarize is dropped', () => {
  const q = plan('T | sort by n | summarize count() by a');
  assert.equal(hasOrderColumn(q), false);
  assert.equal(q.orderBy, undefined);
});

test('window functions order by the serialized row set', () => {
  const q = plan('T | sort by n asc | extend p = prev(n)');
  const proj = nodes(q.root).find((n) => n.kind === 'project' && n.windowOrder !== undefined);
  assert.ok(proj, 'a projection with a window order');
});

test('innerunique de-duplicates the left side on the join keys', () => {
  const q = plan('T | join (T) on a');
  const join = nodes(q.root).find((n) => n.kind === 'join');
  assert.ok(join && join.kind === 'join');
  assert.equal(join.joinKind, 'inner');
  assert.equal(join.left.kind, 'dedupe');
  const plain = nodes(plan('T | join kind=inner (T) on a').root).find((n) => n.kind === 'join');
  assert.ok(plain && plain.kind === 'join' && plain.left.kind !== 'dedupe');
});

test('a tabular let used twice is one shared CTE', () => {
  const q = plan('let X = T | where n > 0; X | join kind=inner (X) on a');
  const join = nodes(q.root).find((n) => n.kind === 'join');
  assert.ok(join && join.kind === 'join');
  assert.equal(join.left.kind, 'cte');
  assert.equal(join.left, join.right);
});
