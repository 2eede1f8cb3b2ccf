// Helper macros the DuckDB SQL calls, created once per connection (TEMP: nothing is written to the
// database catalogue). Each encodes one KQL rule that has no single DuckDB built-in.

export const DUCKDB_PRELUDE: readonly string[] = [
  // KQL datetimes are UTC; conversions through TIMESTAMPTZ must not shift by the host's zone.
  `SET TimeZone = 'UTC'`,
  // text → datetime: ISO 8601 (with or without zone), then the other forms Kusto accepts.
  `CREATE OR REPLACE TEMP MACRO kql_str_dt(s) AS CAST(COALESCE(
     TRY_CAST(trim(s) AS TIMESTAMP),
     CAST(TRY_CAST(trim(s) AS TIMESTAMPTZ) AS TIMESTAMP),
     try_strptime(trim(s), ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y', '%m-%d-%Y %H:%M:%S', '%m-%d-%Y',
       '%a, %d %b %Y %H:%M:%S GMT', '%a, %d %b %Y %H:%M:%S', '%d %b %Y %H:%M:%S GMT', '%d %b %Y %H:%M:%S', '%A, %d-%b-%y %H:%M:%S GMT',
       '%Y%m%d%H%M%S', '%Y%m%d', '%Y-%m-%dT%H:%M:%S.%f%z'])) AS TIMESTAMP)`,
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
  // IPv4: validity, address as BIGINT, prefix length (32 when absent), masking, dotted text.
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_valid(s) AS COALESCE(regexp_full_match(s, '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}'), FALSE)`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_addr(s) AS CASE WHEN kql_ipv4_valid(split_part(trim(s), '/', 1)) THEN
     CAST(split_part(trim(s), '.', 1) AS BIGINT) * 16777216 + CAST(split_part(trim(s), '.', 2) AS BIGINT) * 65536 +
     CAST(split_part(trim(s), '.', 3) AS BIGINT) * 256 + CAST(split_part(split_part(trim(s), '/', 1), '.', 4) AS BIGINT) ELSE NULL END`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_prefix(s) AS CASE WHEN contains(s, '/') THEN
     (CASE WHEN TRY_CAST(split_part(s, '/', 2) AS INTEGER) BETWEEN 0 AND 32 THEN TRY_CAST(split_part(s, '/', 2) AS INTEGER) ELSE NULL END) ELSE 32 END`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_mask(a, p) AS CASE WHEN p IS NULL OR a IS NULL THEN NULL WHEN p = 0 THEN 0 ELSE (a >> (32 - p)) << (32 - p) END`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_str(a) AS CASE WHEN a IS NULL OR a < 0 OR a > 4294967295 THEN NULL ELSE
     CAST(a // 16777216 AS VARCHAR) || '.' || CAST((a // 65536) % 256 AS VARCHAR) || '.' || CAST((a // 256) % 256 AS VARCHAR) || '.' || CAST(a % 256 AS VARCHAR) END`,
  // Euclidean modulo: the result is never negative (S8).
  `CREATE OR REPLACE TEMP MACRO kql_mod(a, b) AS ((a % b) + abs(b)) % abs(b)`,
  // dynamic → JSON value with JSON null folded to SQL null.
  `CREATE OR REPLACE TEMP MACRO kql_jnull(j) AS CASE WHEN json_type(j) = 'NULL' THEN NULL ELSE j END`,
];
