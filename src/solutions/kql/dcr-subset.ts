// The DCR transformation subset as data (spec/kql.md §3.2–§3.5): what Azure documents, and what real DCRs use
// anyway ("tolerated"). Operators outside the list are errors (they are impossible per record); functions
// outside the documented list are warnings (N13 in spec/ccf-solutions.md §7).

export const DCR_OPERATORS = new Set([
  'extend',
  'project',
  'print',
  'where',
  'parse',
  'project-away',
  'project-rename',
  'datatable',
  // `let` statements are allowed; they are statements, not pipe operators, but analyzers may report them.
  'let',
]);

export const DCR_FUNCTIONS = new Set([
  // conversion
  'tobool', 'todatetime', 'todouble', 'toreal', 'toguid', 'toint', 'tolong', 'tostring', 'totimespan',
  // datetime
  'ago', 'datetime_add', 'datetime_diff', 'datetime_part', 'dayofmonth', 'dayofweek', 'dayofyear', 'endofday',
  'endofmonth', 'endofweek', 'endofyear', 'getmonth', 'getyear', 'hourofday', 'make_datetime', 'make_timespan', 'now',
  'startofday', 'startofmonth', 'startofweek', 'startofyear', 'weekofyear',
  // dynamic / array
  'array_concat', 'array_length', 'pack_array', 'pack', 'parse_json', 'parse_xml', 'zip',
  // math
  'abs', 'bin', 'floor', 'ceiling', 'exp', 'exp10', 'exp2', 'isfinite', 'isinf', 'isnan', 'log', 'log10', 'log2',
  'pow', 'round', 'sign',
  // conditional
  'case', 'iif', 'max_of', 'min_of',
  // string
  'base64_encodestring', 'base64_decodestring', 'countof', 'extract', 'extract_all', 'indexof', 'isempty',
  'isnotempty', 'split', 'strcat', 'strcat_delim', 'strlen', 'substring', 'tolower', 'toupper', 'hash_sha256',
  // type
  'gettype', 'isnotnull', 'isnull',
  // bitwise
  'binary_and', 'binary_or', 'binary_xor', 'binary_not', 'binary_shift_left', 'binary_shift_right',
  // transform-only
  'parse_cef_dictionary', 'geo_location',
  // literal constructors that analyzers may report as calls
  'datetime', 'timespan', 'dynamic', 'columnifexists', 'column_ifexists', 'time', 'guid', 'real', 'long', 'int', 'bool',
]);

/** Used by real DCRs although not documented (spec/kql.md §3.5 watch list). */
export const DCR_TOLERATED_FUNCTIONS = new Set(['replace_string', 'replace', 'iff', 'coalesce', 'trim', 'todynamic', 'bag_pack']);
