/** Jinja2's ordering filters: dictsort, sort, groupby, unique, min and max. */
import { pyfunc, type CallInfo, type PyFunction } from '../../py/callable.js';
import { PyTuple, asTuple, resolve, tuple, type PyValue } from '../../py/values.js';
import { compare, eq } from '../../py/compare.js';
import { toList, truthy } from '../../py/ops.js';
import { attrGetter, ignoreCase, multiAttrGetter, undef } from './util.js';
import { TemplateRuntimeError } from '../errors.js';

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

export function sortingFilters(): [string, PyFunction][] {
  return [
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
