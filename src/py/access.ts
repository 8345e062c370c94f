/**
 * Attribute and item access with Jinja2's rules: `a.b` tries the attribute (methods of str, list,
 * dict…) then the item; `a['b']` tries the item then the attribute. Negative indexes and slices
 * with steps behave as in Python. Missing things become Undefined values with Jinja2's hints.
 */
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
import { typeName, pyRepr } from './repr.js';
import { dictLookup, MISSING } from './compare.js';
import { plain } from './ops.js';
import { methodTable, BoundMethod } from './methods.js';
import { undefinedError } from './undefined.js';
import { described } from './describe.js';

/** Creates Undefined values (the environment's undefined kind / factory). */
export type MakeUndefined = (name: string | null, hint: string, obj?: PyValue) => Undefined;

/**
 * Jinja2's hint for a missing attribute or item. `shown` is false when the name is data (a
 * subscript `a[x]`, the attr filter) rather than template text (`a.name`): data may be a secret,
 * so the hint gives its type and size instead (docs/security.md, "Secrets in error messages").
 */
function missingAttrHint(obj: PyValue, name: PyValue, shown = true): string {
  if (!shown)
    return `'${objectName(obj)}' has no ${typeof name === 'string' ? 'attribute' : 'element'} (${described(name)})`;
  if (typeof name !== 'string') return `'${objectName(obj)}' has no element ${pyRepr(name)}`;
  return `'${objectName(obj)}' has no attribute '${name}'`;
}

function objectName(obj: PyValue): string {
  const t = typeName(obj);
  return `${t} object`;
}

/** An object with Python attributes (namespace, loop, cycler…) implements this. */
interface HasAttrs {
  pyGetAttr(name: string): PyValue | undefined;
}

function hasAttrs(v: unknown): v is HasAttrs {
  return typeof v === 'object' && v !== null && typeof (v as HasAttrs).pyGetAttr === 'function';
}

/** Attribute or item of an undefined: chainable kinds return themselves, the others raise. */
function checkUndefinedObj(obj: Undefined): PyValue {
  if (obj.kind === 'chainable' || obj.kind === 'strict-chainable') return obj;
  throw undefinedError(obj);
}

/**
 * Jinja2's `environment.getattr(obj, name)`. `shown` false: the name is data, not template text
 * (the attr filter, a subscript's fallback), and a missing-attribute hint does not echo it.
 */
export function getattr(obj: PyValue, name: string, undef: MakeUndefined, shown = true): PyValue {
  obj = plain(obj);
  if (obj instanceof Map) {
    const m = methodTable(obj)?.[name];
    if (m) return new BoundMethod(obj, m, name);
    const v = dictLookup(obj, name);
    if (v !== MISSING) return v;
    return undef(null, missingAttrHint(obj, name, shown), obj);
  }
  if (obj instanceof Undefined) return checkUndefinedObj(obj);
  if (hasAttrs(obj)) {
    const v = obj.pyGetAttr(name);
    if (v !== undefined) return v;
    return undef(null, missingAttrHint(obj, name, shown), obj);
  }
  const table = methodTable(obj);
  const m = table?.[name];
  if (m) return new BoundMethod(obj, m, name);
  if (obj instanceof PyFloat) {
    if (name === 'real') return obj;
    if (name === 'imag') return new PyFloat(0);
  }
  if (typeof obj === 'number' || typeof obj === 'bigint') {
    if (name === 'real' || name === 'numerator') return obj;
    if (name === 'imag') return 0;
    if (name === 'denominator') return 1;
  }
  // Fall back to item access (Jinja2 does `obj[name]` after getattr fails).
  if (Array.isArray(obj) || typeof obj === 'string') {
    return undef(null, missingAttrHint(obj, name, shown), obj);
  }
  return undef(null, missingAttrHint(obj, name, shown), obj);
}

/** Jinja2's `environment.getitem(obj, key)`. */
export function getitem(obj: PyValue, key: PyValue, undef: MakeUndefined): PyValue {
  obj = plain(obj);
  key = plain(key);
  if (obj instanceof Map) {
    const v = dictLookup(obj, key);
    if (v !== MISSING) return v;
    if (typeof key === 'string') {
      const m = methodTable(obj)?.[key];
      if (m) return new BoundMethod(obj, m, key);
    }
    return undef(null, missingAttrHint(obj, key, false), obj);
  }
  if (obj instanceof Undefined) return checkUndefinedObj(obj);
  if (isSequence(obj) || typeof obj === 'string' || obj instanceof Markup) {
    if (key instanceof SliceValue) return sliceSeq(obj, key);
    let idx = key;
    if (typeof idx === 'boolean') idx = idx ? 1 : 0;
    if (typeof idx === 'number' && Number.isInteger(idx)) {
      const seq =
        typeof obj === 'string'
          ? Array.from(obj)
          : obj instanceof Markup
            ? Array.from(obj.value)
            : obj;
      const i = idx < 0 ? seq.length + idx : idx;
      if (i >= 0 && i < seq.length) {
        const v = seq[i]!;
        return obj instanceof Markup ? new Markup(v as string) : v;
      }
      return undef(null, missingAttrHint(obj, key, false), obj);
    }
    if (typeof key === 'string') {
      const m = methodTable(obj)?.[key];
      if (m) return new BoundMethod(obj, m, key);
    }
    return undef(null, missingAttrHint(obj, key, false), obj);
  }
  if (hasAttrs(obj) && typeof key === 'string') {
    const v = obj.pyGetAttr(key);
    if (v !== undefined) return v;
  }
  const custom = (obj as { pyGetItem?: (k: PyValue) => PyValue | undefined } | null)?.pyGetItem;
  if (typeof custom === 'function') {
    const v = custom.call(obj, key);
    if (v !== undefined) return v;
  }
  if (typeof key === 'string') return getattr(obj, key, undef, false);
  return undef(null, missingAttrHint(obj, key, false), obj);
}

/** A Python `slice(start, stop, step)` object, produced by `a[1:2]` syntax. */
export class SliceValue {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {}
}

function sliceIndex(v: PyValue): number | null {
  v = resolve(v);
  if (v === null || v instanceof Undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  throw new PyTypeError('slice indices must be integers or None or have an __index__ method');
}

/** Python slicing of lists, tuples and strings. */
export function sliceSeq(obj: PyValue[] | string | Markup, s: SliceValue): PyValue {
  if (typeof obj === 'string') return sliceItems(Array.from(obj), s).join('');
  if (obj instanceof Markup) return new Markup(sliceItems(Array.from(obj.value), s).join(''));
  const out = sliceItems(obj, s);
  return obj instanceof PyTuple ? asTuple(out) : out;
}

/** The items `seq[start:stop:step]` selects. */
function sliceItems<T>(seq: readonly T[], s: SliceValue): T[] {
  const len = seq.length;
  const step = sliceIndex(s.step) ?? 1;
  if (step === 0) throw new PyTypeError('slice step cannot be zero');
  let start = sliceIndex(s.start);
  let stop = sliceIndex(s.stop);
  const out: T[] = [];
  if (step > 0) {
    start = start === null ? 0 : start < 0 ? Math.max(0, len + start) : Math.min(start, len);
    stop = stop === null ? len : stop < 0 ? Math.max(0, len + stop) : Math.min(stop, len);
    for (let i = start; i < stop; i += step) out.push(seq[i]!);
  } else {
    start =
      start === null ? len - 1 : start < 0 ? Math.max(-1, len + start) : Math.min(start, len - 1);
    stop = stop === null ? -1 : stop < 0 ? Math.max(-1, len + stop) : Math.min(stop, len - 1);
    for (let i = start; i > stop; i += step) out.push(seq[i]!);
  }
  return out;
}
