/**
 * The calling convention shared by Jinja2 globals, filters, tests, methods of Python values
 * and Ansible's plugins. Python calls bind positional and keyword arguments to named parameters
 * with defaults; every bosun callable declares a Python signature once and receives its bound
 * arguments positionally:
 *
 *   export const join = pyfunc("value, d='', attribute=None", (call, value, d, attribute) => …);
 *
 * `call` carries the environment and render context for plugins that need them (Jinja2's
 * pass_environment / pass_context) and the name used in error messages.
 */
import { PyFloat, type PyValue } from './values.js';

/** Thrown for calls that do not bind (Python's TypeError); the engine adds file:line. */
export class PyTypeError extends Error {
  override name = 'TypeError';
}

interface Param {
  name: string;
  /** The default value when the parameter is optional. */
  default?: PyValue;
  optional: boolean;
  /** Parameters after `*` or `*args` can only be passed by keyword. */
  keywordOnly: boolean;
}

export interface Signature {
  params: Param[];
  /** Name of `*args`, receiving the extra positionals as an array. */
  varargs?: string;
  /** Name of `**kwargs`, receiving the extra keywords as a Map. */
  varkw?: string;
}

/**
 * What the engine passes to every call. `env` and `context` are opaque here (defined by the
 * engine) so this module stays at the bottom of the dependency graph.
 */
export interface CallInfo {
  /** Name shown in errors, e.g. "join" or "str.split". */
  name: string;
  /** The jinja Environment (engine-defined). */
  env: unknown;
  /** The active render context (engine-defined), when called from a template. */
  context: unknown;
}

/** How the engine calls an implementation: with the arguments bound to its signature. */
export type PyImpl = (call: CallInfo, ...args: PyValue[]) => PyValue;

export class PyFunction {
  private sig: Signature | string;

  /** `signature` may be given as its Python spec, parsed on first use: hundreds of filters,
   * tests and methods are declared at start-up and most are never called (~10 ms at boot). */
  constructor(
    readonly name: string,
    signature: Signature | string,
    readonly impl: PyImpl,
  ) {
    this.sig = signature;
  }

  get signature(): Signature {
    if (typeof this.sig === 'string') this.sig = parseSignature(this.sig);
    return this.sig;
  }

  /** The same signature (still unparsed if it was) under another name or implementation. */
  renamed(name: string, impl: PyImpl = this.impl): PyFunction {
    return new PyFunction(name, this.sig, impl);
  }
}

/** Parse a Python parameter list: "value, d='', attribute=None, *args, case_sensitive=False, **kw". */
function parseSignature(spec: string): Signature {
  const sig: Signature = { params: [] };
  let keywordOnly = false;
  for (const raw of splitTopLevel(spec)) {
    const part = raw.trim();
    if (!part) continue;
    if (part === '*') {
      keywordOnly = true;
      continue;
    }
    if (part.startsWith('**')) {
      sig.varkw = part.slice(2);
      continue;
    }
    if (part.startsWith('*')) {
      sig.varargs = part.slice(1);
      keywordOnly = true;
      continue;
    }
    const eq = part.indexOf('=');
    if (eq < 0) {
      sig.params.push({ name: part, optional: false, keywordOnly });
      continue;
    }
    sig.params.push({
      name: part.slice(0, eq).trim(),
      default: parseDefault(part.slice(eq + 1).trim()),
      optional: true,
      keywordOnly,
    });
  }
  return sig;
}

function splitTopLevel(spec: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of spec) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function parseDefault(text: string): PyValue {
  if (text === 'None') return null;
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?\d*\.\d+(e-?\d+)?$/.test(text)) return new PyFloat(Number(text));
  const q = text[0];
  if ((q === "'" || q === '"') && text.endsWith(q))
    return text.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(.)/g, '$1');
  throw new Error(`unsupported default in signature: ${text}`);
}

/** Declare a callable with a Python signature. */
export function pyfunc<A extends PyValue[]>(
  spec: string,
  impl: (call: CallInfo, ...args: A) => PyValue,
  name = '',
): PyFunction {
  // Each implementation declares the Python types it expects of its bound arguments (unannotated
  // ones are any PyValue); binding by signature is what guarantees their number.
  return new PyFunction(name, spec, impl as unknown as PyImpl);
}

/** A PyFunction with its name set (the registry key), used when registering filters/tests. */
export function named(name: string, fn: PyFunction): PyFunction {
  return fn.name === name ? fn : fn.renamed(name);
}

/**
 * Bind positional and keyword arguments to a signature as Python does, producing the argument
 * array for the implementation. Missing required or unknown arguments raise PyTypeError with
 * Python's wording.
 */
function bindArguments(
  name: string,
  sig: Signature,
  args: readonly PyValue[],
  kwargs?: ReadonlyMap<string, PyValue>,
): PyValue[] {
  const bound: (PyValue | typeof MISSING)[] = sig.params.map(() => MISSING);
  const positional = sig.params.filter((p) => !p.keywordOnly);
  if (args.length > positional.length && sig.varargs === undefined) {
    throw new PyTypeError(
      `${name}() takes ${positional.length === 1 ? '1 positional argument' : `${positional.length} positional arguments`} but ${args.length} were given`,
    );
  }
  const n = Math.min(args.length, positional.length);
  for (let i = 0; i < n; i++) bound[sig.params.indexOf(positional[i]!)] = args[i]!;
  const extra = args.slice(n);
  let extraKw: Map<string, PyValue> | undefined;
  if (kwargs) {
    for (const [key, value] of kwargs) {
      const index = sig.params.findIndex((p) => p.name === key);
      if (index < 0) {
        if (sig.varkw === undefined)
          throw new PyTypeError(`${name}() got an unexpected keyword argument '${key}'`);
        (extraKw ??= new Map()).set(key, value);
        continue;
      }
      if (bound[index] !== MISSING)
        throw new PyTypeError(`${name}() got multiple values for argument '${key}'`);
      bound[index] = value;
    }
  }
  const out: PyValue[] = [];
  for (let i = 0; i < sig.params.length; i++) {
    const p = sig.params[i]!;
    const v = bound[i]!;
    if (v === MISSING) {
      if (!p.optional)
        throw new PyTypeError(`${name}() missing 1 required positional argument: '${p.name}'`);
      out.push(p.default ?? null);
    } else {
      out.push(v);
    }
  }
  if (sig.varargs !== undefined) out.push(extra);
  if (sig.varkw !== undefined) out.push(extraKw ?? new Map());
  return out;
}

const MISSING: unique symbol = Symbol('missing');

/** Call a PyFunction with Python arguments. */
export function callPyFunction(
  fn: PyFunction,
  call: CallInfo,
  args: readonly PyValue[],
  kwargs?: ReadonlyMap<string, PyValue>,
): PyValue {
  const bound = bindArguments(call.name || fn.name, fn.signature, args, kwargs);
  return fn.impl(call, ...bound);
}
