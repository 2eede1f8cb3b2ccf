// The tolerant fallback of a segment whose load was split at a row-group end (row-group-split.ts):
// salvage-rows.ts reads whole files, so it is given only what the split's first part did not load.
import { open, writeFile } from 'node:fs/promises';

/**
 * What of the journal table file `path` (a closed JSON array) remains to load when its first
 * `loaded` rows are in: the file itself when none are; otherwise a copy `<path>.rest` holding `[`
 * and the bytes after the `loaded`-th element; null when no element follows. For the tolerant
 * fallback only (salvage-rows.ts reads whole files, so it gets the rest alone): it scans the JSON in
 * JavaScript, byte by byte. Exact because the first part loaded those elements strictly, so they are
 * JSON as DuckDB reads it: an element ends at the first comma outside strings at depth 1 (DuckDB's
 * leniencies — NaN, trailing commas inside objects — do not move it).
 */
export async function unloadedPart(path: string, loaded: number): Promise<string | null> {
  if (loaded <= 0) return path;
  const fh = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let depth = 0;
    let inString = false;
    let escaped = false;
    let elements = 0;
    for (let pos = 0; ; ) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) return null;
      for (let i = 0; i < bytesRead; i++) {
        const b = chunk[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c) escaped = true; // backslash
          else if (b === 0x22) inString = false;
        } else if (b === 0x22) inString = true;
        else if (b === 0x5b || b === 0x7b) depth++; // [ {
        else if (b === 0x5d || b === 0x7d) depth--; // ] }
        else if (b === 0x2c && depth === 1 && ++elements === loaded) {
          const restStart = pos + i + 1;
          const size = (await fh.stat()).size;
          const rest = Buffer.allocUnsafe(1 + size - restStart);
          rest[0] = 0x5b;
          const { bytesRead: n } = await fh.read(rest, 1, size - restStart, restStart);
          const restPath = `${path}.rest`;
          await writeFile(restPath, rest.subarray(0, 1 + n));
          return restPath;
        }
      }
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
}
