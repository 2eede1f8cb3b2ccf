// The Data Collector error table against spec/azure-wire-contracts.md §5.3: capitalised keys, the
// documented HTTP status of each code, and Retry-After on 503.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA_COLLECTOR_ERRORS, dataCollectorError, type DataCollectorErrorName } from '../../../src/surfaces/errors/data-collector.js';

const DOCUMENTED: Record<string, number> = {
  InactiveCustomer: 400, InvalidApiVersion: 400, InvalidCustomerId: 400, InvalidDataFormat: 400, InvalidLogType: 400,
  MissingApiVersion: 400, MissingContentType: 400, MissingLogType: 400, UnsupportedContentType: 400,
  InvalidAuthorization: 403, UnspecifiedError: 500, ServiceUnavailable: 503,
};

test('every entry answers {"Error","Message"} with the status documented for its Error code', () => {
  for (const name of Object.keys(DATA_COLLECTOR_ERRORS) as DataCollectorErrorName[]) {
    const e = dataCollectorError(name, { workspaceId: 'w', apiVersion: 'v', customerId: 'c', detail: 'd', logType: 'l', contentType: 't', recordIndex: 0, property: 'p', date: 'x', skewSeconds: 900, authWorkspace: 'a', limit: 1 });
    const body = e.body as { Error: string; Message: string };
    assert.deepEqual(Object.keys(body), ['Error', 'Message'], name);
    assert.doesNotMatch(body.Message, /\{\w+\}/, `${name}: every placeholder is filled`);
    if (body.Error in DOCUMENTED) assert.equal(e.status, DOCUMENTED[body.Error], name);
  }
  assert.equal(dataCollectorError('RequestTooLarge', { limit: 1 }).status, 404, 'too large: 404 as documented');
  assert.equal(dataCollectorError('ServiceUnavailable').headers['retry-after'], '5');
  // Overload is the documented 503 ServiceUnavailable, with the wait the caller chooses.
  const overloaded = dataCollectorError('Overloaded', { detail: 'behind.' }, { retryAfterSeconds: 10 });
  assert.equal(overloaded.status, 503);
  assert.equal((overloaded.body as { Error: string }).Error, 'ServiceUnavailable');
  assert.equal(overloaded.headers['retry-after'], '10');
  for (const name of ['InvalidSignature', 'MissingAuthorization', 'InvalidScheme'] as const) assert.equal((dataCollectorError(name).body as { Error: string }).Error, 'InvalidAuthorization');
});
