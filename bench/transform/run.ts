// Transform throughput, single core, records already parsed and coerced to the stream's types
// (the pipeline's input to the transform). Usage: npm run bench:transform [-- seconds-per-case]
//
//   (a) source                                   pass-through
//   (b) source | extend TimeGenerated = now()
//   (c) project-rename + extend tostring(parse_json(x).y) + where        (x dynamic, as Azure's docs declare it)
//   (c') the same with x a string column holding JSON text               (parse_json parses per record)
//   (d) parse_cef_dictionary on CEF lines (fixtures/cef/samples.txt)

import { readFileSync } from 'node:fs';
import { compileRecordCoercer } from '../../src/kql/runtime/coerce.js';
import { compileTransform, type CompiledTransform, type InputRecord } from '../../src/kql/runtime/transform/compile-transform.js';
import type { ColumnDecl } from '../../src/kql/runtime/types.js';

const seconds = Number(process.argv[2] ?? 2);

const COLUMNS: ColumnDecl[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'HostName', type: 'string' },
  { name: 'UserName', type: 'string' },
  { name: 'SrcIp', type: 'string' },
  { name: 'DstIp', type: 'string' },
  { name: 'DstPort', type: 'int' },
  { name: 'Bytes', type: 'long' },
  { name: 'Severity', type: 'int' },
  { name: 'Category', type: 'string' },
  { name: 'Message', type: 'string' },
  { name: 'Success', type: 'bool' },
  { name: 'Details', type: 'dynamic' },
];

// ~500-byte events with 12 fields (spec/performance-notes.md's shape), deterministic.
function events(n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const actions = ['allow', 'deny', 'drop', 'alert'];
  for (let i = 0; i < n; i++) {
    out.push({
      TimeGenerated: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 86400)).toISOString(),
      HostName: `host-${i % 97}.corp.example.com`,
      UserName: `user${i % 1013}@example.com`,
      SrcIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      DstIp: `192.168.${(i >> 8) & 255}.${i & 255}`,
      DstPort: [22, 80, 443, 3389, 8080][i % 5],
      Bytes: 1000 + ((i * 7919) % 100000),
      Severity: i % 10,
      Category: ['auth', 'network', 'process', 'file'][i % 4],
      Message: `Connection from 10.0.${i & 255}.1 to service ${i % 13} ${actions[i % 4]} by policy rule ${i % 31}`,
      Success: i % 3 !== 0,
      Details: { action: actions[i % 4], port: [22, 80, 443][i % 3], rule: `R-${i % 31}`, tags: ['a', 'b'], geo: { country: 'NL', city: 'Amsterdam' } },
    });
  }
  return out;
}

function measure(name: string, t: CompiledTransform, records: InputRecord[]): number {
  const n = records.length;
  let kept = 0;
  // warm-up
  for (let i = 0; i < n * 3; i++) if (t.run(records[i % n]) !== null) kept++;
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    let count = 0;
    const deadline = process.hrtime.bigint() + BigInt(Math.round((seconds / 5) * 1e9));
    const t0 = process.hrtime.bigint();
    let now = t0;
    while (now < deadline) {
      for (let i = 0; i < n; i++) if (t.run(records[i]) !== null) kept++;
      count += n;
      now = process.hrtime.bigint();
    }
    rates.push(count / (Number(now - t0) / 1e9));
  }
  rates.sort((a, b) => a - b);
  const median = rates[2];
  console.log(`${name.padEnd(64)} ${Math.round(median).toLocaleString('en-US').padStart(12)} records/s  (kept ${kept > 0 ? 'some' : 'none'})`);
  return median;
}

const raw = events(10_000);
const coerce = compileRecordCoercer(COLUMNS);
const records = raw.map(coerce);

const results: Record<string, number> = {};
results.a = measure('(a) source', compileTransform('source', { input: COLUMNS }), records);
results.b = measure('(b) source | extend TimeGenerated = now()', compileTransform('source | extend TimeGenerated = now()', { input: COLUMNS }), records);
const realistic =
  'source | project-rename Computer = HostName, Account = UserName ' +
  '| extend Action = tostring(parse_json(Details).action), Rule = tostring(parse_json(Details).rule) ' +
  '| where Action != "allow"';
results.c = measure('(c) project-rename + extend tostring(parse_json(x).y) + where', compileTransform(realistic, { input: COLUMNS }), records);

const STRING_COLUMNS = COLUMNS.map((c) => (c.name === 'Details' ? { name: 'Details', type: 'string' as const } : c));
const coerceText = compileRecordCoercer(STRING_COLUMNS);
const textRecords = raw.map(coerceText);
results.c2 = measure("(c') the same, x a string of JSON text", compileTransform(realistic, { input: STRING_COLUMNS }), textRecords);

const cefLines = readFileSync('../shared/fixtures/cef/samples.txt', 'utf8').split('\n').filter((l) => l.length > 0);
const CEF_COLUMNS: ColumnDecl[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
];
const cefRecords = Array.from({ length: 10_000 }, (_, i) => ({ TimeGenerated: 0n, Message: cefLines[i % cefLines.length] }));
results.d = measure('(d) extend Cef = parse_cef_dictionary(Message)', compileTransform('source | extend Cef = parse_cef_dictionary(Message)', { input: CEF_COLUMNS }), cefRecords);

// (e) a real DCR: Halcyon v2's event flow (where + 38 extends from a nested record + project).
const halcyon = JSON.parse(readFileSync('../shared/fixtures/azure-sentinel/Solutions/Halcyon/Data Connectors/Halcyon_ccp_v2/Halcyon_DCR.json', 'utf8')) as {
  properties: { dataFlows: { transformKql: string }[] };
};
const HALCYON_COLUMNS: ColumnDecl[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'recordType', type: 'string' },
  { name: 'record', type: 'dynamic' },
];
const halcyonRecords = raw.map((e, i) => ({
  TimeGenerated: records[i].TimeGenerated,
  recordType: 'event',
  record: {
    time: 1700000000000 + i, activity_id: 1, activity_name: 'Launch', category_uid: 1, category_name: 'System', class_uid: 1007,
    class_name: 'Process Activity', severity_id: 3, severity: 'Medium', type_uid: 100701, type_name: 'Process Activity: Launch',
    message: e.Message, raw_data: '', status_id: 1, status: 'Success', action_id: 2, action: 'Denied', disposition_id: 2,
    disposition: 'Blocked', metadata: { original_event_uid: `evt-${i}`, product: { name: 'Halcyon' } }, device: { hostname: e.HostName },
    process: { pid: 4242, name: 'cmd.exe' }, user: { name: e.UserName },
  },
}));
results.e = measure("(e) Halcyon v2 event flow (real DCR, 38 extends)", compileTransform(halcyon.properties.dataFlows[0].transformKql, { input: HALCYON_COLUMNS }), halcyonRecords as unknown as InputRecord[]);

// The coercion of incoming JSON to the declared types, for reference (the pipeline runs it first).
const coerceT0 = process.hrtime.bigint();
let m = 0;
for (let r = 0; r < 20; r++) for (const e of raw) m += coerce(e) ? 1 : 0;
const coerceRate = m / (Number(process.hrtime.bigint() - coerceT0) / 1e9);
console.log(`${'(ref) JSON object → typed record (compileRecordCoercer)'.padEnd(64)} ${Math.round(coerceRate).toLocaleString('en-US').padStart(12)} records/s`);
console.log(JSON.stringify({ node: process.version, ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(v)])), coerce: Math.round(coerceRate) }));
