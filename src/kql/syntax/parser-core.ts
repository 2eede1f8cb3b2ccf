// The parser's cursor over the token list, error reporting, and the small shared pieces: names,
// types, column declarations, parameters and literal nodes. The grammar itself lives in
// expressions.ts, operators.ts and statements.ts, as functions over this cursor.

import type {
  ColumnDeclaration,
  Literal,
  Name,
  OperatorParameter,
  Parameter,
  ScalarTypeName,
  ScalarTypeRef,
  Span,
  StringLiteral,
  TabularTypeRef,
  TypeRef,
  WildcardName,
} from './ast.js';
import { makeDiagnostic, type Diagnostic, type SyntaxDiagnosticId } from './diagnostics.js';
import { canBeName, type NameUse } from './keywords.js';
import {
  decodeString,
  parseBoolText,
  parseDatetimeText,
  parseDecimalText,
  parseGuidText,
  parseIntText,
  parseIntegerText,
  parseLongText,
  parseRealText,
  parseTimespanText,
  parseTimespanUnitText,
} from './literals.js';
import { TYPED_LITERAL_KEYWORDS, type Token } from './tokens.js';

/** Thrown at the first syntax error; `parse()` turns it into the diagnostic list. */
export class SyntaxError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** Scalar type spellings accepted in declarations, and their canonical name (the official parser
 *  rejects `float`, `int32`, `uint`, `ulong`, `uuid`, `byte`, `char` there). */
export const SCALAR_TYPES: ReadonlyMap<string, ScalarTypeName> = new Map<string, ScalarTypeName>([
  ['bool', 'bool'], ['boolean', 'bool'],
  ['int', 'int'],
  ['long', 'long'], ['int64', 'long'],
  ['real', 'real'], ['double', 'real'],
  ['decimal', 'decimal'],
  ['string', 'string'],
  ['datetime', 'datetime'], ['date', 'datetime'],
  ['timespan', 'timespan'], ['time', 'timespan'],
  ['guid', 'guid'], ['uniqueid', 'guid'],
  ['dynamic', 'dynamic'],
]);

/** Keywords that are values of operator parameters. */
const KEYWORD_VALUES: ReadonlySet<string> = new Set(['simple', 'relaxed', 'nooptimization']);

export class Parser {
  pos = 0;
  /** Lexical and literal-value diagnostics found on the way (reported with the first syntax error). */
  readonly notes: Diagnostic[] = [];
  /** Inside the right operand of a string operator, where `Col:Value` is not taken. */
  noSearchColon = false;
  /** `*` may stand as an operand here (call arguments, `where`/`search` predicates). */
  allowStar = false;
  /** Nesting of contexts whose sub-query receives its input implicitly (mv-apply, fork, …). */
  contextual = 0;

  constructor(
    readonly text: string,
    readonly tokens: Token[],
  ) {}

  get tok(): Token {
    return this.tokens[this.pos];
  }

  peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }

  /** End offset of the last consumed token (where a missing item is reported). */
  get prevEnd(): number {
    return this.pos > 0 ? this.tokens[this.pos - 1].end : 0;
  }

  get atEnd(): boolean {
    return this.tok.kind === 'EndOfText';
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'EndOfText') this.pos++;
    return t;
  }

  span(start: number): Span {
    return { start, end: Math.max(start, this.prevEnd) };
  }

  // --- token tests -----------------------------------------------------------------------------

  isPunct(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'Punctuation' && t.text === text;
  }

  /** An identifier or fixed word with exactly this text. */
  isWord(text: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.kind === 'Identifier' || t.kind === 'Keyword') && t.text === text;
  }

  acceptPunct(text: string): Token | undefined {
    return this.isPunct(text) ? this.next() : undefined;
  }

  acceptWord(text: string): Token | undefined {
    return this.isWord(text) ? this.next() : undefined;
  }

  expectPunct(text: string): Token {
    if (this.isPunct(text)) return this.next();
    return this.failExpected(text);
  }

  expectWord(text: string): Token {
    if (this.isWord(text)) return this.next();
    return this.failExpected(text);
  }

  /** Two tokens with nothing (no space, no comment) between them. */
  adjacent(k: number): boolean {
    return this.peek(k).start === this.peek(k - 1).end;
  }

  // --- errors ----------------------------------------------------------------------------------

  fail(id: SyntaxDiagnosticId, start: number, end: number, args: string[] = []): never {
    throw new SyntaxError(makeDiagnostic(this.text, id, start, end, args));
  }

  /** Reports at the current token, or just after the previous one when the text has ended. */
  failAtCurrent(id: SyntaxDiagnosticId, args: string[] = []): never {
    const t = this.tok;
    if (t.kind === 'EndOfText') return this.fail(id, this.prevEnd, this.prevEnd, args);
    if (t.error && t.kind === 'Bad') return this.fail('UnexpectedCharacter', t.start, t.end, [t.text]);
    return this.fail(id, t.start, t.end, args);
  }

  /**
   * A required token is not there. Position, as the official parser reports it: at the token
   * found instead when a single space or tab separates it from the previous token, otherwise
   * just after the previous token (so a token on the next line is not blamed).
   */
  failExpected(what: string): never {
    const t = this.tok;
    if (t.kind === 'Bad') return this.fail('UnexpectedCharacter', t.start, t.end, [t.text]);
    const gap = this.text.slice(this.prevEnd, t.start);
    if (t.kind === 'EndOfText' || (gap !== ' ' && gap !== '\t' && gap !== '')) {
      return this.fail('ExpectedToken', this.prevEnd, this.prevEnd, [what]);
    }
    return this.fail('ExpectedToken', t.start, t.end, [what]);
  }

  /** A required item is absent: reported as a zero-length span right after the previous token. */
  failMissing(id: SyntaxDiagnosticId = 'MissingExpression', args: string[] = []): never {
    return this.fail(id, this.prevEnd, this.prevEnd, args);
  }

  /**
   * The current token is a keyword where a name is needed. The official parser points at the
   * keyword when what follows reads as if it were a name (`, | . ) =`, `and`, `or`), and otherwise
   * reports the missing expression just after the previous token.
   */
  failKeywordAsName(): never {
    const t = this.tok;
    const n = this.peek(1);
    const nameLike =
      (n.kind === 'Punctuation' && [',', '|', '.', ')', '='].includes(n.text)) ||
      (n.kind === 'Identifier' && (n.text === 'and' || n.text === 'or'));
    if (nameLike) return this.fail('KeywordAsName', t.start, t.end, [t.text]);
    return this.fail('KeywordAsName', this.prevEnd, this.prevEnd, [t.text]);
  }

  /** Can the current token begin an expression (so that a missing separator is the likely error)? */
  startsExpression(): boolean {
    const t = this.tok;
    switch (t.kind) {
      case 'Identifier':
      case 'String':
      case 'Long':
      case 'Real':
      case 'Timespan':
      case 'Bool':
      case 'TypedLiteral':
        return true;
      case 'Punctuation':
        return t.text === '(' || t.text === '[' || t.text === '-' || t.text === '+';
      default:
        return false;
    }
  }

  note(id: SyntaxDiagnosticId, start: number, end: number, args: string[] = []): void {
    this.notes.push(makeDiagnostic(this.text, id, start, end, args));
  }

  // --- names -----------------------------------------------------------------------------------

  /** Is the current token a name usable in position `use` (identifier allowed there, or `['…']`)? */
  isName(use: NameUse, k = 0): boolean {
    const t = this.peek(k);
    if (t.kind === 'Identifier') return canBeName(t.text, use);
    return this.isBracketedName(k);
  }

  isBracketedName(k = 0): boolean {
    return this.bracketedNameLength(k) > 0;
  }

  /** Number of tokens of the bracketed name `[ "a" 'b' … ]` starting at offset k, or 0. */
  bracketedNameLength(k = 0): number {
    if (!this.isPunct('[', k)) return 0;
    let j = k + 1;
    while (this.peek(j).kind === 'String') j++;
    return j > k + 1 && this.isPunct(']', j) ? j - k + 1 : 0;
  }

  /** Number of tokens of the name at offset k: 1 for an identifier, more for a bracketed name. */
  nameLength(k = 0): number {
    return this.bracketedNameLength(k) || 1;
  }

  /** Parses a name for position `use`, or fails with "missing name". */
  parseName(use: NameUse): Name {
    const t = this.tok;
    if (t.kind === 'Identifier') {
      if (!canBeName(t.text, use)) return this.failKeywordAsName();
      this.next();
      return { kind: 'Name', name: t.text, bracketed: false, span: { start: t.start, end: t.end } };
    }
    if (this.isBracketedName()) return this.parseBracketedName();
    if (this.isPunct('[') && this.peek(1).kind === 'String') {
      this.next();
      this.next();
      return this.failExpected(']');
    }
    return this.failMissing('MissingName');
  }

  /** `['a b']` / `["a b"]` (the string may use any string form). */
  parseBracketedName(): Name {
    const open = this.next();
    const str = this.parseStringLiteral();
    this.expectPunct(']');
    return { kind: 'Name', name: str.value, bracketed: true, span: this.span(open.start) };
  }

  /** A declared column name that may contain `*` wildcards: `Col*`, `*Id`, `a*b`. */
  parseNameOrWildcard(use: NameUse): Name | WildcardName {
    const start = this.tok.start;
    if (this.isPunct('*') || (this.tok.kind === 'Identifier' && this.isPunct('*', 1) && this.adjacent(1))) {
      let pattern = '';
      let k = 0;
      for (;;) {
        const t = this.peek(k);
        const glued = k === 0 || this.adjacent(k);
        if (!glued) break;
        if (t.kind === 'Punctuation' && t.text === '*') pattern += '*';
        else if (t.kind === 'Identifier' || (t.kind === 'Long' && k > 0)) pattern += t.text;
        else break;
        k++;
      }
      for (let i = 0; i < k; i++) this.next();
      return { kind: 'WildcardName', pattern, span: this.span(start) };
    }
    return this.parseName(use);
  }

  // --- types, declarations, parameters -----------------------------------------------------------

  isScalarTypeWord(k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'Identifier' && SCALAR_TYPES.has(t.text);
  }

  parseScalarType(): ScalarTypeRef {
    const t = this.tok;
    if (t.kind === 'Identifier') {
      const name = SCALAR_TYPES.get(t.text);
      if (name) {
        this.next();
        return { kind: 'ScalarType', text: t.text, name, span: { start: t.start, end: t.end } };
      }
      return this.failAtCurrent('UnknownType', [t.text]);
    }
    return this.failMissing('MissingType');
  }

  /** `name:type` */
  parseColumnDeclaration(): ColumnDeclaration {
    const start = this.tok.start;
    const name = this.parseName('param');
    this.expectPunct(':');
    const type = this.parseScalarType();
    return { kind: 'ColumnDeclaration', name, type, span: this.span(start) };
  }

  /**
   * `(a:string, b:long)`. `star` says where `*` may appear: `'none'` (datatable, parse-kv, …),
   * `'alone'` (a tabular parameter `(*)` — the official parser rejects `*` mixed with columns
   * there) or `'any'` (the output schema of `evaluate plugin() : (*, a:string)`).
   */
  parseSchema(star: 'none' | 'alone' | 'any', leadingComma = false): TabularTypeRef {
    const open = this.expectPunct('(');
    // a datatable schema may start with a stray comma: `datatable(, a:long)` (the official parser accepts it)
    if (leadingComma) this.acceptPunct(',');
    const columns: ColumnDeclaration[] = [];
    let wildcard = false;
    if (star === 'alone' && this.isPunct('*') && this.isPunct(')', 1)) {
      this.next();
      wildcard = true;
    } else {
      // a trailing comma is accepted: `datatable(a:long, )[…]`
      while (!this.isPunct(')')) {
        if (star === 'any' && this.isPunct('*')) {
          this.next();
          wildcard = true;
        } else {
          if ((columns.length > 0 || wildcard) && !this.isName('param')) this.failExpected(')');
          columns.push(this.parseColumnDeclaration());
        }
        if (!this.acceptPunct(',')) break;
      }
    }
    this.expectPunct(')');
    return { kind: 'TabularType', columns, wildcard, span: this.span(open.start) };
  }

  parseTypeRef(): TypeRef {
    if (this.isPunct('(')) return this.parseSchema('alone');
    return this.parseScalarType();
  }

  /** `name:type [= default]` where type may be tabular `(…)`. `parseDefault` parses the default value. */
  parseParameter(parseDefault: (p: Parser) => import('./ast.js').Expression): Parameter {
    const start = this.tok.start;
    const name = this.parseName('param');
    this.expectPunct(':');
    const type = this.parseTypeRef();
    let def;
    if (this.acceptPunct('=')) def = parseDefault(this);
    return { kind: 'Parameter', name, type, default: def, span: this.span(start) };
  }

  // --- operator parameters -------------------------------------------------------------------------

  /** Is the current token `name=` for one of `allowed` (or any `hint.*`)? */
  isOperatorParameter(allowed: ReadonlySet<string>, k = 0): boolean {
    const t = this.peek(k);
    if (t.kind !== 'Identifier' && t.kind !== 'Keyword') return false;
    if (!(allowed.has(t.text) || t.text.startsWith('hint.'))) return false;
    return this.isPunct('=', k + 1);
  }

  /** `kind=inner hint.strategy=shuffle isfuzzy=true …` for the names in `allowed`. */
  parseOperatorParameters(allowed: ReadonlySet<string>): OperatorParameter[] {
    const out: OperatorParameter[] = [];
    while (this.isOperatorParameter(allowed)) {
      const nameTok = this.next();
      this.next(); // =
      const value = this.parseParameterValue();
      out.push({
        kind: 'OperatorParameter',
        name: nameTok.text,
        nameSpan: { start: nameTok.start, end: nameTok.end },
        value,
        span: this.span(nameTok.start),
      });
    }
    return out;
  }

  /** An operator parameter's value: a bare word, or a literal (possibly negative). */
  parseParameterValue(): import('./ast.js').Expression {
    const t = this.tok;
    // a reserved word (`in`, `where`, `and`, …) is not a value, except the keywords that are
    // parameter values (`parse kind=simple|relaxed`, `toscalar kind=nooptimization`)
    if (t.kind === 'Identifier' && !canBeName(t.text, 'ref') && !KEYWORD_VALUES.has(t.text)) {
      return this.failMissing('MissingValue', ['parameter value']);
    }
    if (t.kind === 'Identifier' || t.kind === 'Keyword') {
      this.next();
      const name: Name = { kind: 'Name', name: t.text, bracketed: false, span: { start: t.start, end: t.end } };
      return { kind: 'NameReference', name, span: name.span };
    }
    if (this.isBracketedName()) {
      const name = this.parseBracketedName();
      return { kind: 'NameReference', name, span: name.span };
    }
    const lit = this.tryParseLiteral();
    if (lit) return lit;
    if (this.isPunct('-') || this.isPunct('+')) {
      const op = this.next();
      const operand = this.tryParseLiteral();
      if (!operand) return this.failMissing('MissingValue', ['parameter value']);
      return { kind: 'Unary', operator: op.text as '-' | '+', operand, span: this.span(op.start) };
    }
    return this.failMissing('MissingValue', ['parameter value']);
  }

  // --- literals ------------------------------------------------------------------------------------

  /** Reports an unterminated string token (the lexer's finding) when it is consumed. */
  checkStringToken(t: Token): void {
    if (t.error) this.fail(t.error.id, t.error.start, t.error.end, t.error.args);
  }

  /** Consumes one or more adjacent string tokens (`"a" 'b'` concatenates). */
  parseStringLiteral(): StringLiteral {
    const start = this.tok.start;
    let value = '';
    let parts = 0;
    let obfuscated = false;
    while (this.tok.kind === 'String') {
      const t = this.next();
      this.checkStringToken(t);
      const d = decodeString(t.text);
      if (!d.ok) this.note('InvalidEscape', t.start, t.end);
      value += d.value;
      obfuscated ||= d.obfuscated;
      parts++;
    }
    return { kind: 'Literal', type: 'string', value, parts, obfuscated, span: this.span(start) };
  }

  /** A literal token at the cursor (string, number, timespan, bool, typed literal), else undefined. */
  tryParseLiteral(): Literal | undefined {
    const t = this.tok;
    const span = { start: t.start, end: t.end };
    switch (t.kind) {
      case 'String':
        return this.parseStringLiteral();
      case 'Long': {
        this.next();
        const v = parseIntegerText(t.text);
        return v.type === 'long'
          ? { kind: 'Literal', type: 'long', value: v.value, span }
          : { kind: 'Literal', type: 'real', value: v.value, span };
      }
      case 'Real':
        this.next();
        return { kind: 'Literal', type: 'real', value: Number(t.text), span };
      case 'Timespan': {
        this.next();
        return { kind: 'Literal', type: 'timespan', value: parseTimespanUnitText(t.text) ?? null, span };
      }
      case 'Bool':
        this.next();
        return { kind: 'Literal', type: 'bool', value: t.text.toLowerCase() === 'true', span };
      case 'TypedLiteral':
        this.next();
        return this.typedLiteral(t);
      default:
        return undefined;
    }
  }

  /**
   * Decodes `datetime(…)`, `long(…)`, … . Content that does not decode is not a syntax error (the
   * official parser accepts it): the literal carries it as `invalid` and the binder refuses it.
   */
  private typedLiteral(t: Token): Literal {
    if (t.error) this.fail(t.error.id, t.error.start, t.error.end, t.error.args);
    const paren = t.text.indexOf('(');
    const word = t.text.slice(0, paren);
    const content = t.text.slice(paren + 1, -1);
    const type = TYPED_LITERAL_KEYWORDS.get(word)!;
    const span = { start: t.start, end: t.end };
    const isNull = content.trim() === 'null';
    const bad = (): never => {
      throw new InvalidContent();
    };
    try {
      return this.decodeTyped(type, content, isNull, span, bad);
    } catch (e) {
      if (!(e instanceof InvalidContent)) throw e;
      return { kind: 'Literal', type, value: null, span, invalid: { word, content: content.trim() } } as Literal;
    }
  }

  private decodeTyped(type: Literal['type'], content: string, isNull: boolean, span: { start: number; end: number }, bad: () => never): Literal {
    switch (type) {
      case 'long':
        return { kind: 'Literal', type, value: isNull ? null : (parseLongText(content) ?? bad()), span };
      case 'int':
        return { kind: 'Literal', type, value: isNull ? null : (parseIntText(content) ?? bad()), span };
      case 'real':
        return { kind: 'Literal', type, value: isNull ? null : (parseRealText(content) ?? bad()), span };
      case 'decimal':
        return { kind: 'Literal', type, value: isNull ? null : (parseDecimalText(content) ?? bad()), span };
      case 'bool':
        return { kind: 'Literal', type, value: isNull ? null : (parseBoolText(content) ?? bad()), span };
      case 'guid':
        return { kind: 'Literal', type, value: isNull ? null : (parseGuidText(content) ?? bad()), span };
      case 'timespan':
        return { kind: 'Literal', type, value: isNull ? null : (parseTimespanText(content) ?? bad()), span };
      case 'datetime': {
        if (content.trim() === '') return { kind: 'Literal', type, value: null, now: true, span };
        return { kind: 'Literal', type, value: isNull ? null : (parseDatetimeText(content) ?? bad()), span };
      }
      default:
        return bad();
    }
  }
}

/** Thrown inside typedLiteral when the content does not decode; never leaves the parser. */
class InvalidContent extends Error {}
