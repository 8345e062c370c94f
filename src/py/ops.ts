/**
 * Python operators over bosun values: arithmetic with int/float/bigint rules (floor division and
 * modulo take the divisor's sign, `/` is true division, `**` of ints stays exact), comparisons,
 * truthiness, `in`, and iteration.
 */
import { PyTypeError } from './callable.js';
import {
  Lazy,
  Markup,
  PyFloat,
  PyTuple,
  Undefined,
  UnsafeText,
  resolve,
  type PyValue,
} from './values.js';
import { pyRepr, typeName } from './repr.js';
import { undefinedError } from './undefined.js';
import { EvalRuntimeError } from './errors.js';

import { big, intOf, isFloatish, isNum, normInt, plain, toNumber } from './numbers.js';

export { normInt, plain, toNumber };

/** Objects with operators (datetime, timedelta) implement `pyBinOp`; tried before failing. */
type BinOp = { pyBinOp?: (op: string, o: PyValue, reflected: boolean) => PyValue | undefined };
function unsupported(op: string, a: PyValue, b: PyValue): PyValue {
  const fa = (a as BinOp | null)?.pyBinOp,
    fb = (b as BinOp | null)?.pyBinOp;
  const r = typeof fa === 'function' ? fa.call(a, op, b, false) : undefined;
  if (r !== undefined) return r;
  const rr = typeof fb === 'function' ? fb.call(b, op, a, true) : undefined;
  if (rr !== undefined) return rr;
  throw new PyTypeError(
    `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`,
  );
}

function checkUndef(a: PyValue, b: PyValue): void {
  if (a instanceof Undefined) throw undefinedError(a);
  if (b instanceof Undefined) throw undefinedError(b);
}

function intOp(
  a: number | bigint | boolean,
  b: number | bigint | boolean,
  fn: (x: number, y: number) => number,
  bfn: (x: bigint, y: bigint) => bigint,
): number | bigint {
  const x = intOf(a),
    y = intOf(b);
  if (typeof x === 'number' && typeof y === 'number') {
    const r = fn(x, y);
    if (Number.isSafeInteger(r)) return r;
  }
  return normInt(bfn(BigInt(x), BigInt(y)));
}

export function add(a: PyValue, b: PyValue): PyValue {
  a = plain(a);
  b = plain(b);
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (
    typeof a === 'number' &&
    typeof b === 'number' &&
    Number.isInteger(a) &&
    Number.isInteger(b)
  ) {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  checkUndef(a, b);
  if (isNum(a) && isNum(b)) {
    if (isFloatish(a) || isFloatish(b)) return new PyFloat(toNumber(a) + toNumber(b));
    return intOp(
      a as number,
      b as number,
      (x, y) => x + y,
      (x, y) => x + y,
    );
  }
  if (a instanceof Markup || b instanceof Markup) {
    if (
      (typeof a === 'string' || a instanceof Markup) &&
      (typeof b === 'string' || b instanceof Markup)
    )
      return new Markup(markupText(a) + markupText(b));
  }
  if (Array.isArray(a) && Array.isArray(b) && a instanceof PyTuple === b instanceof PyTuple) {
    const r = [...a, ...b];
    return a instanceof PyTuple ? (PyTuple.from(r) as PyTuple) : r;
  }
  if (Array.isArray(a) && Array.isArray(b))
    throw new PyTypeError(
      `can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`,
    );
  if (typeof a === 'string')
    throw new PyTypeError(`can only concatenate str (not "${typeName(b)}") to str`);
  return unsupported('+', a, b);
}

function markupText(v: string | Markup): string {
  return v instanceof Markup ? v.value : escapeHtml(v);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}
const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

export function sub(a: PyValue, b: PyValue): PyValue {
  a = plain(a);
  b = plain(b);
  checkUndef(a, b);
  if (isNum(a) && isNum(b)) {
    if (isFloatish(a) || isFloatish(b)) return new PyFloat(toNumber(a) - toNumber(b));
    return intOp(
      a as number,
      b as number,
      (x, y) => x - y,
      (x, y) => x - y,
    );
  }
  return unsupported('-', a, b);
}

export function mul(a: PyValue, b: PyValue): PyValue {
  a = plain(a);
  b = plain(b);
  checkUndef(a, b);
  if (isNum(a) && isNum(b)) {
    if (isFloatish(a) || isFloatish(b)) return new PyFloat(toNumber(a) * toNumber(b));
    return intOp(
      a as number,
      b as number,
      (x, y) => x * y,
      (x, y) => x * y,
    );
  }
  const rep = (seq: PyValue, n: PyValue): PyValue => {
    if (typeof n === 'boolean') n = n ? 1 : 0;
    if (typeof n !== 'number' || !Number.isInteger(n)) return unsupported('*', a, b);
    const count = Math.max(0, n);
    if (typeof seq === 'string') return seq.repeat(count);
    if (seq instanceof Markup) return new Markup(seq.value.repeat(count));
    if (Array.isArray(seq)) {
      const r: PyValue[] = [];
      for (let i = 0; i < count; i++) r.push(...seq);
      return seq instanceof PyTuple ? (PyTuple.from(r) as PyTuple) : r;
    }
    return unsupported('*', a, b);
  };
  if (typeof a === 'string' || a instanceof Markup || Array.isArray(a)) return rep(a, b);
  if (typeof b === 'string' || b instanceof Markup || Array.isArray(b)) return rep(b, a);
  return unsupported('*', a, b);
}

function zeroDiv(msg: string): never {
  throw new EvalRuntimeError(msg);
}

export function truediv(a: PyValue, b: PyValue): PyValue {
  a = plain(a);
  b = plain(b);
  checkUndef(a, b);
  if (!isNum(a) || !isNum(b)) return unsupported('/', a, b);
  const y = toNumber(b);
  if (y === 0)
    zeroDiv(isFloatish(a) || isFloatish(b) ? 'float division by zero' : 'division by zero');
  if (typeof a === 'bigint' || typeof b === 'bigint')
    return new PyFloat(Number(big(a as bigint)) / Number(big(b as bigint)));
  return new PyFloat(toNumber(a) / y);
}

export function floordiv(a: PyValue, b: PyValue): PyValue {
  a = plain(a);
  b = plain(b);
  checkUndef(a, b);
  if (!isNum(a) || !isNum(b)) return unsupported('//', a, b);
  if (isFloatish(a) || isFloatish(b)) {
    const y = toNumber(b);
    if (y === 0) zeroDiv('float floor division by zero');
    return new PyFloat(Math.floor(toNumber(a) / y));
  }
  if (toNumber(b) === 0) zeroDiv('integer division or modulo by zero');
  const x = big(a as number),
    y = big(b as number);
  let q = x / y;
  if (x % y !== 0n && x < 0n !== y < 0n) q -= 1n;
  return normInt(q);
}

export function mod(a: PyValue, b: PyValue): PyValue {
  a = plain(a);
  b = plain(b);
  if (typeof a === 'string' || a instanceof Markup) return percentFormatHook(a, b);
  checkUndef(a, b);
  if (!isNum(a) || !isNum(b)) return unsupported('%', a, b);
  if (isFloatish(a) || isFloatish(b)) {
    const x = toNumber(a),
      y = toNumber(b);
    if (y === 0) zeroDiv('float modulo');
    let r = x % y;
    if (r !== 0 && r < 0 !== y < 0) r += y;
    if (r === 0) r = y < 0 ? -0 : 0;
    return new PyFloat(r);
  }
  if (toNumber(b) === 0) zeroDiv('integer division or modulo by zero');
  const x = big(a as number),
    y = big(b as number);
  let r = x % y;
  if (r !== 0n && r < 0n !== y < 0n) r += y;
  return normInt(r);
}

/** Set by format.ts (avoids an import cycle): `str % args`. */
export let percentFormatHook: (fmt: string | Markup, args: PyValue) => PyValue = () => {
  throw new Error('format not loaded');
};
export function setPercentFormat(fn: typeof percentFormatHook): void {
  percentFormatHook = fn;
}

export function pow(a: PyValue, b: PyValue): PyValue {
  a = plain(a);
  b = plain(b);
  checkUndef(a, b);
  if (!isNum(a) || !isNum(b)) return unsupported('** or pow()', a, b);
  if (isFloatish(a) || isFloatish(b)) {
    const x = toNumber(a),
      y = toNumber(b);
    const r = Math.pow(x, y);
    if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) {
      if (x === 0) zeroDiv('0.0 cannot be raised to a negative power');
      throw new EvalRuntimeError("(34, 'Numerical result out of range')");
    }
    if (Number.isNaN(r) && x < 0)
      throw new EvalRuntimeError('negative number cannot be raised to a fractional power');
    return new PyFloat(r);
  }
  const y = intOf(b as number);
  if (y < 0) {
    if (toNumber(a) === 0) zeroDiv('0.0 cannot be raised to a negative power');
    return new PyFloat(Math.pow(toNumber(a), Number(y)));
  }
  const r = Math.pow(toNumber(a), Number(y));
  if (Number.isSafeInteger(r)) return r;
  return normInt(big(a as number) ** BigInt(y));
}

export function neg(a: PyValue): PyValue {
  a = resolve(a);
  if (a instanceof Undefined) throw undefinedError(a);
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  if (typeof a === 'bigint') return normInt(-a);
  if (typeof a === 'boolean') return a ? -1 : 0;
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  const custom = (a as { pyNeg?: () => PyValue } | null)?.pyNeg;
  if (typeof custom === 'function') return custom.call(a);
  throw new PyTypeError(`bad operand type for unary -: '${typeName(a)}'`);
}

export function pos(a: PyValue): PyValue {
  a = resolve(a);
  if (a instanceof Undefined) throw undefinedError(a);
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (isNum(a)) return a;
  if (typeof (a as { pyNeg?: unknown } | null)?.pyNeg === 'function') return a;
  throw new PyTypeError(`bad operand type for unary +: '${typeName(a)}'`);
}

/** Python truthiness. */
export function truthy(v: PyValue): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof Lazy) return truthy(resolve(v));
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof Markup || v instanceof UnsafeText) return v.value.length > 0;
  if (v instanceof Undefined) {
    if (v.kind === 'strict' || v.kind === 'strict-chainable') throw undefinedError(v);
    return false;
  }
  const b = (v as { pyBool?: () => boolean }).pyBool;
  if (typeof b === 'function') return b.call(v);
  return true;
}

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
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a instanceof PyTuple !== b instanceof PyTuple || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map && b instanceof Map) {
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
  if (Array.isArray(a) && Array.isArray(b) && a instanceof PyTuple === b instanceof PyTuple) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!eq(a[i], b[i])) return compare(a[i], b[i], op);
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

/** Python `a in b`. */
export function contains(container: PyValue, item: PyValue): boolean {
  container = plain(container);
  item = plain(item);
  if (typeof container === 'string' || container instanceof Markup) {
    if (typeof item !== 'string' && !(item instanceof Markup)) {
      if (item instanceof Undefined) throw undefinedError(item);
      throw new PyTypeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return String(container).includes(String(item));
  }
  if (Array.isArray(container)) return container.some((x) => eq(x, item));
  if (container instanceof Map) return dictLookup(container, item) !== MISSING;
  if (container instanceof Undefined) {
    if (container.kind === 'strict' || container.kind === 'strict-chainable')
      throw undefinedError(container);
    return false;
  }
  const custom = (container as { pyContains?: (x: PyValue) => boolean } | null)?.pyContains;
  if (typeof custom === 'function') return custom.call(container, item);
  throw new PyTypeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Python `iter(x)` materialised: strings give characters, dicts give keys. */
export function toList(v: PyValue): PyValue[] {
  v = plain(v);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (v instanceof Markup) return Array.from(v.value);
  if (v instanceof Map) return [...v.keys()];
  if (v instanceof Undefined) {
    if (v.kind === 'strict' || v.kind === 'strict-chainable') throw undefinedError(v);
    return [];
  }
  if (v instanceof Set) return [...v] as PyValue[];
  const it = (v as { pyIter?: () => PyValue[] } | null)?.pyIter;
  if (typeof it === 'function') return it.call(v);
  throw new PyTypeError(`'${typeName(v)}' object is not iterable`);
}

/** Python `len(x)`. */
export function pyLen(v: PyValue): number {
  v = plain(v);
  if (typeof v === 'string') return codepointLength(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  if (v instanceof Markup) return codepointLength(v.value);
  if (v instanceof Undefined) {
    if (v.kind === 'strict' || v.kind === 'strict-chainable') throw undefinedError(v);
    return 0;
  }
  if (v instanceof Set) return v.size;
  throw new PyTypeError(`object of type '${typeName(v)}' has no len()`);
}

function codepointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      n--;
      i++;
    }
  }
  return n;
}

/** Python's `hash`-free identity check for `is sameas`. */
export function sameas(a: PyValue, b: PyValue): boolean {
  a = resolve(a);
  b = resolve(b);
  if (a === b) return true;
  // Small ints and interned values compare equal by identity in CPython.
  return false;
}

export { pyRepr };
