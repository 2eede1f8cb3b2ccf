import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, walk, type Node } from '../../../src/kql/syntax/index.js';

test('walk visits every node once, parents first, in source order', () => {
  const text = 'let t = 1h; T | where a > ago(t) | make-series n = count() on x step 1h by k | render timechart';
  const r = parse(text);
  assert.deepEqual(r.diagnostics, []);
  const names: string[] = [];
  const seen = new Set<Node>();
  let lastStart = -1;
  let ordered = true;
  walk(r.script, (n, parent) => {
    assert.ok(!seen.has(n), 'visited twice');
    seen.add(n);
    if (parent) assert.ok(seen.has(parent), 'parent visited first');
    if (n.kind === 'Name') {
      names.push(n.name);
      if (n.span.start < lastStart) ordered = false;
      lastStart = n.span.start;
    }
  });
  assert.deepEqual(names, ['t', 'T', 'a', 'ago', 't', 'n', 'count', 'x', 'k', 'timechart']);
  assert.ok(ordered);
});

test('walk can skip a subtree', () => {
  const r = parse('T | where f(a, b) | project c');
  const kinds: string[] = [];
  walk(r.script, (n) => {
    kinds.push(n.kind);
    return n.kind !== 'WhereOperator';
  });
  assert.ok(!kinds.includes('Call'));
  assert.ok(kinds.includes('ProjectOperator'));
});
