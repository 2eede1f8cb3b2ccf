// Synthetic security events for the storage benchmark: ~500-byte, 12-field records (TimeGenerated,
// strings, ints, an IP pair, a nested object), encoded as the pipeline encodes them (NDJSON per
// src/storage/duckdb/types.ts), in ~1 MB batches like one Logs Ingestion request.
import type { ColumnSpec, TableOptions } from '../../src/storage/engine.js';

export const EVENT_COLUMNS: ColumnSpec[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Computer', type: 'string' },
  { name: 'SourceIP', type: 'string' },
  { name: 'DestinationIP', type: 'string' },
  { name: 'DestinationPort', type: 'int' },
  { name: 'Protocol', type: 'string' },
  { name: 'Action', type: 'string' },
  { name: 'BytesSent', type: 'long' },
  { name: 'UserName', type: 'string' },
  { name: 'EventId', type: 'int' },
  { name: 'Message', type: 'string' },
  { name: 'Details', type: 'dynamic' },
];

/** The columns a Log Analytics table adds at load time, so the hot path does not carry them. */
export const SYSTEM_COLUMNS: ColumnSpec[] = [
  { name: '_ItemId', type: 'guid' },
  { name: 'Type', type: 'string' },
  { name: 'TenantId', type: 'guid' },
];

export const TABLE_OPTIONS: TableOptions = {
  defaults: {
    _ItemId: { kind: 'uuid' },
    Type: { kind: 'constant', value: 'BenchEvents_CL' },
    TenantId: { kind: 'constant', value: '2a4f8c1e-7d3b-4e59-9c61-0f5e3b2d1a77' },
  },
};

// A small deterministic generator, so every run loads the same bytes.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ACTIONS = ['allow', 'deny', 'drop', 'reset'];
const PROTOCOLS = ['TCP', 'UDP', 'ICMP'];
const WORDS = ['connection', 'established', 'from', 'host', 'policy', 'matched', 'rule', 'session', 'closed', 'bytes', 'outbound', 'inbound'];

export function makeEvent(i: number, r: () => number, baseMs: number): object {
  const ip = () => `10.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
  let message = '';
  while (message.length < 150) message += WORDS[Math.floor(r() * WORDS.length)] + ' ';
  return {
    TimeGenerated: new Date(baseMs + i * 7).toISOString(),
    Computer: `host-${Math.floor(r() * 5000)}.corp.contoso.com`,
    SourceIP: ip(),
    DestinationIP: ip(),
    DestinationPort: Math.floor(r() * 65536),
    Protocol: PROTOCOLS[Math.floor(r() * PROTOCOLS.length)],
    Action: ACTIONS[Math.floor(r() * ACTIONS.length)],
    BytesSent: Math.floor(r() * 10_000_000),
    UserName: `user${Math.floor(r() * 20000)}@contoso.com`,
    EventId: 4000 + Math.floor(r() * 1000),
    Message: message.trimEnd(),
    Details: { rule: `R-${Math.floor(r() * 900)}`, zone: { src: 'inside', dst: 'outside' }, tags: ['fw', 'edge'] },
  };
}

export interface Batch {
  data: Buffer;
  rows: number;
}

/** `count` distinct batches of `perBatch` events (2,050 ≈ 1 MB). */
export function makeBatches(count: number, perBatch = 2050, seed = 42): Batch[] {
  const r = rng(seed);
  const baseMs = Date.UTC(2025, 0, 1);
  const out: Batch[] = [];
  let i = 0;
  for (let b = 0; b < count; b++) {
    const lines: string[] = [];
    for (let k = 0; k < perBatch; k++) lines.push(JSON.stringify(makeEvent(i++, r, baseMs)));
    out.push({ data: Buffer.from(lines.join('\n') + '\n'), rows: perBatch });
  }
  return out;
}
