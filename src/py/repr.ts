/**
 * Python's `str()` and `repr()` of bosun values, byte for byte: templates print lists, dicts,
 * floats and booleans the way Python does (`[1, 'a']`, `{'k': None}`, `3.0`, `True`, `1e+16`).
 */
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
import { PyFunction } from './callable.js';
import { undefinedError } from './undefined.js';

/** Python's repr of a float (shortest round-trip digits, Python's exponent rules). */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${body}` : body;
}

/** Characters Python's str.isprintable() rejects (escaped by repr). */
const NONPRINTABLE = /^[\p{C}\p{Z}]$/u;

/** Python's repr of a str: quote choice and escapes as CPython. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NONPRINTABLE.test(ch))
      out +=
        c < 0x100
          ? '\\x' + c.toString(16).padStart(2, '0')
          : c < 0x10000
            ? '\\u' + c.toString(16).padStart(4, '0')
            : '\\U' + c.toString(16).padStart(8, '0');
    else out += ch;
  }
  return out + quote;
}

/** Python's `type(x).__name__`, for error messages and `'dict object'` hints. */
export function typeName(v: PyValue): string {
  v = resolve(v);
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'string' || v instanceof UnsafeText) return 'str';
  if (v instanceof Markup) return 'Markup';
  if (v instanceof PyTuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
  if (v instanceof Undefined) return 'Undefined';
  if (typeof v === 'function' || v instanceof PyFunction) return 'function';
  const named = (v as { pyTypeName?: string }).pyTypeName;
  if (typeof named === 'string') return named;
  return 'object';
}

/** Python `str(x)`. Strict undefined values raise. */
export function pyStr(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Lazy) v = resolve(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (v instanceof Markup || v instanceof UnsafeText) return v.value;
  if (v instanceof Undefined) {
    if (v.kind === 'strict' || v.kind === 'strict-chainable') throw undefinedError(v);
    return '';
  }
  const custom = (v as { pyStr?: () => string } | null)?.pyStr;
  if (typeof custom === 'function') return custom.call(v);
  return pyRepr(v);
}

/** Python `repr(x)`. */
export function pyRepr(v: PyValue, seen: Set<object> = new Set()): string {
  v = resolve(v);
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof UnsafeText) return strRepr(v.value);
  if (v instanceof Markup) return `Markup(${strRepr(v.value)})`;
  if (v instanceof Undefined) {
    if (v.kind === 'strict' || v.kind === 'strict-chainable') throw undefinedError(v);
    return 'Undefined';
  }
  const custom = (v as { pyRepr?: () => string }).pyRepr;
  if (typeof custom === 'function') return custom.call(v);
  if (Array.isArray(v)) {
    if (seen.has(v)) return v instanceof PyTuple ? '(...)' : '[...]';
    seen.add(v);
    const items = v.map((x) => pyRepr(x, seen));
    seen.delete(v);
    if (v instanceof PyTuple)
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (v instanceof Map) {
    if (seen.has(v)) return '{...}';
    seen.add(v);
    const items: string[] = [];
    for (const [k, x] of v) items.push(`${pyRepr(k, seen)}: ${pyRepr(x, seen)}`);
    seen.delete(v);
    return `{${items.join(', ')}}`;
  }
  if (v instanceof PyFunction) return `<function ${v.name}>`;
  if (typeof v === 'function') return `<function ${v.name || 'anonymous'}>`;
  if (v instanceof Set)
    return v.size === 0 ? 'set()' : `{${[...v].map((x) => pyRepr(x as PyValue, seen)).join(', ')}}`;
  return '<object>';
}
