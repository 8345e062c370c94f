/**
 * Differential test of to_yaml / to_nice_yaml: every value goes through Ansible's own filter
 * functions (ansible.plugins.filter.core, i.e. yaml.dump with AnsibleDumper over libyaml) in one
 * python3 process and through bosun's filters; the texts must be equal byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/process/run.js';
import { dataFilters } from '../../src/ansible/filters/data.js';
import { callPyFunction } from '../../src/py/callable.js';
import { PyFloat, tuple, UnsafeText, type PyValue } from '../../src/py/values.js';

/**
 * Values as JSON both sides decode the same way: plain numbers are ints, {$f} floats, {$i} big
 * ints, {$t} tuples, {$d} dicts with any keys (in order), {$u} unsafe text, and {$def, v} /
 * {$use} one object reached from two places (so PyYAML's anchors show).
 */
type J = null | boolean | number | string | J[] | { [k: string]: J };
type Filter = 'to_yaml' | 'to_nice_yaml';
interface Case {
  filter: Filter;
  value: J;
  kw: Record<string, J>;
}
type Outcome = { ok: string } | { err: string };

const PY = String.raw`
import sys, json
from ansible.plugins.filter.core import to_yaml, to_nice_yaml
from ansible.utils.unsafe_proxy import AnsibleUnsafeText
def dec(x, shared):
    if isinstance(x, list):
        return [dec(i, shared) for i in x]
    if isinstance(x, dict):
        if '$f' in x: return float(x['$f'])
        if '$i' in x: return int(x['$i'])
        if '$t' in x: return tuple(dec(i, shared) for i in x['$t'])
        if '$d' in x: return {dec(k, shared): dec(v, shared) for k, v in x['$d']}
        if '$u' in x: return AnsibleUnsafeText(x['$u'])
        if '$def' in x:
            shared[x['$def']] = dec(x['v'], shared)
            return shared[x['$def']]
        if '$use' in x: return shared[x['$use']]
        return {k: dec(v, shared) for k, v in x.items()}
    return x
out = []
for c in json.load(sys.stdin):
    f = to_yaml if c['filter'] == 'to_yaml' else to_nice_yaml
    try:
        out.append({'ok': f(dec(c['value'], {}), **c['kw'])})
    except Exception as e:
        out.append({'err': str(e)})
json.dump(out, sys.stdout)
`;

function decode(x: J, shared: Map<J, PyValue>): PyValue {
  if (Array.isArray(x)) return x.map((i) => decode(i, shared));
  if (x === null || typeof x !== 'object') return x;
  if ('$f' in x)
    return new PyFloat(x.$f === 'inf' ? Infinity : x.$f === '-inf' ? -Infinity : Number(x.$f));
  if ('$i' in x) return BigInt(x.$i as string);
  if ('$t' in x) return tuple((x.$t as J[]).map((i) => decode(i, shared)));
  if ('$d' in x)
    return new Map((x.$d as [J, J][]).map(([k, v]) => [decode(k, shared), decode(v, shared)]));
  if ('$u' in x) return new UnsafeText(x.$u as string);
  if ('$def' in x) {
    const v = decode(x.v!, shared);
    shared.set(x.$def, v);
    return v;
  }
  if ('$use' in x) return shared.get(x.$use)!;
  return new Map(Object.entries(x).map(([k, v]) => [k, decode(v, shared)]));
}

const FILTERS = new Map(dataFilters());

function bosun(c: Case): Outcome {
  try {
    const fn = FILTERS.get(c.filter)!;
    const kw = new Map(Object.entries(c.kw).map(([k, v]) => [k, decode(v, new Map())]));
    return {
      ok: callPyFunction(
        fn,
        { name: c.filter, env: null, context: null },
        [decode(c.value, new Map())],
        kw,
      ) as string,
    };
  } catch (e) {
    return { err: (e as Error).message };
  }
}

// ---- hand-picked strings, in every position and layout ----
const LONG =
  'The quick brown fox jumps over the lazy dog and keeps running through the forest until night falls';
const STRINGS = [
  LONG,
  LONG + ' ' + LONG,
  'x'.repeat(120),
  'word '.repeat(40).trim(),
  'a  b   c    d '.repeat(12).trim(),
  '  leading spaces ' + LONG,
  LONG + '  ',
  'key: value ' + LONG,
  LONG + ' # not a comment',
  '# comment ' + LONG,
  '- dash ' + LONG,
  '-' + LONG,
  '? question ' + LONG,
  ': colon ' + LONG,
  'a,b,c [x] {y} ' + LONG,
  "it's " + LONG + " 'quoted'",
  '"double" ' + LONG,
  '@at `tick` %pct ' + LONG,
  '&anchor *alias !tag |pipe >gt ' + LONG,
  'yes',
  'no',
  'on',
  'null',
  '~',
  '',
  '1.5',
  '0x1F',
  '1_000',
  '12:30:45',
  '2024-01-01',
  '---',
  '... ' + LONG,
  '<<',
  '=',
  '!',
  'yes ' + LONG,
  'héllo wörld ' + LONG + ' ünïcödé',
  '日本語のテキスト '.repeat(12),
  'emoji 😀 ' + LONG,
  'line one\nline two\nline three',
  LONG + '\n' + LONG + '\n\n' + LONG,
  'trailing newline ' + LONG + '\n',
  '\nleading newline ' + LONG,
  'space before break \n' + LONG,
  'break\n then space ' + LONG,
  'tab\there ' + LONG,
  'bell\x07 ' + LONG,
  'nbsp\u00a0here ' + LONG,
  'nel\x85here ' + LONG,
  'ls\u2028here ' + LONG,
  'bom\ufeffhere ' + LONG,
  'cr\r\nlf ' + LONG,
  'back\\slash "q" ' + LONG,
  'spaces   \n   both ' + LONG,
];
const SHAPES: ((s: string) => J)[] = [
  (s) => s,
  (s) => [s],
  (s) => ({ k: s }),
  (s) => ({ [s]: 'v' }),
  (s) => [[s]],
  (s) => ({ a: { b: [s, { c: s }] } }),
  (s) => [s, 1, s],
  (s) => ({ k: [s, s], [s]: { x: s } }),
  (s) => ({ a: [{ b: [s] }] }),
  (s) => ({ $d: [[{ $t: [s, 1] }, s]] }),
];
const KW: [Filter, Record<string, J>][] = [
  ['to_yaml', {}],
  ['to_yaml', { width: 40 }],
  ['to_yaml', { width: 20, indent: 4 }],
  ['to_yaml', { default_flow_style: false }],
  ['to_yaml', { default_flow_style: true, width: 40 }],
  ['to_nice_yaml', {}],
  ['to_nice_yaml', { indent: 2, width: 20 }],
  ['to_nice_yaml', { width: 1000 }],
  ['to_nice_yaml', { width: 80, indent: 2 }],
  ['to_yaml', { width: -1 }],
  ['to_yaml', { width: 8 }],
];
const HANDPICKED: Case[] = STRINGS.flatMap((s) =>
  SHAPES.flatMap((shape) => KW.map(([filter, kw]) => ({ filter, value: shape(s), kw }))),
);

// ---- other scalars, shared objects, key order ----
const OTHER: J[] = [
  { $f: 1.5 },
  { $f: 1e20 },
  { $f: 1e-7 },
  { $f: 'nan' },
  { $f: 'inf' },
  { $f: '-inf' },
  { $f: '-0.0' },
  { $i: '123456789012345678901234' },
  true,
  false,
  null,
  0,
  -7,
  [],
  {},
  { $t: [] },
  [[], {}],
  { $u: LONG + ' unsafe' },
  { $def: 'a', v: [1, 2] },
  [{ $def: 'l', v: [1, LONG] }, { $use: 'l' }],
  { x: { $def: 'd', v: {} }, y: { $use: 'd' }, z: [{ $use: 'd' }] },
  {
    $d: [
      [2, 'b'],
      [1, 'a'],
      ['s', 'c'],
    ],
  },
  {
    $d: [
      [{ $t: [1, 2] }, 'x'],
      [{ $t: [1, 1] }, 'y'],
    ],
  },
  {
    $d: [
      [true, 1],
      [0, 2],
      [{ $f: 0.5 }, 3],
    ],
  },
  {
    $d: [
      [null, 1],
      ['a', 2],
    ],
  },
  {
    $d: [
      ['x'.repeat(129), 1],
      ['é'.repeat(65), 2],
      ['é'.repeat(64), 3],
    ],
  },
  {
    $d: [
      [0, [{ $t: [] }]],
      ['list', [[1, [2, [3, [4]]]]]],
    ],
  },
  Array.from({ length: 40 }, (_, i) => i * 1000),
  Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`key${i}`, `value number ${i}`])),
  { $d: [[{ $t: [] }, 1]] },
  { $d: [[{ $def: 't', v: { $t: [1, 2] } }, { $use: 't' }]] },
  {
    $d: [
      ['a', { $def: 't', v: { $t: [1] } }],
      [{ $use: 't' }, 2],
    ],
  },
];
const OTHERS: Case[] = OTHER.flatMap((value) => KW.map(([filter, kw]) => ({ filter, value, kw })));

// ---- seeded random values ----
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20261128);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (n: number): number => Math.floor(rnd() * n);
const PIECES = [
  ' ',
  ' ',
  ' ',
  ' ',
  '  ',
  '   ',
  '\n',
  '\n\n',
  ' \n',
  '\n ',
  '\t',
  ': ',
  ' #',
  '#',
  '- ',
  '-',
  '?',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '\\',
  'é',
  'ü',
  '日本',
  '😀',
  '\u2028',
  '\x85',
  '\u00a0',
  '\x07',
  '\r',
  '\ufeff',
  ':',
];
const WORDS = [
  'yes',
  'no',
  'null',
  '~',
  '1.5',
  '42',
  '0x1F',
  '2024-01-01',
  '---',
  '...',
  '<<',
  '=',
  'True',
  'off',
  '-1',
  '.inf',
];

const LOREM = 'lorem ipsum dolor sit amet consectetur adipiscing'.split(' ');

function randomString(): string {
  const n = pick([0, 1, 1, 2, 3, 5, 8, 13, 20, 30]);
  let s = rnd() < 0.1 ? pick(PIECES) : '';
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.1) s += pick(WORDS);
    else if (r < 0.17) s += 'abcdefghij'.repeat(3 + int(10)).slice(0, 20 + int(90));
    else s += LOREM[int(7)]!.slice(0, 1 + int(11));
    if (i < n - 1) s += rnd() < 0.75 ? ' ' : pick(PIECES);
  }
  if (rnd() < 0.08) s += pick(PIECES);
  return s;
}

function randomValue(depth: number): J {
  const r = rnd();
  if (depth > 0 && r < 0.2) return Array.from({ length: int(5) }, () => randomValue(depth - 1));
  if (depth > 0 && r < 0.4) {
    const pairs: [J, J][] = Array.from({ length: int(5) }, () => [
      rnd() < 0.9 ? randomString() : rnd() < 0.5 ? int(100) : { $t: [randomString()] },
      randomValue(depth - 1),
    ]);
    return {
      $d: pairs.filter(
        ([k], i) => pairs.findIndex(([k2]) => JSON.stringify(k2) === JSON.stringify(k)) === i,
      ),
    };
  }
  if (r < 0.45) return int(1000) - 500;
  if (r < 0.5) return { $f: (rnd() - 0.5) * 10 ** int(25) };
  if (r < 0.53) return pick([true, false, null]);
  return randomString();
}

const RANDOM: Case[] = Array.from({ length: 800 }, () => {
  const filter: Filter = rnd() < 0.5 ? 'to_yaml' : 'to_nice_yaml';
  const kw: Record<string, J> = {};
  if (rnd() < 0.6) kw.width = pick([20, 40, 80, 1000, 10, 30, -1, 0]);
  if (rnd() < 0.4) kw.indent = pick([2, 4, 3, 8, 1]);
  if (filter === 'to_yaml' && rnd() < 0.3) kw.default_flow_style = pick([true, false]);
  if (rnd() < 0.1) kw.sort_keys = false;
  return { filter, value: randomValue(1 + int(4)), kw };
});

const GROUPS: [string, Case[]][] = [
  ['long and special strings in every position', HANDPICKED],
  ['other scalars, anchors and keys', OTHERS],
  ['seeded random values', RANDOM],
];
const all = GROUPS.flatMap(([, cases]) => cases);
const result = await run('/usr/bin/python3', ['-c', PY], {
  input: JSON.stringify(all),
  timeoutMs: 180_000,
  env: { ...process.env, ANSIBLE_LOCAL_TEMP: '/tmp/bosun-ansible-tmp' },
});
const expected = JSON.parse(result.stdout.toString('utf8')) as Outcome[];

let offset = 0;
for (const [name, cases] of GROUPS) {
  const start = offset;
  offset += cases.length;
  test(`${name} (${cases.length} cases)`, () => {
    const failures: string[] = [];
    cases.forEach((c, i) => {
      const want = expected[start + i]!;
      const got = bosun(c);
      const same = 'ok' in want ? 'ok' in got && got.ok === want.ok : 'err' in got;
      if (!same)
        failures.push(
          `${c.filter}(${JSON.stringify(c.kw)}) of ${JSON.stringify(c.value)}\n  python: ${JSON.stringify(want)}\n  bosun:  ${JSON.stringify(got)}`,
        );
    });
    assert.equal(
      cases.filter((_, i) => 'ok' in expected[start + i]!).length > cases.length / 2,
      true,
      'python dumped most cases',
    );
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${cases.length} differ`);
  });
}
