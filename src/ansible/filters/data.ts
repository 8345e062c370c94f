/**
 * Ansible's data filters (ansible.builtin core.py): types, JSON/YAML, dicts, split. Encodings and
 * hashes are in encoding.ts.
 */
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { pyfunc, PyTypeError, type PyFunction } from '../../py/callable.js';
import { pyJsonDumps } from '../../py/json.js';
import { JsonDecodeError, pyJsonLoads } from '../../py/json-loads.js';
import { pyStr, typeName } from '../../py/repr.js';
import { truthy } from '../../py/ops.js';
import {
  PyFloat,
  Undefined,
  UnsafeText,
  isDict,
  isSequence,
  isString,
  resolve,
  type PyValue,
} from '../../py/values.js';
import { TemplateRuntimeError, UndefinedError } from '../../jinja/errors.js';
import { yamlDump, type DumpOptions } from '../../yaml/dump.js';

/** Ansible's `bool` filter (to_bool). */
export function toBool(a: PyValue): boolean | null {
  if (a === null) return null;
  a = resolve(a);
  if (typeof a === 'boolean') return a;
  if (isString(a) || a instanceof UnsafeText) a = pyStr(a).toLowerCase();
  // Python's `in ('yes', 'on', '1', 'true', 1)`: 1.0 == 1 too.
  if (a === 'yes' || a === 'on' || a === '1' || a === 'true') return true;
  return a === 1 || a === 1n || (a instanceof PyFloat && a.value === 1);
}

/**
 * from_json: Python's json.loads, accepting exactly what it accepts. The error says what is
 * wrong and where, never the text: from_json often parses a secret.
 */
function jsonLoads(a: PyValue): PyValue {
  a = resolve(a);
  if (typeName(a) !== 'str')
    throw new PyTypeError(`the JSON object must be str, bytes or bytearray, not ${typeName(a)}`);
  try {
    return pyJsonLoads(pyStr(a));
  } catch (e) {
    if (!(e instanceof JsonDecodeError)) throw e;
    throw new TemplateRuntimeError(
      `from_json: the input is not valid JSON (${e.reason} at line ${e.line}, column ${e.column})`,
    );
  }
}

function yamlToPy(v: unknown): PyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? v : new PyFloat(v);
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (Array.isArray(v)) return v.map(yamlToPy);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [yamlToPy(k), yamlToPy(x)]));
  if (v instanceof Date) return v.toISOString();
  // Not produced by the YAML parser; kept total.
  if (typeof v === 'symbol' || typeof v === 'function') return v.toString();
  return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, yamlToPy(x)]));
}

const LIST_MERGE = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'];

const YAML_OPTS = {
  version: '1.1' as const,
  mapAsMap: true,
  intAsBigInt: false,
  uniqueKeys: false,
};

function kwargsOf(kw: PyValue): Map<string, PyValue> {
  const m = (kw ?? new Map()) as Map<string, PyValue>;
  return m;
}

/** combine(*dicts, recursive=False, list_merge='replace') — Ansible's merge_hash. */
export function mergeHash(
  x: Map<PyValue, PyValue>,
  y: Map<PyValue, PyValue>,
  recursive: boolean,
  listMerge: string,
): Map<PyValue, PyValue> {
  if (x.size === 0 || x === y) return new Map(y);
  const out = new Map(x);
  for (const [k, yv0] of y) {
    const yv = resolve(yv0);
    if (!out.has(k)) {
      out.set(k, yv);
      continue;
    }
    const xv = resolve(out.get(k)!);
    if (isDict(xv) && isDict(yv)) {
      out.set(k, recursive ? mergeHash(xv, yv, recursive, listMerge) : yv);
      continue;
    }
    if (isSequence(xv) && isSequence(yv)) {
      switch (listMerge) {
        case 'replace':
          out.set(k, yv);
          break;
        case 'keep':
          break;
        case 'append':
          out.set(k, [...xv, ...yv]);
          break;
        case 'prepend':
          out.set(k, [...yv, ...xv]);
          break;
        case 'append_rp':
          out.set(k, [...xv.filter((e) => !yv.includes(e)), ...yv]);
          break;
        case 'prepend_rp':
          out.set(k, [...yv, ...xv.filter((e) => !yv.includes(e))]);
          break;
        default:
          throw new TemplateRuntimeError(
            `merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'`,
          );
      }
      continue;
    }
    out.set(k, yv);
  }
  return out;
}

export function dataFilters(): [string, PyFunction][] {
  return [
    ['bool', pyfunc('a', (_c, a) => toBool(a))],
    [
      'ternary',
      pyfunc('value, true_val, false_val, none_val=None', (_c, value, t, f, n) => {
        value = resolve(value);
        if (value === null && n !== null) return n;
        return truthy(value) ? t : f;
      }),
    ],
    [
      'to_json',
      pyfunc('a, **kw', (_c, a, kw: Map<string, PyValue>) => pyJsonDumps(a, jsonKw(kw, {}))),
    ],
    [
      'to_nice_json',
      pyfunc(
        'a, indent=4, sort_keys=True, **kw',
        (_c, a, indent, sortKeys, kw: Map<string, PyValue>) =>
          pyJsonDumps(a, {
            ...jsonKw(kw, {}),
            indent: indent as number,
            sortKeys: truthy(sortKeys),
            separators: [',', ': '],
          }),
      ),
    ],
    [
      'to_yaml',
      pyfunc('a, default_flow_style=None, **kw', (_c, a, dfs, kw: Map<string, PyValue>) =>
        yamlDump(a, { ...yamlKw(kw), defaultFlowStyle: dfs === null ? null : truthy(dfs) }),
      ),
    ],
    [
      'to_nice_yaml',
      pyfunc(
        'a, indent=4, sort_keys=True, **kw',
        (_c, a, indent, sortKeys, kw: Map<string, PyValue>) =>
          yamlDump(a, {
            ...yamlKw(kw),
            indent: Number(indent),
            sortKeys: truthy(sortKeys),
            defaultFlowStyle: false,
          }),
      ),
    ],
    ['from_json', pyfunc('a, **kw', (_c, a) => jsonLoads(a))],
    [
      'from_yaml',
      pyfunc('data', (_c, data) => {
        data = resolve(data);
        if (!isString(data) && !(data instanceof UnsafeText)) return data;
        try {
          return yamlToPy(parseYaml(pyStr(data), YAML_OPTS));
        } catch (e) {
          throw new TemplateRuntimeError(`from_yaml: ${(e as Error).message}`);
        }
      }),
    ],
    [
      'from_yaml_all',
      pyfunc('data', (_c, data) => {
        data = resolve(data);
        if (!isString(data) && !(data instanceof UnsafeText)) return data;
        return parseAllDocuments(pyStr(data), YAML_OPTS).map((d) => {
          if ('errors' in d && d.errors.length)
            throw new TemplateRuntimeError(`from_yaml_all: ${d.errors[0]!.message}`);
          return yamlToPy(d.toJS({ mapAsMap: true }));
        });
      }),
    ],
    [
      'combine',
      pyfunc('*terms, **kwargs', (_c, terms: PyValue[], kw: Map<string, PyValue>) => {
        const recursive = truthy(kw.get('recursive') ?? false);
        const listMerge = pyStr(kw.get('list_merge') ?? 'replace');
        if (!LIST_MERGE.includes(listMerge))
          throw new TemplateRuntimeError(
            `merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'`,
          );
        for (const k of kw.keys())
          if (k !== 'recursive' && k !== 'list_merge')
            throw new TemplateRuntimeError(
              `'recursive' and 'list_merge' are the only valid keyword arguments`,
            );
        const dicts: Map<PyValue, PyValue>[] = [];
        for (const t of flattenOnce(terms)) {
          if (!isDict(t))
            throw new TemplateRuntimeError(
              `failed to combine variables, expected dicts but got a '${typeName(t)}' and a '${typeName(t)}': \n${pyStr(t)}`,
            );
          dicts.push(t);
        }
        let out = new Map<PyValue, PyValue>();
        for (const d of dicts) out = mergeHash(out, d, recursive, listMerge);
        return out;
      }),
    ],
    [
      'dict2items',
      pyfunc("mydict, key_name='key', value_name='value'", (_c, d, kn, vn) => {
        d = resolve(d);
        if (!isDict(d))
          throw new TemplateRuntimeError(
            `dict2items requires a dictionary, got ${typeName(d)} instead.`,
          );
        return [...d].map(
          ([k, v]) =>
            new Map<PyValue, PyValue>([
              [kn, k],
              [vn, v],
            ]),
        );
      }),
    ],
    [
      'items2dict',
      pyfunc("mylist, key_name='key', value_name='value'", (_c, l, kn, vn) => {
        l = resolve(l);
        if (!isSequence(l))
          throw new TemplateRuntimeError(`items2dict requires a list, got ${typeName(l)} instead.`);
        const out = new Map<PyValue, PyValue>();
        for (const item of l) {
          const it = resolve(item);
          if (!isDict(it))
            throw new TemplateRuntimeError(
              `items2dict requires a list of dictionaries, got ${typeName(it)} instead.`,
            );
          if (!it.has(kn) || !it.has(vn))
            throw new TemplateRuntimeError(
              `items2dict requires each dictionary in the list to contain the keys '${pyStr(kn)}' and '${pyStr(vn)}', got ${pyStr(it)} instead.`,
            );
          out.set(it.get(kn)!, it.get(vn)!);
        }
        return out;
      }),
    ],
    [
      'mandatory',
      pyfunc('a, msg=None', (_c, a, msg) => {
        if (a instanceof Undefined) {
          const name = a.name !== null ? `'${a.name}' ` : '';
          throw new UndefinedError(
            msg !== null ? pyStr(msg) : `Mandatory variable ${name}not defined.`,
          );
        }
        return a;
      }),
    ],
    [
      'type_debug',
      // Ansible's class names for text from the system (unsafe_proxy.AnsibleUnsafeText).
      pyfunc('o', (_c, o) =>
        resolve(o) instanceof UnsafeText ? 'AnsibleUnsafeText' : typeName(resolve(o)),
      ),
    ],
    [
      'split',
      pyfunc('string, separator=None, maxsplit=-1', (_c, s, sep, maxsplit) =>
        pySplit(pyStr(s), sep === null ? null : pyStr(sep), Number(maxsplit)),
      ),
    ],
  ];
}

function jsonKw(
  kw: Map<string, PyValue>,
  base: { sortKeys?: boolean },
): { sortKeys?: boolean; ensureAscii?: boolean; indent?: number | string | null } {
  const o: { sortKeys?: boolean; ensureAscii?: boolean; indent?: number | string | null } = {
    ...base,
  };
  for (const [k, v] of kwargsOf(kw)) {
    if (k === 'sort_keys') o.sortKeys = truthy(v);
    else if (k === 'ensure_ascii') o.ensureAscii = truthy(v);
    else if (k === 'indent') o.indent = v as number | string | null;
    else if (k === 'vault_to_text' || k === 'preprocess_unsafe') continue;
    else throw new PyTypeError(`__init__() got an unexpected keyword argument '${k}'`);
  }
  return o;
}

function yamlKw(kw: Map<string, PyValue>): DumpOptions {
  const o: DumpOptions = {};
  for (const [k, v] of kw) {
    if (k === 'indent') o.indent = Number(v);
    else if (k === 'sort_keys') o.sortKeys = truthy(v);
    else if (k === 'width') o.width = Number(v);
    else if (k === 'default_flow_style') o.defaultFlowStyle = v === null ? null : truthy(v);
    else if (k === 'allow_unicode') continue;
    else
      throw new TemplateRuntimeError(`to_yaml: keyword argument '${k}' is not supported by bosun`);
  }
  return o;
}

function flattenOnce(terms: PyValue[]): PyValue[] {
  const out: PyValue[] = [];
  for (const t0 of terms) {
    const t = resolve(t0);
    if (Array.isArray(t)) out.push(...t.map(resolve));
    else out.push(t);
  }
  return out;
}

/** Python's str.split(sep=None, maxsplit=-1). */
function pySplit(s: string, sep: string | null, maxsplit: number): string[] {
  const out: string[] = [];
  if (sep === null) {
    const re =
      // eslint-disable-next-line no-control-regex -- Python's str.split() splits on these control characters too
      /[ \t\n\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/y;
    let i = 0;
    const skip = (): void => {
      re.lastIndex = i;
      if (re.exec(s)) i = re.lastIndex;
    };
    skip();
    while (i < s.length) {
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(s.slice(i).replace(/\s+$/u, ''));
        return out;
      }
      let j = i;
      while (j < s.length && !/\s/u.test(s[j]!)) j++;
      out.push(s.slice(i, j));
      i = j;
      skip();
    }
    return out;
  }
  if (sep === '') throw new TemplateRuntimeError('empty separator');
  let i = 0;
  for (;;) {
    const j = s.indexOf(sep, i);
    if (j < 0 || (maxsplit >= 0 && out.length === maxsplit)) {
      out.push(s.slice(i));
      return out;
    }
    out.push(s.slice(i, j));
    i = j + sep.length;
  }
}
