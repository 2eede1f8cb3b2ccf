// Case (c) of the transform benchmarks over bench/ingest's events (Details is the declared-dynamic
// nested object): project-rename + extend tostring(parse_json(x).y) + where.
export const CASE_C_KQL =
  'source | project-rename Host = Computer, Account = UserName ' +
  '| extend Rule = tostring(parse_json(Details).rule), SrcZone = tostring(parse_json(Details).zone.src) ' +
  '| where Action != "allow"';
