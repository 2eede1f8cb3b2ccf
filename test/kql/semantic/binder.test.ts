// The binder: name resolution against a schema provider, `let` handling, the typed bound tree,
// and coded, located diagnostics — an unimplemented operator or function is rejected by name.

import assert from 'node:assert/strict';
import { test, describe } from 'node:test';
import { bind, compileQuery, duckdbDialect, staticSchema, emptySchema, type BTabular, type BExpr } from '../../../src/kql/index.js';

const schema = staticSchema([
  { name: 'SigninLogs', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'UserPrincipalName', type: 'string' }, { name: 'ResultType', type: 'string' }, { name: 'Props', type: 'dynamic' }] },
  { name: 'SecurityEvent', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'EventID', type: 'int' }, { name: 'Account', type: 'string' }] },
  { name: 'SecurityAlert', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'AlertName', type: 'string' }] },
]);

function firstError(q: string, s = schema) {
  const r = bind(q, { schema: s });
  assert.ok(r.diagnostics.length > 0, `expected an error for: ${q}`);
  return r.diagnostics[0]!;
}

describe('diagnostics are coded and located', () => {
  test('unknown table', () => {
    const d = firstError('SigninLogs\n| join (NoSuchTable) on UserPrincipalName');
    assert.equal(d.code, 'KQL2001');
    assert.match(d.message, /NoSuchTable/);
    assert.deepEqual([d.line, d.column], [2, 9]);
  });
  test('unknown column', () => {
    const d = firstError('SigninLogs | where UserName == "x"');
    assert.equal(d.code, 'KQL2002');
    assert.equal(d.start, 19);
    assert.equal(d.end, 27);
  });
  test('unknown function versus a Kusto function Vigil does not implement', () => {
    assert.equal(firstError('print nosuchfn(1)').code, 'KQL2003');
    const d = firstError("print geo_info_from_ip_address('20.53.203.50')");
    assert.equal(d.code, 'KQL2004');
    assert.match(d.message, /geo_info_from_ip_address/);
    assert.equal(d.start, 6);
  });
  test('an operator Vigil does not run is rejected by name and position', () => {
    const d = firstError('SigninLogs | fork (take 1) (take 2)');
    assert.equal(d.code, 'KQL2005');
    assert.match(d.message, /'fork'/);
    assert.equal(d.start, 13);
  });
  test('an unsupported plugin is rejected by name', () => {
    const d = firstError('SigninLogs | evaluate autocluster()');
    assert.equal(d.code, 'KQL2017');
    assert.match(d.message, /autocluster/);
  });
  test('aggregates only in summarize', () => {
    assert.equal(firstError('SigninLogs | extend c = count()').code, 'KQL2010');
    assert.equal(firstError('SigninLogs | summarize x = 1').code, 'KQL2011');
  });
  test('window functions need a serialized row set', () => {
    assert.equal(firstError('SigninLogs | extend p = prev(ResultType)').code, 'KQL2019');
    assert.deepEqual(bind('SigninLogs | sort by TimeGenerated | extend p = prev(ResultType)', { schema }).diagnostics, []);
    assert.deepEqual(bind('SigninLogs | serialize | extend n = row_number()', { schema }).diagnostics, []);
  });
  test('type errors: string + long is rejected, a where predicate must be bool', () => {
    assert.equal(firstError('print "a" + 1').code, 'KQL2008');
    assert.equal(firstError('SigninLogs | where 1').code, 'KQL2009');
  });
  test('wrong argument count names the function', () => {
    const d = firstError('print strlen("a", "b")');
    assert.equal(d.code, 'KQL2006');
    assert.match(d.message, /strlen/);
  });
  test('a function in the catalogue without a DuckDB translation fails at compile time by name', () => {
    // (hash_combine: its combining function is not documented)
    const r = compileQuery('print hash_combine(1, 2)', { schema: emptySchema, dialect: duckdbDialect });
    assert.equal(r.sql, undefined);
    assert.equal(r.diagnostics[0]!.code, 'KQL2024');
    assert.match(r.diagnostics[0]!.message, /hash_combine/);
  });
});

describe('resolution', () => {
  test('union with wildcards lists the provider tables; isfuzzy skips missing tables', () => {
    const r = bind('union Security* | summarize count() by Type = "x"', { schema });
    assert.deepEqual(r.diagnostics, []);
    const u = bind('union withsource=Table Security*', { schema });
    assert.equal(u.query!.columns[0]!.name, 'Table');
    assert.deepEqual(u.query!.columns.map((c) => c.name).sort(), ['Account', 'AlertName', 'EventID', 'Table', 'TimeGenerated']);
    assert.equal(firstError('union SecurityEvent, Missing').code, 'KQL2001');
    assert.deepEqual(bind('union isfuzzy=true SecurityEvent, Missing', { schema }).diagnostics, []);
  });
  test('columns shadow let names; let scalars are inlined with their type', () => {
    const r = bind('let Account = 5; let threshold = 3; SecurityEvent | where EventID > threshold | project Account', { schema });
    assert.deepEqual(r.query!.columns, [{ name: 'Account', type: 'string' }]);
  });
  test('a tabular let used twice is one shared node', () => {
    const r = bind('let T = SigninLogs | where ResultType == "0"; T | join (T) on UserPrincipalName', { schema });
    const join = r.query!.root as Extract<BTabular, { kind: 'join' }>;
    assert.equal(join.kind, 'join');
    assert.equal(join.left.kind, 'ref');
    assert.equal(join.left, join.right);
  });
  test('user functions with scalar and tabular parameters, table() and materialize()', () => {
    const q = `let f = (tableName:string, n:long) { table(tableName) | take n };
               let m = materialize(SecurityEvent | summarize c = count() by Account);
               union f("SigninLogs", 5), m`;
    const r = bind(q, { schema });
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.query!.columns.some((c) => c.name === 'UserPrincipalName'));
    assert.ok(r.query!.columns.some((c) => c.name === 'c'));
  });
  test('column_ifexists picks the column or the default', () => {
    const r = bind('SigninLogs | project a = column_ifexists("ResultType", ""), b = column_ifexists("Nope", 0)', { schema });
    assert.deepEqual(r.query!.columns, [{ name: 'a', type: 'string' }, { name: 'b', type: 'long' }]);
  });
});

describe('the bound tree is typed', () => {
  test('every expression carries its KQL type; implicit conversions are explicit nodes', () => {
    const r = bind('SigninLogs | where ResultType == 0 and Props.x > 5', { schema });
    const where = r.query!.root as Extract<BTabular, { kind: 'where' }>;
    assert.equal(where.kind, 'where');
    const and = where.predicate as Extract<BExpr, { kind: 'op' }>;
    assert.equal(and.op, 'and');
    const eq = and.args[0] as Extract<BExpr, { kind: 'op' }>;
    assert.equal(eq.operandType, 'long');
    assert.equal(eq.args[0]!.kind, 'convert'); // the string column converted for the comparison (S15)
    assert.equal(eq.args[0]!.type, 'long');
    const gt = and.args[1] as Extract<BExpr, { kind: 'op' }>;
    assert.equal(gt.args[0]!.type, 'long'); // dynamic takes the other side's type
  });
  test('render is kept as result metadata', () => {
    const r = bind('SecurityEvent | summarize count() by bin(TimeGenerated, 1h) | render timechart with (title="x")', { schema });
    assert.deepEqual(r.query!.render, { visualization: 'timechart', properties: { title: 'x' } });
  });
});
