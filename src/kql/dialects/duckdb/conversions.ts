// Conversions between KQL types in DuckDB SQL, keyed `from>to`. `{0}` is the operand.
// Rules: strings are never null (S4); failed conversions give null (Kusto's to*() semantics).

import type { ScalarType } from '../../semantic/types.js';

const TO_STRING: Partial<Record<ScalarType, string>> = {
  int: "COALESCE(CAST({0} AS VARCHAR), '')",
  long: "COALESCE(CAST({0} AS VARCHAR), '')",
  real: 'kql_real_str({0})',
  decimal: "COALESCE(CAST({0} AS VARCHAR), '')",
  bool: "COALESCE(CAST({0} AS VARCHAR), '')",
  datetime: 'kql_dt_str({0})',
  timespan: 'kql_ts_str({0})',
  guid: "COALESCE(CAST({0} AS VARCHAR), '')",
  dynamic: 'kql_dyn_str({0})',
};

const TO_DYNAMIC: Partial<Record<ScalarType, string>> = {
  int: 'to_json({0})',
  long: 'to_json({0})',
  real: "CASE WHEN isnan({0}) OR isinf({0}) THEN to_json(CAST({0} AS VARCHAR)) ELSE to_json({0}) END",
  decimal: 'to_json(CAST({0} AS DOUBLE))',
  bool: 'to_json({0})',
  string: 'to_json({0})',
  datetime: 'to_json(kql_dt_str({0}))',
  timespan: 'to_json(kql_ts_str({0}))',
  guid: 'to_json(CAST({0} AS VARCHAR))',
};

const TABLE: Record<string, string> = {
  'int>long': 'CAST({0} AS BIGINT)',
  'long>int': 'TRY_CAST({0} AS INTEGER)',
  'int>real': 'CAST({0} AS DOUBLE)',
  'long>real': 'CAST({0} AS DOUBLE)',
  'decimal>real': 'CAST({0} AS DOUBLE)',
  'real>long': 'TRY_CAST(trunc({0}) AS BIGINT)',
  'real>int': 'TRY_CAST(trunc({0}) AS INTEGER)',
  'decimal>long': 'TRY_CAST(trunc({0}) AS BIGINT)',
  'decimal>int': 'TRY_CAST(trunc({0}) AS INTEGER)',
  'int>decimal': 'CAST({0} AS DECIMAL(38,18))',
  'long>decimal': 'CAST({0} AS DECIMAL(38,18))',
  'real>decimal': 'TRY_CAST({0} AS DECIMAL(38,18))',
  'bool>long': 'CAST({0} AS BIGINT)',
  'bool>int': 'CAST({0} AS INTEGER)',
  'bool>real': 'CAST({0} AS DOUBLE)',
  'long>bool': '({0} <> 0)',
  'int>bool': '({0} <> 0)',
  'real>bool': '({0} <> 0)',
  'string>long': 'kql_str_long({0})',
  'string>int': 'TRY_CAST(kql_str_long({0}) AS INTEGER)',
  'string>real': 'TRY_CAST(trim({0}) AS DOUBLE)',
  'string>decimal': 'TRY_CAST(trim({0}) AS DECIMAL(38,18))',
  'string>bool': "CASE lower(trim({0})) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE ELSE TRY_CAST(kql_str_long({0}) <> 0 AS BOOLEAN) END",
  'string>datetime': 'kql_str_dt({0})',
  'string>timespan': 'kql_str_ts({0})',
  'string>guid': 'TRY_CAST(trim({0}) AS UUID)',
  'dynamic>long': 'kql_str_long(kql_dyn_num({0}))',
  'dynamic>int': 'TRY_CAST(kql_str_long(kql_dyn_num({0})) AS INTEGER)',
  'dynamic>real': 'TRY_CAST(kql_dyn_num({0}) AS DOUBLE)',
  'dynamic>decimal': 'TRY_CAST(kql_dyn_num({0}) AS DECIMAL(38,18))',
  'dynamic>bool': "CASE lower(kql_dyn_scalar({0})) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE ELSE TRY_CAST(kql_str_long(kql_dyn_scalar({0})) <> 0 AS BOOLEAN) END",
  'dynamic>datetime': 'kql_str_dt(kql_dyn_scalar({0}))',
  'dynamic>timespan': 'kql_str_ts(kql_dyn_scalar({0}))',
  'dynamic>guid': 'TRY_CAST(kql_dyn_scalar({0}) AS UUID)',
  // datetime ↔ numbers are 100 ns ticks since 0001-01-01 in Kusto's tolong(datetime).
  'datetime>long': '(epoch_us({0}) * 10 + 621355968000000000)',
  'datetime>real': 'CAST(epoch_us({0}) * 10 + 621355968000000000 AS DOUBLE)',
  'long>datetime': 'make_timestamp(({0} - 621355968000000000) // 10)',
  'timespan>long': '{0}',
  'timespan>int': 'TRY_CAST({0} AS INTEGER)',
  'timespan>real': 'CAST({0} AS DOUBLE)',
  'long>timespan': '{0}',
  'int>timespan': 'CAST({0} AS BIGINT)',
  'real>timespan': 'TRY_CAST(trunc({0}) AS BIGINT)',
  'timespan>datetime': 'make_timestamp({0} // 10)',
};

/** SQL converting `operand` (of type `from`) to `to`, or undefined when DuckDB cannot do it. */
export function conversionSql(operand: string, from: ScalarType, to: ScalarType): string | undefined {
  if (from === to) return operand;
  let t: string | undefined;
  if (to === 'string') t = TO_STRING[from];
  else if (to === 'dynamic') t = TO_DYNAMIC[from];
  else t = TABLE[`${from}>${to}`];
  return t?.replace(/\{0\}/g, operand);
}
