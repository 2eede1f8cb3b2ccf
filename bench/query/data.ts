// The benchmark's synthetic security table: `SecurityEvent`-shaped rows (Windows security events as
// Sentinel stores them) spread evenly over 30 days ending at `end`, in time order as ingestion
// writes them. Generated inside DuckDB from a deterministic hash of the row number (no randomness:
// every run builds the same table) and inserted into the table the workspace created, standard
// columns included. Value mix:
//   EventID      4624 logon 45 %, 4625 failed logon 10 %, 4688 process 25 %, 4634 logoff 15 %, 4672 privileges 5 %
//   Computer     2,000 hosts `WS-0000.contoso.com`…      Account  5,000 users over 4 domains
//   IpAddress    ~65,000 private and public addresses     CommandLine  for 4688 only; 1 in 2,000 mentions mimikatz
//   Properties   dynamic bag: {"Privileges":[…1–3 names…],"Elevated":bool,"Session":n}
import type { StorageEngine } from '../../src/storage/engine.js';
import type { WorkspaceService } from '../../src/workspace/service.js';

export const TABLE = 'SecurityEvent';

export const COLUMNS = [
  { name: 'TimeGenerated', type: 'datetime' as const },
  { name: 'Computer', type: 'string' as const },
  { name: 'Account', type: 'string' as const },
  { name: 'EventID', type: 'int' as const },
  { name: 'Activity', type: 'string' as const },
  { name: 'IpAddress', type: 'string' as const },
  { name: 'LogonType', type: 'int' as const },
  { name: 'CommandLine', type: 'string' as const },
  { name: 'Properties', type: 'dynamic' as const },
];

const DAYS = 30;

/** Creates the table through the workspace and fills it with `rows` rows ending at `end`. */
export async function buildTable(ws: WorkspaceService, engine: StorageEngine, rows: number, end: Date): Promise<void> {
  await ws.ensureStandardTable({ name: TABLE, columns: COLUMNS });
  const endUs = BigInt(end.getTime()) * 1000n;
  const spanUs = BigInt(DAYS) * 86_400_000_000n;
  // Microseconds between consecutive rows (the last row lands just before `end`).
  const step = spanUs / BigInt(rows);
  // h(k): a deterministic 0..2^32 pseudo-random value per row and purpose.
  const h = (k: number) => `CAST(hash(i * ${k} + ${k}) % 4294967296 AS BIGINT)`;
  const ev = `(CASE WHEN ${h(3)} % 100 < 45 THEN 4624 WHEN ${h(3)} % 100 < 55 THEN 4625 WHEN ${h(3)} % 100 < 80 THEN 4688 WHEN ${h(3)} % 100 < 95 THEN 4634 ELSE 4672 END)`;
  const sql = `
    INSERT INTO "${TABLE}" (TimeGenerated, Computer, Account, EventID, Activity, IpAddress, LogonType, CommandLine, Properties,
                            TenantId, "Type", _ResourceId, _SubscriptionId, _ItemId, _TimeReceived)
    SELECT
      make_timestamp(${endUs - spanUs}::BIGINT + i * ${step}::BIGINT) AS TimeGenerated,
      'WS-' || lpad(CAST(${h(5)} % 2000 AS VARCHAR), 4, '0') || '.contoso.com' AS Computer,
      'user' || CAST(${h(7)} % 5000 AS VARCHAR) || '@' || ['contoso.com', 'fabrikam.com', 'northwind.com', 'adatum.com'][1 + ${h(11)} % 4] AS Account,
      EventID,
      CASE EventID WHEN 4624 THEN '4624 - An account was successfully logged on.' WHEN 4625 THEN '4625 - An account failed to log on.'
        WHEN 4688 THEN '4688 - A new process has been created.' WHEN 4634 THEN '4634 - An account was logged off.'
        ELSE '4672 - Special privileges assigned to new logon.' END AS Activity,
      CASE WHEN ${h(13)} % 10 < 8 THEN '10.' || CAST(${h(17)} % 4 AS VARCHAR) || '.' || CAST(${h(19)} % 64 AS VARCHAR) || '.' || CAST(${h(23)} % 250 AS VARCHAR)
        ELSE CAST(${h(29)} % 223 + 1 AS VARCHAR) || '.' || CAST(${h(31)} % 256 AS VARCHAR) || '.' || CAST(${h(37)} % 256 AS VARCHAR) || '.' || CAST(${h(41)} % 256 AS VARCHAR) END AS IpAddress,
      [2, 3, 5, 7, 10][1 + ${h(43)} % 5] AS LogonType,
      CASE WHEN EventID = 4688 THEN
        (CASE WHEN ${h(47)} % 2000 = 0 THEN 'C:\\\\Temp\\\\mimikatz.exe "privilege::debug" -user ' ELSE ['powershell.exe -nop -w hidden -user ', 'cmd.exe /c whoami -user ', 'C:\\\\Windows\\\\System32\\\\svchost.exe -k netsvcs -user '][1 + ${h(53)} % 3] END)
        || 'admin' || CAST(${h(59)} % 300 AS VARCHAR) || ' -session ' || CAST(${h(61)} % 100000 AS VARCHAR)
        ELSE '' END AS CommandLine,
      json_object('Privileges', list_slice(['SeDebugPrivilege', 'SeBackupPrivilege', 'SeTcbPrivilege', 'SeSecurityPrivilege', 'SeTakeOwnershipPrivilege'], 1 + ${h(67)} % 3, 2 + ${h(67)} % 3 + ${h(71)} % 2),
                  'Elevated', ${h(73)} % 2 = 0, 'Session', ${h(79)} % 100000) AS Properties,
      '${ws.workspace.id}' AS TenantId, '${TABLE}' AS "Type", '' AS _ResourceId, '${ws.workspace.subscriptionId}' AS _SubscriptionId,
      CAST(uuid() AS VARCHAR) AS _ItemId,
      make_timestamp(${endUs - spanUs}::BIGINT + i * ${step}::BIGINT + 2000000) AS _TimeReceived
    FROM (SELECT range AS i, ${ev} AS EventID FROM range(${rows}))`;
  await engine.query(sql, undefined, { timeoutMs: 3_600_000 });
}
