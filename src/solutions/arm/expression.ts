// ARM template expression language: `[func(arg, …).prop[index]]`. A JSON string starting with `[` and ending
// with `]` is an expression; one starting with `[[` is the literal text with one bracket removed — the
// packager uses that to defer expressions to a second deployment (spec §9.7).

export type Expr =
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'call'; name: string; args: Expr[]; pos: number }
  | { kind: 'member'; object: Expr; name: string; pos: number }
  | { kind: 'index'; object: Expr; index: Expr; pos: number };

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

export type TemplateString = { kind: 'literal'; value: string } | { kind: 'expression'; expr: Expr; text: string };

/** Classifies a template string value. Throws ExpressionSyntaxError for an expression that does not parse. */
export function parseTemplateString(s: string): TemplateString {
  if (s.startsWith('[[')) return { kind: 'literal', value: s.slice(1) };
  if (s.length >= 2 && s.startsWith('[') && s.endsWith(']')) {
    const text = s.slice(1, -1);
    return { kind: 'expression', expr: parseExpression(text), text };
  }
  return { kind: 'literal', value: s };
}

export function isExpressionString(s: string): boolean {
  return s.length >= 2 && s.startsWith('[') && !s.startsWith('[[') && s.endsWith(']');
}

export function parseExpression(text: string): Expr {
  const p = new Parser(text);
  p.skipWs();
  const e = p.expr();
  p.skipWs();
  if (p.i < text.length) throw new ExpressionSyntaxError(`unexpected '${text[p.i]}'`, p.i);
  return e;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  skipWs(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  expr(): Expr {
    let e = this.primary();
    for (;;) {
      this.skipWs();
      const ch = this.s[this.i];
      if (ch === '.') {
        const pos = this.i++;
        this.skipWs();
        const name = this.identifier();
        e = { kind: 'member', object: e, name, pos };
      } else if (ch === '[') {
        const pos = this.i++;
        this.skipWs();
        const index = this.expr();
        this.skipWs();
        this.expect(']');
        e = { kind: 'index', object: e, index, pos };
      } else {
        return e;
      }
    }
  }

  primary(): Expr {
    this.skipWs();
    const pos = this.i;
    const ch = this.s[this.i];
    if (ch === undefined) throw new ExpressionSyntaxError('unexpected end of expression', pos);
    if (ch === "'") return { kind: 'string', value: this.string(), pos };
    if (/[0-9-]/.test(ch)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(this.s.slice(this.i));
      if (!m) throw new ExpressionSyntaxError(`unexpected '${ch}'`, pos);
      this.i += m[0].length;
      return { kind: 'number', value: Number(m[0]), pos };
    }
    const name = this.identifier();
    this.skipWs();
    this.expect('(');
    const args: Expr[] = [];
    this.skipWs();
    if (this.s[this.i] === ')') {
      this.i++;
    } else {
      for (;;) {
        args.push(this.expr());
        this.skipWs();
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        this.expect(')');
        break;
      }
    }
    return { kind: 'call', name, args, pos };
  }

  identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (!m) throw new ExpressionSyntaxError(`expected a name at '${this.s.slice(this.i, this.i + 10)}'`, this.i);
    this.i += m[0].length;
    return m[0];
  }

  string(): string {
    this.i++; // opening quote
    let out = '';
    for (;;) {
      const ch = this.s[this.i];
      if (ch === undefined) throw new ExpressionSyntaxError('unterminated string', this.i);
      this.i++;
      if (ch === "'") {
        if (this.s[this.i] === "'") {
          out += "'";
          this.i++;
          continue;
        }
        return out;
      }
      out += ch;
    }
  }

  expect(ch: string): void {
    if (this.s[this.i] !== ch) {
      throw new ExpressionSyntaxError(`expected '${ch}'${this.i < this.s.length ? ` at '${this.s[this.i]}'` : ' at end'}`, this.i);
    }
    this.i++;
  }
}

/** Names of `parameters('x')` and `variables('x')` referenced by an expression (for template lint rules). */
export function referencedNames(e: Expr, out: { parameters: Set<string>; variables: Set<string>; functions: Set<string> }): void {
  switch (e.kind) {
    case 'call': {
      const lower = e.name.toLowerCase();
      out.functions.add(lower);
      if ((lower === 'parameters' || lower === 'variables') && e.args[0]?.kind === 'string') {
        (lower === 'parameters' ? out.parameters : out.variables).add(e.args[0].value);
      }
      for (const a of e.args) referencedNames(a, out);
      break;
    }
    case 'member':
      referencedNames(e.object, out);
      break;
    case 'index':
      referencedNames(e.object, out);
      referencedNames(e.index, out);
      break;
    default:
      break;
  }
}
