// Schema of the data connector resource (spec §5): Push connections and RestApiPoller pollers.
import { anyJson, arr, int, nonEmpty, obj, oneOfValues, str, when, type Schema } from './builders.js';

/** Loose numbers: `PageSize: "1000"` is a string in SentinelOne (spec §5.2). */
const looseInt: Schema = { anyOf: [int({ minimum: 0 }), { type: 'string', pattern: '^[0-9]+$' }] };

export const dataConnectorSchema: Schema = {
  ...obj(
    {
      type: nonEmpty(),
      name: nonEmpty(),
      apiVersion: str(),
      location: str(),
      kind: nonEmpty(),
      properties: obj(
        {
          connectorDefinitionName: nonEmpty(),
          dataType: str(),
          dcrConfig: obj(
            {
              streamName: nonEmpty(),
              dataCollectionEndpoint: str(),
              dataCollectionRuleImmutableId: str(),
            },
            ['streamName'],
          ),
          auth: obj({ type: nonEmpty() }, ['type']),
          request: obj({
            apiEndpoint: str(),
            httpMethod: oneOfValues('GET', 'Get', 'get', 'POST', 'Post', 'post'),
            queryParameters: { type: 'object' },
            queryWindowInMin: looseInt,
            queryTimeFormat: str(),
            rateLimitQps: looseInt,
            retryCount: looseInt,
            timeoutInSeconds: looseInt,
            headers: { type: 'object' },
          }),
          response: obj({ eventsJsonPaths: arr(nonEmpty(), { minItems: 1 }), format: str(), isGzipCompressed: anyJson() }),
          paging: obj({ pagingType: nonEmpty(), pageSize: looseInt }),
        },
        ['connectorDefinitionName', 'dcrConfig', 'auth'],
      ),
    },
    ['type', 'name', 'kind', 'properties'],
  ),
  allOf: [
    when('kind', ['Push', 'push'], obj({ properties: obj({ auth: obj({ type: oneOfValues('Push', 'push') }) }) })),
    when(
      'kind',
      ['RestApiPoller', 'restapipoller'],
      obj({
        properties: obj(
          {
            request: obj({ apiEndpoint: nonEmpty() }, ['apiEndpoint']),
            response: obj({ eventsJsonPaths: arr(nonEmpty(), { minItems: 1 }) }, ['eventsJsonPaths']),
          },
          ['request', 'response'],
        ),
      }),
    ),
  ],
};
