// Generates the JavaScript of one compiled transform: a single function over one record, with
// helper functions and constants bound as closure variables. Only generated identifiers (h0, k0,
// v0 …) and JSON-encoded string literals enter the source — never text from the query.

import type { KqlValue } from '../types.js';

export class CodeGen {
  private readonly helpers: unknown[] = [];
  private readonly helperIds = new Map<unknown, string>();
  private readonly consts: unknown[] = [];
  private counter = 0;
  private readonly temps: string[] = [];
  readonly body: string[] = [];

  /** A reference to a helper function (deduplicated by identity). */
  helper(fn: unknown): string {
    let id = this.helperIds.get(fn);
    if (id === undefined) {
      id = 'h' + this.helpers.length;
      this.helpers.push(fn);
      this.helperIds.set(fn, id);
    }
    return id;
  }

  /** A JS expression for a constant value: primitives inline, objects bound by reference. */
  constant(v: KqlValue | unknown): string {
    if (v === null || v === undefined) return 'null';
    switch (typeof v) {
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (Number.isNaN(v)) return 'NaN';
        if (v === Infinity) return 'Infinity';
        if (v === -Infinity) return '(-Infinity)';
        return Object.is(v, -0) ? '0' : v < 0 ? `(${v})` : String(v);
      case 'bigint':
        return v < 0n ? `(${v}n)` : `${v}n`;
      case 'string':
        return JSON.stringify(v);
      default: {
        const id = 'k' + this.consts.length;
        this.consts.push(v);
        return id;
      }
    }
  }

  /** A fresh local variable name. */
  local(prefix = 'v'): string {
    return prefix + this.counter++;
  }

  /** A scratch variable declared once at the top of the function (for expression-level temporaries). */
  temp(): string {
    const name = 't' + this.temps.length;
    this.temps.push(name);
    return name;
  }

  emit(line: string): void {
    this.body.push(line);
  }

  /** Builds `function run(r) { … }` with the helpers and constants bound. */
  build<F>(params = 'r'): F {
    const decls = [
      ...this.helpers.map((_, i) => `const h${i} = h[${i}];`),
      ...this.consts.map((_, i) => `const k${i} = k[${i}];`),
    ].join('\n');
    const temps = this.temps.length > 0 ? `let ${this.temps.join(', ')};\n` : '';
    const src = `${decls}\nreturn function run(${params}) {\n${temps}${this.body.join('\n')}\n};`;
    return new Function('h', 'k', src)(this.helpers, this.consts) as F;
  }

  /** The generated source (for debugging and tests). */
  source(params = 'r'): string {
    return `function run(${params}) {\n${this.body.join('\n')}\n}`;
  }
}

/** A JS object-literal key for a column name (computed for `__proto__`, which a plain key would not create). */
export function objectKey(name: string): string {
  return name === '__proto__' ? `[${JSON.stringify(name)}]` : JSON.stringify(name);
}
