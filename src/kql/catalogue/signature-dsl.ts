// Parses the compact signature notation used by the catalogue tables, once at start-up.
//   "(string, long, long?) -> string"     optional trailing parameter
//   "(any, any*) -> $common"              repeated parameter, result = common supertype
//   "(num|timespan|datetime, num|timespan) -> $0"   union types, result = type of argument 0
//   "(num, num) -> $num"                  numeric promotion (int widens to long, as Kusto does)

import type { ParamAtom, ParamSpec, ResultSpec, Signature } from './model.js';
import { parseTypeName, type ScalarType } from '../semantic/types.js';

const ATOMS = new Set(['num', 'any']);

function parseAtom(text: string, sig: string): ParamAtom {
  if (ATOMS.has(text)) return text as ParamAtom;
  const t = parseTypeName(text);
  if (!t) throw new Error(`catalogue: unknown type '${text}' in signature '${sig}'`);
  return t;
}

function parseResult(text: string, sig: string): ResultSpec {
  if (text === '$num') return { kind: 'numeric' };
  if (text === '$common') return { kind: 'common', indexes: 'all' };
  const common = /^\$common\(([\d,\s]+)\)$/.exec(text);
  if (common) return { kind: 'common', indexes: common[1]!.split(',').map((s) => Number(s.trim())) };
  const arg = /^\$(\d+)$/.exec(text);
  if (arg) return { kind: 'arg', index: Number(arg[1]) };
  const t = parseTypeName(text);
  if (!t) throw new Error(`catalogue: unknown result type '${text}' in signature '${sig}'`);
  return { kind: 'fixed', type: t as ScalarType };
}

export function parseSignature(text: string): Signature {
  const m = /^\((.*)\)\s*->\s*(\S+)$/.exec(text.trim());
  if (!m) throw new Error(`catalogue: malformed signature '${text}'`);
  const inner = m[1]!.trim();
  const params: ParamSpec[] = [];
  if (inner !== '') {
    for (const raw of inner.split(',')) {
      let p = raw.trim();
      let optional = false;
      let repeat: ParamSpec['repeat'] = 'none';
      if (p.endsWith('?')) { optional = true; p = p.slice(0, -1); }
      else if (p.endsWith('*')) { repeat = 'zeroOrMore'; p = p.slice(0, -1); }
      else if (p.endsWith('+')) { repeat = 'oneOrMore'; p = p.slice(0, -1); }
      params.push({ types: p.split('|').map((a) => parseAtom(a.trim(), text)), optional, repeat });
    }
  }
  return { params, result: parseResult(m[2]!, text), text };
}

/** Minimum and maximum argument counts (max = Infinity with a repeated parameter). */
export function arity(sig: Signature): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const p of sig.params) {
    if (p.repeat === 'zeroOrMore') { max = Infinity; continue; }
    if (p.repeat === 'oneOrMore') { min += 1; max = Infinity; continue; }
    max += 1;
    if (!p.optional) min += 1;
  }
  return { min, max };
}

/** The parameter an argument at `index` binds to, given the call's argument count. */
export function paramAt(sig: Signature, index: number, argCount: number): ParamSpec | undefined {
  const ps = sig.params;
  const rep = ps.findIndex((p) => p.repeat !== 'none');
  if (rep < 0) return ps[index];
  const after = ps.length - rep - 1; // fixed params after the repeated one
  if (index < rep) return ps[index];
  if (index >= argCount - after) return ps[ps.length - (argCount - index)];
  return ps[rep];
}
