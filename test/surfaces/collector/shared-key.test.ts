// SharedKey verification against vectors computed independently (Python's hmac/base64 over the
// documented string to sign, spec/azure-wire-contracts.md §5.2) — not by Vigil's own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthorization, signatureMatches, stringToSign, parseRfc1123 } from '../../../src/surfaces/collector/index.js';

// 64 key bytes whose base64 form is full of '+' and '/'.
const KEY = '+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/AQ==';
const OTHER_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==';
const DATE = 'Mon, 04 Apr 2016 08:00:00 GMT';
const V = {
  /** length 2, application/json */
  bare: 'ZzrwH2V4iGNA+YudMdgKJa7pDhZ4S/JEZT3Gnk0/3NU=',
  /** length 2, application/json; charset=utf-8 */
  withCharset: 'vD5RQElyOwQmQcI8dNa6bkreaF0TVT5G+idaBh8Kun0=',
  /** the 18-byte body [{"name":"café"}] (17 characters), application/json */
  utf8Body: 'SjAuayqM9jioCtWteyN2pVFIqMBQgMU07L6aw6Hiis4=',
  /** length 2, 'application/json  ' (two trailing spaces, as a client might sign an untrimmed value); openssl dgst -hmac */
  trailingSpaces: 't4MSTk0QJJGgvbW2Sj44bYbeCrI5HxOrnodquO9q7bQ=',
  /** length 2, ' application/json' (a leading space); openssl dgst -hmac */
  leadingSpace: 'rm8rgarsP/LDWWKzUzrKs/Fqj+ajVVDgi2YDRQG9Kt8=',
  /** OTHER_KEY, length 0, no content type, Tue, 01 Jan 2030 00:00:00 GMT */
  empty: '2tfYxCIHRkmvsYUtFuRYuMw9ejFDQ226Bsh7TeaR25U=',
};

const check = (signature: string, o: Partial<Parameters<typeof signatureMatches>[0]> = {}): boolean => signatureMatches({
  signature, keys: [KEY], contentLength: 2, contentType: 'application/json', xMsDate: DATE, loose: false, ...o,
});

test('the string to sign is the five documented lines without a trailing newline', () => {
  assert.equal(stringToSign(2, 'application/json', DATE), 'POST\n2\napplication/json\nx-ms-date:Mon, 04 Apr 2016 08:00:00 GMT\n/api/logs');
});

test('independent vectors verify; a key with + and / decodes as standard base64', () => {
  assert.equal(check(V.bare), true);
  assert.equal(check(V.withCharset, { contentType: 'application/json; charset=utf-8' }), true);
  assert.equal(check(V.utf8Body, { contentLength: 18 }), true);
  assert.equal(signatureMatches({ signature: V.empty, keys: [OTHER_KEY], contentLength: 0, contentType: '', xMsDate: 'Tue, 01 Jan 2030 00:00:00 GMT', loose: false }), true);
});

test('the length is the byte length of the body, not its character count', () => {
  assert.equal(check(V.utf8Body, { contentLength: 17 }), false);
});

test('content type verbatim (strict) versus the bare media type (loose)', () => {
  // Signed over application/json, sent with a charset: Azure rejects it (azure-docs #114105).
  assert.equal(check(V.bare, { contentType: 'application/json; charset=utf-8' }), false);
  assert.equal(check(V.bare, { contentType: 'application/json; charset=utf-8', loose: true }), true);
  assert.equal(check(V.bare, { contentType: 'Application/JSON', loose: true }), true);
  // Loose mode still needs the right key and date.
  assert.equal(check(V.bare, { contentType: 'application/json; charset=utf-8', loose: true, xMsDate: 'Mon, 04 Apr 2016 08:00:01 GMT' }), false);
  // A signature over the verbatim type works in both modes.
  assert.equal(check(V.withCharset, { contentType: 'application/json; charset=utf-8', loose: true }), true);
});

test('content type trimmed or verbatim: the string to sign holds the value exactly; whitespace is not ignored', () => {
  // HTTP drops the whitespace around a field value before the server sees it (RFC 9110 §5.5), so a
  // received content type is already trimmed; a signature over an untrimmed value does not verify.
  assert.equal(check(V.trailingSpaces, { contentType: 'application/json  ' }), true, 'the vector is over the untrimmed value');
  assert.equal(check(V.trailingSpaces), false);
  assert.equal(check(V.leadingSpace, { contentType: ' application/json' }), true);
  assert.equal(check(V.leadingSpace), false);
  assert.equal(check(V.bare, { contentType: ' application/json' }), false, 'Vigil does not trim for the client: it signs what it received');
  // Loose mode accepts the bare media type, not an arbitrary respelling of it.
  assert.equal(check(V.trailingSpaces, { loose: true }), false);
});

test('either key of the workspace verifies; another key does not', () => {
  assert.equal(check(V.bare, { keys: [OTHER_KEY, KEY] }), true);
  assert.equal(check(V.bare, { keys: [OTHER_KEY] }), false);
});

test('Authorization parsing: scheme, workspace id, and a trimmed signature (Logstash appends \\n)', () => {
  assert.deepEqual(parseAuthorization(`SharedKey 11111111-2222-3333-4444-555555555555:${V.bare}\n`), { ok: true, workspaceId: '11111111-2222-3333-4444-555555555555', signature: V.bare });
  const parsed = parseAuthorization(`SharedKey ws:${V.bare}\n`);
  assert.ok(parsed.ok && check(parsed.signature));
  assert.deepEqual(parseAuthorization(undefined), { ok: false, reason: 'missing' });
  assert.deepEqual(parseAuthorization(`Bearer abc`), { ok: false, reason: 'scheme' });
  assert.deepEqual(parseAuthorization(`SharedKey nocolon`), { ok: false, reason: 'malformed' });
  assert.equal(check('not base64!'), false);
});

test('x-ms-date must be RFC 1123', () => {
  assert.equal(parseRfc1123(DATE), Date.UTC(2016, 3, 4, 8, 0, 0));
  assert.equal(parseRfc1123('2016-04-04T08:00:00Z'), null);
  assert.equal(parseRfc1123('Mon, 04 Apr 2016 08:00:00 PST'), null);
});
