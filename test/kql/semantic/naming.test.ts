// S6 (automatic column names) and output types: Vigil's compiler must report the same output
// columns as the official analyzer. Expectations come from the oracle, never written by hand.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind, emptySchema } from '../../../src/kql/index.js';
import { oracleAnalyze } from './oracle.js';

const T = 'datatable(a:string, b:long, c:int, r:real, t:datetime, s:timespan, d:dynamic, g:guid)[]';

/** Queries whose output schema exercises one naming or typing rule each. */
const CASES: Array<[rule: string, query: string]> = [
  ['count_, dcount_X, bin keeps its column', 'datatable(a:string, b:long)[] | summarize count(), dcount(a) by bin(b, 10)'],
  ['sum/avg/min/max prefixes and types', `${T} | summarize sum(b), avg(b), min(t), max(r), sum(s), avg(s)`],
  ['make_set → set_X, make_list → list_X, make_bag → bag_X', `${T} | summarize make_set(a), make_list(b), make_bag(d)`],
  ['countif_ and de-duplication suffixes', `${T} | summarize countif(b > 1), countif(a == "x"), make_set(a), make_set_if(a, b > 1)`],
  ['arg_max(t, *) keeps the row columns; duplicates get 1', `${T} | summarize arg_max(t, *), arg_min(b, *) by a`],
  ['arg_max with named extreme and listed columns', `${T} | summarize x = arg_max(t, b, a)`],
  ['take_any(*) and take_any(a, b)', `${T} | summarize take_any(*), take_any(a, b)`],
  ['percentile names', `${T} | summarize percentile(b, 99.5), percentiles(b, 5, 50)`],
  ['summarize over expressions and by expressions', `${T} | summarize sum(b * 2), max(tostring(d.x)), count() by bin(t, 1h), tostring(d.y), strlen(a)`],
  ['nested aggregate expressions', `${T} | summarize count() * 2, c = round(avg(b), 2), sum(b) + 1, strlen(tostring(max(b))) by a`],
  ['extend: tostring(d.x) → d_x, unnamed → Column1…', `${T} | extend tostring(d.x), b * 2, strlen(a), d.y.z, d["w"], d[0]`],
  ['extend replaces in place and numbers Column1, Column2…', 'datatable(a:long)[] | extend a1 = 1 | extend a + 1, a + 2 | extend Column1 = 5, 3'],
  ['print_0, print_1 by position', 'print x = 1, 2, strlen("a"), y = 3'],
  ['int + int is long; real wins; timespan / timespan is real', 'print toint(1) + toint(2), 1 / 2, 1.0 / 2, 10m / 1s, now() - now(), 1d * 2'],
  ['iff of mixed types is dynamic; numeric branches widen', 'print iff(true, 1, "a"), iff(true, 1, 2.0), case(true, 1, false, 2.0, 3), coalesce(int(1), 2)'],
  ['conversion function results', `${T} | project tostring(b), toint(a), tolong(r), todouble(b), todatetime(a), totimespan(a), tobool(a), toguid(a), todynamic(a)`],
  ['datetime functions', `${T} | project startofday(t), dayofweek(t), hourofday(t), getmonth(t), datetime_diff("day", t, t), datetime_add("day", 1, t)`],
  ['string functions', `${T} | project strlen(a), substring(a, 1), split(a, ","), strcat(a, b), tolower(a), extract("x", 0, a), replace_string(a, "x", "y")`],
  ['distinct with expressions', `${T} | distinct a, strlen(a), b + 1`],
  ['count operator', `${T} | count`],
  ['join suffixes (S1)', 'datatable(a:string, b:long)[] | join (datatable(a:string, b:long, c:long)[]) on a'],
  ['leftouter join with $left/$right keys', 'datatable(a:string, b:long)[] | join kind=leftouter (datatable(x:string, b:long, c:long)[]) on $left.a == $right.x'],
  ['semi and anti joins keep one side', 'datatable(a:string, b:long)[] | join kind=rightanti (datatable(a:string, c:long)[]) on a'],
  ['lookup keeps the key once', 'datatable(a:string, b:long)[] | lookup (datatable(a:string, b:long, c:long)[]) on a'],
  ['union of columns by name', 'union (datatable(a:string, b:long)[]), (datatable(b:long, c:real)[])'],
  ['mv-expand replaces and appends, typed', 'datatable(a:string, b:dynamic)[] | mv-expand b, c = dynamic([1, 2]) to typeof(long)'],
  ['mv-apply output columns', 'datatable(a:string, arr:dynamic)[] | mv-apply x = arr to typeof(long) on (summarize s = sum(x))'],
  ['mv-apply replacing the expanded column', 'datatable(a:string, arr:dynamic)[] | mv-apply arr to typeof(long) on (top 1 by arr)'],
  ['make-series columns', 'datatable(a:string, b:long, t:datetime)[] | make-series num = count() default = 0, sum(b) on t from datetime(2020-01-01) to datetime(2020-01-05) step 1d by a'],
  ['parse extracts typed columns', 'datatable(s:string)[] | parse s with "a=" x:long "," y'],
  ['project-away, project-rename, project-reorder', `${T} | project-away r, s | project-rename A = a | project-reorder g, A`],
  ['range column', 'range x from 1 to 10 step 2'],
  ['getschema', `${T} | getschema`],
  ['top and sort keep the schema', `${T} | top 3 by b | sort by a asc`],
  ['top-hitters names', `${T} | top-hitters 3 of a`],
  ['top-hitters by a sum', `${T} | top-hitters 3 of a by b`],
  ['sample-distinct', `${T} | sample-distinct 3 of a`],
  ['top-nested names', `${T} | top-nested 2 of a by sum(b), top-nested 1 of t by max(b)`],
  ['search over one table keeps its schema', `${T} | search "x"`],
  ['multi-valued functions: every value under its default name', `${T} | project series_fit_line(d), series_decompose_anomalies(d)`],
  ['multi-valued: a name takes the first value, the others keep default names', `${T} | extend x = series_decompose_anomalies(d)`],
  ['multi-valued: tuple assignment, the remaining values named by default', `${T} | extend (p, q) = series_fit_2lines(d) | project-away a, b, c, r, t, s, g`],
  ['multi-valued: print keeps only the given names', 'print x = series_decompose_anomalies(dynamic([1, 2])), (a, b) = series_stats(dynamic([1]))'],
  ['multi-valued: f()[i] picks a value; other uses take the first', `${T} | project series_fit_line(d)[1], make_list = array_length(series_decompose_anomalies(d)[2]), z = series_stats(d)`],
  ['array_sort_asc of several arrays: one value per array', 'let array1 = dynamic([1,3,2]); let array2 = dynamic(["a","b","c"]); print array_sort_asc(array1, array2), array_sort_desc(dynamic([1]), dynamic([2]), false)'],
  ['summarize: an explicit name after arg_max(*) named it gets the suffix', 'datatable(a:int,b:int,c:int)[] | summarize x = arg_max(a, *), b = count()'],
];

for (const [rule, query] of CASES) {
  test(`S6 output schema: ${rule}`, () => {
    const expected = oracleAnalyze(query);
    assert.deepEqual(expected.errors, [], `the oracle rejects the case itself: ${query}`);
    const r = bind(query, { schema: emptySchema });
    assert.deepEqual(r.diagnostics, [], `Vigil rejects: ${query}`);
    const actual = r.query!.columns.map((c) => ({ name: c.name, type: c.type }));
    assert.deepEqual(actual, expected.columns, query);
  });
}
