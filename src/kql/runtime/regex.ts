// Kusto regular expressions use RE2 syntax (re2.md); this translates the RE2 constructs that
// JavaScript spells differently and rejects the ones it cannot express, by name.
//
//   (?P<name>re)          → (?<name>re)
//   leading (?flags)      → JS flags (i, m, s); U (ungreedy) swaps every quantifier's greediness
//   \A, \z                → ^ and $ (outside multi-line mode)
//   [[:alpha:]] etc.      → ASCII classes
//   \pL, \p{Greek}        → \p{L}, \p{Script=Greek} (sets the `u` flag)
//   \Q…\E                 → the literal text, escaped

export class RegexSyntaxError extends Error {}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const GENERAL_CATEGORIES = new Set(['L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co', 'Cn']);

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export interface TranslatedRegex {
  source: string;
  flags: string;
}

/**
 * Translates an RE2 pattern to a JavaScript pattern and flags. `extraFlags` are RE2 flag letters
 * given outside the pattern (parse kind=regex flags=Ui).
 */
export function translateRe2(pattern: string, extraFlags = ''): TranslatedRegex {
  let p = pattern;
  const flags = new Set<string>();
  for (const f of extraFlags) {
    if (!'imsU'.includes(f)) throw new RegexSyntaxError(`unsupported regex flag '${f}'`);
    flags.add(f);
  }
  // Leading flag group(s): (?i), (?is), …
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(p);
    if (!m) break;
    for (const f of m[1]) flags.add(f);
    p = p.slice(m[0].length);
  }
  const ungreedy = flags.has('U');
  let unicode = false;
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) throw new RegexSyntaxError('trailing backslash');
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const lit = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
        out += escapeLiteral(lit);
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      if (!inClass && n === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (!inClass && n === 'z') {
        out += '$(?![\\s\\S])';
        i++;
        continue;
      }
      if (n === 'p' || n === 'P') {
        let name: string;
        if (p[i + 2] === '{') {
          const end = p.indexOf('}', i + 3);
          if (end < 0) throw new RegexSyntaxError('unterminated \\p{');
          name = p.slice(i + 3, end);
          i = end;
        } else {
          name = p[i + 2] ?? '';
          i += 2;
        }
        const neg = name.startsWith('^');
        if (neg) name = name.slice(1);
        const prop = GENERAL_CATEGORIES.has(name) ? name : name === 'Any' ? 'Any' : `Script=${name}`;
        out += `\\${(n === 'P') !== neg ? 'P' : 'p'}{${prop}}`;
        unicode = true;
        continue;
      }
      if (n === 'C') throw new RegexSyntaxError('\\C (any byte) is not supported');
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const end = p.indexOf(':]', i + 2);
        if (end > 0) {
          let name = p.slice(i + 2, end);
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const cls = POSIX_CLASSES[name];
          if (!cls) throw new RegexSyntaxError(`unknown POSIX class [:${name}:]`);
          if (neg) throw new RegexSyntaxError('negated POSIX classes are not supported');
          out += cls;
          i = end + 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') {
        out += '^';
        i++;
      }
      // A ']' right after '[' or '[^' is a literal in RE2.
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      if (p[i + 2] === 'P' && p[i + 3] === '<') {
        out += '(?<';
        i += 3;
        continue;
      }
      if (p[i + 2] === ':' || p[i + 2] === '<') {
        out += '(?' + p[i + 2];
        i += 2;
        continue;
      }
      throw new RegexSyntaxError(`unsupported group syntax '${p.slice(i, i + 5)}'`);
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let q = c;
      if (c === '{') {
        const m = /^\{\d*(?:,\d*)?\}/.exec(p.slice(i));
        if (!m) {
          out += '\\{'; // RE2 treats a brace that does not start a repetition as a literal
          continue;
        }
        q = m[0];
        i += q.length - 1;
      }
      const lazy = p[i + 1] === '?';
      if (lazy) i++;
      // Under U the meanings of `x*` and `x*?` swap.
      out += q + ((ungreedy ? !lazy : lazy) ? '?' : '');
      continue;
    }
    out += c;
  }
  let jsFlags = '';
  if (flags.has('i')) jsFlags += 'i';
  if (flags.has('m')) jsFlags += 'm';
  if (flags.has('s')) jsFlags += 's';
  if (unicode) jsFlags += 'u';
  return { source: out, flags: jsFlags };
}

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 1000;

/**
 * Compiles an RE2 pattern to a RegExp (cached; `jsFlags` such as 'g' or 'y' are added to the
 * translated flags). Throws RegexSyntaxError when the pattern is invalid.
 */
export function compileRe2(pattern: string, re2Flags = '', jsFlags = ''): RegExp {
  const key = re2Flags + '\u0000' + jsFlags + '\u0000' + pattern;
  let re = cache.get(key);
  if (re === undefined) {
    const t = translateRe2(pattern, re2Flags);
    try {
      re = new RegExp(t.source, t.flags + jsFlags);
    } catch (e) {
      throw new RegexSyntaxError((e as Error).message);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, re);
  }
  return re;
}
