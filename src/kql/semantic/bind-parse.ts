// `parse` / `parse-where` (simple, regex and relaxed kinds): the pattern becomes one regular
// expression (RE2 syntax, so every engine with RE2-like regexes can run it) with one capture group
// per extracted column.

import type * as A from '../syntax/ast.js';
import type { BTabular } from './bound.js';
import type { Column, ScalarType } from './types.js';
import { fail, type BindContext, type Env } from './bind-context.js';
import { bindExpr, convertTo } from './bind-expr.js';
import { rowScope } from './bind-operators.js';

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
  ctx: BindContext,
  parts: readonly A.ParsePatternPart[],
  kind: 'simple' | 'regex' | 'relaxed',
  flags: string | undefined,
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
        re += `(${kind === 'regex' && (type === 'string' || type === 'dynamic') ? '.*' : columnPattern(type, last)})`;
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
    if (f !== flags) fail('unsupportedParameter', [`flags=${flags}`, 'parse'], { start: 0, end: 0 });
    prefix = `(?${f})^`;
  } else {
    prefix = '(?s)^';
  }
  void ctx;
  return { regex: prefix + re, columns, groups };
}

export function bindParse(ctx: BindContext, op: A.ParseOperator, input: BTabular, env: Env): BTabular {
  const kind = (op.parseKind ?? 'simple').toLowerCase();
  if (kind !== 'simple' && kind !== 'regex' && kind !== 'relaxed') return fail('unsupportedParameter', [`kind=${kind}`, op.keyword], op);
  let source = bindExpr(ctx, op.source, rowScope(input, env));
  if (source.type !== 'string') source = convertTo(source, 'string');
  const { regex, columns, groups } = parsePatternRegex(ctx, op.pattern, kind, op.flags);
  const schema = input.schema.map((c) => ({ ...c }));
  for (const c of columns) {
    const i = schema.findIndex((x) => x.name === c.name);
    if (i >= 0) schema[i] = c;
    else schema.push(c);
  }
  return { kind: 'parse', input, source, regex, columns, groups, parseKind: kind, where: op.keyword === 'parse-where', schema, span: op.span };
}

export function bindParseKv(ctx: BindContext, op: A.ParseKvOperator, input: BTabular, env: Env): BTabular {
  // Each requested key is extracted with its own regular expression built from the delimiters.
  const opts: Record<string, string | boolean> = {};
  for (const o of op.options) {
    const v = o.value;
    if (v.kind !== 'Literal' || (typeof v.value !== 'string' && typeof v.value !== 'boolean')) return fail('constantRequired', [o.name.name], o);
    opts[o.name.name.toLowerCase()] = v.value;
  }
  let source = bindExpr(ctx, op.source, rowScope(input, env));
  if (source.type !== 'string') source = convertTo(source, 'string');
  const columns: Column[] = op.columns.map((c) => ({ name: c.name.name, type: c.type.name }));
  const schema = input.schema.map((c) => ({ ...c }));
  for (const c of columns) {
    const i = schema.findIndex((x) => x.name === c.name);
    if (i >= 0) schema[i] = c;
    else schema.push(c);
  }
  return {
    kind: 'evaluate', input, plugin: 'parse-kv', args: [source], options: {},
    data: { columns, options: opts }, schema, span: op.span,
  };
}
