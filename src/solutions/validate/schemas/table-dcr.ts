// Schemas of the table (spec §2) and DCR (spec §3) resources as they appear in solution folders.
import { anyJson, arr, bool, nonEmpty, nullable, obj, oneOfValues, str, type Schema } from './builders.js';

/** Column types a custom table accepts (spec §2; fixtures spell `boolean` as well as `bool`). */
export const TABLE_COLUMN_TYPES = ['string', 'int', 'long', 'real', 'bool', 'boolean', 'datetime', 'dynamic', 'guid'];

/** Column types a DCR stream declaration accepts (spec §3: `boolean`, not `bool`; no guid). */
export const STREAM_COLUMN_TYPES = ['string', 'int', 'long', 'real', 'boolean', 'datetime', 'dynamic'];

const common = {
  type: nonEmpty(),
  name: nonEmpty(),
  apiVersion: str(),
  location: str(),
  kind: nullable(str()),
  tags: { type: 'object' },
};

export const tableSchema: Schema = obj(
  {
    ...common,
    properties: obj(
      {
        plan: oneOfValues('Analytics', 'Basic', 'Auxiliary'),
        retentionInDays: anyJson(),
        totalRetentionInDays: anyJson(),
        schema: obj(
          {
            name: nonEmpty(),
            description: str(),
            columns: arr(
              obj(
                {
                  name: nonEmpty(),
                  type: oneOfValues(...TABLE_COLUMN_TYPES),
                  description: str(),
                  isDefaultDisplay: bool(),
                  isHidden: bool(),
                },
                ['name', 'type'],
              ),
              { minItems: 1 },
            ),
          },
          ['name', 'columns'],
        ),
      },
      ['schema'],
    ),
  },
  ['type', 'name', 'properties'],
);

export const dcrSchema: Schema = obj(
  {
    ...common,
    properties: obj(
      {
        dataCollectionEndpointId: str(),
        streamDeclarations: {
          type: 'object',
          minProperties: 1,
          additionalProperties: obj(
            {
              columns: arr(obj({ name: nonEmpty(), type: oneOfValues(...STREAM_COLUMN_TYPES) }, ['name', 'type']), {
                minItems: 1,
              }),
            },
            ['columns'],
          ),
        },
        destinations: obj(
          {
            logAnalytics: arr(obj({ workspaceResourceId: str(), name: nonEmpty() }, ['name']), { minItems: 1 }),
          },
          ['logAnalytics'],
        ),
        dataFlows: arr(
          obj(
            {
              streams: arr(nonEmpty(), { minItems: 1 }),
              destinations: arr(nonEmpty(), { minItems: 1 }),
              transformKql: str(),
              outputStream: nonEmpty(),
            },
            ['streams', 'destinations'],
          ),
          { minItems: 1 },
        ),
      },
      ['streamDeclarations', 'destinations', 'dataFlows'],
    ),
  },
  ['type', 'name', 'properties'],
);
