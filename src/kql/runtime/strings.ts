// String operators with Kusto's case rules (spec/kql.md S2) and term semantics for `has` (S3).
//
// Case-insensitive operators compare lower-cased text. A term is a maximal run of ASCII
// alphanumeric characters (datatypes-string-operators.md, "What is a term?"); `has` is true when the
// right-hand side occurs in the left-hand side with no ASCII alphanumeric character directly before
// it (when it starts with one) or directly after it (when it ends with one). For an alphanumeric
// needle that is exactly "is a whole term"; for a needle with punctuation (`has "#EXT#"`,
// `has "live.com#"`) the same boundary rule applies at its alphanumeric ends (inferred).

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** has / has_cs on already case-folded inputs: `needle` occurs on term boundaries in `hay`. */
function hasFolded(hay: string, needle: string, prefixOnly = false, suffixOnly = false): boolean {
  if (needle.length === 0) return true;
  const checkStart = isAsciiAlnum(needle.charCodeAt(0));
  const checkEnd = isAsciiAlnum(needle.charCodeAt(needle.length - 1));
  let from = 0;
  for (;;) {
    const i = hay.indexOf(needle, from);
    if (i < 0) return false;
    const end = i + needle.length;
    const startOk = !checkStart || i === 0 || !isAsciiAlnum(hay.charCodeAt(i - 1));
    const endOk = !checkEnd || end === hay.length || !isAsciiAlnum(hay.charCodeAt(end));
    // hasprefix needs the start on a term boundary, hassuffix the end, has both.
    if (prefixOnly ? startOk : suffixOnly ? endOk : startOk && endOk) return true;
    from = i + 1;
  }
}

export function has(hay: string, needle: string): boolean {
  return hasFolded(hay.toLowerCase(), needle.toLowerCase());
}

export function hasCs(hay: string, needle: string): boolean {
  return hasFolded(hay, needle);
}

export function hasPrefix(hay: string, needle: string): boolean {
  return hasFolded(hay.toLowerCase(), needle.toLowerCase(), true, false);
}

export function hasSuffix(hay: string, needle: string): boolean {
  return hasFolded(hay.toLowerCase(), needle.toLowerCase(), false, true);
}

export function contains(hay: string, needle: string): boolean {
  return hay.toLowerCase().includes(needle.toLowerCase());
}

export function containsCs(hay: string, needle: string): boolean {
  return hay.includes(needle);
}

export function startsWith(hay: string, needle: string): boolean {
  return hay.toLowerCase().startsWith(needle.toLowerCase());
}

export function startsWithCs(hay: string, needle: string): boolean {
  return hay.startsWith(needle);
}

export function endsWith(hay: string, needle: string): boolean {
  return hay.toLowerCase().endsWith(needle.toLowerCase());
}

export function endsWithCs(hay: string, needle: string): boolean {
  return hay.endsWith(needle);
}

export function equalsCi(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/**
 * Specialised forms for a constant right-hand side (the usual case: `where Msg has "error"`): the
 * needle is folded once when the transform is compiled, not once per record.
 */
export function hasConst(needle: string, caseSensitive: boolean): (hay: string) => boolean {
  if (caseSensitive) return (hay) => hasFolded(hay, needle);
  const n = needle.toLowerCase();
  return (hay) => hasFolded(hay.toLowerCase(), n);
}

export function containsConst(needle: string, caseSensitive: boolean): (hay: string) => boolean {
  if (caseSensitive) return (hay) => hay.includes(needle);
  const n = needle.toLowerCase();
  return (hay) => hay.toLowerCase().includes(n);
}

export function startsWithConst(needle: string, caseSensitive: boolean): (hay: string) => boolean {
  if (caseSensitive) return (hay) => hay.startsWith(needle);
  const n = needle.toLowerCase();
  return (hay) => hay.length >= n.length && hay.slice(0, n.length).toLowerCase() === n;
}

export function endsWithConst(needle: string, caseSensitive: boolean): (hay: string) => boolean {
  if (caseSensitive) return (hay) => hay.endsWith(needle);
  const n = needle.toLowerCase();
  return (hay) => hay.length >= n.length && hay.slice(hay.length - n.length).toLowerCase() === n;
}

/** strlen(): the number of Unicode code points (strlen("⒦⒰⒮⒯⒪") is 5; a combining sequence counts each code point). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
