// The benchmark's events: ~500-byte JSON objects with 12 fields (TimeGenerated, strings, ints, an IP,
// a nested object), as spec/performance-notes.md describes them, and the table + DCR that take them.
// Deterministic for a given seed, so runs are comparable.

export const BENCH_TABLE = 'VigilBench_CL';
export const BENCH_STREAM = 'Custom-VigilBench';

export const BENCH_COLUMNS = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'EventId', type: 'long' },
  { name: 'Computer', type: 'string' },
  { name: 'SourceIp', type: 'string' },
  { name: 'DestinationPort', type: 'int' },
  { name: 'Protocol', type: 'string' },
  { name: 'Action', type: 'string' },
  { name: 'UserName', type: 'string' },
  { name: 'BytesSent', type: 'long' },
  { name: 'Severity', type: 'int' },
  { name: 'Message', type: 'string' },
  { name: 'Details', type: 'dynamic' },
] as const;

export function benchTableBody(): unknown {
  return { properties: { schema: { name: BENCH_TABLE, columns: BENCH_COLUMNS.map((c) => ({ ...c })) } } };
}

export function benchDcrBody(workspaceResourceId: string): unknown {
  return {
    location: 'local',
    properties: {
      streamDeclarations: { [BENCH_STREAM]: { columns: BENCH_COLUMNS.map((c) => ({ ...c })) } },
      destinations: { logAnalytics: [{ name: 'ws', workspaceResourceId }] },
      dataFlows: [{ streams: [BENCH_STREAM], destinations: ['ws'], transformKql: 'source', outputStream: `Custom-${BENCH_TABLE}` }],
    },
  };
}

const ACTIONS = ['allow', 'deny', 'drop', 'reset'];
const PROTOCOLS = ['TCP', 'UDP', 'ICMP'];
const WORDS = ['connection', 'session', 'policy', 'matched', 'inbound', 'outbound', 'firewall', 'rule', 'traffic', 'blocked', 'accepted', 'gateway'];

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One event; `id` is unique and lands in EventId (the crash test counts on it). */
export function benchEvent(id: number, r: () => number, baseMs = Date.UTC(2025, 0, 1)): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const ip = () => `${10 + Math.floor(r() * 200)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
  const words: string[] = [];
  while (words.join(' ').length < 150) words.push(pick(WORDS));
  return {
    TimeGenerated: new Date(baseMs + id * 7).toISOString(),
    EventId: id,
    Computer: `host-${Math.floor(r() * 5000).toString().padStart(4, '0')}.corp.example.com`,
    SourceIp: ip(),
    DestinationPort: pick([22, 53, 80, 443, 445, 3389, 8080]),
    Protocol: pick(PROTOCOLS),
    Action: pick(ACTIONS),
    UserName: `user${Math.floor(r() * 100000)}@example.com`,
    BytesSent: Math.floor(r() * 10_000_000),
    Severity: Math.floor(r() * 5),
    Message: words.join(' '),
    Details: { rule: `R-${Math.floor(r() * 900) + 100}`, zone: { src: pick(['lan', 'dmz', 'wan']), dst: pick(['lan', 'dmz', 'wan']) }, tags: [pick(WORDS), pick(WORDS)] },
  };
}

/** Events numbered from `firstId` until the JSON array would reach `maxBytes` (the SDK's chunking rule). */
export function benchBatch(firstId: number, maxBytes: number, r: () => number): { events: Record<string, unknown>[]; json: string } {
  const events: Record<string, unknown>[] = [];
  let size = 2;
  for (let id = firstId; ; id++) {
    const e = benchEvent(id, r);
    const n = Buffer.byteLength(JSON.stringify(e)) + 1;
    if (size + n > maxBytes) break;
    events.push(e);
    size += n;
  }
  return { events, json: JSON.stringify(events) };
}
