// parse_xml(): XML text → dynamic, with the mapping of parse-xml-function.md:
//   <e/>                         {"e": null}
//   <e>text</e>                  {"e": "text"}
//   <e name="v"/>                {"e": {"@name": "v"}}
//   <e name="v">text</e>         {"e": {"@name": "v", "#text": "text"}}
//   <e><a>x</a><b>y</b></e>      {"e": {"a": "x", "b": "y"}}
//   <e><a>x</a><a>y</a></e>      {"e": {"a": ["x", "y"]}}
// Only elements, attributes and text are translated; comments, processing instructions and the
// declaration are skipped. Text that is a JSON number becomes a number (the page's example shows
// `<value>118.0</value>` as `"value": 118.0`). Invalid XML → null.

import { setOwn } from './dynamic.js';
import type { Dynamic, DynamicBag } from './types.js';

const MAX_INPUT = 1_048_576;

class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    const v = ENTITIES[e];
    if (v === undefined) throw new XmlError(`unknown entity ${m}`);
    return v;
  });
}

const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function textValue(s: string): Dynamic {
  return NUMBER_RE.test(s) ? Number(s) : s;
}

function addChild(bag: DynamicBag, name: string, value: Dynamic): void {
  if (!Object.prototype.hasOwnProperty.call(bag, name)) {
    setOwn(bag, name, value);
    return;
  }
  const prev = bag[name];
  if (Array.isArray(prev) && (prev as unknown as { __xmlList?: true }).__xmlList) prev.push(value);
  else {
    const list: Dynamic[] = [prev, value];
    Object.defineProperty(list, '__xmlList', { value: true, enumerable: false });
    setOwn(bag, name, list);
  }
}

const NAME_RE = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

class Parser {
  pos = 0;
  constructor(readonly s: string) {}

  skipMisc(): void {
    for (;;) {
      while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
      if (this.s.startsWith('<?', this.pos)) this.skipTo('?>');
      else if (this.s.startsWith('<!--', this.pos)) this.skipTo('-->');
      else if (this.s.startsWith('<!DOCTYPE', this.pos)) this.skipTo('>');
      else return;
    }
  }

  skipTo(end: string): void {
    const i = this.s.indexOf(end, this.pos);
    if (i < 0) throw new XmlError(`unterminated ${end}`);
    this.pos = i + end.length;
  }

  name(): string {
    NAME_RE.lastIndex = this.pos;
    const m = NAME_RE.exec(this.s);
    if (!m) throw new XmlError('name expected');
    this.pos += m[0].length;
    return m[0];
  }

  /** Parses one element at `pos`; returns [name, value]. */
  element(): [string, Dynamic] {
    if (this.s[this.pos] !== '<') throw new XmlError('element expected');
    this.pos++;
    const name = this.name();
    const bag: DynamicBag = {};
    let hasAttrs = false;
    for (;;) {
      while (/\s/.test(this.s[this.pos] ?? '')) this.pos++;
      const c = this.s[this.pos];
      if (c === '/' && this.s[this.pos + 1] === '>') {
        this.pos += 2;
        return [name, hasAttrs ? bag : null];
      }
      if (c === '>') {
        this.pos++;
        break;
      }
      if (c === undefined) throw new XmlError('unterminated tag');
      const attr = this.name();
      while (/\s/.test(this.s[this.pos] ?? '')) this.pos++;
      if (this.s[this.pos] !== '=') throw new XmlError('= expected');
      this.pos++;
      while (/\s/.test(this.s[this.pos] ?? '')) this.pos++;
      const q = this.s[this.pos];
      if (q !== '"' && q !== "'") throw new XmlError('quoted attribute value expected');
      const end = this.s.indexOf(q, this.pos + 1);
      if (end < 0) throw new XmlError('unterminated attribute value');
      setOwn(bag, '@' + attr, decodeEntities(this.s.slice(this.pos + 1, end)));
      hasAttrs = true;
      this.pos = end + 1;
    }
    let text = '';
    let hasChildren = false;
    for (;;) {
      const lt = this.s.indexOf('<', this.pos);
      if (lt < 0) throw new XmlError(`unterminated element <${name}>`);
      text += decodeEntities(this.s.slice(this.pos, lt));
      this.pos = lt;
      if (this.s.startsWith('</', this.pos)) {
        this.pos += 2;
        const close = this.name();
        if (close !== name) throw new XmlError(`</${close}> does not close <${name}>`);
        while (/\s/.test(this.s[this.pos] ?? '')) this.pos++;
        if (this.s[this.pos] !== '>') throw new XmlError('> expected');
        this.pos++;
        break;
      }
      if (this.s.startsWith('<!--', this.pos)) {
        this.skipTo('-->');
        continue;
      }
      if (this.s.startsWith('<![CDATA[', this.pos)) {
        const end = this.s.indexOf(']]>', this.pos);
        if (end < 0) throw new XmlError('unterminated CDATA');
        text += this.s.slice(this.pos + 9, end);
        this.pos = end + 3;
        continue;
      }
      if (this.s.startsWith('<?', this.pos)) {
        this.skipTo('?>');
        continue;
      }
      const [childName, childValue] = this.element();
      addChild(bag, childName, childValue);
      hasChildren = true;
    }
    const t = text.trim();
    if (!hasAttrs && !hasChildren) return [name, t.length === 0 ? null : textValue(t)];
    if (t.length > 0) {
      // "#text" goes first when the text precedes the children, as in the documented example.
      const withText: DynamicBag = {};
      setOwn(withText, '#text', textValue(t));
      for (const k of Object.keys(bag)) if (k.startsWith('@')) setOwn(withText, k, bag[k]);
      for (const k of Object.keys(bag)) if (!k.startsWith('@')) setOwn(withText, k, bag[k]);
      if (hasAttrs && !hasChildren) {
        // <e name="v">text</e> → {"@name": "v", "#text": "text"}
        const ordered: DynamicBag = {};
        for (const k of Object.keys(bag)) setOwn(ordered, k, bag[k]);
        setOwn(ordered, '#text', textValue(t));
        return [name, ordered];
      }
      return [name, withText];
    }
    return [name, bag];
  }
}

export function parseXml(s: string): Dynamic {
  if (s.length > MAX_INPUT) return null;
  try {
    const p = new Parser(s);
    p.skipMisc();
    const [name, value] = p.element();
    p.skipMisc();
    if (p.pos !== s.length) return null;
    const root: DynamicBag = {};
    setOwn(root, name, value);
    return root;
  } catch (e) {
    if (e instanceof XmlError) return null;
    throw e;
  }
}
