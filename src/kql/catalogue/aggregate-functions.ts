// Aggregation functions (used in `summarize`, `make-series`, `top-nested`), with the result-name
// prefixes Kusto uses for unnamed aggregates (S6) and their value on empty input (S5).

export interface AggregateRow {
  name: string;
  sigs: string | readonly string[];
  /** Unnamed result column: `<prefix>_<first argument's name>`; absent → special naming (binder). */
  prefix?: string;
  /** The function produces the input's own column names (arg_max/arg_min, take_any). */
  special?: 'argExtreme' | 'takeAny' | 'percentiles' | 'firstArg';
  emptyDefault?: 'zero' | 'emptyArray';
  /** The unnamed result is `<prefix>_<arg1>_<arg2>` (covariance: `covariance_x_y`, as the docs show). */
  secondArgInName?: boolean;
}

export const AGGREGATE_FUNCTIONS: readonly AggregateRow[] = [
  { name: 'count', sigs: ['() -> long', '(any) -> long'], prefix: 'count', emptyDefault: 'zero' },
  { name: 'countif', sigs: '(bool) -> long', prefix: 'countif', emptyDefault: 'zero' },
  { name: 'dcount', sigs: '(any, long?) -> long', prefix: 'dcount', emptyDefault: 'zero' },
  { name: 'dcountif', sigs: '(any, bool, long?) -> long', prefix: 'dcountif', emptyDefault: 'zero' },
  { name: 'count_distinct', sigs: '(any) -> long', prefix: 'count_distinct', emptyDefault: 'zero' },
  { name: 'count_distinctif', sigs: '(any, bool) -> long', prefix: 'count_distinctif', emptyDefault: 'zero' },
  { name: 'sum', sigs: ['(num) -> $num', '(timespan) -> timespan'], prefix: 'sum', emptyDefault: 'zero' },
  { name: 'sumif', sigs: ['(num, bool) -> $num', '(timespan, bool) -> timespan'], prefix: 'sumif', emptyDefault: 'zero' },
  { name: 'avg', sigs: ['(num) -> real', '(timespan) -> timespan', '(datetime) -> datetime'], prefix: 'avg' },
  { name: 'avgif', sigs: ['(num, bool) -> real', '(timespan, bool) -> timespan'], prefix: 'avgif' },
  { name: 'min', sigs: '(any) -> $0', prefix: 'min' },
  { name: 'max', sigs: '(any) -> $0', prefix: 'max' },
  { name: 'minif', sigs: '(any, bool) -> $0', prefix: 'minif' },
  { name: 'maxif', sigs: '(any, bool) -> $0', prefix: 'maxif' },
  { name: 'make_set', sigs: '(any, long?) -> dynamic', prefix: 'set', emptyDefault: 'emptyArray' },
  { name: 'makeset', sigs: '(any, long?) -> dynamic', prefix: 'set', emptyDefault: 'emptyArray' },
  { name: 'make_set_if', sigs: '(any, bool, long?) -> dynamic', prefix: 'set', emptyDefault: 'emptyArray' },
  { name: 'make_list', sigs: '(any, long?) -> dynamic', prefix: 'list', emptyDefault: 'emptyArray' },
  { name: 'makelist', sigs: '(any, long?) -> dynamic', prefix: 'list', emptyDefault: 'emptyArray' },
  { name: 'make_list_if', sigs: '(any, bool, long?) -> dynamic', prefix: 'list', emptyDefault: 'emptyArray' },
  { name: 'make_list_with_nulls', sigs: '(any) -> dynamic', prefix: 'list', emptyDefault: 'emptyArray' },
  { name: 'make_bag', sigs: '(dynamic, long?) -> dynamic', prefix: 'bag', emptyDefault: 'emptyArray' },
  { name: 'make_bag_if', sigs: '(dynamic, bool, long?) -> dynamic', prefix: 'bag', emptyDefault: 'emptyArray' },
  { name: 'make_dictionary', sigs: '(dynamic, long?) -> dynamic', prefix: 'dictionary', emptyDefault: 'emptyArray' },
  { name: 'stdev', sigs: '(num) -> real', prefix: 'stdev' },
  { name: 'stdevif', sigs: '(num, bool) -> real', prefix: 'stdevif' },
  { name: 'stdevp', sigs: '(num) -> real', prefix: 'stdevp' },
  { name: 'variance', sigs: '(num) -> real', prefix: 'variance' },
  { name: 'varianceif', sigs: '(num, bool) -> real', prefix: 'varianceif' },
  { name: 'variancep', sigs: '(num) -> real', prefix: 'variancep' },
  { name: 'variancepif', sigs: '(num, bool) -> real', prefix: 'variancepif' },
  { name: 'covariance', sigs: '(num, num) -> real', prefix: 'covariance', secondArgInName: true },
  { name: 'covarianceif', sigs: '(num, num, bool) -> real', prefix: 'covarianceif', secondArgInName: true },
  { name: 'covariancep', sigs: '(num, num) -> real', prefix: 'covariancep', secondArgInName: true },
  { name: 'covariancepif', sigs: '(num, num, bool) -> real', prefix: 'covariancepif', secondArgInName: true },
  { name: 'any', sigs: '(any, any*) -> $0', prefix: 'any' },
  { name: 'anyif', sigs: '(any, bool) -> $0', prefix: 'anyif' },
  { name: 'take_any', sigs: '(any, any*) -> $0', special: 'takeAny' },
  { name: 'take_anyif', sigs: '(any, bool) -> $0', special: 'firstArg' },
  { name: 'arg_max', sigs: '(any, any*) -> $0', special: 'argExtreme' },
  { name: 'arg_min', sigs: '(any, any*) -> $0', special: 'argExtreme' },
  { name: 'percentile', sigs: '(num|datetime|timespan, num) -> $0', special: 'percentiles' },
  { name: 'percentiles', sigs: '(num|datetime|timespan, num+) -> $0', special: 'percentiles' },
  { name: 'percentilew', sigs: '(num|datetime|timespan, num, num) -> $0', special: 'percentiles' },
  { name: 'percentilesw', sigs: '(num|datetime|timespan, num, num+) -> $0', special: 'percentiles' },
  { name: 'percentiles_array', sigs: '(num|datetime|timespan, any+) -> dynamic', prefix: 'percentiles' },
  { name: 'percentilesw_array', sigs: '(num|datetime|timespan, num, any+) -> dynamic', prefix: 'percentiles' },
  { name: 'binary_all_and', sigs: '(long) -> long', special: 'firstArg' },
  { name: 'binary_all_or', sigs: '(long) -> long', special: 'firstArg' },
  { name: 'binary_all_xor', sigs: '(long) -> long', special: 'firstArg' },
  { name: 'buildschema', sigs: '(dynamic) -> dynamic', prefix: 'schema' },
  { name: 'hll', sigs: '(any, long?) -> dynamic', prefix: 'hll' },
  { name: 'hll_if', sigs: '(any, bool, long?) -> dynamic', prefix: 'hll_if' },
  { name: 'tdigest', sigs: '(any, any?) -> dynamic', prefix: 'tdigest' },
];
