/** Python's comparisons: `==` by value, `<`-family ordering, dict lookup by equality, `is`. */
import { PyTypeError } from './callable.js';
import {
  Markup,
  PyTuple,
  Undefined,
  UnsafeText,
  isDict,
  isSequence,
  resolve,
  type PyValue,
} from './values.js';
import { typeName } from './repr.js';
import { undefinedError } from './undefined.js';
import { big, isFloatish, isNum, plain, toNumber } from './numbers.js';

/** Python `==`. */
export function eq(a: PyValue, b: PyValue): boolean {
  if (a instanceof UnsafeText) a = a.value;
  if (b instanceof UnsafeText) b = b.value;
  if (a === b) {
    if (a instanceof Undefined && (a.kind === 'strict' || a.kind === 'strict-chainable'))
      throw undefinedError(a);
    return true;
  }
  a = resolve(a);
  b = resolve(b);
  if (a instanceof Undefined || b instanceof Undefined) {
    if (a instanceof Undefined && (a.kind === 'strict' || a.kind === 'strict-chainable'))
      throw undefinedError(a);
    if (b instanceof Undefined && (b.kind === 'strict' || b.kind === 'strict-chainable'))
      throw undefinedError(b);
    return a instanceof Undefined && b instanceof Undefined;
  }
  if (isNum(a) && isNum(b)) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      if (isFloatish(a) || isFloatish(b)) return toNumber(a) === toNumber(b);
      return big(a as number) === big(b as number);
    }
    return toNumber(a) === toNumber(b);
  }
  if (
    (typeof a === 'string' || a instanceof Markup) &&
    (typeof b === 'string' || b instanceof Markup)
  )
    return String(a) === String(b);
  if (isSequence(a) && isSequence(b)) {
    if (a instanceof PyTuple !== b instanceof PyTuple || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i]!, b[i]!)) return false;
    return true;
  }
  if (isDict(a) && isDict(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      const found = dictLookup(b, k);
      if (found === MISSING || !eq(v, found)) return false;
    }
    return true;
  }
  const custom = (a as { pyEq?: (o: PyValue) => boolean } | null)?.pyEq;
  if (typeof custom === 'function') return custom.call(a, b);
  return false;
}

export const MISSING: unique symbol = Symbol('missing');

/** Look a key up in a dict with Python's equality (1 == 1.0 == True, tuples by value). */
export function dictLookup(m: Map<PyValue, PyValue>, key: PyValue): PyValue | typeof MISSING {
  key = plain(key);
  const direct = m.get(key);
  if (direct !== undefined || m.has(key)) return direct as PyValue;
  if (typeof key === 'string') return MISSING;
  for (const [k, v] of m) if (typeof k !== 'string' && eq(k, key)) return v;
  return MISSING;
}

function cmpError(op: string, a: PyValue, b: PyValue): never {
  throw new PyTypeError(
    `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  );
}

/** Three-way comparison for `<`-family operators and sorting; raises for unorderable types. */
export function compare(a: PyValue, b: PyValue, op = '<'): number {
  a = plain(a);
  b = plain(b);
  if (a instanceof Undefined) throw undefinedError(a);
  if (b instanceof Undefined) throw undefinedError(b);
  if (isNum(a) && isNum(b)) {
    if ((typeof a === 'bigint' || typeof b === 'bigint') && !isFloatish(a) && !isFloatish(b)) {
      const x = big(a as number),
        y = big(b as number);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = toNumber(a),
      y = toNumber(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (
    (typeof a === 'string' || a instanceof Markup) &&
    (typeof b === 'string' || b instanceof Markup)
  ) {
    const x = String(a),
      y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isSequence(a) && isSequence(b) && a instanceof PyTuple === b instanceof PyTuple) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!eq(a[i]!, b[i]!)) return compare(a[i]!, b[i]!, op);
    }
    return a.length - b.length;
  }
  const custom = (a as { pyCompare?: (o: PyValue) => number | undefined } | null)?.pyCompare;
  const r = typeof custom === 'function' ? custom.call(a, b) : undefined;
  if (r !== undefined) return r;
  return cmpError(op, a, b);
}

export const lt = (a: PyValue, b: PyValue): boolean => compare(a, b, '<') < 0;
export const le = (a: PyValue, b: PyValue): boolean => compare(a, b, '<=') <= 0;
export const gt = (a: PyValue, b: PyValue): boolean => compare(a, b, '>') > 0;
export const ge = (a: PyValue, b: PyValue): boolean => compare(a, b, '>=') >= 0;

/** Python's `hash`-free identity check for `is sameas`. */
export function sameas(a: PyValue, b: PyValue): boolean {
  a = resolve(a);
  b = resolve(b);
  if (a === b) return true;
  // Small ints and interned values compare equal by identity in CPython.
  return false;
}
