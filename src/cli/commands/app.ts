// `vigil app create|list|show|delete`: app registrations (client id + secret) for senders.
// `app create --dcr X` also assigns Monitoring Metrics Publisher on that DCR, so the printed
// credentials can send to it straight away (the CCF "Deploy push connector" outcome).
// `app create --role R` assigns a built-in role on the workspace — e.g. Log Analytics Reader, which
// LogsQueryClient needs — so that no one has to write an ARM role assignment by hand.
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { CliError, connect } from '../client.js';
import { connectionOptions, type CommonFlags } from '../common-options.js';
import { deployment, workspacePath } from '../deployment.js';
import { emit, run, table } from '../output.js';
import { findRole, ROLE_DEFINITIONS, type RoleDefinition } from '../../workspace/roles.js';
import { findDcr } from './dcr.js';

interface GraphApp {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalId: string;
  createdDateTime: string;
  passwordCredentials: { keyId: string; hint: string; endDateTime: string; displayName: string | null }[];
}

const MMP = '3913510d-42f4-4e42-8a64-420c390055eb';

export function appCommand(): Command {
  const cmd = new Command('app').description('app registrations (client credentials for senders)');

  connectionOptions(cmd.command('create').description('create an app with a client secret (shown once); --dcr also grants it Monitoring Metrics Publisher on that DCR, --role a role on the workspace'))
    .requiredOption('--name <name>', 'display name')
    .option('--dcr <nameOrImmutableId>', 'DCR the app may send to')
    .option('--role <role>', `built-in role to grant on the workspace (repeatable), e.g. "Log Analytics Reader" to query with LogsQueryClient; one of: ${ROLE_DEFINITIONS.map((r) => r.name).join(', ')}`, (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--secret-expires <date>', 'secret expiry (ISO date; default two years)')
    .action(async (o: CommonFlags & { name: string; dcr?: string; role?: string[]; secretExpires?: string }) => run(o, async () => {
      // Resolve the roles and the DCR first, so that a wrong name creates nothing.
      const roles = (o.role ?? []).map((r): RoleDefinition => {
        const found = findRole(r);
        if (!found) throw new CliError(`unknown role '${r}': use one of ${ROLE_DEFINITIONS.map((x) => `'${x.name}'`).join(', ')}`);
        return found;
      });
      const client = await connect(o);
      const d = await deployment(client);
      const dcr = o.dcr ? await findDcr(client, d, o.dcr) : undefined;
      const app = (await client.call('POST', '/v1.0/applications', { displayName: o.name })) as GraphApp;
      const pw = await client.call('POST', `/v1.0/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'vigil-cli', ...(o.secretExpires ? { endDateTime: o.secretExpires } : {}) } });
      let roleAssignmentId: string | undefined;
      if (dcr) {
        const ra = await client.call('PUT', `${dcr.id}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, {
          properties: { roleDefinitionId: `/subscriptions/${d.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${MMP}`, principalId: app.servicePrincipalId, principalType: 'ServicePrincipal' },
        });
        roleAssignmentId = ra.id;
      }
      const workspaceRoles: { role: string; scope: string; roleAssignmentId: string }[] = [];
      for (const role of roles) {
        const scope = workspacePath(d);
        const ra = await client.call('PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, {
          properties: { roleDefinitionId: `/subscriptions/${d.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`, principalId: app.servicePrincipalId, principalType: 'ServicePrincipal' },
        });
        workspaceRoles.push({ role: role.name, scope, roleAssignmentId: ra.id });
      }
      const out: Record<string, unknown> = {
        tenantId: d.tenantId,
        clientId: app.appId,
        clientSecret: pw.secretText,
        secretExpiresOn: pw.endDateTime,
        objectId: app.id,
        servicePrincipalId: app.servicePrincipalId,
        displayName: app.displayName,
        authorityHost: d.url,
        tokenEndpoint: `${d.url}/${d.tenantId}/oauth2/v2.0/token`,
      };
      if (dcr) {
        out.dcr = { name: dcr.name, immutableId: dcr.properties.immutableId, streams: Object.keys(dcr.properties.streamDeclarations) };
        out.dceUrl = d.url;
        out.roleAssignmentId = roleAssignmentId;
      }
      if (workspaceRoles.length > 0) out.workspaceRoles = workspaceRoles;
      emit(o, out, () => {
        const rows: [string, string][] = [
          ['Tenant ID', d.tenantId],
          ['Client ID', app.appId],
          ['Client secret', `${pw.secretText}   (shown once; expires ${pw.endDateTime})`],
          ['Token endpoint', `${d.url}/${d.tenantId}/oauth2/v2.0/token`],
        ];
        if (dcr) {
          rows.push(['DCE URL', d.url], ['DCR immutable ID', dcr.properties.immutableId], ['Streams', Object.keys(dcr.properties.streamDeclarations).join(', ')], ['Role', `Monitoring Metrics Publisher on ${dcr.name}`]);
        }
        for (const r of workspaceRoles) rows.push(['Role', `${r.role} on workspace ${d.workspaceName}`]);
        if (workspaceRoles.length > 0) rows.push(['Query endpoint', `${d.url}/v1   (workspace ID ${d.workspaceId})`]);
        return `created app '${app.displayName}'\n${table(rows)}`;
      });
    }));

  connectionOptions(cmd.command('list').description('list apps'))
    .action(async (o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const apps = (await client.call('GET', '/v1.0/applications')).value as GraphApp[];
      emit(o, apps, () => (apps.length === 0 ? 'no apps' : table(apps.map((a) => [a.displayName, `${a.appId}  ${a.passwordCredentials.length} secret(s)`]))));
    }));

  connectionOptions(cmd.command('show').description('show one app (by client id or object id)').argument('<id>'))
    .action(async (id: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      const a = (await client.call('GET', `/v1.0/applications/${encodeURIComponent(id)}`)) as GraphApp;
      emit(o, a, () => table([
        ['Name', a.displayName],
        ['Client ID', a.appId],
        ['Object ID', a.id],
        ['Service principal', a.servicePrincipalId],
        ...a.passwordCredentials.map((s): [string, string] => ['Secret', `${s.hint}…  key ${s.keyId}, expires ${s.endDateTime}`]),
      ]));
    }));

  connectionOptions(cmd.command('delete').description('delete an app, its secrets and role assignments').argument('<id>'))
    .action(async (id: string, o: CommonFlags) => run(o, async () => {
      const client = await connect(o);
      await client.call('DELETE', `/v1.0/applications/${encodeURIComponent(id)}`);
      emit(o, { deleted: id }, () => `deleted app ${id}`);
    }));
  return cmd;
}
