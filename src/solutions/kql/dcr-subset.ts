// The DCR transformation subset as data (spec/kql.md §3.2–§3.5): what Azure documents, and what real DCRs use
// anyway ("tolerated"). Operators outside the list are errors (they are impossible per record); functions
// outside the documented list are warnings (N13 in spec/ccf-solutions.md §7).
import { DOCUMENTED_FUNCTIONS, TOLERATED_FUNCTIONS } from '../../kql/runtime/index.js';

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

// The functions come from the row compiler's own lists (src/kql/runtime/transform/subset.ts), so the
// validator and the ingestion path never disagree on what a transform may call.
export const DCR_FUNCTIONS: ReadonlySet<string> = new Set([
  ...DOCUMENTED_FUNCTIONS,
  // transform-only, refused by name at run time but accepted by Azure
  'geo_location',
  // literal constructors that analyzers may report as calls
  'datetime', 'timespan', 'dynamic', 'column_ifexists', 'time', 'guid', 'real', 'long', 'int', 'bool',
]);

/** Used by real DCRs although not documented (spec/kql.md §3.5 watch list). */
export const DCR_TOLERATED_FUNCTIONS: ReadonlySet<string> = new Set(TOLERATED_FUNCTIONS.keys());
