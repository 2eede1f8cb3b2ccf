// Decoding a Logs Ingestion request body: Content-Encoding (the JS SDK always gzips; Fluent Bit
// and Logstash only when configured), then one JSON.parse. gunzipSync is used on purpose: for
// 1 MB bodies it measured faster than the async zlib API (spec/performance-notes.md).
import { gunzipSync, inflateSync } from 'node:zlib';
import { logsIngestionError } from '../errors/logs-ingestion.js';

export interface DecodeLimits {
  /** Decompressed size cap. */
  maxDecompressedBytes: number;
}

/** The body's bytes after Content-Encoding; throws the wire error to answer with. */
export function decodeContent(body: Buffer, encodingHeader: string | string[] | undefined, limits: DecodeLimits): Buffer {
  const encoding = (Array.isArray(encodingHeader) ? encodingHeader.join(',') : encodingHeader ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  const opts = { maxOutputLength: limits.maxDecompressedBytes };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body, opts);
    if (encoding === 'deflate') return inflateSync(body, opts);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw logsIngestionError('DecompressedLengthLimitExceeded', { limit: limits.maxDecompressedBytes });
    }
    throw logsIngestionError('InvalidPayload', { detail: `The request body is not valid ${encoding} data: ${(e as Error).message}` });
  }
  throw logsIngestionError('UnsupportedContentEncoding', { encoding });
}

/** Parses the decoded body as JSON; throws InvalidPayload with the parser's position on failure. */
export function parseJsonBody(bytes: Buffer): unknown {
  // A UTF-8 byte order mark is tolerated (some Windows senders write one).
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = bytes.toString('utf8', start);
  if (text.trim().length === 0) throw logsIngestionError('InvalidPayload', { detail: 'The request body is empty; send a JSON array of records.' });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw logsIngestionError('InvalidPayload', { detail: `The request body is not valid JSON: ${(e as Error).message}` });
  }
}
