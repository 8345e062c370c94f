// No secret in an error message: every filter, lookup and access that fails on a value says what
// is wrong and the value's type, never the value (`bosun render`, as the repro). And
// from_json accepts exactly what Python's json.loads accepts (python3 is the oracle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBosun } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('bosun-secret-errors-');
const SECRET = 'TOPSECRET';

/** Expressions whose error must not show the value of `s`. */
const CASES: [string][] = [
  ['s | from_json'],
  ['(\'{"a": \' ~ s) | from_json'],
  ['s | to_datetime'],
  ["s | to_datetime('%Y')"],
  ["('2020' ~ s) | to_datetime('%Y')"],
  ['s | human_to_bytes'],
  ["('5 ' ~ s) | human_to_bytes"],
  ["('5 M' ~ s) | human_to_bytes"],
  ['s | hash(s)'],
  ['{}[s]'],
  ["{'a': 1}[s]"],
  ['[1][s]'],
  ['x[s]'],
  ['{}[s].y'],
  ['x | attr(s)'],
  ['{} | attr(s)'],
  ["lookup('file', s)"],
  ["lookup('template', s)"],
  ["lookup('vars', s)"],
  ["lookup('pipe', 'exit 3; ' ~ s)"],
];

for (const [expr] of CASES) {
  test(`an error of {{ ${expr} }} does not show the value`, () => {
    const tpl = path.join(dir, 's.j2');
    writeFileSync(tpl, `x: {{ ${expr} }}\n`);
    const r = runBosun(['render', tpl, '-e', JSON.stringify({ s: SECRET, x: 'a' })], { cwd: dir });
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /ERROR/);
    assert.doesNotMatch(r.stderr + r.stdout, /TOPSECRET|SECRET|TOPSEC/, r.stderr);
  });
}

// python3's verdict and value (json.dumps of json.loads), or null when it rejects the text.
function python(text: string): string | null {
  const r = spawnSync(
    'python3',
    ['-c', 'import json,sys; print(json.dumps(json.loads(sys.stdin.read())))'],
    { input: text, encoding: 'utf8' },
  );
  return r.status === 0 ? r.stdout.trim() : null;
}

const JSON_INPUTS = [
  'True',
  "{'a':1}",
  '[1,2,]',
  '{"a":1,}',
  'NaN',
  '[NaN, Infinity, -Infinity]',
  'nan',
  '1',
  '-0',
  '1.5e3',
  '12345678901234567890123',
  ' {"a": [1, 2.0, "x\\u00e9"], "b": null, "c": true} ',
  '"tab\there"',
  '"a\\/b"',
  '01',
  '1.',
  '.5',
  '{"a":1}{"b":2}',
  '',
  '{"a":1, "a":2}',
  "'a'",
  'None',
  '[1 2]',
  '"\\x41"',
];

for (const text of JSON_INPUTS) {
  test(`from_json ${JSON.stringify(text)} as python's json.loads`, () => {
    const tpl = path.join(dir, 'j.j2');
    writeFileSync(tpl, '{{ s | from_json | to_json }}');
    const r = runBosun(['render', tpl, '-e', JSON.stringify({ s: text })], { cwd: dir });
    const want = python(text);
    if (want === null) {
      assert.notEqual(r.status, 0, `python rejects, bosun gave ${r.stdout}`);
      assert.match(
        r.stderr,
        /from_json: the input is not valid JSON \(.* at line \d+, column \d+\)/,
      );
    } else {
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, want);
    }
  });
}
