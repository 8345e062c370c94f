// Differential tests of loadYaml against Ansible's AnsibleLoader (Debian's python3 + ansible-core),
// all cases in one Python process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { loadYaml } from '../../src/yaml/load.js';
import { loadVaultedYaml } from '../../src/vars/parse.js';
import { encrypt, VaultError } from '../../src/vault/index.js';
import { YamlError } from '../../src/yaml/errors.js';
import { Lazy, PyFloat, UnsafeText, resolve, type PyValue } from '../../src/py/values.js';
import { pyRepr, pyStr } from '../../src/py/repr.js';

type Enc = Record<string, unknown>;
const SECRET = { id: 'default', password: 'yaml pw' };
const vaulted = encrypt('s3cret\n', SECRET)
  .replace(/\n$/, '')
  .split('\n')
  .map((l) => '  ' + l)
  .join('\n');

const CASES: string[] = [
  'a: 0o17\nb: 017\nc: 1e3\ne: 1_000\nf: 0x_1F\ng: 1.0e+3\nh: 190:20:30\ni: y\nj: .5\nk: +.inf\nl: "012"\nm: !!str 12\np: 1:20.5\nq: !!float 3\ns: 1.\nt: -0\nu: 0b1_0\nv: 09\nw: 12345678901234567890123\n',
  'bools: [yes, no, on, off, Yes, NO, true, False, TRUE, y, n, Y, N, yES]\n',
  'nulls: [~, null, Null, NULL, ""]\nempty:\n',
  'floats: [1.5, -2.25, .inf, -.Inf, .NaN, 6.8523015e+5, 685.230_15e+03, 190:20:30.15, 1.0e3, 3.]\n',
  'ints: [0, -17, +42, 0x1F, 0b1010, 0777, 1_000_000, -0x10, 99999999999999999999]\n',
  'd: 2001-01-01\nstr: "2001-01-01"\n',
  'dup: 1\ndup: 2\nother: 3\n',
  'base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n  z: 4\n',
  'a: &a {k: 1}\nb: &b {k: 2, m: 5}\nc:\n  <<: [*a, *b]\n  n: 6\n',
  'c:\n  y: 0\n  <<: {y: 1, w: 2}\n',
  'list:\n  - &x hello\n  - *x\n  - [1, "2", 3.0]\n',
  "u: !unsafe \"{{ lookup('pipe', 'id') }}\"\n",
  'lit: |\n  line1\n  line2\nfold: >\n  a\n  b\n\n  c\nkeep: |+\n  x\n\nstrip: |-\n  y\n',
  "q1: 'it''s'\nq2: \"tab\\tnl\\n\\u00e9\"\n",
  '1: int key\n2: x\nno_: b\n~: null key\n1.5: float key\n',
  '- a\n- b: c\n  d: [e, {f: g}]\n',
  `secret: !vault |\n${vaulted}\nplain: x\n`,
  'unicode: "ünïcødé ✓"\nplain: héllo wörld\n',
  '',
  '# only a comment\n',
  'x: "a\\\n  b"\n',
  'e: !!int "12"\nf: !!bool "yes"\ng: !!null ""\n',
];

function encode(v: PyValue): Enc {
  if (v instanceof Lazy) return { v: pyStr(v) };
  if (v instanceof UnsafeText) return { u: v.value };
  if (typeof v === 'boolean') return { b: v };
  if (v === null) return { n: 1 };
  if (typeof v === 'number' || typeof v === 'bigint') return { i: String(v) };
  if (v instanceof PyFloat) return { f: v.value };
  if (typeof v === 'string') return { s: v };
  if (v instanceof Map) return { d: [...v].map(([k, x]) => [encode(k), encode(x)]) };
  if (Array.isArray(v)) return { l: v.map(encode) };
  return { '?': pyRepr(v) };
}

/** Python float repr → number, so the comparison is numeric (repr formats differ from JS). */
function normalizeOracle(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(normalizeOracle);
  if (e && typeof e === 'object') {
    const o = e as Enc;
    if (typeof o.f === 'string')
      return {
        f:
          o.f === 'inf' ? Infinity : o.f === '-inf' ? -Infinity : o.f === 'nan' ? NaN : Number(o.f),
      };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, normalizeOracle(x)]));
  }
  return e;
}

function oracle(cases: string[]): unknown[] {
  const r = spawnSync('/usr/bin/python3', [path.join(ROOT, 'test/vars/yaml-oracle.py')], {
    input: JSON.stringify({ cases, secrets: [SECRET] }),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as unknown[];
}

test("loadYaml matches Ansible's AnsibleLoader", () => {
  const expected = oracle(CASES);
  CASES.forEach((text, i) => {
    const ours = encode(loadVaultedYaml(text, 'case.yml', [SECRET]).value);
    assert.deepEqual(ours, normalizeOracle(expected[i]), `case ${i}: ${JSON.stringify(text)}`);
  });
});

test('positions of every mapping and sequence', () => {
  const { value, positions } = loadYaml('top:\n  - a: 1\n    b: [1, 2]\n', { file: 'p.yml' });
  const top = value as Map<PyValue, PyValue>;
  assert.deepEqual(positions.get(top), { line: 1, column: 1 });
  const list = top.get('top') as PyValue[];
  assert.deepEqual(positions.get(list), { line: 2, column: 3 });
  const item = list[0] as Map<PyValue, PyValue>;
  assert.deepEqual(positions.get(item), { line: 2, column: 5 });
  assert.deepEqual(positions.get(item.get('b') as object), { line: 3, column: 8 });
});

test('inline !vault loads without a password and fails on read naming file:line', () => {
  const { value } = loadVaultedYaml(
    `plain: 1\nsecret: !vault |\n${vaulted}\n`,
    'vars.yml',
    undefined,
  );
  const m = value as Map<PyValue, PyValue>;
  assert.equal(m.get('plain'), 1);
  assert.throws(
    () => resolve(m.get('secret') as PyValue),
    (e: unknown) => e instanceof VaultError && e.file === 'vars.yml' && e.line === 2,
  );
  const wrong = loadVaultedYaml(`secret: !vault |\n${vaulted}\n`, 'v.yml', [
    { id: 'default', password: 'nope' },
  ]).value as Map<PyValue, PyValue>;
  assert.throws(() => resolve(wrong.get('secret') as PyValue), /v\.yml|decryption failed/);
});

test('syntax errors carry file:line:col and the source', () => {
  assert.throws(
    () => loadYaml('a: 1\nb: [1, 2\nc: 3\n', { file: 'bad.yml' }),
    (e: unknown) => {
      assert.ok(e instanceof YamlError);
      assert.equal(e.file, 'bad.yml');
      assert.ok(typeof e.line === 'number' && typeof e.column === 'number');
      assert.ok(e.source?.includes('b: [1, 2'));
      return true;
    },
  );
});

test('all: multi-document streams', () => {
  const { value } = loadYaml('a: 1\n---\n- 2\n', { all: true });
  assert.equal((value as PyValue[]).length, 2);
});

test("duplicate keys: last wins, with Ansible's warning", () => {
  const warnings: string[] = [];
  const { value } = loadYaml('a: 1\nb: 2\na: 3\n', {
    file: 'd.yml',
    warn: (m) => warnings.push(m),
  });
  assert.deepEqual(
    [...(value as Map<PyValue, PyValue>)],
    [
      ['a', 3],
      ['b', 2],
    ],
  );
  assert.deepEqual(warnings, [
    'While constructing a mapping from d.yml, line 3, column 1, found a duplicate dict key (a). Using last defined value only.',
  ]);
});
