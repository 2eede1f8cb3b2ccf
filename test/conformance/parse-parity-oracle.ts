// Loads the official Kusto parser (`@kusto/language-service-next`, a devDependency) as a test
// oracle. It is a Bridge.NET translation shipped as two browser-style scripts that install
// globals; they are evaluated once per process (the first parse also pays a ~1–2 s static
// initialisation), in load order: the runtime (`bridge.min.js`), then the library.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';

export interface OracleDiagnostic {
  code: string;
  message: string;
  start: number;
  length: number;
}

/** A node or token of the oracle's syntax tree (Bridge.NET object; only what the tests use). */
export interface OracleSyntaxElement {
  Kind: number;
  ChildCount: number;
  GetChild(i: number): OracleSyntaxElement | null;
  Text?: string;
}

interface KustoGlobal {
  Language: {
    KustoCode: {
      Parse(text: string): {
        Syntax: OracleSyntaxElement;
        GetDiagnostics(): { Count: number; getItem(i: number): { Code: string; Severity: string; Message: string; Start: number; Length: number } };
      };
    };
    Syntax: { SyntaxKind: Record<string, number | unknown> };
  };
}

let loaded: KustoGlobal | undefined;

function kusto(): KustoGlobal {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@kusto/language-service-next/package.json'));
    for (const file of ['bridge.min.js', 'Kusto.Language.Bridge.min.js']) {
      runInThisContext(readFileSync(join(dir, file), 'utf8'), { filename: file });
    }
    loaded = (globalThis as unknown as { Kusto: KustoGlobal }).Kusto;
  }
  return loaded;
}

/** The oracle's syntax errors for `text`, in the order it reports them (Error severity only). */
export function oracleSyntaxErrors(text: string): OracleDiagnostic[] {
  const list = kusto().Language.KustoCode.Parse(text).GetDiagnostics();
  const out: OracleDiagnostic[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    if (d.Severity === 'Error') out.push({ code: d.Code, message: d.Message, start: d.Start, length: d.Length });
  }
  return out;
}

/** The oracle's syntax tree root for `text`. */
export function oracleSyntax(text: string): OracleSyntaxElement {
  return kusto().Language.KustoCode.Parse(text).Syntax;
}

let kindNames: Map<number, string> | undefined;

/** The `SyntaxKind` name of an element (`AddExpression`, `NameReference`, …). */
export function oracleKindName(e: OracleSyntaxElement): string {
  if (!kindNames) {
    kindNames = new Map();
    for (const [name, value] of Object.entries(kusto().Language.Syntax.SyntaxKind)) {
      if (typeof value === 'number') kindNames.set(value, name);
    }
  }
  return kindNames.get(e.Kind) ?? String(e.Kind);
}
