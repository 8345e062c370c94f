import { asTuple } from '../../py/values.js';
/** Jinja2's filters over sequences, mappings and numbers. */
import {
  pyfunc,
  PyTypeError,
  PyFunction,
  callPyFunction,
  type CallInfo,
} from '../../py/callable.js';
import {
  Markup,
  UnsafeText,
  PyFloat,
  PyTuple,
  resolve,
  tuple,
  Undefined,
  type PyValue,
} from '../../py/values.js';
import {
  add,
  compare,
  eq,
  neg,
  pyLen,
  toList,
  toNumber,
  truthy,
  escapeHtml,
} from '../../py/ops.js';
import { pyRepr, pyStr } from '../../py/repr.js';
import { fixedAbs } from '../../py/numfmt.js';
import { getattr } from '../../py/access.js';
import { lookupMethod } from '../../py/methods.js';
import { pyJsonDumps } from '../../py/json.js';
import { pformat } from './pprint.js';
import {
  attrGetter,
  autoescaping,
  ctxOf,
  envOf,
  ignoreCase,
  multiAttrGetter,
  noUndefined,
  softStr,
  undef,
} from './util.js';
import { normInt } from '../../py/ops.js';
import { typeName } from '../../py/repr.js';
import { TemplateRuntimeError } from '../errors.js';
import { call as rtCall } from '../runtime/rt.js';

function sortItems<T>(items: T[], key: (x: T) => PyValue, reverse: boolean): T[] {
  const keyed = items.map((x, i) => ({ x, k: key(x), i }));
  keyed.sort((a, b) => {
    const c = compare(a.k, b.k);
    return c !== 0 ? (reverse ? -c : c) : a.i - b.i;
  });
  // Python's sort with reverse=True keeps equal elements in original order.
  return keyed.map((e) => e.x);
}

/** A `groupby` result: a (grouper, list) tuple with attributes. */
class GroupTuple extends PyTuple<PyValue> {
  get pyTypeName(): string {
    return 'tuple';
  }
  pyGetAttr(name: string): PyValue | undefined {
    if (name === 'grouper') return this[0]!;
    if (name === 'list') return this[1]!;
    return undefined;
  }
}

function groupTuple(k: PyValue, v: PyValue[]): GroupTuple {
  const t = new GroupTuple();
  t.push(k, v);
  return t;
}

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

/** Apply a named filter/test by name (map/select) with extra args. */
function byName(
  call: CallInfo,
  table: 'filters' | 'tests',
  name: PyValue,
  args: PyValue[],
  kwargs: Map<string, PyValue>,
): (x: PyValue) => PyValue {
  const env = envOf(call);
  const n = softStr(name);
  const fn = env[table].get(n);
  if (fn === undefined)
    throw new TemplateRuntimeError(
      `No ${table === 'filters' ? 'filter' : 'test'} named '${n}'${table === 'tests' ? '' : ''}.`,
    );
  const ctx = ctxOf(call);
  return (x) => {
    if (fn instanceof PyFunction)
      return callPyFunction(fn, { name: n, env, context: ctx }, [x, ...args], kwargs);
    return rtCall(ctx!, fn, [x, ...args], kwargs.size ? kwargs : null);
  };
}

function selectOrReject(
  call: CallInfo,
  value: PyValue,
  args: PyValue[],
  kwargs: Map<string, PyValue>,
  lookupAttr: boolean,
  modfunc: (b: boolean) => boolean,
): PyValue[] {
  if (!truthy(value)) return []; // Jinja2: `if value:` before iterating
  let a = args;
  let transform = (x: PyValue): PyValue => x;
  if (lookupAttr) {
    if (!a.length) throw new TemplateRuntimeError('Missing parameter for attribute name');
    transform = attrGetter(call, a[0]!);
    a = a.slice(1);
  }
  let test: (x: PyValue) => boolean;
  if (a.length) {
    const t = byName(call, 'tests', a[0]!, a.slice(1), kwargs);
    test = (x) => truthy(t(x));
  } else test = (x) => truthy(x);
  return toList(value).filter((item) => modfunc(test(transform(item))));
}

function minMax(
  call: CallInfo,
  value: PyValue,
  caseSensitive: PyValue,
  attribute: PyValue,
  wantMax: boolean,
): PyValue {
  const items = toList(value);
  if (!items.length) return undef(call, 'No aggregated item, sequence was empty.');
  const key =
    attribute !== null
      ? attrGetter(call, attribute, caseSensitive === true ? undefined : ignoreCase)
      : (x: PyValue) => (caseSensitive === true ? x : ignoreCase(x));
  let best: PyValue = items[0]!;
  let bestKey: PyValue = key(best);
  for (const it of items.slice(1)) {
    const k = key(it);
    const c = compare(k, bestKey);
    if (wantMax ? c > 0 : c < 0) {
      best = it;
      bestKey = k;
    }
  }
  return best;
}

export function collectionFilters(): [string, PyFunction][] {
  const defaultFn = pyfunc("value, default_value='', boolean=False", (_c, v, d, boolean) => {
    const r = resolve(v);
    if (r instanceof Undefined || (truthy(boolean) && !truthy(r))) return d;
    return v;
  });
  const length = pyfunc('obj', (_c, v) => pyLen(v));
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
      'attr',
      pyfunc('obj, name', (c, obj, name) => {
        // Python getattr only: dict keys are not attributes.
        const o = resolve(obj);
        const n = softStr(name);
        if (o instanceof Map)
          return typeof o.get(n) !== 'undefined' && !lookupMethod(o, n)
            ? undef(c, `'dict object' has no attribute '${n}'`)
            : getattr(o, n, (x, h) => envOf(c).makeUndefined(x, h, o));
        return getattr(o, n, (x, h) => envOf(c).makeUndefined(x, h, o));
      }),
    ],
    [
      'batch',
      pyfunc('value, linecount, fill_with=None', (_c, value, lc, fill) => {
        const n = toNumber(resolve(lc) as number);
        const out: PyValue[][] = [];
        let tmp: PyValue[] = [];
        for (const it of toList(value)) {
          if (tmp.length === n) {
            out.push(tmp);
            tmp = [];
          }
          tmp.push(it);
        }
        if (tmp.length) {
          if (fill !== null && tmp.length < n) while (tmp.length < n) tmp.push(fill);
          out.push(tmp);
        }
        return out;
      }),
    ],
    ['count', length],
    ['length', length],
    ['default', defaultFn],
    ['d', defaultFn],
    [
      'dictsort',
      pyfunc(
        "value, case_sensitive=False, by='key', reverse=False",
        (_c, value, cs, by, reverse) => {
          const m = resolve(value);
          if (!(m instanceof Map))
            throw new TemplateRuntimeError('You can only sort by either "key" or "value"');
          const pos = by === 'key' ? 0 : by === 'value' ? 1 : -1;
          if (pos < 0)
            throw new TemplateRuntimeError('You can only sort by either "key" or "value"');
          const items = [...m].map(([k, v]) => asTuple([k, v]));
          return sortItems(
            items,
            (t) => (truthy(cs) ? t[pos]! : ignoreCase(t[pos]!)),
            truthy(reverse),
          );
        },
      ),
    ],
    [
      'first',
      pyfunc('seq', (c, seq) => {
        const items = toList(seq);
        return items.length ? items[0]! : undef(c, 'No first item, sequence was empty.');
      }),
    ],
    [
      'last',
      pyfunc('seq', (c, seq) => {
        const items = toList(seq);
        return items.length
          ? items[items.length - 1]!
          : undef(c, 'No last item, sequence was empty.');
      }),
    ],
    [
      'float',
      pyfunc('value, default=0.0', (_c, v, d) => {
        v = noUndefined(v);
        if (v instanceof PyFloat) return v;
        if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')
          return new PyFloat(toNumber(v));
        if (typeof v === 'string' || v instanceof Markup) {
          const f = parseFloatStr(String(v));
          return f === null ? d : new PyFloat(f);
        }
        return d;
      }),
    ],
    ['int', pyfunc('value, default=0, base=10', (_c, v, d, base) => doInt(v, d, base))],
    [
      'groupby',
      pyfunc(
        'value, attribute, default=None, case_sensitive=False',
        (c, value, attribute, dflt, cs) => {
          const keyFn = attrGetter(c, attribute, truthy(cs) ? undefined : ignoreCase, dflt);
          const sorted = sortItems(toList(value), keyFn, false);
          const groups: [PyValue, PyValue[]][] = [];
          for (const it of sorted) {
            const k = keyFn(it);
            const last = groups[groups.length - 1];
            if (last && eq(last[0], k)) last[1].push(it);
            else groups.push([k, [it]]);
          }
          const outKey = truthy(cs) ? keyFn : attrGetter(c, attribute, undefined, dflt);
          return groups.map(([k, vs]) => groupTuple(truthy(cs) ? k : outKey(vs[0]!), vs));
        },
      ),
    ],
    [
      'items',
      pyfunc('value', (_c, value) => {
        const m = resolve(value);
        if (m instanceof Undefined) return [];
        if (!(m instanceof Map))
          throw new TemplateRuntimeError('Can only get item pairs from a mapping.');
        return [...m].map(([k, v]) => asTuple([k, v]));
      }),
    ],
    [
      'join',
      pyfunc("value, d='', attribute=None", (c, value, d, attribute) => {
        let items = toList(value);
        if (attribute !== null) items = items.map(attrGetter(c, attribute));
        if (!autoescaping(c)) return items.map((x) => pyStr(x)).join(softStr(d));
        const anyMarkup =
          resolve(d) instanceof Markup ||
          items.some(
            (x) =>
              resolve(x) instanceof Markup ||
              typeof (x as { __html__?: unknown } | null)?.__html__ === 'function',
          );
        if (!anyMarkup) return items.map((x) => pyStr(x)).join(softStr(d));
        const esc = (x: PyValue): string => {
          const r = resolve(x);
          return r instanceof Markup ? r.value : escapeHtml(pyStr(r));
        };
        return new Markup(items.map(esc).join(esc(d)));
      }),
    ],
    ['list', pyfunc('value', (_c, value) => [...toList(value)])],
    [
      'map',
      pyfunc(
        'value, *args, **kwargs',
        (c, value, args: PyValue[], kwargs: Map<string, PyValue>) => {
          if (!truthy(value)) return []; // Jinja2: `if value:` before iterating
          const items = toList(value);
          if (!args.length && kwargs.has('attribute')) {
            const attribute = kwargs.get('attribute')!;
            const dflt = kwargs.has('default') ? kwargs.get('default')! : null;
            for (const k of kwargs.keys())
              if (k !== 'attribute' && k !== 'default')
                throw new TemplateRuntimeError(`Unexpected keyword argument '${k}'`);
            return items.map(attrGetter(c, attribute, undefined, dflt));
          }
          if (!args.length) throw new TemplateRuntimeError('map requires a filter argument');
          const f = byName(c, 'filters', args[0]!, args.slice(1), kwargs);
          return items.map(f);
        },
      ),
    ],
    [
      'max',
      pyfunc('value, case_sensitive=False, attribute=None', (c, v, cs, a) =>
        minMax(c, v, cs, a, true),
      ),
    ],
    [
      'min',
      pyfunc('value, case_sensitive=False, attribute=None', (c, v, cs, a) =>
        minMax(c, v, cs, a, false),
      ),
    ],
    ['pprint', pyfunc('value', (_c, v) => pformat(v))],
    [
      'random',
      pyfunc('seq', (c, seq) => {
        const items = toList(seq);
        if (!items.length) return undef(c, 'No random item, sequence was empty.');
        return items[Math.floor(Math.random() * items.length)]!;
      }),
    ],
    [
      'reject',
      pyfunc('value, *args, **kwargs', (c, v, a: PyValue[], k: Map<string, PyValue>) =>
        selectOrReject(c, v, a, k, false, (x) => !x),
      ),
    ],
    [
      'rejectattr',
      pyfunc('value, *args, **kwargs', (c, v, a: PyValue[], k: Map<string, PyValue>) =>
        selectOrReject(c, v, a, k, true, (x) => !x),
      ),
    ],
    [
      'select',
      pyfunc('value, *args, **kwargs', (c, v, a: PyValue[], k: Map<string, PyValue>) =>
        selectOrReject(c, v, a, k, false, (x) => x),
      ),
    ],
    [
      'selectattr',
      pyfunc('value, *args, **kwargs', (c, v, a: PyValue[], k: Map<string, PyValue>) =>
        selectOrReject(c, v, a, k, true, (x) => x),
      ),
    ],
    [
      'reverse',
      pyfunc('value', (_c, v) => {
        const r = resolve(v);
        if (typeof r === 'string') return [...r].reverse().join('');
        if (r instanceof Markup) return new Markup([...r.value].reverse().join(''));
        return [...toList(r)].reverse();
      }),
    ],
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
      'slice',
      pyfunc('value, slices, fill_with=None', (_c, value, slices, fill) => {
        const seq = toList(value);
        const n = toNumber(resolve(slices) as number);
        const length = seq.length;
        const per = Math.floor(length / n);
        const extra = length % n;
        let offset = 0;
        const out: PyValue[][] = [];
        for (let i = 0; i < n; i++) {
          const start = offset + i * per;
          if (i < extra) offset++;
          const end = offset + (i + 1) * per;
          const tmp = seq.slice(start, end);
          if (fill !== null && i >= extra) tmp.push(fill);
          out.push(tmp);
        }
        return out;
      }),
    ],
    [
      'sort',
      pyfunc(
        'value, reverse=False, case_sensitive=False, attribute=None',
        (c, value, reverse, cs, attribute) => {
          const post = truthy(cs) ? undefined : ignoreCase;
          const key =
            attribute !== null
              ? multiAttrGetter(c, attribute, post)
              : (x: PyValue): PyValue[] => [post ? post(x) : x];
          return sortItems(
            [...toList(value)],
            (x) => {
              const k = key(x);
              return k.length === 1 ? k[0]! : tuple(k);
            },
            truthy(reverse),
          );
        },
      ),
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
    [
      'tojson',
      pyfunc('value, indent=None', (_c, v, indent) => {
        const s = pyJsonDumps(v, {
          plain: true,
          sortKeys: true,
          indent: indent === null ? null : (resolve(indent) as number),
        });
        return new Markup(
          s
            .replace(/</g, '\\u003c')
            .replace(/>/g, '\\u003e')
            .replace(/&/g, '\\u0026')
            .replace(/'/g, '\\u0027'),
        );
      }),
    ],
    [
      'unique',
      pyfunc('value, case_sensitive=False, attribute=None', (c, value, cs, attribute) => {
        const key =
          attribute !== null
            ? attrGetter(c, attribute, truthy(cs) ? undefined : ignoreCase)
            : (x: PyValue) => (truthy(cs) ? x : ignoreCase(x));
        const seen: PyValue[] = [];
        const out: PyValue[] = [];
        for (const it of toList(value)) {
          const k = key(it);
          if (!seen.some((s) => eq(s, k))) {
            seen.push(k);
            out.push(it);
          }
        }
        return out;
      }),
    ],
  ];
}

export { pyRepr };
