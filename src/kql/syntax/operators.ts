// Query operators: one parse function per operator, dispatched on the operator's keyword.

import type {
  Assignment,
  CallExpression,
  ColumnDeclaration,
  ExpandItem,
  Expression,
  GraphPattern,
  GraphPatternEdge,
  GraphPatternNode,
  MakeSeriesAggregate,
  Name,
  NamedArgument,
  OperatorParameter,
  ParsePatternPart,
  ProjectionItem,
  QueryOperator,
  ScanStep,
  SortKey,
  TopNestedClause,
  WildcardName,
} from './ast.js';
import {
  parseAdditiveExpression,
  parseCallArguments,
  parseContextualSubquery,
  parseExpression,
  parseExpressionList,
  parsePipeExpression,
  parsePostfixExpression,
  parseProjectionItem,
  parseProjectionList,
} from './expressions.js';
import { canBeName, isKeyword } from './keywords.js';
import type { Parser } from './parser-core.js';

/** Parses with `*` accepted as an operand (`where * has "x"`, `search * has "x"`). */
function withStar<T>(p: Parser, fn: (p: Parser) => T): T {
  const saved = p.allowStar;
  p.allowStar = true;
  try {
    return fn(p);
  } finally {
    p.allowStar = saved;
  }
}

const set = (...names: string[]): ReadonlySet<string> => new Set(names);
const NO_PARAMS = set();

/**
 * Operators that may start a pipe expression in any context (`where x` on its own is a query
 * whose input is implicit). Measured on the official parser; words that are also ordinary
 * names (`render`, `evaluate`, `facet`, `range`, …) start an operator only when followed by
 * something that continues it.
 */
const STARTING = set(
  'where', 'project', 'project-away', 'project-keep', 'project-rename', 'project-reorder', 'project-by-names',
  'parse-where', 'parse-kv', 'sample', 'sample-distinct', 'top-nested', 'top-hitters', 'mv-expand', 'mv-apply',
  'as', 'render', 'evaluate', 'invoke', 'make-series', 'search', 'find', 'facet', 'consume', 'reduce',
  'make-graph', 'graph-match', 'graph-shortest-paths', 'graph-to-table', 'graph-mark-components', 'assert-schema',
  'partition', 'range', 'print', 'union', 'datatable', 'externaldata', 'external_data', 'inline_external_table',
);

/** Words that, after a name, continue an expression — so `evaluate and x` is not an operator. */
const EXPRESSION_WORDS = set('and', 'or', 'in', '!in', 'in~', '!in~', 'between', '!between', 'has', 'contains');

export function isStartingOperator(p: Parser): boolean {
  const t = p.tok;
  if (t.kind !== 'Identifier' && t.kind !== 'Keyword') return false;
  if (!STARTING.has(t.text)) return false;
  if (t.kind === 'Keyword' || !canBeName(t.text, 'ref')) return true;
  // a word that is also a name: an operator only if what follows continues the operator
  const n = p.peek(1);
  if (t.text === 'range') {
    const named = (n.kind === 'Identifier' && canBeName(n.text, 'ref')) || p.isBracketedName(1);
    return named && p.isWord('from', 1 + p.nameLength(1));
  }
  if (n.kind === 'Keyword') return !EXPRESSION_WORDS.has(n.text);
  if (n.kind === 'Identifier') return !EXPRESSION_WORDS.has(n.text);
  return false;
}

export function parseStartingOperator(p: Parser): QueryOperator | Expression {
  const t = p.tok;
  if (t.text === 'datatable') return parseDataTable(p);
  if (t.text === 'externaldata' || t.text === 'external_data') return parseExternalData(p);
  if (t.text === 'inline_external_table') return parseInlineExternalTable(p);
  return parseQueryOperator(p) as QueryOperator;
}

/** True at the end of the current operator: `|`, `)`, `}`, `;`, `]` or the end of the text. */
function atOperatorEnd(p: Parser): boolean {
  const t = p.tok;
  if (t.kind === 'EndOfText') return true;
  return t.kind === 'Punctuation' && (t.text === '|' || t.text === ')' || t.text === ';' || t.text === '}' || t.text === ']');
}

/**
 * Parses the operator at the cursor (after `|`). With `optional`, returns undefined (consuming
 * nothing) when the word there is not an operator keyword; otherwise that is an error.
 */
export function parseQueryOperator(p: Parser, optional: true): QueryOperator | undefined;
export function parseQueryOperator(p: Parser, optional?: false): QueryOperator;
export function parseQueryOperator(p: Parser, optional = false): QueryOperator | undefined {
  const t = p.tok;
  const isWord = t.kind === 'Identifier' || t.kind === 'Keyword';
  const parse = isWord ? OPERATORS.get(t.text) : undefined;
  if (!parse) {
    if (optional) return undefined;
    // a misspelt operator (an identifier) is pointed at; anything else, keywords included, is
    // reported where the operator is missing (as the official parser does)
    if (t.kind === 'Identifier' && !isKeyword(t.text)) return p.failAtCurrent('QueryOperatorExpected');
    return p.failMissing('QueryOperatorExpected');
  }
  p.next();
  return parse(p, t.start, t.text);
}

type OperatorParser = (p: Parser, start: number, keyword: string) => QueryOperator;

const OPERATORS = new Map<string, OperatorParser>();
function op(keywords: string[], fn: OperatorParser): void {
  for (const k of keywords) OPERATORS.set(k, fn);
}

// --- filters and projections ---------------------------------------------------------------------

op(['where', 'filter'], (p, start, keyword) => {
  const parameters = p.parseOperatorParameters(set('kind'));
  let predicate: Expression;
  if (p.isName('decl') && p.isPunct('=', p.nameLength())) {
    // `where Name = Expr`: accepted by the official parser as a named expression
    const ps = p.tok.start;
    const name = p.parseName('decl');
    const eq = p.next();
    const right = parseExpression(p);
    const left: Expression = { kind: 'NameReference', name, span: name.span };
    predicate = { kind: 'Binary', operator: '=', left, right, operatorSpan: { start: eq.start, end: eq.end }, span: p.span(ps) };
  } else {
    predicate = withStar(p, parseExpression);
  }
  return { kind: 'WhereOperator', keyword: keyword as 'where' | 'filter', parameters, predicate, span: p.span(start) };
});

op(['extend'], (p, start) => {
  const items = parseProjectionList(p);
  return { kind: 'ExtendOperator', items, span: p.span(start) };
});

op(['project'], (p, start) => {
  const items = atOperatorEnd(p) ? [] : parseProjectionList(p);
  return { kind: 'ProjectOperator', items, span: p.span(start) };
});

function parseColumnPatterns(p: Parser): Array<Name | WildcardName> {
  const out: Array<Name | WildcardName> = [];
  if (atOperatorEnd(p)) return out;
  for (;;) {
    out.push(p.parseNameOrWildcard('ref'));
    if (!p.acceptPunct(',')) return out;
  }
}

op(['project-away'], (p, start) => ({ kind: 'ProjectAwayOperator', columns: parseColumnPatterns(p), span: p.span(start) }));
op(['project-keep'], (p, start) => ({ kind: 'ProjectKeepOperator', columns: parseColumnPatterns(p), span: p.span(start) }));

op(['project-rename'], (p, start) => {
  const renames: Array<{ kind: 'Rename'; span: { start: number; end: number }; newName: Name; oldName: Name }> = [];
  if (!atOperatorEnd(p)) {
    for (;;) {
      const s = p.tok.start;
      const newName = p.parseName('decl');
      p.expectPunct('=');
      const oldName = p.parseName('ref');
      renames.push({ kind: 'Rename', newName, oldName, span: p.span(s) });
      if (!p.acceptPunct(',')) break;
    }
  }
  return { kind: 'ProjectRenameOperator', renames, span: p.span(start) };
});

op(['project-reorder'], (p, start) => {
  const columns: Array<{
    kind: 'ReorderColumn';
    span: { start: number; end: number };
    column: Name | WildcardName;
    order?: 'asc' | 'desc' | 'granny-asc' | 'granny-desc';
  }> = [];
  if (!atOperatorEnd(p)) {
    for (;;) {
      const s = p.tok.start;
      const column = p.parseNameOrWildcard('ref');
      let order: 'asc' | 'desc' | 'granny-asc' | 'granny-desc' | undefined;
      for (const o of ['asc', 'desc', 'granny-asc', 'granny-desc'] as const) {
        if (p.acceptWord(o)) {
          order = o;
          break;
        }
      }
      columns.push({ kind: 'ReorderColumn', column, order, span: p.span(s) });
      if (!p.acceptPunct(',')) break;
    }
  }
  return { kind: 'ProjectReorderOperator', columns, span: p.span(start) };
});

op(['project-by-names'], (p, start) => {
  const items = atOperatorEnd(p) ? [] : parseExpressionList(p);
  return { kind: 'ProjectByNamesOperator', items, span: p.span(start) };
});

// --- aggregation, ordering, limiting ------------------------------------------------------------

op(['summarize'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const aggregates = atOperatorEnd(p) || p.isWord('by') ? [] : parseProjectionList(p);
  const by = p.acceptWord('by') ? parseProjectionList(p) : [];
  return { kind: 'SummarizeOperator', parameters, aggregates, by, span: p.span(start) };
});

function parseSortKey(p: Parser): SortKey {
  const start = p.tok.start;
  const expression = parseExpression(p);
  let order: 'asc' | 'desc' | undefined;
  if (p.acceptWord('asc')) order = 'asc';
  else if (p.acceptWord('desc')) order = 'desc';
  let nulls: 'first' | 'last' | undefined;
  if (p.acceptWord('nulls')) {
    if (p.acceptWord('first')) nulls = 'first';
    else if (p.acceptWord('last')) nulls = 'last';
    else p.failExpected('first');
  }
  return { kind: 'SortKey', expression, order, nulls, span: p.span(start) };
}

function parseSortKeys(p: Parser): SortKey[] {
  const keys: SortKey[] = [];
  for (;;) {
    keys.push(parseSortKey(p));
    if (!p.acceptPunct(',')) return keys;
  }
}

op(['sort', 'order'], (p, start, keyword) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  p.expectWord('by');
  const keys = parseSortKeys(p);
  return { kind: 'SortOperator', keyword: keyword as 'sort' | 'order', parameters, keys, span: p.span(start) };
});

op(['top'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const count = parseExpression(p);
  p.expectWord('by');
  const keys = [parseSortKey(p)];
  return { kind: 'TopOperator', parameters, count, keys, span: p.span(start) };
});

op(['top-nested'], (p, start) => {
  const clauses: TopNestedClause[] = [];
  let clauseStart = start;
  for (;;) {
    let count: Expression | undefined;
    if (!p.isWord('of')) count = parseExpression(p);
    p.expectWord('of');
    const of = parseProjectionItem(p);
    let withOthers: Expression | undefined;
    if (p.acceptWord('with')) {
      p.expectWord('others');
      p.expectPunct('=');
      withOthers = parseExpression(p);
    }
    p.expectWord('by');
    const by = parseProjectionItem(p);
    let order: 'asc' | 'desc' | undefined;
    if (p.acceptWord('asc')) order = 'asc';
    else if (p.acceptWord('desc')) order = 'desc';
    clauses.push({ kind: 'TopNestedClause', count, of, withOthers, by, order, span: p.span(clauseStart) });
    if (!p.isPunct(',')) break;
    p.next();
    clauseStart = p.expectWord('top-nested').start;
  }
  return { kind: 'TopNestedOperator', clauses, span: p.span(start) };
});

op(['top-hitters'], (p, start) => {
  const count = parseExpression(p);
  p.expectWord('of');
  const of = parseExpression(p);
  const by = p.acceptWord('by') ? parseExpression(p) : undefined;
  return { kind: 'TopHittersOperator', count, of, by, span: p.span(start) };
});

op(['take', 'limit'], (p, start, keyword) => {
  const parameters = p.parseOperatorParameters(set('kind'));
  const count = parseExpression(p);
  return { kind: 'TakeOperator', keyword: keyword as 'take' | 'limit', parameters, count, span: p.span(start) };
});

op(['sample'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const count = parseExpression(p);
  return { kind: 'SampleOperator', parameters, count, span: p.span(start) };
});

op(['sample-distinct'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const count = parseExpression(p);
  p.expectWord('of');
  const of = parseExpression(p);
  return { kind: 'SampleDistinctOperator', parameters, count, of, span: p.span(start) };
});

op(['distinct'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  let items: ProjectionItem[];
  if (p.isPunct('*')) {
    const t = p.next();
    items = [{ kind: 'Star', span: { start: t.start, end: t.end } }];
  } else {
    items = parseProjectionList(p);
  }
  return { kind: 'DistinctOperator', parameters, items, span: p.span(start) };
});

op(['count'], (p, start) => {
  let as: Name | undefined;
  if (p.acceptWord('as')) as = p.parseName('decl');
  return { kind: 'CountOperator', as, span: p.span(start) };
});

op(['getschema'], (p, start) => {
  p.parseOperatorParameters(set('kind'));
  return { kind: 'GetSchemaOperator', span: p.span(start) };
});

op(['serialize'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const items = atOperatorEnd(p) ? [] : parseProjectionList(p);
  return { kind: 'SerializeOperator', parameters, items, span: p.span(start) };
});

op(['as'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const name = p.parseName('decl');
  return { kind: 'AsOperator', parameters, name, span: p.span(start) };
});

// --- joins and unions ------------------------------------------------------------------------------

function parameterValue(parameters: OperatorParameter[], name: string): string | undefined {
  const prm = parameters.find((x) => x.name === name);
  if (!prm) return undefined;
  const v = prm.value;
  if (v.kind === 'NameReference') return v.name.name.toLowerCase();
  if (v.kind === 'Literal' && v.type === 'string') return v.value;
  return undefined;
}

/** The right side of `join` / `lookup`: `(pipe)`, or a table expression without a pipe. */
function parseRightTable(p: Parser): Expression {
  return parseExpression(p);
}

op(['join'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('kind', 'withsource', 'with_source'));
  const right = parseRightTable(p);
  let on: Expression[] = [];
  let where: Expression | undefined;
  if (p.acceptWord('on')) on = parseExpressionList(p);
  else if (p.acceptWord('where')) where = parseExpression(p);
  return { kind: 'JoinOperator', parameters, joinKind: parameterValue(parameters, 'kind'), right, on, where, span: p.span(start) };
});

op(['lookup'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('kind'));
  const right = parseRightTable(p);
  p.expectWord('on');
  const on = parseExpressionList(p);
  return { kind: 'LookupOperator', parameters, lookupKind: parameterValue(parameters, 'kind'), right, on, span: p.span(start) };
});

/** A table in `union`, `search in (…)`, `find in (…)`, `restrict access to (…)`: an expression or `Prefix*`. */
export function parseTableItem(p: Parser): Expression | WildcardName {
  const t = p.tok;
  if ((t.kind === 'Identifier' && p.isPunct('*', 1) && p.adjacent(1)) || p.isPunct('*')) {
    const n = p.parseNameOrWildcard('ref');
    return n.kind === 'Name' ? { kind: 'NameReference', name: n, span: n.span } : n;
  }
  return parseExpression(p);
}

op(['union'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('kind', 'withsource', 'with_source', 'isfuzzy'));
  const tables: Array<Expression | WildcardName> = [];
  for (;;) {
    tables.push(parseTableItem(p));
    if (!p.acceptPunct(',')) break;
  }
  return { kind: 'UnionOperator', parameters, tables, span: p.span(start) };
});

// --- expansion ---------------------------------------------------------------------------------

function parseExpandItems(p: Parser): ExpandItem[] {
  const items: ExpandItem[] = [];
  for (;;) {
    const s = p.tok.start;
    const item = parseProjectionItem(p);
    let toType;
    if (p.acceptWord('to')) {
      p.expectWord('typeof');
      p.expectPunct('(');
      toType = p.parseScalarType();
      p.expectPunct(')');
    }
    items.push({ kind: 'ExpandItem', item, toType, span: p.span(s) });
    if (!p.acceptPunct(',')) return items;
  }
}

op(['mv-expand', 'mvexpand'], (p, start, keyword) => {
  const parameters = p.parseOperatorParameters(set('bagexpansion', 'with_itemindex', 'kind'));
  const items = parseExpandItems(p);
  const limit = p.acceptWord('limit') ? parseExpression(p) : undefined;
  return { kind: 'MvExpandOperator', keyword: keyword as 'mv-expand' | 'mvexpand', parameters, items, limit, span: p.span(start) };
});

op(['mv-apply', 'mvapply'], (p, start, keyword) => {
  const parameters = p.parseOperatorParameters(set('with_itemindex', 'kind'));
  const items = parseExpandItems(p);
  const limit = p.acceptWord('limit') ? parseExpression(p) : undefined;
  p.expectWord('on');
  const subquery = parseContextualSubquery(p);
  return { kind: 'MvApplyOperator', keyword: keyword as 'mv-apply' | 'mvapply', parameters, items, limit, subquery, span: p.span(start) };
});

// --- parsing text ---------------------------------------------------------------------------------

function parsePattern(p: Parser): ParsePatternPart[] {
  const parts: ParsePatternPart[] = [];
  while (!atOperatorEnd(p)) {
    const t = p.tok;
    if (t.kind === 'String') {
      parts.push(p.parseStringLiteral());
    } else if (p.isPunct('*')) {
      p.next();
      parts.push({ kind: 'Star', span: { start: t.start, end: t.end } });
    } else if (p.isName('decl')) {
      const name = p.parseName('decl');
      if (p.acceptPunct(':')) {
        const type = p.parseScalarType();
        parts.push({ kind: 'ColumnDeclaration', name, type, span: p.span(t.start) });
      } else {
        parts.push({ kind: 'ParseColumn', name, span: name.span });
      }
    } else {
      break;
    }
  }
  return parts;
}

op(['parse', 'parse-where'], (p, start, keyword) => {
  const parameters = p.parseOperatorParameters(set('kind', 'flags'));
  const source = parseExpression(p);
  p.expectWord('with');
  const pattern = parsePattern(p);
  return {
    kind: 'ParseOperator',
    keyword: keyword as 'parse' | 'parse-where',
    parameters,
    parseKind: parameterValue(parameters, 'kind'),
    flags: flagsValue(parameters),
    source,
    pattern,
    span: p.span(start),
  };
});

function flagsValue(parameters: OperatorParameter[]): string | undefined {
  const prm = parameters.find((x) => x.name === 'flags');
  if (!prm) return undefined;
  if (prm.value.kind === 'NameReference') return prm.value.name.name;
  if (prm.value.kind === 'Literal' && prm.value.type === 'string') return prm.value.value;
  return undefined;
}

/** `with ( name = value, … )`. */
function parseWithProperties(p: Parser): NamedArgument[] {
  p.expectPunct('(');
  const props: NamedArgument[] = [];
  if (!p.isPunct(')')) {
    for (;;) {
      props.push(parseProperty(p));
      if (!p.acceptPunct(',')) break;
    }
  }
  p.expectPunct(')');
  return props;
}

function parseProperty(p: Parser): NamedArgument {
  const start = p.tok.start;
  const t = p.tok;
  let name: Name;
  if (t.kind === 'Identifier' || t.kind === 'Keyword') {
    p.next();
    name = { kind: 'Name', name: t.text, bracketed: false, span: { start: t.start, end: t.end } };
  } else {
    name = p.parseName('decl');
  }
  p.expectPunct('=');
  const value = parseExpression(p);
  return { kind: 'NamedArgument', name, value, span: p.span(start) };
}

op(['parse-kv'], (p, start) => {
  const source = parseExpression(p);
  p.expectWord('as');
  const schema = p.parseSchema('none');
  const options = p.acceptWord('with') ? parseWithProperties(p) : [];
  return { kind: 'ParseKvOperator', source, columns: schema.columns, options, span: p.span(start) };
});

// --- series ------------------------------------------------------------------------------------

op(['make-series'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('kind'));
  const aggregates: MakeSeriesAggregate[] = [];
  for (;;) {
    const s = p.tok.start;
    const item = parseProjectionItem(p);
    let def: Expression | undefined;
    if (p.isWord('default') && p.isPunct('=', 1)) {
      p.next();
      p.next();
      def = parseExpression(p);
    }
    aggregates.push({ kind: 'MakeSeriesAggregate', item, default: def, span: p.span(s) });
    if (!p.acceptPunct(',')) break;
  }
  p.expectWord('on');
  const axis = parseAxis(p);
  let from: Expression | undefined;
  let to: Expression | undefined;
  let step: Expression | undefined;
  let inRange: CallExpression | undefined;
  if (p.isWord('in')) {
    p.next();
    const rs = p.tok.start;
    p.expectWord('range');
    const callee: Name = { kind: 'Name', name: 'range', bracketed: false, span: { start: rs, end: p.prevEnd } };
    const { args } = parseCallArguments(p);
    inRange = { kind: 'Call', callee, args, span: p.span(rs) };
  } else {
    if (p.acceptWord('from')) from = parseExpression(p);
    if (p.acceptWord('to')) to = parseExpression(p);
    p.expectWord('step');
    step = parseExpression(p);
  }
  const by = p.acceptWord('by') ? parseProjectionList(p) : [];
  return { kind: 'MakeSeriesOperator', parameters, aggregates, on: axis, from, to, step, inRange, by, span: p.span(start) };
});

/** The `on` axis of make-series: parsed below the comparison levels, so that it stops before
 *  `in range(…)` (which would otherwise read as a set-membership test). */
function parseAxis(p: Parser): Expression {
  return parseAdditiveExpression(p);
}

// --- plugins and presentation ---------------------------------------------------------------------

op(['evaluate'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const s = p.tok.start;
  const callee = p.parseName('call');
  if (!p.isPunct('(')) return p.failExpected('(');
  const { args } = parseCallArguments(p);
  const plugin: CallExpression = { kind: 'Call', callee, args, span: p.span(s) };
  let schema;
  if (p.isPunct(':')) {
    p.next();
    schema = p.parseSchema('any');
  }
  return { kind: 'EvaluateOperator', parameters, plugin, schema, span: p.span(start) };
});

/** The visualizations `render` knows (compared without case, as the official parser does). */
const VISUALIZATIONS = set(
  'table', 'list', 'barchart', 'piechart', 'ladderchart', 'timechart', 'linechart', 'anomalychart', 'pivotchart',
  'areachart', 'stackedareachart', 'scatterchart', 'timepivot', 'columnchart', 'timeline', '3dchart', 'card',
  'treemap', 'plotly', 'graph', 'sankey',
);

op(['render'], (p, start) => {
  const vt = p.tok;
  if (vt.kind !== 'Identifier' || !VISUALIZATIONS.has(vt.text.toLowerCase())) return p.failAtCurrent('UnknownVisualization');
  p.next();
  const visualization: Name = { kind: 'Name', name: vt.text, bracketed: false, span: { start: vt.start, end: vt.end } };
  const properties: NamedArgument[] = [];
  if (p.acceptWord('with')) {
    p.expectPunct('(');
    if (!p.isPunct(')')) {
      for (;;) {
        const prop = parseProperty(p);
        // list-valued properties: `ycolumns = a, b` (a further name not followed by `=`)
        while (p.isPunct(',') && p.peek(1).kind === 'Identifier' && !p.isPunct('=', 2)) {
          p.next();
          (prop.values ??= [prop.value]).push(parseExpression(p));
        }
        prop.span = p.span(prop.span.start);
        properties.push(prop);
        if (!p.acceptPunct(',')) break;
      }
    }
    p.expectPunct(')');
  } else {
    // legacy form: `render timechart kind=stacked title="…"`
    while ((p.tok.kind === 'Identifier' || p.tok.kind === 'Keyword') && p.isPunct('=', 1)) properties.push(parseProperty(p));
  }
  return { kind: 'RenderOperator', visualization, properties, span: p.span(start) };
});

// --- search and find -------------------------------------------------------------------------------

function parseTablesInParens(p: Parser): Array<Expression | WildcardName> {
  p.expectPunct('(');
  const tables: Array<Expression | WildcardName> = [];
  for (;;) {
    tables.push(parseTableItem(p));
    if (!p.acceptPunct(',')) break;
  }
  p.expectPunct(')');
  return tables;
}

op(['search'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('kind'));
  let tables;
  if (p.isWord('in') && p.isPunct('(', 1)) {
    p.next();
    tables = parseTablesInParens(p);
  }
  let predicate: Expression;
  if (p.isPunct('*') && (p.peek(1).kind === 'EndOfText' || ['|', ')', ';'].includes(p.peek(1).text))) {
    // `search *`: every row
    const star = p.next();
    predicate = { kind: 'Star', span: { start: star.start, end: star.end } };
  } else {
    predicate = withStar(p, parseExpression);
  }
  return { kind: 'SearchOperator', parameters, tables, predicate, span: p.span(start) };
});

op(['find'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('withsource', 'with_source', 'kind', 'datascope'));
  let tables;
  if (p.acceptWord('in')) tables = parseTablesInParens(p);
  p.expectWord('where');
  const predicate = parseExpression(p);
  let project: ProjectionItem[] | 'smart' | undefined;
  if (p.acceptWord('project-smart')) project = 'smart';
  else if (p.acceptWord('project')) project = parseProjectionList(p);
  return { kind: 'FindOperator', parameters, tables, predicate, project, span: p.span(start) };
});

op(['invoke'], (p, start) => {
  const s = p.tok.start;
  const callee = p.parseName('call');
  const { args } = parseCallArguments(p);
  return { kind: 'InvokeOperator', call: { kind: 'Call', callee, args, span: p.span(s) }, span: p.span(start) };
});

// --- scan, fork, facet, partition, reduce ----------------------------------------------------------------

op(['scan'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('with_match_id'));
  let orderBy: SortKey[] | undefined;
  let partitionBy: Expression[] | undefined;
  if (p.isWord('order') && p.isWord('by', 1)) {
    p.next();
    p.next();
    orderBy = parseSortKeys(p);
  }
  if (p.isWord('partition') && p.isWord('by', 1)) {
    p.next();
    p.next();
    partitionBy = parseExpressionList(p);
  }
  const declarations = [];
  if (p.acceptWord('declare')) {
    p.expectPunct('(');
    for (;;) {
      declarations.push(p.parseParameter(parseExpression));
      if (!p.acceptPunct(',')) break;
    }
    p.expectPunct(')');
  }
  p.expectWord('with');
  p.expectPunct('(');
  const steps: ScanStep[] = [];
  while (p.isWord('step')) {
    const s = p.next().start;
    const name = p.parseName('decl');
    p.acceptWord('optional');
    let output: 'all' | 'last' | 'none' | undefined;
    if (p.acceptWord('output')) {
      p.expectPunct('=');
      const o = p.tok.text;
      if (o !== 'all' && o !== 'last' && o !== 'none') return p.failExpected('all');
      p.next();
      output = o;
    }
    p.expectPunct(':');
    const condition = parseExpression(p);
    const assignments: Assignment[] = [];
    if (p.acceptPunct('=>')) {
      for (;;) {
        assignments.push(parseScanAssignment(p));
        if (!p.acceptPunct(',')) break;
      }
    }
    p.expectPunct(';');
    steps.push({ kind: 'ScanStep', name, output, condition, assignments, span: p.span(s) });
  }
  if (steps.length === 0) return p.failExpected('step');
  p.expectPunct(')');
  return { kind: 'ScanOperator', parameters, declarations, orderBy, partitionBy, steps, span: p.span(start) };
});

/** `name = expr` in a scan step (names only; no tuples). */
function parseScanAssignment(p: Parser): Assignment {
  const start = p.tok.start;
  const name = p.parseName('decl');
  p.expectPunct('=');
  const value = parseExpression(p);
  return { kind: 'Assignment', names: [name], tuple: false, value, span: p.span(start) };
}

op(['fork'], (p, start) => {
  const branches: Array<{ kind: 'ForkBranch'; span: { start: number; end: number }; name?: Name; subquery: Expression }> = [];
  do {
    const s = p.tok.start;
    let name: Name | undefined;
    if (p.isName('decl') && p.isPunct('=', p.nameLength())) {
      name = p.parseName('decl');
      p.next();
    }
    const subquery = parseContextualSubquery(p);
    branches.push({ kind: 'ForkBranch', name, subquery, span: p.span(s) });
  } while (p.isPunct('(') || (p.isName('decl') && p.isPunct('=', p.nameLength())));
  return { kind: 'ForkOperator', branches, span: p.span(start) };
});

op(['facet'], (p, start) => {
  p.expectWord('by');
  const columns: Name[] = [];
  for (;;) {
    columns.push(p.parseName('ref'));
    if (!p.acceptPunct(',')) break;
  }
  let withExpr: Expression | undefined;
  if (p.acceptWord('with')) {
    if (p.isPunct('(')) withExpr = parseContextualSubquery(p);
    else {
      p.contextual++;
      try {
        withExpr = parsePipeExpression(p);
      } finally {
        p.contextual--;
      }
    }
  }
  return { kind: 'FacetOperator', columns, with: withExpr, span: p.span(start) };
});

op(['partition'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  p.expectWord('by');
  // a column name: parsed as a name so that the `(` of the sub-query is not read as a call
  const byName = p.parseName('ref');
  const by: Expression = { kind: 'NameReference', name: byName, span: byName.span };
  let subquery: Expression;
  let braced = false;
  if (p.isPunct('{')) {
    braced = true;
    p.next();
    subquery = parsePipeExpression(p);
    p.expectPunct('}');
  } else {
    subquery = parseContextualSubquery(p);
  }
  return { kind: 'PartitionOperator', parameters, by, subquery, braced, span: p.span(start) };
});

op(['reduce'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('kind'));
  p.expectWord('by');
  const by = parseExpression(p);
  const options: NamedArgument[] = [];
  if (p.acceptWord('with')) {
    for (;;) {
      options.push(parseProperty(p));
      if (!p.acceptPunct(',')) break;
    }
  }
  return { kind: 'ReduceOperator', parameters, by, options, span: p.span(start) };
});

op(['consume'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('decodeblocks'));
  return { kind: 'ConsumeOperator', parameters, span: p.span(start) };
});

op(['assert-schema'], (p, start) => {
  const schema = p.parseSchema('any');
  return { kind: 'AssertSchemaOperator', schema, span: p.span(start) };
});

// --- sources -------------------------------------------------------------------------------------

op(['print'], (p, start) => {
  const items = parseProjectionList(p);
  return { kind: 'PrintOperator', items, span: p.span(start) };
});

op(['range'], (p, start) => {
  const column = p.parseName('decl');
  p.expectWord('from');
  const from = parseExpression(p);
  p.expectWord('to');
  const to = parseExpression(p);
  p.expectWord('step');
  const step = parseExpression(p);
  return { kind: 'RangeOperator', column, from, to, step, span: p.span(start) };
});

function parseColumnDeclarations(p: Parser): ColumnDeclaration[] {
  return p.parseSchema('none').columns;
}

/** `[ v, v, … ]` (an empty list and a trailing comma are allowed). */
function parseBracketedValues(p: Parser): Expression[] {
  p.expectPunct('[');
  const values: Expression[] = [];
  while (!p.isPunct(']')) {
    values.push(parseExpression(p));
    if (!p.acceptPunct(',')) break;
  }
  p.expectPunct(']');
  return values;
}

/**
 * `[ v, v, … ]` of a datatable: literals only — strings, numbers, timespans, booleans, typed
 * literals, `dynamic(…)` — a number or timespan optionally signed by an adjacent `-` / `+`.
 */
function parseDataTableValues(p: Parser): Expression[] {
  p.expectPunct('[');
  // the official parser tolerates one leading comma: `[, 1, 2]`
  p.acceptPunct(',');
  const values: Expression[] = [];
  while (!p.isPunct(']')) {
    const v = tryParseDataTableValue(p);
    if (!v) break;
    values.push(v);
    if (p.acceptPunct(',')) continue;
    if (p.startsExpression() && p.tok.kind !== 'Punctuation') p.failExpected(',');
    break;
  }
  p.expectPunct(']');
  return values;
}

function tryParseDataTableValue(p: Parser): Expression | undefined {
  const t = p.tok;
  if ((p.isPunct('-') || p.isPunct('+')) && p.adjacent(1) && ['Long', 'Real', 'Timespan'].includes(p.peek(1).kind)) {
    p.next();
    const operand = p.tryParseLiteral()!;
    return { kind: 'Unary', operator: t.text as '-' | '+', operand, span: p.span(t.start) };
  }
  if (p.isWord('dynamic') && p.isPunct('(', 1)) return parseExpression(p);
  if (t.kind === 'Identifier') return undefined;
  return p.tryParseLiteral();
}

function parseDataTable(p: Parser): Expression {
  const start = p.next().start;
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const columns = p.parseSchema('none', true).columns;
  const values = parseDataTableValues(p);
  return { kind: 'DataTable', parameters, columns, values, span: p.span(start) };
}

function parseExternalData(p: Parser): Expression {
  const start = p.next().start;
  const parameters = p.parseOperatorParameters(set('kind'));
  const columns = parseColumnDeclarations(p);
  const uris = parseBracketedValues(p);
  const properties = p.acceptWord('with') ? parseWithProperties(p) : [];
  return { kind: 'ExternalData', parameters, columns, uris, properties, span: p.span(start) };
}

function parseInlineExternalTable(p: Parser): Expression {
  const start = p.next().start;
  const columns = p.isPunct('(') && !p.isPunct(')', 1) && p.peek(1).kind !== 'String' ? parseColumnDeclarations(p) : [];
  const parameters = p.parseOperatorParameters(set('kind', 'dataformat', 'pathformat'));
  p.expectPunct('(');
  const uris: Expression[] = [];
  for (;;) {
    uris.push(parseExpression(p));
    if (!p.acceptPunct(',')) break;
  }
  p.expectPunct(')');
  const properties = p.acceptWord('with') ? parseWithProperties(p) : [];
  return { kind: 'InlineExternalTable', parameters, columns, uris, properties, span: p.span(start) };
}

// --- graphs (parsed for completeness; Vigil does not run them) ------------------------------------------

op(['make-graph'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  // source and target are parsed without binary operators: `-->` is made of `-` tokens
  const source = parsePostfixExpression(p);
  let direction: '-->' | '--';
  if (p.isPunct('-') && p.isPunct('-', 1) && p.adjacent(1)) {
    p.next();
    p.next();
    if (p.isPunct('>') && p.tok.start === p.prevEnd) {
      p.next();
      direction = '-->';
    } else {
      direction = '--';
    }
  } else {
    return p.failExpected('-->');
  }
  const target = parsePostfixExpression(p);
  const nodes: Array<{ kind: 'GraphNodesSource'; span: { start: number; end: number }; table: Expression; key: Expression }> = [];
  const more: OperatorParameter[] = [];
  let partitionedBy: { column: Name; subquery?: Expression } | undefined;
  for (;;) {
    if (p.acceptWord('with')) {
      for (;;) {
        const s = p.tok.start;
        const table = parseExpression(p);
        p.expectWord('on');
        const key = parseExpression(p);
        nodes.push({ kind: 'GraphNodesSource', table, key, span: p.span(s) });
        if (!p.acceptPunct(',')) break;
      }
    } else if (p.isWord('with_node_id') && p.isPunct('=', 1)) {
      more.push(...p.parseOperatorParameters(set('with_node_id')));
    } else if (p.acceptWord('partitioned-by')) {
      // a column name, then the per-partition sub-query (a name, so `(` is not read as a call)
      const column = p.parseName('ref');
      partitionedBy = { column, subquery: p.isPunct('(') ? parseContextualSubquery(p) : undefined };
    } else {
      break;
    }
  }
  return {
    kind: 'MakeGraphOperator',
    parameters: [...parameters, ...more],
    source,
    direction,
    target,
    nodes,
    partitionedBy,
    span: p.span(start),
  };
});

/** `(a)-[e*1..3]->(b)<--(c)`: arrows are made of adjacent `-`, `<`, `>`, `[`, `]` tokens. */
function parseGraphPattern(p: Parser): GraphPattern {
  const start = p.tok.start;
  const elements: Array<GraphPatternNode | GraphPatternEdge> = [];
  elements.push(parseGraphNode(p));
  while (p.isPunct('-') || p.isPunct('<')) {
    elements.push(parseGraphEdge(p));
    elements.push(parseGraphNode(p));
  }
  return { kind: 'GraphPattern', elements, span: p.span(start) };
}

function parseGraphNode(p: Parser): GraphPatternNode {
  const start = p.expectPunct('(').start;
  let name: Name | undefined;
  if (!p.isPunct(')')) name = p.parseName('decl');
  p.expectPunct(')');
  return { kind: 'GraphPatternNode', name, span: p.span(start) };
}

function parseGraphEdge(p: Parser): GraphPatternEdge {
  const start = p.tok.start;
  const left = !!p.acceptPunct('<');
  p.expectPunct('-');
  let name: Name | undefined;
  let range: { min: Expression; max: Expression } | undefined;
  if (p.acceptPunct('[')) {
    if (p.isName('decl')) name = p.parseName('decl');
    if (p.acceptPunct('*')) {
      const min = parseRangeBound(p);
      p.expectPunct('..');
      const max = parseRangeBound(p);
      range = { min, max };
    }
    p.expectPunct(']');
  }
  p.expectPunct('-');
  let right = false;
  if (p.isPunct('>') && p.tok.start === p.prevEnd) {
    p.next();
    right = true;
  }
  const direction = left ? 'left' : right ? 'right' : 'any';
  return { kind: 'GraphPatternEdge', name, direction, range, span: p.span(start) };
}

function parseRangeBound(p: Parser): Expression {
  return parsePostfixExpression(p);
}

function parseGraphMatchBody(p: Parser): { patterns: GraphPattern[]; where?: Expression; project?: ProjectionItem[] } {
  const patterns: GraphPattern[] = [];
  for (;;) {
    patterns.push(parseGraphPattern(p));
    if (!p.acceptPunct(',')) break;
  }
  const where = p.acceptWord('where') ? parseExpression(p) : undefined;
  const project = p.acceptWord('project') ? parseProjectionList(p) : undefined;
  return { patterns, where, project };
}

op(['graph-match'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('cycles'));
  const body = parseGraphMatchBody(p);
  return { kind: 'GraphMatchOperator', parameters, ...body, span: p.span(start) };
});

op(['graph-shortest-paths'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('output'));
  const body = parseGraphMatchBody(p);
  return { kind: 'GraphShortestPathsOperator', parameters, ...body, span: p.span(start) };
});

op(['graph-to-table'], (p, start) => {
  const outputs: Array<{
    kind: 'GraphToTableOutput';
    span: { start: number; end: number };
    what: 'nodes' | 'edges';
    as?: Name;
    parameters: OperatorParameter[];
  }> = [];
  for (;;) {
    const s = p.tok.start;
    let what: 'nodes' | 'edges';
    if (p.acceptWord('nodes')) what = 'nodes';
    else if (p.acceptWord('edges')) what = 'edges';
    else return p.failExpected('nodes');
    const as = p.acceptWord('as') ? p.parseName('decl') : undefined;
    const parameters = p.parseOperatorParameters(set('with_node_id', 'with_source_id', 'with_target_id'));
    outputs.push({ kind: 'GraphToTableOutput', what, as, parameters, span: p.span(s) });
    if (!p.acceptPunct(',')) break;
  }
  return { kind: 'GraphToTableOperator', outputs, span: p.span(start) };
});

op(['graph-mark-components'], (p, start) => {
  const parameters = p.parseOperatorParameters(set('kind', 'with_component_id'));
  return { kind: 'GraphMarkComponentsOperator', parameters, span: p.span(start) };
});

op(['graph-where-nodes', 'graph-where-edges'], (p, start, keyword) => {
  const predicate = parseExpression(p);
  return {
    kind: 'GraphWhereOperator',
    target: keyword === 'graph-where-nodes' ? 'nodes' : 'edges',
    predicate,
    span: p.span(start),
  };
});

op(['macro-expand'], (p, start) => {
  const parameters = p.parseOperatorParameters(NO_PARAMS);
  const entityGroup = parseExpression(p);
  p.expectWord('as');
  const as = p.parseName('decl');
  const subquery = parseContextualSubquery(p);
  return { kind: 'MacroExpandOperator', parameters, entityGroup, as, subquery, span: p.span(start) };
});
