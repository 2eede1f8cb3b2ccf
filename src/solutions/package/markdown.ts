// A small Markdown → HTML converter for solution descriptions (the contentPackages `descriptionHtml`). It covers
// what solution descriptions use — paragraphs, emphasis, links, code, headings, and bullet, numbered and
// lettered (`a.`) lists — and renders them the way the official packager's converter does in the reference
// output (lettered lists become `<ol type="a">`, loose list items wrap their text in `<p>`).

export function markdownToHtml(md: string): string {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  return renderBlocks(lines);
}

type ListKind = { ordered: boolean; type?: string; start?: number };

const ITEM = /^ {0,3}([-*+]|\d{1,9}[.)]|[a-zA-Z][.)])[ \t]+(.*)$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;

function listKindOf(marker: string): ListKind {
  if (/^[-*+]$/.test(marker)) return { ordered: false };
  if (/^\d/.test(marker)) return { ordered: true, start: Number(marker.slice(0, -1)) };
  const letter = marker[0];
  return { ordered: true, type: letter === letter.toLowerCase() ? 'a' : 'A' };
}

function sameList(a: ListKind, b: ListKind): boolean {
  return a.ordered === b.ordered && a.type === b.type;
}

function renderBlocks(lines: string[]): string {
  let html = '';
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      html += `<h${h[1].length}>${inline(h[2])}</h${h[1].length}>\n`;
      i++;
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const kind = listKindOf(item[1]);
      const items: string[][] = [];
      let loose = false;
      while (i < lines.length) {
        const m = ITEM.exec(lines[i]);
        if (!m || !sameList(listKindOf(m[1]), kind)) break;
        const body = [m[2]];
        i++;
        while (i < lines.length && lines[i].trim() !== '' && !ITEM.exec(lines[i]) && !HEADING.exec(lines[i])) body.push(lines[i++].trim());
        items.push(body);
        // A blank line followed by another item of the same list makes the list loose.
        let j = i;
        while (j < lines.length && lines[j].trim() === '') j++;
        const next = j < lines.length ? ITEM.exec(lines[j]) : null;
        if (!next || !sameList(listKindOf(next[1]), kind)) break;
        if (j > i) loose = true;
        i = j;
      }
      const open = kind.ordered
        ? `<ol${kind.type ? ` type="${kind.type}"` : ''}${kind.start !== undefined && kind.start !== 1 ? ` start="${kind.start}"` : ''}>`
        : '<ul>';
      html += `${open}\n`;
      for (const body of items) {
        const text = inline(joinParagraph(body));
        html += loose ? `<li><p>${text}</p>\n</li>\n` : `<li>${text}</li>\n`;
      }
      html += kind.ordered ? '</ol>\n' : '</ul>\n';
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && !HEADING.exec(lines[i]) && !(para.length > 0 && ITEM.exec(lines[i]) && /^ {0,3}([-*+]|1[.)])/.test(lines[i]))) {
      para.push(lines[i++]);
    }
    html += `<p>${inline(joinParagraph(para))}</p>\n`;
  }
  return html;
}

/** Paragraph lines: leading indentation dropped; two trailing spaces are a hard break, other trailing space goes. */
function joinParagraph(lines: string[]): string {
  return lines
    .map((l, idx) => {
      const t = l.replace(/^[ \t]+/, '');
      const hard = / {2,}$/.test(t) && idx < lines.length - 1;
      return t.replace(/[ \t]+$/, '') + (hard ? '\u0000' : '');
    })
    .join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline markup: code spans, links, autolinks, raw HTML tags, strong/emphasis, backslash escapes. */
function inline(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '\u0000') {
      out += '<br />';
      i++;
      continue;
    }
    if (ch === '\\' && i + 1 < s.length && /[!-/:-@[-`{-~]/.test(s[i + 1])) {
      out += escapeHtml(s[i + 1]);
      i += 2;
      continue;
    }
    if (ch === '`') {
      const run = /^`+/.exec(s.slice(i))![0];
      const end = s.indexOf(run, i + run.length);
      if (end > 0) {
        out += `<code>${escapeHtml(s.slice(i + run.length, end).trim())}</code>`;
        i = end + run.length;
        continue;
      }
    }
    if (ch === '[') {
      const link = parseLink(s, i);
      if (link) {
        out += `<a href="${escapeAttr(link.url)}">${inline(link.text)}</a>`;
        i = link.end;
        continue;
      }
    }
    if (ch === '<') {
      const auto = /^<((?:https?|mailto):[^\s<>]+)>/.exec(s.slice(i));
      if (auto) {
        out += `<a href="${escapeAttr(auto[1])}">${escapeHtml(auto[1])}</a>`;
        i += auto[0].length;
        continue;
      }
      const tag = /^<\/?[A-Za-z][A-Za-z0-9-]*(\s+[^<>]*)?\/?>/.exec(s.slice(i));
      if (tag) {
        out += tag[0];
        i += tag[0].length;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      const em = parseEmphasis(s, i);
      if (em) {
        out += em.html;
        i = em.end;
        continue;
      }
    }
    out += escapeHtml(ch);
    i++;
  }
  return out;
}

function parseLink(s: string, start: number): { text: string; url: string; end: number } | undefined {
  let depth = 0;
  let j = start;
  for (; j < s.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === '[') depth++;
    else if (s[j] === ']' && --depth === 0) break;
  }
  if (j >= s.length || s[j + 1] !== '(') return undefined;
  const close = s.indexOf(')', j + 2);
  if (close < 0) return undefined;
  const target = s.slice(j + 2, close).trim();
  const url = target.split(/\s+/)[0].replace(/^<|>$/g, '');
  return { text: s.slice(start + 1, j), url, end: close + 1 };
}

function parseEmphasis(s: string, start: number): { html: string; end: number } | undefined {
  const ch = s[start];
  const double = s[start + 1] === ch;
  const delim = double ? ch + ch : ch;
  const after = s[start + delim.length];
  if (after === undefined || /\s/.test(after)) return undefined;
  // `_` inside a word (snake_case) is not emphasis.
  if (ch === '_' && start > 0 && /[A-Za-z0-9]/.test(s[start - 1])) return undefined;
  let j = start + delim.length;
  while (j < s.length) {
    const k = s.indexOf(delim, j);
    if (k < 0) return undefined;
    const before = s[k - 1];
    const next = s[k + delim.length];
    const closesWord = ch === '_' ? next === undefined || !/[A-Za-z0-9]/.test(next) : true;
    if (before !== undefined && !/\s/.test(before) && k > start + delim.length && closesWord && (double || s[k + 1] !== ch)) {
      const inner = inline(s.slice(start + delim.length, k));
      return { html: double ? `<strong>${inner}</strong>` : `<em>${inner}</em>`, end: k + delim.length };
    }
    j = k + 1;
  }
  return undefined;
}
