// Reading a resource file (a solution's table.json / DCR.json) for `create --file`.
import { readFile } from 'node:fs/promises';
import { CliError } from './client.js';

export async function readResourceFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${path} must hold one resource object`);
  return value as Record<string, unknown>;
}

/**
 * The resource name: `--name`, else the file's `name` (for a table also `properties.schema.name`).
 * A template expression as the name cannot be used as it is.
 */
export function resourceName(file: Record<string, unknown>, path: string, override: string | undefined, kind: 'table' | 'dcr'): string {
  if (override) return override;
  const props = file.properties as Record<string, unknown> | undefined;
  const schema = props?.schema as Record<string, unknown> | undefined;
  const candidates = [file.name, kind === 'table' ? schema?.name : undefined];
  const name = candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
  if (!name) throw new CliError(`${path} has no name; pass --name`);
  if (name.trim().startsWith('[') || name.includes('{{')) throw new CliError(`${path} names the resource with a template expression (${name}); pass --name`);
  return name;
}
