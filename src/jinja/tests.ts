/** Jinja2 3.1's built-in tests (`is defined`, `is divisibleby 3`, `is ==` …). */
import { named, pyfunc, PyFunction } from '../py/callable.js';
import { Markup, PyFloat, resolve, Undefined, UnsafeText, type PyValue } from '../py/values.js';
import { contains, toList } from '../py/ops.js';
import { eq, ge, gt, le, lt, sameas } from '../py/compare.js';
import { mod } from '../py/arith.js';
import { pyStr } from '../py/repr.js';
import { envOf } from './filters/util.js';
import { FAST_TESTS } from './runtime/rt.js';

function isCallable(v: PyValue): boolean {
  v = resolve(v);
  return (
    typeof v === 'function' ||
    v instanceof PyFunction ||
    (typeof v === 'object' &&
      v !== null &&
      ['Macro', 'builtin_function_or_method', 'LoopContext'].includes(
        (v as { pyTypeName?: string }).pyTypeName ?? '',
      ))
  );
}

/** Direct predicates for the one-argument tests (rt.test's fast path). */
const FAST: Record<string, (v: PyValue) => boolean> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  string: (v) => typeof v === 'string' || v instanceof Markup || v instanceof UnsafeText,
  mapping: (v) => v instanceof Map,
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
};

export function defaultTests(): [string, PyFunction][] {
  const t = (spec: string, fn: (v: PyValue, ...a: PyValue[]) => boolean): PyFunction =>
    pyfunc(spec, (_c, v, ...a: PyValue[]) => fn(resolve(v), ...a));
  const cmp = (f: (a: PyValue, b: PyValue) => boolean): PyFunction => t('a, b', (a, b) => f(a, b));
  const eqT = cmp(eq),
    neT = cmp((a, b) => !eq(a, b)),
    ltT = cmp(lt),
    leT = cmp(le),
    gtT = cmp(gt),
    geT = cmp(ge);
  const tests: [string, PyFunction][] = [
    ['boolean', t('value', (v) => typeof v === 'boolean')],
    ['callable', t('obj', (v) => isCallable(v))],
    ['defined', t('value', (v) => !(v instanceof Undefined))],
    ['undefined', t('value', (v) => v instanceof Undefined)],
    ['divisibleby', t('value, num', (v, n) => eq(mod(v, n), 0))],
    ['even', t('value', (v) => eq(mod(v, 2), 0))],
    ['odd', t('value', (v) => eq(mod(v, 2), 1))],
    [
      'escaped',
      t(
        'value',
        (v) =>
          v instanceof Markup ||
          typeof (v as { __html__?: unknown } | null)?.__html__ === 'function',
      ),
    ],
    ['false', t('value', (v) => v === false)],
    ['true', t('value', (v) => v === true)],
    ['none', t('value', (v) => v === null)],
    [
      'float',
      t('value', (v) => v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v))),
    ],
    [
      'integer',
      t('value', (v) => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint'),
    ],
    [
      'number',
      t(
        'value',
        (v) =>
          typeof v === 'number' ||
          typeof v === 'bigint' ||
          typeof v === 'boolean' ||
          v instanceof PyFloat,
      ),
    ],
    [
      'string',
      t('value', (v) => typeof v === 'string' || v instanceof Markup || v instanceof UnsafeText),
    ],
    ['mapping', t('value', (v) => v instanceof Map)],
    [
      'sequence',
      t(
        'value',
        (v) =>
          typeof v === 'string' ||
          v instanceof Markup ||
          Array.isArray(v) ||
          v instanceof Map ||
          v instanceof Undefined,
      ),
    ],
    [
      'iterable',
      t('value', (v) => {
        try {
          toList(v);
          return true;
        } catch {
          return false;
        }
      }),
    ],
    [
      'lower',
      t('value', (v) => {
        const s = pyStr(v);
        return s === s.toLowerCase() && /\p{L}/u.test(s) ? /\p{Ll}/u.test(s) : false;
      }),
    ],
    [
      'upper',
      t('value', (v) => {
        const s = pyStr(v);
        return s === s.toUpperCase() && /\p{Lu}/u.test(s);
      }),
    ],
    ['sameas', t('value, other', (v, o) => sameas(v, o))],
    ['in', t('value, seq', (v, s) => contains(s, v))],
    ['eq', eqT],
    ['==', eqT],
    ['equalto', eqT],
    ['ne', neT],
    ['!=', neT],
    ['lt', ltT],
    ['<', ltT],
    ['lessthan', ltT],
    ['le', leT],
    ['<=', leT],
    ['gt', gtT],
    ['>', gtT],
    ['greaterthan', gtT],
    ['ge', geT],
    ['>=', geT],
    ['filter', pyfunc('value', (c, v) => envOf(c).filters.has(pyStr(v)))],
    ['test', pyfunc('value', (c, v) => envOf(c).tests.has(pyStr(v)))],
  ];
  return tests.map(([n, f]) => {
    const fn = named(n, f);
    const fast = FAST[n];
    if (fast) FAST_TESTS.set(fn, (v) => fast(resolve(v)));
    return [n, fn];
  });
}
