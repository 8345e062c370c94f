/**
 * The Python value runtime against CPython itself: repr/str of floats and strings, `%` and
 * format-spec formatting, floor division/modulo/true division/power and round, on generated
 * values (fast-check, fixed seed) evaluated by one python3 process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { run } from '../../src/process/run.js';
import { floatRepr, pyRepr, pyStr } from '../../src/py/repr.js';
import { floordiv, mod, pow, truediv } from '../../src/py/arith.js';
import { formatSpec, percentFormat } from '../../src/py/format.js';
import { PyFloat, tuple, type PyValue } from '../../src/py/values.js';
import { Environment } from '../../src/jinja/index.js';

type Probe = [string, unknown[]];
const probes: Probe[] = [];
const local: ((r: { ok: boolean; value?: string; skip?: boolean }) => void)[] = [];

const enc = (v: PyValue): unknown =>
  v instanceof PyFloat
    ? { $float: floatRepr(v.value) }
    : typeof v === 'bigint'
      ? { $int: v.toString() }
      : Array.isArray(v)
        ? v.map(enc)
        : v;
function probe(op: string, args: PyValue[], ours: () => string): void {
  probes.push([op, args.map(enc)]);
  local.push((r) => {
    if (r.skip) return;
    let mine: { ok: boolean; value?: string };
    try {
      mine = { ok: true, value: ours() };
    } catch {
      mine = { ok: false };
    }
    assert.equal(
      mine.ok,
      r.ok,
      `${op}(${JSON.stringify(args.map(enc))}): python ${r.ok ? 'returned ' + r.value : 'raised'}`,
    );
    if (r.ok) assert.equal(mine.value, r.value, `${op}(${JSON.stringify(args.map(enc))})`);
  });
}

const seed = 20261128;
const doubles = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), {
  seed,
  numRuns: 300,
});
const niceFloats = fc.sample(
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => n / 1000),
  { seed, numRuns: 200 },
);
const ints = fc.sample(fc.integer({ min: -1000, max: 1000 }), { seed, numRuns: 200 });
// Code points below U+3000: Python 3.11 and Node 20 use different Unicode versions for newer
// (astral) assignments, which changes what repr() escapes.
const bmpChar = fc
  .oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0x2fff }))
  .map((c) => String.fromCodePoint(c));
const strings = fc.sample(
  fc.array(bmpChar, { maxLength: 12 }).map((a) => a.join('')),
  { seed, numRuns: 200 },
);

for (const d of doubles) probe('repr', [new PyFloat(d)], () => pyRepr(new PyFloat(d)));
for (const s of strings) probe('repr', [s], () => pyRepr(s));
for (const s of strings)
  probe('title', [s], () =>
    pyStr(new Environment().fromString('{{ s.title() }}').render(new Map([['s', s]]))),
  );
const formats = [
  '%.2f',
  '%10.3f',
  '%-8.1f|',
  '%e',
  '%.3E',
  '%g',
  '%.10g',
  '%G',
  '%+.1f',
  '%08.2f',
  '%.0f',
  '%d',
  '%5d',
  '%x',
  '%o',
];
niceFloats.forEach((x, i) => {
  const f = formats[i % formats.length]!;
  const v = new PyFloat(x);
  probe('percent', [f, [v]], () => pyStr(percentFormat(f, tuple([v]))));
});
const specs = [
  '',
  '.2f',
  '>12.3f',
  '<10',
  '^11.1f',
  '+.3e',
  ',.2f',
  '.4g',
  '.1%',
  '08.3f',
  'g',
  '.3',
];
niceFloats.forEach((x, i) => {
  const spec = specs[i % specs.length]!;
  probe('format', [new PyFloat(x), spec], () => formatSpec(new PyFloat(x), spec));
});
ints.forEach((n, i) => {
  const spec = ['d', '>6', '+d', ',', 'x', '#b', '05d', '^7', 'o', 'X'][i % 10]!;
  probe('format', [n * 997, spec], () => formatSpec(n * 997, spec));
});
for (let i = 0; i + 1 < ints.length; i += 2) {
  const a = ints[i]!,
    b = ints[i + 1]! % 17;
  probe('floordiv', [a, b], () => pyRepr(floordiv(a, b)));
  probe('mod', [a, b], () => pyRepr(mod(a, b)));
  probe('truediv', [a, b], () => pyRepr(truediv(a, b)));
  probe('mod', [new PyFloat(a / 7), new PyFloat(b / 3)], () =>
    pyRepr(mod(new PyFloat(a / 7), new PyFloat(b / 3))),
  );
  probe('floordiv', [new PyFloat(a / 7), b], () => pyRepr(floordiv(new PyFloat(a / 7), b)));
  probe('pow', [a % 30, Math.abs(b) % 12], () => pyRepr(pow(a % 30, Math.abs(b) % 12)));
}
probe('pow', [3, 200], () => pyRepr(pow(3, 200)));
probe('pow', [-7, 41], () => pyRepr(pow(-7, 41)));
probe('floordiv', [10n ** 30n, 7], () => pyRepr(floordiv(10n ** 30n, 7)));
probe('mod', [-(10n ** 25n), 9], () => pyRepr(mod(-(10n ** 25n), 9)));
for (const s of ['a  b c', '  lead', 'trail  ', '', 'x,y,,z', 'tab\there\nnl']) {
  probe('split', [s], () =>
    pyRepr(new Environment().fromString('{{ s.split() }}').render(new Map([['s', s]])))
      .slice(1, -1)
      .replace(/\\'/g, "'"),
  );
}

const here = path.dirname(fileURLToPath(import.meta.url));
const result = await run('/usr/bin/python3', [path.join(here, 'pyeval.py')], {
  input: JSON.stringify(probes),
  timeoutMs: 60_000,
});
const answers = JSON.parse(result.stdout.toString('utf8')) as {
  ok: boolean;
  value?: string;
  skip?: boolean;
}[];

test(`runtime matches CPython on ${probes.length} probes`, () => {
  const failures: string[] = [];
  answers.forEach((a, i) => {
    try {
      local[i]!(a);
    } catch (e) {
      failures.push((e as Error).message.split('\n')[0]!);
    }
  });
  assert.deepEqual(failures.slice(0, 10), []);
});

test('repr of containers and special values', () => {
  assert.equal(
    pyRepr(
      new Map<PyValue, PyValue>([
        ['a', [1, new PyFloat(2), null, true]],
        [1, tuple(['x'])],
      ]),
    ),
    "{'a': [1, 2.0, None, True], 1: ('x',)}",
  );
  assert.equal(pyStr(new PyFloat(1e16)), '1e+16');
  assert.equal(pyStr(new PyFloat(-0)), '-0.0');
  assert.equal(pyStr(2n ** 64n), '18446744073709551616');
});
