// `parse` / `parse-where` (simple, regex and relaxed kinds): the pattern becomes one regular
// expression (RE2 syntax, so every engine with RE2-like regexes can run it) with one capture group
// per extracted column.

import type * as A from '../syntax/ast.js';
import type { BExpr, BTabular, NamedExpr } from './bound.js';
import { catalogue } from '../catalogue/index.js';
import type { Column, ScalarType } from './types.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr, convertTo, literal } from './bind-expr.js';
import { rowScope } from './bind-operators.js';

function isNumericType(t: ScalarType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\-/]/g, '\\$&');
}

/** The sub-pattern a typed column matches (simple and relaxed kinds). */
function columnPattern(type: ScalarType, last: boolean): string {
  switch (type) {
    case 'int':
    case 'long':
      return '\\-?\\d+';
    case 'real':
    case 'decimal':
      return '\\-?\\d*\\.?\\d+(?:[eE][\\-+]?\\d+)?';
    case 'bool':
      return '(?i:true|false|1|0)';
    default:
      return last ? '.*' : '.*?';
  }
}

/** Number of capturing groups in a regular expression (RE2 syntax). */
export function countGroups(re: string): number {
  let n = 0;
  for (let i = 0; i < re.length; i++) {
    const ch = re[i];
    if (ch === '\\') { i++; continue; }
    if (ch === '[') {
      i++;
      if (re[i] === ']') i++;
      while (i < re.length && re[i] !== ']') { if (re[i] === '\\') i++; i++; }
      continue;
    }
    if (ch === '(' && (re[i + 1] !== '?' || re[i + 2] === 'P' || (re[i + 2] === '<' && re[i + 3] !== '=' && re[i + 3] !== '!'))) n++;
  }
  return n;
}

export function parsePatternRegex(
  parts: readonly A.ParsePatternPart[],
  kind: 'simple' | 'regex' | 'relaxed',
  flags: string | undefined,
  where: A.Span,
): { regex: string; columns: Column[]; groups: number[] } {
  const columns: Column[] = [];
  const groups: number[] = [];
  let group = 0;
  let re = '';
  parts.forEach((p, i) => {
    const last = i === parts.length - 1;
    switch (p.kind) {
      case 'Literal':
        re += kind === 'regex' ? p.value : escapeRegex(p.value);
        if (kind === 'regex') group += countGroups(p.value);
        break;
      case 'Star':
        re += last ? '.*' : '.*?';
        break;
      case 'ColumnDeclaration':
      case 'ParseColumn': {
        const type: ScalarType = p.kind === 'ColumnDeclaration' ? p.type.name : 'string';
        columns.push({ name: p.name.name, type });
        groups.push(++group);
        // In regex mode an untyped column is greedy (the `U` flag makes it lazy), as Kusto does.
        // relaxed: a typed column takes any text (a value that does not convert becomes null).
        // relaxed: the typed pattern is preferred, any other text is accepted (it converts to null).
        const pattern = kind === 'regex' && !isNumericType(type) ? '.*'
          : kind === 'relaxed' && type !== 'string' ? `${columnPattern(type, last)}|${columnPattern('string', last)}`
          : columnPattern(type, last);
        re += `(${pattern})`;
        break;
      }
      case 'ParseRegexPart':
        re += p.text;
        group += countGroups(p.text);
        break;
    }
  });
  // The pattern is matched from the start of the text; a trailing column takes the rest.
  let prefix = '^';
  if (kind === 'regex' && flags) {
    const f = flags.replace(/[^Umsi]/g, '');
    if (f !== flags) fail('unsupportedParameter', [`flags=${flags}`, 'parse'], where);
    prefix = `(?${f})^`;
  } else {
    prefix = '(?s)^';
  }
  return { regex: prefix + re, columns, groups };
}

export function bindParse(ctx: BindContext, op: A.ParseOperator, input: BTabular, env: Env): BTabular {
  const kind = (op.parseKind ?? 'simple').toLowerCase();
  if (kind !== 'simple' && kind !== 'regex' && kind !== 'relaxed') return fail('unsupportedParameter', [`kind=${kind}`, op.keyword], op);
  let source = bindExpr(ctx, op.source, rowScope(input, env));
  if (source.type !== 'string') source = convertTo(source, 'string');
  const { regex, columns, groups } = parsePatternRegex(op.pattern, kind, op.flags, op.span);
  const schema = input.schema.map((c) => ({ ...c }));
  for (const c of columns) {
    const i = schema.findIndex((x) => x.name === c.name);
    if (i >= 0) schema[i] = c;
    else schema.push(c);
  }
  return { kind: 'parse', input, source, regex, columns, groups, parseKind: kind, where: op.keyword === 'parse-where', schema, span: op.span };
}

/**
 * `parse-kv`: each requested key is extracted with its own regular expression built from the
 * delimiters (pair, key/value, quotes, escape, greedy), or from the `regex` option's (key, value)
 * groups. Values are trimmed, unquoted and converted to the column type.
 */
export function bindParseKv(ctx: BindContext, op: A.ParseKvOperator, input: BTabular, env: Env): BTabular {
  const opts: Record<string, string | boolean> = {};
  for (const o of op.options) {
    const v = o.value;
    if (v.kind !== 'Literal' || (typeof v.value !== 'string' && typeof v.value !== 'boolean')) return fail('constantRequired', [o.name.name], o);
    opts[o.name.name.toLowerCase()] = v.value;
  }
  let source = bindExpr(ctx, op.source, rowScope(input, env));
  if (source.type !== 'string') source = convertTo(source, 'string');
  const columns: Column[] = op.columns.map((c) => ({ name: c.name.name, type: c.type.name }));
  const str = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
  const userRegex = str('regex');
  const pair = str('pair_delimiter');
  const kv = str('kv_delimiter');
  const quote = str('quote');
  const escape = str('escape');
  const greedy = opts.greedy === true;
  const open = quote ? quote[0]! : undefined;
  const close = quote ? quote[quote.length - 1]! : undefined;
  const cls = (chars: string) => chars.split('').map((ch) => escapeRegex(ch)).join('');
  const values = columns.map((c) => {
    let call: BExpr;
    if (userRegex !== undefined) {
      call = internalCall('__kv_regex', [source, literal('string', userRegex), literal('string', c.name)]);
    } else {
      const P = pair !== undefined ? escapeRegex(pair) : '[,;\\s]';
      const D = kv !== undefined ? escapeRegex(kv) : '[:=]';
      const key = open ? `(?:${escapeRegex(open)}${escapeRegex(c.name)}${escapeRegex(close!)}|${escapeRegex(c.name)})` : escapeRegex(c.name);
      const E = escape ? escapeRegex(escape) : '';
      const quoted = open ? `${escapeRegex(open)}((?:[^${cls(close!)}${escape ? cls(escape) : ''}]${escape ? `|${E}.` : ''})*)${escapeRegex(close!)}` : '';
      const plain = greedy
        ? `(.*?)(?:${P}[^${pair !== undefined ? cls(pair) : ',;\\s'}${kv !== undefined ? cls(kv) : ':='}]+${D}|$)`
        : `([^${pair !== undefined ? cls(pair) : ',;\\s'}]*)`;
      const re = `(?:^|${P})\\s*${key}\\s*${D}\\s*(?:${quoted ? `${quoted}|` : '()'}${plain})`;
      call = internalCall('__kv_value', [source, literal('string', re), literal('string', escape ?? '')]);
    }
    return { name: c.name, expr: c.type === 'string' ? call : convertTo(call, c.type) };
  });
  const out: NamedExpr[] = input.schema.filter((c) => !columns.some((x) => x.name === c.name)).map((c) => ({ name: c.name, expr: { kind: 'column', name: c.name, type: c.type } as BExpr }));
  out.push(...values);
  return { kind: 'project', input, columns: out, origin: 'parse-kv', schema: out.map((o) => ({ name: o.name, type: o.expr.type })), span: op.span };
}

function internalCall(name: string, args: BExpr[]): BExpr {
  return { kind: 'call', fn: catalogue.get(name)!, args, signature: 0, type: 'string' };
}
