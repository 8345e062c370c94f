/**
 * Jinja2's filters over whole sequences and mappings: default, attr, items, first/last, length,
 * batch/slice, join, list, reverse, random, pprint, tojson. Numbers are in numbers.ts, ordering in
 * sorting.ts, per-item map/select in selecting.ts.
 */
import { described } from '../../py/describe.js';
import { pyfunc, type PyFunction } from '../../py/callable.js';
import { Markup, Undefined, asTuple, resolve, type PyValue } from '../../py/values.js';
import { escapeHtml } from '../../py/arith.js';
import { pyLen, toList, toNumber, truthy } from '../../py/ops.js';
import { pyStr } from '../../py/repr.js';
import { getattr } from '../../py/access.js';
import { lookupMethod } from '../../py/methods.js';
import { pyJsonDumps } from '../../py/json.js';
import { pformat } from './pprint.js';
import { attrGetter, autoescaping, envOf, softStr, undef } from './util.js';
import { TemplateRuntimeError } from '../errors.js';

export function collectionFilters(): [string, PyFunction][] {
  const defaultFn = pyfunc("value, default_value='', boolean=False", (_c, v, d, boolean) => {
    const r = resolve(v);
    if (r instanceof Undefined || (truthy(boolean) && !truthy(r))) return d;
    return v;
  });
  const length = pyfunc('obj', (_c, v) => pyLen(v));
  return [
    [
      'attr',
      pyfunc('obj, name', (c, obj, name) => {
        // Python getattr only: dict keys are not attributes.
        const o = resolve(obj);
        const n = softStr(name);
        if (o instanceof Map)
          return typeof o.get(n) !== 'undefined' && !lookupMethod(o, n)
            ? undef(c, `'dict object' has no attribute (${described(n)})`)
            : getattr(o, n, (x, h) => envOf(c).makeUndefined(x, h, o), false);
        return getattr(o, n, (x, h) => envOf(c).makeUndefined(x, h, o), false);
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
      'reverse',
      pyfunc('value', (_c, v) => {
        const r = resolve(v);
        if (typeof r === 'string') return [...r].reverse().join('');
        if (r instanceof Markup) return new Markup([...r.value].reverse().join(''));
        return [...toList(r)].reverse();
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
  ];
}
