// The sample-database examples (kql-conformance/examples-sampledb.jsonl) need help-cluster tables
// that are not available (spec/kql.md §2): they are only compiled, against the StormEvents schema
// of spec §2 and stub tables for the rest (a datetime TimeGenerated and every identifier of the
// query as a dynamic column).

import { readFileSync } from 'node:fs';
import { compileQuery, duckdbDialect, parse, type Column, type ScalarType, type SchemaProvider } from '../../src/kql/index.js';

const STORM_EVENTS: Column[] = ([
  ['StartTime', 'datetime'], ['EndTime', 'datetime'], ['EpisodeId', 'int'], ['EventId', 'int'], ['State', 'string'],
  ['EventType', 'string'], ['InjuriesDirect', 'int'], ['InjuriesIndirect', 'int'], ['DeathsDirect', 'int'],
  ['DeathsIndirect', 'int'], ['DamageProperty', 'int'], ['DamageCrops', 'int'], ['Source', 'string'],
  ['BeginLocation', 'string'], ['EndLocation', 'string'], ['BeginLat', 'real'], ['BeginLon', 'real'], ['EndLat', 'real'],
  ['EndLon', 'real'], ['EpisodeNarrative', 'string'], ['EventNarrative', 'string'], ['StormSummary', 'dynamic'],
] as Array<[string, ScalarType]>).map(([name, type]) => ({ name, type }));

function provider(q: string): SchemaProvider {
  const ids = [...new Set([...q.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\b/g)].map((m) => m[1]!))];
  const stub: Column[] = [{ name: 'TimeGenerated', type: 'datetime' }, ...ids.filter((i) => i !== 'TimeGenerated').map((name) => ({ name, type: 'dynamic' as ScalarType }))];
  return {
    table: (n) => (n === 'StormEvents' ? { name: n, columns: STORM_EVENTS } : /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? { name: n, columns: stub } : undefined),
    tableNames: () => ['StormEvents'],
  };
}

export interface SampleDbSummary {
  records: number;
  parsed: number;
  compiled: number;
}

export function compileSampleDb(path = '../shared/kql-conformance/examples-sampledb.jsonl'): SampleDbSummary {
  const records = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { query: string });
  const s: SampleDbSummary = { records: records.length, parsed: 0, compiled: 0 };
  for (const r of records) {
    if (parse(r.query).diagnostics.some((d) => d.severity === 'error')) continue;
    s.parsed++;
    let c = compileQuery(r.query, { schema: provider(r.query), dialect: duckdbDialect });
    if (c.probes) c = compileQuery(r.query, { schema: provider(r.query), dialect: duckdbDialect, pluginSchemas: Object.fromEntries(c.probes.map((p) => [p.id, []])) });
    if (c.sql) s.compiled++;
  }
  return s;
}
