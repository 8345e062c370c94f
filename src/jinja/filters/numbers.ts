/** Jinja2's numeric filters: abs, int, float, round, sum (Python's int()/float() of strings). */
import { pyfunc, PyTypeError, type PyFunction } from '../../py/callable.js';
import { Markup, PyFloat, resolve, UnsafeText, type PyValue } from '../../py/values.js';
import { add, neg } from '../../py/arith.js';
import { normInt, toList, toNumber } from '../../py/ops.js';
import { typeName } from '../../py/repr.js';
import { fixedAbs } from '../../py/numfmt.js';
import { attrGetter, noUndefined, softStr } from './util.js';
import { TemplateRuntimeError } from '../errors.js';

function pyInt(v: PyValue): number | bigint | null {
  v = resolve(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.trunc(v);
  if (typeof v === 'bigint') return v;
  if (v instanceof PyFloat)
    return Number.isFinite(v.value)
      ? Math.abs(v.value) < 2 ** 53
        ? Math.trunc(v.value)
        : normInt(BigInt(v.value))
      : null;
  return null;
}

function parseIntStr(s: string, base: number): number | bigint | null {
  let t = s.trim().replace(/_/g, (m, i: number) => (i > 0 ? '' : m));
  let sign = 1n;
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t[0] === '-') sign = -1n;
    t = t.slice(1);
  }
  if (base === 0 || base === 16 || base === 8 || base === 2) {
    const m = /^0([xob])/i.exec(t);
    if (m) {
      const b = { x: 16, o: 8, b: 2 }[m[1]!.toLowerCase() as 'x' | 'o' | 'b'];
      if (base !== 0 && base !== b) return null;
      base = b;
      t = t.slice(2);
    } else if (base === 0) base = 10;
  }
  if (!t) return null;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  let n = 0n;
  for (const c of t.toLowerCase()) {
    const d = digits.indexOf(c);
    if (d < 0) return null;
    n = n * BigInt(base) + BigInt(d);
  }
  n *= sign;
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

export function parseFloatStr(s: string): number | null {
  const t = s
    .trim()
    .toLowerCase()
    .replace(/(?<=\d)_(?=\d)/g, '');
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

function doInt(v: PyValue, dflt: PyValue, base: PyValue): PyValue {
  v = noUndefined(v);
  if (typeof v === 'string' || v instanceof Markup || v instanceof UnsafeText) {
    const n = parseIntStr(String(v), toNumber(resolve(base) as number));
    if (n !== null) return n;
    const f = parseFloatStr(String(v));
    if (f !== null && Number.isFinite(f))
      return Math.abs(f) < 2 ** 53 ? Math.trunc(f) : normInt(BigInt(f));
    return dflt;
  }
  return pyInt(v) ?? dflt;
}

function pyRound(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x;
  if (precision >= 0) {
    const s = fixedAbs(Math.abs(x), precision);
    const r = Number(s);
    return x < 0 ? -r : r;
  }
  const f = Math.pow(10, -precision);
  const q = x / f;
  let r = Math.round(q);
  if (Math.abs(q % 1) === 0.5) r = 2 * Math.round(q / 2);
  return r * f;
}

export function numberFilters(): [string, PyFunction][] {
  return [
    [
      'abs',
      pyfunc('x', (_c, x) => {
        x = resolve(x);
        if (x instanceof PyFloat) return new PyFloat(Math.abs(x.value));
        if (typeof x === 'boolean') return x ? 1 : 0;
        if (typeof x === 'number' || typeof x === 'bigint') return x < 0 ? neg(x) : x;
        const custom = (x as { pyAbs?: () => PyValue } | null)?.pyAbs; // timedelta
        if (typeof custom === 'function') return custom.call(x);
        throw new PyTypeError(`bad operand type for abs(): '${typeof x}'`);
      }),
    ],
    [
      'float',
      pyfunc('value, default=0.0', (_c, v, d) => {
        v = noUndefined(v);
        if (v instanceof PyFloat) return v;
        if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')
          return new PyFloat(toNumber(v));
        if (typeof v === 'string' || v instanceof Markup || v instanceof UnsafeText) {
          const f = parseFloatStr(String(v));
          return f === null ? d : new PyFloat(f);
        }
        return d;
      }),
    ],
    ['int', pyfunc('value, default=0, base=10', (_c, v, d, base) => doInt(v, d, base))],
    [
      'round',
      pyfunc("value, precision=0, method='common'", (_c, v, precision, method) => {
        const p = toNumber(resolve(precision) as number);
        const m = softStr(method);
        if (!['common', 'ceil', 'floor'].includes(m))
          throw new TemplateRuntimeError('method must be common, ceil or floor');
        const r = resolve(v);
        if (
          typeof r !== 'number' &&
          typeof r !== 'bigint' &&
          typeof r !== 'boolean' &&
          !(r instanceof PyFloat)
        )
          throw new PyTypeError(`type ${typeName(r)} doesn't define __round__ method`);
        const x = toNumber(r);
        if (m === 'common') {
          if (typeof r === 'boolean') return r ? 1 : 0;
          if ((typeof r === 'number' && Number.isInteger(r)) || typeof r === 'bigint')
            return p >= 0 ? r : pyRound(x, p);
          return new PyFloat(pyRound(x, p));
        }
        const f = Math.pow(10, p);
        return new PyFloat((m === 'ceil' ? Math.ceil(x * f) : Math.floor(x * f)) / f);
      }),
    ],
    [
      'sum',
      pyfunc('iterable, attribute=None, start=0', (c, it, attribute, start) => {
        let items = toList(it);
        if (attribute !== null) items = items.map(attrGetter(c, attribute));
        let total = start;
        for (const x of items) total = add(total, x);
        return total;
      }),
    ],
  ];
}
