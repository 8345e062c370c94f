/** Ansible's formatting filters: comment, strftime, human_readable, human_to_bytes, subelements. */
import { pyfunc, type PyFunction } from '../../py/callable.js';
import { pyRepr, pyStr } from '../../py/repr.js';
import { truthy } from '../../py/ops.js';
import { PyFloat, isDict, isSequence, resolve, tuple, type PyValue } from '../../py/values.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import { pyStrftime } from '../../py/strftime.js';
import { strptime } from '../../py/strptime.js';
import { described } from '../../py/describe.js';
import { typeName } from '../../py/repr.js';
import { PyTypeError } from '../../py/callable.js';

const STYLES: Record<string, Record<string, string>> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

const SIZES: [string, bigint][] = [
  ['Y', 1n << 80n],
  ['Z', 1n << 70n],
  ['E', 1n << 60n],
  ['P', 1n << 50n],
  ['T', 1n << 40n],
  ['G', 1n << 30n],
  ['M', 1n << 20n],
  ['K', 1n << 10n],
  ['B', 1n],
];

function toFloat(v: PyValue): number {
  v = resolve(v);
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = pyStr(v).trim();
  if (!/^[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|inf|infinity|nan)$/i.test(s))
    throw new TemplateRuntimeError(`could not convert string to float: '${s}'`);
  return Number(s.replace(/^([-+]?)inf(inity)?$/i, '$1Infinity'));
}

/** Python's round() to an integer: half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function bytesToHuman(size: number, isbits: boolean, unit: string | null): string {
  const base = isbits ? 'bits' : 'Bytes';
  let suffix = '';
  let limit = 1n;
  for ([suffix, limit] of SIZES) {
    if (
      (unit === null && size >= Number(limit)) ||
      (unit !== null && unit.toUpperCase() === suffix[0])
    )
      break;
  }
  suffix = limit !== 1n ? suffix + base[0] : base;
  return `${(size / Number(limit)).toFixed(2)} ${suffix}`;
}

function humanToBytes(number: PyValue, defaultUnit: string | null, isbits: boolean): number {
  const text = pyStr(number);
  const m = /^([0-9]*\.?[0-9]+)(?:\s*([A-Za-z]+))?\s*$/.exec(text);
  if (!m)
    throw new TemplateRuntimeError(
      `human_to_bytes() can't interpret a valid unit for the input (${described(number)})`,
    );
  const num = Number(m[1]);
  const unit = m[2] ?? defaultUnit;
  if (unit === null) return roundHalfEven(num);
  const key = unit[0]!.toUpperCase();
  const limit = SIZES.find(([k]) => k === key)?.[1];
  if (limit === undefined)
    throw new TemplateRuntimeError(
      `human_to_bytes() failed to convert the input (${described(number)}): the suffix must be one of Y, Z, E, P, T, G, M, K, B`,
    );
  const cls = isbits ? 'b' : 'B';
  const clsName = isbits ? 'bit' : 'byte';
  if (unit.length > 1 && !unit.toLowerCase().includes(clsName) && unit[1] !== cls) {
    const expect = key === 'B' ? `expect ${cls} or ${clsName}` : `expect ${key}${cls} or ${key}`;
    throw new TemplateRuntimeError(
      `human_to_bytes() failed to convert the input (${described(number)}): not a valid string (${expect})`,
    );
  }
  return roundHalfEven(num * Number(limit));
}

export function miscFilters(): [string, PyFunction][] {
  return [
    [
      'comment',
      pyfunc("text, style='plain', **kw", (_c, text, style, kw: Map<string, PyValue>) => {
        const sp = STYLES[pyStr(style)];
        if (!sp) throw new TemplateRuntimeError(`KeyError: '${pyStr(style)}'`);
        const pre = kw.has('decoration') ? pyStr(kw.get('decoration')!) : sp.decoration!;
        const p: Record<string, PyValue> = {
          newline: '\n',
          beginning: '',
          prefix: pre.trimEnd(),
          prefix_count: 1,
          decoration: '',
          postfix: pre.trimEnd(),
          postfix_count: 1,
          end: '',
          ...sp,
        };
        for (const [k, v] of kw) p[k] = v;
        const nl = pyStr(p.newline!);
        const deco = pyStr(p.decoration!);
        const beginning = truthy(p.beginning!) ? pyStr(p.beginning!) + nl : '';
        let prefix = '';
        if (truthy(p.prefix!))
          prefix = (pyStr(p.prefix!) !== nl ? pyStr(p.prefix!) + nl : nl).repeat(
            Number(p.prefix_count),
          );
        const body = (
          deco +
          pyStr(text)
            .split(nl)
            .join(nl + deco)
        )
          .split(deco + nl)
          .join(deco.trimEnd() + nl);
        const postfix = [
          '',
          ...Array.from({ length: Number(p.postfix_count) }, () => pyStr(p.postfix!)),
        ].join(nl);
        const end = truthy(p.end!) ? nl + pyStr(p.end!) : '';
        return beginning + prefix + body + postfix + end;
      }),
    ],
    [
      'strftime',
      pyfunc('string_format, second=None, utc=False', (_c, fmt, second, utc) => {
        let d = new Date();
        if (second !== null) {
          let n: number;
          try {
            n = toFloat(second);
          } catch {
            throw new TemplateRuntimeError(`Invalid value for epoch value (${pyStr(second)})`);
          }
          d = new Date(Math.trunc(n) * 1000);
        }
        return pyStrftime(pyStr(fmt), d, truthy(utc));
      }),
    ],
    // datetime.datetime.strptime(string, format): a datetime object.
    [
      'to_datetime',
      pyfunc("string, format='%Y-%m-%d %H:%M:%S'", (_c, s, fmt) => {
        s = resolve(s);
        fmt = resolve(fmt);
        if (typeof s !== 'string')
          throw new PyTypeError(`strptime() argument 1 must be str, not ${typeName(s)}`);
        if (typeof fmt !== 'string')
          throw new PyTypeError(`strptime() argument 2 must be str, not ${typeName(fmt)}`);
        return strptime(s, fmt);
      }),
    ],
    [
      'human_readable',
      pyfunc('size, isbits=False, unit=None', (_c, size, isbits, unit) => {
        size = resolve(size);
        // Ansible 2.14 compares the value itself with the limits: text fails as in Python.
        if (typeof size === 'string')
          throw new TemplateRuntimeError(
            `human_readable() failed on bad input: '>=' not supported between instances of 'str' and 'int'`,
          );
        const n = toFloat(size);
        return bytesToHuman(n, truthy(isbits), unit === null ? null : pyStr(unit));
      }),
    ],
    [
      'human_to_bytes',
      pyfunc('size, default_unit=None, isbits=False', (_c, size, du, isbits) =>
        humanToBytes(size, du === null ? null : pyStr(du), truthy(isbits)),
      ),
    ],
    [
      'subelements',
      pyfunc('obj, subelements, skip_missing=False', (_c, obj, sub, skip) =>
        subelementsOf(obj, sub, truthy(skip)),
      ),
    ],
  ];
}

/** Pairs (item, subitem) for each subitem of item[key] (the subelements filter and lookup). */
export function subelementsOf(obj: PyValue, sub: PyValue, skip: boolean): PyValue[] {
  obj = resolve(obj);
  sub = resolve(sub);
  const elements = isDict(obj) ? [...obj.values()] : isSequence(obj) ? [...obj] : null;
  if (!elements) throw new TemplateRuntimeError('obj must be a list of dicts or a nested dict');
  const path = isSequence(sub) ? [...sub] : typeof sub === 'string' ? sub.split('.') : null;
  if (!path) throw new TemplateRuntimeError('subelements must be a list or a string');
  const out: PyValue[] = [];
  for (const el of elements) {
    let values: PyValue = resolve(el);
    for (const key of path) {
      if (!isDict(values))
        throw new TemplateRuntimeError(
          `the key ${pyStr(key)} should point to a dictionary, got '${pyStr(values)}'`,
        );
      if (!values.has(key)) {
        if (skip) {
          values = [];
          break;
        }
        throw new TemplateRuntimeError(
          `could not find ${pyRepr(key)} key in iterated item ${pyRepr(values)}`,
        );
      }
      values = resolve(values.get(key)!);
    }
    if (!isSequence(values))
      throw new TemplateRuntimeError(
        `the key ${pyRepr(path[path.length - 1]!)} should point to a list, got ${pyRepr(values)}`,
      );
    for (const v of values) out.push(tuple([el, v]));
  }
  return out;
}
