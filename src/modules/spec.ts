/**
 * Argument validation modelled on Ansible's argument_spec: unknown arguments are errors naming
 * them, aliases, defaults, choices, required, and type conversion (str, bool, int, float, path,
 * list, dict, raw) with Ansible's lenient rules (`yes`/`no` booleans, comma-separated lists).
 */
import os from 'node:os';
import { resolve, toJs, UnsafeText, type PyValue } from '../py/values.js';
import type { Args } from './types.js';
import { boolean } from '../ansible/boolean.js';

type ArgType = 'str' | 'bool' | 'int' | 'float' | 'path' | 'list' | 'dict' | 'raw' | 'jsonarg';

interface ArgOption {
  type?: ArgType;
  required?: boolean;
  default?: unknown;
  choices?: readonly unknown[];
  aliases?: readonly string[];
  /** Element type of a list. */
  elements?: ArgType;
  noLog?: boolean;
}

export type ArgSpec = Record<string, ArgOption>;

export class ArgError extends Error {
  override name = 'ArgError';
}

/** Ansible's str conversion of a non-null argument value (booleans as Python prints them). */
function toStr(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'object':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

function convert(name: string, value: unknown, type: ArgType, elements?: ArgType): unknown {
  if (value === null || value === undefined) return value;
  switch (type) {
    case 'raw':
    case 'jsonarg':
      return value;
    case 'str':
      return toStr(value);
    case 'path': {
      const s = toStr(value);
      return s.startsWith('~') ? os.homedir() + s.slice(1) : s;
    }
    case 'bool': {
      try {
        return boolean(value);
      } catch {
        throw new ArgError(
          `argument '${name}' is of type ${typeof value} and we were unable to convert to bool: The value '${toStr(value)}' is not a valid boolean.`,
        );
      }
    }
    case 'int': {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      const n = Number(value);
      if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return n;
      throw new ArgError(
        `argument '${name}' is of type ${typeof value} and we were unable to convert to int`,
      );
    }
    case 'float': {
      const n = Number(value);
      if (Number.isNaN(n))
        throw new ArgError(
          `argument '${name}' is of type ${typeof value} and we were unable to convert to float`,
        );
      return n;
    }
    case 'list': {
      let list: unknown[];
      if (Array.isArray(value)) list = value;
      else if (typeof value === 'string') list = value.split(',');
      else list = [value];
      return elements ? list.map((v) => convert(name, v, elements)) : list;
    }
    case 'dict': {
      if (typeof value === 'object' && !Array.isArray(value)) return value;
      if (typeof value === 'string' && value.trim().startsWith('{')) {
        try {
          return JSON.parse(value);
        } catch {
          /* fall through */
        }
      }
      throw new ArgError(
        `argument '${name}' is of type ${typeof value} and we were unable to convert to dict`,
      );
    }
  }
}

/**
 * Validate raw (templated) arguments against a spec. `omit` is the placeholder that removes an
 * argument. Returns plain JS data keyed by canonical names, defaults applied.
 */
export function validateArgs(
  module: string,
  spec: ArgSpec,
  raw: Map<string, PyValue>,
  omit?: string,
): Args {
  const aliasTo = new Map<string, string>();
  for (const [name, opt] of Object.entries(spec)) {
    aliasTo.set(name, name);
    for (const a of opt.aliases ?? []) aliasTo.set(a, name);
  }
  const out: Args = {};
  const unknown: string[] = [];
  for (const [key, v] of raw) {
    const value = toJs(plain(v));
    if (omit !== undefined && value === omit) continue;
    if (key.startsWith('_ansible_')) continue;
    const canon = aliasTo.get(key);
    if (!canon) {
      unknown.push(key);
      continue;
    }
    out[canon] = value;
  }
  if (unknown.length) {
    const supported = [...aliasTo.keys()].sort().join(', ');
    throw new ArgError(
      `Unsupported parameters for (${module}) module: ${unknown.sort().join(', ')}. Supported parameters include: ${supported}.`,
    );
  }
  const missing: string[] = [];
  for (const [name, opt] of Object.entries(spec)) {
    let v = out[name];
    if (v === undefined || v === null) {
      if (opt.required && v === undefined) {
        missing.push(name);
        continue;
      }
      if (v === undefined && opt.default !== undefined) v = opt.default;
    }
    if (v !== undefined && v !== null) v = convert(name, v, opt.type ?? 'str', opt.elements);
    if (v !== undefined && v !== null && opt.choices && !opt.choices.includes(v)) {
      throw new ArgError(
        `value of ${name} must be one of: ${opt.choices.join(', ')}, got: ${toStr(v)}`,
      );
    }
    if (v !== undefined) out[name] = v;
  }
  if (missing.length) throw new ArgError(`missing required arguments: ${missing.join(', ')}`);
  return out;
}

/** Typed readers for validated arguments. */
export const arg = {
  str: (a: Args, k: string): string | undefined => (typeof a[k] === 'string' ? a[k] : undefined),
  bool: (a: Args, k: string): boolean => a[k] === true,
  int: (a: Args, k: string): number | undefined => (typeof a[k] === 'number' ? a[k] : undefined),
  list: (a: Args, k: string): unknown[] | undefined =>
    Array.isArray(a[k]) ? (a[k] as unknown[]) : undefined,
};

/** `!unsafe` strings are plain strings once they reach a module. */
function plain(v: PyValue): PyValue {
  v = resolve(v);
  if (v instanceof UnsafeText) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map)
    return new Map([...v].map(([k, x]) => [plain(k), plain(x)] as [PyValue, PyValue]));
  return v;
}
