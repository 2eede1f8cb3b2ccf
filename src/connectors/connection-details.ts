// The connection details a deployed push connector shows (spec §10, seed 002 "Enable the data
// connector"): the six values under their `fillWith` names, the page's CopyableLabel rows filled in,
// and the example configuration of the page's Markdown with its `<…>` placeholders replaced.
import { prop } from '../workspace/validation/read.js';
import type { Instruction } from './ui-config.js';

/** The six values, named as the connector page's `fillWith` entries name them. */
export interface PushConnectionDetails {
  TenantId: string;
  ApplicationId: string;
  /** Shown once: null when the deployment kept an existing secret (redeploy without rotation). */
  ApplicationSecret: string | null;
  DataCollectionEndpoint: string;
  DataCollectionRuleId: string;
  StreamName: string;
}

export type FillWith = keyof PushConnectionDetails;

export interface LabelRow {
  label: string;
  /** The `fillWith` name, or undefined for a fixed `value` label. */
  fillWith?: string;
  value: string | null;
}

export interface ExampleConfiguration {
  /** The Markdown with its placeholders filled. */
  markdown: string;
  /** The JSON block of that Markdown, parsed, when it is JSON. */
  json?: unknown;
}

const FILL_NAMES: readonly FillWith[] = ['TenantId', 'ApplicationId', 'ApplicationSecret', 'DataCollectionEndpoint', 'DataCollectionRuleId', 'StreamName'];

/** `fillWith` is matched case-insensitively (spec §11.7). */
export function fillValue(details: PushConnectionDetails, name: string): string | null | undefined {
  const key = FILL_NAMES.find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : details[key];
}

/**
 * Which value a `<placeholder>` of an example configuration stands for, read from its words: the
 * seed writes `<Tenant ID>`, `<Application ID>`, `<Application Secret>`, `<Data Collection Endpoint
 * Uri>`, `<Data Collection Rule Immutable ID>`; its code sample `<Your-Tenant-ID>`, `<Your-DCE-URI>`, ….
 */
export function placeholderMeaning(text: string): FillWith | undefined {
  const t = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  const has = (...words: string[]): boolean => words.some((w) => new RegExp(`\\b${w}\\b`).test(t));
  if (has('secret', 'password')) return 'ApplicationSecret';
  if (has('tenant', 'directory')) return 'TenantId';
  if (has('stream')) return 'StreamName';
  if (has('rule', 'dcr', 'immutable')) return 'DataCollectionRuleId';
  if (has('endpoint', 'dce', 'uri', 'url')) return 'DataCollectionEndpoint';
  if (has('application', 'client', 'app')) return 'ApplicationId';
  return undefined;
}

export function labelRows(instructions: readonly Instruction[], details: PushConnectionDetails): LabelRow[] {
  const rows: LabelRow[] = [];
  for (const i of instructions) {
    if (i.type.toLowerCase() !== 'copyablelabel') continue;
    const label = String(prop(i.parameters, 'label') ?? '');
    const fill = prop(i.parameters, 'fillWith');
    const first = Array.isArray(fill) && typeof fill[0] === 'string' ? fill[0] : undefined;
    if (first !== undefined) {
      const v = fillValue(details, first);
      rows.push({ label, fillWith: first, value: v === undefined ? null : v });
    } else {
      const v = prop(i.parameters, 'value');
      rows.push({ label, value: typeof v === 'string' ? v : null });
    }
  }
  return rows;
}

/** Fills `<…>` placeholders whose words name one of the six values; others are left as written. */
export function fillPlaceholders(text: string, details: PushConnectionDetails): { text: string; filled: number } {
  let filled = 0;
  const out = text.replace(/<([^<>\n]{2,80})>/g, (whole, inner: string) => {
    const meaning = placeholderMeaning(inner);
    const v = meaning ? details[meaning] : undefined;
    if (v === undefined || v === null) return whole;
    filled++;
    return v;
  });
  return { text: out, filled };
}

/** The first balanced `{…}` block of a text, parsed as JSON, if it is JSON. */
function jsonBlock(text: string): unknown {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      try {
        return JSON.parse(text.slice(start, i + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The page's example configuration: the first Markdown instruction with placeholders Vigil can fill. */
export function exampleConfiguration(instructions: readonly Instruction[], details: PushConnectionDetails): ExampleConfiguration | undefined {
  for (const i of instructions) {
    if (i.type.toLowerCase() !== 'markdown') continue;
    const content = prop(i.parameters, 'content');
    if (typeof content !== 'string') continue;
    const { text, filled } = fillPlaceholders(content, details);
    if (filled === 0) continue;
    const json = jsonBlock(text);
    return json === undefined ? { markdown: text } : { markdown: text, json };
  }
  return undefined;
}

/**
 * A ready-to-paste sender for a shell (spec §10 "ready-to-paste configs"): the token request and the
 * upload of the push guide (seed 002), with this server as the authority host and the DCE. The secret
 * is filled only when it is shown.
 */
export function curlSnippet(details: PushConnectionDetails, authorityHost: string): string {
  const secret = details.ApplicationSecret ?? '<client secret>';
  return [
    `TOKEN=$(curl -s --cacert "$CA" -X POST '${authorityHost}/${details.TenantId}/oauth2/v2.0/token' \\`,
    `  -d client_id='${details.ApplicationId}' -d client_secret='${secret}' \\`,
    `  -d grant_type=client_credentials -d scope='https://monitor.azure.com//.default' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `curl -s --cacert "$CA" -X POST '${details.DataCollectionEndpoint}/dataCollectionRules/${details.DataCollectionRuleId}/streams/${details.StreamName}?api-version=2023-01-01' \\`,
    `  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '[{ … one record of the stream … }]'`,
  ].join('\n');
}
