// CEF (ArcSight Common Event Format) parsing: the lenient grammar of spec/syslog-cef.md §5
// (Logstash codec behaviour), checked against every referenceParse in fixtures/cef/expected.json.
// Used by parse_cef_dictionary() and available to the CEF receiver.

export interface CefHeader {
  version: string;
  deviceVendor: string;
  deviceProduct: string;
  deviceVersion: string;
  deviceEventClassId: string;
  name: string;
  severity: string;
}

export interface CefMessage extends CefHeader {
  /** Text before `CEF:` (the syslog part), trimmed; absent when the message starts with `CEF:`. */
  syslogPrefix?: string;
  extensions: Record<string, string>;
}

const HEADER_START_RE = /CEF:\s?\d+\|/;

/**
 * Parses a CEF line (with or without a syslog prefix). Returns null when there is no `CEF:` header
 * or it has fewer than seven `|` separators (then the message is not CEF).
 */
export function parseCef(line: string): CefMessage | null {
  const m = HEADER_START_RE.exec(line);
  if (!m) return null;
  const fields: string[] = [];
  let cur = '';
  let i = m.index + 4; // after "CEF:"
  // Fast path: no backslash in the header → split at the next seven '|'.
  const headerEnd = nthIndexOf(line, '|', i, 7);
  if (headerEnd >= 0 && line.lastIndexOf('\\', headerEnd) < i) {
    let from = i;
    for (let k = 0; k < 7; k++) {
      const bar = line.indexOf('|', from);
      fields.push(line.slice(from, bar));
      from = bar + 1;
    }
    i = from;
  }
  while (i < line.length && fields.length < 7) {
    const c = line[i];
    if (c === '\\' && (line[i + 1] === '|' || line[i + 1] === '\\')) {
      cur += line[i + 1];
      i += 2;
    } else if (c === '|') {
      fields.push(cur);
      cur = '';
      i++;
    } else {
      cur += c;
      i++;
    }
  }
  if (fields.length < 7) return null;
  const prefix = line.slice(0, m.index).trim();
  const msg: CefMessage = {
    version: fields[0].trim(),
    deviceVendor: fields[1],
    deviceProduct: fields[2],
    deviceVersion: fields[3],
    deviceEventClassId: fields[4],
    name: fields[5],
    severity: fields[6],
    extensions: parseCefExtension(line.slice(i)),
  };
  if (prefix.length > 0) msg.syslogPrefix = prefix;
  return msg;
}

function nthIndexOf(s: string, ch: string, from: number, n: number): number {
  let i = from - 1;
  for (let k = 0; k < n; k++) {
    i = s.indexOf(ch, i + 1);
    if (i < 0) return -1;
  }
  return i;
}

// KEY = word characters, optional dotted segments, optional array index; it must be followed by '='.
const KEY_RE = /(\w+(?:\.[^.=\s|\\[\]]+)*(?:\[\d+\])?)=/y;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

function keyAt(s: string, pos: number): RegExpExecArray | null {
  // Most spaces are inside values: reject quickly unless a word character follows.
  if (pos >= s.length || !isWordChar(s.charCodeAt(pos))) return null;
  KEY_RE.lastIndex = pos;
  return KEY_RE.exec(s);
}

function unescapeValue(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1];
      if (n === '\\' || n === '=') {
        out += n;
        i++;
        continue;
      }
      if (n === 'n') {
        out += '\n';
        i++;
        continue;
      }
      if (n === 'r') {
        out += '\r';
        i++;
        continue;
      }
    }
    // Unknown escapes (`\|`, `\S`) are kept as received.
    out += c;
  }
  return out;
}

/**
 * Parses CEF extension text (`key=value key2=value with spaces …`) into a key → value map. A value
 * runs until a run of spaces followed by `key=`; TAB does not separate pairs; trailing white space of
 * the last value is trimmed; `\\`, `\=`, `\n`, `\r` are unescaped, other escapes kept verbatim.
 */
export function parseCefExtension(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < text.length && text[pos] === ' ') pos++;
  let km = keyAt(text, pos);
  // Leading text that is not a key: skip to the first " key=".
  while (!km && pos < text.length) {
    const sp = text.indexOf(' ', pos);
    if (sp < 0) return out;
    pos = sp;
    while (pos < text.length && text[pos] === ' ') pos++;
    km = keyAt(text, pos);
  }
  while (km) {
    const key = km[1];
    const start = pos + km[0].length;
    let j = start;
    let next: RegExpExecArray | null = null;
    let nextPos = text.length;
    let end = text.length;
    let bs = text.indexOf('\\', j);
    while (j < text.length) {
      // Jump to the next space or backslash (the backslash position is searched again only once passed).
      const sp = text.indexOf(' ', j);
      if (bs >= 0 && bs < j) bs = text.indexOf('\\', j);
      if (sp < 0 && bs < 0) break;
      j = sp < 0 ? bs : bs < 0 ? sp : Math.min(sp, bs);
      const c = text[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === ' ') {
        let k = j;
        while (k < text.length && text[k] === ' ') k++;
        const m = keyAt(text, k);
        if (m) {
          end = j;
          next = m;
          nextPos = k;
          break;
        }
        j = k;
        continue;
      }
      j++;
    }
    let raw = text.slice(start, end);
    if (next === null) raw = raw.replace(/\s+$/, '');
    const value = unescapeValue(raw);
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
    km = next;
    pos = nextPos;
  }
  return out;
}
