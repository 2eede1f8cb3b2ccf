// Every tabular operator's syntax, checked on the node it produces. Forms follow the operator
// pages of the Kusto reference.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperatorParameter, QueryOperator } from '../../../src/kql/syntax/index.js';
import { firstError, lastOperatorOf, queryOf, shape } from './helpers.js';

function opOf<K extends QueryOperator['kind']>(text: string, kind: K): Extract<QueryOperator, { kind: K }> {
  const op = lastOperatorOf(text);
  assert.equal(op.kind, kind, text);
  return op as Extract<QueryOperator, { kind: K }>;
}

function params(ps: OperatorParameter[]): Record<string, string> {
  return Object.fromEntries(
    ps.map((p) => [p.name, p.value.kind === 'NameReference' ? p.value.name.name : p.value.kind === 'Literal' ? String(p.value.value) : p.value.kind]),
  );
}

function src(text: string, e: { span: { start: number; end: number } }): string {
  return text.slice(e.span.start, e.span.end);
}

test('pipes nest to the left', () => {
  const q = queryOf('T | where a | take 1');
  assert.equal(q.kind, 'Pipe');
  if (q.kind !== 'Pipe') return;
  assert.equal(q.operator.kind, 'TakeOperator');
  assert.equal(q.source.kind, 'Pipe');
  assert.equal(q.source.kind === 'Pipe' && q.source.operator.kind, 'WhereOperator');
});

test('where / filter', () => {
  const w = opOf('T | where a > 1', 'WhereOperator');
  assert.equal(w.keyword, 'where');
  assert.equal(opOf('T | filter a', 'WhereOperator').keyword, 'filter');
  const assign = opOf('T | where isAudit = true', 'WhereOperator');
  assert.equal(assign.predicate.kind === 'Binary' && assign.predicate.operator, '=');
  assert.equal(opOf('T | where * has "x"', 'WhereOperator').predicate.kind, 'Binary');
});

test('extend and project, with named, unnamed and tuple items', () => {
  const text = 'T | extend a = 1, b, (c, d) = f(x), [\'e f\'] = 2';
  const e = opOf(text, 'ExtendOperator');
  assert.equal(e.items.length, 4);
  assert.deepEqual(e.items[0].kind === 'Assignment' && e.items[0].names.map((n) => n.name), ['a']);
  assert.equal(e.items[1].kind, 'NameReference');
  assert.deepEqual(e.items[2].kind === 'Assignment' && [e.items[2].tuple, e.items[2].names.map((n) => n.name)], [true, ['c', 'd']]);
  assert.equal(e.items[3].kind === 'Assignment' && e.items[3].names[0].bracketed, true);
  assert.equal(opOf('T | project a, b = c', 'ProjectOperator').items.length, 2);
  assert.equal(opOf('T | project', 'ProjectOperator').items.length, 0);
  assert.equal(firstError('T | extend').start, 10);
});

test('project-away, project-keep, project-rename, project-reorder, project-by-names', () => {
  const away = opOf('T | project-away a*, *b, c, *', 'ProjectAwayOperator');
  assert.deepEqual(away.columns.map((c) => (c.kind === 'WildcardName' ? `~${c.pattern}` : c.name)), ['~a*', '~*b', 'c', '~*']);
  assert.equal(opOf('T | project-keep x*', 'ProjectKeepOperator').columns[0].kind, 'WildcardName');
  const ren = opOf("T | project-rename x = a, ['y z'] = b", 'ProjectRenameOperator');
  assert.deepEqual(ren.renames.map((r) => [r.newName.name, r.oldName.name]), [['x', 'a'], ['y z', 'b']]);
  const re = opOf('T | project-reorder b asc, a* desc, c granny-asc, d', 'ProjectReorderOperator');
  assert.deepEqual(re.columns.map((c) => c.order), ['asc', 'desc', 'granny-asc', undefined]);
  assert.equal(opOf('T | project-by-names "a", "b*"', 'ProjectByNamesOperator').items.length, 2);
});

test('summarize: hints, aggregates, by, either part empty', () => {
  const text = 'T | summarize hint.strategy=shuffle n = count(), dcount(a) by b, h = bin(t, 1h)';
  const s = opOf(text, 'SummarizeOperator');
  assert.deepEqual(params(s.parameters), { 'hint.strategy': 'shuffle' });
  assert.equal(s.aggregates.length, 2);
  assert.equal(s.by.length, 2);
  assert.equal(opOf('T | summarize by a', 'SummarizeOperator').aggregates.length, 0);
  assert.equal(opOf('T | summarize count()', 'SummarizeOperator').by.length, 0);
  assert.equal(firstError('T | summarize count() by').start, 24);
});

test('sort / order, top, top-nested, top-hitters, take / limit, sample, sample-distinct', () => {
  const s = opOf('T | sort by a asc nulls last, b desc nulls first, c', 'SortOperator');
  assert.deepEqual(s.keys.map((k) => [k.order, k.nulls]), [['asc', 'last'], ['desc', 'first'], [undefined, undefined]]);
  assert.equal(opOf('T | order by a', 'SortOperator').keyword, 'order');
  const top = opOf('T | top 10 by a desc nulls last', 'TopOperator');
  assert.deepEqual([top.keys.length, top.keys[0].order, top.keys[0].nulls], [1, 'desc', 'last']);
  assert.ok(firstError('T | top 5 by x desc, y asc'));
  const tn = opOf('T | top-nested 3 of a by count(), top-nested of b with others = "o" by s = sum(c) desc', 'TopNestedOperator');
  assert.equal(tn.clauses.length, 2);
  assert.equal(tn.clauses[1].count, undefined);
  assert.equal(tn.clauses[1].withOthers?.kind, 'Literal');
  assert.equal(tn.clauses[1].order, 'desc');
  assert.equal(opOf('T | top-hitters 5 of a by b', 'TopHittersOperator').by?.kind, 'NameReference');
  assert.equal(opOf('T | take 10', 'TakeOperator').keyword, 'take');
  assert.equal(opOf('T | limit 10', 'TakeOperator').keyword, 'limit');
  assert.equal(opOf('T | sample 5', 'SampleOperator').count.kind, 'Literal');
  assert.equal(opOf('T | sample-distinct 5 of a', 'SampleDistinctOperator').of.kind, 'NameReference');
});

test('distinct, count, getschema, serialize, as', () => {
  assert.equal(opOf('T | distinct *', 'DistinctOperator').items[0].kind, 'Star');
  assert.equal(opOf('T | distinct a, b', 'DistinctOperator').items.length, 2);
  assert.equal(opOf('T | count', 'CountOperator').as, undefined);
  assert.equal(opOf('T | count as N', 'CountOperator').as?.name, 'N');
  opOf('T | getschema', 'GetSchemaOperator');
  assert.equal(opOf('T | serialize', 'SerializeOperator').items.length, 0);
  assert.equal(opOf('T | serialize rn = row_number()', 'SerializeOperator').items[0].kind, 'Assignment');
  const as = opOf('T | as hint.materialized=true X', 'AsOperator');
  assert.deepEqual([as.name.name, params(as.parameters)], ['X', { 'hint.materialized': 'true' }]);
});

test('join and lookup: kinds, hints, $left/$right keys, right side forms', () => {
  const text = 'T | join kind=leftouter hint.strategy=broadcast (U | where b > 1) on $left.a == $right.b, c';
  const j = opOf(text, 'JoinOperator');
  assert.equal(j.joinKind, 'leftouter');
  assert.deepEqual(params(j.parameters), { kind: 'leftouter', 'hint.strategy': 'broadcast' });
  assert.equal(j.right.kind, 'Parenthesized');
  assert.deepEqual(j.on.map((e) => shape(e, text)), ['($left.a == $right.b)', 'c']);
  for (const kind of ['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi']) {
    assert.equal(opOf(`T | join kind=${kind} U on a`, 'JoinOperator').joinKind, kind);
  }
  assert.equal(opOf('T | join U on a', 'JoinOperator').joinKind, undefined);
  assert.equal(opOf('T | join (U) on a and b', 'JoinOperator').on.length, 1);
  const l = opOf('T | lookup kind=leftouter (U) on a', 'LookupOperator');
  assert.deepEqual([l.lookupKind, l.on.length], ['leftouter', 1]);
});

test('union: options, wildcard tables, parenthesised pipes, as a source', () => {
  const text = 'union kind=outer withsource=SourceTable isfuzzy=true T, Sec*, (V | take 1), f("x")';
  const u = queryOf(text);
  assert.equal(u.kind, 'UnionOperator');
  if (u.kind !== 'UnionOperator') return;
  assert.deepEqual(params(u.parameters), { kind: 'outer', withsource: 'SourceTable', isfuzzy: 'true' });
  assert.deepEqual(u.tables.map((t) => t.kind), ['NameReference', 'WildcardName', 'Parenthesized', 'Call']);
  assert.equal(opOf('T | union U', 'UnionOperator').tables.length, 1);
});

test('mv-expand and mv-apply', () => {
  const e = opOf('T | mv-expand bagexpansion=array with_itemindex=i a to typeof(long), b = c to typeof(string) limit 100', 'MvExpandOperator');
  assert.deepEqual(params(e.parameters), { bagexpansion: 'array', with_itemindex: 'i' });
  assert.deepEqual(e.items.map((i) => i.toType?.name), ['long', 'string']);
  assert.equal(e.items[1].item.kind, 'Assignment');
  assert.equal(e.limit?.kind, 'Literal');
  assert.equal(opOf('T | mvexpand a', 'MvExpandOperator').keyword, 'mvexpand');
  const a = opOf('T | mv-apply with_itemindex=i x = a to typeof(long) limit 5 on (where x > 1 | summarize sum(x))', 'MvApplyOperator');
  assert.equal(a.subquery.kind, 'Pipe');
  assert.equal(a.subquery.kind === 'Pipe' && a.subquery.source.kind, 'WhereOperator');
  assert.equal(a.limit?.kind, 'Literal');
  const contextual = opOf('T | mv-apply a on (top 1 by a)', 'MvApplyOperator');
  assert.equal(contextual.subquery.kind, 'TopOperator');
});

test('parse, parse-where, parse-kv', () => {
  const p = opOf('T | parse a with * "x=" x:long "," y "]" *', 'ParseOperator');
  assert.deepEqual(p.pattern.map((x) => x.kind), ['Star', 'Literal', 'ColumnDeclaration', 'Literal', 'ParseColumn', 'Literal', 'Star']);
  const r = opOf('T | parse kind=regex flags=Ui a with "(" x:long ")"', 'ParseOperator');
  assert.deepEqual([r.parseKind, r.flags], ['regex', 'Ui']);
  assert.equal(opOf('T | parse-where a with "x" b:string', 'ParseOperator').keyword, 'parse-where');
  const kv = opOf('T | parse-kv a as (x:string, y:long) with (pair_delimiter=",", kv_delimiter="=", greedy=true)', 'ParseKvOperator');
  assert.deepEqual(kv.columns.map((c) => `${c.name.name}:${c.type.name}`), ['x:string', 'y:long']);
  assert.deepEqual(kv.options.map((o) => o.name.name), ['pair_delimiter', 'kv_delimiter', 'greedy']);
});

test('make-series: from/to/step, in range(), defaults, by', () => {
  const m = opOf('T | make-series kind=nonempty n = count() default = 0, avg(v) on t from ago(7d) to now() step 1d by k', 'MakeSeriesOperator');
  assert.deepEqual(params(m.parameters), { kind: 'nonempty' });
  assert.equal(m.aggregates.length, 2);
  assert.equal(m.aggregates[0].default?.kind, 'Literal');
  assert.deepEqual([m.from?.kind, m.to?.kind, m.step?.kind, m.by.length], ['Call', 'Call', 'Literal', 1]);
  const r = opOf('T | make-series n = count() on t in range(ago(1d), now(), 1h)', 'MakeSeriesOperator');
  assert.equal(r.inRange?.args.length, 3);
  assert.equal(r.step, undefined);
});

test('evaluate, render, invoke', () => {
  const ev = opOf('T | evaluate hint.distribution=per_node bag_unpack(d) : (*, Name:string)', 'EvaluateOperator');
  assert.deepEqual([ev.plugin.callee.name, ev.schema?.wildcard, ev.schema?.columns.length], ['bag_unpack', true, 1]);
  const text = 'T | render timechart with (title="x", ycolumns=a, b, kind=stacked)';
  const r = opOf(text, 'RenderOperator');
  assert.equal(r.visualization.name, 'timechart');
  assert.deepEqual(r.properties.map((p) => p.name.name), ['title', 'ycolumns', 'kind']);
  assert.deepEqual(r.properties[1].values?.map((v) => src(text, v)), ['a', 'b']);
  assert.equal(opOf('T | render columnchart kind=stacked title="hi"', 'RenderOperator').properties.length, 2);
  assert.equal(opOf('T | render piechart', 'RenderOperator').properties.length, 0);
  assert.equal(opOf('T | invoke f(1)', 'InvokeOperator').call.callee.name, 'f');
});

test('search and find', () => {
  assert.equal(opOf('T | search "foo"', 'SearchOperator').predicate.kind, 'Literal');
  const s = queryOf('search kind=case_sensitive in (T, U*) a has "x"');
  assert.equal(s.kind, 'SearchOperator');
  assert.equal(s.kind === 'SearchOperator' && s.tables?.length, 2);
  const f = queryOf('find withsource=S in (T, U) where a == 1 project a, b');
  assert.equal(f.kind === 'FindOperator' && Array.isArray(f.project) && f.project.length, 2);
  const smart = queryOf('find where a == 1 project-smart');
  assert.equal(smart.kind === 'FindOperator' && smart.project, 'smart');
});

test('scan, fork, facet, partition, reduce, consume, assert-schema', () => {
  const sc = opOf(
    'T | scan with_match_id=m order by t partition by k declare (c:long = 0) with (step s1: a == 1 => c = c + 1; step s2 output=none: a == 2;)',
    'ScanOperator',
  );
  assert.deepEqual([sc.declarations.length, sc.orderBy?.length, sc.partitionBy?.length], [1, 1, 1]);
  assert.deepEqual(sc.steps.map((s) => [s.name.name, s.output, s.assignments.length]), [['s1', undefined, 1], ['s2', 'none', 0]]);
  const fork = opOf('T | fork (where a == 1) (summarize count()) x = (take 1)', 'ForkOperator');
  assert.deepEqual(fork.branches.map((b) => [b.name?.name, b.subquery.kind]), [[undefined, 'WhereOperator'], [undefined, 'SummarizeOperator'], ['x', 'TakeOperator']]);
  const facet = opOf('T | facet by a, b with (top 1 by c)', 'FacetOperator');
  assert.deepEqual([facet.columns.length, facet.with?.kind], [2, 'TopOperator']);
  const part = opOf('T | partition hint.strategy=native by k (top 1 by v)', 'PartitionOperator');
  assert.deepEqual([part.braced, part.subquery.kind], [false, 'TopOperator']);
  assert.equal(opOf('T | partition by k { U | take 1 }', 'PartitionOperator').braced, true);
  const red = opOf('T | reduce by a with threshold=0.5, characters="ab"', 'ReduceOperator');
  assert.equal(red.options.length, 2);
  assert.deepEqual(params(opOf('T | consume decodeblocks=true', 'ConsumeOperator').parameters), { decodeblocks: 'true' });
  assert.equal(opOf('T | assert-schema (a:string, b:long)', 'AssertSchemaOperator').schema.columns.length, 2);
});

test('sources: print, range, datatable, externaldata, inline_external_table', () => {
  const pr = queryOf('print x = 1, "a"');
  assert.equal(pr.kind === 'PrintOperator' && pr.items.length, 2);
  const rg = queryOf('range x from 1 to 10 step 2');
  assert.deepEqual(rg.kind === 'RangeOperator' && [rg.column.name, rg.step.kind], ['x', 'Literal']);
  const dt = queryOf('datatable(a:long, b:string)[1, "x", 2, "y",]');
  assert.deepEqual(dt.kind === 'DataTable' && [dt.columns.map((c) => c.type.name), dt.values.length], [['long', 'string'], 4]);
  const ex = queryOf('externaldata(a:string)[@"https://x/y.csv"] with (format="csv", ignoreFirstRecord=true)');
  assert.deepEqual(ex.kind === 'ExternalData' && [ex.uris.length, ex.properties.length], [1, 2]);
  const il = queryOf('inline_external_table(a:string) kind=storage dataformat=csv (h@"https://x") with (includeHeaders="All")');
  assert.deepEqual(il.kind === 'InlineExternalTable' && [il.columns.length, il.uris.length, il.properties.length], [1, 1, 1]);
});

test('graph operators parse', () => {
  const mg = opOf('E | make-graph src --> dst with N on id', 'MakeGraphOperator');
  assert.deepEqual([mg.direction, mg.nodes.length], ['-->', 1]);
  const gm = opOf('G | graph-match (a)-[e*1..3]->(b)<--(c) where a.x > 1 project a, b', 'GraphMatchOperator');
  assert.deepEqual(gm.patterns[0].elements.map((x) => (x.kind === 'GraphPatternEdge' ? x.direction : 'node')), ['node', 'right', 'node', 'left', 'node']);
  assert.equal(gm.patterns[0].elements[1].kind === 'GraphPatternEdge' && gm.patterns[0].elements[1].range !== undefined, true);
  opOf('G | graph-to-table nodes as N with_node_id=id, edges as E', 'GraphToTableOperator');
  opOf('G | graph-mark-components', 'GraphMarkComponentsOperator');
});

test('operators that start a pipe, and misspelt operators', () => {
  const w = queryOf('where x == 1');
  assert.equal(w.kind, 'WhereOperator');
  assert.equal(queryOf('T').kind, 'NameReference');
  const e = firstError('T | sumarize count()');
  assert.deepEqual([e.code, e.start, e.end], ['KQL1104', 4, 12]);
  const pipeEnd = firstError('T | take 1 |');
  assert.deepEqual([pipeEnd.code, pipeEnd.start, pipeEnd.end], ['KQL1104', 12, 12]);
});

test('a statement may end with a semicolon; nothing may follow a complete query', () => {
  assert.equal(queryOf('T | take 1;').kind, 'Pipe');
  const e = firstError('T | where x > 1 )');
  assert.equal(e.start, 16);
});

test('datatable values are literals, optionally signed by an adjacent - or +', () => {
  const dt = queryOf('datatable(a:long, b:real, c:timespan, d:dynamic, e:datetime)[-1, +2.5, -1d, dynamic([1]), datetime(null)]');
  assert.deepEqual(dt.kind === 'DataTable' && dt.values.map((v) => v.kind), ['Unary', 'Unary', 'Unary', 'Literal', 'Literal']);
  assert.equal(firstError('datatable(a:long)[- 1]').start, 18);
  assert.equal(firstError('datatable(a:string)[x]').start, 20);
  assert.equal(firstError('datatable(a:long)[1+1]').start, 19);
});

test('Col:Value search terms are operands', () => {
  const text = 'T | where Source:"x" and a';
  const w = opOf(text, 'WhereOperator');
  assert.equal(shape(w.predicate, text), '(<SearchColon> and a)');
  assert.ok(firstError('T | project a:string'));
});

test('toscalar and totable take one (possibly tabular) argument and optional kind=', () => {
  const t = queryOf('print toscalar kind=nooptimization (T | count)');
  assert.equal(t.kind === 'PrintOperator' && t.items[0].kind === 'Call' && t.items[0].parameters?.[0].name, 'kind');
  assert.ok(firstError('print toscalar(T, 1)'));
  // other calls take scalar arguments: a tabular argument must be parenthesised
  assert.equal(firstError('print f(T | take 1)').start, 10);
  assert.equal(queryOf('print f((T | take 1))').kind, 'PrintOperator');
});

test('search * and in-lists holding one tabular expression', () => {
  const s = queryOf('search * | summarize make_set($table)');
  assert.equal(s.kind === 'Pipe' && s.source.kind === 'SearchOperator' && s.source.predicate.kind, 'Star');
  const w = opOf('T | where a in (where b > 1)', 'WhereOperator');
  assert.equal(w.predicate.kind === 'In' && w.predicate.items[0].kind, 'WhereOperator');
  // a tabular item must be the only one
  assert.ok(firstError('T | where a in (U | take 1, 2)'));
  assert.ok(firstError('T | where * > 0'));
});
