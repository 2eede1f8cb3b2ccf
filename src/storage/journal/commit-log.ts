// The commit log of one journal segment. Each group commit appends one record, after the group's
// NDJSON is fsynced, and the group is acknowledged only once the record is fsynced too. A record
// names, for every table the group touched, the table file's committed size and row count (both
// cumulative), so recovery truncates each table file to the size of the last valid record naming
// it: a call's batches are committed together by one record, or not at all.
//
// Record format, one line: `<crc32 of json, 8 hex digits> <json>\n`, json = {"c": commitId,
// "t": {"<table>": [bytes, rows], ...}}. A torn or zero-filled tail fails the checksum; recovery
// stops at the first invalid record.
import { crc32 } from './crc32.js';

export interface CommitRecord {
  commit: number;
  tables: Record<string, { bytes: number; rows: number }>;
}

export function encodeCommitRecord(record: CommitRecord): Buffer {
  const t: Record<string, [number, number]> = {};
  for (const [name, v] of Object.entries(record.tables)) t[name] = [v.bytes, v.rows];
  const json = Buffer.from(JSON.stringify({ c: record.commit, t }), 'utf8');
  const crc = crc32(json).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`${crc} `, 'latin1'), json, Buffer.from('\n', 'latin1')]);
}

/** Parses the valid prefix of a commit log. */
export function decodeCommitLog(data: Buffer): CommitRecord[] {
  const out: CommitRecord[] = [];
  let pos = 0;
  while (pos < data.length) {
    const nl = data.indexOf(0x0a, pos);
    if (nl < 0) break; // torn last record
    const line = data.subarray(pos, nl);
    pos = nl + 1;
    if (line.length < 10 || line[8] !== 0x20) break;
    const crc = Number.parseInt(line.subarray(0, 8).toString('latin1'), 16);
    const json = line.subarray(9);
    if (!Number.isFinite(crc) || crc32(json) !== crc) break;
    let parsed: { c: number; t: Record<string, [number, number]> };
    try {
      parsed = JSON.parse(json.toString('utf8'));
    } catch {
      break;
    }
    const tables: CommitRecord['tables'] = {};
    for (const [name, [bytes, rows]] of Object.entries(parsed.t)) tables[name] = { bytes, rows };
    out.push({ commit: parsed.c, tables });
  }
  return out;
}

/** Committed size and rows per table after replaying the records in order. */
export function committedState(records: readonly CommitRecord[]): Map<string, { bytes: number; rows: number }> {
  const state = new Map<string, { bytes: number; rows: number }>();
  for (const r of records) for (const [name, v] of Object.entries(r.tables)) state.set(name, { ...v });
  return state;
}
