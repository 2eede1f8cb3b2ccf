// The DCR transformation subset (spec/kql.md §3), as data, and the pass that checks a parsed
// transform against it. Two lists: documented (the Azure Monitor article "Supported KQL features
// in Azure Monitor transformations") and tolerated (outside the list, but used by real DCRs and
// accepted by Azure — warnings by default, errors in strict mode).

import type * as A from '../../syntax/ast.js';
import { GEO_LOCATION_REASON } from '../functions/index.js';
import { transformDiagnostic, type TransformDiagnostic, type TransformOrigin } from './diagnostics.js';

/** Tabular operators allowed (§3.2). `columnifexists` is a function and listed below. */
export const DOCUMENTED_OPERATORS: ReadonlySet<string> = new Set([
  'ExtendOperator', 'ProjectOperator', 'PrintOperator', 'WhereOperator', 'ParseOperator',
  'ProjectAwayOperator', 'ProjectRenameOperator', 'DataTable',
]);

/** Scalar operators allowed (§3.3): all numeric, datetime/timespan and logical ones, and these string operators. */
export const DOCUMENTED_STRING_OPERATORS: ReadonlySet<string> = new Set([
  '==', '!=', '=~', '!~', 'contains', '!contains', 'contains_cs', '!contains_cs', 'has', '!has', 'has_cs',
  '!has_cs', 'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith',
  'endswith_cs', '!endswith_cs', 'matches regex', 'in', '!in',
]);

/** Scalar functions allowed (§3.4), plus `replace` and `monthofyear` listed by the article's 2026-05 revision. */
export const DOCUMENTED_FUNCTIONS: ReadonlySet<string> = new Set([
  // bitwise
  'binary_and', 'binary_or', 'binary_not', 'binary_shift_left', 'binary_shift_right', 'binary_xor',
  // conversion
  'tobool', 'todatetime', 'todouble', 'toreal', 'toguid', 'toint', 'tolong', 'tostring', 'totimespan',
  // datetime
  'ago', 'datetime_add', 'datetime_diff', 'datetime_part', 'dayofmonth', 'dayofweek', 'dayofyear', 'endofday',
  'endofmonth', 'endofweek', 'endofyear', 'getmonth', 'monthofyear', 'getyear', 'hourofday', 'make_datetime',
  'make_timespan', 'now', 'startofday', 'startofmonth', 'startofweek', 'startofyear', 'weekofyear',
  // dynamic / array
  'array_concat', 'array_length', 'pack', 'pack_array', 'parse_json', 'parse_xml', 'zip',
  // math
  'abs', 'bin', 'floor', 'ceiling', 'exp', 'exp10', 'exp2', 'isfinite', 'isinf', 'isnan', 'log', 'log10', 'log2',
  'pow', 'round', 'sign',
  // conditional
  'case', 'iif', 'max_of', 'min_of',
  // string
  'base64_encodestring', 'base64_decodestring', 'countof', 'extract', 'extract_all', 'indexof', 'isempty',
  'isnotempty', 'replace', 'split', 'strcat', 'strcat_delim', 'strlen', 'substring', 'tolower', 'toupper',
  'hash_sha256',
  // type
  'gettype', 'isnotnull', 'isnull',
  // operator-like
  'columnifexists',
  // transformation-only
  'parse_cef_dictionary',
]);

/**
 * Functions outside the documented list that real DCRs use and Azure accepts (spec/kql.md §3.5),
 * with where they were seen.
 */
export const TOLERATED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['replace_string', "used in Microsoft's own sample transformations"],
  ['iff', 'the documented iif under its other name'],
  ['coalesce', 'used by the Orca Security Alerts DCR'],
  ['trim', 'spec/kql.md §3.5 watch list'],
  ['todynamic', 'used by the Halcyon v2 DCR; an alias of parse_json'],
  ['bag_pack', 'the current name of the documented pack()'],
  ['column_ifexists', "the documented columnifexists under its other name (the article asks for 'columnifexists')"],
  ['not', 'logical negation; the article lists operators, not this function'],
]);

export const TOLERATED_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['has_any', 'spec/kql.md §3.5 watch list'],
]);

/** Functions Azure refuses under one name but accepts under another. */
export const RENAMED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['base64_encode_tostring', 'base64_encodestring'],
  ['base64_decode_tostring', 'base64_decodestring'],
]);

export const MAX_PARSE_COLUMNS = 10;

const OPERATOR_KEYWORDS: Record<string, string> = {
  SummarizeOperator: 'summarize', SortOperator: 'sort', TopOperator: 'top', TopNestedOperator: 'top-nested',
  TopHittersOperator: 'top-hitters', TakeOperator: 'take', SampleOperator: 'sample', SampleDistinctOperator: 'sample-distinct',
  DistinctOperator: 'distinct', CountOperator: 'count', GetSchemaOperator: 'getschema', SerializeOperator: 'serialize',
  AsOperator: 'as', JoinOperator: 'join', LookupOperator: 'lookup', UnionOperator: 'union', MvExpandOperator: 'mv-expand',
  MvApplyOperator: 'mv-apply', ParseKvOperator: 'parse-kv', MakeSeriesOperator: 'make-series', EvaluateOperator: 'evaluate',
  RenderOperator: 'render', SearchOperator: 'search', FindOperator: 'find', InvokeOperator: 'invoke', ScanOperator: 'scan',
  ForkOperator: 'fork', FacetOperator: 'facet', PartitionOperator: 'partition', ReduceOperator: 'reduce',
  ConsumeOperator: 'consume', AssertSchemaOperator: 'assert-schema', RangeOperator: 'range', ProjectKeepOperator: 'project-keep',
  ProjectReorderOperator: 'project-reorder', ProjectByNamesOperator: 'project-by-names', ExternalData: 'externaldata',
  MakeGraphOperator: 'make-graph', GraphMatchOperator: 'graph-match', GraphShortestPathsOperator: 'graph-shortest-paths',
  GraphToTableOperator: 'graph-to-table', GraphMarkComponentsOperator: 'graph-mark-components', GraphMergeOperator: 'graph-merge',
  GraphWhereOperator: 'graph-where', ExecuteAndCacheOperator: 'execute-and-cache', MacroExpandOperator: 'macro-expand',
};

/** The keyword of a query operator node, for messages. */
export function operatorKeyword(node: A.Node): string {
  if (node.kind === 'ParseOperator') return node.keyword;
  if (node.kind === 'WhereOperator') return node.keyword;
  if (node.kind === 'MvExpandOperator' || node.kind === 'MvApplyOperator' || node.kind === 'SortOperator') return node.keyword;
  return OPERATOR_KEYWORDS[node.kind] ?? node.kind;
}

export interface SubsetOptions {
  strict: boolean;
  origin?: TransformOrigin;
}

const STATEMENT_KEYWORDS: Record<string, string> = {
  QueryParametersStatement: 'declare query_parameters',
  SetStatement: 'set',
  AliasStatement: 'alias',
  RestrictStatement: 'restrict',
  PatternStatement: 'declare pattern',
};

/** Checks a parsed transform against the subset; returns KQL30xx diagnostics (errors and warnings). */
export function checkSubset(text: string, script: A.Script, opts: SubsetOptions): TransformDiagnostic[] {
  const out: TransformDiagnostic[] = [];
  const warned = new Set<string>();
  const tolerated = opts.strict ? 'error' : 'warning';
  const diag = (id: Parameters<typeof transformDiagnostic>[1], span: A.Span, args: string[], sev: 'error' | 'warning' = 'error') =>
    out.push(transformDiagnostic(text, id, span.start, span.end, args, sev, opts.origin));

  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as A.Node & { kind?: string };
    if (typeof n.kind !== 'string') return;
    switch (n.kind) {
      case 'Call': {
        const name = n.callee.name;
        if (name === 'geo_location') diag('GeoLocationUnavailable', n.callee.span, [GEO_LOCATION_REASON]);
        else if (RENAMED_FUNCTIONS.has(name)) diag('RenamedFunction', n.callee.span, [name, RENAMED_FUNCTIONS.get(name)!]);
        else if (TOLERATED_FUNCTIONS.has(name)) {
          // One warning per function (the first use); strict mode reports every use as an error.
          if (opts.strict || !warned.has(name)) diag('ToleratedFunction', n.callee.span, [name, TOLERATED_FUNCTIONS.get(name)!], tolerated);
          warned.add(name);
        }
        else if (!DOCUMENTED_FUNCTIONS.has(name) && !userFunctions.has(name)) diag('UnsupportedFunction', n.callee.span, [name]);
        break;
      }
      case 'Binary': {
        const op = n.operator;
        const allowed =
          DOCUMENTED_STRING_OPERATORS.has(op) || ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '<>', 'and', 'or'].includes(op);
        if (!allowed) diag('UnsupportedScalarOperator', n.operatorSpan, [op]);
        break;
      }
      case 'In': {
        const op = n.operator;
        if (TOLERATED_OPERATORS.has(op)) {
          if (opts.strict || !warned.has(op)) diag('ToleratedScalarOperator', n.span, [op, TOLERATED_OPERATORS.get(op)!], tolerated);
          warned.add(op);
        }
        else if (!DOCUMENTED_STRING_OPERATORS.has(op)) diag('UnsupportedScalarOperator', n.span, [op]);
        break;
      }
      case 'Between':
        diag('UnsupportedScalarOperator', n.span, [n.negated ? '!between' : 'between']);
        break;
      case 'ParseOperator': {
        if (n.keyword !== 'parse') diag('UnsupportedOperator', n.span, [n.keyword]);
        const cols = n.pattern.filter((p) => p.kind === 'ColumnDeclaration' || p.kind === 'ParseColumn').length;
        if (cols > MAX_PARSE_COLUMNS) diag('ParseTooManyColumns', n.span, [String(cols)]);
        break;
      }
      case 'FunctionDefinition':
        for (const p of n.parameters) if (p.type.kind === 'TabularType') diag('TabularParameter', p.span, [p.name.name]);
        break;
      default:
        if (n.kind.endsWith('Operator') || n.kind === 'ExternalData') {
          if (!DOCUMENTED_OPERATORS.has(n.kind)) {
            diag('UnsupportedOperator', n.span, [operatorKeyword(n)]);
            return; // one error per operator is enough
          }
        }
    }
    for (const key of Object.keys(n)) {
      if (key === 'span' || key === 'kind' || key === 'operatorSpan') continue;
      visit((n as unknown as Record<string, unknown>)[key]);
    }
  };

  // User-defined functions are callable under their let names.
  const userFunctions = new Set<string>();
  for (const st of script.statements) {
    if (st.kind === 'LetStatement' && st.value.kind === 'FunctionDefinition') userFunctions.add(st.name.name);
  }
  for (const st of script.statements) {
    if (st.kind in STATEMENT_KEYWORDS) {
      diag('UnsupportedStatement', st.span, [STATEMENT_KEYWORDS[st.kind]]);
      continue;
    }
    visit(st);
  }
  return out;
}
