// The fallback after a journal file failed to load: rewrite it as NDJSON of the rows that are JSON
// objects, as JavaScript reads them, and set the others aside. A load fails on data that passed the
// pipeline only in corner cases where DuckDB's JSON reader and JSON.parse disagree (an object with a
// duplicate key: DuckDB refuses it, JSON.parse keeps the last value, which is the one the pipeline
// checked), or when a direct caller of `append` wrote a row that is not JSON.
//
// First the whole file is parsed as the JSON array it is; if that fails, line by line: the journal
// only puts line breaks between rows (json-elements.ts), so one bad row costs its line only.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface SalvagedFile {
  /**
   * The NDJSON copy to load instead (`<path>.salvaged`). The rows set aside are counted by the load
   * (rows in the file minus rows loaded), so no count is kept here.
   */
  path: string;
}

export async function salvageRows(path: string, rejectedDir: string): Promise<SalvagedFile> {
  const text = await readFile(path, 'utf8');
  const good: string[] = [];
  const bad: string[] = [];
  const take = (v: unknown, source: () => string) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) good.push(JSON.stringify(v));
    else bad.push(source());
  };
  const whole = tryParse(text);
  if (Array.isArray(whole)) {
    for (const v of whole) take(v, () => JSON.stringify(v));
  } else {
    const lines = text.split('\n');
    let last = lines.length - 1;
    while (last >= 0 && lines[last]!.trim() === '') last--;
    for (let i = 0; i <= last; i++) {
      let line = lines[i]!.trim();
      if (line === '') continue;
      if (i === 0 && line.startsWith('[')) line = line.slice(1);
      if (i === last && line.endsWith(']')) line = line.slice(0, -1);
      else if (line.endsWith(',')) line = line.slice(0, -1);
      const rows = tryParse(`[${line}]`);
      if (Array.isArray(rows)) for (const v of rows) take(v, () => JSON.stringify(v));
      else if (line.trim() !== '') bad.push(line);
    }
  }
  if (bad.length > 0) {
    await mkdir(rejectedDir, { recursive: true });
    await writeFile(join(rejectedDir, basename(path)), bad.join('\n') + '\n', { flag: 'a' });
  }
  const salvaged = `${path}.salvaged`;
  await writeFile(salvaged, good.length > 0 ? good.join('\n') + '\n' : '');
  return { path: salvaged };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
