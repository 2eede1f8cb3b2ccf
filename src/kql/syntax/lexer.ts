// The lexer: text → tokens. Whitespace and `//` comments are skipped (they carry no meaning).
//
// Scanning rules follow the behaviour of the official Kusto parser (observed through its
// published package): identifiers are ASCII; a number immediately followed by a unit is a timespan
// (`1.5h`); a type name immediately followed by `(` is a typed literal whose parenthesised content
// is raw text (`datetime(2015-12-31 23:59:59.9)`); strings cannot span lines except ``` / ~~~ ones.

import {
  BOOLEAN_WORDS,
  FIXED_WORDS,
  MAX_UNIT_LENGTH,
  TIMESPAN_UNITS_NS,
  TYPED_LITERAL_KEYWORDS,
  isDigit,
  isHexDigit,
  isIdentifierChar,
  isIdentifierStart,
  isLetter,
  isLineBreak,
  isWhitespace,
  type Token,
  type TokenKind,
} from './tokens.js';

/** Fixed words grouped by first character, longest first, for longest-match lookup. */
const FIXED_BY_FIRST: Map<number, string[]> = (() => {
  const m = new Map<number, string[]>();
  for (const w of FIXED_WORDS) {
    const c = w.charCodeAt(0);
    let list = m.get(c);
    if (!list) m.set(c, (list = []));
    list.push(w);
  }
  for (const list of m.values()) list.sort((a, b) => b.length - a.length);
  return m;
})();

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let pos = 0;
  for (;;) {
    pos = skipTrivia(text, pos);
    if (pos >= n) {
      tokens.push({ kind: 'EndOfText', text: '', start: n, end: n });
      return tokens;
    }
    const tok = scanToken(text, pos);
    tokens.push(tok);
    pos = tok.end;
  }
}

function skipTrivia(text: string, pos: number): number {
  const n = text.length;
  while (pos < n) {
    const ch = text.charCodeAt(pos);
    if (isWhitespace(ch)) {
      pos++;
    } else if (ch === 47 /* / */ && text.charCodeAt(pos + 1) === 47) {
      pos += 2;
      while (pos < n && !isLineBreak(text.charCodeAt(pos))) pos++;
    } else {
      break;
    }
  }
  return pos;
}

function make(kind: TokenKind, text: string, start: number, end: number): Token {
  return { kind, text: text.slice(start, end), start, end };
}

function scanToken(text: string, pos: number): Token {
  const ch = text.charCodeAt(pos);
  const ch2 = pos + 1 < text.length ? text.charCodeAt(pos + 1) : 0;

  if (!isLetter(ch) && !isDigit(ch)) {
    const punct = scanPunctuation(text, pos, ch, ch2);
    if (punct > 0) return make('Punctuation', text, pos, pos + punct);
    if (ch === 39 || ch === 34 || ch === 96 || ch === 126 || (ch === 64 && (ch2 === 39 || ch2 === 34))) {
      const str = scanString(text, pos);
      if (str) return str;
    } else if (ch === 35 /* # */) {
      let end = pos;
      while (end < text.length && !isLineBreak(text.charCodeAt(end))) end++;
      return make('Directive', text, pos, end);
    }
  }

  // fixed words (`project-away`, `!has`, `in~`, `hint.strategy`, `matches regex`, `!`, …)
  const fixed = matchFixedWord(text, pos, ch);
  if (fixed > 0) return make(fixed === 1 && ch === 33 ? 'Punctuation' : 'Keyword', text, pos, pos + fixed);

  if (isIdentifierStart(ch)) {
    const rawGuid = scanRawGuid(text, pos);
    if (rawGuid > 0) return make('RawGuid', text, pos, pos + rawGuid);
    let end = pos + 1;
    while (end < text.length && isIdentifierChar(text.charCodeAt(end))) end++;
    const word = text.slice(pos, end);
    if (end - pos === 1 && (ch === 104 || ch === 72) /* h, H */) {
      const next = text.charCodeAt(end);
      if (next === 39 || next === 34 || next === 96 || next === 126 || next === 64) {
        const str = scanString(text, pos);
        if (str) return str;
      }
    }
    if (text.charCodeAt(end) === 40 /* ( */ && TYPED_LITERAL_KEYWORDS.has(word)) {
      return scanTypedLiteral(text, pos, end, word);
    }
    if (BOOLEAN_WORDS.has(word)) return make('Bool', text, pos, end);
    return make('Identifier', text, pos, end);
  }

  if (isDigit(ch)) {
    const rawGuid = scanRawGuid(text, pos);
    if (rawGuid > 0) return make('RawGuid', text, pos, pos + rawGuid);
    const real = scanReal(text, pos);
    if (real > 0) return make('Real', text, pos, pos + real);
    const ts = scanTimespan(text, pos);
    if (ts > 0) return make('Timespan', text, pos, pos + ts);
    const lng = scanLong(text, pos);
    if (lng > 0) return make('Long', text, pos, pos + lng);
    // digits followed by a letter or `_`: an identifier such as `1x` (rare, but the language allows it)
    let end = pos;
    while (isDigit(text.charCodeAt(end))) end++;
    const next = text.charCodeAt(end);
    if (isLetter(next) || next === 95) {
      while (end < text.length && isIdentifierChar(text.charCodeAt(end))) end++;
      return make('Identifier', text, pos, end);
    }
  }

  const bad = make('Bad', text, pos, pos + 1);
  bad.error = { id: 'UnexpectedCharacter', args: [bad.text], start: pos, end: pos + 1 };
  return bad;
}

/** Length of the punctuation token at `pos`, or 0. (`!` alone is handled with the fixed words.) */
function scanPunctuation(text: string, pos: number, ch: number, ch2: number): number {
  switch (ch) {
    case 40: case 41: case 91: case 93: case 123: case 125: case 124: // ( ) [ ] { } |
    case 43: case 42: case 47: case 37: case 58: case 59: case 44: case 63: // + * / % : ; , ?
      return 1;
    case 45: // -   (graph arrows `-->`, `-[`, `]->` are composed from adjacent tokens by the parser)
      return 1;
    case 46: // . ..
      return ch2 === 46 ? 2 : 1;
    case 60: // < <= <| <>
      return ch2 === 61 || ch2 === 124 || ch2 === 62 ? 2 : 1;
    case 62: // > >=
      return ch2 === 61 ? 2 : 1;
    case 61: // = == => =~
      return ch2 === 61 || ch2 === 62 || ch2 === 126 ? 2 : 1;
    case 33: // != !~  (other `!` words are fixed words)
      return ch2 === 61 || ch2 === 126 ? 2 : 0;
    case 64: // @ not followed by a quote
      return ch2 === 39 || ch2 === 34 ? 0 : 1;
    default:
      return 0;
  }
}

function matchFixedWord(text: string, pos: number, ch: number): number {
  const candidates = FIXED_BY_FIRST.get(ch);
  if (candidates) {
    for (const w of candidates) {
      if (text.startsWith(w, pos) && !isIdentifierChar(text.charCodeAt(pos + w.length))) return w.length;
    }
  }
  return ch === 33 /* lone ! */ ? 1 : 0;
}

/** Scans any string form at `pos` (with optional `h`/`H` and `@` prefixes); null if none. */
function scanString(text: string, start: number): Token | null {
  let pos = start;
  let ch = text.charCodeAt(pos);
  if (ch === 104 || ch === 72) ch = text.charCodeAt(++pos);
  let verbatim = false;
  if (ch === 64) {
    verbatim = true;
    ch = text.charCodeAt(++pos);
  }
  const n = text.length;
  if (ch === 39 || ch === 34) {
    const quote = ch;
    pos++;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === quote) {
        if (verbatim && text.charCodeAt(pos + 1) === quote) {
          pos += 2;
          continue;
        }
        break;
      }
      if (c === 92 /* \ */ && !verbatim) {
        const esc = escapeLength(text, pos);
        if (esc < 0) break; // the string ends here; the parser reports the missing quote
        pos += esc;
        continue;
      }
      if (c === 13 || c === 10) break;
      pos++;
    }
    if (text.charCodeAt(pos) === quote) return make('String', text, start, pos + 1);
    const tok = make('String', text, start, pos);
    tok.error = { id: 'UnterminatedString', args: [String.fromCharCode(quote)], start: pos, end: pos };
    return tok;
  }
  for (const fence of ['```', '~~~']) {
    if (text.startsWith(fence, pos)) {
      const close = text.indexOf(fence, pos + 3);
      if (close >= 0) return make('String', text, start, close + 3);
      const tok = make('String', text, start, n);
      tok.error = { id: 'UnterminatedString', args: [fence], start: n, end: n };
      return tok;
    }
  }
  return null;
}

/** Length of a valid escape sequence at `pos` (which holds `\`), or -1. */
export function escapeLength(text: string, pos: number): number {
  const c = text.charCodeAt(pos + 1);
  switch (c) {
    case 92: case 39: case 34: case 97: case 98: case 102: case 110: case 114: case 116: case 118:
      return 2; // \\ \' \" \a \b \f \n \r \t \v
    case 117: // \uXXXX
      return hexRun(text, pos + 2, 4) ? 6 : -1;
    case 85: // \UXXXXXXXX
      return hexRun(text, pos + 2, 8) ? 10 : -1;
    case 120: // \xXX
      return hexRun(text, pos + 2, 2) ? 4 : -1;
    default: {
      // octal \ooo (1–3 digits, first ≤ 3 for three digits)
      if (c >= 48 && c <= 55) {
        const c2 = text.charCodeAt(pos + 2);
        if (c2 >= 48 && c2 <= 55) {
          const c3 = text.charCodeAt(pos + 3);
          return c3 >= 48 && c3 <= 55 && c <= 51 ? 4 : 3;
        }
        return 2;
      }
      return -1;
    }
  }
}

function hexRun(text: string, pos: number, count: number): boolean {
  for (let i = 0; i < count; i++) if (!isHexDigit(text.charCodeAt(pos + i))) return false;
  return true;
}

/** `datetime(…)` etc.: content runs to the first `)` on the same line. */
function scanTypedLiteral(text: string, start: number, parenPos: number, word: string): Token {
  let pos = parenPos + 1;
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 41 || isLineBreak(c)) break;
    pos++;
  }
  if (text.charCodeAt(pos) === 41) return make('TypedLiteral', text, start, pos + 1);
  const tok = make('TypedLiteral', text, start, pos);
  tok.error = { id: 'UnterminatedLiteral', args: [word], start: pos, end: pos };
  return tok;
}

/** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` */
function scanRawGuid(text: string, pos: number): number {
  if (pos + 36 > text.length) return -1;
  const groups = [8, 4, 4, 4, 12];
  let p = pos;
  for (let g = 0; g < groups.length; g++) {
    if (!hexRun(text, p, groups[g])) return -1;
    p += groups[g];
    if (g < 4) {
      if (text.charCodeAt(p) !== 45) return -1;
      p++;
    }
  }
  return 36;
}

function digitRun(text: string, pos: number): number {
  let p = pos;
  while (isDigit(text.charCodeAt(p))) p++;
  return p - pos;
}

function exponentLength(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c !== 101 && c !== 69) return 0;
  let p = pos + 1;
  const s = text.charCodeAt(p);
  if (s === 43 || s === 45) p++;
  const d = digitRun(text, p);
  return d > 0 ? p + d - pos : 0;
}

/** `1.5`, `1.`, `1e5`, `1.5e-3` (not followed by an identifier character). */
function scanReal(text: string, start: number): number {
  let pos = start + digitRun(text, start);
  // `1..2` is a range (`1`, `..`, `2`), but `1...` keeps the first dot.
  if (text.charCodeAt(pos) === 46 && (text.charCodeAt(pos + 1) !== 46 || text.charCodeAt(pos + 2) === 46)) {
    pos++;
    pos += digitRun(text, pos);
    pos += exponentLength(text, pos);
  } else {
    const e = exponentLength(text, pos);
    if (e === 0) return -1;
    pos += e;
  }
  if (isIdentifierChar(text.charCodeAt(pos))) return -1;
  return pos - start;
}

/** `10d`, `1.5h`, `100ms`, `10microsecond`, `1tick`, … */
function scanTimespan(text: string, start: number): number {
  let pos = start + digitRun(text, start);
  if (text.charCodeAt(pos) === 46) {
    pos++;
    pos += digitRun(text, pos);
  }
  for (let len = Math.min(MAX_UNIT_LENGTH, text.length - pos); len > 0; len--) {
    if (TIMESPAN_UNITS_NS.has(text.slice(pos, pos + len))) {
      return isIdentifierChar(text.charCodeAt(pos + len)) ? -1 : pos + len - start;
    }
  }
  return -1;
}

/** `123`, `0x1F` (not followed by an identifier character). */
function scanLong(text: string, start: number): number {
  let pos = start;
  const x = text.charCodeAt(start + 1);
  if (text.charCodeAt(start) === 48 && (x === 120 || x === 88)) {
    pos = start + 2;
    if (!isHexDigit(text.charCodeAt(pos))) return -1;
    while (isHexDigit(text.charCodeAt(pos))) pos++;
  } else {
    pos += digitRun(text, start);
  }
  if (isIdentifierChar(text.charCodeAt(pos))) return -1;
  return pos - start;
}
