// Schemas of the data file `Data/Solution_<Name>.json` (spec §8.1) and `SolutionMetadata.json` (spec §8.2).
import { arr, bool, nonEmpty, obj, oneOfValues, str, type Schema } from './builders.js';

const pathList = arr(nonEmpty());

export const dataFileSchema: Schema = obj(
  {
    Name: nonEmpty(),
    Author: nonEmpty(),
    Logo: str(),
    Description: nonEmpty(),
    'Data Connectors': pathList,
    Parsers: pathList,
    Workbooks: pathList,
    'Analytic Rules': pathList,
    'Hunting Queries': pathList,
    Playbooks: pathList,
    SavedSearches: pathList,
    Watchlists: pathList,
    WorkbookDescription: { anyOf: [str(), arr(str())] },
    BasePath: str(),
    Version: nonEmpty(),
    Metadata: nonEmpty(),
    TemplateSpec: bool(),
    Is1PConnector: bool(),
    StaticDataConnectorIds: arr(str()),
  },
  ['Name', 'Author', 'Description', 'Version'],
);

const date = nonEmpty({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const metadataSchema: Schema = obj(
  {
    publisherId: nonEmpty(),
    offerId: nonEmpty(),
    firstPublishDate: date,
    lastPublishDate: date,
    providers: arr(nonEmpty(), { minItems: 1 }),
    categories: obj({ domains: arr(nonEmpty()), verticals: arr(nonEmpty()) }),
    // Support type per seed 003: Microsoft, Partner or Community supported.
    support: obj(
      { name: nonEmpty(), email: str(), tier: oneOfValues('Microsoft', 'Partner', 'Community'), link: str() },
      ['name', 'tier'],
    ),
  },
  ['publisherId', 'offerId', 'firstPublishDate', 'providers', 'support'],
);
