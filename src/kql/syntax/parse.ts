// The public entry point: text → { script, diagnostics }.

import type { Script, Statement } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import { tokenize } from './lexer.js';
import { Parser, SyntaxError } from './parser-core.js';
import { parseStatements } from './statements.js';

export interface ParseResult {
  /** The statements parsed; after a syntax error, those completed before it. */
  script: Script;
  /** Syntax diagnostics; empty when the text is a valid query. Parsing stops at the first error. */
  diagnostics: Diagnostic[];
}

export function parse(text: string): ParseResult {
  const p = new Parser(text, tokenize(text));
  const statements: Statement[] = [];
  const diagnostics: Diagnostic[] = [];
  try {
    parseStatements(p, statements);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    diagnostics.push(e.diagnostic);
  }
  diagnostics.push(...p.notes);
  diagnostics.sort((a, b) => a.start - b.start);
  return { script: { kind: 'Script', statements, span: { start: 0, end: text.length } }, diagnostics };
}
