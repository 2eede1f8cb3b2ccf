// Statements: `let`, `declare query_parameters`, `set`, `alias`, `restrict`, `declare pattern`,
// and the query (tabular expression) statement; function definitions and bodies.

import type {
  Expression,
  FunctionBody,
  FunctionDefinition,
  LetStatement,
  Parameter,
  PatternMatch,
  Statement,
  WildcardName,
} from './ast.js';
import { parseExpression, parsePipeExpression } from './expressions.js';
import { parseTableItem } from './operators.js';
import type { Parser } from './parser-core.js';

/** Parses statements separated by `;` into `out` (so a partial list survives an error). */
export function parseStatements(p: Parser, out: Statement[]): void {
  while (!p.atEnd) {
    if (p.tok.kind === 'Directive') {
      // `#connect …` style client directives carry no query meaning
      p.next();
      continue;
    }
    if (p.isPunct(';')) p.failAtCurrent('EmptyStatement');
    // a statement cannot begin with `|`, `)`, `=`, `,`, `:` …: point at the token
    if (p.tok.kind === 'Punctuation' && !p.startsExpression()) p.failAtCurrent('UnexpectedToken', [p.tok.text]);
    out.push(parseStatement(p));
    if (p.acceptPunct(';')) continue;
    if (p.atEnd) break;
    // something that could start another statement follows: the `;` between them is missing
    if (p.startsExpression()) p.failExpected(';');
    p.failAtCurrent('UnexpectedToken', [p.tok.text]);
  }
}

function parseStatement(p: Parser): Statement {
  if (p.isWord('let') && p.isName('let', 1)) return parseLet(p);
  if (p.isWord('declare') && p.isWord('query_parameters', 1)) return parseQueryParameters(p);
  if (p.isWord('declare') && p.isWord('pattern', 1)) return parsePattern(p);
  if (p.isWord('set') && (p.peek(1).kind === 'Identifier' || p.peek(1).kind === 'Keyword')) return parseSet(p);
  if (p.isWord('alias') && p.isWord('database', 1)) return parseAlias(p);
  if (p.isWord('restrict') && p.isWord('access', 1)) return parseRestrict(p);
  const start = p.tok.start;
  const expression = parsePipeExpression(p);
  return { kind: 'ExpressionStatement', expression, span: p.span(start) };
}

function parseLet(p: Parser): LetStatement {
  const start = p.next().start; // let
  const name = p.parseName('let');
  p.expectPunct('=');
  let value: Expression | FunctionDefinition;
  if (p.isWord('view') && p.isPunct('(', 1)) {
    const vs = p.next().start;
    value = parseFunctionDefinition(p, vs, true);
  } else if (looksLikeParameterList(p)) {
    value = parseFunctionDefinition(p, p.tok.start, false);
  } else if (p.isWord('materialize') && p.isPunct('(', 1)) {
    const t = p.next();
    p.next(); // (
    const arg = parsePipeExpression(p);
    p.expectPunct(')');
    value = {
      kind: 'Call',
      callee: { kind: 'Name', name: 'materialize', bracketed: false, span: { start: t.start, end: t.end } },
      args: [arg],
      span: p.span(t.start),
    };
  } else {
    value = parsePipeExpression(p);
  }
  return { kind: 'LetStatement', name, value, span: p.span(start) };
}

/** At `(`: is this a parameter list `()` / `(a:long …` rather than a parenthesised expression? */
function looksLikeParameterList(p: Parser): boolean {
  if (!p.isPunct('(')) return false;
  if (p.isPunct(')', 1)) return p.isPunct('{', 2);
  if (p.isName('param', 1)) return p.isPunct(':', 1 + p.nameLength(1));
  return false;
}

function parseFunctionDefinition(p: Parser, start: number, view: boolean): FunctionDefinition {
  p.expectPunct('(');
  const parameters: Parameter[] = [];
  if (!p.isPunct(')')) {
    for (;;) {
      parameters.push(p.parseParameter(parseExpression));
      if (!p.acceptPunct(',')) break;
    }
  }
  p.expectPunct(')');
  const body = parseFunctionBody(p);
  return { kind: 'FunctionDefinition', view, parameters, body, span: p.span(start) };
}

/** `{ let …; …; result [;] }` — `let` statements (each ending in `;`), then an optional result. */
export function parseFunctionBody(p: Parser): FunctionBody {
  const start = p.expectPunct('{').start;
  const statements: Statement[] = [];
  let result: Expression | undefined;
  while (p.isWord('let') && p.isName('let', 1)) {
    statements.push(parseLet(p));
    p.expectPunct(';');
  }
  if (!p.isPunct('}')) {
    result = parsePipeExpression(p);
    p.acceptPunct(';');
  }
  p.expectPunct('}');
  return { kind: 'FunctionBody', statements, result, span: p.span(start) };
}

function parseQueryParameters(p: Parser): Statement {
  const start = p.next().start; // declare
  p.next(); // query_parameters
  p.expectPunct('(');
  const parameters: Parameter[] = [];
  if (!p.isPunct(')')) {
    for (;;) {
      parameters.push(p.parseParameter(parseExpression));
      if (!p.acceptPunct(',')) break;
    }
  }
  p.expectPunct(')');
  return { kind: 'QueryParametersStatement', parameters, span: p.span(start) };
}

function parseSet(p: Parser): Statement {
  const start = p.next().start; // set
  const t = p.next();
  const name = { kind: 'Name' as const, name: t.text, bracketed: false, span: { start: t.start, end: t.end } };
  let value: Expression | undefined;
  if (p.acceptPunct('=')) value = parseExpression(p);
  return { kind: 'SetStatement', name, value, span: p.span(start) };
}

function parseAlias(p: Parser): Statement {
  const start = p.next().start; // alias
  p.next(); // database
  const name = p.parseName('decl');
  p.expectPunct('=');
  const value = parseExpression(p);
  return { kind: 'AliasStatement', name, value, span: p.span(start) };
}

function parseRestrict(p: Parser): Statement {
  const start = p.next().start; // restrict
  p.next(); // access
  p.expectWord('to');
  p.expectPunct('(');
  const tables: Array<Expression | WildcardName> = [];
  if (!p.isPunct(')')) {
    for (;;) {
      tables.push(parseTableItem(p));
      if (!p.acceptPunct(',')) break;
    }
  }
  p.expectPunct(')');
  return { kind: 'RestrictStatement', tables, span: p.span(start) };
}

/** `declare pattern Name [= (params)[path] { (values).[path] = { query }; … }]` */
function parsePattern(p: Parser): Statement {
  const start = p.next().start; // declare
  p.next(); // pattern
  const name = p.parseName('decl');
  if (!p.acceptPunct('=')) return { kind: 'PatternStatement', name, span: p.span(start) };
  p.expectPunct('(');
  const parameters: Parameter[] = [];
  for (;;) {
    parameters.push(p.parseParameter(parseExpression));
    if (!p.acceptPunct(',')) break;
  }
  p.expectPunct(')');
  let pathParameter: Parameter | undefined;
  if (p.acceptPunct('[')) {
    pathParameter = p.parseParameter(parseExpression);
    p.expectPunct(']');
  }
  p.expectPunct('{');
  const matches: PatternMatch[] = [];
  while (p.isPunct('(')) {
    const ms = p.next().start;
    const values: Expression[] = [];
    for (;;) {
      values.push(parseExpression(p));
      if (!p.acceptPunct(',')) break;
    }
    p.expectPunct(')');
    let path: PatternMatch['path'];
    if (p.acceptPunct('.')) {
      if (p.acceptPunct('[')) {
        if (p.tok.kind !== 'String') p.failExpected('string');
        path = p.parseStringLiteral();
        p.expectPunct(']');
      } else {
        path = p.parseName('member');
      }
    }
    p.expectPunct('=');
    p.expectPunct('{');
    const body = parsePipeExpression(p);
    p.expectPunct('}');
    p.expectPunct(';');
    matches.push({ kind: 'PatternMatch', values, path, body, span: p.span(ms) });
  }
  p.expectPunct('}');
  return { kind: 'PatternStatement', name, parameters, pathParameter, matches, span: p.span(start) };
}
