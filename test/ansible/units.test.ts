/** Unit tests of the Python re translation, crypt, MT random and literal_eval against python3. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/process/run.js';
import { translatePattern, translateReplacement } from '../../src/py/re.js';
import { shaCrypt, md5Crypt } from '../../src/ansible/crypt.js';
import { PyRandom } from '../../src/py/random.js';
import { literalEval, NOT_LITERAL } from '../../src/py/literal-eval.js';
import { pyRepr } from '../../src/py/repr.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const RE: [string, string, string, string][] = [
  ['(?P<word>\\w+)', '', 'hello big world', '<\\g<word>>'],
  ['(\\w+) (\\w+)', '', 'a b c d', '\\2 \\1'],
  ['(?P<x>a)(?P=x)', '', 'aa ab aaa', 'X'],
  ['\\Ahello', '', 'hello hello', 'H'],
  ['o\\Z', '', 'foo\nfoo', '0'],
  ['o$', '', 'foo\nfoo\n', '0'],
  ['^f', 'm', 'foo\nfoo', 'F'],
  ['^f', '', 'foo\nfoo', 'F'],
  ['a.b', 's', 'a\nb', 'X'],
  ['a.b', '', 'a\nb', 'X'],
  ['(?i)ABC', '', 'xabcx', 'Y'],
  ['[]a]', '', 'a]b', '-'],
  ['x{2}', '', 'xxx', 'y'],
  ['{', '', 'a{b', '('],
  ['x{,2}y', '', 'xxxy', 'Q'],
  ['x{1,}', '', 'axxb', 'Q'],
  ['\\d+', '', 'a12b345', '#\\g<0>#'],
  ['(a)|(b)', '', 'ab', '[\\1\\2]'],
  ['\\s+', '', ' a  b ', ' '],
  ['[^\\W_]+', '', 'a_b-c', 'W'],
  ['(?:ab)+', '', 'ababx', 'Z'],
  ['(?<=a)b', '', 'ab cb', 'B'],
  ['x*', '', 'abc', '-'],
  ['\\bfoo\\b', '', 'foo food', 'bar'],
  ['(?#comment)a', '', 'aa', 'b'],
  ['\\$', '', 'a$b', '\\\\'],
];
const CRYPT: [string, string][] = [
  ['pw', '$6$abcdefgh'],
  ['', '$6$rounds=1000$x'],
  ['x'.repeat(100), '$6$saltsaltsaltsaltXX'],
  ['pässwörd', '$5$abc'],
  ['pw', '$5$rounds=7777$0123456789abcdef'],
  ['pw', '$1$abcdefgh'],
  ['longer password here', '$1$ab'],
  ['x'.repeat(64), '$6$rounds=1001$s'],
];
const RANDOM: [number | string, string, number][] = [
  [0, 'randrange', 10],
  [42, 'randrange', 1000],
  ['host', 'randrange', 7],
  [2 ** 40, 'shuffle', 15],
  ['', 'shuffle', 5],
  [-3, 'randrange', 2 ** 33],
];
const LITERAL = [
  "{'a': [1, 2.0, (3,)], 'b': None}",
  '[True, False, None]',
  "'a' 'b'",
  '"\\x41\\u00e9\\n"',
  '[1, 2',
  '0x1F',
  '1_000',
  '1e3',
  '-5',
  '(1)',
  '()',
  "r'\\d'",
  '007',
  '[1,]',
  "{'a': 1,}",
  '{1, 2}',
  '1 + 2',
  '[\n1,\n2]',
];

const result = await run('/usr/bin/python3', [path.join(here, 'units.py')], {
  input: JSON.stringify({ re: RE, crypt: CRYPT, random: RANDOM, literal: LITERAL }),
  timeoutMs: 60_000,
});
const py = JSON.parse(result.stdout.toString('utf8')) as {
  re: ({ sub: string; search: boolean; findall: unknown[] } | { error: string })[];
  crypt: string[];
  random: number[][];
  literal: string[];
};

RE.forEach(([pat, flags, text, repl], i) => {
  test(`re ${JSON.stringify(pat)} /${flags}`, () => {
    const want = py.re[i]!;
    const o = {
      ignorecase: flags.includes('i'),
      multiline: flags.includes('m'),
      dotall: flags.includes('s'),
    };
    if ('error' in want) {
      assert.throws(() => translatePattern(pat, o));
      return;
    }
    const g = translatePattern(pat, { ...o, global: true });
    assert.equal(text.replace(g, translateReplacement(repl)), want.sub);
    assert.equal(translatePattern(pat, o).test(text), want.search);
    const all = [...text.matchAll(translatePattern(pat, { ...o, global: true }))].map((m) =>
      m.length === 1
        ? m[0]
        : m.length === 2
          ? (m[1] ?? '')
          : m.slice(1).map((x: string | undefined) => x ?? ''),
    );
    assert.deepEqual(all, want.findall);
  });
});

test('untranslatable re constructs are refused with a clear error', () => {
  assert.throws(() => translatePattern('(?x) a b'), /not supported/);
  assert.throws(() => translatePattern('a(?(1)b|c)'), /not supported/);
  assert.throws(() => translatePattern('\\0'), /not supported/);
});

CRYPT.forEach(([pw, salt], i) => {
  test(`crypt ${salt}`, () => {
    const m = /^\$(\d)\$(?:rounds=(\d+)\$)?([^$]*)$/.exec(salt)!;
    const got =
      m[1] === '1'
        ? md5Crypt(pw, m[3]!)
        : shaCrypt(m[1] === '6' ? 'sha512' : 'sha256', pw, m[3]!, m[2] ? Number(m[2]) : null);
    assert.equal(got, py.crypt[i]);
  });
});

RANDOM.forEach(([seed, kind, n], i) => {
  test(`random.Random(${JSON.stringify(seed)}).${kind}`, () => {
    const r = new PyRandom(seed);
    if (kind === 'randrange')
      assert.deepEqual(
        Array.from({ length: 20 }, () => Number(r.randrange(0, n))),
        py.random[i],
      );
    else {
      const l = Array.from({ length: n }, (_, k) => k);
      r.shuffle(l);
      assert.deepEqual(l, py.random[i]);
    }
  });
});

LITERAL.forEach((s, i) => {
  test(`literal_eval ${JSON.stringify(s)}`, () => {
    const v = literalEval(s);
    const want = py.literal[i]!;
    // Sets and arithmetic are refused by bosun (Ansible keeps the string); Python accepts them.
    if (s === '{1, 2}' || s === '1 + 2') {
      assert.equal(v, NOT_LITERAL);
      return;
    }
    assert.equal(v === NOT_LITERAL ? 'ERROR' : pyRepr(v), want);
  });
});
