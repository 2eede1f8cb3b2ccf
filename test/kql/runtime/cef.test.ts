// Every referenceParse of fixtures/cef/expected.json must be reproduced (spec/syslog-cef.md §5.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCef, parseCefExtension } from '../../../src/kql/runtime/cef.js';

interface Case {
  input: string;
  note?: string;
  referenceParse: (Record<string, unknown> & { error?: string }) | null;
  testSuiteExpected?: Record<string, string> | null;
}
const fixture = JSON.parse(readFileSync('../shared/fixtures/cef/expected.json', 'utf8')) as {
  cases: Case[];
  multilineCases: { input: string; beats: unknown }[];
};

test('every referenceParse in fixtures/cef/expected.json is reproduced', () => {
  assert.equal(fixture.cases.length, 46);
  let checked = 0;
  for (const [i, c] of fixture.cases.entries()) {
    const got = parseCef(c.input);
    if (c.referenceParse === null || c.referenceParse.error) {
      assert.equal(got, null, `case ${i + 1}: not CEF (${c.referenceParse?.error})`);
    } else {
      assert.ok(got, `case ${i + 1} parses`);
      assert.deepEqual({ ...got, extensions: { ...got.extensions } }, c.referenceParse, `case ${i + 1}: ${c.note ?? ''}`);
    }
    checked++;
  }
  assert.equal(checked, 46);
});

test('samples.txt holds the same 46 inputs, one per line', () => {
  const lines = readFileSync('../shared/fixtures/cef/samples.txt', 'utf8').split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, fixture.cases.length);
  for (const [i, line] of lines.entries()) assert.equal(line, fixture.cases[i].input);
});

test('multi-line inputs: trailing white space of the last value is trimmed; TAB does not separate pairs', () => {
  const [crlf, tabs, tabNoSep] = fixture.multilineCases;
  assert.deepEqual({ ...parseCef(crlf.input)!.extensions }, crlf.beats);
  assert.deepEqual({ ...parseCef(tabs.input)!.extensions }, tabs.beats);
  assert.deepEqual({ ...parseCef(tabNoSep.input)!.extensions }, { spt: '1232', msg: 'Tab is not a separator\tsrc=127.0.0.1' });
});

test('bare extension text', () => {
  assert.deepEqual({ ...parseCefExtension('src=1.2.3.4 msg=hello world') }, { src: '1.2.3.4', msg: 'hello world' });
  assert.deepEqual({ ...parseCefExtension('') }, {});
});
