/**
 * Methods of Python values that templates call: `s.split(',')`, `d.items()`, `l.append(x)`.
 * Each is a PyFunction whose first parameter is `self`. String methods are in str-methods.ts.
 */
import { pyfunc, PyFunction, PyTypeError } from './callable.js';
import {
  Markup,
  PyTuple,
  Undefined,
  UnsafeText,
  resolve,
  tuple,
  asTuple,
  type PyValue,
} from './values.js';
import { pyRepr } from './repr.js';
import { compare, dictLookup, eq, MISSING } from './compare.js';
import { toList } from './ops.js';
import { STR_METHODS } from './str-methods.js';
import { EvalRuntimeError } from './errors.js';

/** `obj.name` where name is a method: calling it passes `obj` as self. */
export class BoundMethod {
  readonly pyTypeName = 'builtin_function_or_method';
  constructor(
    readonly self: PyValue,
    readonly fn: PyFunction,
    readonly name: string,
  ) {}
  pyRepr(): string {
    return `<built-in method ${this.name} of ${Array.isArray(this.self) ? 'list' : this.self instanceof Map ? 'dict' : 'str'} object>`;
  }
}

/** A dict view (`d.items()`, `d.keys()`, `d.values()`): iterable, prints as Python does. */
export class DictView extends Array<PyValue> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  viewKind = 'dict_items';
  get pyTypeName(): string {
    return this.viewKind;
  }
  pyRepr(): string {
    return `${this.viewKind}([${this.map((x) => pyRepr(x)).join(', ')}])`;
  }
}

function view(kind: string, items: PyValue[]): DictView {
  // Re-prototype a plain array: constructing Array subclasses is slow in V8.
  Object.setPrototypeOf(items, DictView.prototype);
  const v = items as DictView;
  v.viewKind = kind;
  return v;
}

function idx(i: PyValue): number {
  i = resolve(i);
  if (typeof i === 'boolean') return i ? 1 : 0;
  if (typeof i === 'number' && Number.isInteger(i)) return i;
  throw new PyTypeError('list indices must be integers or slices');
}

const LIST_METHODS: Record<string, PyFunction> = {
  append: pyfunc('self, x', (_c, self: PyValue[], x) => {
    self.push(x);
    return null;
  }),
  extend: pyfunc('self, it', (_c, self: PyValue[], it) => {
    self.push(...toList(it));
    return null;
  }),
  insert: pyfunc('self, i, x', (_c, self: PyValue[], i, x) => {
    let n = idx(i);
    if (n < 0) n = Math.max(0, self.length + n);
    self.splice(Math.min(n, self.length), 0, x);
    return null;
  }),
  pop: pyfunc('self, i=-1', (_c, self: PyValue[], i) => {
    if (self.length === 0) throw new EvalRuntimeError('pop from empty list');
    let n = idx(i);
    if (n < 0) n += self.length;
    if (n < 0 || n >= self.length) throw new EvalRuntimeError('pop index out of range');
    return self.splice(n, 1)[0]!;
  }),
  remove: pyfunc('self, x', (_c, self: PyValue[], x) => {
    const n = self.findIndex((y) => eq(y, x));
    if (n < 0) throw new EvalRuntimeError('list.remove(x): x not in list');
    self.splice(n, 1);
    return null;
  }),
  index: pyfunc('self, x, start=0, stop=None', (_c, self: PyValue[], x, start, stop) => {
    const end = stop === null ? self.length : idx(stop);
    for (let i = idx(start); i < end && i < self.length; i++) if (eq(self[i]!, x)) return i;
    throw new EvalRuntimeError(`${pyRepr(x).length < 40 ? 'value' : 'value'} is not in list`);
  }),
  count: pyfunc('self, x', (_c, self: PyValue[], x) => self.filter((y) => eq(y, x)).length),
  reverse: pyfunc('self', (_c, self: PyValue[]) => {
    self.reverse();
    return null;
  }),
  sort: pyfunc('self, *, key=None, reverse=False', (_c, self: PyValue[], _key, reverse) => {
    const sorted = [...self].sort((a, b) => compare(a, b));
    if (reverse === true) sorted.reverse();
    self.splice(0, self.length, ...sorted);
    return null;
  }),
  copy: pyfunc('self', (_c, self: PyValue[]) => [...self]),
  clear: pyfunc('self', (_c, self: PyValue[]) => {
    self.length = 0;
    return null;
  }),
};

const TUPLE_METHODS: Record<string, PyFunction> = {
  index: LIST_METHODS.index!,
  count: LIST_METHODS.count!,
};

function keyError(k: PyValue): EvalRuntimeError {
  return new EvalRuntimeError(`KeyError: ${typeof k === 'string' ? 'key' : pyRepr(k)}`);
}

function dictDelete(m: Map<PyValue, PyValue>, key: PyValue): PyValue | typeof MISSING {
  const v = dictLookup(m, key);
  if (v === MISSING) return MISSING;
  for (const k of m.keys())
    if (k === key || eq(k, key)) {
      m.delete(k);
      break;
    }
  return v;
}

function dictSet(m: Map<PyValue, PyValue>, key: PyValue, value: PyValue): void {
  key = resolve(key);
  if (typeof key !== 'string' && !m.has(key)) {
    for (const k of m.keys())
      if (eq(k, key)) {
        m.set(k, value);
        return;
      }
  }
  m.set(key, value);
}

function updateFrom(m: Map<PyValue, PyValue>, other: PyValue): void {
  other = resolve(other);
  if (other instanceof Map) {
    for (const [k, v] of other) dictSet(m, k, v);
    return;
  }
  for (const pair of toList(other)) {
    const kv = toList(pair);
    if (kv.length !== 2)
      throw new EvalRuntimeError('dictionary update sequence element has wrong length');
    dictSet(m, kv[0]!, kv[1]!);
  }
}

const DICT_METHODS: Record<string, PyFunction> = {
  items: pyfunc('self', (_c, self: Map<PyValue, PyValue>) =>
    view(
      'dict_items',
      [...self].map(([k, v]) => asTuple([k, v])),
    ),
  ),
  keys: pyfunc('self', (_c, self: Map<PyValue, PyValue>) => view('dict_keys', [...self.keys()])),
  values: pyfunc('self', (_c, self: Map<PyValue, PyValue>) =>
    view('dict_values', [...self.values()]),
  ),
  get: pyfunc('self, key, default=None', (_c, self: Map<PyValue, PyValue>, key, d) => {
    const v = dictLookup(self, key);
    return v === MISSING ? d : v;
  }),
  update: pyfunc(
    'self, other=None, **kwargs',
    (_c, self: Map<PyValue, PyValue>, other, kwargs: Map<string, PyValue>) => {
      if (other !== null) updateFrom(self, other);
      for (const [k, v] of kwargs) dictSet(self, k, v);
      return null;
    },
  ),
  pop: pyfunc('self, key, *default', (_c, self: Map<PyValue, PyValue>, key, dflt: PyValue[]) => {
    const v = dictDelete(self, key);
    if (v !== MISSING) return v;
    if (dflt.length) return dflt[0]!;
    throw keyError(key);
  }),
  setdefault: pyfunc('self, key, default=None', (_c, self: Map<PyValue, PyValue>, key, d) => {
    const v = dictLookup(self, key);
    if (v !== MISSING) return v;
    dictSet(self, key, d);
    return d;
  }),
  popitem: pyfunc('self', (_c, self: Map<PyValue, PyValue>) => {
    const last = [...self.keys()].pop();
    if (last === undefined) throw new EvalRuntimeError("'popitem(): dictionary is empty'");
    const v = self.get(last)!;
    self.delete(last);
    return tuple([last, v]);
  }),
  copy: pyfunc('self', (_c, self: Map<PyValue, PyValue>) => new Map(self)),
  clear: pyfunc('self', (_c, self: Map<PyValue, PyValue>) => {
    self.clear();
    return null;
  }),
};

/** Null-prototype copies: `{{ d.constructor }}` must not find Object.prototype members. */
function table(src: Record<string, PyFunction>): Record<string, PyFunction> {
  const t = Object.create(null) as Record<string, PyFunction>;
  for (const [name, fn] of Object.entries(src)) t[name] = fn.renamed(name);
  return t;
}
const LIST_T = table(LIST_METHODS),
  TUPLE_T = table(TUPLE_METHODS),
  STR_T = table(STR_METHODS);
export const DICT_T = table(DICT_METHODS);

/** The method table for a value's type, or undefined when it has none. */
export function methodTable(obj: PyValue): Record<string, PyFunction> | undefined {
  if (typeof obj === 'string' || obj instanceof Markup || obj instanceof UnsafeText) return STR_T;
  if (obj instanceof Map) return DICT_T;
  if (obj instanceof PyTuple) return TUPLE_T;
  if (obj instanceof DictView) return undefined;
  if (Array.isArray(obj)) return LIST_T;
  return undefined;
}

/** Call `obj.name(...)` without materialising a bound method (the common fast path). */
export function lookupMethod(obj: PyValue, name: string): PyFunction | undefined {
  if (obj instanceof Undefined) return undefined;
  return methodTable(obj)?.[name];
}

export { dictSet };
