// Copies a solution folder into a temp dir so a test can change one thing and see exactly one rule fire.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CONTOSO = 'test/solutions/fixtures/contoso/ContosoSecurityAlerts';
export const CCF = 'Data Connectors/ContosoSecurityAlerts_ccf';

export interface TempSolution {
  dir: string;
  edit(rel: string, fn: (json: any) => any): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  write(rel: string, text: string): void;
  remove(rel: string): void;
  dispose(): void;
}

export function tempCopy(src: string = CONTOSO, folderName = 'ContosoSecurityAlerts'): TempSolution {
  const parent = mkdtempSync(join(tmpdir(), 'vigil-sol-'));
  const dir = join(parent, folderName);
  cpSync(src, dir, { recursive: true });
  return {
    dir,
    edit(rel, fn) {
      const p = join(dir, rel);
      const json = JSON.parse(readFileSync(p, 'utf8'));
      const next = fn(json);
      writeFileSync(p, JSON.stringify(next ?? json, null, 2));
    },
    write(rel, text) {
      writeFileSync(join(dir, rel), text);
    },
    remove(rel) {
      rmSync(join(dir, rel), { recursive: true, force: true });
    },
    dispose() {
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
