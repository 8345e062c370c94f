/**
 * The helpers compiled templates call (`rt.*` in generated code): output conversion, attribute
 * access, calls with Python's argument binding, filters and tests, unpacking, error positions.
 */
import { callPyFunction, PyFunction, PyTypeError, type CallInfo } from '../../py/callable.js';
import {
  Lazy,
  Markup,
  PyFloat,
  Undefined,
  isSequence,
  resolve,
  tuple,
  type PyValue,
} from '../../py/values.js';
import { pyStr, typeName } from '../../py/repr.js';
import { escapeHtml } from '../../py/arith.js';
import { plain, toList, truthy } from '../../py/ops.js';
import {
  getattr as rawGetattr,
  getitem as rawGetitem,
  sliceSeq,
  SliceValue,
} from '../../py/access.js';
import { BoundMethod, lookupMethod, dictSet, DICT_T } from '../../py/methods.js';
import { Loop, Macro, Namespace } from './objects.js';
import { undefinedError } from '../../py/undefined.js';
import { TemplateError, TemplateRuntimeError } from '../errors.js';
import type { Context } from '../context.js';
import '../../py/format.js';

export { TemplateRuntimeError, resolve };
export {
  truthy,
  toList,
  tuple,
  SliceValue as Slice,
  PyFloat,
  Markup,
  Undefined,
  Loop,
  Macro,
  Namespace,
};
export * from '../../py/ops.js';
export * from '../../py/arith.js';
export * from '../../py/compare.js';

/** Python `str()` for output. */
export function str(v: PyValue): string {
  return typeof v === 'string' ? v : pyStr(v);
}

/** Output with autoescaping: Markup passes through, everything else is escaped. */
export function escaped(v: PyValue): string {
  v = resolve(v);
  if (v instanceof Markup) return v.value;
  const h = (v as { __html__?: () => string } | null)?.__html__;
  if (typeof h === 'function') return h.call(v);
  return escapeHtml(pyStr(v));
}

export function getattr(ctx: Context, obj: PyValue, name: string): PyValue {
  // Fast path: a dict key that is not also a dict method name.
  if (obj instanceof Map && DICT_T[name] === undefined) {
    const v = obj.get(name);
    if (v !== undefined) return v;
  }
  return rawGetattr(obj, name, ctx.mkUndef);
}

export function getitem(ctx: Context, obj: PyValue, key: PyValue): PyValue {
  if (typeof key === 'number' && isSequence(obj) && Number.isInteger(key)) {
    const v = obj[key < 0 ? obj.length + key : key];
    if (v !== undefined) return v;
  } else if (typeof key === 'string' && obj instanceof Map) {
    const v = obj.get(key);
    if (v !== undefined) return v;
  }
  return rawGetitem(obj, key, ctx.mkUndef);
}

function info(ctx: Context, name: string): CallInfo {
  return ctx.callInfo(name);
}

/** Positional-only fast path of argument binding (the common case in templates). */
interface FastSig {
  n: number;
  required: number;
  defaults: PyValue[];
  simple: boolean;
}
const FAST = new WeakMap<PyFunction, FastSig>();

function fastSig(fn: PyFunction): FastSig {
  let f = FAST.get(fn);
  if (!f) {
    const ps = fn.signature.params;
    f = {
      n: ps.length,
      required: ps.filter((p) => !p.optional).length,
      defaults: ps.map((p) => p.default ?? null),
      simple:
        fn.signature.varargs === undefined &&
        fn.signature.varkw === undefined &&
        ps.every((p) => !p.keywordOnly) &&
        ps.every((p, i) => p.optional || i < ps.filter((q) => !q.optional).length),
    };
    FAST.set(fn, f);
  }
  return f;
}

/** Call a PyFunction, binding positional arguments without the general binder when possible. */
export function invoke(
  fn: PyFunction,
  ci: CallInfo,
  args: PyValue[],
  kwargs: Map<string, PyValue> | null | undefined,
): PyValue {
  if (!kwargs || kwargs.size === 0) {
    const f = fastSig(fn);
    if (f.simple && args.length <= f.n && args.length >= f.required) {
      if (args.length < f.n) {
        const a = args.slice();
        for (let i = args.length; i < f.n; i++) a.push(f.defaults[i]!);
        return fn.impl(ci, ...a);
      }
      return fn.impl(ci, ...args);
    }
  }
  return callPyFunction(fn, ci, args, kwargs ?? undefined);
}

/** Call any template-callable value with Python arguments. */
export function call(
  ctx: Context,
  fn: PyValue,
  args: PyValue[],
  kwargs: Map<string, PyValue> | null,
): PyValue {
  fn = resolve(fn);
  if (fn instanceof PyFunction) return invoke(fn, info(ctx, fn.name), args, kwargs);
  if (fn instanceof BoundMethod)
    return invoke(fn.fn, info(ctx, fn.name), [fn.self, ...args], kwargs);
  if (fn instanceof Macro) return fn.invoke(args, kwargs);
  if (fn instanceof Loop) {
    if (!fn.recurse) throw new TemplateRuntimeError('The loop must be recursive to be called');
    return fn.recurse(args[0] ?? null, fn.depth0 + 1);
  }
  if (typeof fn === 'function') {
    // A plain JS function (a global) may return undefined.
    const f = fn as ((...a: unknown[]) => PyValue | undefined) & {
      __jinja_kwargs?: boolean;
      __jinja_context?: boolean;
    };
    const pre: unknown[] = f.__jinja_context ? [ctx] : [];
    if (kwargs && kwargs.size) {
      if (!f.__jinja_kwargs)
        throw new PyTypeError(
          `${f.name || 'function'}() got an unexpected keyword argument '${[...kwargs.keys()][0]}'`,
        );
      return toPy(f(...pre, ...args, kwargs));
    }
    return toPy(f(...pre, ...args));
  }
  if (fn instanceof Undefined) throw undefinedError(fn);
  throw new PyTypeError(`'${typeName(fn)}' object is not callable`);
}

function toPy(v: PyValue | undefined): PyValue {
  return v === undefined ? null : v;
}

/** `obj.name(args)` without building a bound method for builtin types. */
export function callMethod(
  ctx: Context,
  obj: PyValue,
  name: string,
  args: PyValue[],
  kwargs: Map<string, PyValue> | null,
): PyValue {
  obj = plain(obj);
  if (obj instanceof Markup && MARKUP_METHODS.has(name))
    return markupMethod(ctx, obj, name, args, kwargs);
  const m = lookupMethod(obj, name);
  if (m) return invoke(m, info(ctx, name), [obj, ...args], kwargs);
  return call(ctx, getattr(ctx, obj, name), args, kwargs);
}

export type Callable = PyValue;

/** markupsafe's Markup methods: string arguments are escaped, string results stay Markup. */
const MARKUP_METHODS = new Set([
  'capitalize',
  'title',
  'lower',
  'upper',
  'replace',
  'ljust',
  'rjust',
  'lstrip',
  'rstrip',
  'center',
  'strip',
  'expandtabs',
  'swapcase',
  'zfill',
  'format',
  'join',
  'split',
  'rsplit',
  'splitlines',
  'partition',
  'rpartition',
]);

function markupMethod(
  ctx: Context,
  obj: Markup,
  name: string,
  args: PyValue[],
  kwargs: Map<string, PyValue> | null,
): PyValue {
  const esc = (v: PyValue): PyValue => {
    const r = resolve(v);
    if (typeof r === 'string') return escapeHtml(r);
    if (Array.isArray(r) && name === 'join') return r.map(esc);
    return r;
  };
  const m = lookupMethod(obj.value, name)!;
  const wrap = (v: PyValue): PyValue =>
    typeof v === 'string' ? new Markup(v) : Array.isArray(v) ? v.map(wrap) : v;
  const kw = kwargs ? new Map([...kwargs].map(([k, v]) => [k, esc(v)] as [string, PyValue])) : null;
  return wrap(invoke(m, info(ctx, name), [obj.value, ...args.map(esc)], kw));
}

/** Look a filter up once per compiled template; unknown filters fail when used, as in Jinja2. */
export function getFilter(ctx: { filters: Map<string, unknown> }, name: string): Callable {
  const f = ctx.filters.get(name);
  if (f === undefined) return missing(`No filter named '${name}' found.`);
  return f;
}

export function getTest(ctx: { tests: Map<string, unknown> }, name: string): Callable {
  const f = ctx.tests.get(name);
  if (f === undefined) return missing(`No test named '${name}' found.`);
  return f;
}

function missing(msg: string): Callable {
  return () => {
    throw new TemplateRuntimeError(msg);
  };
}

/** Apply a filter or test: the value is the first positional argument. */
export function apply(
  ctx: Context,
  fn: Callable,
  name: string,
  value: PyValue,
  args: PyValue[],
  kwargs: Map<string, PyValue> | null,
): PyValue {
  if (fn instanceof PyFunction) return invoke(fn, info(ctx, name), [value, ...args], kwargs);
  return call(ctx, fn, [value, ...args], kwargs);
}

/** `obj[a:b:c]`: Python's subscript with a slice — TypeError for what cannot be sliced. */
export function subscriptSlice(obj: PyValue, s: SliceValue): PyValue {
  const o = plain(obj);
  if (typeof o === 'string' || o instanceof Markup || Array.isArray(o)) return sliceSeq(o, s);
  if (o instanceof Undefined) {
    if (o.kind === 'chainable' || o.kind === 'strict-chainable') return o;
    throw undefinedError(o);
  }
  if (o instanceof Map) throw new PyTypeError("unhashable type: 'slice'");
  throw new PyTypeError(`'${typeName(o)}' object is not subscriptable`);
}

/** Single-argument built-in tests register a direct predicate here (skips argument binding). */
export const FAST_TESTS = new WeakMap<object, (v: PyValue) => boolean>();

/** `value is name(args)`: always a bool. */
export function test(
  ctx: Context,
  fn: Callable,
  name: string,
  value: PyValue,
  args: PyValue[],
  kwargs: Map<string, PyValue> | null,
): boolean {
  if (args.length === 0 && kwargs === null) {
    const fast = FAST_TESTS.get(fn as object);
    if (fast) return fast(value);
  }
  return truthy(apply(ctx, fn, name, value, args, kwargs));
}

/** `a ~ b ~ c`. */
export function concat(ctx: Context, items: PyValue[]): PyValue {
  let anyMarkup = false;
  let s = '';
  for (const it of items) {
    const v = resolve(it);
    if (v instanceof Markup) anyMarkup = true;
    s += pyStr(v);
  }
  if (anyMarkup && ctx.autoescape) {
    s = items
      .map((it) => {
        const v = resolve(it);
        return v instanceof Markup ? v.value : escapeHtml(pyStr(v));
      })
      .join('');
    return new Markup(s);
  }
  return s;
}

export function dict(entries: [PyValue, PyValue][]): Map<PyValue, PyValue> {
  const m = new Map<PyValue, PyValue>();
  for (const [k, v] of entries) dictSet(m, k, v);
  return m;
}

export function kw(entries: [string, PyValue][], dyn: PyValue | null): Map<string, PyValue> {
  const m = new Map<string, PyValue>(entries);
  if (dyn !== null) {
    const d = resolve(dyn);
    if (!(d instanceof Map)) throw new PyTypeError('argument after ** must be a mapping');
    for (const [k, v] of d) m.set(pyStr(k), v);
  }
  return m;
}

/** Tuple unpacking for `for a, b in …` and `set a, b = …`. */
export function unpack(value: PyValue, n: number): PyValue[] {
  const items = toList(value);
  if (items.length !== n) {
    if (items.length < n)
      throw new TemplateRuntimeError(
        `not enough values to unpack (expected ${n}, got ${items.length})`,
      );
    throw new TemplateRuntimeError(`too many values to unpack (expected ${n})`);
  }
  return items;
}

export function setNsAttr(ns: PyValue, attr: string, value: PyValue): void {
  ns = resolve(ns);
  if (!(ns instanceof Namespace))
    throw new TemplateRuntimeError('cannot assign attribute on non-namespace object');
  ns.attrs.set(attr, value);
}

/** Join rendered parts into a string (Markup under autoescape) — macro and block-set results. */
export function joinOut(ctx: Context, out: PyValue[]): PyValue {
  let s = '';
  for (const p of out) s += typeof p === 'string' ? p : pyStr(p);
  return ctx.autoescape ? new Markup(s) : s;
}

export function isMissing(v: unknown): boolean {
  return v instanceof Lazy ? false : false;
}

export interface TemplateInfo {
  name: string | undefined;
  source: string;
}

/** Give an error its template position (the innermost frame wins). */
export function rethrow(e: unknown, ln: number, t: TemplateInfo): unknown {
  const line = Math.floor(ln / 4096);
  const column = ln % 4096 || undefined;
  if (e instanceof TemplateError) return e.positioned ? e : e.at(t.name, line, t.source, column);
  if (e instanceof PyTypeError || e instanceof TypeError || e instanceof RangeError) {
    const msg =
      e instanceof RangeError && /call stack/.test(e.message)
        ? 'maximum recursion depth exceeded'
        : e.message;
    return new TemplateRuntimeError(msg, {
      file: t.name,
      line,
      column,
      source: t.source,
      cause: e,
    });
  }
  if (e instanceof Error)
    return new TemplateRuntimeError(e.message, {
      file: t.name,
      line,
      column,
      source: t.source,
      cause: e,
    });
  return e;
}

/** Exceptions raised by `{{ raise(...) }}`-style helpers keep their message. */
export function fail(msg: string): never {
  throw new TemplateRuntimeError(msg);
}
