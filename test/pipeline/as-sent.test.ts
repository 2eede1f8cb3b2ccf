// Storing a request as it was sent (src/pipeline/as-sent.ts) must store what the ordinary path —
// coerce and encode every record — stores. The oracle is that ordinary path: every body goes once
// with its raw bytes (so the pipeline may store it as sent) into one table, and once without them
// into a twin table, and the two tables must read the same as KQL reads them (string columns as
// COALESCE(x, ''), since KQL does not tell an empty string from a null one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openRig, simpleRoute, type Col, type Rig } from './helpers.js';

const COLS: Col[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Seq', type: 'int' },
  { name: 'Name', type: 'string' },
  { name: 'Big', type: 'long' },
  { name: 'Ratio', type: 'real' },
  { name: 'Ok', type: 'boolean' },
  { name: 'Props', type: 'dynamic' },
];

async function twins(t: Parameters<typeof openRig>[0]): Promise<{ rig: Rig; asSent: string; encoded: string }> {
  const rig = await openRig(t);
  const asSent = await simpleRoute(rig, 'Sent_CL', COLS, 'Custom-Sent', COLS);
  const encoded = await simpleRoute(rig, 'Enc_CL', COLS, 'Custom-Enc', COLS);
  return { rig, asSent, encoded };
}

const READ = (table: string) =>
  `SELECT Seq, TimeGenerated, COALESCE(Name, ''), Big, Ratio, Ok, CAST(Props AS VARCHAR), Type FROM "${table}" ORDER BY Seq`;

/** Sends `text` to both tables; returns whether the as-sent path took it. */
async function sendBoth(rig: Rig, ids: { asSent: string; encoded: string }, text: string): Promise<boolean> {
  const before = rig.pipeline.stages.asSentRequests;
  const raw = Buffer.from(text);
  const body: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  const a = await rig.pipeline.ingest({ dcrImmutableId: ids.asSent, stream: 'Custom-Sent', body, raw });
  const took = rig.pipeline.stages.asSentRequests > before;
  const b = await rig.pipeline.ingest({ dcrImmutableId: ids.encoded, stream: 'Custom-Enc', body: JSON.parse(text.replace(/^\uFEFF/, '')) });
  const strip = (r: typeof a) => ({ ...r, commit: null, tables: Object.values(r.tables) });
  assert.deepEqual(strip(a), strip(b), `receipts agree for ${text.slice(0, 60)}`);
  return took;
}

async function assertSameRows(rig: Rig): Promise<void> {
  const sent = await rig.rows(READ('Sent_CL'));
  const enc = await rig.rows(READ('Enc_CL'));
  assert.equal(sent.length, enc.length);
  for (let i = 0; i < sent.length; i++) {
    const [s, e] = [sent[i]!, enc[i]!];
    // Type is the table's own name: the standard column, filled at load time.
    assert.deepEqual(s.slice(0, -1), e.slice(0, -1), `row ${i}`);
    assert.deepEqual([s.at(-1), e.at(-1)], ['Sent_CL', 'Enc_CL']);
  }
}

test('as sent: compact bodies of well-typed records are stored from their own bytes, and read back as the encoded path stores them', async (t) => {
  const { rig, ...ids } = await twins(t);
  const bodies = [
    JSON.stringify([
      { TimeGenerated: '2024-03-01T10:00:00Z', Seq: 1, Name: 'a', Big: 9007199254740991, Ratio: 0.25, Ok: true, Props: { k: [1, 'x', null], n: { deep: false } } },
      { TimeGenerated: '2024-03-01T10:00:00.1234567Z', Seq: 2, Name: 'quote " backslash \\ tab \t nl \n ls \u2028 emoji 😀', Big: -5, Ratio: 1e300, Ok: false, Props: 'plain' },
      { Seq: 3, Name: '', Big: null, Ratio: -0, Props: [1, 2], Extra: 'dropped', Another: { x: 1 } },
      { TimeGenerated: null, Seq: 4, Name: null, Props: null },
    ]),
    // A single record instead of an array; a byte order mark and white space around the array.
    JSON.stringify({ TimeGenerated: '2024-03-01T11:00:00Z', Seq: 5, Name: 'single' }),
    '\uFEFF  ' + JSON.stringify([{ TimeGenerated: '2024-03-01T12:00:00.5Z', Seq: 6, Big: 1e3, Ratio: 7 }]) + ' \r\n',
  ];
  for (const text of bodies) assert.equal(await sendBoth(rig, ids, text), true, `stored as sent: ${text.slice(0, 40)}`);
  await assertSameRows(rig);
  const s = rig.pipeline.snapshot().streams.find((x) => x.stream === 'Custom-Sent')!;
  assert.deepEqual({ ...s.droppedFields }, { Extra: 1, Another: 1 });
  assert.equal(s.flows[0].timeGeneratedFilled, 2);
  // The ingestion time fills TimeGenerated where the record had none.
  const filled = await rig.rows(`SELECT count(*) FROM "Sent_CL" WHERE TimeGenerated = _TimeReceived`);
  assert.deepEqual(filled, [[2n]]);
});

test('as sent: a request with any record the encoder would change takes the encoded path, with the same result', async (t) => {
  const { rig, ...ids } = await twins(t);
  const long = 'é'.repeat(40_000); // 80,000 UTF-8 bytes: over the 64 KB field limit, cut and counted
  const cases: unknown[][] = [
    [{ TimeGenerated: '2024-03-01T12:00:00+02:00', Seq: 10 }], // an offset: converted to UTC
    [{ TimeGenerated: '2024-03-01T10:00:00Z', Seq: 11, Props: { when: '2024-03-01T10:00:00Z' } }], // typed inside dynamic
    [{ TimeGenerated: '2024-03-01T10:00:00Z', Seq: 12, Name: 42 }], // a number into a string column
    [{ TimeGenerated: '2024-03-01T10:00:00Z', Seq: '13' }], // digits in a string for an int
    [{ TimeGenerated: '2024-03-01T10:00:00Z', Seq: 14, Type: 'spoofed' }], // undeclared, but a standard column
    [{ TimeGenerated: '2024-03-01T10:00:00Z', Seq: 15, Ratio: 1e400 }], // Infinity: not storable as a number
    [{ TimeGenerated: '2024-03-01T10:00:00Z', Seq: 16, Name: long }],
    [{ TimeGenerated: '2024-03-01T10:00:00Z', Seq: 17, Ok: 'true' }],
  ];
  for (const records of cases) {
    // 1e400 is not JSON.stringify's: write that number's text by hand.
    const text = JSON.stringify(records).replace('"Ratio":null', '"Ratio":1e400');
    assert.equal(await sendBoth(rig, ids, text), false, `encoded: ${text.slice(0, 80)}`);
  }
  // A pretty-printed body (line breaks between tokens) is encoded too: the journal keeps line breaks
  // between rows only.
  assert.equal(await sendBoth(rig, ids, JSON.stringify([{ TimeGenerated: '2024-03-01T10:00:00Z', Seq: 18 }], null, 2)), false);
  await assertSameRows(rig);
  const typed = await rig.rows(`SELECT Seq, TimeGenerated, Type FROM "Sent_CL" WHERE Seq IN (10, 14) ORDER BY Seq`);
  assert.equal(String(typed[0]![1]), '2024-03-01T10:00:00.000000Z');
  assert.equal(typed[1]![2], 'Sent_CL', 'the sender cannot set the standard column');
});

test('as sent: a record the declaration refuses still refuses the whole request, with its index and field', async (t) => {
  const { rig, ...ids } = await twins(t);
  const text = JSON.stringify([{ Seq: 1 }, { Seq: 'not a number' }]);
  await assert.rejects(
    () => rig.pipeline.ingest({ dcrImmutableId: ids.asSent, stream: 'Custom-Sent', body: JSON.parse(text), raw: Buffer.from(text) }),
    (e: unknown) => (e as { code?: string }).code === 'uncoercible_value' && (e as { detail?: { recordIndex?: number; field?: string } }).detail?.recordIndex === 1,
  );
  assert.deepEqual(await rig.rows(`SELECT count(*) FROM "Sent_CL"`), [[0n]]);
});
