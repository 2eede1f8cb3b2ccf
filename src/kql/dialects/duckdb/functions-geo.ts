// The geo_* functions in DuckDB SQL: each is a JS session function `kql_<name>` (the geometry of
// S2/H3 cells, geodesics and polygons has no SQL form), installed on every connection with the
// prelude. A call converts each argument to the parameter's KQL type and spells omitted optional
// arguments as their documented defaults, so every JS function has a fixed arity.

import { DialectError, type SqlJsFunction } from '../dialect.js';
import { jsSessionFunction, jsSqlName, type JsSessionSpec } from './js-session-function.js';
import type { IrPlugin } from '../../plan/ir.js';
import type { GeoLookupData } from '../../semantic/bind-geo-lookup.js';
import type { DuckDbPrinter } from './printer.js';
import type { Template } from './template.js';
import { GEO_FUNCTIONS, type GeoFunction, type GeoParamType } from '../../runtime/geo/functions.js';
import type { ScalarType } from '../../semantic/types.js';

const sqlName = (f: GeoFunction) => jsSqlName(f);

function defaultLiteral(type: GeoParamType, v: number | boolean): string {
  if (type === 'bool') return v ? 'TRUE' : 'FALSE';
  return type === 'real' ? `CAST(${Number(v)} AS DOUBLE)` : `CAST(${Number(v)} AS BIGINT)`;
}

function template(f: GeoFunction): Template {
  const required = f.params.length - (f.defaults?.length ?? 0);
  return (args, c) => {
    const sql = f.params.map((p, i) => {
      const a = args[i];
      if (!a) {
        if (i < required) return c.fail(`${f.name}: missing argument ${i + 1}`);
        return defaultLiteral(p, f.defaults![i - required]!);
      }
      return c.convert(a.sql, a.type, p as ScalarType);
    });
    return `${sqlName(f)}(${sql.join(', ')})`;
  };
}

export const GEO_SQL_FUNCTIONS: Record<string, Template> = Object.fromEntries(GEO_FUNCTIONS.map((f) => [f.name, template(f)]));

/** The JS functions a connection needs for the templates above. */
export const GEO_SESSION_FUNCTIONS: readonly SqlJsFunction[] = Object.freeze(
  GEO_FUNCTIONS.map((f) => jsSessionFunction(f as JsSessionSpec, { badJson: 'null', stringsNeverNull: true })),
);

/**
 * `evaluate geo_polygon_lookup(…)` / `geo_line_lookup(…)` (bound by semantic/bind-geo-lookup.ts):
 * the input joined with the lookup table on the geo session functions — point in polygon (or
 * within the radius of it), point within the radius of a line.
 */
export function printGeoLookup(p: DuckDbPrinter, node: IrPlugin): string {
  if (!node.input) throw new DialectError(`${node.name} needs an input`);
  const data = node.data as GeoLookupData;
  const lookup = p.options.planSubquery(data.lookup);
  const t = p.envOf(node.input, 't');
  const r = p.envOf(lookup, 'r');
  const [lng, lat, radius] = node.args.map((a) => p.expr(a, t));
  const shape = r.col(data.shapeColumn);
  const on = node.name === 'geo_line_lookup'
    ? `kql_geo_distance_point_to_line(${lng}, ${lat}, ${shape}) <= ${radius}`
    : radius
      ? `kql_geo_distance_point_to_polygon(${lng}, ${lat}, ${shape}) <= ${radius}`
      : `kql_geo_point_in_polygon(${lng}, ${lat}, ${shape})`;
  const cols = [
    ...data.inputColumns.map((c) => `${t.col(c)} AS ${p.ident(node, c)}`),
    ...data.lookupColumns.map((c) => `${r.col(c.source)} AS ${p.ident(node, c.name)}`),
  ];
  return `SELECT ${cols.join(', ')} FROM ${p.relation(node.input)} AS t ${data.unmatched ? 'LEFT JOIN' : 'JOIN'} ${p.relation(lookup)} AS r ON ${on}`;
}
