// The function catalogue, expanded once from the tables in this folder.

import type { FunctionDef, NamingRule, Signature, TupleOutput } from './model.js';
import { parseTypeName } from '../semantic/types.js';
import { parseSignature } from './signature-dsl.js';
import { SCALAR_FUNCTIONS, KNOWN_UNSUPPORTED, type ScalarRow } from './scalar-functions.js';
import { AGGREGATE_FUNCTIONS, type AggregateRow } from './aggregate-functions.js';
import { GEO_FUNCTIONS } from './geo-functions.js';

export type { FunctionDef, NamingRule, Signature, ParamSpec, ResultSpec, FunctionKind, TupleOutput } from './model.js';
export { arity, paramAt } from './signature-dsl.js';

/** Aggregates whose unnamed results take special names, decided by the binder. */
export type AggregateSpecial = NonNullable<AggregateRow['special']>;

export interface Catalogue {
  /** Looks a function up by its exact (case-sensitive, as in Kusto) name. */
  get(name: string): FunctionDef | undefined;
  aggregateSpecial(name: string): AggregateSpecial | undefined;
  /** A Kusto built-in Vigil knows by name but does not implement. */
  isKnownUnsupported(name: string): boolean;
  all(): readonly FunctionDef[];
}

function sigs(row: { sigs: string | readonly string[] }): Signature[] {
  return (typeof row.sigs === 'string' ? [row.sigs] : row.sigs).map(parseSignature);
}

function parseOutput(text: string): TupleOutput {
  const [suffix, type] = text.split(':');
  const t = parseTypeName(type ?? '');
  if (!suffix || !t) throw new Error(`catalogue: malformed output '${text}'`);
  return { suffix, type: t };
}

function scalarNaming(row: ScalarRow): NamingRule {
  const n = row.naming;
  if (!n) return { kind: 'none' };
  if (typeof n === 'object') return { kind: 'prefixAndFirstArg', prefix: n.prefix };
  return { kind: n };
}

function build(): Catalogue {
  const map = new Map<string, FunctionDef>();
  const specials = new Map<string, AggregateSpecial>();
  for (const row of [...SCALAR_FUNCTIONS, ...GEO_FUNCTIONS]) {
    map.set(row.name, {
      name: row.name,
      kind: row.window ? 'window' : 'scalar',
      signatures: sigs(row),
      naming: scalarNaming(row),
      volatile: row.volatile ?? false,
      needsSerialized: row.window ?? false,
      ...('outputs' in row && row.outputs ? { outputs: row.outputs.map(parseOutput) } : {}),
      ...('outputPerArray' in row && row.outputPerArray ? { outputPerArray: row.outputPerArray } : {}),
    });
  }
  for (const row of AGGREGATE_FUNCTIONS) {
    map.set(row.name, {
      name: row.name,
      kind: 'aggregate',
      signatures: sigs(row),
      naming: row.prefix !== undefined ? { kind: 'prefixAndFirstArg', prefix: row.prefix, secondArg: row.secondArgInName } : { kind: 'none' },
      volatile: false,
      emptyDefault: row.emptyDefault,
    });
    if (row.special) specials.set(row.name, row.special);
  }
  const all = [...map.values()];
  return {
    get: (name) => map.get(name),
    aggregateSpecial: (name) => specials.get(name),
    isKnownUnsupported: (name) => KNOWN_UNSUPPORTED.has(name) || name.startsWith('geo_'),
    all: () => all,
  };
}

export const catalogue: Catalogue = build();
