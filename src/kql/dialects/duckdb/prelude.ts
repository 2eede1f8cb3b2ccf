// Helper macros the DuckDB SQL calls, created once per connection (TEMP: nothing is written to the
// database catalogue). Each encodes one KQL rule that has no single DuckDB built-in.

export const DUCKDB_PRELUDE: readonly string[] = [
  // timespan (100 ns ticks) → Kusto text `[-][d.]hh:mm:ss[.fffffff]`.
  `CREATE OR REPLACE TEMP MACRO kql_ts_str(t) AS CASE WHEN t IS NULL THEN '' ELSE
     (CASE WHEN t < 0 THEN '-' ELSE '' END) ||
     (CASE WHEN abs(t) >= 864000000000 THEN CAST(abs(t) // 864000000000 AS VARCHAR) || '.' ELSE '' END) ||
     lpad(CAST((abs(t) // 36000000000) % 24 AS VARCHAR), 2, '0') || ':' ||
     lpad(CAST((abs(t) // 600000000) % 60 AS VARCHAR), 2, '0') || ':' ||
     lpad(CAST((abs(t) // 10000000) % 60 AS VARCHAR), 2, '0') ||
     (CASE WHEN abs(t) % 10000000 <> 0 THEN '.' || lpad(CAST(abs(t) % 10000000 AS VARCHAR), 7, '0') ELSE '' END) END`,
  // datetime → ISO 8601 with 7 fractional digits and Z, as Kusto's tostring(datetime).
  `CREATE OR REPLACE TEMP MACRO kql_dt_str(d) AS CASE WHEN d IS NULL THEN '' ELSE strftime(d, '%Y-%m-%dT%H:%M:%S.%f') || '0Z' END`,
  // real → text: integral values without a trailing .0, as .NET prints them.
  `CREATE OR REPLACE TEMP MACRO kql_real_str(x) AS CASE WHEN x IS NULL THEN ''
     WHEN isnan(x) THEN 'NaN' WHEN x = 'Infinity'::DOUBLE THEN 'Infinity' WHEN x = '-Infinity'::DOUBLE THEN '-Infinity'
     WHEN x = trunc(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
     ELSE CAST(x AS VARCHAR) END`,
  // dynamic → string: a JSON string gives its raw text, anything else its compact JSON, null "".
  `CREATE OR REPLACE TEMP MACRO kql_dyn_str(j) AS CASE WHEN j IS NULL THEN '' WHEN json_type(j) = 'VARCHAR' THEN json_extract_string(j, '$')
     WHEN json_type(j) = 'NULL' THEN '' ELSE CAST(j AS VARCHAR) END`,
  // dynamic scalar as text (for conversions to other scalar types).
  `CREATE OR REPLACE TEMP MACRO kql_dyn_scalar(j) AS CASE WHEN j IS NULL THEN NULL WHEN json_type(j) IN ('OBJECT', 'ARRAY', 'NULL') THEN NULL ELSE json_extract_string(j, '$') END`,
  // text → long with Kusto's leniency: integers, or reals truncated.
  `CREATE OR REPLACE TEMP MACRO kql_str_long(s) AS COALESCE(TRY_CAST(trim(s) AS BIGINT), TRY_CAST(trunc(TRY_CAST(trim(s) AS DOUBLE)) AS BIGINT))`,
  // text → timespan ticks: `[-][d.]hh:mm[:ss[.fffffff]]`, or a number of days? (`1.5` = 1.5 days in Kusto's parser of totimespan? no: plain numbers are ticks) .
  `CREATE OR REPLACE TEMP MACRO kql_str_ts(s) AS CASE
     WHEN regexp_matches(trim(s), '^-?(\\d+\\.)?\\d{1,2}:\\d{1,2}(:\\d{1,2}(\\.\\d{1,7})?)?$') THEN
       (CASE WHEN starts_with(trim(s), '-') THEN -1 ELSE 1 END) * (
         COALESCE(TRY_CAST(regexp_extract(trim(s), '^-?(\\d+)\\.\\d{1,2}:', 1) AS BIGINT), 0) * 864000000000 +
         CAST(regexp_extract(trim(s), '(\\d{1,2}):\\d{1,2}(:|$)', 1) AS BIGINT) * 36000000000 +
         CAST(regexp_extract(trim(s), '\\d{1,2}:(\\d{1,2})(:|$)', 1) AS BIGINT) * 600000000 +
         COALESCE(TRY_CAST(regexp_extract(trim(s), ':\\d{1,2}:(\\d{1,2})', 1) AS BIGINT), 0) * 10000000 +
         COALESCE(TRY_CAST(rpad(regexp_extract(trim(s), ':\\d{1,2}\\.(\\d{1,7})$', 1), 7, '0') AS BIGINT), 0))
     ELSE NULL END`,
  // text → dynamic: valid JSON is parsed, any other text becomes a JSON string (S11).
  `CREATE OR REPLACE TEMP MACRO kql_parse_json(s) AS CASE WHEN s IS NULL THEN NULL WHEN json_valid(s) AND trim(s) <> '' THEN CAST(s AS JSON) ELSE to_json(s) END`,
  // The elements `mv-expand` produces from a dynamic value: array items, one single-key bag per
  // property of a bag, or the value itself.
  `CREATE OR REPLACE TEMP MACRO kql_mv_items(j) AS CASE WHEN j IS NULL THEN [] WHEN json_type(j) = 'ARRAY' THEN CAST(j AS JSON[])
     WHEN json_type(j) = 'OBJECT' THEN list_transform(json_keys(j), k -> json_object(k, json_extract(j, '$."' || k || '"')))
     ELSE [j] END`,
  `CREATE OR REPLACE TEMP MACRO kql_mv_items_array(j) AS CASE WHEN j IS NULL THEN [] WHEN json_type(j) = 'ARRAY' THEN CAST(j AS JSON[])
     WHEN json_type(j) = 'OBJECT' THEN list_transform(json_keys(j), k -> json_array(k, json_extract(j, '$."' || k || '"')))
     ELSE [j] END`,
  // Kusto `has`: the needle occurs as whole term(s) (terms = runs of ASCII alphanumerics, S3).
  `CREATE OR REPLACE TEMP MACRO kql_term_regex(n) AS
     (CASE WHEN regexp_matches(n, '^[[:alnum:]]') THEN '(?:^|[^[:alnum:]])' ELSE '' END) || regexp_escape(n) ||
     (CASE WHEN regexp_matches(n, '[[:alnum:]]$') THEN '(?:$|[^[:alnum:]])' ELSE '' END)`,
  // Euclidean modulo: the result is never negative (S8).
  `CREATE OR REPLACE TEMP MACRO kql_mod(a, b) AS ((a % b) + abs(b)) % abs(b)`,
  // dynamic → JSON value with JSON null folded to SQL null.
  `CREATE OR REPLACE TEMP MACRO kql_jnull(j) AS CASE WHEN json_type(j) = 'NULL' THEN NULL ELSE j END`,
];
