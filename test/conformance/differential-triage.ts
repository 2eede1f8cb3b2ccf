// Known disagreements between the row evaluator and the SQL engine (differential.test.ts), each
// with the engine at fault and the reason. An entry is removed when the disagreement is fixed.

/** Documentation examples, by `page:line`. */
export const EXAMPLE_DISAGREEMENTS: Record<string, string> = {
  'query/datetime-diff-function.md:57':
    'SQL: datetimes are DuckDB TIMESTAMPs (µs), so datetime_diff("nanosecond", …) of values 100 ns apart is 0; the row evaluator keeps 100 ns ticks and matches the doc (-700)',
  'query/datetime-part-function.md:60':
    'SQL: µs TIMESTAMPs lose the 100 ns digit: datetime_part("nanosecond") gives 765432000, the doc (and the row evaluator) 765432100',
  'query/indexof-function.md:52': 'SQL: indexof with an occurrence argument is not implemented by the query engine (KQL2024)',
};

const ABNORMAL = 'shared/fixtures/azure-sentinel/Solutions/AbnormalSecurity/Data Connectors/AbnormalSecurity_CCF/AbnormalSecurity_DCR.json';
const OFFSET =
  "SQL: todatetime of text with a UTC offset ('2023-01-31T16:39:29.737+02:00') ignores the offset — the prelude's kql_str_dt tries TRY_CAST(… AS TIMESTAMP) first, which drops it (TIMESTAMPTZ first would convert); Kusto converts offsets to UTC, as the row evaluator does";
const TOREAL_BOOL =
  'undetermined: toreal() of a dynamic boolean — the row evaluator gives 1/0, the SQL engine null (kql_dyn_scalar → TRY_CAST("true" AS DOUBLE)); the Kusto docs show toreal of strings and numbers only';

/** Fixture DCR flows and idioms, by `file#jsonPath#outputColumn` ('*' for the whole result). */
export const FLOW_DISAGREEMENTS: Record<string, string> = {
  ...Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [`${ABNORMAL}#$.properties.dataFlows[${i}].transformKql#TimeGenerated`, OFFSET])),
  'shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Data Connectors/OrcaSecurityAlertsCCF/OrcaSecurityAlerts_DCR.json#$.properties.dataFlows[0].transformKql#orca_score': TOREAL_BOOL,
  'shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts/Package/mainTemplate.json#$.resources[3].properties.mainTemplate.resources[2].properties.dataFlows[0].transformKql#orca_score': TOREAL_BOOL,
  'idiom#typed projection#TimeGenerated': OFFSET,
  'idiom#dynamic access#N': `toint(dynamic(true)), the same case: ${TOREAL_BOOL}`,
};
