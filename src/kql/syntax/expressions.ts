// Expressions: pipes, the operator precedence ladder, primaries, calls, projections, dynamic
// literals.
//
// Precedence, loosest first (measured on the official parser's trees):
//   |                                  pipe (tabular)
//   or                                 left-associative
//   and                                left-associative
//   == != <>, in-family, between       one per level (`a == b == c` is an error); `in`/`between` end it
//   < <= > >=                          one per level
//   =~ !~ has contains like …          one per level
//   + -                                left-associative
//   * / %                              left-associative
//   unary - +                          applies to a postfix expression (`--1` is an error)
//   a.b  a[i]  f(x)                    postfix

import type {
  Argument,
  Assignment,
  BinaryOperator,
  CallExpression,
  DynamicLiteral,
  DynamicValue,
  Expression,
  InOperator,
  Name,
  NameReference,
  OperatorParameter,
  ProjectionItem,
  QueryOperator,
} from './ast.js';
import { canBeName, isKeyword } from './keywords.js';
import { parseQueryOperator, parseStartingOperator, isStartingOperator } from './operators.js';
import type { Parser } from './parser-core.js';

const EQUALITY_OPS = new Set(['==', '!=', '<>']);
const IN_OPS = new Set(['in', '!in', 'in~', '!in~', 'has_any', 'has_all']);
const RELATIONAL_OPS = new Set(['<', '<=', '>', '>=']);
const STRING_OPS = new Set([
  '=~', '!~',
  'contains', '!contains', 'contains_cs', '!contains_cs', 'containscs', 'notcontains', 'notcontainscs',
  'has', '!has', 'has_cs', '!has_cs',
  'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs',
  'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs',
  'startswith', '!startswith', 'startswith_cs', '!startswith_cs',
  'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
  'like', 'notlike', 'likecs', 'notlikecs',
  'matches regex',
]);

/** The text of the operator token at the cursor, if it is a (binary) operator word or symbol. */
function operatorText(p: Parser): string | undefined {
  const t = p.tok;
  if (t.kind === 'Punctuation' || t.kind === 'Keyword' || t.kind === 'Identifier') return t.text;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Pipes

/** `Source | op | op …`. The source may be a starting operator (`print`, `union`, `range`, …). */
export function parsePipeExpression(p: Parser): Expression {
  const start = p.tok.start;
  let left: Expression = parsePipeSource(p);
  while (p.isPunct('|')) {
    p.next();
    const operator = parseQueryOperator(p);
    left = { kind: 'Pipe', source: left, operator, span: p.span(start) };
  }
  return left;
}

function parsePipeSource(p: Parser): Expression {
  if (p.contextual > 0 && (p.tok.kind === 'Identifier' || p.tok.kind === 'Keyword')) {
    // inside `mv-apply … on (…)`, `fork (…)`, `partition … (…)`, `facet … with (…)`: any operator
    // may come first, its input being the context's rows
    const saved = p.contextual;
    p.contextual = 0;
    try {
      const op = tryParseContextualOperator(p);
      if (op) return op;
    } finally {
      p.contextual = saved;
    }
  }
  if (isStartingOperator(p)) return parseStartingOperator(p);
  return parseExpression(p);
}

function tryParseContextualOperator(p: Parser): QueryOperator | undefined {
  return parseQueryOperator(p, true);
}

/** `( pipe )` whose first operator takes its input from the context. */
export function parseContextualSubquery(p: Parser): Expression {
  p.expectPunct('(');
  p.contextual++;
  let body: Expression;
  try {
    body = parsePipeExpression(p);
  } finally {
    p.contextual--;
  }
  p.expectPunct(')');
  return body;
}

// ---------------------------------------------------------------------------------------------
// Scalar expressions

export function parseExpression(p: Parser): Expression {
  return parseOr(p);
}

function binary(p: Parser, start: number, operator: string, opStart: number, opEnd: number, left: Expression, right: Expression): Expression {
  return {
    kind: 'Binary',
    operator: operator as BinaryOperator,
    left,
    right,
    operatorSpan: { start: opStart, end: opEnd },
    span: p.span(start),
  };
}

function parseOr(p: Parser): Expression {
  const start = p.tok.start;
  let left = parseAnd(p);
  while (p.isWord('or')) {
    const op = p.next();
    const right = parseAnd(p);
    left = binary(p, start, 'or', op.start, op.end, left, right);
  }
  return left;
}

function parseAnd(p: Parser): Expression {
  const start = p.tok.start;
  let left = parseEquality(p);
  while (p.isWord('and')) {
    const op = p.next();
    const right = parseEquality(p);
    left = binary(p, start, 'and', op.start, op.end, left, right);
  }
  return left;
}

function parseEquality(p: Parser): Expression {
  const start = p.tok.start;
  const left = parseRelational(p);
  const t = p.tok;
  const text = operatorText(p);
  if (text === undefined) return left;
  if (t.kind === 'Punctuation' && EQUALITY_OPS.has(text)) {
    p.next();
    const right = parseRelational(p);
    return binary(p, start, text, t.start, t.end, left, right);
  }
  if (IN_OPS.has(text) && t.kind !== 'Punctuation') {
    p.next();
    const items = parseInList(p);
    return { kind: 'In', operator: text as InOperator, left, items, span: p.span(start) };
  }
  if (text === 'between' || text === '!between') {
    p.next();
    p.expectPunct('(');
    const low = parseExpression(p);
    p.expectPunct('..');
    const high = parseExpression(p);
    p.expectPunct(')');
    return { kind: 'Between', negated: text === '!between', left, low, high, span: p.span(start) };
  }
  return left;
}

/**
 * `( item, … )` after `in`: a list of scalars / dynamic arrays, or a single tabular expression
 * (`in (T | project x)`, `in (where …)`), which then must be the only item.
 */
function parseInList(p: Parser): Expression[] {
  p.expectPunct('(');
  const first = parsePipeExpression(p);
  const items: Expression[] = [first];
  if (first.kind !== 'Pipe' && !isOperatorNode(first)) {
    while (p.acceptPunct(',')) items.push(parseExpression(p));
  }
  p.expectPunct(')');
  return items;
}

/** A query operator used as an expression (a pipeline source), e.g. `print 1` or `where x`. */
function isOperatorNode(e: Expression): boolean {
  return e.kind.endsWith('Operator');
}

function parseRelational(p: Parser): Expression {
  const start = p.tok.start;
  const left = parseStringOperation(p);
  const t = p.tok;
  if (t.kind === 'Punctuation' && RELATIONAL_OPS.has(t.text)) {
    p.next();
    const right = parseStringOperation(p);
    return binary(p, start, t.text, t.start, t.end, left, right);
  }
  return left;
}

function parseStringOperation(p: Parser): Expression {
  const start = p.tok.start;
  const left = parseAdditive(p);
  const t = p.tok;
  const text = operatorText(p);
  if (text !== undefined && STRING_OPS.has(text) && (t.kind !== 'Punctuation' || text === '=~' || text === '!~')) {
    p.next();
    // the official parser does not take `Col:Value` as the right operand of a string operator
    const saved = p.noSearchColon;
    p.noSearchColon = true;
    let right: Expression;
    try {
      right = parseAdditive(p);
    } finally {
      p.noSearchColon = saved;
    }
    return binary(p, start, text, t.start, t.end, left, right);
  }
  return left;
}

/** An expression at the additive level (no comparisons, no `in`). */
export function parseAdditiveExpression(p: Parser): Expression {
  return parseAdditive(p);
}

function parseAdditive(p: Parser): Expression {
  const start = p.tok.start;
  let left = parseMultiplicative(p);
  while (p.isPunct('+') || p.isPunct('-')) {
    const op = p.next();
    const right = parseMultiplicative(p);
    left = binary(p, start, op.text, op.start, op.end, left, right);
  }
  return left;
}

function parseMultiplicative(p: Parser): Expression {
  const start = p.tok.start;
  let left = parseUnary(p);
  while (p.isPunct('*') || p.isPunct('/') || p.isPunct('%')) {
    const op = p.next();
    const right = parseUnary(p);
    left = binary(p, start, op.text, op.start, op.end, left, right);
  }
  return left;
}

function parseUnary(p: Parser): Expression {
  const start = p.tok.start;
  let operand: Expression;
  if (p.isPunct('-') || p.isPunct('+')) {
    const op = p.next();
    const inner = parsePostfix(p);
    operand = { kind: 'Unary', operator: op.text as '-' | '+', operand: inner, span: p.span(op.start) };
  } else {
    operand = parsePostfix(p);
  }
  if (p.isPunct(':') && !p.noSearchColon) {
    p.next();
    let right: Expression;
    if (p.isPunct('-') || p.isPunct('+')) {
      const op = p.next();
      const inner = parsePostfix(p);
      right = { kind: 'Unary', operator: op.text as '-' | '+', operand: inner, span: p.span(op.start) };
    } else {
      right = parsePostfix(p);
    }
    return { kind: 'SearchColon', left: operand, right, span: p.span(start) };
  }
  return operand;
}

/** A primary with its `.member`, `[index]` and call suffixes (no unary or binary operators). */
export function parsePostfixExpression(p: Parser): Expression {
  return parsePostfix(p);
}

function parsePostfix(p: Parser): Expression {
  const start = p.tok.start;
  let expr = parsePrimary(p);
  for (;;) {
    if (p.isPunct('.')) {
      p.next();
      if (p.isPunct('[') && !p.isBracketedName()) {
        // `a.[expr]`: element access written after a dot
        p.next();
        const index = parseExpression(p);
        p.expectPunct(']');
        expr = { kind: 'Index', target: expr, index, span: p.span(start) };
        continue;
      }
      const member = parseMemberName(p);
      if (p.isPunct('(')) {
        const { args } = parseCallArguments(p);
        expr = { kind: 'Call', callee: member, args, target: expr, span: p.span(start) };
      } else {
        expr = { kind: 'Member', target: expr, member, span: p.span(start) };
      }
    } else if (p.isPunct('[')) {
      p.next();
      const index = parseExpression(p);
      p.expectPunct(']');
      expr = { kind: 'Index', target: expr, index, span: p.span(start) };
    } else {
      return expr;
    }
  }
}

function parseMemberName(p: Parser): Name {
  if (p.isPunct('[') && p.peek(1).kind === 'String') return p.parseBracketedName();
  const t = p.tok;
  if (t.kind === 'Identifier' && canBeName(t.text, 'member')) {
    p.next();
    return { kind: 'Name', name: t.text, bracketed: false, span: { start: t.start, end: t.end } };
  }
  return p.failMissing('MissingName');
}

function nameRef(name: Name): NameReference {
  return { kind: 'NameReference', name, span: name.span };
}

function parsePrimary(p: Parser): Expression {
  const t = p.tok;
  const lit = p.tryParseLiteral();
  if (lit) return lit;
  switch (t.kind) {
    case 'Identifier':
      return parseIdentifierPrimary(p);
    case 'Punctuation':
      if (t.text === '(') {
        p.next();
        const expression = parsePipeExpression(p);
        p.expectPunct(')');
        return { kind: 'Parenthesized', expression, span: p.span(t.start) };
      }
      if (t.text === '[' && p.peek(1).kind === 'String') {
        const name = p.parseBracketedName();
        if (p.isPunct('(')) return parseCall(p, name);
        return nameRef(name);
      }
      if (t.text === '[') {
        // `[expr]`: accepted by the official parser as an operand; the binder gives it meaning
        p.next();
        const expression = parseExpression(p);
        p.expectPunct(']');
        return { kind: 'Bracketed', expression, span: p.span(t.start) };
      }
      // `*` (any column) as the left operand of a comparison: `where * has "x"` (not `* in (…)`)
      if (t.text === '*' && p.allowStar && starComparison(p.peek(1))) {
        p.next();
        return { kind: 'Star', span: { start: t.start, end: t.end } };
      }
      break;
    case 'RawGuid':
      return p.failAtCurrent('RawGuidNotAllowed');
    default:
      break;
  }
  return p.failMissing();
}

/** `*` may be compared with `==`, `!=`, `=~`, `!~` and the string operators only. */
function starComparison(t: { kind: string; text: string }): boolean {
  if (t.kind === 'Punctuation') return EQUALITY_OPS.has(t.text) || t.text === '=~' || t.text === '!~';
  return STRING_OPS.has(t.text);
}

function parseIdentifierPrimary(p: Parser): Expression {
  const t = p.tok;
  const word = t.text;
  const next = p.peek(1);
  const callFollows = next.kind === 'Punctuation' && next.text === '(';
  if (word === 'dynamic' && callFollows) return parseDynamicLiteral(p);
  if (word === 'typeof' && callFollows) {
    p.next();
    p.next();
    const type = p.parseScalarType();
    p.expectPunct(')');
    return { kind: 'TypeOf', type, span: p.span(t.start) };
  }
  if (word === 'datatable' || word === 'externaldata' || word === 'external_data' || word === 'inline_external_table') {
    return parseStartingOperator(p) as Expression;
  }
  if (word === 'null' && !callFollows) {
    // a bare `null` is an untyped null: represented as a dynamic null
    p.next();
    const span = { start: t.start, end: t.end };
    return { kind: 'Literal', type: 'dynamic', value: { kind: 'DynamicNull', span }, span } satisfies DynamicLiteral;
  }
  if (word === 'materialize' && callFollows) {
    return p.fail('MaterializeNotAllowed', p.prevEnd, p.prevEnd);
  }
  if ((word === 'toscalar' || word === 'totable') && (callFollows || p.isOperatorParameter(TOSCALAR_PARAMETERS, 1))) {
    return parseToScalar(p);
  }
  if (callFollows && canBeName(word, 'call')) {
    p.next();
    const callee: Name = { kind: 'Name', name: word, bracketed: false, span: { start: t.start, end: t.end } };
    return parseCall(p, callee);
  }
  if (canBeName(word, 'ref')) {
    p.next();
    return nameRef({ kind: 'Name', name: word, bracketed: false, span: { start: t.start, end: t.end } });
  }
  return p.failKeywordAsName();
}

function parseCall(p: Parser, callee: Name): CallExpression {
  const { args } = parseCallArguments(p);
  return { kind: 'Call', callee, args, span: p.span(callee.span.start) };
}

const TOSCALAR_PARAMETERS = new Set(['kind']);

/** `toscalar [kind=…] ( tabular )` and `totable [kind=…] ( … )`: one argument, which may be a pipe. */
function parseToScalar(p: Parser): CallExpression {
  const t = p.next();
  const callee: Name = { kind: 'Name', name: t.text, bracketed: false, span: { start: t.start, end: t.end } };
  const parameters = p.parseOperatorParameters(TOSCALAR_PARAMETERS);
  p.expectPunct('(');
  const arg = parsePipeExpression(p);
  p.expectPunct(')');
  const call: CallExpression = { kind: 'Call', callee, args: [arg], span: p.span(t.start) };
  if (parameters.length > 0) call.parameters = parameters;
  return call;
}

/** `( arg, name = arg, *, … )`. Arguments are scalar expressions (a tabular one must be parenthesised). */
export function parseCallArguments(p: Parser): { args: Argument[] } {
  p.expectPunct('(');
  const args: Argument[] = [];
  if (!p.isPunct(')')) {
    for (;;) {
      args.push(parseArgument(p));
      if (!p.acceptPunct(',')) break;
    }
  }
  p.expectPunct(')');
  return { args };
}

function parseArgument(p: Parser): Argument {
  if (p.isPunct('*') && (p.isPunct(',', 1) || p.isPunct(')', 1))) {
    const t = p.next();
    return { kind: 'Star', span: { start: t.start, end: t.end } };
  }
  if (p.isName('decl') && p.isPunct('=', p.nameLength())) {
    const start = p.tok.start;
    const name = p.parseName('decl');
    p.next(); // =
    const value = parseExpression(p);
    return { kind: 'NamedArgument', name, value, span: p.span(start) };
  }
  return parseExpression(p);
}

// ---------------------------------------------------------------------------------------------
// Projections and assignments

/** Is the cursor at `name =` or `(a, b) =` (an assignment rather than an expression)? */
export function atAssignment(p: Parser): boolean {
  if (p.isName('decl')) {
    const k = p.nameLength();
    return p.isPunct('=', k);
  }
  if (p.isPunct('(')) {
    let k = 1;
    for (;;) {
      if (!p.isName('decl', k)) return false;
      k += p.nameLength(k);
      if (p.isPunct(',', k)) {
        k++;
        continue;
      }
      return p.isPunct(')', k) && p.isPunct('=', k + 1);
    }
  }
  return false;
}

/** `name = value` or `(a, b) = value`; the cursor is at an assignment (see `atAssignment`). */
export function parseAssignment(p: Parser, parseValue: (p: Parser) => Expression = parseExpression): Assignment {
  const start = p.tok.start;
  const names: Name[] = [];
  let tuple = false;
  if (p.acceptPunct('(')) {
    tuple = true;
    for (;;) {
      names.push(p.parseName('decl'));
      if (!p.acceptPunct(',')) break;
    }
    p.expectPunct(')');
  } else {
    names.push(p.parseName('decl'));
  }
  p.expectPunct('=');
  const value = parseValue(p);
  return { kind: 'Assignment', names, tuple, value, span: p.span(start) };
}

export function parseProjectionItem(p: Parser): ProjectionItem {
  if (atAssignment(p)) return parseAssignment(p);
  // `kind = …`, `and = …`: a keyword that cannot be declared, used as a column name
  if (p.tok.kind === 'Identifier' && p.isPunct('=', 1) && !canBeName(p.tok.text, 'decl')) p.failKeywordAsName();
  return parseExpression(p);
}

/** A comma-separated list of projection items (at least one). */
export function parseProjectionList(p: Parser): ProjectionItem[] {
  const items: ProjectionItem[] = [];
  for (;;) {
    items.push(parseProjectionItem(p));
    if (p.acceptPunct(',')) continue;
    // another item right after this one (not a clause keyword such as `by`): a comma is missing
    const t = p.tok;
    if (t.kind !== 'Punctuation' && p.startsExpression() && !(t.kind === 'Identifier' && isKeyword(t.text))) p.failExpected(',');
    return items;
  }
}

/** A comma-separated list of expressions (at least one). */
export function parseExpressionList(p: Parser): Expression[] {
  const items: Expression[] = [];
  for (;;) {
    items.push(parseExpression(p));
    if (!p.acceptPunct(',')) return items;
  }
}

// ---------------------------------------------------------------------------------------------
// dynamic(…)

function parseDynamicLiteral(p: Parser): DynamicLiteral {
  const start = p.next().start; // dynamic
  p.expectPunct('(');
  const value = parseDynamicValue(p);
  p.expectPunct(')');
  return { kind: 'Literal', type: 'dynamic', value, span: p.span(start) };
}

function parseDynamicValue(p: Parser): DynamicValue {
  const t = p.tok;
  if (p.isPunct('[')) {
    p.next();
    const items: DynamicValue[] = [];
    if (!p.isPunct(']')) {
      for (;;) {
        items.push(parseDynamicValue(p));
        if (!p.acceptPunct(',')) break;
      }
    }
    p.expectPunct(']');
    return { kind: 'DynamicArray', items, span: p.span(t.start) };
  }
  if (p.isPunct('{')) {
    p.next();
    const properties: import('./ast.js').DynamicProperty[] = [];
    if (!p.isPunct('}')) {
      for (;;) {
        const ks = p.tok.start;
        if (p.tok.kind !== 'String') return p.failMissing('MissingDynamicValue');
        const key = p.parseStringLiteral();
        p.expectPunct(':');
        const value = parseDynamicValue(p);
        properties.push({ kind: 'DynamicProperty', key: key.value, value, span: p.span(ks) });
        if (!p.acceptPunct(',')) break;
      }
    }
    p.expectPunct('}');
    return { kind: 'DynamicBag', properties, span: p.span(t.start) };
  }
  if (p.isWord('null')) {
    p.next();
    return { kind: 'DynamicNull', span: { start: t.start, end: t.end } };
  }
  if (p.isWord('dynamic') && p.isPunct('(', 1)) {
    // a nested `dynamic(…)` inside a dynamic literal contributes its value
    return parseDynamicLiteral(p).value;
  }
  if (p.isPunct('-') || p.isPunct('+')) {
    const sign = p.next();
    const n = p.tok;
    if (n.kind !== 'Long' && n.kind !== 'Real' && n.kind !== 'Timespan') return p.failMissing('MissingDynamicValue');
    const lit = p.tryParseLiteral()!;
    if (sign.text === '-') negateLiteral(lit);
    lit.span = p.span(sign.start);
    return lit as DynamicValue;
  }
  const lit = p.tryParseLiteral();
  if (lit && lit.type !== 'dynamic') return lit;
  return p.failMissing('MissingDynamicValue');
}

function negateLiteral(lit: import('./ast.js').Literal): void {
  switch (lit.type) {
    case 'long':
    case 'timespan':
      if (lit.value !== null) lit.value = -lit.value;
      break;
    case 'real':
    case 'int':
      if (lit.value !== null) lit.value = -lit.value;
      break;
    default:
      break;
  }
}
