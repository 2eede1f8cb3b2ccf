// `evaluate` plugins in DuckDB SQL.

import type { IrPlugin } from '../../plan/ir.js';
import type { DuckDbPrinter } from './printer.js';
import { DialectError } from '../dialect.js';

export function printPlugin(p: DuckDbPrinter, node: IrPlugin): string {
  void p;
  throw new DialectError(`the plugin '${node.name}' is not supported yet`);
}
