/** Ansible's data filters (ansible.builtin core.py): types, JSON/YAML, dicts, encodings. */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
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
  isString,
  resolve,
  tuple,
  type PyValue,
} from '../../py/values.js';
import { TemplateRuntimeError, UndefinedError } from '../../jinja/errors.js';
import { CRYPT_ALGORITHMS, cryptPassword, randomSalt } from '../crypt.js';
import { yamlDump, type DumpOptions } from '../../yaml/dump.js';

const str = (v: PyValue): string => (typeof v === 'string' ? v : pyStr(v));

/** Ansible's `bool` filter (to_bool). */
export function toBool(a: PyValue): boolean | null {
  if (a === null) return null;
  a = resolve(a);
  if (typeof a === 'boolean') return a;
  if (isString(a)) a = str(a).toLowerCase();
  if (a === 'yes' || a === 'on' || a === '1' || a === 'true' || a === 1) return true;
  return false;
}

/**
 * from_json: Python's json.loads, accepting exactly what it accepts. The error says what is
 * wrong and where, never the text: from_json often parses a secret.
 */
export function jsonLoads(a: PyValue): PyValue {
  a = resolve(a);
  if (typeName(a) !== 'str')
    throw new PyTypeError(`the JSON object must be str, bytes or bytearray, not ${typeName(a)}`);
  try {
    return pyJsonLoads(str(a));
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
  if (typeof v === 'object')
    return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, yamlToPy(x)]));
  return String(v);
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
    if (Array.isArray(xv) && Array.isArray(yv)) {
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
          return yamlToPy(parseYaml(str(data), YAML_OPTS));
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
        return parseAllDocuments(str(data), YAML_OPTS).map((d) => {
          if ('errors' in d && d.errors.length)
            throw new TemplateRuntimeError(`from_yaml_all: ${d.errors[0]!.message}`);
          return yamlToPy(d.toJS({ mapAsMap: true }));
        });
      }),
    ],
    [
      'b64encode',
      pyfunc("string, encoding='utf-8'", (_c, s) => Buffer.from(str(s), 'utf8').toString('base64')),
    ],
    [
      'b64decode',
      pyfunc("string, encoding='utf-8'", (_c, s) =>
        decodeUtf8Replace(Buffer.from(str(s), 'base64')),
      ),
    ],
    [
      'combine',
      pyfunc('*terms, **kwargs', (_c, terms: PyValue[], kw: Map<string, PyValue>) => {
        const recursive = truthy(kw.get('recursive') ?? false);
        const listMerge = str(kw.get('list_merge') ?? 'replace');
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
        if (!Array.isArray(l))
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
              `items2dict requires each dictionary in the list to contain the keys '${str(kn)}' and '${str(vn)}', got ${pyStr(it)} instead.`,
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
            msg !== null ? str(msg) : `Mandatory variable ${name}not defined.`,
          );
        }
        return a;
      }),
    ],
    ['hash', pyfunc("data, hashtype='sha1'", (_c, data, ht) => hexDigest(str(ht), str(data)))],
    ['md5', pyfunc('data', (_c, data) => hexDigest('md5', str(data)))],
    ['sha1', pyfunc('data', (_c, data) => hexDigest('sha1', str(data)))],
    ['checksum', pyfunc('data', (_c, data) => hexDigest('sha1', str(data)))],
    [
      'to_uuid',
      pyfunc("string, namespace='361E6D51-FAEC-444A-9079-341386DA8E2E'", (_c, s, ns) =>
        uuid5(str(ns), str(s)),
      ),
    ],
    [
      'password_hash',
      pyfunc(
        "password, hashtype='sha512', salt=None, salt_size=None, rounds=None, ident=None",
        (_c, pw, ht, salt, saltSize, rounds, ident) =>
          passwordHash(
            str(pw),
            str(ht),
            salt === null ? null : str(salt),
            saltSize === null ? null : Number(saltSize),
            rounds === null ? null : Number(rounds),
            ident === null ? null : str(ident),
          ),
      ),
    ],
    ['type_debug', pyfunc('o', (_c, o) => typeName(resolve(o)))],
    [
      'split',
      pyfunc('string, separator=None, maxsplit=-1', (_c, s, sep, maxsplit) =>
        pySplit(str(s), sep === null ? null : str(sep), Number(maxsplit)),
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

const PASSLIB: Record<string, string> = {
  md5: 'md5_crypt',
  blowfish: 'bcrypt',
  sha256: 'sha256_crypt',
  sha512: 'sha512_crypt',
};

/** Ansible's get_encrypted_password through passlib (installed with Debian's ansible-core). */
function passwordHash(
  pw: string,
  type: string,
  salt: string | null,
  saltSize: number | null,
  rounds: number | null,
  ident: string | null,
): string {
  const algo = PASSLIB[type] ?? type;
  if (!CRYPT_ALGORITHMS[algo])
    throw new TemplateRuntimeError(
      `password_hash: hash type '${type}' is not supported by bosun (sha512, sha256, md5, blowfish)`,
    );
  try {
    return cryptPassword(
      pw,
      algo,
      salt ?? randomSalt(saltSize ?? CRYPT_ALGORITHMS[algo].saltSize),
      rounds,
      ident ?? undefined,
    );
  } catch (e) {
    throw new TemplateRuntimeError((e as Error).message);
  }
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

function decodeUtf8Replace(b: Buffer): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b);
}

const HASHES: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
  sha3_256: 'sha3-256',
  sha3_512: 'sha3-512',
};

export function hexDigest(type: string, data: string): string {
  const algo = HASHES[type];
  if (!algo)
    throw new TemplateRuntimeError(
      `hash: unsupported hash type (str of ${type.length} characters, not shown); one of ${Object.keys(HASHES).join(', ')}`,
    );
  return createHash(algo).update(data, 'utf8').digest('hex');
}

function uuid5(ns: string, name: string): string {
  const nsHex = ns.replace(/[{}-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(nsHex))
    throw new TemplateRuntimeError(
      `Invalid value '${ns}' for 'namespace': badly formed hexadecimal UUID string`,
    );
  const h = createHash('sha1').update(Buffer.from(nsHex, 'hex')).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Python's str.split(sep=None, maxsplit=-1). */
export function pySplit(s: string, sep: string | null, maxsplit: number): string[] {
  const out: string[] = [];
  if (sep === null) {
    const re =
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

export { tuple };
