/** Python's arithmetic operators (+ - * / // % ** and unary -/+) with int/float/bigint rules. */
import { PyTypeError } from './callable.js';
import {
  Markup,
  PyFloat,
  PyTuple,
  Undefined,
  asTuple,
  isSequence,
  resolve,
  type PyValue,
} from './values.js';
import { typeName } from './repr.js';
import { undefinedError } from './undefined.js';
import { EvalRuntimeError } from './errors.js';
import { big, intOf, isFloatish, isNum, normInt, plain, toNumber } from './numbers.js';

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
  if (isSequence(a) && isSequence(b) && a instanceof PyTuple === b instanceof PyTuple) {
    const r = [...a, ...b];
    return a instanceof PyTuple ? asTuple(r) : r;
  }
  if (isSequence(a) && isSequence(b))
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
    if (isSequence(seq)) {
      const r: PyValue[] = [];
      for (let i = 0; i < count; i++) r.push(...seq);
      return seq instanceof PyTuple ? asTuple(r) : r;
    }
    return unsupported('*', a, b);
  };
  if (typeof a === 'string' || a instanceof Markup || Array.isArray(a)) return rep(a, b);
  if (typeof b === 'string' || b instanceof Markup || Array.isArray(b)) return rep(b, a);
  return unsupported('*', a, b);
}

// `/` is true division, `//` and `%` take the divisor's sign, `**` of ints stays exact.

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
