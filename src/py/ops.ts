/**
 * Python truthiness, membership (`in`), iteration and `len()` over bosun values. The other
 * operators live in arith.ts (arithmetic) and compare.ts (equality and ordering).
 */
import { PyTypeError } from './callable.js';
import {
  Lazy,
  Markup,
  PyFloat,
  Undefined,
  UnsafeText,
  isSequence,
  resolve,
  type PyValue,
} from './values.js';
import { typeName } from './repr.js';
import { undefinedError } from './undefined.js';
import { dictLookup, eq, MISSING } from './compare.js';
import { normInt, plain, toNumber } from './numbers.js';

export { normInt, plain, toNumber };

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
  if (isSequence(container)) return container.some((x) => eq(x, item));
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
