// Known disagreements between the row evaluator and the SQL engine (differential.test.ts), each
// with the engine at fault and the reason. An entry is removed when the disagreement is fixed.
//
// Fixed and removed: todatetime of text with a UTC offset in SQL (kql_str_dt now casts through
// TIMESTAMPTZ first, converting to UTC as Kusto does); toreal/toint/tolong of a dynamic boolean
// (1/0 in both engines: bool.md documents true as 1 and false as 0) and of a dynamic datetime (its
// ticks, in both); indexof with an occurrence argument in SQL.

/** Documentation examples, by `page:line`. */
export const EXAMPLE_DISAGREEMENTS: Record<string, string> = {
  'query/datetime-diff-function.md:57':
    'SQL: datetimes are DuckDB TIMESTAMPs (µs), so datetime_diff("nanosecond", …) of values 100 ns apart is 0; the row evaluator keeps 100 ns ticks and matches the doc (-700)',
  'query/datetime-part-function.md:60':
    'SQL: µs TIMESTAMPs lose the 100 ns digit: datetime_part("nanosecond") gives 765432000, the doc (and the row evaluator) 765432100',
};

/** Fixture DCR flows and idioms, by `file#jsonPath#outputColumn` ('*' for the whole result). */
export const FLOW_DISAGREEMENTS: Record<string, string> = {};
