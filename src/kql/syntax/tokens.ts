// Token shapes and the fixed multi-character words of the language.

export type TokenKind =
  /** An identifier. Alphabetic keywords (`where`, `by`, `kind`, …) are identifiers too: whether a
   *  word acts as a keyword depends on where it appears, and the parser decides. */
  | 'Identifier'
  /** A fixed word containing a non-identifier character: `project-away`, `hint.strategy`,
   *  `!contains`, `in~`, `matches regex`, … (`text` is the word). */
  | 'Keyword'
  | 'Punctuation'
  | 'String'
  | 'Long'
  | 'Real'
  | 'Timespan'
  | 'Bool'
  /** `datetime(…)`, `long(…)`, `guid(…)`, `time(…)`, …: a type name immediately followed by a
   *  parenthesised raw value, scanned as one token (the content is not tokenized). */
  | 'TypedLiteral'
  /** A bare guid `74be27de-1e4e-49d9-b579-fe0b331d3642` (valid only in a few places). */
  | 'RawGuid'
  /** `#…` to the end of the line. */
  | 'Directive'
  | 'Bad'
  | 'EndOfText';

export interface Token {
  kind: TokenKind;
  /** The token's source text (for `EndOfText`, the empty string). */
  text: string;
  start: number;
  end: number;
  /** Lexical problem found while scanning the token (unterminated string, missing `)`, …). */
  error?: LexicalError;
}

export interface LexicalError {
  id: 'UnterminatedString' | 'UnterminatedLiteral' | 'UnexpectedCharacter';
  args: string[];
  start: number;
  end: number;
}

/**
 * Fixed words that contain characters an identifier cannot (`-`, `.`, `!`, `~`, a space). The
 * official lexer treats these as single tokens wherever they appear (and only when not followed by
 * an identifier character), so `project-away` is never `project - away`.
 */
export const FIXED_WORDS: readonly string[] = [
  'assert-schema', 'granny-asc', 'granny-desc',
  'graph-match', 'graph-shortest-paths', 'graph-to-table', 'graph-mark-components',
  'graph-where-nodes', 'graph-where-edges',
  'hint.concurrency', 'hint.distribution', 'hint.materialized', 'hint.num_partitions',
  'hint.progressive_top', 'hint.shufflekey', 'hint.spread', 'hint.remote', 'hint.strategy',
  'in~', 'macro-expand', 'make-graph', 'make-series', 'matches regex',
  'materialized-view-combine', 'mv-apply', 'mv-expand',
  '!between', '!contains', '!contains_cs', '!endswith', '!endswith_cs', '!has', '!has_cs',
  '!hasprefix', '!hasprefix_cs', '!hassuffix', '!hassuffix_cs', '!in', '!in~',
  '!startswith', '!startswith_cs',
  'parse-where', 'parse-kv', 'partitioned-by',
  'project-away', 'project-by-names', 'project-keep', 'project-rename', 'project-reorder', 'project-smart',
  'sample-distinct', 'set-or-append', 'set-or-replace', 'top-hitters', 'top-nested',
  'commands-and-queries', 'materialized-views',
];

/** Type names that, written immediately before `(`, start a typed literal token. */
export const TYPED_LITERAL_KEYWORDS: ReadonlyMap<string, TypedLiteralType> = new Map([
  ['long', 'long'],
  ['int', 'int'],
  ['real', 'real'],
  ['double', 'real'],
  ['decimal', 'decimal'],
  ['bool', 'bool'],
  ['datetime', 'datetime'],
  ['date', 'datetime'],
  ['time', 'timespan'],
  ['timespan', 'timespan'],
  ['guid', 'guid'],
]);

export type TypedLiteralType = 'long' | 'int' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'guid';

/** The spellings that lex as boolean literals (exactly these; `tRue` is an identifier). */
export const BOOLEAN_WORDS: ReadonlySet<string> = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** Timespan unit suffixes and their length in nanoseconds (a tick is 100 ns; nanosecond units
 *  are finer than a tick, so lengths are kept in ns and converted to ticks once). */
export const TIMESPAN_UNITS_NS: ReadonlyMap<string, bigint> = (() => {
  const m = new Map<string, bigint>();
  const add = (names: string[], ns: bigint) => names.forEach((n) => m.set(n, ns));
  add(['d', 'day', 'days'], 86_400_000_000_000n);
  add(['h', 'hr', 'hrs', 'hour', 'hours'], 3_600_000_000_000n);
  add(['m', 'min', 'minute', 'minutes'], 60_000_000_000n);
  add(['s', 'sec', 'second', 'seconds'], 1_000_000_000n);
  add(['ms', 'milli', 'millis', 'millisec', 'millisecond', 'milliseconds'], 1_000_000n);
  add(['micro', 'micros', 'microsec', 'microsecond', 'microseconds'], 1_000n);
  add(['nano', 'nanos', 'nanosec', 'nanosecond', 'nanoseconds'], 1n);
  add(['tick', 'ticks'], 100n);
  return m;
})();

/** The longest unit name, to bound the suffix scan. */
export const MAX_UNIT_LENGTH = 12;

/** ASCII letters only: the language's identifiers are ASCII. */
export function isLetter(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90);
}
export function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}
export function isIdentifierStart(ch: number): boolean {
  return isLetter(ch) || ch === 95 /* _ */ || ch === 36 /* $ */;
}
export function isIdentifierChar(ch: number): boolean {
  return isLetter(ch) || isDigit(ch) || ch === 95;
}
export function isHexDigit(ch: number): boolean {
  return isDigit(ch) || (ch >= 97 && ch <= 102) || (ch >= 65 && ch <= 70);
}
export function isWhitespace(ch: number): boolean {
  switch (ch) {
    case 9: case 10: case 12: case 13: case 32: case 160: case 5760: case 6158:
    case 8192: case 8193: case 8194: case 8195: case 8196: case 8197: case 8198: case 8199:
    case 8200: case 8201: case 8202: case 8203: case 8239: case 8287: case 12288: case 65279:
      return true;
    default:
      return false;
  }
}
export function isLineBreak(ch: number): boolean {
  return ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029;
}
