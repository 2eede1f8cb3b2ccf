// Rebuilds the input folder the reference Orca package (fixtures/…/Orca Security Alerts/Package/mainTemplate.json,
// packager v3.0.0) was generated from. The fixture folder lacks two listed files (X9) and its saved DCR is newer
// than the one in the package (X5), so those inputs are taken from the reference output itself:
// - Data Connectors/OrcaSecurityAlerts.json: the legacy connector embedded in resource 0 (id restored);
// - the DCR embedded in resource 3 replaces the saved DCR;
// - Workbooks/OrcaAlerts.json: the workbook's serializedData (resource 7);
// - Workbooks/WorkbooksMetadata.json: the workbook metadata, read from the values resource 7 prints.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempCopy, type TempSolution } from './temp-solution.js';

export const ORCA = '../shared/fixtures/azure-sentinel/Solutions/Orca Security Alerts';
export const ORCA_REFERENCE = JSON.parse(readFileSync(`${ORCA}/Package/mainTemplate.json`, 'utf8'));

export function orcaInput(): TempSolution {
  const t = tempCopy(ORCA, 'Orca Security Alerts');
  t.remove('Package');
  const ref = ORCA_REFERENCE;
  const legacy = structuredClone(ref.resources[0].properties.mainTemplate.resources[0].properties.connectorUiConfig);
  legacy.id = 'OrcaSecurityAlerts';
  t.write('Data Connectors/OrcaSecurityAlerts.json', JSON.stringify(legacy, null, 2));

  const embedded = structuredClone(ref.resources[3].properties.mainTemplate.resources[2]);
  const dcr = { name: embedded.name, apiVersion: '2021-09-01-preview', type: embedded.type, location: embedded.location, properties: embedded.properties };
  t.write('Data Connectors/OrcaSecurityAlertsCCF/OrcaSecurityAlerts_DCR.json', JSON.stringify(dcr, null, 2));

  const wb = ref.resources[7].properties.mainTemplate.resources[0];
  mkdirSync(join(t.dir, 'Workbooks'), { recursive: true });
  writeFileSync(join(t.dir, 'Workbooks/OrcaAlerts.json'), JSON.stringify(JSON.parse(wb.properties.serializedData), null, 2));
  writeFileSync(
    join(t.dir, 'Workbooks/WorkbooksMetadata.json'),
    JSON.stringify(
      [
        {
          workbookKey: 'OrcaAlertsOverviewWorkbook',
          logoFileName: 'Orca_logo.svg',
          description: wb.metadata.description,
          dataTypesDependencies: ['OrcaAlerts_CL'],
          dataConnectorsDependencies: ['OrcaSecurityAlerts'],
          previewImagesFileNames: [],
          version: '1.1.0',
          title: 'Orca alerts overview',
          templateRelativePath: 'OrcaAlerts.json',
          subtitle: '',
          provider: 'Orca Security',
        },
      ],
      null,
      2,
    ),
  );
  return t;
}
