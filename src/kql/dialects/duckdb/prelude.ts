// Helper macros the DuckDB SQL calls, created once per connection (TEMP: nothing is written to the
// database catalogue). Each encodes one KQL rule that has no single DuckDB built-in.
//
// Macros are expanded textually: a macro that mentions its argument n times multiplies the size of
// a nested call by n, so the macros applied to nested dynamic paths (kql_jnull, kql_dyn_str,
// kql_dyn_scalar, kql_parse_json, kql_str_long) mention their argument once (at most twice).

export const DUCKDB_PRELUDE: readonly string[] = [
  // KQL datetimes are UTC; conversions through TIMESTAMPTZ must not shift by the host's zone.
  `SET TimeZone = 'UTC'`,
  // text → datetime: ISO 8601 (with or without zone), then the other forms Kusto accepts. Text ending
  // in a UTC offset (`…+02:00`, `…-0530`) goes through TIMESTAMPTZ, which converts it to UTC as Kusto
  // does (a cast to TIMESTAMP drops the offset); the rest through TIMESTAMP, measured 3× faster per
  // value than TIMESTAMPTZ. Text without a zone reads as UTC (the session's time zone).
  `CREATE OR REPLACE TEMP MACRO kql_str_dt(s) AS CAST(COALESCE(
     CASE WHEN substr(trim(s), -6, 1) IN ('+', '-') OR substr(trim(s), -5, 1) IN ('+', '-')
       THEN CAST(TRY_CAST(trim(s) AS TIMESTAMPTZ) AS TIMESTAMP) ELSE TRY_CAST(trim(s) AS TIMESTAMP) END,
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
  `CREATE OR REPLACE TEMP MACRO kql_dyn_str(j) AS COALESCE(json_extract_string(j, '$'), '')`,
  // dynamic scalar as text (for conversions to other scalar types).
  // (a bag or an array gives its JSON text, which no scalar conversion accepts)
  `CREATE OR REPLACE TEMP MACRO kql_dyn_scalar(j) AS json_extract_string(j, '$')`,
  // dynamic scalar as text for the numeric conversions: a JSON boolean is 1 or 0 (bool.md: "true (1),
  // false (0)"; tobool-function.md: a bool is a signed 8-bit number), a JSON string its text —
  // so dynamic(true) converts and dynamic("true") does not, as in the row evaluator. A JSON string
  // of the ISO date-time shape is a datetime inside dynamic (runtime/README.md, "KQL typing of
  // JSON"): its number is its ticks since 0001-01-01, as tolong/toreal of a datetime. (Two character
  // tests before the regular expression: on 500 k string values, 1.7× → 1.25× the plain text conversion.)
  `CREATE OR REPLACE TEMP MACRO kql_dyn_num(j) AS CASE CAST(j AS VARCHAR) WHEN 'true' THEN '1' WHEN 'false' THEN '0' ELSE
     CASE WHEN substr(CAST(j AS VARCHAR), 12, 1) = 'T' AND substr(CAST(j AS VARCHAR), 6, 1) = '-' AND regexp_full_match(CAST(j AS VARCHAR), '"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?"')
       THEN CAST(epoch_us(kql_str_dt(json_extract_string(j, '$'))) * 10 + 621355968000000000 AS VARCHAR)
       ELSE json_extract_string(j, '$') END END`,
  // text → long with Kusto's leniency: integers, or reals truncated.
  `CREATE OR REPLACE TEMP MACRO kql_str_long(s) AS TRY_CAST(trunc(TRY_CAST(trim(s) AS DECIMAL(38,6))) AS BIGINT)`,
  // text → timespan ticks: `[-][d.]hh:mm[:ss[.fffffff]]`; anything else is null.
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
  `CREATE OR REPLACE TEMP MACRO kql_parse_json(s) AS COALESCE(TRY_CAST(s AS JSON), to_json(s))`,
  // The elements `mv-expand` produces from a dynamic value: array items, one single-key bag per
  // property of a bag, or the value itself; null (or a missing key) gives one null element, an
  // empty array or bag none (mv-expand-operator.md, Returns). Arrays (the common case) are tried
  // first with one TRY_CAST, which is NULL for anything else: measured ~2x faster than testing
  // json_type first, since every json_* call parses the text again (bench/query Q8).
  `CREATE OR REPLACE TEMP MACRO kql_mv_items(j) AS COALESCE(TRY_CAST(j AS JSON[]), CASE WHEN j IS NULL THEN [NULL::JSON]
     WHEN json_type(j) = 'OBJECT' THEN list_transform(json_keys(j), k -> json_object(k, json_extract(j, '$."' || k || '"')))
     ELSE [j] END)`,
  `CREATE OR REPLACE TEMP MACRO kql_mv_items_array(j) AS COALESCE(TRY_CAST(j AS JSON[]), CASE WHEN j IS NULL THEN [NULL::JSON]
     WHEN json_type(j) = 'OBJECT' THEN list_transform(json_keys(j), k -> json_array(k, json_extract(j, '$."' || k || '"')))
     ELSE [j] END)`,
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
  // IPv6 as eight 16-bit groups (an IPv4 address maps to ::ffff:a.b.c.d, its prefix + 96).
  `CREATE OR REPLACE TEMP MACRO kql_hexlist(p) AS CASE WHEN p = '' THEN CAST([] AS INTEGER[])
     ELSE list_transform(string_split(p, ':'), g -> CASE WHEN regexp_full_match(g, '[0-9a-fA-F]{1,4}') THEN CAST(('0x' || g) AS INTEGER) ELSE NULL END) END`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_expand(a) AS CASE WHEN contains(a, '::') THEN
     list_concat(kql_hexlist(split_part(a, '::', 1)),
       list_transform(range(greatest(8 - len(kql_hexlist(split_part(a, '::', 1))) - len(kql_hexlist(split_part(a, '::', 2))), 0)), x -> 0),
       kql_hexlist(split_part(a, '::', 2)))
     ELSE kql_hexlist(a) END`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_check(g) AS CASE WHEN len(g) = 8 AND NOT list_contains(list_transform(g, v -> v IS NULL), TRUE) THEN g ELSE NULL END`,
  // (an IPv4 address, also written ::a.b.c.d or ::ffff:a.b.c.d)
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_v4(s) AS regexp_replace(split_part(trim(s), '/', 1), '^::([fF]{4}:)?', '')`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_groups(s) AS CASE
     WHEN kql_ipv4_valid(kql_ipv6_v4(s)) THEN
       [0, 0, 0, 0, 0, 65535, CAST(kql_ipv4_addr(kql_ipv6_v4(s)) // 65536 AS INTEGER), CAST(kql_ipv4_addr(kql_ipv6_v4(s)) % 65536 AS INTEGER)]
     ELSE kql_ipv6_check(kql_ipv6_expand(split_part(trim(s), '/', 1))) END`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_prefix(s) AS CASE WHEN contains(s, '/') THEN
     TRY_CAST(split_part(s, '/', 2) AS INTEGER) + (CASE WHEN kql_ipv4_valid(kql_ipv6_v4(s)) THEN 96 ELSE 0 END) ELSE 128 END`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_mask(g, p) AS CASE WHEN g IS NULL OR p IS NULL THEN NULL ELSE list_transform(range(8), i ->
     CASE WHEN p >= 16 * (i + 1) THEN g[i + 1] WHEN p <= 16 * i THEN 0 ELSE (g[i + 1] >> (16 - (p - 16 * i))) << (16 - (p - 16 * i)) END) END`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_str(g) AS array_to_string(list_transform(g, v -> lpad(lower(hex(v)), 4, '0')), ':')`,
  // Euclidean modulo: the result is never negative (S8).
  `CREATE OR REPLACE TEMP MACRO kql_mod(a, b) AS ((a % b) + abs(b)) % abs(b)`,
  // dynamic → JSON value with JSON null folded to SQL null.
  `CREATE OR REPLACE TEMP MACRO kql_jnull(j) AS nullif(j, CAST('null' AS JSON))`,
];
