// `vigil connector list|status|show|deploy|disconnect|query`: the Data connectors page on the command
// line. `deploy` is the "Deploy push connector" button: from an installed connector (or a solution
// folder, which is packaged and deployed first) it provisions table, DCR, app + secret, role and the
// Push data connector, and prints the connection details the way the connector page lists them.
// `status` shows how the status was decided — each criterion's query and its result — next to the
// pipeline's per-hop counters, so "not connected while data flows" can be diagnosed.
import { statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { connect, CliError, type VigilClient } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { deployment, deploymentsPath } from '../deployment.js';
import { emit, run, table } from '../output.js';
import { describeDeployment } from './deploy.js';
import type { ConnectorStatus, DisconnectResult, GraphSeries, HopCounters, PushDeployResult, SampleQueryRun, UiConfigView } from '../../connectors/index.js';

type StatusWithDefinition = ConnectorStatus & {
  definition: Pick<UiConfigView, 'descriptionMarkdown' | 'graphQueries' | 'dataTypes' | 'sampleQueries' | 'instructions'> & { connectivityCriteria: UiConfigView['criteria'] };
};

const enc = encodeURIComponent;
const indent = (text: string, by = '      '): string => text.split('\n').map((l) => by + l).join('\n');

function sparkline(points: { count: number }[]): string {
  const blocks = '▁▂▃▄▅▆▇█';
  const max = Math.max(0, ...points.map((p) => p.count));
  return points.map((p) => (max === 0 || p.count === 0 ? '·' : blocks[Math.min(7, Math.floor((p.count / max) * 7.999))])).join('');
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Rows as an aligned text table (at most `limit` rows). */
export function rowsTable(columns: { name: string }[], rows: unknown[][], limit = 50): string {
  const shown = rows.slice(0, limit).map((r) => r.map((v) => cell(v).replace(/\s+/g, ' ').slice(0, 60)));
  const head = columns.map((c) => c.name);
  const w = head.map((h, i) => Math.max(h.length, ...shown.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (c ?? '').padEnd(w[i])).join('  ').trimEnd();
  return [line(head), ...shown.map(line), ...(rows.length > limit ? [`… ${rows.length - limit} more row(s)`] : [])].join('\n');
}

/** A query result under its query: one short row inline (`→ IsConnected = true`), more as a table. */
function resultText(columns: { name: string }[], rows: unknown[][]): string {
  if (rows.length === 0) return '      → no rows';
  if (rows.length === 1 && columns.length <= 3) return `      → ${columns.map((c, i) => `${c.name} = ${cell(rows[0][i]) || 'null'}`).join(', ')}`;
  return indent(rowsTable(columns, rows, 5), '        ');
}

function hopsText(h: HopCounters): string {
  if (h.streams.length === 0) return '  nothing received since the server started';
  const lines: string[] = [];
  const fmt = (r: Record<string, number>): string => Object.entries(r).map(([k, n]) => `${k} ×${n}`).join(', ');
  for (const s of h.streams) {
    const dropped = Object.values(s.droppedFields).reduce((a, b) => a + b, 0);
    const refused = Object.values(s.rejectedRequests).reduce((a, b) => a + b, 0);
    lines.push(`  ${s.stream} (${s.dcrName}): received ${s.received} in ${s.requests} request(s), refused requests ${refused}${refused ? ` (${fmt(s.rejectedRequests)})` : ''}, dropped fields ${dropped}${dropped ? ` (${fmt(s.droppedFields)})` : ''}`);
    for (const f of s.flows) {
      const dl = Object.values(f.deadLettered).reduce((a, b) => a + b, 0);
      lines.push(`    → ${f.outputTable}: stored ${f.stored}, filtered ${f.filtered}, dead letters ${dl}${dl ? ` (${fmt(f.deadLettered)})` : ''}`);
    }
  }
  const t = h.totals;
  lines.push(`  total: received ${t.received}, refused requests ${t.rejectedRequests}, dropped fields ${t.droppedFields}, filtered ${t.filtered}, dead letters ${t.deadLettered}, stored ${t.stored}`);
  return lines.join('\n');
}

function graphText(series: GraphSeries[]): string {
  return series.map((g) => {
    const total = g.points.reduce((a, p) => a + p.count, 0);
    const first = g.points[0]?.time.slice(0, g.granularity === 'daily' ? 10 : 13) ?? '';
    return `  ${g.legend || g.metricName}  ${sparkline(g.points)}  ${total} in ${g.granularity === 'daily' ? 'the last 14 days' : 'the last 24 hours'} (from ${first})${g.error ? `  [query failed: ${g.error.message}]` : ''}`;
  }).join('\n');
}

export function statusText(s: ConnectorStatus): string {
  const out: string[] = [];
  out.push(`${s.title || s.id}  [${s.id}]  ${s.status}`);
  out.push(`Last data received: ${s.lastDataReceived ?? 'never'}`);
  out.push('');
  out.push(`Connectivity (${s.criteria.length > 1 ? (s.matchSome ? 'any criterion suffices' : 'every criterion must hold') : 'one criterion'}):`);
  if (s.criteria.length === 0) out.push('  (the connector declares no connectivity criteria, so it never shows Connected)');
  for (const c of s.criteria) {
    out.push(`  ${c.satisfied ? '✓' : '✗'} ${c.type}: ${c.explanation}`);
    for (const q of c.queries ?? []) {
      out.push(indent(q.query));
      if (!q.ok) out.push(`      → failed: ${q.error?.message}`);
      else out.push(resultText(q.columns ?? [], q.rows ?? []));
    }
  }
  out.push('');
  out.push('Data types:');
  for (const d of s.dataTypes) {
    out.push(`  ${d.name}: last data received ${d.lastDataReceived ?? 'never'}${d.outcome && !d.outcome.ok ? `  [query failed: ${d.outcome.error?.message}]` : ''}`);
  }
  out.push('');
  out.push('Data connectors:');
  if (s.dataConnectors.length === 0) out.push('  none deployed');
  for (const d of s.dataConnectors) {
    out.push(`  ${d.name} (${d.kind ?? '?'})${d.streamName ? `  stream ${d.streamName}` : ''}${d.dataCollectionRuleImmutableId ? ` → ${d.dataCollectionRuleImmutableId}` : ''}${d.appId ? `  app ${d.appId}` : ''}`);
  }
  if (s.hops) {
    out.push('');
    out.push('Pipeline (since the server started):');
    out.push(hopsText(s.hops));
  }
  if (s.graph && s.graph.length > 0) {
    out.push('');
    out.push('Data received:');
    out.push(graphText(s.graph));
  }
  return out.join('\n');
}

function showText(s: StatusWithDefinition): string {
  const d = s.definition;
  const out: string[] = [`${s.title}  [${s.id}]  by ${s.publisher}  — ${s.status}`, ''];
  out.push(d.descriptionMarkdown.trim(), '');
  out.push('Data types:');
  for (const t of d.dataTypes) out.push(`  ${t.name}`);
  out.push('', 'Sample queries (run with: vigil connector query <id> <number or description>):');
  d.sampleQueries.forEach((q, i) => {
    out.push(`  ${i + 1}. ${q.description}`);
    out.push(indent(q.query, '       '));
  });
  out.push('', 'Connectivity criteria:');
  for (const c of d.connectivityCriteria) {
    out.push(`  ${c.type}`);
    for (const q of c.queries) out.push(indent(q, '      '));
  }
  const steps = d.instructions.filter((i) => ['deploypushconnectorbutton', 'copyablelabel'].includes(i.type.toLowerCase()));
  if (steps.length > 0) {
    out.push('', 'Connection:');
    for (const i of steps) {
      const p = i.parameters as Record<string, unknown>;
      if (i.type.toLowerCase() === 'deploypushconnectorbutton') out.push(`  [${String(p.label ?? 'Deploy')}]  → vigil connector deploy ${s.id}`);
      else out.push(`  ${String(p.label ?? '')}: ${typeof p.value === 'string' ? p.value : Array.isArray(p.fillWith) ? `<${String(p.fillWith[0])}>` : ''}`);
    }
  }
  out.push('', `Tables: ${s.tables.join(', ') || '(none yet)'}`);
  return out.join('\n');
}

function deployText(r: PushDeployResult): string {
  const d = r.details;
  const rows: [string, string][] = [
    ['Tenant ID', d.TenantId],
    ['Application (client) ID', d.ApplicationId],
    ['Client secret', d.ApplicationSecret !== null ? `${d.ApplicationSecret}   (shown once: it will not be visible again)` : `(not shown: ${r.secret.note ?? 'kept'})`],
    ['DCE URI', d.DataCollectionEndpoint],
    ['DCR immutable ID', d.DataCollectionRuleId],
    ['Stream name', d.StreamName],
  ];
  const made = Object.entries(r.created).filter(([, v]) => v).map(([k]) => k);
  const out = [
    `deployed push connector '${r.title}' [${r.connector}]${made.length ? ` — created: ${made.join(', ')}` : ' — nothing new (redeploy)'}`,
    table(rows),
    '',
    `Tables: ${r.resources.tables.join(', ')}   DCR: ${r.resources.dataCollectionRule.name}   app: '${r.resources.app.displayName}' (Monitoring Metrics Publisher on the DCR)`,
    `Send: POST ${d.DataCollectionEndpoint}/dataCollectionRules/${d.DataCollectionRuleId}/streams/${d.StreamName}?api-version=2023-01-01`,
  ];
  out.push('', 'With curl (CA = the CA certificate file, e.g. <data dir>/tls/ca.pem):', r.curl);
  if (r.exampleConfiguration) {
    out.push('', 'Example configuration:');
    out.push(r.exampleConfiguration.json !== undefined ? JSON.stringify(r.exampleConfiguration.json, null, 2) : r.exampleConfiguration.markdown);
  }
  return out.join('\n');
}

/** Packages a solution folder in memory and deploys the package; returns the Push connectors it brings. */
async function deployFolder(client: VigilClient, dir: string, json: boolean): Promise<string[]> {
  const { packageSolution, formatFindings } = await import('../../solutions/index.js');
  const pkg = await packageSolution(dir, { write: false });
  const errors = pkg.findings.filter((f) => f.severity === 'error');
  if (!pkg.ok || !pkg.mainTemplate || !pkg.summary) throw new CliError(`${dir} does not package:\n${formatFindings(errors)}`);
  const d = await deployment(client);
  const name = `solution-${pkg.summary.name}`;
  const res = await client.call('PUT', `${deploymentsPath(d, name)}?file=${enc(`${dir}/Package/mainTemplate.json`)}`, { properties: { mode: 'Incremental', template: pkg.mainTemplate, parameters: {} } });
  if (!json) process.stderr.write(`${describeDeployment(res, 'mainTemplate.json')}\n`);
  if (res.properties.provisioningState !== 'Succeeded') throw new CliError(`deploying ${dir} failed`);
  return pkg.summary.dataConnectors.filter((c) => c.kind.toLowerCase() === 'push').map((c) => c.id);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function connectorCommand(): Command {
  const cmd = new Command('connector').description('the data connectors of the workspace: status, deploy, disconnect');

  connectionOptions(cmd.command('list').description('every installed connector with its status and last data received'))
    .action(async (o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const list = (await client.call('GET', '/vigil/connectors')).value as ConnectorStatus[];
      emit(o, list, () => {
        if (list.length === 0) return 'no connectors installed (vigil content install <solution>, or vigil deploy <mainTemplate.json>)';
        const rows = list.map((s) => [s.id, s.status, s.lastDataReceived ?? '-', s.title]);
        const head = ['CONNECTOR', 'STATUS', 'LAST DATA RECEIVED', 'TITLE'];
        const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd()).join('\n');
      });
    }));

  connectionOptions(cmd.command('status').description('how the status was decided: criteria, queries and results, last data, pipeline counters, data received').argument('<connector>'))
    .addOption(new Option('--graph <granularity>', 'data received per day (daily, default) or per hour (hourly), or none').choices(['daily', 'hourly', 'none']).default('daily'))
    .action(async (id: string, o: CommonFlags & { graph: string }) => run(o, async () => {
      const client = await connect(o);
      const s = (await client.call('GET', `/vigil/connectors/${enc(id)}?graph=${enc(o.graph)}`)) as ConnectorStatus;
      emit(o, s, () => statusText(s));
    }));

  connectionOptions(cmd.command('show').description('the connector page: description, data types, sample queries, connection steps').argument('<connector>'))
    .action(async (id: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const s = (await client.call('GET', `/vigil/connectors/${enc(id)}?graph=none`)) as StatusWithDefinition;
      emit(o, s, () => showText(s));
    }));

  connectionOptions(cmd.command('deploy')
    .description('"Deploy push connector": table, DCR, app + secret, role and data connector; prints the connection details')
    .argument('<dirOrConnector>', 'an installed connector id, or a solution folder (packaged and deployed first)'))
    .option('--rotate-secret', 'issue a new client secret and retire the old one (a redeploy otherwise keeps it and does not show it)')
    .option('--definition <id>', 'with a solution folder: the connector to deploy when it has several')
    .action(async (target: string, o: CommonFlags & { rotateSecret?: boolean; definition?: string }) => run(o, async () => {
      const client = await connect(o);
      let ids = [target];
      if (isDirectory(target)) {
        const found = await deployFolder(client, target, o.json === true);
        ids = o.definition ? [o.definition] : found;
        if (ids.length === 0) throw new CliError(`${target} has no push connector`);
      }
      const results: PushDeployResult[] = [];
      for (const id of ids) results.push((await client.call('POST', `/vigil/connectors/${enc(id)}/deploy`, { rotateSecret: o.rotateSecret === true })) as PushDeployResult);
      // JSON: the six values under the seed's fillWith names (an array when a folder brought several connectors).
      const json = results.length === 1 ? results[0].details : results.map((r) => r.details);
      emit(o, json, () => results.map(deployText).join('\n\n'));
    }));

  connectionOptions(cmd.command('disconnect').description('remove the data connector, its app and role assignment; tables, DCR and data stay').argument('<connector>'))
    .action(async (id: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const r = (await client.call('POST', `/vigil/connectors/${enc(id)}/disconnect`, {})) as DisconnectResult;
      emit(o, r, () => `disconnected ${r.connector}: removed data connector(s) ${r.removedDataConnectors.join(', ') || 'none'}, app(s) ${r.removedApps.join(', ') || 'none'}; kept tables ${r.keptTables.join(', ') || 'none'} and their data`);
    }));

  connectionOptions(cmd.command('query').description('run one of the connector\'s sample queries').argument('<connector>').argument('<sample>', 'its number or description'))
    .action(async (id: string, sample: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const r = (await client.call('POST', `/vigil/connectors/${enc(id)}/query`, { sample })) as SampleQueryRun;
      if (!r.outcome.ok) process.exitCode = 1;
      emit(o, r, () => `${r.index}. ${r.description}\n${r.outcome.ok ? rowsTable(r.outcome.columns ?? [], r.outcome.rows ?? []) : `query failed: ${r.outcome.error?.message}`}`);
    }));
  return cmd;
}
