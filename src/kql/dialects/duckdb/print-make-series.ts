// `make-series` in DuckDB SQL: aggregate per group and axis bin, then build one array per
// aggregate over the full axis (missing bins take the default value).

import type { IrMakeSeries } from '../../plan/ir.js';
import type { DuckDbPrinter } from './printer.js';
import { DialectError } from '../dialect.js';

export function printMakeSeries(p: DuckDbPrinter, node: IrMakeSeries): string {
  void p;
  throw new DialectError('make-series is not supported yet');
  void node;
}
