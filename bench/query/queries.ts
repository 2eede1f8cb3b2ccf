// The benchmark's queries: the shapes Sentinel analytic rules and hunting queries use most
// (spec/kql.md §1), each with a hand-written DuckDB SQL equivalent — what a person fluent in DuckDB
// would write for the same result on the same table, using DuckDB's own best tools (time_bucket,
// arg_max, json_extract_string, regexp_extract). KQL's dcount is an estimate, but a documented one:
// exact up to 1,000 distinct values and 0.8 % standard error beyond (dcount-aggfunction.md,
// "Estimation accuracy"); DuckDB's approx_count_distinct misses that bound on this data (mean error
// 7.8 %, up to 41 %, on groups of fewer than 80 values), so the hand side counts exactly as well.
// `now` is the end of the data, so `ago()` windows select the same rows in both.

export interface BenchQuery {
  id: string;
  what: string;
  kql: string;
  sql: string;
  /** The query API's `timespan`, applied by the executor to every scan (the SQL spells it out). */
  timespan?: string;
  /**
   * Results may legitimately differ (ties cut by `top`): only the row counts
   * of the two sides are compared.
   */
  rowCountOnly?: boolean;
}

export function benchQueries(now: Date): BenchQuery[] {
  const ts = (ms: number) => `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
  const dayAgo = ts(now.getTime() - 86_400_000);
  const nowSql = ts(now.getTime());
  return [
    {
      id: 'Q1', what: '`where ==` on two columns, `project`',
      kql: 'SecurityEvent | where EventID == 4625 and Account == "user42@contoso.com" | project TimeGenerated, Computer, IpAddress',
      sql: `SELECT TimeGenerated, Computer, IpAddress FROM SecurityEvent WHERE EventID = 4625 AND Account = 'user42@contoso.com'`,
    },
    {
      id: 'Q2', what: '`has` (whole term, any case), `summarize count() by`',
      kql: 'SecurityEvent | where CommandLine has "mimikatz" | summarize count() by Computer',
      // A substring prefilter, then the term boundaries `has` requires.
      sql: `SELECT Computer, count(*) AS count_ FROM SecurityEvent
            WHERE CommandLine ILIKE '%mimikatz%' AND regexp_matches(CommandLine, '(?i)(^|[^[:alnum:]])mimikatz($|[^[:alnum:]])') GROUP BY Computer`,
    },
    {
      id: 'Q3', what: '`in~` (any case) list, `summarize count() by`',
      kql: 'SecurityEvent | where Computer in~ ("ws-0001.contoso.com", "WS-0002.CONTOSO.COM", "ws-0003.Contoso.com") | summarize count() by Computer',
      sql: `SELECT Computer, count(*) AS count_ FROM SecurityEvent WHERE lower(Computer) IN ('ws-0001.contoso.com', 'ws-0002.contoso.com', 'ws-0003.contoso.com') GROUP BY Computer`,
    },
    {
      id: 'Q4', what: '`summarize count() by bin(TimeGenerated, 1h)`',
      kql: 'SecurityEvent | summarize count() by bin(TimeGenerated, 1h)',
      sql: `SELECT time_bucket(INTERVAL 1 HOUR, TimeGenerated) AS TimeGenerated, count(*) AS count_ FROM SecurityEvent GROUP BY 1`,
    },
    {
      id: 'Q5', what: '`dcount` by a key',
      kql: 'SecurityEvent | where EventID == 4625 | summarize dcount(IpAddress) by Account',
      sql: `SELECT Account, count(DISTINCT IpAddress) AS dcount_IpAddress FROM SecurityEvent WHERE EventID = 4625 GROUP BY Account`,
    },
    {
      id: 'Q6', what: '`arg_max(TimeGenerated, *) by`',
      kql: 'SecurityEvent | where EventID == 4624 | summarize arg_max(TimeGenerated, *) by Computer',
      sql: `SELECT Computer, max(TimeGenerated) AS TimeGenerated, arg_max(COLUMNS(* EXCLUDE (Computer, TimeGenerated)), TimeGenerated)
            FROM SecurityEvent WHERE EventID = 4624 GROUP BY Computer`,
    },
    {
      id: 'Q7', what: '`join` of two filtered, summarized sides (failed then successful logons)',
      kql: `let failures = SecurityEvent | where EventID == 4625 | summarize Failures = count() by Account;
SecurityEvent | where EventID == 4624 | summarize Successes = count() by Account
| join kind=inner failures on Account
| where Failures > 65
| project Account, Successes, Failures`,
      sql: `WITH f AS (SELECT Account, count(*) AS Failures FROM SecurityEvent WHERE EventID = 4625 GROUP BY Account),
                 s AS (SELECT Account, count(*) AS Successes FROM SecurityEvent WHERE EventID = 4624 GROUP BY Account)
            SELECT s.Account, Successes, Failures FROM s JOIN f ON s.Account = f.Account WHERE Failures > 65`,
    },
    {
      id: 'Q8', what: '`mv-expand` of a dynamic array, `summarize count() by tostring()`',
      kql: 'SecurityEvent | where EventID == 4672 | mv-expand Privilege = Properties.Privileges | summarize count() by Privilege = tostring(Privilege)',
      sql: `SELECT Privilege, count(*) AS count_ FROM (SELECT unnest(json_extract_string(Properties, '$.Privileges[*]')) AS Privilege FROM SecurityEvent WHERE EventID = 4672) GROUP BY Privilege`,
    },
    {
      id: 'Q9', what: '`summarize count() by` then `top 10 by count_`',
      kql: 'SecurityEvent | where EventID == 4625 | summarize count() by IpAddress | top 10 by count_',
      sql: `SELECT IpAddress, count(*) AS count_ FROM SecurityEvent WHERE EventID = 4625 GROUP BY IpAddress ORDER BY count_ DESC LIMIT 10`,
      rowCountOnly: true,
    },
    {
      id: 'Q10', what: '`parse` with `*` and literals',
      kql: 'SecurityEvent | where EventID == 4688 | parse CommandLine with * "-user " TargetUser " " * | summarize count() by TargetUser',
      sql: `SELECT regexp_extract(CommandLine, '-user (.*?) ', 1) AS TargetUser, count(*) AS count_ FROM SecurityEvent WHERE EventID = 4688 GROUP BY 1`,
    },
    {
      id: 'Q11', what: '`extract` with a regex group',
      kql: 'SecurityEvent | where EventID == 4624 | extend Domain = extract(@"@(.+)$", 1, Account) | summarize count() by Domain',
      sql: `SELECT regexp_extract(Account, '@(.+)$', 1) AS Domain, count(*) AS count_ FROM SecurityEvent WHERE EventID = 4624 GROUP BY 1`,
    },
    {
      id: 'Q12', what: '`ago(1d)`, `has_any`, `count()` by two keys',
      kql: 'SecurityEvent | where TimeGenerated > ago(1d) | where Activity has_any ("failed", "privileges") | summarize count() by Computer, EventID',
      sql: `SELECT Computer, EventID, count(*) AS count_ FROM SecurityEvent
            WHERE TimeGenerated > ${dayAgo}
              AND ((Activity ILIKE '%failed%' AND regexp_matches(Activity, '(?i)(^|[^[:alnum:]])failed($|[^[:alnum:]])'))
                OR (Activity ILIKE '%privileges%' AND regexp_matches(Activity, '(?i)(^|[^[:alnum:]])privileges($|[^[:alnum:]])')))
            GROUP BY Computer, EventID`,
    },
    {
      id: 'Q13', what: 'the API `timespan` P1D on every scan, `where` + `summarize`',
      kql: 'SecurityEvent | where EventID == 4624 and LogonType == 10 | summarize Logons = count(), Hosts = dcount(Computer) by Account | where Logons > 1',
      timespan: 'P1D',
      sql: `SELECT Account, count(*) AS Logons, count(DISTINCT Computer) AS Hosts FROM SecurityEvent
            WHERE TimeGenerated >= ${dayAgo} AND TimeGenerated <= ${nowSql} AND EventID = 4624 AND LogonType = 10 GROUP BY Account HAVING count(*) > 1`,
    },
  ];
}
