// Each validator rule, one at a time: start from the push guide's Contoso walkthrough (which validates clean),
// break one thing, and expect exactly that rule at the place that was broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSolution } from '../../src/solutions/validate/index.js';
import { findingsToJson, formatFinding, type Finding } from '../../src/solutions/model/findings.js';
import { CCF, CONTOSO, tempCopy, type TempSolution } from './helpers/temp-solution.js';

function findings(dir: string): Finding[] {
  return validateSolution(dir).findings;
}
function notInfo(dir: string): Finding[] {
  return findings(dir).filter((f) => f.severity !== 'info');
}
function withTemp(fn: (t: TempSolution) => void): void {
  const t = tempCopy();
  try {
    fn(t);
  } finally {
    t.dispose();
  }
}

test('the push guide walkthrough (Contoso) validates clean', () => {
  const all = findings(CONTOSO);
  assert.deepEqual(all.filter((f) => f.severity !== 'info'), []);
  // The guide tells authors to set BasePath; Vigil ignores it and says so.
  assert.deepEqual(all.map((f) => f.code), ['SOL108']);
});

test('N1: whitespace in connectorUiConfig.id → SOL501 at the id', () =>
  withTemp((t) => {
    t.edit(`${CCF}/connectorDefinition.json`, (j) => {
      j.properties.connectorUiConfig.id = 'Contoso Push';
    });
    const f = notInfo(t.dir).filter((x) => x.code === 'SOL501');
    assert.equal(f.length, 1);
    assert.equal(f[0].pointer, '/properties/connectorUiConfig/id');
  }));

test('N3 and N4: stream without Custom- and outputStream without _CL', () =>
  withTemp((t) => {
    t.edit(`${CCF}/DCR.json`, (j) => {
      const decl = j.properties.streamDeclarations['Custom-ContosoSecurityAlerts'];
      j.properties.streamDeclarations = { ContosoAlerts: decl };
      j.properties.dataFlows[0].streams = ['ContosoAlerts'];
      j.properties.dataFlows[0].outputStream = 'Custom-ContosoSecurityAlerts';
    });
    const f = notInfo(t.dir);
    assert.deepEqual(
      f.filter((x) => x.code === 'SOL503').map((x) => x.pointer),
      ['/properties/streamDeclarations/ContosoAlerts'],
    );
    assert.deepEqual(
      f.filter((x) => x.code === 'SOL504').map((x) => x.pointer),
      ['/properties/dataFlows/0/outputStream'],
    );
    // The data connector still posts to the old stream name: that link breaks too.
    assert.equal(f.filter((x) => x.code === 'SOL302').length, 1);
  }));

test('N5 and N7: schema name mismatch, missing TimeGenerated, bad and reserved column names', () =>
  withTemp((t) => {
    t.edit(`${CCF}/table.json`, (j) => {
      j.properties.schema.name = 'Other_CL';
      j.properties.schema.columns[0] = { name: '1stColumn', type: 'string' };
      j.properties.schema.columns.push({ name: 'TenantId', type: 'string' });
    });
    const f = notInfo(t.dir);
    const n5 = f.filter((x) => x.code === 'SOL505').map((x) => x.pointer);
    assert.deepEqual(n5.sort(), ['/properties/schema/columns', '/properties/schema/name']);
    const n7 = f.filter((x) => x.code === 'SOL507').map((x) => [x.pointer, x.message]);
    assert.equal(n7.length, 2);
    assert.equal(n7[0][0], '/properties/schema/columns/0');
    assert.match(n7[1][1], /TenantId.*reserved/);
  }));

test('N11: a data connector kind the packager does not accept → SOL511', () =>
  withTemp((t) => {
    t.edit(`${CCF}/dataConnector.json`, (j) => {
      j.kind = 'WebSocket';
    });
    const f = notInfo(t.dir).filter((x) => x.code === 'SOL511');
    assert.equal(f.length, 1);
    assert.equal(f[0].pointer, '/kind');
  }));

test('N12: a RestApiPoller without ClientSecret for OAuth2 → SOL512', () =>
  withTemp((t) => {
    t.edit(`${CCF}/dataConnector.json`, (j) => {
      j.kind = 'RestApiPoller';
      j.properties.auth = { type: 'OAuth2', ClientId: '{{clientId}}' };
      j.properties.request = { apiEndpoint: 'https://example.com/alerts' };
    });
    const f = notInfo(t.dir);
    assert.deepEqual(
      f.filter((x) => x.code === 'SOL512').map((x) => x.pointer),
      ['/properties/auth/ClientSecret'],
    );
    // N10: the definition has a poller now but no ConnectionToggleButton.
    assert.equal(f.filter((x) => x.code === 'SOL510').length, 1);
  }));

test('keys are read case-insensitively and findings point at the keys as written', () =>
  withTemp((t) => {
    t.edit(`${CCF}/dataConnector.json`, (j) => {
      const p = j.properties;
      j.properties = {
        ConnectorDefinitionName: p.connectorDefinitionName,
        DcrConfig: { ...p.dcrConfig, StreamName: p.dcrConfig.streamName },
        Auth: p.auth,
      };
      delete j.properties.DcrConfig.streamName;
    });
    assert.deepEqual(notInfo(t.dir), [], 'links resolve through capitalised keys');
    t.edit(`${CCF}/dataConnector.json`, (j) => {
      j.properties.DcrConfig.StreamName = 42;
    });
    const f = notInfo(t.dir).filter((x) => x.code === 'SOL201');
    assert.equal(f.length, 1);
    assert.equal(f[0].pointer, '/properties/DcrConfig/StreamName');
    assert.match(f[0].message, /string/);
  }));

test('keys that differ only in case → SOL002; invalid JSON → SOL001 naming the file', () =>
  withTemp((t) => {
    t.edit(`${CCF}/dataConnector.json`, (j) => {
      j.properties.auth.appId = 'x';
    });
    const dup = findings(t.dir).filter((x) => x.code === 'SOL002');
    assert.equal(dup.length, 1);
    assert.equal(dup[0].pointer, '/properties/auth');
    t.write(`${CCF}/table.json`, '{ "name": ');
    const bad = findings(t.dir).filter((x) => x.code === 'SOL001');
    assert.equal(bad.length, 1);
    assert.equal(bad[0].file, `${CCF}/table.json`);
  }));

test('N13 and N14: summarize in a transform, a missing column, no TimeGenerated, extra output columns', () =>
  withTemp((t) => {
    t.edit(`${CCF}/DCR.json`, (j) => {
      j.properties.dataFlows[0].transformKql = 'source\n| summarize count() by EventType';
    });
    let f = notInfo(t.dir);
    const op = f.find((x) => x.code === 'SOL513' && x.severity === 'error');
    assert.ok(op, 'summarize is an error');
    assert.equal(op.pointer, '/properties/dataFlows/0/transformKql');
    assert.equal(op.line, 2);
    assert.equal(op.column, 3);

    t.edit(`${CCF}/DCR.json`, (j) => {
      j.properties.dataFlows[0].transformKql = 'source | project EventSeverity, Extra = 1';
    });
    f = notInfo(t.dir);
    const noTime = f.find((x) => x.code === 'SOL514' && x.severity === 'error');
    assert.ok(noTime && /TimeGenerated/.test(noTime.message));
    const extra = f.find((x) => x.code === 'SOL514' && x.severity === 'warning');
    assert.ok(extra && /Extra/.test(extra.message), 'Extra is not a table column');

    const kql = 'source | extend TimeGenerated = now(), Host = HostName';
    t.edit(`${CCF}/DCR.json`, (j) => {
      j.properties.dataFlows[0].transformKql = kql;
    });
    f = notInfo(t.dir);
    const missing = f.filter((x) => x.code === 'SOL514');
    assert.equal(missing.length, 1);
    assert.match(missing[0].message, /HostName/);
    assert.equal(missing[0].severity, 'warning');
    assert.equal(missing[0].column, kql.indexOf('HostName') + 1);
  }));

test('query findings carry line:column inside the query string', () =>
  withTemp((t) => {
    t.edit(`${CCF}/connectorDefinition.json`, (j) => {
      j.properties.connectorUiConfig.sampleQueries[1].query = 'ContosoSecurityAlerts_CL\n | where Severity == "High"';
    });
    const f = notInfo(t.dir).filter((x) => x.code === 'SOL403');
    assert.equal(f.length, 1);
    assert.equal(f[0].pointer, '/properties/connectorUiConfig/sampleQueries/1/query');
    assert.deepEqual([f[0].line, f[0].column], [2, 10]);
    assert.equal(
      formatFinding(f[0]).split(': error')[0],
      `${CCF}/connectorDefinition.json:/properties/connectorUiConfig/sampleQueries/1/query:2:10`,
    );
  }));

test('with the KQL step switched off (kql: false) KQL is skipped (SOL400) and only leading table names are checked', () =>
  withTemp((t) => {
    t.edit(`${CCF}/connectorDefinition.json`, (j) => {
      j.properties.connectorUiConfig.graphQueries[0].baseQuery = 'ContosoAlerts_CL';
    });
    const f = validateSolution(t.dir, { kql: false }).findings;
    assert.equal(f.filter((x) => x.code === 'SOL400').length, 1);
    assert.deepEqual(
      f.filter((x) => x.code === 'SOL402').map((x) => x.pointer),
      ['/properties/connectorUiConfig/graphQueries/0/baseQuery'],
    );
  }));

test('seed checklist: Name ≠ folder, metadata in Data/ instead of the root, ids disagreeing with the data file', () =>
  withTemp((t) => {
    t.edit('Data/Solution_ContosoSecurityAlerts.json', (j) => {
      j.Name = 'Contoso Security Alerts';
      j.publisherId = 'contoso-inc';
    });
    let f = notInfo(t.dir);
    assert.equal(f.filter((x) => x.code === 'SOL102').length, 1);
    const ids = f.filter((x) => x.code === 'SOL105');
    assert.equal(ids.length, 1);
    assert.equal(ids[0].pointer, '/publisherId');
    t.write('Data/SolutionMetadata.json', JSON.stringify({}));
    t.remove('SolutionMetadata.json');
    f = notInfo(t.dir);
    assert.equal(f.filter((x) => x.code === 'SOL113').length, 1);
    t.remove('Data/SolutionMetadata.json');
    f = notInfo(t.dir);
    assert.equal(f.filter((x) => x.code === 'SOL103').length, 1);
  }));

test('--format json carries counts and every finding field', () => {
  const out = JSON.parse(findingsToJson(findings(CONTOSO)));
  assert.deepEqual(Object.keys(out), ['errors', 'warnings', 'infos', 'findings']);
  assert.equal(out.infos, 1);
  assert.deepEqual(Object.keys(out.findings[0]).sort(), ['code', 'file', 'message', 'pointer', 'severity']);
});

test('legacy connector queries: an unknown column is a warning (Data Collector tables gain columns on ingestion)', () => {
  const t = tempCopy('src/content/Darktrace', 'Darktrace');
  try {
    t.edit('Data Connectors/DarktraceConnectorRESTAPI.json', (j) => {
      j.sampleQueries[0].query = j.sampleQueries[0].query.replace('modelName_s', 'modelNameX_s');
    });
    const f = findings(t.dir).filter((x) => x.code === 'SOL403');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.equal(f[0].pointer, '/sampleQueries/0/query');
    assert.deepEqual([f[0].line, f[0].column], [2, 9]);
  } finally {
    t.dispose();
  }
});

test('X19: a column declared twice is reported (SOL507); column types bool and boolean are both accepted', () =>
  withTemp((t) => {
    t.edit(`${CCF}/table.json`, (j) => {
      j.properties.schema.columns.push({ name: 'IsBlocked', type: 'bool' }, { name: 'IsAllowed', type: 'boolean' }, { name: 'UserName', type: 'string' });
    });
    const f = notInfo(t.dir);
    assert.deepEqual(
      f.map((x) => [x.code, x.pointer, x.message]),
      [['SOL507', '/properties/schema/columns/9', 'column "UserName" is declared twice']],
    );
  }));
