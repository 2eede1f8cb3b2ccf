// tobool, todatetime, todouble/toreal, toguid, toint, tolong, tostring, totimespan,
// todynamic/parse_json, todecimal.

import {
  boolConverter,
  datetimeConverter,
  dynamicConverter,
  guidConverter,
  intConverter,
  longConverter,
  realConverter,
  stringConverter,
  timespanConverter,
} from '../convert.js';
import type { KqlType } from '../types.js';
import { defineFunction, type Impl } from './registry.js';

function conversion(name: string, result: KqlType, make: (from: KqlType) => Impl, ...aliases: string[]): void {
  defineFunction(
    {
      name,
      minArgs: 1,
      maxArgs: 1,
      resolve: (args) => ({ type: result, impl: make(args[0].type) }),
    },
    ...aliases,
  );
}

conversion('tobool', 'bool', boolConverter, 'toboolean');
conversion('todatetime', 'datetime', datetimeConverter, 'todate');
conversion('todouble', 'real', realConverter, 'toreal');
conversion('todecimal', 'decimal', realConverter);
conversion('toguid', 'guid', guidConverter);
conversion('toint', 'int', intConverter);
conversion('tolong', 'long', longConverter);
conversion('tostring', 'string', stringConverter);
conversion('totimespan', 'timespan', timespanConverter, 'totime');
// parse_json(dynamic) returns its argument as is (parse-json-function.md).
conversion('parse_json', 'dynamic', dynamicConverter, 'todynamic', 'toobject', 'parsejson');
