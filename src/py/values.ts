/**
 * How Python values are represented in bosun (the contract shared by jinja/, ansible/, vars/,
 * play/ and modules/). Templates must render exactly as Python's Jinja2, so values keep the
 * distinctions Python makes:
 *
 * | Python              | JavaScript                                                       |
 * |---------------------|------------------------------------------------------------------|
 * | None                | `null`                                                           |
 * | bool                | `boolean`                                                        |
 * | int                 | `number` (always integral) or `bigint` beyond 2^53               |
 * | float               | {@link PyFloat} (so `3.0` stays a float and renders `3.0`)       |
 * | str                 | `string`                                                         |
 * | list                | `Array`                                                          |
 * | tuple               | {@link PyTuple} (an Array subclass)                              |
 * | dict                | `Map` (insertion order, keys of any type, `1` ≠ `'1'`)           |
 * | Markup (safe str)   | {@link Markup}                                                   |
 * | undefined variable  | {@link Undefined}                                                |
 * | lazily computed     | {@link Lazy} (vault values, templated vars) — unwrap with `resolve` |
 *
 * Callables (macros, bound methods, filters exposed as globals) are JS functions.
 * JS `undefined` never appears as a value.
 */

export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

export class PyTuple<T = PyValue> extends Array<T> {
  // map/filter/slice on a tuple give plain lists, so derived data never looks like a tuple.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/**
 * A tuple from an array literal. V8 constructs Array subclasses slowly; re-prototyping a
 * fresh literal is several times faster and gives the same object shape.
 */
export function asTuple(items: PyValue[]): PyTuple {
  Object.setPrototypeOf(items, PyTuple.prototype);
  return items;
}

/** Build a tuple from items. */
export function tuple<T = PyValue>(items: Iterable<T>): PyTuple<T> {
  const t = new PyTuple<T>();
  for (const item of items) t.push(item);
  return t;
}

/** A string marked safe for autoescaping (Jinja2's markupsafe.Markup). */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/**
 * How an undefined value behaves when used (Jinja2's Undefined classes). 'strict-chainable' is
 * Ansible's AnsibleUndefined: strict when used, but `.attr` / `[key]` return the same undefined
 * so the error names the first missing variable.
 */
export type UndefinedKind = 'default' | 'strict' | 'chainable' | 'strict-chainable';

/**
 * A missing variable or attribute. `hint` is the message used when it is used where a value
 * is needed (e.g. "'foo' is undefined" or "'dict object' has no attribute 'bar'").
 */
export class Undefined {
  constructor(
    readonly name: string | null,
    readonly hint: string,
    readonly kind: UndefinedKind = 'default',
  ) {}
}

/**
 * A value computed on first use and then cached: inline `!vault` strings (decrypted only when
 * read, so vars files load without a password) and Ansible's lazily templated variables.
 */
export class Lazy {
  private computed = false;
  private cached: PyValue = null;
  constructor(
    private readonly compute: () => PyValue,
    readonly description = 'lazy value',
  ) {}
  get value(): PyValue {
    if (!this.computed) {
      this.cached = resolve(this.compute());
      this.computed = true;
    }
    return this.cached;
  }
}

export type PyCallable = ((...args: never[]) => unknown) & { __jinja_kwargs?: boolean };

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | PyFloat
  | string
  | Markup
  | Undefined
  | Lazy
  | PyValue[]
  | Map<PyValue, PyValue>
  | PyCallable
  | object;

/** Unwrap {@link Lazy} values (possibly nested lazies). Every accessor calls this first. */
export function resolve(value: PyValue): PyValue {
  while (value instanceof Lazy) value = value.value;
  return value;
}

export const float = (n: number): PyFloat => new PyFloat(n);

export function isInt(v: unknown): v is number | bigint {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
}

export function isNumber(v: unknown): v is number | bigint | PyFloat | boolean {
  return (
    typeof v === 'number' || typeof v === 'bigint' || v instanceof PyFloat || typeof v === 'boolean'
  );
}

/** A Python str: plain, Markup, or unsafe text (AnsibleUnsafeText is a str subclass). */
export function isString(v: unknown): v is string | Markup | UnsafeText {
  return typeof v === 'string' || v instanceof Markup || v instanceof UnsafeText;
}

export function isDict(v: unknown): v is Map<PyValue, PyValue> {
  return v instanceof Map;
}

export function isList(v: unknown): v is PyValue[] {
  return Array.isArray(v) && !(v instanceof PyTuple);
}

export function isSequence(v: unknown): v is PyValue[] {
  return Array.isArray(v);
}

export function isUndefined(v: unknown): v is Undefined {
  return v instanceof Undefined;
}

/**
 * Convert plain JS data (JSON.parse output, module results) into Python values: objects become
 * Maps; numbers stay ints when integral unless `floatKeys` says otherwise. Use
 * {@link fromJsonText} when the source text is available, to keep `1.0` a float.
 */
export function fromJs(value: unknown): PyValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(fromJs);
  if (
    value instanceof Map ||
    value instanceof PyFloat ||
    value instanceof Markup ||
    value instanceof UnsafeText ||
    value instanceof Undefined ||
    value instanceof Lazy
  )
    return value;
  if (typeof value === 'object') {
    const m = new Map<PyValue, PyValue>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) m.set(k, fromJs(v));
    return m;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) return new PyFloat(value);
  return value;
}

/**
 * Convert Python values to plain JS data (for module arguments, JSON output): Maps become
 * objects (keys stringified as Python's json does), floats become numbers, lazies are resolved.
 */
export function toJs(value: PyValue): unknown {
  value = resolve(value);
  if (value instanceof PyFloat) return value.value;
  if (value instanceof Markup || value instanceof UnsafeText) return value.value;
  if (value instanceof Undefined) return undefined;
  if (Array.isArray(value)) return value.map(toJs);
  if (value instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of value) o[jsonKey(k)] = toJs(v);
    return o;
  }
  if (typeof value === 'bigint') return value;
  return value;
}

function jsonKey(k: PyValue): string {
  k = resolve(k);
  if (typeof k === 'string') return k;
  if (k === null) return 'null';
  if (k === true) return 'true';
  if (k === false) return 'false';
  if (k instanceof PyFloat) return String(k.value);
  if (typeof k === 'number' || typeof k === 'bigint') return String(k);
  if (k instanceof Markup || k instanceof UnsafeText) return k.value;
  // Python's json rejects any other key; bosun writes a tuple's items joined by commas (as JS
  // would) and other objects as JS's default text.
  return isSequence(k) ? k.map(jsonKey).join(',') : Object.prototype.toString.call(k);
}

/** A Map from a plain object, for building dicts in code. */
export function dict(
  entries: Record<string, PyValue> | Iterable<[PyValue, PyValue]>,
): Map<PyValue, PyValue> {
  if (Symbol.iterator in Object(entries)) return new Map(entries as Iterable<[PyValue, PyValue]>);
  return new Map(Object.entries(entries as Record<string, PyValue>));
}

/**
 * A string Ansible must never template (its AnsibleUnsafeText): YAML `!unsafe`, and everything
 * that comes from the system (registered results, facts, lookup results, templates that read
 * them; see {@link wrapVar}). The engine treats it as a str in every operation; only the
 * Templar looks at the mark, and refuses to evaluate it. Subclasses that only reuse the str
 * wrapper (Ansible's NativeJinjaText) say `unsafe` false.
 */
export class UnsafeText {
  constructor(readonly value: string) {}
  get unsafe(): boolean {
    return true;
  }
  toString(): string {
    return this.value;
  }
  /** JSON output (bosun play --json, events) shows the text, as for a str. */
  toJSON(): string {
    return this.value;
  }
}

/** Whether a value is itself unsafe text (Ansible's `hasattr(v, '__UNSAFE__')`). */
export function isUnsafe(v: unknown): v is UnsafeText {
  return v instanceof UnsafeText && v.unsafe;
}

/**
 * Ansible's `_is_unsafe` (template/native_helpers.py): unsafe text anywhere in a value, dict
 * keys and values and list items included. Lazy values are not forced (hostvars, vault).
 */
export function containsUnsafe(v: PyValue): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (v instanceof UnsafeText) return v.unsafe;
  if (Array.isArray(v)) {
    for (const x of v as PyValue[]) if (containsUnsafe(x)) return true;
    return false;
  }
  if (v instanceof Map) {
    if (UNSAFE_DICTS.has(v)) return true;
    for (const [k, x] of v) if (containsUnsafe(k) || containsUnsafe(x)) return true;
  }
  return false;
}

/**
 * Dicts made by {@link wrapVar}. Their keys stay plain strings (a Map finds keys by identity, so
 * `ansible_env.PATH` must find the string 'PATH'); the dict itself carries the mark instead, so a
 * template reading it (dict2items, keys()…) still gives an unsafe result, as Ansible's wrapped
 * keys do.
 */
const UNSAFE_DICTS = new WeakSet<Map<PyValue, PyValue>>();

/** How a str subclass re-marks itself unsafe (NativeJinjaText → NativeJinjaUnsafeText). */
export interface UnsafeWrappable {
  asUnsafe(): UnsafeText;
}

/**
 * Ansible's `wrap_var` (utils/unsafe_proxy.py): mark data from the system unsafe, recursively —
 * strings become {@link UnsafeText}, dicts (values; the keys through the dict's own mark, see
 * UNSAFE_DICTS), lists and tuples are copied with their items wrapped; None, numbers, bools and
 * already unsafe values are kept.
 */
export function wrapVar(v: PyValue): PyValue {
  if (typeof v === 'string') return new UnsafeText(v);
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof UnsafeText)
    return v.unsafe ? v : ((v as unknown as Partial<UnsafeWrappable>).asUnsafe?.() ?? v);
  if (v instanceof Markup) return new UnsafeText(v.value);
  if (Array.isArray(v)) {
    const out = v.map(wrapVar);
    return v instanceof PyTuple ? asTuple(out) : out;
  }
  if (v instanceof Map) {
    const out = new Map<PyValue, PyValue>();
    for (const [k, x] of v) out.set(k, wrapVar(x));
    UNSAFE_DICTS.add(out);
    return out;
  }
  return v;
}
