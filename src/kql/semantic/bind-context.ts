// Shared state of one binding run: the lexical environment of `let` names, the row scope of the
// operator being bound, and error helpers.

import type { FunctionDefinition, Node, Span } from '../syntax/ast.js';
import type { BExpr, BTabular, RenderInfo } from './bound.js';
import type { Column, ScalarType } from './types.js';
import type { SchemaProvider } from './schema-provider.js';
import { SemanticError, type SemanticCodeName } from './diagnostics.js';

export type EnvEntry =
  | { kind: 'scalar'; expr: BExpr }
  | { kind: 'tabular'; node: BTabular }
  | { kind: 'function'; def: FunctionDefinition; env: Env; name: string };

/** Lexical scope of `let` names, function parameters and query parameters. */
export class Env {
  private readonly names = new Map<string, EnvEntry>();
  constructor(readonly parent?: Env) {}
  lookup(name: string): EnvEntry | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
  set(name: string, entry: EnvEntry): void {
    this.names.set(name, entry);
  }
  child(): Env {
    return new Env(this);
  }
}

/** The columns visible to a scalar expression, plus what the position allows. */
export interface Scope {
  env: Env;
  /** Input row columns; absent where no row exists (a `let` scalar, `print`). */
  columns?: ReadonlyMap<string, Column>;
  /** Aggregates are allowed (summarize items). */
  aggregates: boolean;
  /** The input row set is serialized: window functions are allowed. */
  serialized: boolean;
  /** The operator's input columns, for `pack_all()` (extend items may add to `columns`). */
  inputColumns?: ReadonlyMap<string, Column>;
}

export interface BindOptions {
  schema: SchemaProvider;
  /** Values for `declare query_parameters` and other names supplied by the caller. */
  parameters?: Record<string, { type: ScalarType }>;
  /**
   * Output columns of data-dependent plugins (`evaluate bag_unpack(d)`), by probe id, as found by
   * running the probes a previous compilation asked for.
   */
  pluginSchemas?: Record<string, string[]>;
  /**
   * `externaldata`: maps each URI of the query to a file the engine may read (an allow-list or a
   * local mirror); undefined rejects the URI. Absent: externaldata is not allowed.
   */
  externalData?: (uri: string) => string | undefined;
}

/** A data-dependent schema the binder needs: run `input`'s keys of `column` and bind again. */
export interface SchemaProbe {
  id: string;
  input: BTabular;
  column: string;
  /** `keys`: property names of a dynamic column (bag_unpack); `values`: distinct text values (pivot). */
  kind: 'keys' | 'values';
}

export interface BindContext {
  text: string;
  options: BindOptions;
  /** Counter for naming shared tabular expressions. */
  refCounter: number;
  /** `render` metadata of the result, when the query ends with `render`. */
  render?: RenderInfo;
  /** Schema probes needed before the query can be fully bound. */
  probes: SchemaProbe[];
}

export function fail(code: SemanticCodeName, args: readonly (string | number)[], node: { span: Span } | Span | Node): never {
  const span = 'span' in node ? node.span : (node as Span);
  throw new SemanticError(code, args, span.start, span.end);
}

export function columnMap(schema: readonly Column[]): Map<string, Column> {
  return new Map(schema.map((c) => [c.name, c]));
}
