// The journal's table files are JSON arrays of row objects: `[` + the batches' elements, batches
// joined by `,\n`, and a `]` that the loader appends before DuckDB reads the file with
// `read_json(…, format = 'array')`. An array rather than NDJSON because a request body is already a
// JSON array of records: when the pipeline has checked that every record would be stored as sent,
// it hands the body's bytes between its brackets to the journal unchanged, and the main thread
// does not serialise the rows a second time (spec/performance-notes.md: ~2.8 µs per event, the
// largest single cost of the request path). DuckDB reads the array form ~0.35 µs/row slower than
// NDJSON (measured on bench rows), much less than that.
//
// Line breaks only ever fall between rows (NDJSON batches are converted with one row per line;
// request bodies are taken as they are only when they have none), so the tolerant fallback of a
// failed load can still salvage a file line by line (duckdb/salvage-rows.ts).

export const ARRAY_OPEN = Buffer.from('[');
export const ARRAY_CLOSE = Buffer.from(']');
/** Between two batches of a file, and between the rows of a converted NDJSON batch. */
export const ROW_SEPARATOR = Buffer.from(',\n');

/**
 * NDJSON (one row per line, blank lines and CRs tolerated) → array elements, one per line, joined by
 * `,\n`, without a trailing separator. Empty when there is no row.
 */
export function ndjsonToElements(ndjson: Buffer): Buffer {
  const out = Buffer.allocUnsafe(ndjson.length + countNewlines(ndjson) + 1);
  let used = 0;
  let start = 0;
  while (start < ndjson.length) {
    let end = ndjson.indexOf(0x0a, start);
    if (end === -1) end = ndjson.length;
    let a = start;
    let b = end;
    while (a < b && isSpace(ndjson[a]!)) a++;
    while (b > a && isSpace(ndjson[b - 1]!)) b--;
    if (b > a) {
      if (used > 0) {
        out[used++] = 0x2c;
        out[used++] = 0x0a;
      }
      used += ndjson.copy(out, used, a, b);
    }
    start = end + 1;
  }
  return out.subarray(0, used);
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}
