// The DuckDB dialect: prints the IR with DuckDB's SQL and the helper macros of its prelude.

import type { SqlDialect } from '../dialect.js';
import { DuckDbPrinter } from './printer.js';
import { DUCKDB_PRELUDE } from './prelude.js';
import { printBagKeysProbe } from './print-plugins.js';
import { FUNCTIONS } from './functions.js';
import { AGGREGATES } from './aggregates.js';
import { GEO_SESSION_FUNCTIONS } from './functions-geo.js';
import { JS_SESSION_FUNCTIONS } from './functions-js.js';

export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  prelude: DUCKDB_PRELUDE,
  print: (q, options) => new DuckDbPrinter(options).print(q),
  printKeysProbe: (input, column, kind, options) => printBagKeysProbe(new DuckDbPrinter(options), input, column, kind),
  supportsFunction: (name) => name in FUNCTIONS || name in AGGREGATES,
  functions: [...GEO_SESSION_FUNCTIONS, ...JS_SESSION_FUNCTIONS],
};
